/**
 * `implies` and `conflicts` with real uv, on registry-fixtures/implies-project: adapter-qwen
 * implies tokenizer-fast, which implies metric-latency; metric-legacy conflicts with
 * metric-latency (they pin shared-lib 1.0.0 and 2.0.0, so uv could not lock them together).
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { fileState, fixtureWheels, venvPython } from "../support/project.ts";

async function impliesProject() {
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  return { dir: await copyFixture("implies-project"), env };
}

async function select(dir: string, lines: string[]): Promise<void> {
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + `\n[tool.hpm.groups]\n${lines.join("\n")}\n`,
  );
}

Deno.test("implies: a chain of three chosen by group add is installed by sync and shown as implied", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  const add = await hpm(["group", "add", "inference", "--option", "adapter-qwen"], {
    cwd: dir,
    env,
  });
  assert.equal(add.code, 0, add.stderr);
  assert.match(
    add.stderr,
    /also selected, by implication: tokenizer-fast \(tokenizer\), metric-latency \(metrics\)/,
  );
  // Only the choice is recorded; what it implies is derived every time.
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /\[tool\.hpm\.groups\]\ninference = "adapter-qwen"\n$/,
  );

  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /\+ inference = adapter-qwen \(prod: [^\n]*\)\n/);
  assert.match(
    sync.stderr,
    /\+ tokenizer = tokenizer-fast \(prod: [^\n]*\) \(implied by adapter-qwen\)\n/,
  );
  assert.match(
    sync.stderr,
    /\+ metrics = metric-latency \(prod: [^\n]*\) \(implied by adapter-qwen via tokenizer-fast\)\n/,
  );
  assert.match(sync.stderr, /3 packages from hpm/);
  const synced = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(synced, /managed = \["adapter-qwen", "metric-latency", "tokenizer-fast"\]/);
  assert.equal(
    await venvPython(
      dir,
      "import adapter_qwen, tokenizer_fast, metric_latency, shared_lib; print(metric_latency.NAME)",
    ),
    "metric-latency",
  );

  const status = await hpm(["status", "--json"], { cwd: dir, env });
  assert.equal(status.code, 0, status.stderr);
  const report = JSON.parse(status.stdout);
  assert.equal(report.inSync, true);
  assert.deepEqual(
    report.entries.map((e: { option: string; impliedBy: unknown }) => [e.option, e.impliedBy]),
    [
      ["adapter-qwen", null],
      ["tokenizer-fast", { group: "inference", option: "adapter-qwen" }],
      ["metric-latency", { group: "inference", option: "adapter-qwen" }],
    ],
  );
  const text = await hpm(["status"], { cwd: dir, env });
  assert.match(
    text.stdout,
    /metrics = metric-latency \(implied by adapter-qwen via tokenizer-fast\)/,
  );
  const list = await hpm(["list"], { cwd: dir, env });
  assert.match(list.stdout, /\+ tokenizer-fast +\[implies metric-latency \(metrics\)\]/);

  // Another adapter: what the first one implied goes with it.
  await hpm(["group", "add", "inference", "--option", "adapter-deepseek"], { cwd: dir, env });
  const again = await hpm(["sync"], { cwd: dir, env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /- tokenizer-fast\n/);
  assert.match(again.stderr, /- metric-latency\n/);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /managed = \["adapter-deepseek"\]/,
  );
});

Deno.test("implies: an implied choice that contradicts a recorded 1-of-N choice is an error naming both", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  await hpm(["group", "add", "inference", "--option", "adapter-qwen"], { cwd: dir, env });
  const before = await fileState(dir);
  const add = await hpm(["group", "add", "tokenizer", "--option", "tokenizer-slow"], {
    cwd: dir,
    env,
  });
  assert.equal(add.code, 2);
  assert.match(
    add.stderr,
    /error: 'adapter-qwen' \(group 'inference'\) implies 'tokenizer-fast' in 1-of-N group 'tokenizer', but the selection chooses 'tokenizer-slow'\nhint: choose 'tokenizer-fast' \('hpm group add tokenizer --option tokenizer-fast'\), or another option than 'adapter-qwen' in group 'inference'/,
  );
  assert.deepEqual(await fileState(dir), before);

  // The same, written by hand: check and sync stop before uv runs.
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + 'tokenizer = "tokenizer-slow"\n',
  );
  const edited = await fileState(dir);
  for (const command of ["check", "sync"]) {
    const result = await hpm([command], { cwd: dir, env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /pyproject\.toml:11:1: error: 'adapter-qwen' \(group 'inference'\) implies 'tokenizer-fast' in 1-of-N group 'tokenizer', but the selection chooses 'tokenizer-slow'/,
    );
    assert.doesNotMatch(result.stderr, /\$ uv/);
    assert.deepEqual(await fileState(dir), edited);
  }
});

Deno.test("conflicts: check reports a declared conflict before uv runs, naming both options and where it is declared", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  await select(dir, ['metrics = ["metric-latency", "metric-legacy"]']);
  const check = await hpm(["check"], { cwd: dir, env });
  assert.equal(check.code, 2, check.stderr);
  assert.match(
    check.stderr,
    /registry\/groups\/metrics\.yaml:10:9: error: 'metric-legacy' \(group 'metrics'\) conflicts with 'metric-latency' \(group 'metrics'\): they cannot be selected together\n/,
  );
  assert.doesNotMatch(check.stderr, /\$ uv/);

  // The conflicting option may come in by implication: the message says from where.
  const other = await impliesProject();
  await using _other = removing(other.dir);
  await select(other.dir, ['inference = "adapter-qwen"', 'metrics = ["metric-legacy"]']);
  const implied = await hpm(["check", "--json"], { cwd: other.dir, env });
  assert.equal(implied.code, 2, implied.stderr);
  const error = JSON.parse(implied.stdout).error;
  assert.equal(error.code, "selection-invalid");
  assert.deepEqual(error.problems.map((p: { file: string; line: number }) => [p.file, p.line]), [
    ["registry/groups/metrics.yaml", 10],
  ]);
  assert.match(
    error.problems[0].message,
    /'metric-latency' is implied by 'adapter-qwen' \(group 'inference'\) \(through 'tokenizer-fast'\)$/,
  );
  assert.doesNotMatch(implied.stderr, /\$ uv/);
  const sync = await hpm(["sync"], { cwd: other.dir, env });
  assert.equal(sync.code, 2);
  assert.doesNotMatch(sync.stderr, /\$ uv/);
});

Deno.test("implies: registry validate rejects a cycle, spelled out; commands that resolve refuse the registry", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  const metrics = `${dir}/registry/groups/metrics.yaml`;
  await Deno.writeTextFile(
    metrics,
    (await Deno.readTextFile(metrics)).replace(
      "    description: pins shared-lib 1.0\n",
      "    description: pins shared-lib 1.0\n    implies: {inference: adapter-qwen}\n",
    ),
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir, env });
  assert.equal(validate.code, 2);
  assert.match(
    validate.stderr,
    /registry\/groups\/inference\.yaml:8:18: error: implication cycle: 'adapter-qwen' \(group 'inference'\) implies 'tokenizer-fast' \(group 'tokenizer'\) implies 'metric-latency' \(group 'metrics'\) implies 'adapter-qwen' \(group 'inference'\)\n/,
  );
  await select(dir, ['inference = "adapter-deepseek"']);
  const check = await hpm(["check"], { cwd: dir, env });
  assert.equal(check.code, 2);
  assert.match(check.stderr, /implication cycle/);
});

for (const strategy of ["universal", "exhaustive"]) {
  Deno.test(`check --all (${strategy}) applies implications and leaves out what a declared conflict forbids`, async () => {
    const { dir, env } = await impliesProject();
    await select(dir, ['inference = "adapter-qwen"', 'metrics = ["metric-accuracy"]']);
    const before = await fileState(dir);
    const args = [
      "check",
      "--all",
      "--json",
      ...(strategy === "exhaustive" ? ["--exhaustive"] : []),
    ];
    const result = await hpm(args, { cwd: dir, env });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    // 2 adapters x 6 metric choices = 12; with adapter-qwen's implications three of its six
    // become equal to others and one exceeds metrics' max of 2: 9 remain, and the 2 holding the
    // declared conflict are not allowed either (group add and check refuse them): 7 are checked.
    assert.equal(report.total, 7);
    assert.equal(report.leftOut, 2);
    assert.deepEqual(
      report.combinations.slice(0, 2).map((c: { selection: unknown }) => c.selection),
      [
        {
          inference: "adapter-qwen",
          metrics: ["metric-accuracy", "metric-latency"],
          tokenizer: "tokenizer-fast",
        },
        { inference: "adapter-qwen", metrics: "metric-latency", tokenizer: "tokenizer-fast" },
      ],
    );
    assert.deepEqual(report.declared, [{
      options: [{ group: "metrics", option: "metric-latency" }, {
        group: "metrics",
        option: "metric-legacy",
      }],
      reason:
        "declared in registry/groups/metrics.yaml:10: metric-legacy conflicts with metric-latency",
    }]);
    assert.deepEqual([report.ok, report.failed, report.conflicts], [true, 0, []]);
    // The declared set is told to uv, which would fail on it (and on adapter-qwen +
    // metric-legacy, which brings metric-latency): one universal lock proves the 7; exhaustive
    // locks each of them.
    assert.equal(report.uvRuns, strategy === "universal" ? 1 : 7);
    const text = await hpm(args.filter((a) => a !== "--json"), { cwd: dir, env });
    assert.match(
      text.stderr,
      /left out 2 combinations holding a conflict the registry declares \(metric-latency \(metrics\) \+ metric-legacy \(metrics\)\)/,
    );
    assert.deepEqual(await fileState(dir), before);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("registry remove refuses a package the selection implies, naming the choice that does", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  await select(dir, ['inference = "adapter-qwen"']);
  // Not recorded, but implied through tokenizer-fast (and so installed by sync).
  const refused = await hpm(["registry", "remove", "metric-latency"], { cwd: dir, env });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(
    refused.stderr,
    /the project's choice 'adapter-qwen' \(group 'inference'\) implies it/,
  );
  assert.match(refused.stderr, /'hpm group remove inference --option adapter-qwen'/);
  assert.notEqual(await Deno.readTextFile(`${dir}/registry/packages/metric-latency.yaml`), "");
});

Deno.test("group remove of an implied option names the recorded choice to remove instead", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  await select(dir, ['inference = "adapter-qwen"', 'metrics = ["metric-accuracy"]']);
  const result = await hpm(["group", "remove", "metrics", "-o", "metric-latency"], {
    cwd: dir,
    env,
  });
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /error: group 'metrics' does not select metric-latency\nhint: 'metric-latency' is implied by 'adapter-qwen' \(group 'inference'\): remove that with 'hpm group remove inference --option adapter-qwen'\n/,
  );
  // The same when the group records nothing at all.
  const other = await impliesProject();
  await using _other = removing(other.dir);
  await select(other.dir, ['inference = "adapter-qwen"']);
  const none = await hpm(["group", "remove", "metrics", "-o", "metric-latency"], {
    cwd: other.dir,
    env,
  });
  assert.equal(none.code, 2, none.stderr);
  assert.match(
    none.stderr,
    /error: group 'metrics' has no selection in \[tool\.hpm\.groups\]\nhint: 'metric-latency' is implied by 'adapter-qwen'/,
  );
});

Deno.test("conflicts: group add refuses a declared conflict, located, and records nothing", async () => {
  const { dir, env } = await impliesProject();
  await using _dir = removing(dir);
  const before = await fileState(dir);
  const add = await hpm(
    ["group", "add", "metrics", "-o", "metric-latency", "-o", "metric-legacy"],
    {
      cwd: dir,
      env,
    },
  );
  assert.equal(add.code, 2, add.stderr);
  assert.equal(
    add.stderr,
    "registry/groups/metrics.yaml:10:9: error: 'metric-legacy' (group 'metrics') conflicts with " +
      "'metric-latency' (group 'metrics'): they cannot be selected together\n" +
      "error: nothing recorded: the new choice of 'metrics' meets a declared conflict\n" +
      "hint: choose options of 'metrics' that do not conflict\n",
  );
  assert.deepEqual(await fileState(dir), before);
  // With one side already recorded, the way out names it.
  await select(dir, ['metrics = ["metric-latency"]']);
  const other = await hpm(["group", "add", "metrics", "-o", "metric-legacy"], { cwd: dir, env });
  assert.equal(other.code, 2, other.stderr);
  assert.match(
    other.stderr,
    /hint: choose another option of 'metrics', or first deselect what it conflicts with \('hpm group remove metrics --option metric-latency'\)\n/,
  );
});
