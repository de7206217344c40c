/**
 * What the registry writers share: the YAML style hpm writes (plain YAML, no tags, double-quoted
 * strings like the seed guide, no line folding), reading a file for a comment-keeping edit, and
 * the guard that re-reads every text before it is written.
 */
import { type Document, parseDocument, type ToStringOptions } from "yaml";
import { ExitCode, HpmError, type Problem } from "../../errors.ts";

/** How hpm renders YAML: `name: "x"`, block mappings, one value per line, never folded. */
export const YAML_STYLE: ToStringOptions = {
  lineWidth: 0,
  defaultStringType: "QUOTE_DOUBLE",
  defaultKeyType: "PLAIN",
  flowCollectionPadding: false,
};

/**
 * Parses an existing registry file for editing, keeping its comments. A file that is not valid
 * YAML is an error naming it (exit 2): it must be fixed (or replaced with `--force`) first.
 */
export function parseForEdit(text: string, display: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) {
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [
      1,
      1,
    ];
    throw new HpmError(`${display} is not valid YAML; not changed`, {
      code: "registry-invalid",
      hint: `fix it first ('hpm registry validate' shows every problem)`,
      problems: [{
        file: display,
        line,
        column,
        message: error.message.split("\n")[0],
        severity: "error",
      }],
    });
  }
  return doc;
}

/**
 * The guard after every edit: the new text must parse without errors (warnings are fine), or
 * nothing is written. Such a failure is a bug in hpm, so it says so.
 */
export function requireNoErrors(display: string, problems: readonly Problem[]): void {
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length === 0) return;
  throw new HpmError(`refusing to write ${display}: the new text would not be valid`, {
    exitCode: ExitCode.Failure,
    code: "write-verify",
    hint: "this is a bug in hpm; please report it with the command you ran",
    problems: errors,
  });
}

/** The same guard for a value that reads back differently from what was meant. */
export function mismatch(display: string, what: string): HpmError {
  return new HpmError(`refusing to write ${display}: ${what} reads back differently`, {
    exitCode: ExitCode.Failure,
    code: "write-verify",
    hint: "this is a bug in hpm; please report it with the command you ran",
  });
}
