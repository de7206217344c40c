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
export async function writeFileAtomic(
  link: string,
  data: string | Uint8Array,
  newFileMode = 0o644,
): Promise<void> {
  const { path, temp } = await prepareTemp(link, data, newFileMode);
  try {
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw systemError(error, { verb: "write", path: link }) ?? error;
  }
}

/**
 * The new content of `link`, written and synced into a temporary file beside the file it
 * leads to (`path`), with that file's mode: ready to be put in place by a rename or a link.
 */
export async function prepareTemp(
  link: string,
  data: string | Uint8Array,
  newFileMode = 0o644,
): Promise<{ path: string; temp: string }> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const path = await linkTarget(link);
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const temp = joinPath(dirname(path), `.${basename(path)}.hpm-${Deno.pid}-${random}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await Deno.stat(path)).mode ?? undefined;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw systemError(error, { verb: "write", path: link }) ?? error;
    }
  }
  try {
    const file = await Deno.open(temp, { write: true, createNew: true, mode: mode ?? newFileMode });
    try {
      let offset = 0;
      while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
      await file.sync();
    } finally {
      file.close();
    }
    if (mode !== undefined && Deno.build.os !== "windows") await Deno.chmod(temp, mode & 0o7777);
    return { path, temp };
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw systemError(error, { verb: "write", path: link }) ?? error;
  }
}

/** Where `path` leads when it is a symbolic link (followed to the end); else `path` itself. */
async function linkTarget(path: string): Promise<string> {
  try {
    if (!(await Deno.lstat(path)).isSymlink) return path;
    return await Deno.realPath(path);
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
