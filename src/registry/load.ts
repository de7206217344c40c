/**
 * Loading a registry: from the cache when nothing it depends on changed (`cache/read.ts`), else
 * through the full loader (`load_files.ts`, imported only then, with the YAML reader and the
 * validators behind it), whose result is then cached (`cache/write.ts`, imported only then).
 */
import { resolvePath } from "../paths.ts";
import { cacheSlot, readCache } from "./cache/read.ts";
import type { Registry } from "./types.ts";

/**
 * Loads the registry at `root`: every group and package file, read, parsed and
 * cross-checked. Problems (all of them, sorted by file and line) are returned, not thrown;
 * only a missing registry or a missing `groups/` or `packages/` directory throws
 * (`registry-not-found`, exit 2). `fresh` reads the files and never the cache (`registry
 * validate`: a verdict on the files themselves), and does not write it either: fingerprinting
 * every file and sealing the result cost validate 0.4 s on 10,000 manifests, for a cache that
 * only a later command might use.
 */
export async function loadRegistry(
  root: string,
  options: { fresh?: boolean } = {},
): Promise<Registry> {
  const cwd = Deno.cwd();
  const absolute = resolvePath(cwd, root);
  // Fingerprinted before anything is read, so that a change during the load shows next time.
  const slot = options.fresh ? undefined : cacheSlot(absolute, cwd);
  const cached = slot && await readCache(slot);
  if (cached) return cached;
  const { loadRegistryFiles } = await import("./load_files.ts");
  const loaded = await loadRegistryFiles(absolute, cwd);
  if (slot) {
    const { writeCache } = await import("./cache/write.ts");
    await writeCache(slot, loaded);
  }
  return loaded.registry;
}
