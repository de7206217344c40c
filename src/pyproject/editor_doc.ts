/** The document an edit works on: text, AST, key/value index, line ending; and edit errors. */
import type { AST } from "toml-eslint-parser";
import { ExitCode, HpmError, type Problem } from "../errors.ts";
import { collectEntries, type KeyPath, type KvEntry, positionOf } from "./locate.ts";
import { readTomlAstFast } from "./fast_toml_ast.ts";
import type { ParsedToml } from "./parse.ts";
import { detectEol, formatKeyPath } from "./toml_text.ts";

/** One parsed state of the text being edited. */
export interface TomlDoc {
  text: string;
  file: string;
  ast: AST.TOMLProgram;
  value: Record<string, unknown>;
  entries: KvEntry[];
  eol: "\n" | "\r\n";
}

/** toml-eslint-parser's parse, once `loadFullParser` has imported it. */
let fullParser: ((text: string, file: string) => ParsedToml) | undefined;

/**
 * Thrown when a document the fast reader declines is to be parsed before the full parser is
 * loaded; `editPyproject` then loads it and edits again from the start.
 */
export class FullParserNeeded extends Error {}

/** Imports the full parser (toml-eslint-parser), for the documents the fast reader declines. */
export async function loadFullParser(): Promise<void> {
  fullParser ??= (await import("./parse.ts")).parseTomlFull;
}

/** Parses `text` for editing; the original's errors are the user's (`toml-invalid`). */
export function loadDoc(text: string, file: string): TomlDoc {
  const parsed = readTomlAstFast(text);
  if (!parsed && !fullParser) throw new FullParserNeeded("the full TOML parser is not loaded");
  const { ast, value } = parsed ?? fullParser!(text, file);
  return { text, file, ast, value, entries: collectEntries(ast), eol: detectEol(text) };
}

/** Parses text hpm produced; a syntax error there is hpm's fault (`edit-verify-failed`). */
export function reloadDoc(text: string, file: string, path: KeyPath): TomlDoc {
  try {
    return loadDoc(text, file);
  } catch (error) {
    if (!(error instanceof HpmError)) throw error;
    throw refusedEdit(
      file,
      path,
      `the edited text is not valid TOML (${error.problems[0]?.message})`,
    );
  }
}

/** The HpmError hpm throws instead of writing a pyproject.toml that would not mean the intent. */
export function refusedEdit(file: string, path: KeyPath, why: string): HpmError {
  const where = formatKeyPath(path) || "(document)";
  return new HpmError(
    `hpm refused to write ${file}: the edit would not mean what was intended at \`${where}\` (${why})`,
    {
      exitCode: ExitCode.Failure,
      code: "edit-verify-failed",
      hint: "this is a bug in hpm; please report it with a copy of the file. Nothing was written",
      data: { path: [...path] },
    },
  );
}

/** An edit that the file's current shape does not allow (e.g. setting a key under a string). */
export function editConflict(doc: TomlDoc, path: KeyPath, message: string): HpmError {
  const position = positionOf(doc.ast, path);
  const problems: Problem[] = position
    ? [{ file: doc.file, ...position, message, severity: "error" }]
    : [];
  return new HpmError(`cannot edit \`${formatKeyPath(path)}\` in ${doc.file}: ${message}`, {
    exitCode: ExitCode.Usage,
    code: "edit-conflict",
    hint: `change ${doc.file} by hand so that \`${formatKeyPath(path)}\` can be written`,
    problems,
  });
}

/** The first token starting at or after `offset` (comments are not tokens). */
function tokenAfter(doc: TomlDoc, offset: number): AST.Token | undefined {
  const tokens = doc.ast.tokens;
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle].range[0] < offset) low = middle + 1;
    else high = middle;
  }
  return tokens[low];
}

/** The comma right after `offset`, if the next token is one. */
export function commaAfter(doc: TomlDoc, offset: number): AST.Token | undefined {
  const token = tokenAfter(doc, offset);
  return token?.type === "Punctuator" && token.value === "," ? token : undefined;
}

/** Comments starting inside `[from, to)`. */
export function commentsIn(doc: TomlDoc, from: number, to: number): AST.Comment[] {
  return doc.ast.comments.filter((c) => c.range[0] >= from && c.range[0] < to);
}
