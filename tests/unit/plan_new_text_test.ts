/**
 * check's temporary project: sync's own text (the editor's), materialized: unchanged unless uv
 * would have to build the project itself, which is then made virtual.
 */
import assert from "node:assert/strict";
import { applyChanges, buildsItself, materializeForCheck } from "../../src/plan/new_text.ts";
import { type Changes, noChanges } from "../../src/plan/reconcile.ts";
import { parseToml, parseTomlFull } from "../../src/pyproject/parse.ts";

const ROOT = "/work/project";

function changes(partial: Partial<Changes>): Changes {
  return { ...noChanges(), ...partial };
}

const BASE = `# the user's project
[project]
name = "demo"  # trailing comment
version = "0.1.0"
requires-python = ">=3.10"
dependencies = [
    "requests>=2",  # kept
]

[tool.uv]
find-links = ["wheels", "https://example.org/simple"]

[tool.hpm]
registry = "registry"

[tool.hpm.groups]
inference = "vlm-adapter-qwen"
`;

const ADD = changes({
  addDependencies: ["vlm-adapter-qwen", "metric-accuracy"],
  setSources: [
    { key: "vlm-adapter-qwen", value: { path: "packages/vlm_adapter", editable: true } },
    { key: "metric-accuracy", value: { index: "internal" } },
  ],
  addIndexes: [{ name: "internal", url: "https://pypi.internal/simple" }],
  managed: ["metric-accuracy", "vlm-adapter-qwen"],
});

const SWITCHED = `[project]
name = "demo"
dependencies = ["requests>=2", "vlm-adapter-qwen"]

[tool.uv.sources]
vlm-adapter-qwen = { path = "packages/vlm_adapter", editable = true }

[[tool.uv.index]]
name = "old"
url = "https://old.example/simple"
explicit = true

[tool.hpm]
managed = ["vlm-adapter-qwen"]
`;

const SWITCH = changes({
  removeDependencies: ["vlm-adapter-qwen"],
  addDependencies: ["vlm-adapter-deepseek"],
  removeSources: ["vlm-adapter-qwen"],
  setSources: [{
    key: "vlm-adapter-deepseek",
    value: { git: "https://git.example/ds", tag: "v1" },
  }],
  removeIndexes: ["old"],
  managed: ["vlm-adapter-deepseek"],
});

const cases: Array<[string, string, Changes]> = [
  ["adding to a project without sources", BASE, ADD],
  ["switching an option (removals, an index dropped)", SWITCHED, SWITCH],
  ["removing everything hpm manages", SWITCHED, {
    ...SWITCH,
    addDependencies: [],
    setSources: [],
    managed: [],
    // hpm made [tool.uv.sources] (reconcile infers it for a project an older hpm synced).
    dropCreated: ["tool.uv.sources"],
  }],
  ["no changes", BASE, changes({})],
  ["a CRLF document", BASE.replaceAll("\n", "\r\n"), ADD],
];

for (const [name, text, change] of cases) {
  Deno.test(`materializeForCheck: ${name}: check resolves sync's text as it is`, async () => {
    const written = await applyChanges(text, "pyproject.toml", change);
    // A project uv need not build is not made virtual: the mirror holds sync's bytes, and
    // relative paths (sources, find-links) stay as written (the mirror keeps them valid).
    assert.equal(await materializeForCheck(written, ROOT), written);
    const value = parseTomlFull(written, "pyproject.toml").value;
    const uv = (value.tool as { uv?: Record<string, unknown> } | undefined)?.uv ?? {};
    assert.equal(uv.package, undefined);
    if (change === ADD) {
      assert.deepEqual(uv["find-links"], ["wheels", "https://example.org/simple"]);
      assert.deepEqual(
        (uv.sources as Record<string, unknown>)["vlm-adapter-qwen"],
        { path: "packages/vlm_adapter", editable: true },
      );
    }
  });
}

const PACKAGED = '\n[build-system]\nrequires = ["uv_build"]\nbuild-backend = "uv_build"\n';

Deno.test("buildsItself: only a package whose metadata uv would have to build", async () => {
  const value = (text: string) => parseTomlFull(text, "pyproject.toml").value;
  assert.equal(buildsItself(value(BASE)), false);
  assert.equal(buildsItself(value(BASE + PACKAGED)), false);
  const dynamic = BASE.replace('version = "0.1.0"', 'dynamic = ["version"]');
  assert.equal(buildsItself(value(dynamic + PACKAGED)), true);
  assert.equal(buildsItself(value(dynamic)), false);
  assert.equal(buildsItself(value(dynamic + "\n[tool.x]\n")), false);
  // Such a project is resolved as virtual, the rest of the document as sync writes it.
  const text = await materializeForCheck(dynamic + PACKAGED, ROOT);
  assert.match(text, /^package = false$/m);
  assert.equal(await materializeForCheck(BASE + PACKAGED, ROOT), BASE + PACKAGED);
});

Deno.test("materializeForCheck: a uv workspace is taken as written", async () => {
  const text = BASE + "\n[tool.uv.workspace]\nmembers = []\n";
  assert.equal(await materializeForCheck(text, ROOT), text);
});

Deno.test("parseToml: the AST is built on first use and locates keys", () => {
  const parsed = parseToml(BASE, "pyproject.toml");
  assert.deepEqual((parsed.value.project as { name: string }).name, "demo");
  const table = parsed.ast.body[0].body.find((n) => n.type === "TOMLTable");
  assert.deepEqual(table?.loc.start.line, 2);
});
