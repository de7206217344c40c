/**
 * Import cycles among hpm's own modules (`deno run -A scripts/import_cycles.ts`; scripts/test.sh
 * runs it as one check). Walks the imports of main.ts and of every module under src/, prints
 * each cycle as `a.ts -> b.ts -> a.ts` and exits 1 when there is any, 0 otherwise.
 *
 * An edge is an import that runs code: `import ... from`, `export ... from`, `import "x"`, and a
 * dynamic `import("x")` with a literal specifier (a lazy edge, shown as `~>`: loading later
 * is still depending). Not edges: `import type` / `export type` (erased, they load nothing),
 * imports whose every name is `type X`, `typeof import("x")` (a type), dynamic imports of a
 * computed specifier (main.ts's and the command table's loaders, which Deno does not follow
 * either when it builds the graph from JSR), and imports of anything but a relative `.ts` file.
 *
 *   deno run -A scripts/import_cycles.ts [--static]   (--static: leave the lazy edges out)
 */

const REPO = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");

/** One import of a module: the imported file (relative to the repository) and whether lazy. */
export interface Edge {
  to: string;
  lazy: boolean;
}

// `import`/`export` at the start of a line (so JSDoc and strings in prose do not count), up to
// its `from "x"`; or a bare `import "x"`.
const STATIC_IMPORT =
  /^(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm;
// Not `typeof import("x")`: a type.
const DYNAMIC_IMPORT = /(?<!\btypeof\s*)\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The imports in `text` of module `file` (both relative to the repository) that run code. */
export function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = [];
  const add = (specifier: string, lazy: boolean) => {
    if (!specifier.startsWith(".") || !specifier.endsWith(".ts")) return;
    edges.push({ to: joinRelative(file, specifier), lazy });
  };
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const [, , typeOnly, names, from, bare] = match;
    if (bare !== undefined) add(bare, false);
    else if (!typeOnly && !onlyTypes(names)) add(from, false);
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) add(match[1], true);
  return edges;
}

/** True for `{ type A, type B }`: named imports that are all types (erased like `import type`). */
function onlyTypes(names: string): boolean {
  const braced = /^\{([^}]*)\}$/.exec(names.trim());
  if (!braced) return false;
  const parts = braced[1].split(",").map((part) => part.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((part) => part.startsWith("type "));
}

/** `specifier` resolved against the directory of `file`, both relative to the repository. */
function joinRelative(file: string, specifier: string): string {
  const parts = file.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/**
 * Every elementary cycle of the graph, each once, starting at its smallest module (Johnson's
 * idea, simplified: a depth-first search from each node over the nodes after it).
 */
export function findCycles(graph: Map<string, Edge[]>): Edge[][] {
  const nodes = [...graph.keys()].sort();
  const cycles: Edge[][] = [];
  for (const start of nodes) {
    const path: Edge[] = [];
    const onPath = new Set<string>([start]);
    const visit = (node: string) => {
      for (const edge of graph.get(node) ?? []) {
        if (edge.to === start) cycles.push([...path, edge]);
        else if (edge.to > start && !onPath.has(edge.to) && graph.has(edge.to)) {
          onPath.add(edge.to);
          path.push(edge);
          visit(edge.to);
          path.pop();
          onPath.delete(edge.to);
        }
      }
    };
    visit(start);
  }
  return cycles;
}

/** A cycle as `a.ts -> b.ts ~> a.ts` (`~>` a lazy edge), paths shown under src/ without it. */
export function describeCycle(cycle: Edge[]): string {
  const show = (file: string) => file.replace(/^src\//, "");
  const start = cycle[cycle.length - 1].to;
  return show(start) +
    cycle.map((edge) => ` ${edge.lazy ? "~>" : "->"} ${show(edge.to)}`).join("");
}

/** main.ts and every `.ts` file under src/, relative to the repository. */
async function moduleFiles(): Promise<string[]> {
  const files = ["main.ts"];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(`${REPO}/${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && entry.name.endsWith(".ts")) files.push(path);
    }
  };
  await walk("src");
  return files.sort();
}

async function main(): Promise<number> {
  const withLazy = !Deno.args.includes("--static");
  const unknown = Deno.args.filter((arg) => arg !== "--static");
  if (unknown.length) {
    console.error(`import_cycles: unknown argument '${unknown[0]}'; usage: [--static]`);
    return 2;
  }
  const graph = new Map<string, Edge[]>();
  for (const file of await moduleFiles()) {
    const edges = importsOf(file, await Deno.readTextFile(`${REPO}/${file}`));
    graph.set(file, withLazy ? edges : edges.filter((edge) => !edge.lazy));
  }
  const cycles = findCycles(graph);
  for (const cycle of cycles) console.log(`cycle: ${describeCycle(cycle)}`);
  const kinds = withLazy ? "static and lazy imports" : "static imports";
  console.log(
    cycles.length === 0
      ? `no import cycles among ${graph.size} modules (${kinds})`
      : `${cycles.length} import cycle${
        cycles.length === 1 ? "" : "s"
      } among ${graph.size} modules (${kinds})`,
  );
  return cycles.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
