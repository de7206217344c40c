/** The versions in the project's uv.lock (the workspace's, for a member), for display. */
import { joinPath } from "../paths.ts";
import type { Project } from "../project/discover.ts";
import { lockedVersions } from "../project/uv_lock.ts";
import { workspaceOf } from "../project/workspace.ts";

/** Normalized name -> locked version; undefined without a project or a uv.lock. */
export async function readLockedVersions(
  project: Pick<Project, "root"> | undefined | null,
  lockRoot?: string,
): Promise<Map<string, string> | undefined> {
  if (!project && !lockRoot) return undefined;
  const root = lockRoot ?? (await workspaceOf(project!.root)).root;
  try {
    return lockedVersions(await Deno.readTextFile(joinPath(root, "uv.lock")));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
