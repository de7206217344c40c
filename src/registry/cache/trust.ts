/**
 * Whether the registry cache can be believed: a directory only its owner can write, files of
 * that owner, each sealed with an HMAC-SHA-256 under a per-user secret kept in that directory
 * (see cache/read.ts). Everything here answers with a reason instead of throwing, so that a cache
 * that fails a check is a miss told with `--verbose`, never an error.
 */
import { joinPath } from "../../paths.ts";

/** The secret's file name in the cache directory. */
export const KEY_FILE = "key";

/** The secret's length in bytes. */
export const KEY_BYTES = 32;

/** The running user's id; null where the platform has none (Windows). */
function currentUid(): number | null {
  return Deno.uid();
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

/**
 * Why an entry with this (lstat) info is no private place of the user `uid`, or undefined when
 * it is: `kind` is what it must be; owned by `uid`, no access for group or others. A null uid
 * or mode (Windows) passes those two checks.
 */
export function privateProblem(
  info: Deno.FileInfo,
  kind: "directory" | "file",
  uid: number | null = currentUid(),
): string | undefined {
  if (info.isSymlink) return "it is a symbolic link";
  if (kind === "directory" ? !info.isDirectory : !info.isFile) return `it is not a ${kind}`;
  if (uid !== null && info.uid !== null && info.uid !== uid) {
    return `it is owned by uid ${info.uid}, not by the running user (uid ${uid})`;
  }
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    return `its mode ${octal(info.mode)} lets other users in (hpm needs ${
      kind === "directory" ? "0700" : "0600"
    })`;
  }
  return undefined;
}

/** Why `dir` cannot hold the cache (not there, foreign, open to others), or undefined. */
export function cacheDirProblem(dir: string): string | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(dir);
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? "it does not exist" : (error as Error).message;
  }
  return privateProblem(info, "directory");
}

/**
 * The bytes of the private file `path` (owned by the running user, closed to others, a regular
 * file, at most `limit` bytes), or the reason it cannot be used. The checks are made on the
 * opened file (fstat), after an lstat that keeps a FIFO from being opened at all.
 */
export function readPrivateFile(path: string, limit: number): Uint8Array | string {
  let file: Deno.FsFile | undefined;
  try {
    const before = privateProblem(Deno.lstatSync(path), "file");
    if (before) return before;
    file = Deno.openSync(path, { read: true });
    const info = file.statSync();
    const problem = privateProblem(info, "file");
    if (problem) return problem;
    if (info.size > limit) return `it is larger than ${limit} bytes`;
    const bytes = new Uint8Array(info.size);
    let offset = 0;
    while (offset < bytes.length) {
      const read = file.readSync(bytes.subarray(offset));
      if (read === null) return "it shrank while being read";
      offset += read;
    }
    return bytes;
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
  } finally {
    file?.close();
  }
}

/** The user's secret in the cache directory `dir`, or why there is none to use. */
export function readKey(dir: string): Uint8Array | string {
  const bytes = readPrivateFile(joinPath(dir, KEY_FILE), KEY_BYTES);
  if (typeof bytes === "string") return `the key ${joinPath(dir, KEY_FILE)}: ${bytes}`;
  if (bytes.length !== KEY_BYTES) {
    return `the key ${joinPath(dir, KEY_FILE)} is not ${KEY_BYTES} bytes`;
  }
  return bytes;
}

/**
 * The user's secret in `dir` (a private directory), made when there is none: written to a
 * temporary file of mode 0600, then linked to its name, so that two processes making it at
 * once agree on one key and nobody reads a half-written one.
 */
export function ensureKey(dir: string): Uint8Array | string {
  const found = readKey(dir);
  if (typeof found !== "string" || !found.endsWith("no such file")) return found;
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const temp = joinPath(dir, `.${KEY_FILE}.hpm-${Deno.pid}-${random}.tmp`);
  try {
    const file = Deno.openSync(temp, { write: true, createNew: true, mode: 0o600 });
    try {
      file.writeSync(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
    } finally {
      file.close();
    }
    try {
      Deno.linkSync(temp, joinPath(dir, KEY_FILE));
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  } catch (error) {
    return `cannot make the key: ${(error as Error).message}`;
  } finally {
    try {
      Deno.removeSync(temp);
    } catch {
      // Not made, or already gone.
    }
  }
  return readKey(dir);
}

/** HMAC-SHA-256 of `data` under `key`, as 64 hex digits. */
export async function seal(key: Uint8Array, data: Uint8Array): Promise<string> {
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", hmacKey, data as Uint8Array<ArrayBuffer>),
  );
  let hex = "";
  for (const byte of mac) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** True when `mac` is the seal of `data` under `key` (compared in constant time). */
export async function sealed(key: Uint8Array, data: Uint8Array, mac: string): Promise<boolean> {
  const expected = await seal(key, data);
  if (mac.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < mac.length; i++) diff |= mac.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}
