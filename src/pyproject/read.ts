/**
 * Reading TOML for commands that do not edit: the fast reader's value, and the full parser
 * (toml-eslint-parser, about 3 ms to load and more to run cold) imported only when the fast
 * reader declines a document or something asks where a key is.
 */
import type { AST } from "toml-eslint-parser";
import { readTomlFast } from "./fast_toml.ts";

/** A TOML document read for its value; `ast` once `withAst` has built it. */
export interface ReadToml {
  text: string;
  file: string;
  value: Record<string, unknown>;
  ast?: AST.TOMLProgram;
}

/** Reads TOML text: invalid TOML throws the full parser's located `toml-invalid` HpmError. */
export async function readToml(text: string, file: string): Promise<ReadToml> {
  const value = readTomlFast(text);
  if (value !== undefined) return { text, file, value };
  const { parseTomlFull } = await import("./parse.ts");
  const { ast, value: full } = parseTomlFull(text, file);
  return { text, file, value: full, ast };
}

/** The document's AST, parsed (once) when first asked for. */
export async function withAst(document: ReadToml): Promise<AST.TOMLProgram> {
  if (document.ast) return document.ast;
  const { parseTomlFull } = await import("./parse.ts");
  return document.ast = parseTomlFull(document.text, document.file).ast;
}
