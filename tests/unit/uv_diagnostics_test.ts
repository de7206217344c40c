/**
 * The parser of uv's failure output, on stderr recorded from uv 0.13.9 (UV_NO_WRAP=1,
 * NO_COLOR=1, UV_OFFLINE=1) in throw-away projects: see the table for what each fixture is.
 * The two `legacy_miette_*` fixtures are not recordings: they are written in the miette layout
 * of uv <= 0.12 (`×`/`╰─▶`, ASCII `x`/`` `-> ``, wrapped lines) that this uv no longer prints.
 */
import assert from "node:assert/strict";
import {
  annotate,
  mentionedPackages,
  parseUvFailure,
  type UvFailureKind,
} from "../../src/uv/diagnostics.ts";
import { parseReport, stripAnsi, unwrapSentences } from "../../src/uv/report.ts";
import { normalizeName } from "../../src/names.ts";
import { buildFixtureWheels, hermeticUvEnv, tinyPyproject } from "../support/build_wheels.ts";

const fixtures = new URL("./fixtures/uv/", import.meta.url);

function fixture(name: string): string {
  return Deno.readTextFileSync(new URL(`${name}.txt`, fixtures));
}

interface Case {
  /** Fixture file (without `.txt`) and how it was produced. */
  file: string;
  kind: UvFailureKind;
  summary: string;
  packages: string[];
  /** Start of the explanation's first sentence, or null when there is none. */
  explanation: string | null;
  hints: number;
}

const cases: Case[] = [
  { // `uv lock`: qwen needs shared-lib==1.0.0, deepseek needs shared-lib==2.0.0 (find-links, no index)
    file: "no_solution_conflict",
    kind: "no-solution",
    summary: "No solution found when resolving dependencies",
    packages: ["vlm-adapter-deepseek", "shared-lib", "vlm-adapter-qwen"],
    explanation: "Because only vlm-adapter-deepseek==0.1.0 is available and",
    hints: 0,
  },
  { // the same with `--color always`
    file: "no_solution_conflict_color",
    kind: "no-solution",
    summary: "No solution found when resolving dependencies",
    packages: ["vlm-adapter-deepseek", "shared-lib", "vlm-adapter-qwen"],
    explanation: "Because only vlm-adapter-deepseek==0.1.0 is available and",
    hints: 0,
  },
  { // extras declared in `[tool.uv] conflicts`; the project pins shared-lib==2.0.0
    file: "no_solution_split",
    kind: "no-solution",
    summary: "No solution found when resolving dependencies for split (included: " +
      "vlm-bench[hpm-inference-qwen]; excluded: vlm-bench[hpm-inference-deepseek])",
    packages: ["vlm-adapter-qwen", "shared-lib", "vlm-bench"],
    explanation: "Because only vlm-adapter-qwen==0.1.0 is available",
    hints: 0,
  },
  { // `shared-lib==3.0.0`, only 1.0.0 and 2.0.0 exist
    file: "no_solution_no_version",
    kind: "no-solution",
    summary: "No solution found when resolving dependencies",
    packages: ["shared-lib"],
    explanation: "Because there is no version of shared-lib==3.0.0",
    hints: 0,
  },
  { // `does-not-exist` with find-links and UV_NO_INDEX (no UV_OFFLINE)
    file: "not_found_registry",
    kind: "not-found",
    summary: "`does-not-exist` was not found in the package registry",
    packages: ["does-not-exist"],
    explanation: "Because does-not-exist was not found in the package registry",
    hints: 0,
  },
  { // `does-not-exist` with UV_OFFLINE=1
    file: "not_found_offline",
    kind: "not-found",
    summary: "`does-not-exist` was not found in the cache",
    packages: ["does-not-exist"],
    explanation: "Because does-not-exist was not found in the cache",
    hints: 1,
  },
  { // a path source whose directory does not exist
    file: "not_found_path",
    kind: "not-found",
    summary: "Distribution not found at: file:///tmp/uvexp/missing/packages/ghost",
    packages: [],
    explanation: null,
    hints: 0,
  },
  { // `uv sync` of a uv_build package without its src/<module>/__init__.py
    file: "build_failed_sync",
    kind: "build-failed",
    summary: "Failed to build `broken-pkg @ file:///tmp/uvexp/bf/packages/broken`: " +
      "Expected a Python module at: packages/broken/src/broken_pkg/__init__.py",
    packages: ["broken-pkg"],
    explanation: null,
    hints: 1,
  },
  { // `uv lock` of a package with dynamic metadata and a build backend that does not exist
    file: "build_failed_backend",
    kind: "build-failed",
    summary: "Failed to build `dyn-pkg @ file:///tmp/uvexp/bfl/packages/dyn`: " +
      "Call to `missing_backend.get_requires_for_build_editable` failed (exit status: 1)",
    packages: ["dyn-pkg"],
    explanation: null,
    hints: 1,
  },
  { // offline, a name mismatch makes uv build the package, which needs uv-build from an index
    file: "build_failed_build_requires",
    kind: "build-failed",
    summary: "Failed to build `metric-accuracy @ file:///tmp/uvexp/nm/packages/acc`: " +
      "No solution found when resolving: `uv-build>=0.13.0, <0.14.0`",
    packages: ["metric-accuracy", "uv-build"],
    explanation: "Because uv-build was not found in the cache",
    hints: 1,
  },
  { // `metric-accuracy = { path = ... }` holding a package named metric-accuracy-impl
    file: "name_mismatch",
    kind: "name-mismatch",
    summary:
      "Package metadata name `metric-accuracy-impl` does not match given name `metric-accuracy`",
    packages: ["metric-accuracy", "metric-accuracy-impl"],
    explanation: null,
    hints: 0,
  },
  { // a dependency with requires-python >=3.13 in a >=3.11 project
    file: "python_requires",
    kind: "python",
    summary:
      "`new-py-pkg==0.1.0` requires Python >=3.13, but the project's requires-python allows >=3.11",
    packages: ["new-py-pkg"],
    explanation: "Because the requested Python version (>=3.11) does not satisfy Python>=3.13",
    hints: 1,
  },
  { // requires-python >=3.99
    file: "python_no_interpreter",
    kind: "python",
    summary: "No interpreter found for Python >=3.99 in managed installations or search path",
    packages: [],
    explanation: null,
    hints: 0,
  },
  { // UV_INDEX_URL=http://127.0.0.1:9/simple, UV_HTTP_RETRIES=0
    file: "network_refused",
    kind: "network",
    summary:
      "Failed to fetch: http://127.0.0.1:9/simple/does-not-exist/: Connection refused (os error 111)",
    packages: ["does-not-exist"],
    explanation: null,
    hints: 0,
  },
  { // UV_INDEX_URL=https://nonexistent.invalid/simple
    file: "network_dns",
    kind: "network",
    summary: "Failed to fetch: https://nonexistent.invalid/simple/does-not-exist/: " +
      "failed to lookup address information: Name or service not known",
    packages: ["does-not-exist"],
    explanation: null,
    hints: 0,
  },
  { // `uv sync --locked` after editing dependencies
    file: "lock_outdated",
    kind: "lock-outdated",
    summary: "The lockfile at `uv.lock` needs to be updated, but `--locked` was provided.",
    packages: [],
    explanation: null,
    hints: 1,
  },
  { // `uv sync --group qwen --group deepseek` with the groups declared conflicting
    file: "conflict_groups_sync",
    kind: "conflict",
    summary: "Groups `deepseek` and `qwen` are incompatible with the conflicts: " +
      "{`vlm-bench:deepseek`, `vlm-bench:qwen`}",
    packages: [],
    explanation: null,
    hints: 0,
  },
  { // miette layout (uv <= 0.12), wrapped at 80 columns, hint inside the report
    file: "legacy_miette_no_solution",
    kind: "no-solution",
    summary: "No solution found when resolving dependencies",
    packages: ["vlm-adapter-deepseek", "shared-lib", "vlm-adapter-qwen"],
    explanation: "Because only vlm-adapter-deepseek==0.1.0 is available and",
    hints: 1,
  },
  { // miette ASCII fallback
    file: "legacy_miette_ascii_build_failed",
    kind: "build-failed",
    summary: "Failed to build `broken-pkg @ file:///tmp/project/packages/broken`: " +
      "Call to `missing_backend.build_editable` failed (exit status: 1)",
    packages: ["broken-pkg"],
    explanation: null,
    hints: 0,
  },
];

for (const c of cases) {
  Deno.test(`parseUvFailure: ${c.file} is ${c.kind}`, () => {
    const raw = fixture(c.file);
    const failure = parseUvFailure(raw);
    assert.equal(failure.kind, c.kind);
    assert.equal(failure.summary, c.summary);
    assert.deepEqual(failure.packages, c.packages);
    assert.equal(failure.hints.length, c.hints);
    assert.equal(failure.raw, raw);
    if (c.explanation === null) assert.equal(failure.explanation, undefined);
    else assert.ok(failure.explanation?.startsWith(c.explanation), failure.explanation);
  });
}

const conflictExplanation = [
  "Because only vlm-adapter-deepseek==0.1.0 is available and vlm-adapter-deepseek==0.1.0 depends on shared-lib==2.0.0, we can conclude that all versions of vlm-adapter-deepseek depend on shared-lib==2.0.0.",
  "And because vlm-adapter-qwen==0.1.0 depends on shared-lib==1.0.0 and only vlm-adapter-qwen==0.1.0 is available, we can conclude that all versions of vlm-adapter-deepseek and all versions of vlm-adapter-qwen are incompatible.",
  "And because your project depends on vlm-adapter-deepseek and vlm-adapter-qwen, we can conclude that your project's requirements are unsatisfiable.",
].join("\n");

Deno.test("explanation: one sentence per line, the same for plain, coloured and wrapped miette", () => {
  for (
    const file of [
      "no_solution_conflict",
      "no_solution_conflict_color",
      "legacy_miette_no_solution",
    ]
  ) {
    assert.equal(parseUvFailure(fixture(file)).explanation, conflictExplanation, file);
  }
});

Deno.test("hints: wrapped miette hints are joined, uv 0.13 multi-line hints keep their layout", () => {
  assert.deepEqual(parseUvFailure(fixture("legacy_miette_no_solution")).hints, [
    "Packages were unavailable because the network was disabled. When the network is disabled, " +
    "registry packages may only be read from the cache.",
  ]);
  const [hint] = parseUvFailure(fixture("build_failed_backend")).hints;
  assert.ok(
    hint.includes(
      'under:\n\n[tool.uv.extra-build-dependencies]\ndyn-pkg = ["missing_backend"]\n\nor ',
    ),
  );
  assert.ok(hint.endsWith("`--no-build-isolation`."));
});

Deno.test("parseReport: keeps the backend's [stderr] block in its cause, skips lines before the error", () => {
  const report = parseReport(fixture("build_failed_backend"));
  assert.deepEqual(report?.chain, [
    "Failed to build `dyn-pkg @ file:///tmp/uvexp/bfl/packages/dyn`",
    "The build backend returned an error",
    "Call to `missing_backend.get_requires_for_build_editable` failed (exit status: 1)\n\n[stderr]\n" +
    'Traceback (most recent call last):\n  File "<string>", line 8, in <module>\n' +
    "ModuleNotFoundError: No module named 'missing_backend'",
  ]);
  assert.equal(parseReport("Resolved 3 packages in 2ms\n"), undefined);
});

Deno.test("parseUvFailure: text without an error report is `other` with its last line", () => {
  const failure = parseUvFailure("Resolved 3 packages in 2ms\nsomething odd happened\n");
  assert.equal(failure.kind, "other");
  assert.equal(failure.summary, "something odd happened");
  assert.equal(parseUvFailure("").summary, "uv failed");
});

Deno.test("stripAnsi and unwrapSentences", () => {
  assert.equal(stripAnsi("\x1b[1m\x1b[31merror\x1b[39m\x1b[0m\x1b[1m:\x1b[0m x\r"), "error: x");
  assert.equal(stripAnsi("\x1b]8;;https://x\x07link\x1b]8;;\x07"), "link");
  assert.equal(
    unwrapSentences("Because a==1\n  depends on b. And because\nc, d."),
    "Because a==1 depends on b.\nAnd because c, d.",
  );
});

Deno.test("mentionedPackages: lists, extras and Python are handled", () => {
  assert.deepEqual(
    mentionedPackages("Because your project depends on a_b, C.d and e==1, we can conclude x."),
    ["a-b", "c-d", "e"],
  );
  assert.deepEqual(
    mentionedPackages("Because proj[x] depends on Python>=3.13 and foo>=1, we can"),
    ["proj", "foo"],
  );
});

Deno.test("normalizeName follows PEP 503", () => {
  const table: Array<[string, string]> = [
    ["vlm-adapter-qwen", "vlm-adapter-qwen"],
    ["VLM_Adapter.Qwen", "vlm-adapter-qwen"],
    ["a__-.b", "a-b"],
    ["Shared_Lib", "shared-lib"],
  ];
  for (const [input, expected] of table) assert.equal(normalizeName(input), expected, input);
});

const owners = new Map([
  ["vlm-adapter-qwen", { group: "inference", option: "qwen" }],
  ["vlm-adapter-deepseek", { group: "inference", option: "deepseek" }],
  ["broken-pkg", { group: "metrics", option: "broken" }],
]);

Deno.test("annotate: first mention of each selected package names its option and group", () => {
  const lines = annotate(parseUvFailure(fixture("no_solution_conflict")), owners).split("\n");
  assert.equal(
    lines[0],
    "Because only vlm-adapter-deepseek==0.1.0 (option 'deepseek' of group 'inference') is available " +
      "and vlm-adapter-deepseek==0.1.0 depends on shared-lib==2.0.0, we can conclude that all " +
      "versions of vlm-adapter-deepseek depend on shared-lib==2.0.0.",
  );
  assert.ok(lines[1].startsWith(
    "And because vlm-adapter-qwen==0.1.0 (option 'qwen' of group 'inference') depends on shared-lib==1.0.0 ",
  ));
  assert.equal(lines[2], conflictExplanation.split("\n")[2]);
});

Deno.test("annotate: without an explanation the summary is annotated, after the quoted name", () => {
  assert.equal(
    annotate(parseUvFailure(fixture("build_failed_sync")), owners),
    "Failed to build `broken-pkg @ file:///tmp/uvexp/bf/packages/broken` (option 'broken' of group " +
      "'metrics'): Expected a Python module at: packages/broken/src/broken_pkg/__init__.py",
  );
  const text = annotate(parseUvFailure(fixture("no_solution_conflict")), new Map());
  assert.equal(text, conflictExplanation);
});

Deno.test("annotate: a name at the end of a sentence keeps the full stop after the note", () => {
  const failure = parseUvFailure(
    "error: x\n  cause: Because a depends on vlm_adapter.Qwen==2.0.\n",
  );
  assert.equal(
    annotate(failure, owners),
    "Because a depends on vlm_adapter.Qwen==2.0 (option 'qwen' of group 'inference').",
  );
});

Deno.test({
  name: "real uv: two options pinning different versions of one dependency give this report",
  sanitizeResources: false,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "hpm-diag-" });
    try {
      const wheels = `${root}/wheels`;
      await buildFixtureWheels(wheels, [
        { name: "shared-lib", version: "1.0.0" },
        { name: "shared-lib", version: "2.0.0" },
      ], { cacheDir: `${root}/cache` });
      const project = `${root}/project`;
      for (
        const [dir, name, pin] of [["qwen", "vlm-adapter-qwen", "1.0.0"], [
          "ds",
          "vlm-adapter-deepseek",
          "2.0.0",
        ]]
      ) {
        const module = `${project}/packages/${dir}/src/${name.replaceAll("-", "_")}`;
        await Deno.mkdir(module, { recursive: true });
        await Deno.writeTextFile(`${module}/__init__.py`, "");
        await Deno.writeTextFile(
          `${project}/packages/${dir}/pyproject.toml`,
          tinyPyproject({ name, version: "0.1.0", dependencies: [`shared-lib==${pin}`] }),
        );
      }
      await Deno.writeTextFile(
        `${project}/pyproject.toml`,
        [
          "[project]",
          'name = "vlm-bench"',
          'version = "0.1.0"',
          'requires-python = ">=3.8"',
          'dependencies = ["vlm-adapter-qwen", "vlm-adapter-deepseek"]',
          "",
          "[tool.uv.sources]",
          'vlm-adapter-qwen = { path = "packages/qwen", editable = true }',
          'vlm-adapter-deepseek = { path = "packages/ds", editable = true }',
          "",
        ].join("\n"),
      );
      const output = await new Deno.Command(Deno.env.get("HPM_UV") ?? "uv", {
        args: ["lock"],
        cwd: project,
        env: {
          ...hermeticUvEnv(`${root}/cache`),
          UV_FIND_LINKS: wheels,
          UV_NO_INDEX: "1",
          UV_NO_WRAP: "1",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(output.code, 1);
      const failure = parseUvFailure(new TextDecoder().decode(output.stderr));
      assert.equal(failure.kind, "no-solution");
      assert.deepEqual([...failure.packages].sort(), [
        "shared-lib",
        "vlm-adapter-deepseek",
        "vlm-adapter-qwen",
      ]);
      assert.match(
        failure.explanation ?? "",
        /vlm-adapter-qwen==0\.1\.0 depends on shared-lib==1\.0\.0/,
      );
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
