/**
 * Parsing TOML text (TOML 1.0, as uv reads it) with toml-eslint-parser: an AST with source
 * ranges for locating keys and for editing, and the plain value. Commands that only read go
 * through `read.ts`, which loads this module (and the parser) only when it needs it.
 */
import { type AST, getStaticTOMLValue, parseTOML } from "toml-eslint-parser";
import { ExitCode, HpmError } from "../errors.ts";
import { readTomlFast } from "./fast_toml.ts";

/** A parsed TOML document: the AST (with `range` and `loc` on every node) and its plain value. */
export interface ParsedToml {
  ast: AST.TOMLProgram;
  value: Record<string, unknown>;
}

interface ParserErrorShape {
  message: string;
  lineNumber: number;
  column: number;
}

function isParserError(error: unknown): error is ParserErrorShape {
  return error instanceof SyntaxError && typeof (error as Partial<ParserErrorShape>).lineNumber ===
      "number";
}

/**
 * Parses TOML text synchronously: the value from the fast reader (`fast_toml.ts`) when it takes
 * the document, with the AST built on first use; otherwise as `parseTomlFull`.
 */
export function parseToml(text: string, file: string): ParsedToml {
  const value = readTomlFast(text);
  if (value === undefined) return parseTomlFull(text, file);
  let ast: AST.TOMLProgram | undefined;
  return {
    value,
    get ast() {
      return ast ??= parseTomlFull(text, file).ast;
    },
  };
}

/**
 * Parses TOML text with toml-eslint-parser, the AST at once. A UTF-8 byte order mark is accepted
 * (as uv does) and replaced by a space for the parser, so every offset and column still points
 * into `text`. A syntax error becomes an HpmError (exit 2, code `toml-invalid`) with one located
 * problem.
 */
export function parseTomlFull(text: string, file: string): ParsedToml {
  const source = text.startsWith("\uFEFF") ? " " + text.slice(1) : text;
  let ast: AST.TOMLProgram;
  let value: Record<string, unknown>;
  try {
    ast = parseTOML(source, { tomlVersion: "1.0.0" });
    value = getStaticTOMLValue(ast) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RangeError) throw tooComplex(file, error);
    if (!isParserError(error)) throw error;
    const line = error.lineNumber;
    const column = error.column + 1;
    throw new HpmError(`invalid TOML in ${file}: ${error.message}`, {
      exitCode: ExitCode.Usage,
      code: "toml-invalid",
      hint: `fix the syntax at ${file}:${line}:${column}`,
      problems: [{ file, line, column, message: error.message, severity: "error" }],
      cause: error,
    });
  }
  return { ast, value };
}

/** The parser recurses per character of a string and per nesting level; a stack overflow. */
function tooComplex(file: string, cause: RangeError): HpmError {
  return new HpmError(`${file} is too large or too deeply nested for hpm's TOML parser`, {
    exitCode: ExitCode.Failure,
    code: "toml-too-complex",
    hint: "shorten the longest string or the deepest nesting (hpm reads it, but cannot edit it " +
      "or point into it)",
    cause,
  });
}
