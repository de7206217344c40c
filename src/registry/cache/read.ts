/**
 * A cache of the loaded registry, so that a command whose registry has not changed since the
 * last run skips reading, parsing and validating it (and loading the modules that do).
 *
 * A hit must never be stale. The loaded registry is a function of:
 *   - the files the loader reads: the `.yaml` / `.yml` entries of `groups/` and `packages/`
 *     that are not directories (`registryFileNames`; the loader lists them with it too);
 *   - whether each local source path exists (the cross-check's only other file-system input);
 *   - the absolute root, and the working directory only through how the two directories are
 *     shown in positions and problems (`displayPath`);
 *   - hpm's own code: the version in deno.json, the Deno version, and the stat of every module
 *     of the loader (or of the bundle or binary that holds them), so an edited checkout does
 *     not reuse results of its previous code.
 * A cache file records all of it: the name of each file with its size, mtime, ctime, inode and
 * device, the same for both directories (an entry added and removed again changes the
 * directory's times), and each local path with whether it existed. A hit needs all of it
 * equal, the local paths stat-ed again. Where the platform gives no ctime or inode, nothing is
 * cached.
 *
 * The stamps are taken before the loader reads anything, so what it reads is at least as new
 * as they are, and a later change must show as another stamp: a replaced file has another
 * inode, a file changed in place a new ctime (utime sets mtime back, never ctime). Unless the
 * change falls in the same tick: Deno reports ctime in whole seconds, so a rewrite of the
 * same size within the second of the recorded ctime, mtime set back, would stamp the same
 * (git's "racily clean" entries). Hence the rule: no cache file is WRITTEN while any stamp
 * (registry file, directory) has an mtime or ctime within the last 3 s before the stamps
 * were taken, or later; a later change then gets a ctime seconds after the recorded one. For
 * hpm's modules, loaded earlier, the 3 s count back from the start of the process. The next
 * run writes the cache instead. This assumes the clock does not step back by more than that
 * margin between runs.
 *
 * Test hook (not for users): `HPM_CACHE_RACY_MS`, read once when this module loads, replaces
 * the 3 s (a whole number of ms; anything else is ignored), and `setRacyMs` does the same for
 * in-process tests, so that tests need not wait for files to age. Below 1000 ms (Deno's ctime
 * granularity) the guarantee above no longer holds: a test that edits a file after a cache was
 * written must itself let the file's ctime reach a later second.
 *
 * Not cached either: a load where a file could not be read (an I/O error may pass), and a
 * registry that would not come back from JSON exactly (`unfaithful`). Any problem with the
 * cache itself (unreadable, corrupt, a directory that cannot be created) is a miss, told only
 * with `--verbose`. `HPM_NO_CACHE` (non-empty) turns reading and writing off. The files live
 * in `HPM_CACHE_DIR`, else `$XDG_CACHE_HOME/hpm`, `~/.cache/hpm` (`%LOCALAPPDATA%\hpm\cache`
 * on Windows): one per registry root, way of showing it and build of hpm, readable by the user
 * only (a registry may hold index URLs with credentials).
 *
 * The cache is input, never trusted more than the registry files it stands for (a shared
 * HPM_CACHE_DIR, a CI cache): the directory must be the running user's and closed to everyone
 * else (mode 0700, not a symbolic link), else nothing is read from it or written to it. Each
 * cache file must be a regular file of that user, closed to others, and carries on its first
 * line an HMAC-SHA-256 of the rest under a per-user secret (`key`, 32 random bytes, mode 0600,
 * in the same directory). A file that fails any of it (written by someone else, edited, copied
 * from another machine) is a miss, said with `--verbose`. On Windows, which has no owner or
 * mode in Deno's stat, only the HMAC holds.
 *
 * Reading needs only this module, cache/trust.ts, paths.ts and output.ts: a hit must cost less
 * than the load it replaces (see docs/performance.md); writing is in cache/write.ts, loaded
 * after a miss.
 */
import config from "../../../deno.json" with { type: "json" };
import { debug } from "../../output.ts";
import {
  dirname,
  displayPath,
  isAbsolutePath,
  joinPath,
  pathExists,
  resolvePath,
} from "../../paths.ts";
import { cacheDirProblem, readKey, readPrivateFile, sealed } from "./trust.ts";
import type { Registry } from "../types.ts";

/** Bumped whenever the cache file's layout or meaning changes. */
export const CACHE_FORMAT = 2;

/** Files and directories changed this recently (ms) keep a cache from being written. */
export const RACY_MS = 3000;

/** The window in use: RACY_MS, unless a test set another (HPM_CACHE_RACY_MS, setRacyMs). */
let racyMs = racyMsFromEnv();

function racyMsFromEnv(): number {
  try {
    const text = Deno.env.get("HPM_CACHE_RACY_MS");
    if (text !== undefined && /^\d{1,9}$/.test(text)) return Number(text);
  } catch {
    // No permission to read the environment: the default.
  }
  return RACY_MS;
}

/** Test hook: sets the racy window (ms) and returns the one it replaces. */
export function setRacyMs(ms: number): number {
  const previous = racyMs;
  racyMs = ms;
  return previous;
}

/** The window as said in messages: "3 s", "0.2 s". */
function racyWindow(): string {
  return `${racyMs / 1000} s`;
}

/** The directories of a registry the loader reads. */
export const REGISTRY_DIRS = ["groups", "packages"] as const;

const YAML_FILE = /\.ya?ml$/;
const MAGIC = `hpm registry cache ${CACHE_FORMAT}`;

/**
 * The modules of the loader, relative to the repository (checked against `deno info` by
 * tests/unit/registry_cache_test.ts): their stamps are part of the key, with this module's.
 */
export const LOADER_MODULES = [
  "deno.json",
  "src/errors.ts",
  "src/fs/atomic.ts",
  "src/fs/regular_file.ts",
  "src/names.ts",
  "src/neutralize.ts",
  "src/output.ts",
  "src/paths.ts",
  "src/plural.ts",
  "src/redact.ts",
  "src/registry/broken.ts",
  "src/registry/cache/trust.ts",
  "src/registry/cache/write.ts",
  "src/registry/load.ts",
  "src/registry/load_files.ts",
  "src/registry/manifest/extras.ts",
  "src/registry/manifest/group.ts",
  "src/registry/manifest/marker.ts",
  "src/registry/manifest/package.ts",
  "src/registry/manifest/python_objects.ts",
  "src/registry/manifest/python_specs.ts",
  "src/registry/manifest/relations.ts",
  "src/registry/manifest/source.ts",
  "src/registry/manifest/version_compare.ts",
  "src/registry/relations.ts",
  "src/registry/requirement.ts",
  "src/registry/types.ts",
  "src/registry/validate.ts",
  "src/registry/validate_relations.ts",
  "src/registry/yaml/doc.ts",
  "src/registry/yaml/fast.ts",
  "src/registry/yaml/fields.ts",
  "src/registry/yaml/full.ts",
  "src/registry/yaml/read.ts",
  "src/suggest.ts",
];

/** This module, relative to the repository. */
const THIS_MODULE = "src/registry/cache/read.ts";

/**
 * The `.yaml` / `.yml` entries directly in `dir` that are not directories, sorted by name:
 * the files the loader reads. Throws when `dir` cannot be listed.
 */
export function registryFileNames(dir: string): string[] {
  const names: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isDirectory && YAML_FILE.test(entry.name)) names.push(entry.name);
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ---- pure parts ------------------------------------------------------------------------

/** What identifies one state of a file: size, mtime (ms), ctime (ms), inode, device. */
export type Stamp = [size: number, mtime: number, ctime: number, ino: number, dev: number];

/** A stat's stamp, or null when the platform leaves out a time or the inode. */
function stampOf(info: Deno.FileInfo): Stamp | null {
  if (info.mtime === null || info.ctime === null || info.ino === null) return null;
  return [info.size, info.mtime.getTime(), info.ctime.getTime(), info.ino, info.dev];
}

/**
 * True when a stamp's mtime or ctime is within the racy window (RACY_MS unless a test set
 * another) before `now`, or after it.
 */
export function isRacy(stamp: Stamp, now: number): boolean {
  return stamp[1] > now - racyMs || stamp[2] > now - racyMs;
}

/** FNV-1a, 64 bits, of the UTF-8 bytes of `text`, as 16 hex digits (a file name, not security). */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

/**
 * The cache directory: HPM_CACHE_DIR, else $XDG_CACHE_HOME/hpm (when absolute), else
 * ~/.cache/hpm; on Windows %LOCALAPPDATA%\hpm\cache. Undefined when none is known.
 */
export function cacheDirectory(
  env: (name: string) => string | undefined,
  os: string = Deno.build.os,
): string | undefined {
  const explicit = env("HPM_CACHE_DIR");
  if (explicit) return resolvePath(explicit);
  if (os === "windows") {
    const local = env("LOCALAPPDATA");
    return local ? joinPath(local, "hpm", "cache") : undefined;
  }
  const xdg = env("XDG_CACHE_HOME");
  if (xdg && isAbsolutePath(xdg)) return joinPath(xdg, "hpm");
  const home = env("HOME");
  return home ? joinPath(home, ".cache", "hpm") : undefined;
}

/** The registry as JSON: maps as arrays of entries, in order. */
export function registryToJson(registry: Registry): string {
  return JSON.stringify({
    root: registry.root,
    groups: [...registry.groups],
    packages: [...registry.packages],
    problems: registry.problems,
  });
}

function isEntries(value: unknown): value is [string, object][] {
  return Array.isArray(value) &&
    value.every((entry) =>
      Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string" &&
      typeof entry[1] === "object" && entry[1] !== null && !Array.isArray(entry[1])
    );
}

/** The registry back from `registryToJson`'s text; undefined when the text is not of that shape. */
function registryFromJson(text: string): Registry | undefined {
  const value = JSON.parse(text);
  if (
    typeof value !== "object" || value === null || typeof value.root !== "string" ||
    !isEntries(value.groups) || !isEntries(value.packages) || !Array.isArray(value.problems)
  ) return undefined;
  return {
    root: value.root,
    groups: new Map(value.groups) as Registry["groups"],
    packages: new Map(value.packages) as Registry["packages"],
    problems: value.problems,
  };
}

// ---- the file system -------------------------------------------------------------------

function stamp(path: string): Stamp | null {
  return stampOf(Deno.statSync(path));
}

/**
 * Stamps of hpm's own code: this module, the loader's modules beside it (none in a bundle,
 * whose own stamp covers them) and the running executable (deno, or a compiled hpm). Null
 * where a file cannot be stat-ed (a module from JSR is immutable for its version).
 */
function codeStamps(): [string, Stamp | null][] {
  const self = import.meta.filename?.replaceAll("\\", "/"); // the bundle's, when bundled
  const files: [string, string | undefined][] = [[import.meta.url, self]];
  if (self?.endsWith(`/${THIS_MODULE}`)) {
    // Plain concatenation: the names are normalized, and `new URL` per module costs 0.5 ms.
    const repo = self.slice(0, -THIS_MODULE.length);
    for (const module of LOADER_MODULES) files.push([module, repo + module]);
  }
  try {
    files.push([Deno.execPath(), Deno.execPath()]);
  } catch {
    // No permission to know it: the version and the modules still count.
  }
  return files.map(([name, path]) => {
    try {
      return [name, path === undefined ? null : stamp(path)];
    } catch {
      return [name, null];
    }
  });
}

/** Where a registry's cache lives and what a hit must match, taken before loading. */
export interface CacheSlot {
  /** The cache file. */
  file: string;
  /** The key and every stamp, as text: equal text, equal inputs. */
  fingerprint: string;
  /** Why the cache must not be written now (a recent change), if so. */
  racy?: string;
}

/**
 * The cache slot of the registry at `root` (absolute), fingerprinted now; undefined (with the
 * reason under --verbose) when caching is off or the registry cannot be fingerprinted.
 */
export function cacheSlot(
  root: string,
  cwd: string,
  now: number = Date.now(),
): CacheSlot | undefined {
  const env = (name: string) => Deno.env.get(name);
  if (env("HPM_NO_CACHE")) return undefined;
  const dir = cacheDirectory(env);
  if (dir === undefined) {
    debug("registry cache: off (no HPM_CACHE_DIR, XDG_CACHE_HOME or HOME)");
    return undefined;
  }
  let racy: string | undefined;
  const check = (path: string, s: Stamp | null): Stamp => {
    if (s === null) throw new Error(`no ctime or inode for ${path}`);
    if (racy === undefined && isRacy(s, now)) racy = `${path} changed in the last ${racyWindow()}`;
    return s;
  };
  // Modules loaded before now: measured from the process's start, so that an edit after they
  // were loaded counts as racy.
  const code = codeStamps();
  for (const [name, s] of code) {
    if (s !== null && isRacy(s, performance.timeOrigin)) {
      racy ??= `${name} changed in the ${racyWindow()} before hpm started, or since`;
    }
  }
  const shown: string[] = [];
  const listings: unknown[] = [];
  try {
    for (const name of REGISTRY_DIRS) {
      const path = joinPath(root, name);
      const dirStamp = check(path, stamp(path));
      const base = path.endsWith("/") ? path : `${path}/`;
      const files = registryFileNames(path).map((file) => {
        const filePath = base + file;
        return [file, check(filePath, stamp(filePath))];
      });
      shown.push(displayPath(path, cwd));
      listings.push([name, dirStamp, files]);
    }
  } catch (error) {
    debug(`registry cache: not used (${(error as Error).message})`);
    return undefined;
  }
  const key = [MAGIC, config.version, Deno.version.deno, root, shown, code];
  // One file per registry, way of showing it, and build of hpm (this module and the executable
  // by path), so that two builds used alternately do not overwrite each other's.
  const name = fnv1a64(JSON.stringify([root, shown, code[0][0], code[code.length - 1][0]]));
  const file = joinPath(dir, `registry-${name}.cache`);
  return { file, fingerprint: JSON.stringify([key, listings]), racy };
}

/** A cache file larger than this is not read (a 10,000-manifest registry's is about 10 MB). */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

const utf8 = new TextDecoder();

/**
 * The cached registry of `slot`, or undefined (a miss; the reason under --verbose): read only
 * from a private cache directory, a private file of the running user, sealed with its key.
 */
export async function readCache(slot: CacheSlot): Promise<Registry | undefined> {
  const dir = dirname(slot.file);
  const miss = (why: string) => {
    debug(`registry cache: miss (${why}): ${slot.file}`);
    return undefined;
  };
  const dirProblem = cacheDirProblem(dir);
  if (dirProblem !== undefined) {
    debug(`registry cache: not used (the cache directory ${dir}: ${dirProblem})`);
    return undefined;
  }
  const bytes = readPrivateFile(slot.file, MAX_CACHE_BYTES);
  if (typeof bytes === "string") {
    return miss(
      bytes === "no such file" ? "no cache file" : `a cache file hpm cannot trust: ${bytes}`,
    );
  }
  const key = readKey(dir);
  if (typeof key === "string") return miss(key);
  const newline = bytes.indexOf(10);
  const body = bytes.subarray(newline + 1);
  if (newline < 0 || !(await sealed(key, body, utf8.decode(bytes.subarray(0, newline))))) {
    return miss("not sealed with this user's key: written by someone else, or changed since");
  }
  try {
    const lines = utf8.decode(body).split("\n", 4);
    if (lines[0] !== slot.fingerprint) {
      return miss("the registry, its location or hpm changed");
    }
    const paths: unknown = JSON.parse(lines[1]);
    if (!Array.isArray(paths)) throw new Error("no list of local paths");
    for (const entry of paths) {
      if (!Array.isArray(entry) || typeof entry[0] !== "string") {
        throw new Error("a bad path entry");
      }
      if (pathExists(entry[0]) !== entry[1]) {
        debug(`registry cache: miss (${entry[0]} ${entry[1] ? "disappeared" : "appeared"})`);
        return undefined;
      }
    }
    const registry = registryFromJson(lines[2]);
    if (!registry) throw new Error("not a registry");
    debug(`registry cache: hit ${slot.file}`);
    return registry;
  } catch (error) {
    debug(`registry cache: miss (unusable cache file ${slot.file}: ${(error as Error).message})`);
    return undefined;
  }
}
