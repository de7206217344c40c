/** adoption: only what carries the original hpm's signature is taken over; the user's stays. */
import assert from "node:assert/strict";
import { adoption, type AdoptionInput, type OriginalTrace } from "../../src/plan/adopt.ts";

const ROOT = "/p";
const qwen: OriginalTrace = {
  group: "inference",
  option: "vlm-adapter-qwen",
  name: "vlm-adapter-qwen",
  selected: false,
  dir: "/p/packages/vlm_adapter",
};
const deepseek: OriginalTrace = {
  group: "inference",
  option: "vlm-adapter-deepseek",
  name: "vlm-adapter-deepseek",
  selected: true,
  dir: "/p/packages/vlm_adapter_deepseek",
};
const gitTrace: OriginalTrace = {
  group: "metrics",
  option: "metric-git",
  name: "metric-git",
  selected: true,
  git: "https://example.com/org/metric.git",
};

/** What the original's sync left for qwen, then deepseek. */
const SYNCED: AdoptionInput = {
  projectRoot: ROOT,
  dependencies: ["vlm-adapter-deepseek", "vlm-adapter-qwen"],
  sources: {
    "vlm-adapter-deepseek": { workspace: true },
    "vlm-adapter-qwen": { workspace: true },
  },
  managed: [],
  workspace: {
    members: ["packages/vlm_adapter", "packages/vlm_adapter_deepseek"],
    keys: ["members"],
  },
};

Deno.test("adoption: the original's dependencies, workspace sources and members; the replaced option is stale", () => {
  assert.deepEqual(adoption(SYNCED, [qwen, deepseek]), {
    names: ["vlm-adapter-deepseek", "vlm-adapter-qwen"],
    stale: ["vlm-adapter-qwen"],
    removeMembers: ["packages/vlm_adapter", "packages/vlm_adapter_deepseek"],
    dropWorkspace: true,
  });
});

Deno.test("adoption: a member of the user's, a glob, an exclude key keep the workspace table", () => {
  const own = adoption({
    ...SYNCED,
    workspace: { members: ["tools/*", ...SYNCED.workspace!.members], keys: ["members"] },
  }, [qwen, deepseek]);
  assert.deepEqual(own.removeMembers, ["packages/vlm_adapter", "packages/vlm_adapter_deepseek"]);
  assert.equal(own.dropWorkspace, false);
  const excluding = adoption({
    ...SYNCED,
    workspace: { ...SYNCED.workspace!, keys: ["members", "exclude"] },
  }, [qwen, deepseek]);
  assert.equal(excluding.dropWorkspace, false);
  // Under the user's glob, uv adds no member and writes `{ workspace = true }`: taken over,
  // the glob stays (it is the user's).
  const glob = adoption({
    ...SYNCED,
    workspace: { members: ["packages/*"], keys: ["members"] },
  }, [qwen, deepseek]);
  assert.deepEqual(glob, {
    names: ["vlm-adapter-deepseek", "vlm-adapter-qwen"],
    stale: ["vlm-adapter-qwen"],
    removeMembers: [],
    dropWorkspace: false,
  });
  // ... unless the user's globs exclude it: then uv would not have written that.
  const excluded = adoption({
    ...SYNCED,
    workspace: { members: ["packages/*"], exclude: ["packages/vlm_*"], keys: ["members"] },
  }, [qwen, deepseek]);
  assert.deepEqual(excluded.names, []);
});

Deno.test("adoption: path sources outside the project and git sources with the manifest's URL", () => {
  const outside: OriginalTrace = { ...qwen, dir: "/elsewhere/qwen" };
  const input: AdoptionInput = {
    projectRoot: ROOT,
    dependencies: ["vlm-adapter-qwen", "metric-git", "requests>=2"],
    sources: {
      "vlm-adapter-qwen": { path: "../elsewhere/qwen" },
      "metric-git": { git: "https://example.com/org/metric", rev: "v1" },
    },
    managed: [],
  };
  assert.deepEqual(adoption(input, [outside, gitTrace]).names, ["metric-git", "vlm-adapter-qwen"]);
  const other = { ...input, sources: { ...input.sources, "metric-git": { git: "https://x/y" } } };
  assert.deepEqual(adoption(other, [outside, gitTrace]).names, ["vlm-adapter-qwen"]);
});

Deno.test("adoption: a pin, no source, twice, or a name hpm manages is never taken over", () => {
  const cases: Array<Partial<AdoptionInput>> = [
    { dependencies: ["vlm-adapter-deepseek>=0.1", "vlm-adapter-qwen==0.1.0"] },
    { sources: {} },
    { dependencies: ["vlm-adapter-deepseek", "vlm-adapter-deepseek ; python_version > '3'"] },
  ];
  for (const change of cases) {
    const result = adoption({ ...SYNCED, ...change }, [deepseek]);
    assert.deepEqual(result.names, [], JSON.stringify(change));
    assert.deepEqual(result.removeMembers, []);
  }
  const managed = adoption({ ...SYNCED, managed: ["vlm-adapter-deepseek"] }, [qwen, deepseek]);
  assert.deepEqual(managed.names, ["vlm-adapter-qwen"]);
  assert.deepEqual(managed.removeMembers, ["packages/vlm_adapter"]);
  assert.equal(managed.dropWorkspace, false);
});
