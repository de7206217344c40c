/**
 * Writing the registry cache (cache/read.ts reads it and says what a hit must match): after a load
 * that missed, when that is safe, sealed with the user's key, and the removal of cache files
 * long unused. Imported only after a miss (load.ts), so that a hit loads none of it.
 */
import { debug } from "../../output.ts";
import { dirname, joinPath } from "../../paths.ts";
import { plural } from "../../plural.ts";
import { type CacheSlot, registryToJson } from "./read.ts";
import { cacheDirProblem, ensureKey, seal } from "./trust.ts";
import type { LoadedRegistry } from "../types.ts";

/**
 * Why `value` would not come back from JSON.stringify + JSON.parse as an equal, unshared
 * tree (undefined when it would): only strings, finite numbers other than -0, booleans, null,
 * dense arrays and plain objects (no `undefined` values, no non-enumerable properties, no
 * `__proto__` key), each object reached once. (Symbol keys, which no loader code writes, are
 * not looked for.)
 */
export function unfaithful(value: unknown, seen: Set<object> = new Set()): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? undefined : `the number ${value}`;
    case "object":
      break;
    default:
      return `a value of type ${typeof value}`;
  }
  if (value === null) return undefined;
  if (seen.has(value)) return "an object reached twice";
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    // Own names are the indexes and `length`: fewer for a sparse array, more for extras.
    if (Object.getOwnPropertyNames(array).length !== array.length + 1) {
      return "a sparse array or one with extra properties";
    }
    for (let i = 0; i < array.length; i++) {
      const why = unfaithful(array[i], seen);
      if (why) return why;
    }
    return undefined;
  }
  if (proto !== Object.prototype) return "an object of another class";
  const record = value as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(record)) {
    if (key === "__proto__") return "a key '__proto__'";
    if (!Object.prototype.propertyIsEnumerable.call(record, key)) return "a hidden property";
    const why = unfaithful(record[key], seen);
    if (why) return why;
  }
  return undefined;
}

/**
 * The text of a cache file: the seal of `body` under the user's key in `dir` (made when there
 * is none), a line break, `body`; or the reason it cannot be sealed.
 */
export async function sealCache(dir: string, body: string): Promise<string | { why: string }> {
  const key = ensureKey(dir);
  if (typeof key === "string") return { why: key };
  return `${await seal(key, new TextEncoder().encode(body))}\n${body}`;
}

/** Cache files not written for this long are removed when another one is written. */
export const EVICT_AFTER_MS = 30 * 24 * 3600_000;

/**
 * Removes the cache files of `dir` last written more than EVICT_AFTER_MS before `now`: those of
 * registries, checkouts or builds of hpm no longer used. (A file still in use is written again
 * at its next miss.) Runs only after a write, so a hit never pays for it; never throws.
 */
function evictStale(dir: string, now: number): void {
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.isFile || !/^registry-[0-9a-f]{16}\.cache$/.test(entry.name)) continue;
      const path = joinPath(dir, entry.name);
      const mtime = Deno.statSync(path).mtime?.getTime();
      if (mtime !== undefined && mtime < now - EVICT_AFTER_MS) {
        Deno.removeSync(path);
        debug(`registry cache: removed ${path} (unused for 30 days)`);
      }
    }
  } catch (error) {
    debug(`registry cache: eviction stopped (${(error as Error).message})`);
  }
}

/** Writes `loaded` to the cache of `slot` when that is safe; never throws. */
export async function writeCache(slot: CacheSlot, loaded: LoadedRegistry): Promise<void> {
  const skip = (why: string) => debug(`registry cache: not written (${why})`);
  if (slot.racy) return skip(slot.racy);
  if (loaded.unreadable > 0) return skip(`${plural(loaded.unreadable, "file")} could not be read`);
  const { registry } = loaded;
  const why = unfaithful([
    registry.root,
    [...registry.groups],
    [...registry.packages],
    registry.problems,
  ]);
  if (why) return skip(`the registry holds ${why}`);
  const body = [slot.fingerprint, JSON.stringify(loaded.localPaths), registryToJson(registry), ""]
    .join("\n");
  const dir = dirname(slot.file);
  try {
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const problem = cacheDirProblem(dir);
    if (problem !== undefined) return skip(`the cache directory ${dir}: ${problem}`);
    const text = await sealCache(dir, body);
    if (typeof text !== "string") return skip(text.why);
    const { writeFileAtomic } = await import("../../fs/atomic.ts");
    await writeFileAtomic(slot.file, text, 0o600);
    debug(`registry cache: written ${slot.file}`);
    evictStale(dirname(slot.file), Date.now());
  } catch (error) {
    skip((error as Error).message);
  }
}
