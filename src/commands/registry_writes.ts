/**
 * How the registry authoring commands (`registry add`, `add-group`, `remove`, `offer`,
 * `withdraw`, `validate --fix`) change files: under the registry's lock (the same never-stale
 * OS lock as a project's, keyed by the registry's path), and only over files that are still as
 * the command read them. The files are written by `execute` (execute/execute.ts), as every
 * command's plan is.
 *
 * Without prompts the whole command runs under the lock, so scripts that run several
 * `registry add` at once take turns and each sees the others' files. With prompts the lock is
 * taken only to write, after the answers (nobody waits on a person typing), and a file that
 * changed since it was read stops the write: nothing is written, and running the command again
 * starts from the file as it is.
 */
import type { GlobalOptions } from "../cli/spec.ts";
import { MAX_LOCK_BYTES, readRegularTextSync, refusedFileError } from "../fs/regular_file.ts";
import { ExitCode, HpmError, systemError } from "../errors.ts";
import { lockProject } from "../fs/project_lock.ts";
import { displayPath } from "../paths.ts";
import { locateContext } from "./context.ts";
import { DEFAULT_WAIT_SECONDS } from "../execute/lock.ts";
import { execute } from "../execute/execute.ts";
import type { FileEdit, WritePlan } from "../execute/plan.ts";

/** A file as a command found it: its text, absent, or unreadable (with the error's name). */
export type Seen =
  | { kind: "text"; text: string }
  | { kind: "absent" }
  | { kind: "unreadable"; error: string; cause?: unknown };

/** Reads how `path` is now. */
export function see(path: string): Seen {
  try {
    return { kind: "text", text: readRegularTextSync(path, MAX_LOCK_BYTES) };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "absent" };
    return {
      kind: "unreadable",
      error: error instanceof Error ? error.name : String(error),
      cause: error,
    };
  }
}

/** What a plan reads a file as: its text, or null when it was absent (or could not be read). */
function readOf(seen: Seen): string | null {
  return seen.kind === "text" ? seen.text : null;
}

/**
 * The edit of a registry file planned on it as `seen`: `text` for it (null removes it), shown
 * in a diff under its path as displayed.
 */
export function registryEdit(path: string, seen: Seen, text: string | null): FileEdit {
  return { path, read: readOf(seen), text, label: displayPath(path) };
}

/**
 * Writes (or removes) every file of the plan, each only if unchanged since it was read; all or
 * nothing.
 */
export type Commit = (plan: WritePlan) => Promise<void>;

/** Stops the write when the file is not as the plan read it. */
function requireUnchanged(edit: FileEdit): void {
  const now = see(edit.path);
  // A path the system refuses (a name too long for the file system, a permission) is said as
  // such: it did not change, it cannot be used.
  if (now.kind === "unreadable") {
    throw systemError(now.cause, { verb: "write", path: displayPath(edit.path) }) ??
      refusedFileError(now.cause, displayPath(edit.path)) ?? now.cause;
  }
  if (readOf(now) !== edit.read) {
    throw new HpmError(
      `${displayPath(edit.path)} changed while hpm was working on it; nothing was written`,
      {
        exitCode: ExitCode.Failure,
        code: "registry-changed",
        hint: "run the command again: it starts from the file as it is now",
      },
    );
  }
}

async function writeUnchanged(plan: WritePlan): Promise<void> {
  for (const edit of plan.edits) requireUnchanged(edit);
  await execute(plan);
}

/**
 * Runs a registry authoring command. `prompts: false` holds the registry's lock for all of
 * `body`; otherwise only `commit` takes it. Either way `commit` checks each file first.
 */
export async function withRegistryWrites<T>(
  input: {
    command: { path: readonly string[] };
    options: { wait?: number };
    globals: GlobalOptions;
  },
  prompts: boolean,
  body: (commit: Commit) => Promise<T>,
): Promise<T> {
  const seconds = input.options.wait ?? DEFAULT_WAIT_SECONDS;
  const { location } = await locateContext(input, { project: false });
  const what = `hpm ${input.command.path.join(" ")}`;
  const locked = async <U>(use: () => Promise<U>): Promise<U> => {
    const lock = await lockProject(location.root, what, seconds);
    try {
      return await use();
    } finally {
      lock.release();
    }
  };
  const commit: Commit = (plan) => writeUnchanged(plan);
  if (!prompts) return await locked(() => body(commit));
  return await body((plan) => locked(() => commit(plan)));
}
