/** Running a command that writes the project while holding the project's lock. */
import type { ParsedInput } from "../cli/spec.ts";
import { HpmError } from "../errors.ts";
import { lockProject } from "../fs/project_lock.ts";
import { findProjectRoot } from "../project/discover.ts";
import { workspaceOf } from "../project/workspace.ts";

/** Seconds a writer waits for another hpm by default (`--wait` changes it; 0 refuses). */
export const DEFAULT_WAIT_SECONDS = 60;

/** The `--wait SECONDS` value, checked. */
export function waitSeconds(input: ParsedInput): number {
  const raw = input.options.wait;
  if (raw === undefined) return DEFAULT_WAIT_SECONDS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new HpmError(`--wait must be a number of seconds, not '${raw}'`, {
      hint: "e.g. --wait 30, or --wait 0 to refuse at once when another hpm is busy",
    });
  }
  return n;
}

/**
 * Runs `body` holding the lock of the project around the working directory (of its uv
 * workspace, for a member). The lock is taken before the project is read, so what the command
 * plans is what it writes over.
 */
export async function whileLocked<T>(
  input: ParsedInput,
  body: () => Promise<T>,
): Promise<T> {
  const seconds = waitSeconds(input);
  const root = findProjectRoot(Deno.cwd());
  if (root === undefined) return await body(); // the command reports the missing project
  // Members of one uv workspace share its uv.lock: they take turns as one project.
  const { root: lockRoot } = await workspaceOf(root);
  const lock = await lockProject(lockRoot, `hpm ${input.command.path.join(" ")}`, seconds);
  try {
    return await body();
  } finally {
    lock.release();
  }
}
