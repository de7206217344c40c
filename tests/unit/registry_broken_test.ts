/** A file with an error is left out of the loaded registry, and so is what depends on it. */
import assert from "node:assert/strict";
import { removing } from "../support/temp.ts";
import { loadRegistryFiles } from "../../src/registry/load_files.ts";
import { requireUsable } from "../../src/commands/registry_report.ts";
import type { HpmError } from "../../src/errors.ts";

async function registry(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "hpm-broken-" });
  for (const dir of ["groups", "packages"]) await Deno.mkdir(`${root}/${dir}`);
  for (const [path, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${root}/${path}`, text);
  }
  return root;
}

const pkg = (name: string) =>
  `name: ${name}\nversion: "1"\nsources:\n  prod: {type: index, version: ">=1"}\n`;

Deno.test("a group implying into a group that cannot be used is left out too, located at its implies", async () => {
  const root = await registry({
    "groups/a.yaml": "name: a\nstrategy: 1-of-N\noptions:\n  - name: x\n    implies: {b: [y]}\n",
    "groups/b.yaml": "name: b\nstrategy: one\noptions: [{name: y}]\n",
    "groups/c.yaml": "name: c\nstrategy: 1-of-N\noptions: [{name: z}]\n",
    // f is read, but holds an error (a default it does not offer): e, implying into it, follows.
    "groups/e.yaml": "name: e\nstrategy: 1-of-N\noptions:\n  - name: x\n    implies: {f: [y]}\n",
    "groups/f.yaml": "name: f\nstrategy: 1-of-N\noptions: [{name: y}]\ndefault: [q]\n",
    "packages/x.yaml": pkg("x"),
    "packages/y.yaml": pkg("y"),
    "packages/z.yaml": "name: z\nversion: [1\n",
  });
  await using _root = removing(root);
  const { registry: loaded } = await loadRegistryFiles(root, root);
  assert.deepEqual([...loaded.groups.keys()], ["c"]);
  assert.deepEqual([...loaded.packages.keys()], ["x", "y"]);
  const implies = loaded.problems.find((p) => p.file === "groups/a.yaml")!;
  assert.deepEqual(
    [implies.line, implies.column, implies.severity, implies.message],
    [5, 15, "error", "'x' (group 'a') implies an option of group 'b', whose file cannot be used"],
  );
  const follows = loaded.problems.find((p) => p.file === "groups/e.yaml")!;
  assert.deepEqual(
    [follows.line, follows.column, follows.message],
    [5, 15, "'x' (group 'e') implies an option of group 'f', whose file cannot be used"],
  );
  // c itself is usable: z's manifest is not, and only what needs it fails.
  assert.doesNotThrow(() => requireUsable(loaded, { groups: ["c"], packages: ["x"] }));
  assert.throws(
    () => requireUsable(loaded, { groups: ["a"], packages: ["z"] }),
    (error: HpmError) =>
      error.message ===
        "2 registry files this command needs cannot be used (group 'a', package 'z'): 2 errors" &&
      error.problems.map((p) => p.file).join() === "groups/a.yaml,packages/z.yaml",
  );
});
