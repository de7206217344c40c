/**
 * The uv workspace a project belongs to, found as uv finds it: the nearest ancestor with a
 * pyproject.toml decides; when it has `[tool.uv.workspace]` whose `members` globs (less
 * `exclude`) take in the project, that is the workspace root. There uv keeps the workspace's one
 * `uv.lock` and its `.venv`, so `sync` must snapshot that lock and `status` read it, and a
 * project that is no member is its own root.
 */
import { dirname, isAbsolutePath, joinPath, relativePath } from "../paths.ts";
import { globMatches } from "../plan/workspace_members.ts";
export { coversDir, globMatches } from "../plan/workspace_members.ts";
import { MAX_PYPROJECT_BYTES, readRegularTextSync } from "../fs/regular_file.ts";
import { readTomlFast } from "../pyproject/fast_toml.ts";
import { readToml } from "../pyproject/read.ts";

/** Where the workspace of `projectRoot` keeps its lock and environment. */
export interface Workspace {
  /** The workspace root: `projectRoot` itself unless the project is a member of another. */
  root: string;
  /** True when `root` is another directory (the project is a member of that workspace). */
  member: boolean;
  /**
   * The root's `[tool.uv.workspace]` `members` and `exclude` globs, as written (empty when the
   * project is on its own and has no workspace table).
   */
  members: string[];
  exclude: string[];
}

/**
 * The `[tool.uv.workspace]` table of the pyproject.toml in `dir`: null when the file exists
 * without one, undefined when there is no (readable) file. The fast reader declines some
 * valid files; the full parser reads those (an invalid one counts as no workspace: uv will
 * say what is wrong with it).
 */
/** The value of the pyproject.toml in `dir`: undefined when unreadable, null when invalid. */
async function pyprojectValue(dir: string): Promise<Record<string, unknown> | null | undefined> {
  let text: string;
  try {
    text = readRegularTextSync(joinPath(dir, "pyproject.toml"), MAX_PYPROJECT_BYTES);
  } catch {
    return undefined;
  }
  const value = readTomlFast(text);
  if (value !== undefined) return value;
  try {
    return (await readToml(text, joinPath(dir, "pyproject.toml"))).value;
  } catch {
    return null;
  }
}

async function workspaceTable(dir: string): Promise<Record<string, unknown> | null | undefined> {
  const value = await pyprojectValue(dir);
  if (value === undefined) return undefined;
  if (value === null) return null;
  const tool = value.tool as Record<string, unknown> | undefined;
  const uv = tool?.uv as Record<string, unknown> | undefined;
  const workspace = uv?.workspace;
  return workspace && typeof workspace === "object" && !Array.isArray(workspace)
    ? workspace as Record<string, unknown>
    : null;
}

const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/**
 * The workspace of the project at `projectRoot` (an absolute, normalized path). As uv does,
 * the nearest ancestor holding a pyproject.toml decides: a workspace that takes the project in
 * is its root; anything else leaves the project on its own.
 */
export async function workspaceOf(projectRoot: string): Promise<Workspace> {
  const own = async (): Promise<Workspace> => {
    const table = await workspaceTable(projectRoot);
    return {
      root: projectRoot,
      member: false,
      members: strings(table?.members),
      exclude: strings(table?.exclude),
    };
  };
  let dir = dirname(projectRoot);
  while (true) {
    const table = await workspaceTable(dir);
    if (table !== undefined) {
      if (table === null) return await own();
      const path = relativePath(dir, projectRoot);
      const members = strings(table.members);
      const exclude = strings(table.exclude);
      const included = members.some((glob) => globMatches(glob, path)) &&
        !exclude.some((glob) => globMatches(glob, path));
      return included ? { root: dir, member: true, members, exclude } : await own();
    }
    const parent = dirname(dir);
    if (parent === dir) return await own();
    dir = parent;
  }
}

/**
 * The registry the workspace root uses (its `[tool.hpm] registry`, else its `registry/`), when
 * that directory exists: where a member without a registry setting most likely means to look.
 */
export async function rootRegistry(workspace: Workspace): Promise<string | undefined> {
  const value = await pyprojectValue(workspace.root);
  const hpm = (value?.tool as Record<string, unknown> | undefined)?.hpm as
    | Record<string, unknown>
    | undefined;
  const configured = typeof hpm?.registry === "string" ? hpm.registry : "registry";
  const path = isAbsolutePath(configured) ? configured : joinPath(workspace.root, configured);
  try {
    return Deno.statSync(path).isDirectory ? path : undefined;
  } catch {
    return undefined;
  }
}
