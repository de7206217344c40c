/** Which directories a uv workspace's `members` and `exclude` globs take in, as uv reads them. Pure. */
import { isAbsolutePath, relativePath } from "../paths.ts";

/** `*` within a path segment, `**` across segments, `?` one character, `[...]` a class. */
export function globMatches(pattern: string, path: string): boolean {
  const clean = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
  let source = "";
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === "*" && clean[i + 1] === "*") {
      source += ".*";
      i++;
      if (clean[i + 1] === "/") i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[" && clean.indexOf("]", i + 2) > 0) {
      // A class: `[kx]`, `[!x]` (negated), `[a-z]`.
      const end = clean.indexOf("]", i + 2);
      const body = clean.slice(i + 1, end).replace(/^!/, "^").replace(/[\\\]]/g, "\\$&");
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`).test(path);
}

/**
 * True when the directory `dir` (absolute, normalized) is a member of the workspace as uv sees
 * it: its path from the root matches a `members` glob and no `exclude` glob. The root itself is
 * not counted (it is the project, or its own workspace's root).
 */
export function coversDir(
  workspace: { root: string; members: readonly string[]; exclude: readonly string[] },
  dir: string,
): boolean {
  const path = relativePath(workspace.root, dir);
  if (path === "." || path === ".." || path.startsWith("../") || isAbsolutePath(path)) return false;
  return workspace.members.some((glob) => globMatches(glob, path)) &&
    !workspace.exclude.some((glob) => globMatches(glob, path));
}
