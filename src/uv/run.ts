/**
 * The only module of hpm that spawns child processes. It shows the command, captures its
 * output (spinner on a terminal, live stderr with `--verbose`), and turns SIGINT/SIGTERM/SIGHUP into
 * an `InterruptedError` after the child has exited, so callers can roll back before hpm exits.
 */
import { ExitCode, HpmError } from "../errors.ts";
import {
  debug,
  isVerbose,
  printDiagnostic,
  showCommand,
  startSpinner,
  stopSpinner,
} from "../output.ts";
import { uvCaptureEnv } from "./commands.ts";

/** What a finished child process left behind. */
export interface RunResult {
  /** Exit code (128 + n when a signal ended it). */
  code: number;
  /** The signal that ended the child (`SIGKILL`: the OOM killer, a timeout), if one did. */
  signal?: Deno.Signal;
  /** Everything the child wrote to stdout. */
  stdout: string;
  /** Everything the child wrote to stderr. */
  stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  durationMs: number;
}

/** Options of `runProcess`. */
export interface RunOptions {
  /** Working directory of the child. */
  cwd: string;
  /** Variables added to (or overriding) hpm's own environment. */
  env?: Record<string, string>;
  /** Spinner text while the child runs, e.g. `Resolving dependencies`. */
  /** Do not show the command (a caller running many reports them itself). */
  silent?: boolean;
  label?: string;
  /** The argv shown to the user (`$ ...`); defaults to the real one. */
  display?: readonly string[];
  /** Builds the error thrown when the program cannot be started (not found, not executable). */
  onSpawnError?: (error: Error) => HpmError;
  /** Variables of hpm's own environment the child does not get. */
  unset?: readonly string[];
  /**
   * Let the child write its stderr to hpm's terminal (its own progress), instead of capturing
   * it: `stderr` is then empty in the result. No spinner.
   */
  terminal?: boolean;
}

/** Thrown when a stop signal (STOP_SIGNALS) arrived while a child ran; the child has exited. */
export class InterruptedError extends HpmError {
  /** The signal hpm received. */
  readonly signal: Deno.Signal;

  constructor(signal: Deno.Signal, what: string) {
    super(`interrupted (${signal}) while running ${what}`, {
      exitCode: ExitCode.Interrupted,
      code: "interrupted",
    });
    this.name = "InterruptedError";
    this.signal = signal;
  }
}

const isWindows = Deno.build.os === "windows";
/**
 * The signals that mean "stop, cleanly": Ctrl-C, `kill`, and a closed terminal or dropped SSH
 * session (SIGHUP). Windows has no SIGTERM or SIGHUP listeners; Ctrl-C arrives as SIGINT there.
 */
export const STOP_SIGNALS: readonly Deno.Signal[] = isWindows
  ? ["SIGINT"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];
const forwardedSignals = STOP_SIGNALS;

/** Runs a program (no shell) and waits for it; see the module comment for what it shows. */
export async function runProcess(
  program: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  // With --verbose every run is shown, so the output streamed below has its command.
  if (!options.silent || isVerbose()) showCommand(options.display ?? [program, ...args]);
  const started = performance.now();
  let child: Deno.ChildProcess;
  try {
    const unset = options.unset ?? [];
    child = new Deno.Command(program, {
      args: [...args],
      cwd: options.cwd,
      env: unset.length ? withoutVariables(options.env ?? {}, unset) : options.env,
      clearEnv: unset.length > 0,
      stdin: "null",
      stdout: "piped",
      stderr: options.terminal ? "inherit" : "piped",
    }).spawn();
  } catch (error) {
    if (options.onSpawnError && error instanceof Error) throw options.onSpawnError(error);
    throw error;
  }

  let received: Deno.Signal | undefined;
  const listeners = forwardedSignals.map((signal) => {
    const listener = () => {
      // A second signal means "now": stop waiting for a graceful exit.
      const escalate = received !== undefined;
      received ??= signal;
      try {
        child.kill(isWindows ? undefined : escalate ? "SIGKILL" : signal);
      } catch {
        // The child has already exited.
      }
    };
    Deno.addSignalListener(signal, listener);
    return { signal, listener };
  });

  const verbose = isVerbose();
  if (!verbose && !options.terminal && options.label) startSpinner(options.label);
  try {
    const { stdout, stderr, status } = options.terminal
      ? await drawn(child)
      : verbose
      ? await streamed(child, (line) => printDiagnostic(line + "\n"))
      : await collected(child);
    const durationMs = Math.round(performance.now() - started);
    debug(
      `${program} ${
        status.signal ? `was killed by ${status.signal}` : `exited with ${status.code}`
      } after ${durationMs} ms`,
    );
    if (received) {
      throw new InterruptedError(received, (options.display ?? [program, ...args]).join(" "));
    }
    return {
      code: status.code,
      stdout,
      stderr,
      durationMs,
      ...(status.signal ? { signal: status.signal } : {}),
    };
  } finally {
    stopSpinner();
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  }
}

/** hpm's environment with `env` on top and `unset` taken out (for `clearEnv`). */
function withoutVariables(
  env: Record<string, string>,
  unset: readonly string[],
): Record<string, string> {
  const all = { ...Deno.env.toObject(), ...env };
  for (const name of unset) delete all[name];
  return all;
}

interface Collected {
  stdout: string;
  stderr: string;
  status: Deno.CommandStatus;
}

/**
 * The child's output read whole, in one native read per stream: the web-streams machinery of
 * `streamed` costs about 10 ms of start-up that a captured run does not need.
 */
async function collected(child: Deno.ChildProcess): Promise<Collected> {
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
    status: output,
  };
}

/** stdout of a child whose stderr went to the terminal (its stderr is then empty here). */
async function drawn(child: Deno.ChildProcess): Promise<Collected> {
  const [stdout, status] = await Promise.all([readText(child.stdout), child.status]);
  return { stdout, stderr: "", status };
}

/** The child's output, with each complete stderr line handed to `onLine` as it comes. */
async function streamed(
  child: Deno.ChildProcess,
  onLine: (line: string) => void,
): Promise<Collected> {
  const [stdout, stderr, status] = await Promise.all([
    readText(child.stdout),
    readText(child.stderr, onLine),
    child.status,
  ]);
  return { stdout, stderr, status };
}

/** Reads a stream to its end; with `onLine`, also hands over each complete line as it comes. */
async function readText(
  stream: ReadableStream<Uint8Array>,
  onLine?: (line: string) => void,
): Promise<string> {
  let text = "";
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    if (!onLine) continue;
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  }
  if (onLine && pending) onLine(pending);
  return text;
}

/** Options of `runUv`. */
export interface RunUvOptions {
  /** The project directory: uv runs there (see `commands.ts`). */
  cwd: string;
  /** Extra environment for uv, e.g. `UV_OFFLINE`. */
  env?: Record<string, string>;
  /** Spinner text while uv runs. */
  /** Do not show the command (see RunOptions.silent). */
  silent?: boolean;
  label?: string;
  /** See RunOptions.terminal: uv draws its own progress on hpm's terminal. */
  terminal?: boolean;
}

/** uv variables the running command keeps from uv (see `uv/env.ts`); set once per command. */
let uvUnset: readonly string[] = [];

/** Sets the variables of hpm's environment that no uv run of this command gets. */
export function configureUvEnv(unset: readonly string[]): void {
  uvUnset = [...unset];
}

/** The uv program hpm runs: `$HPM_UV` when set, else `uv` from PATH. */
function uvProgram(): string {
  const configured = Deno.env.get("HPM_UV");
  return configured && configured.trim() !== "" ? configured : "uv";
}

/**
 * Runs uv with `args` (built by `commands.ts`) in `cwd`, output captured without colour or
 * wrapping. Shows `$ uv ...`; returns uv's exit code and output, never throws for a non-zero
 * exit. Throws `HpmError` code `uv-not-found` (exit 1) when uv cannot be started, and
 * `InterruptedError` (exit 130) when hpm got a stop signal while uv ran.
 */
export function runUv(args: readonly string[], options: RunUvOptions): Promise<RunResult> {
  const program = uvProgram();
  if (program !== "uv") debug(`uv binary: ${program} (from HPM_UV)`);
  return runProcess(program, args, {
    cwd: options.cwd,
    // Drawn on the terminal, uv's output follows the user's own colour settings.
    env: options.terminal ? options.env : { ...options.env, ...uvCaptureEnv },
    label: options.label,
    silent: options.silent,
    display: ["uv", ...args],
    onSpawnError: (error) => uvNotFound(program, error),
    unset: uvUnset,
    terminal: options.terminal,
  });
}

function uvNotFound(program: string, error: Error): HpmError {
  const fromEnv = program !== "uv";
  const reason = error instanceof Deno.errors.NotFound
    ? "not found"
    : error instanceof Deno.errors.PermissionDenied
    ? "not executable"
    : error.message;
  const message = fromEnv
    ? `cannot run uv at \`${program}\` (from HPM_UV): ${reason}`
    : `cannot run \`uv\`: ${reason === "not found" ? "not found on PATH" : reason}`;
  const hint = fromEnv
    ? "point HPM_UV at a uv executable, or unset it to use `uv` from PATH"
    : "install uv (`pip install uv`, or see https://docs.astral.sh/uv/getting-started/installation/), " +
      "or set HPM_UV to its path";
  return new HpmError(message, {
    hint,
    exitCode: ExitCode.Failure,
    code: "uv-not-found",
    cause: error,
  });
}
