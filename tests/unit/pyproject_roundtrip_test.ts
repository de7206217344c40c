/**
 * Byte-for-byte round trips over real-world-shaped pyproject.toml files (setuptools,
 * hatchling, Poetry 2, PDM, flit, maturin, a uv app), as LF and as CRLF: group add, sync,
 * group remove, sync give back the original bytes, keys and tables hpm created included. The
 * same code paths as the commands (view -> reconcile -> editor), without uv.
 */
import assert from "node:assert/strict";
import { applyChanges, currentState } from "../../src/plan/new_text.ts";
import type { PlannedEntry } from "../../src/plan/plan.ts";
import { reconcile } from "../../src/plan/reconcile.ts";
import { editPyproject } from "../../src/pyproject/editor.ts";
import { readPyprojectView } from "../../src/pyproject/view.ts";

const FIXTURES = new URL("./fixtures/pyprojects/", import.meta.url);

const at = { file: "registry/packages/x.yaml", line: 1, column: 1 };
const ENTRIES: PlannedEntry[] = [
  {
    group: "inference",
    option: "vlm-adapter-qwen",
    mode: "dev",
    modeFrom: "default",
    source: { type: "local", path: "../x", editable: true, position: at },
    distribution: "vlm-adapter-qwen",
    requirement: "vlm-adapter-qwen",
    uvSource: { path: "packages/vlm_adapter", editable: true },
  },
  {
    group: "store",
    option: "vector-store",
    mode: "prod",
    modeFrom: "default",
    source: { type: "index", version: ">=1.2", index: "https://pypi.example/simple", position: at },
    distribution: "vector-store",
    requirement: "vector-store>=1.2",
    uvSource: { index: "hpm-vector-store" },
    index: { name: "hpm-vector-store", url: "https://pypi.example/simple" },
  },
  {
    group: "metrics",
    option: "metric-latency",
    mode: "prod",
    modeFrom: "default",
    source: { type: "git", url: "https://git.example/latency", tag: "v1", position: at },
    distribution: "metric-latency",
    requirement: "metric-latency",
    uvSource: { git: "https://git.example/latency", tag: "v1" },
  },
];

async function sync(text: string, entries: PlannedEntry[]): Promise<string> {
  const view = await readPyprojectView(text, "pyproject.toml");
  const changes = reconcile(currentState(view), { entries, problems: [] }, "pyproject.toml");
  assert.deepEqual([changes.problems, changes.edits], [[], []]);
  return await applyChanges(text, "pyproject.toml", changes);
}

async function select(
  text: string,
  group: string,
  option: string | undefined,
): Promise<string> {
  const path = ["tool", "hpm", "groups", group];
  return await editPyproject(
    text,
    "pyproject.toml",
    option === undefined
      ? [{ op: "delete", path }, { op: "deleteTableIfEmpty", path: path.slice(0, 3) }]
      : [{ op: "set", path, value: option }],
  );
}

const names = [...Deno.readDirSync(FIXTURES)].map((e) => e.name).filter((n) => n.endsWith(".toml"))
  .sort();

Deno.test("round-trip fixtures are all there", () => {
  assert.deepEqual(names, [
    "flit.toml",
    "hatchling.toml",
    "maturin.toml",
    "pdm.toml",
    "poetry.toml",
    "setuptools.toml",
    "uv_app.toml",
  ]);
});

for (const name of names) {
  for (const eol of ["\n", "\r\n"]) {
    Deno.test(`round trip ${name} (${eol === "\n" ? "LF" : "CRLF"}): add, sync, remove, sync give back the bytes`, async () => {
      const original = Deno.readTextFileSync(new URL(name, FIXTURES)).replaceAll("\n", eol);
      let text = original;
      for (const e of ENTRIES) text = await select(text, e.group, e.option);
      text = await sync(text, ENTRIES);
      const view = await readPyprojectView(text, "pyproject.toml");
      assert.deepEqual(view.hpm.managed, ["metric-latency", "vector-store", "vlm-adapter-qwen"]);
      assert.deepEqual(Object.keys(view.hpm.written ?? {}).length, 3);
      for (const e of ENTRIES) assert.ok(view.dependencies.includes(e.requirement));
      // A second sync changes nothing.
      assert.equal(await sync(text, ENTRIES), text);
      // Removing one option at a time, then the last.
      text = await select(text, "store", undefined);
      text = await sync(text, ENTRIES.filter((e) => e.group !== "store"));
      for (const e of ENTRIES) {
        if (e.group !== "store") text = await select(text, e.group, undefined);
      }
      text = await sync(text, []);
      assert.equal(text, original);
    });
  }
}
