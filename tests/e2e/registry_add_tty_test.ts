/**
 * The interactive `registry add` in a real terminal: hpm runs inside tmux, the test reads the
 * screen and types like a user. Local and git sources end to end (with answers refused as
 * typed), and Ctrl-C, which writes nothing. Skipped, saying why, only when tmux is missing.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, readOrNull } from "../support/hpm.ts";
import { Terminal, TMUX } from "../support/terminal.ts";
import { listDir } from "../support/project.ts";

if (!TMUX) {
  console.log(
    "registry_add_tty_test: tmux is not installed, so the interactive tests are skipped " +
      "(install it, e.g. 'apt-get install -y tmux', to run them)",
  );
}

async function seedWithF1(): Promise<string> {
  const dir = await copyFixture("seed-project");
  await Deno.mkdir(`${dir}/packages/metric_f1/src/metric_f1`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/packages/metric_f1/pyproject.toml`,
    '[project]\nname = "metric-f1"\nversion = "0.2.0"\nrequires-python = ">=3.11"\n',
  );
  return dir;
}

const backspaces = (n: number) => Array.from({ length: n }, () => "BSpace");

Deno.test({
  name: "tty: a local source, with a refused name and a missing path, written after confirming",
  ignore: !TMUX,
  async fn() {
    const dir = await seedWithF1();
    const term = await Terminal.start(dir, ["registry", "add"]);
    try {
      await term.answer(/\? Package name/, "../evil");
      await term.waitFor(/> '\.\.\/evil' is not a valid Python distribution name/);
      await term.press(...backspaces(7));
      await term.type("metric-f1");
      await term.press("Enter");
      await term.answer(/\? Source type\n❯ local/, "");
      await term.waitFor(/\? Path of the package/);
      await term.type("packages/nope");
      await term.waitFor(/❯ packages\/nope/);
      await term.press("Enter");
      await term.waitFor(/'packages\/nope' does not exist/);
      // The refused path stays on the line, to be fixed (as a refused text answer does).
      await term.waitFor(/Tab completes\) packages\/nope$/m);
      await term.press(...backspaces("nope".length));
      await term.type("metric_f1");
      await term.waitFor(/❯ packages\/metric_f1$/m);
      await term.press("Enter");
      await term.answer(/\? Version \(0\.2\.0\)/, ""); // offered from its pyproject.toml
      await term.answer(/\? Description/, "F1 score");
      await term.answer(/\? Install it editable/, "");
      await term.answer(/\? Extras to install with it/, "");
      await term.answer(/\? Environment marker/, "");
      await term.answer(/\? Mode of this source \(prod\)/, "");
      await term.waitFor(/\? Offer it as an option of a group\?\n❯ no group/);
      await term.press("Down", "Down");
      await term.waitFor(/❯ metrics \(M-of-N\)/);
      await term.press("Enter");
      const summary = await term.waitFor(/\? Write it\?/);
      assert.match(summary, /registry\/packages\/metric-f1\.yaml \(new\):\n {2}name: "metric-f1"/);
      assert.match(summary, /registry\/groups\/metrics\.yaml: adds it as an option/);
      await term.press("Enter");
      assert.equal(await term.exitCode(), 0, await term.screen());
    } finally {
      await term.close();
    }
    assert.equal(
      await Deno.readTextFile(`${dir}/registry/packages/metric-f1.yaml`),
      'name: "metric-f1"\nversion: "0.2.0"\ndescription: "F1 score"\nsources:\n  prod:\n' +
        '    type: "local"\n    path: "../../packages/metric_f1"\n    editable: true\n',
    );
    assert.match(
      await Deno.readTextFile(`${dir}/registry/groups/metrics.yaml`),
      /- name: "metric-f1"/,
    );
    const validate = await hpm(["registry", "validate"], { cwd: dir });
    assert.equal(validate.code, 0, validate.stderr);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "tty: text and Enter sent in one burst are taken at once, at every question",
  ignore: !TMUX,
  async fn() {
    const dir = await seedWithF1();
    const term = await Terminal.start(dir, ["registry", "add", "--yes"]);
    try {
      await term.waitFor(/\? Package name/);
      await term.typeEnter("metric-f1");
      await term.answer(/\? Source type\n❯ local/, "");
      await term.waitFor(/\? Path of the package/);
      // The path and Enter in one go: the bug left this prompt open, its list still filtering.
      await term.typeEnter("packages/metric_f1");
      await term.waitFor(/\? Version \(0\.2\.0\)/);
      await term.typeEnter("0.2.1");
      await term.waitFor(/\? Description/);
      await term.typeEnter("F1 score");
      await term.answer(/\? Install it editable/, "");
      await term.waitFor(/\? Extras to install with it/);
      await term.typeEnter("fast, Slow_X");
      await term.waitFor(/\? Environment marker/);
      await term.typeEnter(`sys_platform=="linux"`);
      await term.waitFor(/\? Mode of this source \(prod\)/);
      await term.typeEnter("dev");
      await term.waitFor(/\? Offer it as an option of a group\?\n❯ no group/);
      await term.press("Enter");
      assert.equal(await term.exitCode(), 0, await term.screen());
    } finally {
      await term.close();
    }
    const written = await Deno.readTextFile(`${dir}/registry/packages/metric-f1.yaml`);
    assert.match(written, /path: "\.\.\/\.\.\/packages\/metric_f1"/);
    assert.match(written, /version: "0\.2\.1"/);
    assert.match(written, /\n {2}dev:\n/);
    assert.match(written, /extras:\n {6}- "fast"\n {6}- "slow-x"\n/);
    assert.match(written, /marker: "sys_platform == 'linux'"/);
    await Deno.remove(dir, { recursive: true });
  },
});

/** What another writer does while the user answers: edit the group file, or create the manifest. */
const MEANWHILE: Array<[string, string, (dir: string) => Promise<void>]> = [
  ["the group file is edited", "registry/groups/metrics.yaml", async (dir) => {
    const file = `${dir}/registry/groups/metrics.yaml`;
    await Deno.writeTextFile(file, "# edited meanwhile\n" + await Deno.readTextFile(file));
  }],
  ["the new manifest is created", "registry/packages/metric-f1.yaml", async (dir) => {
    await Deno.writeTextFile(`${dir}/registry/packages/metric-f1.yaml`, "# theirs\n");
  }],
];

for (const [what, changed, meanwhile] of MEANWHILE) {
  Deno.test({
    name: `tty: ${what} by someone else while the user answered: nothing is written`,
    ignore: !TMUX,
    async fn() {
      const dir = await seedWithF1();
      const files = ["registry/groups/metrics.yaml", "registry/packages/metric-f1.yaml"];
      const term = await Terminal.start(dir, ["registry", "add"]);
      let after: Array<string | null> = [];
      try {
        await term.answer(/\? Package name/, "metric-f1");
        await term.answer(/\? Source type\n❯ local/, "");
        await term.waitFor(/\? Path of the package/);
        await term.type("packages/metric_f1");
        await term.waitFor(/❯ packages\/metric_f1$/m);
        await term.press("Enter");
        await term.answer(/\? Version \(0\.2\.0\)/, "");
        await term.answer(/\? Description/, "");
        await term.answer(/\? Install it editable/, "");
        await term.answer(/\? Extras to install with it/, "");
        await term.answer(/\? Environment marker/, "");
        await term.answer(/\? Mode of this source \(prod\)/, "");
        await term.waitFor(/\? Offer it as an option of a group\?\n❯ no group/);
        await term.press("Down", "Down");
        await term.waitFor(/❯ metrics \(M-of-N\)/);
        await term.press("Enter");
        await term.waitFor(/\? Write it\?/);
        await meanwhile(dir);
        after = await Promise.all(files.map((f) => readOrNull(`${dir}/${f}`)));
        await term.press("Enter");
        assert.equal(await term.exitCode(), 1, await term.screen());
        const screen = (await term.screen()).replace(/\s+/g, " ");
        assert.ok(
          screen.includes(
            `error: ${changed} changed while hpm was working on it; nothing was written`,
          ),
          screen,
        );
        assert.match(screen, /hint: run the command again/);
      } finally {
        await term.close();
      }
      // Both files exactly as the other writer left them.
      assert.deepEqual(await Promise.all(files.map((f) => readOrNull(`${dir}/${f}`))), after);
      await Deno.remove(dir, { recursive: true });
    },
  });
}

Deno.test({
  name: "tty: a git source with a refused URL and a tag, offered in a new group",
  ignore: !TMUX,
  async fn() {
    const dir = await copyFixture("seed-project");
    const term = await Terminal.start(dir, ["registry", "add"]);
    try {
      await term.answer(/\? Package name/, "vlm-adapter-llava");
      await term.waitFor(/\? Source type/);
      await term.press("Down");
      await term.waitFor(/❯ git/);
      await term.press("Enter");
      await term.answer(/\? Repository URL/, "git@github.com:org/llava.git");
      await term.waitFor(
        /write 'git@github\.com:org\/llava\.git' as a URL: 'ssh:\/\/git@github\.com\/org\/llava\.git'/,
      );
      await term.press(...backspaces("git@github.com:org/llava.git".length));
      await term.type("https://github.com/org/llava.git");
      await term.press("Enter");
      await term.answer(/\? Which revision\?\n❯ a tag/, "");
      await term.answer(/\? Tag/, "v0.3.0");
      await term.answer(/\? Subdirectory of the package in the repository/, "");
      await term.answer(/\? Version/, "0.3.0");
      await term.answer(/\? Description/, "");
      await term.answer(/\? Extras to install with it/, "");
      await term.answer(/\? Environment marker/, "");
      await term.answer(/\? Mode of this source/, "");
      await term.waitFor(/\? Offer it as an option of a group\?/);
      await term.press("Down", "Down", "Down");
      await term.waitFor(/❯ a new group/);
      await term.press("Enter");
      await term.answer(/\? Name of the new group/, "vision");
      await term.answer(/\? Strategy of the new group 'vision'\n❯ 1-of-N/, "");
      await term.answer(/\? Write it\?/, "y");
      assert.equal(await term.exitCode(), 0, await term.screen());
    } finally {
      await term.close();
    }
    assert.equal(
      await Deno.readTextFile(`${dir}/registry/packages/vlm-adapter-llava.yaml`),
      'name: "vlm-adapter-llava"\nversion: "0.3.0"\nsources:\n  prod:\n    type: "git"\n' +
        '    url: "https://github.com/org/llava.git"\n    tag: "v0.3.0"\n    ref: "v0.3.0"\n',
    );
    assert.equal(
      await Deno.readTextFile(`${dir}/registry/groups/vision.yaml`),
      'name: "vision"\nstrategy: "1-of-N"\noptions:\n  - name: "vlm-adapter-llava"\n',
    );
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "tty: Ctrl-C at a prompt, or at the final confirmation, writes nothing (exit 130)",
  ignore: !TMUX,
  async fn() {
    const dir = await copyFixture("seed-project");
    const before = await Promise.all([
      listDir(`${dir}/registry/packages`),
      listDir(`${dir}/registry/groups`),
      Deno.readTextFile(`${dir}/registry/groups/metrics.yaml`),
    ]);
    const early = await Terminal.start(dir, ["registry", "add"]);
    try {
      await early.answer(/\? Package name/, "tiny");
      await early.waitFor(/\? Source type/);
      await early.press("C-c");
      assert.equal(await early.exitCode(), 130);
      assert.match(await early.screen(), /interrupted at a prompt; nothing was written/);
    } finally {
      await early.close();
    }
    const late = await Terminal.start(dir, [
      "registry",
      "add",
      "--name",
      "tiny",
      "--group",
      "metrics",
    ]);
    try {
      await late.waitFor(/\? Source type/);
      await late.press("Down", "Down");
      await late.waitFor(/❯ index/);
      await late.press("Enter");
      await late.answer(/\? Version constraint/, "==1.0");
      await late.answer(/\? Index URL/, "");
      await late.answer(/\? Version \(optional: the lock or the tag tells it\) \(1\.0\)/, "");
      await late.answer(/\? Description/, "");
      await late.answer(/\? Extras to install with it/, "");
      await late.answer(/\? Environment marker/, "");
      await late.answer(/\? Mode of this source/, "");
      await late.waitFor(/\? Write it\?/);
      await late.press("C-c");
      assert.equal(await late.exitCode(), 130);
    } finally {
      await late.close();
    }
    assert.deepEqual(
      await Promise.all([
        listDir(`${dir}/registry/packages`),
        listDir(`${dir}/registry/groups`),
        Deno.readTextFile(`${dir}/registry/groups/metrics.yaml`),
      ]),
      before,
    );
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "tty: registry add-group asks name, strategy, description, options (checkboxes), default",
  ignore: !TMUX,
  async fn() {
    const dir = await copyFixture("seed-project");
    const term = await Terminal.start(dir, ["registry", "add-group"]);
    try {
      await term.answer(/\? Group name/, "inference");
      await term.waitFor(/group 'inference' exists; pass --force to replace it/);
      await term.press(...backspaces("inference".length));
      await term.type("judges");
      await term.press("Enter");
      await term.waitFor(/\? Strategy\n❯ 1-of-N/);
      await term.press("Down");
      await term.waitFor(/❯ M-of-N/);
      await term.press("Enter");
      await term.answer(/\? Description/, "Graders");
      await term.waitFor(/\? Options/);
      await term.press("Enter"); // nothing checked yet: refused
      await term.waitFor(/select at least one package/);
      await term.press("Space", "Down", "Space");
      await term.waitFor(/◉ metric-latency/);
      await term.press("Enter");
      await term.waitFor(/\? Default options/);
      await term.press("Space", "Enter");
      await term.answer(/\? Least options/, "1");
      await term.answer(/\? Most options/, "");
      await term.answer(/\? Write it\?/, "");
      assert.equal(await term.exitCode(), 0, await term.screen());
    } finally {
      await term.close();
    }
    assert.equal(
      await Deno.readTextFile(`${dir}/registry/groups/judges.yaml`),
      [
        'name: "judges"',
        'strategy: "M-of-N"',
        'description: "Graders"',
        "options:",
        '  - name: "metric-accuracy"',
        '    description: "The accuracy metric"',
        '  - name: "metric-latency"',
        '    description: "The latency metric"',
        'default: ["metric-accuracy"]',
        "min: 1",
        "",
      ].join("\n"),
    );
    const validate = await hpm(["registry", "validate"], { cwd: dir });
    assert.equal(validate.code, 0, validate.stderr);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "tty: with --json nothing is asked even in a terminal: a missing answer is the error",
  ignore: !TMUX,
  async fn() {
    const dir = await copyFixture("seed-project");
    for (const args of [["registry", "add", "--name", "x"], ["registry", "add-group", "g"]]) {
      const term = await Terminal.start(dir, [...args, "--json"]);
      try {
        assert.equal(await term.exitCode(), 2, await term.screen());
        const screen = (await term.screen()).replace(/\s+/g, "");
        assert.match(screen, /"code":"input-required"/);
        assert.doesNotMatch(screen, /\?/);
      } finally {
        await term.close();
      }
    }
    await Deno.remove(dir, { recursive: true });
  },
});
