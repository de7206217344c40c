/** The versions in the project's uv.lock (the workspace's, for a member), for display. */
import { workspaceAt } from "../load/locate.ts";
import { MAX_LOCK_BYTES, readRegularTextSync, refusedFileError } from "../fs/regular_file.ts";
import { joinPath } from "../paths.ts";
import type { Project } from "../project/discover.ts";
import { lockedVersions } from "../project/uv_lock.ts";

/** Normalized name -> locked version; undefined without a project or a uv.lock. */
export async function readLockedVersions(
  project: Pick<Project, "root"> | undefined | null,
  lockRoot?: string,
): Promise<Map<string, string> | undefined> {
  if (!project && !lockRoot) return undefined;
  const root = lockRoot ?? (await workspaceAt(project!.root)).root;
  try {
    // Only a regular file of bounded size (a FIFO there would hang the command).
    return lockedVersions(readRegularTextSync(joinPath(root, "uv.lock"), MAX_LOCK_BYTES));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw refusedFileError(error, "uv.lock") ?? error;
  }
}
