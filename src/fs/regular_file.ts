/**
 * Reading a file of a registry or a project only when it is a regular file of a sane size:
 * a FIFO would make hpm wait forever for a writer, a device (a link to /dev/zero) would feed
 * it without end, and a huge file would exhaust memory before any parser could refuse it.
 * The kind and size are checked (links followed) before the file is opened.
 */
import { HpmError } from "../errors.ts";

/** The most hpm reads of a pyproject.toml (real ones are a few KiB). */
export const MAX_PYPROJECT_BYTES = 4 * 1024 * 1024;

/** The most hpm reads of a uv.lock, or of any other file it snapshots or compares. */
export const MAX_LOCK_BYTES = 256 * 1024 * 1024;

/** Why a file was not read: not a regular file, or larger than the limit. */
export class UnreadableFile extends Error {
  /** `special`: a FIFO, device, socket or directory; `large`: over the limit. */
  readonly reason: "special" | "large";
  /** The path as given. */
  readonly path: string;

  constructor(reason: "special" | "large", path: string, message: string) {
    super(message);
    this.name = "UnreadableFile";
    this.reason = reason;
    this.path = path;
  }
}

/** What the entry is when it is not a regular file ("a FIFO", ...); undefined for a regular file. */
function specialKind(info: Deno.FileInfo): string | undefined {
  if (info.isFile) return undefined;
  if (info.isDirectory) return "a directory";
  if (info.isFifo) return "a FIFO (named pipe)";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "not a regular file";
}

/** A byte count in words: `64 MiB`, `512 KiB`, `10 bytes`. */
function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function special(path: string, kind: string): UnreadableFile {
  return new UnreadableFile(
    "special",
    path,
    kind === "not a regular file"
      ? "it is not a regular file"
      : `it is ${kind}, not a regular file`,
  );
}

/**
 * The bytes of the regular file at `path` (a symbolic link is followed), at most `limit` of
 * them. Throws `UnreadableFile` for anything else (nothing is opened then) or for a file over
 * the limit, and Deno's own errors (NotFound, PermissionDenied) as they come.
 */
export function readRegularFileSync(path: string, limit: number): Uint8Array {
  const info = Deno.statSync(path);
  const kind = specialKind(info);
  if (kind !== undefined) throw special(path, kind);
  const tooLarge = () =>
    new UnreadableFile("large", path, `it is larger than ${sizeText(limit)}; not read`);
  if (info.size > limit) throw tooLarge();
  // One call for the read: for a registry of 10,000 files, reading through an opened file
  // (open, fstat, read, close) cost 15% more load time than a stat and this. A file swapped
  // for a FIFO or a huge one between the stat and the read is a race hpm does not win.
  const bytes = Deno.readFileSync(path);
  if (bytes.length > limit) throw tooLarge();
  return bytes;
}

/** The text (UTF-8, invalid bytes replaced) of the regular file at `path`; as readRegularFileSync. */
export function readRegularTextSync(path: string, limit: number): string {
  return new TextDecoder().decode(readRegularFileSync(path, limit));
}

/** As readRegularFileSync, for callers that await. */
export function readRegularFile(path: string, limit: number): Promise<Uint8Array> {
  return Promise.resolve().then(() => readRegularFileSync(path, limit));
}

/**
 * The HpmError (exit 2, located at the file) for a file refused by readRegularFileSync, shown
 * as `display`; undefined for any other error.
 */
export function refusedFileError(error: unknown, display: string): HpmError | undefined {
  if (!(error instanceof UnreadableFile)) return undefined;
  const message = `${display}: ${error.message}`;
  return new HpmError(message, {
    code: "file-refused",
    hint: error.reason === "large"
      ? `check ${display}: hpm reads files of a sane size only`
      : `replace ${display} with a regular file`,
    problems: [{ file: display, line: 1, column: 1, severity: "error", message: error.message }],
    cause: error,
  });
}
