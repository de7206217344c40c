/**
 * Atomic writes and byte-exact snapshots of the files a command changes. A write goes to a
 * temporary file beside the target and is renamed over it, so a reader (or a `kill -9`) never
 * sees a half-written file.
 */
import { systemError } from "../errors.ts";
import { MAX_LOCK_BYTES, readRegularFile, refusedFileError } from "./regular_file.ts";
import { basename, dirname, joinPath } from "../paths.ts";

/**
 * Writes `data` to `path` atomically (temporary file + rename), keeping the file's mode;
 * a new file gets `newFileMode` (less the umask). A symbolic link is written through: its
 * target is replaced and the link stays a link.
 */
export function writeFileAtomic(
  link: string,
  data: string | Uint8Array,
  newFileMode = 0o644,
): Promise<void> {
  // Synchronous calls (each async one costs a hop to a thread, and Deno's first uses more),
  // behind a promise for the callers that await.
  return Promise.resolve().then(() => {
    const { path, temp } = prepareTemp(link, data, newFileMode);
    try {
      Deno.renameSync(temp, path);
    } catch (error) {
      removeQuietly(temp);
      throw systemError(error, { verb: "write", path: link }) ?? error;
    }
  });
}

/**
 * The new content of `link`, written and synced into a temporary file beside the file it
 * leads to (`path`), with that file's mode: ready to be put in place by a rename or a link.
 */
export function prepareTemp(
  link: string,
  data: string | Uint8Array,
  newFileMode = 0o644,
): { path: string; temp: string } {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const path = linkTarget(link);
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const temp = joinPath(dirname(path), `.${basename(path)}.hpm-${Deno.pid}-${random}.tmp`);
  let mode: number | undefined;
  try {
    mode = Deno.statSync(path).mode ?? undefined;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw systemError(error, { verb: "write", path: link }) ?? error;
    }
  }
  try {
    const file = Deno.openSync(temp, { write: true, createNew: true, mode: mode ?? newFileMode });
    try {
      let offset = 0;
      while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
      file.syncSync();
    } finally {
      file.close();
    }
    if (mode !== undefined && Deno.build.os !== "windows") Deno.chmodSync(temp, mode & 0o7777);
    return { path, temp };
  } catch (error) {
    removeQuietly(temp);
    throw systemError(error, { verb: "write", path: link }) ?? error;
  }
}

/** Removes a file, if it is there (a temporary file, a backup). */
export function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // Never made, or gone.
  }
}

/** Where `path` leads when it is a symbolic link (followed to the end); else `path` itself. */
function linkTarget(path: string): string {
  try {
    if (!Deno.lstatSync(path).isSymlink) return path;
    return Deno.realPathSync(path);
  } catch (error) {
    // Absent, or a dangling link: write at the path as given.
    if (error instanceof Deno.errors.NotFound) return path;
    throw systemError(error, { verb: "write", path }) ?? error;
  }
}

/**
 * The bytes of a file, or null when it does not exist. Only a regular file of at most
 * MAX_LOCK_BYTES is read (a FIFO would hang the command that holds the project lock):
 * anything else is a located `file-refused` error.
 */
export async function readBytesOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await readRegularFile(path, MAX_LOCK_BYTES);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw refusedFileError(error, basename(path)) ?? error;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when two file states (bytes, or null for absent) are the same. */
export function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : equalBytes(a, b);
}
