/** The seed guide's workflow with real uv: group add -> check -> sync, switches, M-of-N. */
import assert from "node:assert/strict";
import { copyFixture, hpm } from "../support/hpm.ts";
import { exists, fileState, listDir, venvPython } from "../support/project.ts";

Deno.test("the seed workflow exactly as the guide shows it; the package imports in .venv", async () => {
  const dir = await copyFixture("seed-project");
  const add = await hpm(["group", "add", "inference", "--option", "vlm-adapter-qwen"], {
    cwd: dir,
  });
  assert.equal(add.code, 0, add.stderr);
  assert.equal(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    [
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      `description = "The seed guide's example project: pick a VLM adapter and metrics with hpm"`,
      'requires-python = ">=3.11"',
      "dependencies = []",
      "",
      "[tool.hpm.groups]",
      'inference = "vlm-adapter-qwen"',
      "",
    ].join("\n"),
  );

  // check is a true dry run: no uv.lock, no .venv, no new files, pyproject.toml unchanged.
  const before = await listDir(dir);
  const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
  const check = await hpm(["check"], { cwd: dir });
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stderr, /\$ uv sync --dry-run --no-install-project\n/);
  assert.match(
    check.stderr,
    /the selection resolves \(2 packages\) and uv planned its install; nothing was changed\nlocal and git packages are built by 'hpm sync', not by check\n/,
  );
  assert.match(check.stdout, /would install vlm-adapter-qwen/);
  assert.deepEqual(await listDir(dir), before);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), pyproject);

  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /\$ uv lock\n(.|\n)*\$ uv sync --locked\n/);
  const synced = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(synced, /dependencies = \["vlm-adapter-qwen"\]/);
  assert.match(
    synced,
    /\[tool\.uv\.sources\]\nvlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}\n/,
  );
  assert.match(synced, /\[tool\.hpm\]\nmanaged = \["vlm-adapter-qwen"\]\n/);
  assert.match(await Deno.readTextFile(`${dir}/uv.lock`), /name = "vlm-adapter-qwen"/);
  assert.equal(
    await venvPython(dir, "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())"),
    "vlm-adapter-qwen ready",
  );

  // Already in sync: nothing is rewritten.
  const stat = await Deno.stat(`${dir}/pyproject.toml`);
  const again = await hpm(["sync"], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /already in sync/);
  assert.equal((await Deno.stat(`${dir}/pyproject.toml`)).mtime?.getTime(), stat.mtime?.getTime());
  const status = await hpm(["status", "--check", "--json"], { cwd: dir });
  assert.equal(JSON.parse(status.stdout).ok, true);
  assert.equal(status.code, 0, status.stdout);
  const json = JSON.parse(status.stdout);
  assert.equal(json.inSync, true);
  assert.deepEqual(
    [json.entries[0].inPyproject, json.entries[0].locked, json.entries[0].installed],
    [true, "0.1.0", "0.1.0"],
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a 1-of-N switch removes the old option from dependencies, sources, uv.lock and .venv", async () => {
  const dir = await copyFixture("seed-project");
  for (const option of ["vlm-adapter-qwen", "vlm-adapter-deepseek"]) {
    const add = await hpm(["group", "add", "inference", "-o", option], { cwd: dir });
    assert.equal(add.code, 0, add.stderr);
    if (option === "vlm-adapter-deepseek") {
      assert.match(
        add.stderr,
        /selected vlm-adapter-deepseek in group 'inference' \(replacing vlm-adapter-qwen\)/,
      );
    }
    const sync = await hpm(["sync"], { cwd: dir });
    assert.equal(sync.code, 0, sync.stderr);
  }
  const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.doesNotMatch(pyproject, /vlm-adapter-qwen/);
  assert.match(pyproject, /dependencies = \["vlm-adapter-deepseek"\]/);
  assert.match(pyproject, /managed = \["vlm-adapter-deepseek"\]/);
  assert.doesNotMatch(await Deno.readTextFile(`${dir}/uv.lock`), /vlm-adapter-qwen/);
  const site = `${dir}/.venv/lib/python3.11/site-packages`;
  assert.equal(await exists(`${site}/vlm_adapter_qwen-0.1.0.dist-info`), false);
  assert.equal(await exists(`${site}/vlm_adapter_deepseek-0.1.0.dist-info`), true);
  const json = JSON.parse((await hpm(["status", "--json"], { cwd: dir })).stdout);
  assert.deepEqual(json.entries.map((e: { option: string }) => e.option), ["vlm-adapter-deepseek"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("M-of-N: add, add twice changes nothing, remove one, remove the group", async () => {
  const dir = await copyFixture("seed-project");
  const run = async (...args: string[]) => {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
    return result;
  };
  await run("group", "add", "metrics", "-o", "metric-accuracy");
  await run("group", "add", "metrics", "-o", "metric-latency");
  const both = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(both, /metrics = \["metric-accuracy", "metric-latency"\]/);
  const twice = await run("group", "add", "metrics", "-o", "metric-latency");
  assert.match(twice.stderr, /already selects metric-accuracy, metric-latency; nothing changed/);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), both);
  await run("sync");
  assert.equal(await venvPython(dir, "import metric_accuracy, metric_latency; print('ok')"), "ok");

  await run("group", "remove", "metrics", "--option", "metric-latency");
  assert.match(await Deno.readTextFile(`${dir}/pyproject.toml`), /metrics = \["metric-accuracy"\]/);
  await run("sync");
  const site = `${dir}/.venv/lib/python3.11/site-packages`;
  assert.equal(await exists(`${site}/metric_latency-0.1.0.dist-info`), false);

  // min: 1 forbids removing the last one option by option; the whole group can go.
  const last = await hpm(["group", "remove", "metrics", "-o", "metric-accuracy"], { cwd: dir });
  assert.equal(last.code, 0, last.stderr);
  await run("sync");
  const final = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.doesNotMatch(final, /metric-/);
  assert.match(final, /dependencies = \[\]/);
  const state = await fileState(dir);
  assert.ok(state["uv.lock"] && !state["uv.lock"].includes("metric-"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("sync --dry-run prints the diff and the uv commands and writes nothing", async () => {
  const dir = await copyFixture("seed-project");
  await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  const before = await fileState(dir);
  const entries = await listDir(dir);
  const dry = await hpm(["sync", "--dry-run"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^--- a\/pyproject\.toml\n\+\+\+ b\/pyproject\.toml\n/);
  assert.match(dry.stdout, /\n-dependencies = \[\]\n\+dependencies = \["vlm-adapter-qwen"\]\n/);
  assert.match(dry.stdout, /\n\$ uv lock\n\$ uv sync --locked\n$/);
  assert.deepEqual(await fileState(dir), before);
  assert.deepEqual(await listDir(dir), entries);
  const json = JSON.parse((await hpm(["sync", "--dry-run", "--json"], { cwd: dir })).stdout);
  assert.equal(json.changed, true);
  assert.deepEqual(json.commands, [["uv", "lock"], ["uv", "sync", "--locked"]]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("check runs uv once, and again when sync's document differs from its quick one", async () => {
  const dir = await copyFixture("seed-project");
  const uvRuns = (stderr: string) => stderr.split("$ uv sync --dry-run").length - 1;
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    (await Deno.readTextFile(`${dir}/pyproject.toml`)) +
      '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n',
  );
  const plain = await hpm(["check"], { cwd: dir });
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(uvRuns(plain.stderr), 1, plain.stderr);

  // hpm managed qwen, the selection no longer has it, and [tool.uv.sources] holds a comment:
  // the editor keeps that table (empty), the quick document drops it, so uv runs again.
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    [
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'requires-python = ">=3.11"',
      'dependencies = ["vlm-adapter-qwen"]',
      "",
      "[tool.uv.sources]",
      "# sources of the team's packages",
      'vlm-adapter-qwen = { path = "packages/vlm_adapter", editable = true }',
      "",
      "[tool.hpm]",
      'managed = ["vlm-adapter-qwen"]',
      "",
    ].join("\n"),
  );
  const before = await Deno.readTextFile(`${dir}/pyproject.toml`);
  const check = await hpm(["check"], { cwd: dir });
  assert.equal(check.code, 0, check.stderr);
  assert.equal(uvRuns(check.stderr), 2, check.stderr);
  assert.match(check.stderr, /sync would write another document than the quick one/);
  assert.match(check.stderr, /the selection resolves \(1 package\) and uv planned its install/);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), before);
});

Deno.test("status --json: out of sync is ok without --check, an error (exit 1) with it", async () => {
  const dir = await copyFixture("seed-project");
  const added = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(added.code, 0, added.stderr);
  const plain = await hpm(["status", "--json"], { cwd: dir });
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepEqual([JSON.parse(plain.stdout).ok, JSON.parse(plain.stdout).inSync], [true, false]);
  const checked = await hpm(["status", "--check", "--json"], { cwd: dir });
  assert.equal(checked.code, 1, checked.stderr);
  const json = JSON.parse(checked.stdout);
  assert.deepEqual([json.ok, json.inSync, json.error.code, json.error.exitCode], [
    false,
    false,
    "not-in-sync",
    1,
  ]);
  assert.equal(json.error.hint, "run 'hpm sync'");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("group add then remove gives back the original bytes; sync says what it changed", async () => {
  const dir = await copyFixture("seed-project");
  const original = await Deno.readTextFile(`${dir}/pyproject.toml`);
  for (
    const args of [
      ["group", "add", "inference", "-o", "vlm-adapter-qwen"],
      ["group", "add", "metrics", "-o", "metric-accuracy"],
      ["group", "remove", "inference"],
      ["group", "remove", "metrics"],
    ]
  ) {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  }
  // hpm created [tool.hpm.groups]; the last removal takes the bare header away again.
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), original);
  // Nothing selected: pyproject.toml already matches, but uv.lock and .venv are new.
  const first = await hpm(["sync"], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stderr,
    /✔ pyproject\.toml already matched the selection; synced uv\.lock and the environment \(0 packages from hpm\)/,
  );
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), original);
  const again = await hpm(["sync"], { cwd: dir });
  assert.match(again.stderr, /✔ already in sync \(0 packages from hpm\)/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("status looks for the environment where uv put it (UV_PROJECT_ENVIRONMENT)", async () => {
  const dir = await copyFixture("seed-project");
  const env = { UV_PROJECT_ENVIRONMENT: `${dir}/elsewhere-env` };
  for (const args of [["group", "add", "inference", "-o", "vlm-adapter-qwen"], ["sync"]]) {
    const result = await hpm(args, { cwd: dir, env });
    assert.equal(result.code, 0, result.stderr);
  }
  assert.equal(await exists(`${dir}/.venv`), false);
  const status = await hpm(["status", "--check", "--json"], { cwd: dir, env });
  assert.equal(status.code, 0, status.stdout);
  assert.equal(JSON.parse(status.stdout).entries[0].installed, "0.1.0");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("status asks uv when every name is in place: a changed uv.lock or environment is drift", async () => {
  const dir = await copyFixture("seed-project");
  for (const args of [["group", "add", "inference", "-o", "vlm-adapter-qwen"], ["sync"]]) {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  }
  const clean = await hpm(["status", "--check", "--json"], { cwd: dir });
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(JSON.parse(clean.stdout).uvCheck, null);
  // A lock edited behind hpm's back (another version), the name still in it.
  const lock = await Deno.readTextFile(`${dir}/uv.lock`);
  await Deno.writeTextFile(
    `${dir}/uv.lock`,
    lock.replace(/(name = "vlm-adapter-qwen"\nversion = )"0\.1\.0"/, '$1"9.9.9"'),
  );
  const edited = await hpm(["status", "--check"], { cwd: dir });
  assert.equal(edited.code, 1, edited.stderr);
  assert.match(
    edited.stderr,
    /warning: uv: uv\.lock does not match pyproject\.toml\nhint: run 'hpm sync'/,
  );
  await Deno.writeTextFile(`${dir}/uv.lock`, lock);
  // Another version installed in the environment.
  const site = `${dir}/.venv/lib/python3.11/site-packages`;
  const info = `${site}/vlm_adapter_qwen-0.1.0.dist-info`;
  const metadata = await Deno.readTextFile(`${info}/METADATA`);
  await Deno.writeTextFile(
    `${info}/METADATA`,
    metadata.replace("Version: 0.1.0", "Version: 0.0.9"),
  );
  await Deno.rename(info, `${site}/vlm_adapter_qwen-0.0.9.dist-info`);
  const installed = await hpm(["status", "--check", "--json"], { cwd: dir });
  assert.equal(installed.code, 1, installed.stdout);
  const json = JSON.parse(installed.stdout);
  assert.deepEqual([json.inSync, json.uvCheck], [false, "the environment does not match uv.lock"]);
  await Deno.remove(dir, { recursive: true });
});
