/**
 * A registry holding files exactly as the original hpm writes them (tests/unit/fixtures/
 * original-hpm/README.md): a `!!python/object` manifest from its `registry add`, and its
 * specification's manifest with `install_args`. Everything works, with one warning each.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, REPO } from "../support/hpm.ts";
import { fileState } from "../support/project.ts";

const ORIGINAL = `${REPO}/tests/unit/fixtures/original-hpm`;

async function originalRegistry(): Promise<string> {
  const dir = await copyFixture("seed-project");
  const packages = `${dir}/registry/packages`;
  // Its `registry add -t local -u ../../packages/vlm_adapter_deepseek`: the seed's checkout.
  await Deno.copyFile(
    `${ORIGINAL}/registry-add-local.yaml`,
    `${packages}/vlm-adapter-deepseek.yaml`,
  );
  await Deno.copyFile(`${ORIGINAL}/spec-manifest.yaml`, `${packages}/vlm-adapter-qwen.yaml`);
  // The specification's dev path, `../packages/qwen_adapter` from the manifest's directory: made
  // to exist so that the only warnings are the two this test is about.
  await Deno.mkdir(`${packages}/qwen_adapter`);
  return dir;
}

const warnings = (stderr: string) => stderr.split("\n").filter((line) => /warning: /.test(line));

Deno.test("original hpm files: group add of another option works, with one warning each", async () => {
  const dir = await originalRegistry();
  await using _dir = removing(dir);
  const add = await hpm(["group", "add", "metrics", "-o", "metric-accuracy"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  assert.deepEqual(warnings(add.stderr), [
    "registry/packages/vlm-adapter-deepseek.yaml:2:1: warning: written by the original hpm's " +
    "'registry add' as Python objects (!!python/object); read for the data it holds",
    "registry/packages/vlm-adapter-qwen.yaml:17:1: warning: 'install_args' is a field of the " +
    "original hpm that hpm does not use; ignored",
  ]);
  assert.match(add.stderr, /\n {2}hint: rewrite it as plain YAML: 'hpm registry validate --fix'\n/);
  assert.match(add.stderr, /✔ selected metric-accuracy in group 'metrics'/);
  assert.match(await Deno.readTextFile(`${dir}/pyproject.toml`), /metrics = \["metric-accuracy"\]/);
  // -q: not a word about them.
  const quiet = await hpm(["-q", "group", "add", "metrics", "-o", "metric-latency"], { cwd: dir });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, "");
  // Read commands say the same once.
  const list = await hpm(["list"], { cwd: dir });
  assert.equal(list.code, 0, list.stderr);
  assert.equal(warnings(list.stderr).length, 2, list.stderr);
});

Deno.test("original hpm files: the !!python/object package itself is selected, checked and synced", async () => {
  const dir = await originalRegistry();
  await using _dir = removing(dir);
  assert.equal(
    (await hpm(["-q", "group", "add", "inference", "-o", "vlm-adapter-deepseek"], { cwd: dir }))
      .code,
    0,
  );
  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  // Once per command, though sync reads the registry more than once (plan, then its checks).
  assert.equal(warnings(sync.stderr).length, 2, sync.stderr);
  const synced = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(synced, /dependencies = \["vlm-adapter-deepseek"\]/);
  // What its __dict__ says: a local path, editable (the original's `registry add` sets it).
  assert.match(
    synced,
    /vlm-adapter-deepseek = \{ path = "packages\/vlm_adapter_deepseek", editable = true \}/,
  );
  const status = await hpm(["status", "--check"], { cwd: dir });
  assert.equal(status.code, 0, status.stderr);
});

Deno.test("original hpm files: validate lists them, --strict fails on them, --fix rewrites the Python objects", async () => {
  const dir = await originalRegistry();
  await using _dir = removing(dir);
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /vlm-adapter-deepseek\.yaml:2:1: warning: written by the original/);
  assert.match(validate.stderr, /vlm-adapter-qwen\.yaml:17:1: warning: 'install_args'/);
  const strict = await hpm(["registry", "validate", "--strict"], { cwd: dir });
  assert.equal(strict.code, 2, strict.stderr);
  assert.match(
    strict.stderr,
    /vlm-adapter-qwen\.yaml:17:1: error: 'install_args' is a field of the original hpm that hpm does not use; ignored \(an error with --strict\)/,
  );
  assert.match(strict.stderr, /\nerror: the registry at registry has 2 errors\n/);

  const manifest = `${dir}/registry/packages/vlm-adapter-deepseek.yaml`;
  const fix = await hpm(["registry", "validate", "--fix"], { cwd: dir });
  assert.equal(fix.code, 0, fix.stderr);
  assert.match(
    fix.stderr,
    /✔ rewrote registry\/packages\/vlm-adapter-deepseek\.yaml as plain YAML \(it was the original hpm's !!python\/object form\)\n/,
  );
  assert.equal(
    await Deno.readTextFile(manifest),
    [
      'name: "vlm-adapter-deepseek"',
      'version: "0.1.0"',
      "sources:",
      "  prod:",
      '    type: "local"',
      '    path: "../../packages/vlm_adapter_deepseek"',
      "    editable: true",
      "",
    ].join("\n"),
  );
  // The specification's manifest holds more than registry add writes: left for a person.
  assert.equal(
    await Deno.readTextFile(`${dir}/registry/packages/vlm-adapter-qwen.yaml`),
    await Deno.readTextFile(`${ORIGINAL}/spec-manifest.yaml`),
  );
  const after = await hpm(["registry", "validate", "--strict"], { cwd: dir });
  assert.equal(after.code, 2);
  assert.match(after.stderr, /\nerror: the registry at registry has 1 error\n/);
});

Deno.test("validate --fix before an error: the error says which files --fix rewrote and left", async () => {
  // The original's git manifest under another package's name: a Python object that cannot be
  // used, beside the one --fix rewrites.
  const [dir, copy] = await Promise.all([originalRegistry(), originalRegistry()]);
  for (const project of [dir, copy]) {
    await Deno.copyFile(
      `${ORIGINAL}/registry-add-git.yaml`,
      `${project}/registry/packages/metric-latency.yaml`,
    );
  }
  const fix = await hpm(["registry", "validate", "--fix"], { cwd: dir });
  assert.equal(fix.code, 2, fix.stderr);
  assert.match(
    fix.stderr,
    /\nerror: the registry at registry has 1 error\n {2}--fix rewrote registry\/packages\/vlm-adapter-deepseek\.yaml as plain YAML first\n {2}--fix left registry\/packages\/metric-latency\.yaml as it is: it cannot be used\nhint: /,
  );
  assert.doesNotMatch(
    await Deno.readTextFile(`${dir}/registry/packages/vlm-adapter-deepseek.yaml`),
    /!!python/,
  );
  const json = await hpm(["registry", "validate", "--fix", "--json"], { cwd: copy });
  assert.equal(json.code, 2, json.stderr);
  const error = JSON.parse(json.stdout).error;
  assert.equal(error.code, "registry-invalid");
  assert.deepEqual(error.fixed, ["registry/packages/vlm-adapter-deepseek.yaml"]);
  assert.deepEqual(error.notFixed, [
    { file: "registry/packages/metric-latency.yaml", reason: "unusable" },
  ]);
  assert.equal(json.stderr, "");
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(copy, { recursive: true });
});

Deno.test("a manifest that cannot be read costs only what needs it", async () => {
  const dir = await originalRegistry();
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/registry/packages/metric-latency.yaml`,
    'name: "metric-latency"\nversion: [0.1\n',
  );
  const before = await fileState(dir);
  const need = await hpm(["group", "add", "metrics", "-o", "metric-latency"], { cwd: dir });
  assert.equal(need.code, 2, need.stderr);
  assert.match(
    need.stderr,
    /registry\/packages\/metric-latency\.yaml:3:1: error: YAML syntax: .*\nerror: package 'metric-latency' cannot be used: registry\/packages\/metric-latency\.yaml has 1 error\nhint: fix it \(the rest of the registry is usable\); 'hpm registry validate' lists every problem\n/,
  );
  assert.deepEqual(await fileState(dir), before);
  // Every other option works, with one warning naming the file.
  const other = await hpm(["group", "add", "inference", "-o", "vlm-adapter-deepseek"], {
    cwd: dir,
  });
  assert.equal(other.code, 0, other.stderr);
  assert.equal(
    other.stderr.match(
      /warning: registry\/packages\/metric-latency\.yaml cannot be used \(1 error\); commands that need package 'metric-latency' fail\n/g,
    )?.length,
    1,
    other.stderr,
  );
  const show = await hpm(["show", "metrics"], { cwd: dir });
  assert.equal(show.code, 0, show.stderr);
  assert.match(
    show.stdout,
    /metric-latency {2}Latency percentiles\n {6}manifest cannot be used: registry\/packages\/metric-latency\.yaml\n/,
  );
  const sync = await hpm(["sync", "--dry-run"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /metric-latency\.yaml cannot be used/);
  // A selection that needs it: sync fails naming it, before anything runs.
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    (await Deno.readTextFile(`${dir}/pyproject.toml`)) + 'metrics = ["metric-latency"]\n',
  );
  const needed = await hpm(["sync"], { cwd: dir });
  assert.equal(needed.code, 2, needed.stderr);
  assert.match(needed.stderr, /error: package 'metric-latency' cannot be used: /);
  assert.doesNotMatch(needed.stderr, /\$ uv /);
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 2);
  assert.match(validate.stderr, /metric-latency\.yaml:3:1: error: YAML syntax/);
});
