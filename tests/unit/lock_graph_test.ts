/** stillNeeded: what a member's sync removed stays while something installed still needs it. */
import assert from "node:assert/strict";
import { stillNeeded } from "../../src/project/lock_graph.ts";

const LOCK = {
  package: [
    { name: "root", source: { virtual: "." }, dependencies: [{ name: "vlm-adapter-qwen" }] },
    { name: "app", source: { virtual: "packages/app" }, dependencies: [{ name: "metric-new" }] },
    { name: "metric-new", source: { editable: "packages/new" } },
    { name: "metric-old", source: { editable: "packages/old" } },
    {
      name: "vlm-adapter-qwen",
      source: { editable: "packages/qwen" },
      dependencies: [{ name: "Shared_Lib" }],
    },
    { name: "shared-lib", source: { registry: "x" } },
    {
      name: "tool",
      source: { registry: "x" },
      "optional-dependencies": { extra: [{ name: "metric-old" }] },
    },
  ],
};

Deno.test("stillNeeded: reachable from a virtual member or an installed package, not from itself", () => {
  const installed = new Set(["vlm-adapter-qwen", "shared-lib", "metric-old", "metric-new"]);
  assert.deepEqual([...stillNeeded(LOCK, installed, ["metric-old"])], []);
  // The root project (virtual) needs qwen, and through it shared-lib.
  assert.deepEqual([...stillNeeded(LOCK, installed, ["vlm-adapter-qwen", "shared-lib"])], [
    "vlm-adapter-qwen",
    "shared-lib",
  ]);
  // An installed package's extra counts; one that is not installed does not.
  assert.deepEqual([...stillNeeded(LOCK, new Set([...installed, "tool"]), ["metric-old"])], [
    "metric-old",
  ]);
});
