/**
 * Where a command works: the project around the working directory and the uv workspace it
 * belongs to, found once per command. The project lock (execute/lock.ts) is taken on the
 * workspace root found here, and the loaders read the same project: one answer for both.
 */
import { findProjectRoot } from "../project/discover.ts";
import { type Workspace, workspaceOf } from "../project/workspace.ts";

/** The project root (undefined: none) and its uv workspace. */
export interface Located {
  cwd: string;
  root: string | undefined;
  workspace: Workspace | undefined;
}

let found: Promise<Located> | undefined;
let foundFor: string | undefined;

/** The project and workspace around `cwd` (looked up once per process and directory). */
export function locateProject(cwd: string = Deno.cwd()): Promise<Located> {
  if (found && foundFor === cwd) return found;
  foundFor = cwd;
  found = (async () => {
    const root = findProjectRoot(cwd);
    return { cwd, root, workspace: root === undefined ? undefined : await workspaceOf(root) };
  })();
  return found;
}

/** The uv workspace of the project at `root`: the one found for the command when it is that one. */
export async function workspaceAt(root: string): Promise<Workspace> {
  const located = found && await found;
  return located?.root === root && located.workspace ? located.workspace : await workspaceOf(root);
}
