/** Running a command that writes the project while holding the project's lock. */
import { lockProject } from "../fs/project_lock.ts";
import { locateProject, workspaceAt } from "../load/locate.ts";

/** Seconds a writer waits for another hpm by default (`--wait` changes it; 0 refuses). */
export const DEFAULT_WAIT_SECONDS = 60;

/**
 * Runs `body` holding the lock of the project around the working directory (of its uv
 * workspace, for a member: members share its uv.lock and take turns as one project). The lock
 * is taken before the project is read, so what the command plans is what it writes over.
 */
export async function whileLocked<T>(
  input: { command: { path: readonly string[] }; options: { wait?: unknown } },
  body: () => Promise<T>,
): Promise<T> {
  const { command, options: { wait } } = input;
  const { root } = await locateProject();
  if (root === undefined) return await body(); // the command reports the missing project
  const lock = await lockProject(
    (await workspaceAt(root)).root,
    `hpm ${command.path.join(" ")}`,
    typeof wait === "number" ? wait : DEFAULT_WAIT_SECONDS,
  );
  try {
    return await body();
  } finally {
    lock.release();
  }
}
