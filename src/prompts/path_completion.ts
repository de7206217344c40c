/** Completion of a path being typed: pure logic over an injected directory lister, and the lister. */
import { isAbsolutePath, joinPath, normalizePath } from "../paths.ts";

/** Lists the sub-directory names of an absolute directory (empty when it cannot be read). */
export type ListDirectories = (dir: string) => string[];

const MAX_COMPLETIONS = 50;

/**
 * The choices shown while `term` is typed (relative to `base`, or absolute): the directories
 * completing its last segment, each ending with `/`, and `term` itself (what Enter takes): first
 * when it exists, else last (Tab completes to the first completion).
 */
export function pathChoices(
  term: string,
  base: string,
  listDirectories: ListDirectories,
  exists: (absolute: string) => boolean,
): string[] {
  const slash = term.lastIndexOf("/");
  const dirPart = slash >= 0 ? term.slice(0, slash + 1) : "";
  const prefix = term.slice(dirPart.length);
  const dir = isAbsolutePath(dirPart) ? normalizePath(dirPart) : joinPath(base, dirPart || ".");
  const completions = listDirectories(dir)
    .filter((name) => name.startsWith(prefix) && (prefix.startsWith(".") || !name.startsWith(".")))
    .sort()
    .slice(0, MAX_COMPLETIONS)
    .map((name) => `${dirPart}${name}/`)
    .filter((choice) => choice !== term && choice !== `${term}/`);
  if (term === "") return completions;
  const absolute = isAbsolutePath(term) ? term : joinPath(base, term);
  return exists(absolute) ? [term, ...completions] : [...completions, term];
}

/** The real lister: directory names under `dir`, synchronously (called on every keystroke). */
export function listDirectories(dir: string): string[] {
  const names: string[] = [];
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory || entry.isSymlink) names.push(entry.name);
    }
  } catch {
    // An unreadable or missing directory has no completions.
  }
  return names;
}
