/**
 * Conflicts explained from both sides, offline (registry-fixtures/conflict-project and its
 * wheels): the project's own dependency named as such by check, sync and check --all (text
 * and --json), and, when no way out resolves, why each one tried does not. The same against
 * the real package index: tests/index/conflicts_test.ts.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { conflictProject, fileState, fixtureWheels } from "../support/project.ts";

async function ok(dir: string, env: Record<string, string>, ...args: string[]) {
  const result = await hpm(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
}

async function edit(path: string, from: string | RegExp, to: string) {
  const text = await Deno.readTextFile(path);
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${path}: ${from}`);
  await Deno.writeTextFile(path, next);
}

/** adapter-new needs shared-lib==2.0.0; the project's own either-lib==1.0.0 needs 1.0.0. */
async function ownConflict() {
  const project = await conflictProject();
  const { dir } = project;
  await edit(
    `${dir}/pyproject.toml`,
    `"helper-tool>=1.0",  # loose on purpose`,
    `"helper-tool>=1.0",  # loose on purpose\n    "either-lib==1.0.0",`,
  );
  // Without the package whose build fails, so check --all locks every option.
  await edit(`${dir}/registry/groups/metrics.yaml`, / {2}- name: metric-broken\n.*\n/, "");
  return project;
}

Deno.test("a conflict with the project's own dependency names it: check, sync, check --all", async () => {
  const { dir, env } = await ownConflict();
  await using _dir = removing(dir);
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-new");
  const before = await fileState(dir);
  const expected = "option 'adapter-new' (group 'inference') needs shared-lib==2.0.0; " +
    "your own dependency 'either-lib==1.0.0' needs shared-lib==1.0.0";

  const check = await hpm(["check"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  assert.equal(
    /^error: (.*)$/m.exec(check.stderr)?.[1],
    `the selection does not resolve: ${expected}`,
  );
  assert.match(
    check.stderr,
    /\nhint: 'adapter-old' in group 'inference' resolves with your other choices: 'hpm group add inference --option adapter-old'\n/,
  );
  const json = JSON.parse((await hpm(["check", "--json"], { cwd: dir, env })).stdout).error;
  assert.deepEqual(json.uv.conflict, {
    package: "shared-lib",
    when: null,
    sides: [
      { group: "inference", option: "adapter-new", needs: "shared-lib==2.0.0", via: [] },
      { own: "either-lib==1.0.0", needs: "shared-lib==1.0.0", via: [] },
    ],
  });

  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1, sync.stderr);
  assert.equal(/^error: (.*)$/m.exec(sync.stderr)?.[1], `uv lock failed: ${expected}`);
  assert.deepEqual(await fileState(dir), before);

  const all = await hpm(["check", "--all"], { cwd: dir, env });
  assert.equal(all.code, 1, all.stderr);
  assert.match(all.stderr, /^error: 1 of 2 combinations does not resolve \(/);
  assert.match(
    all.stdout,
    /\nminimal conflicting sets:\n {2}adapter-new \(inference\) \+ your own dependency 'either-lib==1\.0\.0': option 'adapter-new' \(group 'inference'\) needs shared-lib==2\.0\.0; your own dependency 'either-lib==1\.0\.0' needs shared-lib==1\.0\.0\n/,
  );
  const report = JSON.parse((await hpm(["check", "--all", "--json"], { cwd: dir, env })).stdout);
  assert.equal(report.ok, false);
  assert.deepEqual(report.conflicts[0].options, [{ group: "inference", option: "adapter-new" }]);
  assert.deepEqual(report.conflicts[0].own, ["either-lib==1.0.0"]);
  const failed = report.combinations.filter((c: { ok: boolean }) => !c.ok);
  assert.deepEqual(failed.map((c: { own: string[] }) => c.own), [["either-lib==1.0.0"]]);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("with no way out, check and sync say why each alternative tried fails", async () => {
  const { dir, env } = await conflictProject();
  await using _dir = removing(dir);
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-new");
  await ok(dir, env, "group", "add", "metrics", "-o", "metric-legacy");
  // The other adapter is declared to conflict with the metric; the metric may not be dropped.
  await edit(
    `${dir}/registry/groups/inference.yaml`,
    "description: works with shared-lib 1.x\n",
    "description: works with shared-lib 1.x\n    conflicts: [metric-legacy]\n",
  );
  await edit(`${dir}/registry/groups/metrics.yaml`, "max: 2", "min: 1\nmax: 2");
  const before = await fileState(dir);

  const check = await hpm(["check", "--json"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  const { error } = JSON.parse(check.stdout);
  assert.deepEqual(error.suggestions, []);
  assert.deepEqual(
    error.rejected.map((r: Record<string, string>) => [r.option, r.action, r.kind]),
    [["adapter-old", "replace", "declared-conflict"], ["metric-legacy", "drop", "min"]],
  );
  assert.equal(error.rejected[1].reason, "group 'metrics' needs at least 1 option");
  assert.equal(error.rejected[1].command, "hpm group remove metrics -o metric-legacy");

  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(
    sync.stderr,
    /\nhint: none of the 2 alternatives tried resolves: 'adapter-old' in group 'inference': 'adapter-old' \(group 'inference'\) conflicts with 'metric-legacy' \(group 'metrics'\)[^;\n]*; dropping 'metric-legacy' from group 'metrics': group 'metrics' needs at least 1 option\n/,
  );
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("an implied option in a conflict offers a way out through the choice that implies it", async () => {
  // adapter-qwen implies tokenizer-fast, which implies metric-latency (shared-lib==1.0.0);
  // the project itself needs shared-lib==2.0.0.
  const dir = await copyFixture("implies-project");
  await using _dir = removing(dir);
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  await edit(`${dir}/pyproject.toml`, "dependencies = []", 'dependencies = ["shared-lib==2.0.0"]');
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-qwen");
  const check = await hpm(["check", "--json"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  const { error } = JSON.parse(check.stdout);
  assert.match(
    error.message,
    /option 'metric-latency' \(group 'metrics'\) needs shared-lib==1\.0\.0; your own dependency 'shared-lib==2\.0\.0'$/,
  );
  // metric-latency is not recorded (nothing to drop); adapter-qwen's group has a way out.
  assert.deepEqual(error.suggestions.map((s: { command: string }) => s.command), [
    "hpm group add inference --option adapter-deepseek",
  ]);
});

Deno.test("the project's own dependencies in conflict with each other are said to be that", async () => {
  const { dir, env } = await ownConflict();
  await using _dir = removing(dir);
  await edit(
    `${dir}/pyproject.toml`,
    `"either-lib==1.0.0",`,
    `"either-lib==1.0.0", "shared-lib==2.0.0",`,
  );
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-new");
  const check = await hpm(["check"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  assert.equal(
    /^error: (.*)$/m.exec(check.stderr)?.[1],
    "the selection does not resolve: your own dependency 'either-lib==1.0.0' needs " +
      "shared-lib==1.0.0; your own dependency 'shared-lib==2.0.0'",
  );
  assert.match(
    check.stderr,
    /\nhint: the project's own dependencies conflict with each other: change them in pyproject\.toml\n/,
  );
  const all = await hpm(["check", "--all"], { cwd: dir, env });
  assert.equal(all.code, 1, all.stderr);
  assert.match(
    all.stderr,
    /error: the project does not resolve even with no option of its groups selected: your own dependency 'either-lib==1\.0\.0' needs shared-lib==1\.0\.0; your own dependency 'shared-lib==2\.0\.0'\n/,
  );
});
