/**
 * How the registry authoring commands (`registry add`, `add-group`, `remove`) change files:
 * under the registry's lock (the same never-stale OS lock as a project's, keyed by the
 * registry's path), and only over files that are still as the command read them.
 *
 * Without prompts the whole command runs under the lock, so scripts that run several
 * `registry add` at once take turns and each sees the others' files. With prompts the lock is
 * taken only to write, after the answers (nobody waits on a person typing), and a file that
 * changed since it was read stops the write: nothing is written, and running the command again
 * starts from the file as it is.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { MAX_LOCK_BYTES, readRegularTextSync, refusedFileError } from "../fs/regular_file.ts";
import { ExitCode, HpmError, systemError } from "../errors.ts";
import { Transaction } from "../fs/transaction.ts";
import { lockProject } from "../fs/project_lock.ts";
import { displayPath } from "../paths.ts";
import { locateContext } from "./context.ts";
import { DEFAULT_WAIT_SECONDS } from "../execute/lock.ts";

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

function sameSeen(a: Seen, b: Seen): boolean {
  if (a.kind === "text" && b.kind === "text") return a.text === b.text;
  if (a.kind === "unreadable" && b.kind === "unreadable") return a.error === b.error;
  return a.kind === b.kind;
}

/** One change: `text` for the file, or null to remove it; `seen` is the file it was planned on. */
export interface RegistryWrite {
  file: string;
  text: string | null;
  seen: Seen;
}

/** Writes (or removes) every file, each only if unchanged since it was seen; all or nothing. */
export type Commit = (writes: RegistryWrite[]) => Promise<void>;

async function writeUnchanged(writes: RegistryWrite[]): Promise<void> {
  for (const write of writes) {
    const now = see(write.file);
    // A path the system refuses (a name too long for the file system, a permission) is said as
    // such: it did not change, it cannot be used.
    if (now.kind === "unreadable" && !sameSeen(now, write.seen)) {
      throw systemError(now.cause, { verb: "write", path: displayPath(write.file) }) ??
        refusedFileError(now.cause, displayPath(write.file)) ?? now.cause;
    }
    if (!sameSeen(now, write.seen)) {
      throw new HpmError(
        `${displayPath(write.file)} changed while hpm was working on it; nothing was written`,
        {
          exitCode: ExitCode.Failure,
          code: "registry-changed",
          hint: "run the command again: it starts from the file as it is now",
        },
      );
    }
  }
  const tx = await Transaction.begin(writes.map((w) => ({
    path: w.file,
    read: w.seen.kind === "text" ? w.seen.text : null,
    writer: "hpm" as const,
  })));
  try {
    for (const write of writes) await tx.write(write.file, write.text);
  } catch (error) {
    await tx.rollback();
    throw error;
  }
  await tx.commit();
}

/**
 * Runs a registry authoring command. `prompts: false` holds the registry's lock for all of
 * `body`; otherwise only `commit` takes it. Either way `commit` checks each file first.
 */
export async function withRegistryWrites<T>(
  input: ParsedInput,
  prompts: boolean,
  body: (commit: Commit) => Promise<T>,
): Promise<T> {
  const seconds = typeof input.options.wait === "number"
    ? input.options.wait
    : DEFAULT_WAIT_SECONDS;
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
  if (!prompts) return await locked(() => body(writeUnchanged));
  return await body((writes) => locked(() => writeUnchanged(writes)));
}
