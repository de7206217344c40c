/** reconcile: what hpm owns is changed, what the user wrote is never silently taken or lost. */
import assert from "node:assert/strict";
import type { PlannedEntry } from "../../src/plan/plan.ts";
import { type CurrentState, reconcile } from "../../src/plan/reconcile.ts";
import { digestParts, plannedParts } from "../../src/plan/written.ts";

const LIB: PlannedEntry = {
  group: "lib",
  option: "shared-lib",
  mode: "prod",
  modeFrom: "default",
  source: {
    type: "index",
    version: "==1.0.0",
    index: "https://one.example/simple",
    position: { file: "packages/shared-lib.yaml", line: 4, column: 5 },
  },
  distribution: "shared-lib",
  requirement: "shared-lib==1.0.0",
  uvSource: { index: "hpm-shared-lib" },
  index: { name: "hpm-shared-lib", url: "https://one.example/simple" },
};

const OWNED: CurrentState = {
  dependencies: ["requests>=2", "shared-lib==1.0.0"],
  sources: { "shared-lib": { index: "hpm-shared-lib" } },
  indexes: [{ name: "hpm-shared-lib", url: "https://one.example/simple", explicit: true }],
  managed: ["shared-lib"],
  written: { "shared-lib": digestParts(plannedParts(LIB)) },
};

const plan = (...entries: PlannedEntry[]) => ({ entries, problems: [] });

Deno.test("reconcile: what hpm wrote, as planned, changes nothing", () => {
  const changes = reconcile(OWNED, plan(LIB), "pyproject.toml");
  assert.deepEqual(changes.problems, []);
  assert.deepEqual([changes.addIndexes, changes.removeIndexes, changes.addDependencies], [
    [],
    [],
    [],
  ]);
});

Deno.test("reconcile: a manifest's new index URL rewrites hpm's index (it was ignored)", () => {
  const moved = { ...LIB, index: { name: "hpm-shared-lib", url: "https://two.example/simple" } };
  const changes = reconcile(OWNED, plan(moved), "pyproject.toml");
  assert.deepEqual(changes.problems, []);
  assert.deepEqual(changes.removeIndexes, ["hpm-shared-lib"]);
  assert.deepEqual(changes.addIndexes, [{
    name: "hpm-shared-lib",
    url: "https://two.example/simple",
  }]);
  assert.deepEqual(changes.updated.map((e) => e.option), ["shared-lib"]);
});

Deno.test("reconcile: a second, hand-added entry of a managed name stops hpm (was deleted)", () => {
  const doubled = { ...OWNED, dependencies: [...OWNED.dependencies, "shared-lib<3"] };
  for (const entries of [[LIB], []]) {
    const changes = located(reconcile(doubled, plan(...entries), "pyproject.toml"));
    assert.equal(changes.problems.length, 1);
    assert.match(
      changes.problems[0].message,
      /^'shared-lib' is in \[project\]\.dependencies 2 times \(shared-lib==1\.0\.0, shared-lib<3\); hpm wrote one of them and would (replace|remove) them all$/,
    );
    // Located at the second entry, the one added by hand.
    assert.deepEqual(changes.problems[0].keyPath, ["project", "dependencies", 2]);
    assert.equal(changes.problems[0].line, 3);
    assert.deepEqual(changes.removeDependencies, []);
  }
});

Deno.test("reconcile: the user's own index named like hpm's is a collision, not taken over", () => {
  const users: CurrentState = {
    dependencies: ["requests>=2"],
    sources: {},
    indexes: [{ name: "hpm-shared-lib", url: "https://mine.example/simple", explicit: false }],
    managed: [],
  };
  const changes = reconcile(users, plan(LIB), "pyproject.toml");
  assert.equal(changes.problems.length, 1);
  assert.match(
    changes.problems[0].message,
    /^\[\[tool\.uv\.index\]\] already has an index named 'hpm-shared-lib', which hpm did not add/,
  );
  assert.deepEqual([changes.addIndexes, changes.removeIndexes, changes.setSources], [[], [], []]);
});

// --- hand edits: what hpm wrote is remembered, anything else is shown, never overwritten ---

const QWEN: PlannedEntry = {
  group: "inference",
  option: "vlm-adapter-qwen",
  mode: "prod",
  modeFrom: "default",
  source: {
    type: "local",
    path: "../../packages/vlm_adapter",
    editable: true,
    position: { file: "registry/packages/vlm-adapter-qwen.yaml", line: 4, column: 5 },
  },
  distribution: "vlm-adapter-qwen",
  requirement: "vlm-adapter-qwen",
  uvSource: { path: "packages/vlm_adapter", editable: true },
};

const SYNCED: CurrentState = {
  dependencies: ["requests>=2", "vlm-adapter-qwen"],
  sources: { "vlm-adapter-qwen": { path: "packages/vlm_adapter", editable: true } },
  indexes: [],
  managed: ["vlm-adapter-qwen"],
  written: { "vlm-adapter-qwen": digestParts(plannedParts(QWEN)) },
  created: ["tool.uv.sources"],
};

const at = (path: readonly (string | number)[]) => ({ line: path.length, column: 7 });

/** What reconcile reports, located as `locatePositions` would (a fake position per key path). */
function located(changes: ReturnType<typeof reconcile>) {
  for (const item of [...changes.edits, ...changes.droppedEdits, ...changes.problems]) {
    if (item.keyPath) Object.assign(item, at(item.keyPath));
  }
  return changes;
}

Deno.test("reconcile: an edited dependency is reported and left as it is", () => {
  const edited = { ...SYNCED, dependencies: ["requests>=2", "vlm-adapter-qwen>=0.1"] };
  const changes = located(reconcile(edited, plan(QWEN), "pyproject.toml"));
  assert.deepEqual(changes.problems, []);
  assert.equal(changes.edits.length, 1);
  const [edit] = changes.edits;
  assert.deepEqual([edit.name, edit.kind, edit.differs], ["vlm-adapter-qwen", "edited", [
    "dependency",
  ]]);
  assert.equal(edit.now.dependency, "vlm-adapter-qwen>=0.1");
  assert.equal(edit.planned?.dependency, "vlm-adapter-qwen");
  // Located at the element: ["project", "dependencies", 1].
  assert.deepEqual([edit.line, edit.column], [3, 7]);
  assert.deepEqual(
    [changes.replaceDependencies, changes.addDependencies, changes.removeDependencies],
    [[], [], []],
  );
  assert.deepEqual([changes.updated, changes.written], [[], undefined]);
});

Deno.test("reconcile: --reset-edits rewrites an edited dependency in place", () => {
  const edited = { ...SYNCED, dependencies: ["requests>=2", "vlm-adapter-qwen>=0.1"] };
  const changes = located(reconcile(edited, plan(QWEN), "pyproject.toml", { resetEdits: true }));
  assert.equal(changes.edits.length, 1);
  assert.deepEqual(changes.replaceDependencies, [{
    name: "vlm-adapter-qwen",
    requirement: "vlm-adapter-qwen",
  }]);
  assert.deepEqual([changes.addDependencies, changes.removeDependencies], [[], []]);
  assert.deepEqual(changes.updated.map((e) => e.option), ["vlm-adapter-qwen"]);
});

Deno.test("reconcile: an edited source (uv add --editable elsewhere) is reported at its key", () => {
  const edited = {
    ...SYNCED,
    sources: { "vlm-adapter-qwen": { path: "/other/path", editable: true } },
  };
  const changes = located(reconcile(edited, plan(QWEN), "pyproject.toml"));
  assert.equal(changes.edits.length, 1);
  assert.deepEqual(changes.edits[0].differs, ["source"]);
  assert.equal(changes.edits[0].line, 4); // ["tool", "uv", "sources", key]
  assert.deepEqual(changes.setSources, []);
});

Deno.test("reconcile: a removed managed dependency (uv remove) is 'removed', not re-added", () => {
  const removed = { ...SYNCED, dependencies: ["requests>=2"], sources: {} };
  const changes = located(reconcile(removed, plan(QWEN), "pyproject.toml"));
  assert.deepEqual(changes.edits.map((e) => [e.kind, e.differs]), [[
    "removed",
    ["dependency", "source"],
  ]]);
  assert.deepEqual([changes.addDependencies, changes.setSources], [[], []]);
  const reset = located(reconcile(removed, plan(QWEN), "pyproject.toml", { resetEdits: true }));
  assert.deepEqual(reset.addDependencies, ["vlm-adapter-qwen"]);
});

Deno.test("reconcile: a registry change of hpm's own text is applied in place, record updated", () => {
  const pinned = { ...QWEN, requirement: "vlm-adapter-qwen>=0.2" };
  const changes = located(reconcile(SYNCED, plan(pinned), "pyproject.toml"));
  assert.deepEqual(changes.edits, []);
  assert.deepEqual(changes.replaceDependencies, [{
    name: "vlm-adapter-qwen",
    requirement: "vlm-adapter-qwen>=0.2",
  }]);
  assert.deepEqual(changes.written, { "vlm-adapter-qwen": digestParts(plannedParts(pinned)) });
});

Deno.test("reconcile: an older hpm's project (no record) is hpm's where it matches the plan", () => {
  const { written: _, created: __, ...older } = SYNCED;
  const same = located(reconcile(older, plan(QWEN), "pyproject.toml"));
  assert.deepEqual(same.edits, []);
  // Only the record is written; [tool.uv.sources] held only hpm's names: hpm's.
  assert.deepEqual(same.written, SYNCED.written);
  assert.deepEqual(same.created, ["tool.uv.sources"]);
  assert.deepEqual([same.replaceDependencies, same.addDependencies, same.setSources], [[], [], []]);
  // Where it differs, hpm cannot tell its own text from an edit: it says so and keeps it.
  const pinned = { ...QWEN, requirement: "vlm-adapter-qwen>=0.2" };
  const differs = located(reconcile(older, plan(pinned), "pyproject.toml"));
  assert.deepEqual(differs.edits.map((e) => e.kind), ["unrecorded"]);
  assert.deepEqual(differs.replaceDependencies, []);
});

Deno.test("reconcile: a deselected option's edited entry is removed, and reported", () => {
  const edited = { ...SYNCED, dependencies: ["requests>=2", "vlm-adapter-qwen>=0.1"] };
  const changes = located(reconcile(edited, plan(), "pyproject.toml"));
  assert.deepEqual(changes.edits, []);
  assert.deepEqual(changes.droppedEdits.map((e) => e.name), ["vlm-adapter-qwen"]);
  assert.deepEqual(changes.removeDependencies, ["vlm-adapter-qwen"]);
});

Deno.test("reconcile: the keys hpm created are remembered and dropped with the last option", () => {
  const fresh: CurrentState = {
    dependencies: [],
    sources: {},
    indexes: [],
    managed: [],
    hasDependencies: false,
    hasSources: false,
  };
  const added = located(reconcile(fresh, plan(QWEN), "pyproject.toml"));
  assert.deepEqual(added.created, ["project.dependencies", "tool.uv.sources"]);
  const synced = {
    ...SYNCED,
    dependencies: ["vlm-adapter-qwen"],
    created: ["project.dependencies", "tool.uv.sources"],
  };
  const gone = located(reconcile(synced, plan(), "pyproject.toml"));
  assert.deepEqual(gone.dropCreated, ["project.dependencies", "tool.uv.sources"]);
  assert.deepEqual([gone.created, gone.written, gone.managed], [[], {}, []]);
  // The user's own dependency in hpm's array: the array stays.
  const shared = { ...synced, dependencies: ["requests", "vlm-adapter-qwen"] };
  assert.deepEqual(located(reconcile(shared, plan(), "pyproject.toml")).dropCreated, [
    "tool.uv.sources",
  ]);
});

Deno.test("reconcile: a collision points at the user's entry, and says extras go in the manifest", () => {
  const users: CurrentState = {
    dependencies: ["requests>=2", "qdrant-client[fastembed]>=1.12"],
    sources: {},
    indexes: [],
    managed: [],
  };
  const qdrant = { ...LIB, distribution: "qdrant-client", requirement: "qdrant-client" };
  delete qdrant.index;
  delete qdrant.uvSource;
  const changes = reconcile(users, plan(qdrant), "pyproject.toml");
  assert.equal(changes.problems.length, 1);
  assert.deepEqual(changes.problems[0].keyPath, ["project", "dependencies", 1]);
  assert.match(
    changes.problems[0].hint!,
    /declare `extras: \[fastembed\]` in the package's manifest \(packages\/shared-lib\.yaml\)/,
  );
});
