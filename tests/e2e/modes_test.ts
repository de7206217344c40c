/** Named modes: a git tag for prod, an editable checkout for dev, per-package overrides. */
import assert from "node:assert/strict";
import { hpm, removing } from "../support/hpm.ts";
import { projectWithModes } from "../support/modes.ts";
import { fileState, venvPython } from "../support/project.ts";
import { lockProject } from "../../src/fs/project_lock.ts";

const DESCRIBE = "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())";

Deno.test("prod installs the git tag; --mode dev swaps to the editable checkout, edits show at once", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const prod = await hpm(["sync"], { cwd: dir });
  assert.equal(prod.code, 0, prod.stderr);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    new RegExp(`vlm-adapter-qwen = \\{ git = "file://${repo}", tag = "v0\\.1\\.0" \\}`),
  );
  assert.equal(await venvPython(dir, DESCRIBE), "released v0.1.0");

  const dev = await hpm(["sync", "--mode", "dev"], { cwd: dir });
  assert.equal(dev.code, 0, dev.stderr);
  assert.match(
    dev.stderr,
    /~ inference = vlm-adapter-qwen \(dev: local packages\/vlm_adapter \(editable\)\)/,
  );
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /vlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}/,
  );
  assert.equal(await venvPython(dir, DESCRIBE), "vlm-adapter-qwen ready");
  // An edit to the dev checkout shows without a new sync.
  await Deno.writeTextFile(
    `${dir}/packages/vlm_adapter/src/vlm_adapter_qwen/__init__.py`,
    'def describe() -> str:\n    return "edited in place"\n',
  );
  assert.equal(await venvPython(dir, DESCRIBE), "edited in place");

  // Back to prod by default.
  const back = await hpm(["sync"], { cwd: dir });
  assert.equal(back.code, 0, back.stderr);
  assert.equal(await venvPython(dir, DESCRIBE), "released v0.1.0");
  await Deno.remove(repo, { recursive: true });
});

Deno.test("[tool.hpm.modes] overrides one package; [tool.hpm] mode sets the default", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const pyproject = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    pyproject,
    (await Deno.readTextFile(pyproject)) + '\n[tool.hpm.modes]\nvlm-adapter-qwen = "dev"\n',
  );
  const dry = await hpm(["sync", "--dry-run", "--json"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  const entry = JSON.parse(dry.stdout).entries[0];
  assert.equal(entry.mode, "dev");
  assert.deepEqual(entry.source, { path: "packages/vlm_adapter", editable: true });
  // --mode wins over the per-package override: one flag swaps every source.
  const flag = JSON.parse(
    (await hpm(["sync", "-n", "--json", "--mode", "prod"], { cwd: dir })).stdout,
  );
  assert.equal(flag.entries[0].mode, "prod");
  assert.deepEqual(flag.entries[0].source, { git: `file://${repo}`, tag: "v0.1.0" });
  await Deno.remove(repo, { recursive: true });
});

Deno.test("a package without a source for the mode falls back to prod, and the output says so", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const before = await fileState(dir);
  const text = await hpm(["sync", "--mode", "staging", "--dry-run"], { cwd: dir });
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stderr,
    /^mode staging: 1 package has no staging source and uses prod: vlm-adapter-qwen$/m,
  );
  assert.match(text.stdout, new RegExp(`\\+vlm-adapter-qwen = \\{ git = "file://${repo}"`));
  for (const command of [["sync", "-n"], ["check"], ["status"]]) {
    const result = await hpm([...command, "--mode", "staging", "--json"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const [entry] = JSON.parse(result.stdout).entries;
    assert.deepEqual(
      [entry.mode, entry.modeFrom, entry.fellBackFrom],
      ["prod", "flag", "staging"],
      command.join(" "),
    );
  }
  const all = await hpm(["check", "--all", "--mode", "staging", "--json"], { cwd: dir });
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(
    JSON.parse(all.stdout).fallbacks.map((f: Record<string, string>) => [f.option, f.fellBackFrom]),
    [["vlm-adapter-qwen", "staging"], ["vlm-adapter-deepseek", "staging"]],
  );
  // A mode the package has does not fall back.
  const dev = JSON.parse(
    (await hpm(["sync", "-n", "--mode", "dev", "--json"], { cwd: dir })).stdout,
  );
  assert.equal(dev.entries[0].fellBackFrom, null);
  assert.deepEqual(await fileState(dir), before);
  await Deno.remove(repo, { recursive: true });
});

Deno.test("strict modes (--strict-modes or [tool.hpm] strict-modes = true): no fallback, an error", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const before = await fileState(dir);
  for (const command of [["sync", "--mode", "staging"], ["check", "--mode", "staging"]]) {
    const result = await hpm([...command, "--strict-modes"], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /vlm-adapter-qwen\.yaml:\d+:\d+: error: package 'vlm-adapter-qwen' \(group 'inference'\) has no source for mode 'staging' \(it has: prod, dev\), and strict modes keep it from falling back to prod/,
    );
    assert.match(result.stderr, /drop --strict-modes/);
    assert.match(result.stderr, /error: 1 problem to fix first; nothing was changed/);
  }
  // status never writes, so it does not say it changed nothing.
  const status = await hpm(["status", "--mode", "staging", "--strict-modes"], { cwd: dir });
  assert.equal(status.code, 2, status.stderr);
  assert.match(status.stderr, /\nerror: 1 problem to fix first\nhint: /);
  assert.deepEqual(await fileState(dir), before);

  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.hpm]\nmode = "staging"\nstrict-modes = true\n',
  );
  const setting = await hpm(["sync", "-n"], { cwd: dir });
  assert.equal(setting.code, 2, setting.stderr);
  assert.match(setting.stderr, /strict modes keep it from falling back to prod/);
  assert.match(setting.stderr, /\[tool\.hpm\] strict-modes = false/);
  // A bad value is a located warning, and the default (fallback) applies.
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)).replace("strict-modes = true", 'strict-modes = "yes"'),
  );
  const bad = await hpm(["sync", "-n"], { cwd: dir });
  assert.equal(bad.code, 0, bad.stderr);
  assert.match(
    bad.stderr,
    /pyproject\.toml:\d+:1: warning: \[tool\.hpm\] strict-modes must be true or false, not "yes"/,
  );
  assert.match(bad.stderr, /mode staging: 1 package has no staging source and uses prod/);
  await Deno.remove(repo, { recursive: true });
});

Deno.test("neither the mode nor prod: an error naming package, mode and modes, with a hint", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const manifest = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
  const text = await Deno.readTextFile(manifest);
  await Deno.writeTextFile(manifest, text.replace("  prod:", "  release:"));
  const before = await fileState(dir);
  const result = await hpm(["sync", "--mode", "staging"], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /error: package 'vlm-adapter-qwen' \(group 'inference'\) has no source for mode 'staging' \(it has: release, dev\), nor one for prod to fall back to\n {2}hint: add a 'staging' source to .*vlm-adapter-qwen\.yaml, or use --mode release/,
  );
  const plain = await hpm(["check"], { cwd: dir });
  assert.equal(plain.code, 2, plain.stderr);
  assert.match(plain.stderr, /has no source for mode 'prod' \(it has: release, dev\)\n/);
  assert.match(plain.stderr, /'hpm mode set vlm-adapter-qwen release'/);
  assert.deepEqual(await fileState(dir), before);
  await Deno.remove(repo, { recursive: true });
});

Deno.test("[tool.hpm.modes] names a package however the user spells it (normalized)", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.hpm.modes]\nVlm_Adapter_Qwen = "dev"\n',
  );
  const dry = await hpm(["sync", "--dry-run"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    /\+vlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}/,
  );
  assert.doesNotMatch(dry.stderr, /warning/);
  await Deno.remove(repo, { recursive: true });
});

/** Gives deepseek a `staging` source, so that mode exists in the registry (qwen lacks it). */
async function offerStaging(dir: string): Promise<void> {
  const file = `${dir}/registry/packages/vlm-adapter-deepseek.yaml`;
  const text = await Deno.readTextFile(file);
  const prod = text.slice(text.indexOf("  prod:"));
  await Deno.writeTextFile(file, text + prod.replace("  prod:", "  staging:"));
}

Deno.test("hpm mode set/list/clear: [tool.hpm.modes] edited in place, validated, bytes given back", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  const original = await Deno.readTextFile(path);
  const json = async (...args: string[]) => {
    const result = await hpm([...args, "--json"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };
  const listed = await json("mode", "list");
  assert.deepEqual(
    listed.packages.map((p: Record<string, unknown>) => [p.option, p.mode, p.modeFrom, p.modes]),
    [["vlm-adapter-qwen", "prod", "default", ["prod", "dev"]]],
  );

  const dry = await hpm(["mode", "set", "Vlm_Adapter_Qwen", "dev", "--dry-run"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^\+\[tool\.hpm\.modes\]\n\+vlm-adapter-qwen = "dev"$/m);
  assert.match(dry.stderr, /dry run: nothing was written/);
  assert.equal(await Deno.readTextFile(path), original);

  const set = await json("mode", "set", "Vlm_Adapter_Qwen", "dev");
  assert.deepEqual([set.key, set.mode, set.previous, set.changed, set.fallsBackTo], [
    "vlm-adapter-qwen",
    "dev",
    null,
    true,
    null,
  ]);
  assert.equal(
    await Deno.readTextFile(path),
    original + '\n[tool.hpm.modes]\nvlm-adapter-qwen = "dev"\n',
  );
  const text = await hpm(["mode", "list"], { cwd: dir });
  assert.match(text.stdout, /^inference = vlm-adapter-qwen {2}dev {2}\[tool\.hpm\.modes\]$/m);
  const flag = await hpm(["mode", "list", "--mode", "staging"], { cwd: dir });
  assert.match(
    flag.stdout,
    /^inference = vlm-adapter-qwen {2}prod {2}fallback: no staging source \(staging from --mode\)$/m,
  );
  const show = await hpm(["show", "inference"], { cwd: dir });
  assert.match(
    show.stdout,
    /^ {6}dev: local \.\.\/\.\.\/packages\/vlm_adapter \(editable\) {2}\(in use\)$/m,
  );
  const planned = await json("sync", "-n");
  assert.deepEqual([planned.entries[0].mode, planned.entries[0].modeFrom], ["dev", "package"]);

  // A mode no package has is a typo, refused with a guess; nothing written.
  const typo = await hpm(["mode", "set", "vlm-adapter-qwen", "dve"], { cwd: dir });
  assert.equal(typo.code, 2, typo.stderr);
  assert.match(
    typo.stderr,
    /error: no package in the registry has a source for mode 'dve'\nhint: did you mean 'dev'\? the registry's modes: dev, prod; 'vlm-adapter-qwen' has: prod, dev/,
  );

  // A mode the package lacks (another package has it) falls back to prod, and set says so.
  await offerStaging(dir);
  const staging = await hpm(["mode", "set", "vlm-adapter-qwen", "staging"], { cwd: dir });
  assert.equal(staging.code, 0, staging.stderr);
  assert.match(staging.stderr, /mode staging in \[tool\.hpm\.modes\] \(was dev\)/);
  assert.match(
    staging.stderr,
    /warning: 'vlm-adapter-qwen' has no 'staging' source, so it uses its prod source/,
  );

  const shown = await json("show", "inference");
  assert.deepEqual(shown.group.options[0].mode, {
    mode: "prod",
    modeFrom: "package",
    fellBackFrom: "staging",
    available: true,
  });
  assert.equal(shown.group.options[1].mode, null);
  const cleared = await json("mode", "clear", "VLM_ADAPTER_QWEN");
  assert.deepEqual(cleared.cleared, [{ key: "vlm-adapter-qwen", mode: "staging" }]);
  assert.equal(await Deno.readTextFile(path), original);

  const missing = await hpm(["mode", "clear", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /error: \[tool\.hpm\.modes\] has no entry for 'vlm-adapter-qwen'/);
  const neither = await hpm(["mode", "clear"], { cwd: dir });
  assert.equal(neither.code, 2);
  assert.match(neither.stderr, /error: 'hpm mode clear' needs PACKAGE or --all/);
  const unknown = await hpm(["mode", "set", "vlm-adapter-qwn", "dev"], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /error: no package 'vlm-adapter-qwn' in the registry\nhint: did you mean 'vlm-adapter-qwen'\?/,
  );
  assert.equal(await Deno.readTextFile(path), original);
  await Deno.remove(repo, { recursive: true });
});

Deno.test("hpm mode set keeps the user's key, comments and order; clear --all; strict and no prod refuse", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  const handWritten = (await Deno.readTextFile(path)) +
    '\n[tool.hpm.modes]\n# checkouts\nVlm_Adapter_Qwen = "prod"  # pinned\nvlm-adapter-deepseek = "dev"\n';
  await Deno.writeTextFile(path, handWritten);
  const set = await hpm(["mode", "set", "vlm-adapter-qwen", "dev"], { cwd: dir });
  assert.equal(set.code, 0, set.stderr);
  assert.equal(
    await Deno.readTextFile(path),
    handWritten.replace('Vlm_Adapter_Qwen = "prod"', 'Vlm_Adapter_Qwen = "dev"'),
  );
  const again = await hpm(["mode", "set", "vlm-adapter-qwen", "dev", "--json"], { cwd: dir });
  assert.equal(JSON.parse(again.stdout).changed, false);
  const list = await hpm(["mode", "list"], { cwd: dir });
  assert.match(list.stdout, /for packages not selected: vlm-adapter-deepseek = dev/);

  const all = await hpm(["mode", "clear", "--all", "--json"], { cwd: dir });
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(JSON.parse(all.stdout).cleared.map((c: { key: string }) => c.key), [
    "Vlm_Adapter_Qwen",
    "vlm-adapter-deepseek",
  ]);
  // The table had a comment of the user's: it stays, with the comment.
  assert.match(await Deno.readTextFile(path), /\[tool\.hpm\.modes\]\n# checkouts\n$/);

  // Under strict modes a mode the package lacks is refused; so is one without prod to fall to.
  await Deno.writeTextFile(path, handWritten + "\n[tool.hpm]\nstrict-modes = true\n");
  await offerStaging(dir);
  const before = await fileState(dir);
  const strict = await hpm(["mode", "set", "vlm-adapter-qwen", "staging"], { cwd: dir });
  assert.equal(strict.code, 2, strict.stderr);
  assert.match(
    strict.stderr,
    /error: package 'vlm-adapter-qwen' has no source for mode 'staging' \(it has: prod, dev\), and \[tool\.hpm\] strict-modes = true keeps it from falling back to prod\nhint: choose one of its modes \(prod, dev\)/,
  );
  const manifest = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
  await Deno.writeTextFile(
    manifest,
    (await Deno.readTextFile(manifest)).replace("  prod:", "  release:"),
  );
  const noProd = await hpm(["mode", "set", "vlm-adapter-qwen", "staging"], { cwd: dir });
  assert.equal(noProd.code, 2, noProd.stderr);
  assert.match(noProd.stderr, /\(it has: release, dev\), nor one for prod to fall back to/);
  assert.equal(await Deno.readTextFile(path), before["pyproject.toml"]);
  await Deno.remove(repo, { recursive: true });
});

Deno.test("hpm mode set waits for the project's lock like group add; --help tells its arguments", async () => {
  const { dir, repo } = await projectWithModes();
  const before = await Deno.readTextFile(`${dir}/pyproject.toml`);
  const lock = await lockProject(dir, "hpm sync", 0);
  try {
    const refused = await hpm(["mode", "set", "vlm-adapter-qwen", "dev", "--wait", "0"], {
      cwd: dir,
    });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /error: another hpm \(pid \d+, hpm sync\) is changing /);
    assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), before);
  } finally {
    lock.release();
  }
  const help = await hpm(["mode", "set", "--help"], { cwd: dir });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: hpm mode set PACKAGE MODE \[options\]$/m);
  const group = await hpm(["mode", "--help"], { cwd: dir });
  assert.match(group.stdout, /mode list .*\n.*mode set .*\n.*mode clear /);
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(repo, { recursive: true });
});

Deno.test("group add says when what it selects will fall back to prod, or be refused", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(path, '[tool.hpm]\nmode = "dev"\n\n' + await Deno.readTextFile(path));
  const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-deepseek"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  assert.match(
    add.stderr,
    /^mode dev: 1 package has no dev source and uses prod: vlm-adapter-deepseek$/m,
  );
  const qwen = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(qwen.code, 0, qwen.stderr);
  assert.doesNotMatch(qwen.stderr, /no dev source/);
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)).replace('mode = "dev"', 'mode = "dev"\nstrict-modes = true'),
  );
  const strict = await hpm(["group", "add", "inference", "-o", "vlm-adapter-deepseek"], {
    cwd: dir,
  });
  assert.equal(strict.code, 0, strict.stderr);
  assert.match(
    strict.stderr,
    /warning: package 'vlm-adapter-deepseek' \(group 'inference'\) has no source for mode 'dev' \(it has: prod\), and strict modes keep it from falling back to prod; sync and check will refuse it in that mode/,
  );
  await Deno.remove(repo, { recursive: true });
});
