/** check --all on 4 groups x 4 options with planted incompatibilities: exactly those are found. */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { fileState, fixtureWheels, listDir } from "../support/project.ts";

const PLANTED = [
  [{ group: "store", option: "store-d" }],
  [{ group: "adapter", option: "adapter-c" }, { group: "metric", option: "metric-b" }],
  [{ group: "metric", option: "metric-c" }, { group: "tokenizer", option: "tokenizer-c" }],
];

async function matrixProject() {
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  return { dir: await copyFixture("matrix-project"), env };
}

for (const strategy of ["universal", "exhaustive"]) {
  Deno.test(`check --all (${strategy}) finds exactly the planted minimal conflicting sets`, async () => {
    const { dir, env } = await matrixProject();
    const before = await fileState(dir);
    const entries = await listDir(dir);
    const args = [
      "check",
      "--all",
      "--json",
      ...(strategy === "exhaustive" ? ["--exhaustive"] : []),
    ];
    const result = await hpm(args, { cwd: dir, env });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.strategy, strategy);
    assert.equal(report.total, 256);
    assert.deepEqual(report.conflicts.map((c: { options: unknown }) => c.options), PLANTED);
    assert.match(
      report.conflicts[0].reason,
      /^option 'store-d' \(group 'store'\) needs Python>=3\.12; the project's requires-python allows >=3\.11$/,
    );
    assert.match(
      report.conflicts[1].reason,
      /^option 'adapter-c' \(group 'adapter'\) needs shared-lib==2\.0\.0; option 'metric-b' \(group 'metric'\) needs shared-lib==1\.0\.0$/,
    );
    // 64 with store-d, 12 more with adapter-c + metric-b, 12 more with metric-c + tokenizer-c.
    assert.equal(report.failed, 88);
    // Exit 1, so `ok` is false, with the reason as in every other error.
    assert.equal(report.ok, false);
    assert.equal(report.error.code, "combinations-fail");
    assert.equal(report.error.message, "88 of 256 combinations do not resolve");
    assert.equal(report.error.exitCode, 1);
    const verdict = (a: string, m: string, s: string, t: string) =>
      report.combinations.find((c: { selection: Record<string, string> }) =>
        c.selection.adapter === a && c.selection.metric === m && c.selection.store === s &&
        c.selection.tokenizer === t
      );
    assert.equal(verdict("adapter-c", "metric-a", "store-a", "tokenizer-c").ok, true);
    assert.deepEqual(
      verdict("adapter-c", "metric-b", "store-b", "tokenizer-a").conflict,
      PLANTED[1],
    );
    if (strategy === "universal") assert.ok(report.uvRuns <= 4, `${report.uvRuns} uv runs`);
    else assert.ok(report.uvRuns < 256, "pruning skipped combinations with known conflicts");
    assert.deepEqual(await fileState(dir), before);
    assert.deepEqual(await listDir(dir), entries);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("check --all: a table, minimal sets, exit 1; exit 0 when every combination resolves", async () => {
  const { dir, env } = await matrixProject();
  await using _dir = removing(dir);
  const text = await hpm(["check", "--all"], { cwd: dir, env });
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^combination +verdict +reason\n/);
  assert.match(
    text.stdout,
    /adapter=adapter-c, metric=metric-b, store=store-a, tokenizer=tokenizer-a +conflict +adapter-c \(adapter\) \+ metric-b \(metric\): /,
  );
  assert.match(text.stdout, /\nminimal conflicting sets:\n {2}store-d \(store\): /);
  // A failure from the first line to the exit code: the error comes before the table too.
  assert.match(
    text.stderr,
    /^error: 88 of 256 combinations do not resolve \(4 uv runs, [\d.]+ s\)\n/,
  );
  assert.match(
    text.stderr,
    /\nerror: 88 of 256 combinations do not resolve\nhint: avoid the minimal conflicting sets above, or fix the packages that conflict\n$/,
  );
  assert.doesNotMatch(text.stderr, /warning/);

  // Only the groups the project selects take part.
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)).replace(/store = "store-a"\n|tokenizer = "tokenizer-a"\n/g, "")
      .replace('metric = "metric-a"', 'metric = "metric-d"'),
  );
  const two = JSON.parse((await hpm(["check", "--all", "--json"], { cwd: dir, env })).stdout);
  assert.equal(two.total, 16);
  assert.deepEqual(two.conflicts.map((c: { options: unknown }) => c.options), [PLANTED[1]]);

  const bad = await hpm(["check", "--all", "--depth", "0"], { cwd: dir, env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--depth must be a positive whole number, not '0'/);
});

Deno.test("check --all on the seed example: 1-of-N x M-of-N subsets, all resolve", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) +
      '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\nmetrics = ["metric-accuracy"]\n',
  );
  const result = await hpm(["check", "--all", "--json"], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  // 2 adapters x (2 single metrics + 1 pair) = 6.
  assert.equal(report.total, 6);
  assert.equal(report.failed, 0);
  assert.deepEqual(report.combinations[2].selection, {
    inference: "vlm-adapter-qwen",
    metrics: ["metric-accuracy", "metric-latency"],
  });
});

/**
 * Four 1-of-N groups of two local options; a1 and d1 need either-lib (1.0 pins shared-lib 1.0,
 * 2.0 pins helper-tool 1.0), b1 pins shared-lib 2.0, c1 pins helper-tool 2.0. So a1+b1+c1 and
 * b1+c1+d1 fail while every two of those options resolve: the universal lock, told that one
 * three-option set conflicts, keeps its pairs apart and so never sees the other set.
 */
async function wideConflictProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-wide-" });
  const needs: Record<string, string[]> = {
    a1: ["either-lib"],
    b1: ["shared-lib==2.0.0"],
    c1: ["helper-tool==2.0.0"],
    d1: ["either-lib"],
  };
  for (const group of ["g1", "g2", "g3", "g4"]) {
    const letter = "abcd"[Number(group[1]) - 1];
    const options = [`${letter}1`, `${letter}2`];
    await Deno.mkdir(`${dir}/registry/groups`, { recursive: true });
    await Deno.mkdir(`${dir}/registry/packages`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/registry/groups/${group}.yaml`,
      `name: ${group}\nstrategy: 1-of-N\noptions:\n${
        options.map((o) => `  - name: ${o}\n`).join("")
      }`,
    );
    for (const option of options) {
      await Deno.mkdir(`${dir}/packages/${option}/src/${option}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/packages/${option}/src/${option}/__init__.py`, "");
      await Deno.writeTextFile(
        `${dir}/packages/${option}/pyproject.toml`,
        `[project]\nname = "${option}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n` +
          `dependencies = ${JSON.stringify(needs[option] ?? [])}\n\n[build-system]\n` +
          'requires = ["uv_build>=0.13.0,<0.14.0"]\nbuild-backend = "uv_build"\n',
      );
      await Deno.writeTextFile(
        `${dir}/registry/packages/${option}.yaml`,
        `name: ${option}\nversion: "0.1.0"\nsources:\n  prod:\n    type: local\n` +
          `    path: ../../packages/${option}\n`,
      );
    }
  }
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    '[project]\nname = "wide"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n' +
      'dependencies = []\n\n[tool.hpm.groups]\ng1 = "a2"\ng2 = "b2"\ng3 = "c2"\ng4 = "d2"\n',
  );
  return dir;
}

Deno.test("check --all: a conflict of three options does not hide another that shares two", async () => {
  const dir = await wideConflictProject();
  await using _dir = removing(dir);
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  const failing = (
    report: { combinations: Array<{ selection: Record<string, string>; ok: boolean }> },
  ) =>
    report.combinations.filter((c) => !c.ok).map((c) => Object.values(c.selection).join("+"))
      .sort();
  const reports = [];
  for (const extra of [[], ["--exhaustive"]]) {
    const result = await hpm(["check", "--all", "--json", ...extra], { cwd: dir, env });
    assert.equal(result.code, 1, result.stderr);
    reports.push(JSON.parse(result.stdout));
  }
  const [universal, exhaustive] = reports;
  assert.equal(universal.total, 16);
  assert.deepEqual(failing(universal), ["a1+b1+c1+d1", "a1+b1+c1+d2", "a2+b1+c1+d1"]);
  assert.deepEqual(failing(universal), failing(exhaustive));
  const sets = (report: { conflicts: Array<{ options: Array<{ option: string }> }> }) =>
    report.conflicts.map((c) => c.options.map((o) => o.option).sort().join("+")).sort();
  assert.deepEqual(sets(universal), ["a1+b1+c1", "b1+c1+d1"]);
  assert.deepEqual(sets(exhaustive), sets(universal));
});
