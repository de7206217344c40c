/**
 * Conflicts explained from both sides, against the real package index (metadata only: `uv
 * lock` and check's `uv sync --dry-run`, which install nothing). Python 3.11 (`.python-version`,
 * requires-python >=3.11). faiss-cpu>=1.9 needs numpy>=1.25 and numba==0.57.1 needs
 * numpy>=1.21,<1.25; fastembed>=0.4 (the project's own dependency) needs numpy>=1.26 on Python
 * >=3.12, which uv's universal lock covers; scipy==1.16.0 needs numpy>=1.25.2.
 */
import assert from "node:assert/strict";
import { hpmOnline } from "../support/index.ts";
import { fileState, listDir } from "../support/project.ts";

interface Setup {
  dependencies?: string[];
  groups: Record<string, string[]>;
  packages: Record<string, string>;
  selection: string[];
}

async function project(setup: Setup): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-index-conflicts-" });
  await Deno.mkdir(`${dir}/registry/groups`, { recursive: true });
  await Deno.mkdir(`${dir}/registry/packages`, { recursive: true });
  const deps = (setup.dependencies ?? []).map((d) => JSON.stringify(d)).join(", ");
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    [
      "[project]",
      'name = "conflict-demo"',
      'version = "0.1.0"',
      'requires-python = ">=3.11"',
      `dependencies = [${deps}]`,
      "",
      "[tool.hpm]",
      'registry = "registry"',
      "",
      "[tool.hpm.groups]",
      ...setup.selection,
      "",
    ].join("\n"),
  );
  await Deno.writeTextFile(`${dir}/.python-version`, "3.11\n");
  for (const [name, lines] of Object.entries(setup.groups)) {
    await Deno.writeTextFile(`${dir}/registry/groups/${name}.yaml`, lines.join("\n") + "\n");
  }
  for (const [name, version] of Object.entries(setup.packages)) {
    await Deno.writeTextFile(
      `${dir}/registry/packages/${name}.yaml`,
      `name: ${name}\nsources:\n  prod:\n    type: index\n    version: "${version}"\n`,
    );
  }
  return dir;
}

const PACKAGES = {
  "faiss-cpu": ">=1.9",
  "voyager": "==2.0.9",
  "numba": "==0.57.1",
  "tabulate": "==0.9.0",
};
const VECTOR = ["name: vector", "strategy: 1-of-N", "options:", "  - name: faiss-cpu"];
const METRICS = ["name: metrics", "strategy: M-of-N", "options:", "  - name: numba"];

Deno.test({
  name: "index: faiss-cpu vs numba is explained from both sides, with ways out that resolve",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await project({
      groups: {
        vector: [...VECTOR, "  - name: voyager"],
        metrics: [...METRICS, "  - name: tabulate"],
      },
      packages: PACKAGES,
      selection: ['vector = "faiss-cpu"', 'metrics = ["numba"]'],
    });
    const before = await fileState(dir);
    const entries = await listDir(dir);

    const check = await hpmOnline(["check"], { cwd: dir });
    assert.equal(check.code, 1, check.stderr);
    const error = /^error: (.*)$/m.exec(check.stderr)?.[1];
    assert.equal(
      error,
      "the selection does not resolve: option 'faiss-cpu' (group 'vector') needs numpy>=1.25.0; " +
        "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25",
    );
    // Both ways out were locked before they were offered.
    assert.match(check.stderr, /trying 2 alternatives of the groups involved\.\.\./);
    const hint = /^hint: (.*)$/m.exec(check.stderr)?.[1];
    assert.equal(
      hint,
      "'voyager' in group 'vector' resolves with your other choices: " +
        "'hpm group add vector --option voyager'; dropping 'numba' from group 'metrics' " +
        "resolves with your other choices: 'hpm group remove metrics -o numba'",
    );

    const json = await hpmOnline(["check", "--json"], { cwd: dir });
    assert.equal(json.code, 1);
    const { error: jsonError } = JSON.parse(json.stdout);
    assert.deepEqual(jsonError.uv.conflict, {
      package: "numpy",
      when: null,
      sides: [
        { group: "vector", option: "faiss-cpu", needs: "numpy>=1.25.0", via: [] },
        { group: "metrics", option: "numba", needs: "numpy>=1.21,<1.25", via: [] },
      ],
    });
    assert.deepEqual(jsonError.suggestions.map((s: { command: string }) => s.command), [
      "hpm group add vector --option voyager",
      "hpm group remove metrics -o numba",
    ]);

    // check --all: the pair's reason holds both bounds; a failure from first line to exit code.
    const all = await hpmOnline(["check", "--all"], { cwd: dir });
    assert.equal(all.code, 1, all.stderr);
    assert.match(
      all.stderr,
      /^error: 2 of 6 combinations do not resolve \(2 uv runs, [\d.]+ s\)\n/,
    );
    assert.match(all.stderr, /\nerror: 2 of 6 combinations do not resolve\nhint: /);
    assert.doesNotMatch(all.stderr, /warning/);
    assert.match(
      all.stdout,
      /\nminimal conflicting sets:\n {2}faiss-cpu \(vector\) \+ numba \(metrics\): option 'faiss-cpu' \(group 'vector'\) needs numpy>=1\.25; option 'numba' \(group 'metrics'\) needs numpy>=1\.21,<1\.25\n/,
    );
    const report = JSON.parse((await hpmOnline(["check", "--all", "--json"], { cwd: dir })).stdout);
    assert.equal(report.ok, false);
    assert.equal(report.error.code, "combinations-fail");
    assert.deepEqual(report.conflicts.map((c: { options: unknown }) => c.options), [[
      { group: "vector", option: "faiss-cpu" },
      { group: "metrics", option: "numba" },
    ]]);
    assert.match(report.conflicts[0].reason, /numpy>=1\.21,<1\.25/);
    assert.deepEqual(report.conflicts[0].own, []);

    assert.deepEqual(await fileState(dir), before);
    assert.deepEqual(await listDir(dir), entries);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "index: a conflict with the project's own dependency names that dependency",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await project({
      dependencies: ["fastembed>=0.4"],
      groups: { vector: [...VECTOR, "  - name: voyager"], metrics: METRICS },
      packages: PACKAGES,
      selection: ['vector = "voyager"', 'metrics = ["numba"]'],
    });
    const check = await hpmOnline(["check"], { cwd: dir });
    assert.equal(check.code, 1, check.stderr);
    assert.equal(
      /^error: (.*)$/m.exec(check.stderr)?.[1],
      "the selection does not resolve: option 'numba' (group 'metrics') needs " +
        "numpy>=1.21,<1.25; your own dependency 'fastembed>=0.4' needs numpy>=1.26 " +
        "— where python_full_version >= '3.14'",
    );
    assert.match(
      check.stderr,
      /\nhint: dropping 'numba' from group 'metrics' resolves with your other choices: 'hpm group remove metrics -o numba'\n/,
    );

    const all = await hpmOnline(["check", "--all", "--json"], { cwd: dir });
    assert.equal(all.code, 1, all.stderr);
    const report = JSON.parse(all.stdout);
    assert.equal(report.conflicts.length, 1);
    assert.deepEqual(report.conflicts[0].options, [{ group: "metrics", option: "numba" }]);
    assert.deepEqual(report.conflicts[0].own, ["fastembed>=0.4"]);
    assert.match(
      report.conflicts[0].reason,
      /; your own dependency 'fastembed>=0\.4' needs numpy>=1\.26 /,
    );
    const text = await hpmOnline(["check", "--all"], { cwd: dir });
    assert.match(
      text.stdout,
      /\n {2}numba \(metrics\) \+ your own dependency 'fastembed>=0\.4': option 'numba' \(group 'metrics'\) needs numpy>=1\.21,<1\.25; your own dependency 'fastembed>=0\.4' needs numpy>=1\.26 /,
    );
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "index: when no alternative resolves, each says why (declared conflict, max, uv, min)",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await project({
      groups: {
        vector: [
          ...VECTOR,
          "  - name: scipy", // needs numpy>=1.25.2: fails in uv
          "  - name: voyager",
          "    implies: {metrics: [tabulate]}", // two metrics, over max 1
          "  - name: hnswlib",
          "    conflicts: [numba]", // declared: never locked
        ],
        metrics: [...METRICS, "  - name: tabulate", "min: 1", "max: 1"],
      },
      packages: { ...PACKAGES, scipy: "==1.16.0", hnswlib: "==0.8.0" },
      selection: ['vector = "faiss-cpu"', 'metrics = ["numba"]'],
    });
    const check = await hpmOnline(["check", "--json"], { cwd: dir });
    assert.equal(check.code, 1, check.stderr);
    const { error } = JSON.parse(check.stdout);
    assert.deepEqual(error.suggestions, []);
    const rejected = error.rejected.map((r: Record<string, string>) => [r.option, r.kind]);
    assert.deepEqual(rejected, [
      ["scipy", "uv"],
      ["voyager", "max"],
      ["hnswlib", "declared-conflict"],
      ["numba", "min"],
    ]);
    const why = (option: string) =>
      error.rejected.find((r: { option: string }) => r.option === option).reason;
    assert.equal(
      why("scipy"),
      "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
        "option 'scipy' (group 'vector') needs numpy>=1.25.2,<2.6",
    );
    assert.match(why("voyager"), /group 'metrics' allows at most 1 option/);
    assert.match(why("hnswlib"), /conflicts with/);
    assert.equal(why("numba"), "group 'metrics' needs at least 1 option");

    const text = await hpmOnline(["check"], { cwd: dir });
    const hint = /^hint: (.*)$/m.exec(text.stderr)?.[1] ?? "";
    assert.match(
      hint,
      /^none of the 4 alternatives tried resolves: 'scipy' in group 'vector': option 'numba'/,
    );
    assert.match(hint, /; 'voyager' in group 'vector': group 'metrics' allows at most 1 option/);
    assert.match(hint, /; 'hnswlib' in group 'vector': .*conflicts with/);
    assert.match(
      hint,
      /; dropping 'numba' from group 'metrics': group 'metrics' needs at least 1 option$/,
    );
    await Deno.remove(dir, { recursive: true });
  },
});
