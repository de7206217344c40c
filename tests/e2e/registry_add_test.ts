/**
 * `registry add`, `registry add-group` and `registry remove` from flags (no terminal): what they
 * write, that `registry validate` accepts it and `group add` + `sync` install it, refusals
 * (duplicates, path-like names, packages in use), and that a missing answer never waits.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, readOrNull, removing, REPO, testEnv } from "../support/hpm.ts";
import { listDir, venvPython } from "../support/project.ts";

/** A seed-project copy with one more local package, `packages/metric_f1` (version 0.2.0). */
async function seedWithF1(): Promise<string> {
  const dir = await copyFixture("seed-project");
  await Deno.mkdir(`${dir}/packages/metric_f1/src/metric_f1`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/packages/metric_f1/pyproject.toml`,
    [
      "[project]",
      'name = "metric-f1"',
      'version = "0.2.0"',
      'requires-python = ">=3.11"',
      "dependencies = []",
      "",
      "[build-system]",
      'requires = ["uv_build>=0.13.0,<0.14.0"]',
      'build-backend = "uv_build"',
      "",
    ].join("\n"),
  );
  await Deno.writeTextFile(
    `${dir}/packages/metric_f1/src/metric_f1/__init__.py`,
    'def describe() -> str:\n    return "metric-f1 ready"\n',
  );
  return dir;
}

Deno.test("registry add --group: written, valid, selectable with group add, installed by sync", async () => {
  const dir = await seedWithF1();
  await using _dir = removing(dir);
  const add = await hpm([
    "registry",
    "add",
    "--name",
    "metric-f1",
    "--type",
    "local",
    "--path",
    "packages/metric_f1",
    "--description",
    "F1 score",
    "--group",
    "metrics",
  ], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  assert.equal(add.stdout, "");
  assert.match(
    add.stderr,
    /added metric-f1 in registry\/packages\/metric-f1\.yaml: 'prod' source local \.\.\/\.\.\/packages\/metric_f1 \(editable\)/,
  );
  assert.match(add.stderr, /group 'metrics' now offers 'metric-f1'/);
  assert.equal(
    await Deno.readTextFile(`${dir}/registry/packages/metric-f1.yaml`),
    [
      'name: "metric-f1"',
      'version: "0.2.0"', // from packages/metric_f1/pyproject.toml
      'description: "F1 score"',
      "sources:",
      "  prod:",
      '    type: "local"',
      '    path: "../../packages/metric_f1"',
      "    editable: true",
      "",
    ].join("\n"),
  );
  assert.equal(
    await Deno.readTextFile(`${dir}/registry/groups/metrics.yaml`),
    await Deno.readTextFile(`${REPO}/registry-fixtures/seed-project/registry/groups/metrics.yaml`)
      .then((text) => text.replace("default:", '  - name: "metric-f1"\ndefault:')),
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /2 groups, 5 packages, no errors/);

  const select = await hpm(["group", "add", "metrics", "-o", "metric-f1"], { cwd: dir });
  assert.equal(select.code, 0, select.stderr);
  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  assert.equal(
    await venvPython(dir, "import metric_f1; print(metric_f1.describe())"),
    "metric-f1 ready",
  );
});

Deno.test("without a terminal, or with --no-input, a missing answer is exit 2 at once", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  for (const extra of [[], ["--no-input"], ["--json"]]) {
    const result = await hpm(["registry", "add", "--name", "x", "--type", "git", ...extra], {
      cwd: dir,
    });
    assert.equal(result.code, 2, result.stderr);
    if (extra[0] === "--json") {
      const error = JSON.parse(result.stdout).error;
      assert.equal(error.code, "input-required");
      assert.deepEqual(error.missing, ["--url", "--version"]);
    } else {
      assert.match(
        result.stderr,
        /error: 'hpm registry add' needs --url, --version \(nothing is asked without a terminal or with --no-input\)/,
      );
      // The example is the command given, completed: copy, fill in, run.
      assert.match(
        result.stderr,
        /hint: pass them as flags, e\.g\. 'hpm registry add --name x --type git --url URL --version VERSION'\n/,
      );
    }
  }
  // stdin open but not a terminal, and never written to: it still must not wait.
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${REPO}/main.ts`, "registry", "add"],
    cwd: dir,
    env: testEnv(),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const output = await child.output();
  clearTimeout(timer);
  assert.equal(output.code, 2, "hpm waited for input that cannot come");
  assert.match(new TextDecoder().decode(output.stderr), /needs --name, --type/);
  assert.deepEqual(await listDir(`${dir}/registry/packages`), [
    "metric-accuracy.yaml",
    "metric-latency.yaml",
    "vlm-adapter-deepseek.yaml",
    "vlm-adapter-qwen.yaml",
  ]);
});

Deno.test("duplicates are refused; --force replaces; a new --mode adds a source and keeps the rest", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const file = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
  const before = await Deno.readTextFile(file);
  const git = ["--type", "git", "--url", "https://github.com/org/qwen.git", "--tag", "v0.2.0"];
  const dup = await hpm(["registry", "add", "--name", "vlm-adapter-qwen", ...git], { cwd: dir });
  assert.equal(dup.code, 2);
  assert.match(
    dup.stderr,
    /error: 'vlm-adapter-qwen' already has a 'prod' source\nhint: pass --mode MODE/,
  );
  assert.equal(await Deno.readTextFile(file), before);

  const dev = await hpm(
    ["registry", "add", "--name", "vlm-adapter-qwen", "--mode", "dev", ...git],
    {
      cwd: dir,
    },
  );
  assert.equal(dev.code, 0, dev.stderr);
  // The next step names the group that already offers it.
  assert.equal(
    dev.stderr,
    "✔ updated vlm-adapter-qwen in registry/packages/vlm-adapter-qwen.yaml: 'dev' source git " +
      "https://github.com/org/qwen.git at tag v0.2.0\n" +
      "next: 'hpm group add inference --option vlm-adapter-qwen', then 'hpm sync'\n",
  );
  const withDev = before +
    '  dev:\n    type: "git"\n    url: "https://github.com/org/qwen.git"\n    tag: "v0.2.0"\n' +
    '    ref: "v0.2.0"\n'; // the same revision as `ref`, for the original hpm
  assert.equal(await Deno.readTextFile(file), withDev);

  const again = await hpm([
    "registry",
    "add",
    "--name",
    "vlm-adapter-qwen",
    "--mode",
    "dev",
    ...git,
  ], {
    cwd: dir,
  });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /invalid --name: 'vlm-adapter-qwen' already has a 'dev' source/);

  const forced = await hpm([
    "registry",
    "add",
    "--name",
    "vlm-adapter-qwen",
    "--mode",
    "dev",
    "--type",
    "index",
    "--constraint",
    "==0.1.0",
    "--force",
    "--json",
  ], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  const json = JSON.parse(forced.stdout);
  assert.deepEqual(json, {
    ok: true,
    dryRun: false,
    file,
    created: false,
    mode: "dev",
    package: {
      name: "vlm-adapter-qwen",
      version: "0.1.0",
      description: null,
      sources: {
        prod: { type: "local", path: "../../packages/vlm_adapter", editable: true },
        dev: { type: "index", version: "==0.1.0" },
      },
    },
    group: null,
    // The groups that offered it already (the text's next step names the first).
    offeredBy: ["inference"],
  });
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
});

Deno.test("names that could leave the registry are refused; nothing is written anywhere", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const before = await listDir(`${dir}/registry/packages`);
  for (const name of ["../x", "/tmp/x", "../../pyproject", "a/b", "..", "x.yaml/"]) {
    const result = await hpm(
      ["registry", "add", "--name", name, "--type", "index", "--version", "1.0"],
      { cwd: dir },
    );
    assert.equal(result.code, 2, name);
    assert.match(
      result.stderr,
      /error: invalid --name: '.*' is not a valid Python distribution name/,
    );
  }
  assert.deepEqual(await listDir(`${dir}/registry/packages`), before);
  assert.deepEqual(await listDir(`${dir}/registry`), ["groups", "packages"]);
  assert.equal(await readOrNull(`${dir}/pyproject.toml.yaml`), null);
});

Deno.test("relative paths are taken from the working directory; git and url sources from flags", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const local = await hpm(
    [
      "registry",
      "add",
      "--name",
      "vlm-adapter-qwen2",
      "--type",
      "local",
      "--path",
      "vlm_adapter",
      "--version",
      "2.0",
      "--no-editable",
    ],
    { cwd: `${dir}/packages` },
  );
  // The directory holds the project 'vlm-adapter-qwen': a different name is refused.
  assert.equal(local.code, 2);
  assert.match(
    local.stderr,
    /'vlm_adapter' holds the Python project 'vlm-adapter-qwen', not 'vlm-adapter-qwen2'/,
  );

  const git = await hpm([
    "registry",
    "add",
    "--name",
    "vlm-adapter-llava",
    "--type",
    "git",
    "--url",
    "https://github.com/org/llava.git",
    "--ref",
    "0123abc",
    "--subdirectory",
    "python/",
    "--version",
    "0.3.0",
    "--group",
    "vision",
    "--strategy",
    "1-of-N",
  ], { cwd: `${dir}/packages` });
  assert.equal(git.code, 0, git.stderr);
  assert.equal(
    await Deno.readTextFile(`${dir}/registry/packages/vlm-adapter-llava.yaml`),
    [
      'name: "vlm-adapter-llava"',
      'version: "0.3.0"',
      "sources:",
      "  prod:",
      '    type: "git"',
      '    url: "https://github.com/org/llava.git"',
      '    rev: "0123abc"',
      '    ref: "0123abc"',
      '    subdirectory: "python"',
      "",
    ].join("\n"),
  );
  assert.equal(
    await Deno.readTextFile(`${dir}/registry/groups/vision.yaml`),
    'name: "vision"\nstrategy: "1-of-N"\noptions:\n  - name: "vlm-adapter-llava"\n',
  );
  const url = await hpm([
    "registry",
    "add",
    "--name",
    "tiny-archive",
    "--type",
    "url",
    "--url",
    "https://files.example.org/tiny-1.0.tar.gz",
    "--version",
    "1.0",
  ], { cwd: dir });
  assert.equal(url.code, 0, url.stderr);
  const validate = await hpm(["registry", "validate", "--json"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stdout);
  assert.equal(JSON.parse(validate.stdout).packages, 6);
});

Deno.test("registry add-group from flags; an existing group is refused without --force", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const args = [
    "registry",
    "add-group",
    "adapters",
    "--strategy",
    "M-of-N",
    "-o",
    "vlm-adapter-qwen",
    "-o",
    "vlm-adapter-deepseek",
    "--default",
    "vlm-adapter-qwen",
    "--max",
    "2",
    "--description",
    "Every adapter",
  ];
  const add = await hpm([...args, "--json"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  assert.deepEqual(JSON.parse(add.stdout), {
    ok: true,
    dryRun: false,
    file: `${dir}/registry/groups/adapters.yaml`,
    created: true,
    group: {
      name: "adapters",
      strategy: "M-of-N",
      description: "Every adapter",
      options: ["vlm-adapter-qwen", "vlm-adapter-deepseek"],
      default: ["vlm-adapter-qwen"],
      min: null,
      max: 2,
    },
  });
  assert.equal(
    await Deno.readTextFile(`${dir}/registry/groups/adapters.yaml`),
    [
      'name: "adapters"',
      'strategy: "M-of-N"',
      'description: "Every adapter"',
      "options:",
      '  - name: "vlm-adapter-qwen"',
      '  - name: "vlm-adapter-deepseek"',
      '    description: "DeepSeek-VL adapter"',
      'default: ["vlm-adapter-qwen"]',
      "max: 2",
      "",
    ].join("\n"),
  );
  const again = await hpm(args, { cwd: dir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /invalid NAME: group 'adapters' exists; pass --force to replace it/);
  const forced = await hpm([...args, "--force"], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /replaced group adapters \(M-of-N\)/);
  const missing = await hpm(["registry", "add-group", "x"], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /'hpm registry add-group' needs --strategy, --option/);
  const select = await hpm(["group", "add", "adapters"], { cwd: dir });
  assert.equal(select.code, 0, select.stderr); // the default applies
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /adapters = \["vlm-adapter-qwen"\]/,
  );
});

Deno.test("registry remove: refused while offered or selected, naming which; --force removes", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  const file = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
  const refused = await hpm(["registry", "remove", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /error: 'vlm-adapter-qwen' is still in use: group 'inference' offers it; the project selects it in group 'inference' \(pyproject\.toml\)\nhint: first 'hpm group remove inference --option vlm-adapter-qwen', then 'hpm registry withdraw inference vlm-adapter-qwen'; or pass --force/,
  );
  assert.notEqual(await readOrNull(file), null);
  const json = await hpm(["registry", "remove", "vlm-adapter-qwen", "--json"], { cwd: dir });
  assert.equal(json.code, 2);
  assert.deepEqual(JSON.parse(json.stdout).error.offeredBy, ["inference"]);

  const unknown = await hpm(["registry", "remove", "vlm-adapter-qwn"], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /no package 'vlm-adapter-qwn' in the registry .*\nhint: did you mean 'vlm-adapter-qwen'\?/,
  );

  const forced = await hpm(["registry", "remove", "vlm-adapter-qwen", "--force"], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /removed 'vlm-adapter-qwen'.*\n.*warning: removed while in use/);
  assert.equal(await readOrNull(file), null);

  // A package nobody offers or selects goes without --force.
  const free = await hpm([
    "registry",
    "add",
    "--name",
    "lonely",
    "--type",
    "index",
    "--version",
    "1.0",
  ], { cwd: dir });
  assert.equal(free.code, 0, free.stderr);
  const removed = await hpm(["registry", "remove", "lonely", "--json"], { cwd: dir });
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(JSON.parse(removed.stdout), {
    ok: true,
    dryRun: false,
    name: "lonely",
    file: `${dir}/registry/packages/lonely.yaml`,
    removed: true,
    offeredBy: [],
    selectedIn: [],
    impliedBy: [],
  });
});
