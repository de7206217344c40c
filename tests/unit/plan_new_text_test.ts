/**
 * check's quick temporary project (plain values, no editor) against what sync writes (the
 * editor, then materialized): the same meaning wherever the editor's result does not depend on
 * layout, and a detectable difference where it does.
 */
import assert from "node:assert/strict";
import {
  applyChanges,
  buildsItself,
  materializedValue,
  materializeForCheck,
  quickMaterialized,
} from "../../src/plan/new_text.ts";
import { type Changes, noChanges } from "../../src/plan/reconcile.ts";
import { parseToml, parseTomlFull } from "../../src/pyproject/parse.ts";
import { firstDifference } from "../../src/pyproject/plain_value.ts";

const ROOT = "/work/project";

function changes(partial: Partial<Changes>): Changes {
  return { ...noChanges(), ...partial };
}

/** The value sync's text means once materialized: what uv must see. */
async function exactValue(text: string, change: Changes) {
  const written = await applyChanges(text, "pyproject.toml", change);
  return parseTomlFull(await materializeForCheck(written, ROOT), "pyproject.toml").value;
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
  Deno.test(`quickMaterialized: ${name} means what sync writes, materialized`, async () => {
    const quick = quickMaterialized(text, change, ROOT);
    assert.ok(quick, "the quick path took the document");
    const exact = await exactValue(text, change);
    assert.deepEqual(firstDifference(quick.value, exact), undefined);
    // Materializing on the value means what the editor's materialized text means.
    const written = await applyChanges(text, "pyproject.toml", change);
    assert.deepEqual(firstDifference(await materializedValue(written, ROOT), exact), undefined);
    // Its text reads back (with the full parser) as exactly its value.
    assert.deepEqual(firstDifference(parseTomlFull(quick.text, "q").value, quick.value), undefined);
    // A project without a [build-system] is not made virtual: nothing to change.
    const uv = quick.value.tool as { uv: Record<string, unknown> } | undefined;
    assert.deepEqual(uv?.uv?.package, undefined);
  });
}

Deno.test("quickMaterialized: relative paths stay as written (check's mirror keeps them valid)", () => {
  const quick = quickMaterialized(BASE, ADD, ROOT)!;
  const uv = (quick.value.tool as { uv: Record<string, unknown> }).uv;
  assert.deepEqual(uv["find-links"], ["wheels", "https://example.org/simple"]);
  assert.deepEqual(
    (uv.sources as Record<string, unknown>)["vlm-adapter-qwen"],
    { path: "packages/vlm_adapter", editable: true },
  );
});

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

Deno.test("quickMaterialized: a table the editor keeps for its comment differs, so check re-resolves", async () => {
  const text = `[project]
name = "demo"
dependencies = ["vlm-adapter-qwen"]

[tool.uv.sources]
# keep this note
vlm-adapter-qwen = { path = "packages/vlm_adapter" }

[tool.hpm]
managed = ["vlm-adapter-qwen"]
`;
  const change = changes({
    removeDependencies: ["vlm-adapter-qwen"],
    removeSources: ["vlm-adapter-qwen"],
    managed: [],
  });
  const quick = quickMaterialized(text, change, ROOT)!;
  const exact = await exactValue(text, change);
  // The editor leaves `[tool.uv.sources]` (it holds a comment); the plain guess drops it (and
  // with it `[tool]`, empty then).
  assert.deepEqual(firstDifference(quick.value, exact), ["tool"]);
});

Deno.test("quickMaterialized: declines documents it cannot write back exactly", () => {
  assert.deepEqual(quickMaterialized(BASE + "\n[tool.x]\nratio = 1.0\n", ADD, ROOT), undefined);
  assert.deepEqual(
    quickMaterialized(BASE + "\n[tool.x]\nwhen = 1979-05-27\n", ADD, ROOT),
    undefined,
  );
  // Invalid TOML is the slow path's to report.
  assert.deepEqual(quickMaterialized("[project\n", ADD, ROOT), undefined);
});

Deno.test("quick and exact paths take a uv workspace as written", async () => {
  const text = BASE + "\n[tool.uv.workspace]\nmembers = []\n";
  const quick = quickMaterialized(text, ADD, ROOT)!;
  assert.deepEqual((quick.value.tool as { uv: { workspace: unknown } }).uv.workspace, {
    members: [],
  });
  assert.equal(await materializeForCheck(text, ROOT), text);
});

Deno.test("parseToml: the AST is built on first use and locates keys", () => {
  const parsed = parseToml(BASE, "pyproject.toml");
  assert.deepEqual((parsed.value.project as { name: string }).name, "demo");
  const table = parsed.ast.body[0].body.find((n) => n.type === "TOMLTable");
  assert.deepEqual(table?.loc.start.line, 2);
});
