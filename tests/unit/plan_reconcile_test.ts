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
    const changes = reconcile(
      doubled,
      plan(...entries),
      "pyproject.toml",
      () => ({ line: 3, column: 1 }),
    );
    assert.equal(changes.problems.length, 1);
    assert.match(
      changes.problems[0].message,
      /^'shared-lib' is in \[project\]\.dependencies 2 times \(shared-lib==1\.0\.0, shared-lib<3\); hpm wrote one of them and would (replace|remove) them all$/,
    );
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
