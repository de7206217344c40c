/** Exit codes hpm documents and keeps stable (see README "Exit codes"). */
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
}

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
