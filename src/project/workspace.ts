/**
 * The uv workspace a project belongs to, found as uv finds it: the nearest ancestor whose
 * pyproject.toml has `[tool.uv.workspace]` and whose `members` globs (less `exclude`) take in
 * the project. There uv keeps the workspace's one `uv.lock` and its `.venv`, so `sync` must
 * snapshot that lock and `status` read it. A project that is no member is its own root.
 * (Synchronous reads: a few small files on the way up.)
 */
import { dirname, joinPath, relativePath } from "../paths.ts";
import { readTomlFast } from "../pyproject/fast_toml.ts";

/** Where the workspace of `projectRoot` keeps its lock and environment. */
export interface Workspace {
  /** The workspace root: `projectRoot` itself unless the project is a member of another. */
  root: string;
  /** True when `root` is another directory (the project is a member of that workspace). */
  member: boolean;
}

/** `*` within one path segment, `**` across segments, `?` one character (the globs uv takes). */
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
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`).test(path);
}

function workspaceTable(dir: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(joinPath(dir, "pyproject.toml"));
  } catch {
    return undefined;
  }
  // The fast reader declines what it does not read exactly; such a file is left to uv.
  const tool = readTomlFast(text)?.tool as Record<string, unknown> | undefined;
  const uv = tool?.uv as Record<string, unknown> | undefined;
  const workspace = uv?.workspace;
  return workspace && typeof workspace === "object" && !Array.isArray(workspace)
    ? workspace as Record<string, unknown>
    : undefined;
}

const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The workspace of the project at `projectRoot` (an absolute, normalized path). */
export function workspaceOf(projectRoot: string): Workspace {
  let dir = dirname(projectRoot);
  while (true) {
    const table = workspaceTable(dir);
    if (table) {
      const path = relativePath(dir, projectRoot);
      const included = strings(table.members).some((glob) => globMatches(glob, path)) &&
        !strings(table.exclude).some((glob) => globMatches(glob, path));
      // The nearest workspace decides: one that does not take the project in leaves it alone.
      return included ? { root: dir, member: true } : { root: projectRoot, member: false };
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: projectRoot, member: false };
    dir = parent;
  }
}
