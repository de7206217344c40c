/** Exit codes hpm documents and keeps stable (see docs/exit-codes.md). */
export const ExitCode = {
  /** The command did what was asked. */
  Success: 0,
  /** The operation failed: uv could not resolve or install, a check found a conflict, drift. */
  Failure: 1,
  /** Bad usage or bad input: unknown flag, invalid registry, invalid selection, bad TOML. */
  Usage: 2,
  /** Interrupted by SIGINT (128 + 2), after everything was restored. */
  Interrupted: 130,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/** A problem found in a file, with the place it points at (1-based line and column). */
export interface Problem {
  /** Path of the file, as shown to the user. */
  file: string;
  line: number;
  column: number;
  /** What is wrong, naming the offending value. */
  message: string;
  /** The way out, when there is one. */
  hint?: string;
  severity: "error" | "warning";
  /**
   * The key of a TOML `file` the problem is about: its line and column are filled in from it
   * before the problem is printed (src/pyproject/positions.ts).
   */
  keyPath?: readonly (string | number)[];
  /**
   * The kind of a registry warning that `hpm registry validate --strict` makes an error (and
   * commands summarize once per file, hidden by `-q`): `unknown-key`, `original-key` (a field
   * of the original hpm that hpm ignores), `python-object` (the original's `!!python/object`
   * form); `original-ignores` marks what the original hpm would read differently (validate
   * only). Absent for every other problem.
   */
  code?: ProblemCode;
}

/**
 * A problem's place: the key `keyPath` of the TOML document read as `file`; its line and
 * column are filled in before printing (line 1 until then, and when the key is absent).
 */
export function atKey(
  file: string,
  keyPath: readonly (string | number)[],
): Pick<Problem, "file" | "line" | "column" | "keyPath"> {
  return { file, line: 1, column: 1, keyPath };
}

/** See `Problem.code`. */
export type ProblemCode = "unknown-key" | "original-key" | "python-object" | "original-ignores";

/** Options of an HpmError beyond its message. */
export interface HpmErrorOptions {
  /** A line telling the user the way out. */
  hint?: string;
  /** Exit code; defaults to 2 (bad usage or input). */
  exitCode?: ExitCodeValue;
  /** A stable machine-readable identifier, e.g. `registry-invalid`. */
  code?: string;
  /** Located problems (all of them, when a whole file or registry was checked). */
  problems?: Problem[];
  /** Text shown under the message (e.g. uv's explanation); kept in `--json` as `details`. */
  details?: string;
  /** Extra structured data for `--json`. */
  data?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type of hpm: a message, a hint and an exit code. Only main.ts turns it into output. */
export class HpmError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;
  readonly code: string;
  readonly problems: Problem[];
  readonly details?: string;
  readonly data?: Record<string, unknown>;

  constructor(message: string, options: HpmErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "HpmError";
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.Usage;
    this.code = options.code ?? "usage";
    this.problems = options.problems ?? [];
    this.details = options.details;
    this.data = options.data;
  }
}

/** Formats `file:line:column` for a problem. */
export function formatLocation(problem: Pick<Problem, "file" | "line" | "column">): string {
  return `${problem.file}:${problem.line}:${problem.column}`;
}

/** What an operating-system error stopped, in words (the operation names Deno reports). */
const OPERATIONS: Record<string, string> = {
  chmod: "change the mode of",
  copy: "copy",
  mkdir: "create",
  open: "open",
  readdir: "list",
  readfile: "read",
  readlink: "read",
  realpath: "resolve",
  remove: "remove",
  rename: "replace",
  stat: "read",
  lstat: "read",
  writefile: "write",
};

/** The way out of an operating-system error, by errno (Linux numbering; macOS shares 13). */
const ERRNO_HINTS: Record<string, string> = {
  "1": "check the permissions of that path, and that hpm may write there",
  "13": "check the permissions of that path, and that hpm may write there",
  "28": "the disk is full: free some space and run again",
  "30": "that file system is read-only",
  "20": "a part of that path is a file, not a directory",
  "21": "that path is a directory, not a file",
  "36": "that file name is too long for the file system (most allow 255 bytes): use a shorter name",
};

/**
 * An HpmError for an operating-system error that stopped hpm (a permission, a full disk):
 * the user's environment, not a bug, so it is reported as such (exit 1) and not as an
 * internal error. Undefined for anything else.
 */
export function systemError(
  error: unknown,
  /** What hpm was doing, when it says more than the failed call (a temporary file's name). */
  doing?: { verb: string; path: string },
): HpmError | undefined {
  if (!(error instanceof Error)) return undefined;
  // Deno's form: `Permission denied (os error 13): readfile '/x/pyproject.toml'`.
  const match = /^(.+?) \(os error (\d+)\)(?:: (\w+) '(.*?)'(?: -> '.*')?)?$/s.exec(error.message);
  if (!match) return undefined;
  const [, reason, errno, operation, path] = match;
  const what = doing
    ? `cannot ${doing.verb} ${doing.path}: ${reason.toLowerCase()}`
    : path === undefined
    ? reason.toLowerCase()
    : `cannot ${OPERATIONS[operation] ?? operation} ${path}: ${reason.toLowerCase()}`;
  return new HpmError(what, {
    exitCode: ExitCode.Failure,
    code: "system",
    hint: ERRNO_HINTS[errno] ?? "check that path and run again",
    cause: error,
  });
}
