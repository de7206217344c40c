import assert from "node:assert/strict";
import { describeCycle, type Edge, findCycles, importsOf } from "../../scripts/import_cycles.ts";

Deno.test("importsOf: value imports and lazy imports are edges, types and packages are not", () => {
  const text = [
    `import { a } from "./a.ts";`,
    `import type { B } from "./b.ts";`,
    `import { type C, type D } from "./c.ts";`,
    `import { type E, e } from "../e.ts";`,
    `export { f } from "./f/f.ts";`,
    `export type { G } from "./g.ts";`,
    `import "./side.ts";`,
    `import {`,
    `  h,`,
    `  type H,`,
    `} from "./h.ts";`,
    `import yaml from "yaml";`,
    ` * import { z } from "./comment.ts";`,
    `const lazy = await import("./lazy.ts");`,
    `type T = typeof import("./typeof.ts");`,
    "const computed = import(`./cmd/${name}.ts`);",
  ].join("\n");
  const edges = importsOf("src/x/m.ts", text);
  assert.deepEqual(edges, [
    { to: "src/x/a.ts", lazy: false },
    { to: "src/e.ts", lazy: false },
    { to: "src/x/f/f.ts", lazy: false },
    { to: "src/x/side.ts", lazy: false },
    { to: "src/x/h.ts", lazy: false },
    { to: "src/x/lazy.ts", lazy: true },
  ]);
});

Deno.test("findCycles: each elementary cycle once, lazy edges marked", () => {
  const edge = (to: string, lazy = false): Edge => ({ to, lazy });
  const graph = new Map<string, Edge[]>([
    ["src/a.ts", [edge("src/b.ts")]],
    ["src/b.ts", [edge("src/c.ts"), edge("src/a.ts", true)]],
    ["src/c.ts", [edge("src/a.ts")]],
    ["src/d.ts", [edge("src/a.ts")]],
  ]);
  const cycles = findCycles(graph).map(describeCycle).sort();
  assert.deepEqual(cycles, ["a.ts -> b.ts -> c.ts -> a.ts", "a.ts -> b.ts ~> a.ts"]);
  assert.deepEqual(findCycles(new Map([["src/d.ts", [edge("src/a.ts")]]])), []);
});
