/**
 * Where a command works: the project around the working directory and the uv workspace it
 * belongs to, each found once per command. The project lock (execute/lock.ts) is taken on the
 * workspace root found here, and the loaders read the same project: one answer for both. The
 * workspace is looked up (every ancestor's pyproject.toml read) only when a command asks for it:
 * `list` and `show` need it only to judge a local path outside the project.
 */
import { findProjectRoot } from "../project/discover.ts";
import { type Workspace, workspaceOf } from "../project/workspace.ts";

/** The project root around the working directory (undefined: none). */
export interface Located {
  cwd: string;
  root: string | undefined;
}

let found: Located | undefined;
const workspaces = new Map<string, Promise<Workspace>>();

/** The project around `cwd` (looked up once per process and directory). */
export function locateProject(cwd: string = Deno.cwd()): Promise<Located> {
  if (found?.cwd !== cwd) found = { cwd, root: findProjectRoot(cwd) };
  return Promise.resolve(found);
}

/** The uv workspace of the project at `root` (looked up once per process and root). */
export function workspaceAt(root: string): Promise<Workspace> {
  let workspace = workspaces.get(root);
  if (!workspace) {
    workspace = workspaceOf(root);
    workspaces.set(root, workspace);
  }
  return workspace;
}
