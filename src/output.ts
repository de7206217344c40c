/**
 * The only module that prints. Data goes to stdout; status, warnings, progress and errors to
 * stderr. Colour only on a terminal and never when NO_COLOR is set. In `--json` mode stdout
 * carries exactly one JSON document (the result or the error) and stderr only progress: the
 * warnings a command gives are collected and put in that document (`warnings`, last).
 */
import { formatLocation, type HpmError, type Problem } from "./errors.ts";
import { maskText } from "./redact.ts";
import { colour, escapeInvisibleJson, inline, neutralize, withColours } from "./neutralize.ts";

const encoder = new TextEncoder();

interface OutputSettings {
  json: boolean;
  verbose: boolean;
  quiet: boolean;
}

const settings: OutputSettings = { json: false, verbose: false, quiet: false };

/** Sets the output mode once the command line is parsed. */
export function configureOutput(next: Partial<OutputSettings>): void {
  Object.assign(settings, next);
}

/** True when `--quiet` was given. */
export function isQuiet(): boolean {
  return settings.quiet;
}

/** True when `--verbose` was given. */
export function isVerbose(): boolean {
  return settings.verbose;
}

function noColor(): boolean {
  const value = Deno.env.get("NO_COLOR");
  return value !== undefined && value !== "";
}

function colorOn(stream: "stdout" | "stderr"): boolean {
  if (noColor()) return false;
  return stream === "stdout" ? Deno.stdout.isTerminal() : Deno.stderr.isTerminal();
}

function paint(stream: "stdout" | "stderr", code: string, text: string): string {
  return colorOn(stream) ? colour(code, text) : text;
}

/** Text styles for stdout data (no-ops without colour). */
export const style = {
  bold: (text: string) => paint("stdout", "1", text),
  dim: (text: string) => paint("stdout", "2", text),
  green: (text: string) => paint("stdout", "32", text),
  yellow: (text: string) => paint("stdout", "33", text),
  cyan: (text: string) => paint("stdout", "36", text),
  red: (text: string) => paint("stdout", "31", text),
};

/** Streams whose reader went away (`hpm list | head -1`): what is left for them is dropped. */
const closed = new Set<typeof Deno.stdout | typeof Deno.stderr>();

/**
 * Writes all of `text`. A closed pipe is not the command's failure: the rest of the output is
 * dropped and the command goes on to finish (a sync still completes or rolls back, and its
 * exit code still tells).
 */
function writeAll(stream: typeof Deno.stdout | typeof Deno.stderr, text: string): void {
  if (closed.has(stream)) return;
  const bytes = encoder.encode(text);
  let offset = 0;
  try {
    while (offset < bytes.length) offset += stream.writeSync(bytes.subarray(offset));
  } catch (error) {
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
    closed.add(stream);
  }
}

// Every byte hpm prints passes here, so credentials in URLs (`https://user:token@host`) are
// masked in every output (data, JSON, diffs, uv's own text, errors), and then one neutralizer
// (neutralize.ts) shows what would act on the terminal; hpm's own colours are made escape
// sequences only after that.
function safe(text: string): string {
  return withColours(neutralize(maskText(text)));
}

function out(text: string): void {
  writeAll(Deno.stdout, safe(text));
}

function err(text: string): void {
  clearSpinnerLine();
  writeAll(Deno.stderr, safe(text));
}

/** Prints data (a line or a block) to stdout. Ignored in JSON mode: use `printJson` there. */
export function printData(text: string): void {
  if (settings.json) return;
  out(text.endsWith("\n") ? text : text + "\n");
}

/** A warning given in `--json` mode: a located problem, or a message and its hint. */
export type JsonWarning = Problem | { message: string; hint: string | null };

/** The warnings given so far in `--json` mode (warn, printProblems), for the document. */
const jsonWarnings: JsonWarning[] = [];

/** The document with the warnings given in `--json` mode, when there are any, as `warnings`. */
function withWarnings(value: unknown): unknown {
  if (jsonWarnings.length === 0 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value;
  return { ...value, warnings: jsonWarnings };
}

/** Prints the command's JSON result (or error) to stdout, with the warnings it gave. */
export function printJson(value: unknown): void {
  out(escapeInvisibleJson(JSON.stringify(withWarnings(value), null, 2)) + "\n");
}

/** A status line on stderr (`hpm: ...`), hidden by `--quiet`. */
export function info(message: string): void {
  if (settings.quiet) return;
  err(message + "\n");
}

/** A success line on stderr. */
export function success(message: string): void {
  if (settings.quiet) return;
  err(paint("stderr", "32", "✔") + " " + inline(message) + "\n");
}

/** A warning on stderr (shown even with `--quiet`); in `--json` mode, one of the document's. */
export function warn(message: string, hint?: string): void {
  if (settings.json) {
    jsonWarnings.push({ message, hint: hint ?? null });
    return;
  }
  err(paint("stderr", "33", "warning") + ": " + inline(message) + "\n");
  if (hint) err(paint("stderr", "36", "hint") + ": " + inline(hint) + "\n");
}

/** One piece of a command's text output: data to stdout, the rest to stderr as below. */
export type Line =
  | { to: "data"; text: string }
  | { to: "info" | "success"; text: string }
  | { to: "warn"; text: string; hint?: string }
  /** Located problems, `file:line:column: warning: ...` on stderr (shown with `--quiet` too). */
  | { to: "problems"; problems: readonly Problem[] }
  /** `error: ...` (and `hint: ...`) on stderr, for an outcome that exits 1 with a result. */
  | { to: "error"; text: string; hint?: string };

/** Prints a command's rendered outcome, each line to its stream (see `Line`). */
export function printLines(lines: readonly Line[]): void {
  for (const line of lines) {
    if (line.to === "data") printData(line.text);
    else if (line.to === "warn") warn(line.text, line.hint);
    else if (line.to === "error") errorLine(line.text, line.hint);
    else if (line.to === "info") info(line.text);
    else if (line.to === "problems") printProblems(line.problems);
    else success(line.text);
  }
}

/** Detail shown only with `--verbose`. */
export function debug(message: string): void {
  if (settings.verbose) err(paint("stderr", "2", inline(message)) + "\n");
}

/** Raw text on stderr (uv's own output shown on failure). */
export function printDiagnostic(text: string): void {
  if (text.length === 0) return;
  err(text.endsWith("\n") ? text : text + "\n");
}

/** Shows a child command before it runs: `$ uv lock ...`. */
export function showCommand(argv: readonly string[]): void {
  if (settings.quiet) return;
  err(paint("stderr", "2", "$ " + inline(argv.map(quoteArg).join(" "))) + "\n");
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** One located problem as a text line: `file:line:col: error: message`. */
function formatProblem(problem: Problem): string {
  const label = problem.severity === "error"
    ? paint("stderr", "31", "error")
    : paint("stderr", "33", "warning");
  // File names, keys and values stay on their line: a planted name cannot draw a line of its own.
  let text = `${inline(formatLocation(problem))}: ${label}: ${inline(problem.message)}`;
  if (problem.hint) text += `\n  ${paint("stderr", "36", "hint")}: ${inline(problem.hint)}`;
  return text;
}

/** Prints located problems (warnings too) on stderr; in `--json` mode, the document's warnings. */
export function printProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  if (settings.json) {
    jsonWarnings.push(...problems);
    return;
  }
  err(problems.map(formatProblem).join("\n") + "\n");
}

/** The JSON shape of an error, as printed with `--json` (documented in docs/json.md). */
export function errorToJson(error: HpmError): Record<string, unknown> {
  return {
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      hint: error.hint ?? null,
      exitCode: error.exitCode,
      problems: error.problems,
      ...(error.details ? { details: error.details } : {}),
      ...(error.data ?? {}),
    },
  };
}

/** `error: MESSAGE` and `hint: HINT` on stderr. */
function errorLine(message: string, hint?: string): void {
  err(paint("stderr", "31", "error") + ": " + inline(message) + "\n");
  if (hint) err(paint("stderr", "36", "hint") + ": " + inline(hint) + "\n");
}

/** Prints an error: JSON on stdout in `--json` mode, else `error: ...` and `hint: ...` on stderr. */
export function printError(error: HpmError): void {
  stopSpinner();
  if (settings.json) {
    printJson(errorToJson(error));
    return;
  }
  const problems = error.problems;
  if (problems.length > 0) err(problems.map(formatProblem).join("\n") + "\n");
  err(paint("stderr", "31", "error") + ": " + inline(error.message) + "\n");
  if (error.details) err(indent(error.details) + "\n");
  if (error.hint) err(paint("stderr", "36", "hint") + ": " + inline(error.hint) + "\n");
}

/** Prints an unexpected exception: one line, the stack only with `--verbose`. */
export function printInternalError(error: unknown): void {
  stopSpinner();
  const message = error instanceof Error ? error.message : String(error);
  if (settings.json) {
    printJson({
      ok: false,
      error: { code: "internal", message, hint: null, exitCode: 1, problems: [] },
    });
    return;
  }
  err(paint("stderr", "31", "error") + ": internal error: " + inline(message) + "\n");
  if (settings.verbose && error instanceof Error && error.stack) err(error.stack + "\n");
  else {
    err(
      paint("stderr", "36", "hint") +
        ": this is a bug in hpm; run again with --verbose and report the output\n",
    );
  }
}

function indent(text: string): string {
  return text.replace(/\s+$/, "").split("\n").map((line) => "  " + line).join("\n");
}

// --- spinner: on a terminal only, never in JSON/quiet mode -----------------------------------

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
let spinnerTimer: ReturnType<typeof setInterval> | undefined;
let spinnerText = "";
let spinnerShown = false;

function clearSpinnerLine(): void {
  if (spinnerShown) {
    writeAll(Deno.stderr, "\r\x1b[2K");
    spinnerShown = false;
  }
}

/** Starts a spinner with a label on stderr when it is a terminal; otherwise does nothing. */
export function startSpinner(text: string): void {
  stopSpinner();
  if (settings.quiet || !Deno.stderr.isTerminal() || Deno.env.get("CI")) return;
  spinnerText = text;
  let index = 0;
  const draw = () => {
    writeAll(
      Deno.stderr,
      `\r\x1b[2K${frames[index++ % frames.length]} ${safe(inline(spinnerText))}`,
    );
    spinnerShown = true;
  };
  draw();
  spinnerTimer = setInterval(draw, 80);
}

/** Stops the spinner and clears its line. */
export function stopSpinner(): void {
  if (spinnerTimer !== undefined) clearInterval(spinnerTimer);
  spinnerTimer = undefined;
  clearSpinnerLine();
}

/** Changes the spinner's label (starting it when it is not running). */
export function updateSpinner(text: string): void {
  if (spinnerTimer === undefined) startSpinner(text);
  else spinnerText = text;
}
