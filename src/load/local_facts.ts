/**
 * Reads what the plan needs to know about local source directories (thin, synchronous I/O):
 * whether each exists and the name its pyproject.toml declares. Loading, not planning: the
 * planner (plan/plan.ts) gets these facts as data.
 */
import { HpmError } from "../errors.ts";
import { displayPath, joinPath } from "../paths.ts";
import { readToml } from "../pyproject/read.ts";
import { MAX_PYPROJECT_BYTES, readRegularTextSync, UnreadableFile } from "../fs/regular_file.ts";
import type { Registry } from "../registry/types.ts";
import { type LocalPackageFacts, localSourceDir, type ModeInput, sourceFor } from "../plan/plan.ts";
import type { Selection } from "../plan/selection.ts";

async function factsOf(dir: string): Promise<LocalPackageFacts> {
  try {
    if (!Deno.statSync(dir).isDirectory) return { exists: false };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { exists: false };
    throw error;
  }
  const file = joinPath(dir, "pyproject.toml");
  let text: string;
  try {
    text = readRegularTextSync(file, MAX_PYPROJECT_BYTES);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { exists: true };
    // A FIFO, a device or a huge file: not read; uv reports what it makes of it.
    if (error instanceof UnreadableFile) return { exists: true };
    throw error;
  }
  try {
    const project = (await readToml(text, displayPath(file))).value.project as
      | Record<string, unknown>
      | undefined;
    const name = project?.name;
    return { exists: true, name: typeof name === "string" ? name : undefined };
  } catch (error) {
    // A broken pyproject.toml of a local package is the package's problem; uv reports it.
    if (error instanceof HpmError) return { exists: true };
    throw error;
  }
}

/** Facts for the local sources the selection uses in its mode (skipping `known` ones), by path. */
export async function readLocalFacts(
  registry: Registry,
  selection: Selection,
  modes: ModeInput,
  known: ReadonlyMap<string, LocalPackageFacts> = new Map(),
): Promise<Map<string, LocalPackageFacts>> {
  const dirs = new Set<string>();
  for (const options of selection.values()) {
    for (const option of options) {
      const pkg = registry.packages.get(option);
      const source = pkg && sourceFor(pkg, modes).source;
      if (pkg && source?.type === "local") {
        const dir = localSourceDir(pkg, source.path);
        if (!known.has(dir)) dirs.add(dir);
      }
    }
  }
  const facts = new Map<string, LocalPackageFacts>();
  for (const dir of dirs) facts.set(dir, await factsOf(dir));
  return facts;
}
