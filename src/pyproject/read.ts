/**
 * Reading TOML for commands that do not edit: the fast reader's value, and the full parser
 * (toml-eslint-parser, about 5 ms to load and more to run cold) imported only when the fast
 * reader declines a document. Where a key is comes from the fast reader's AST when it takes the
 * document.
 */
import type { AST } from "toml-eslint-parser";
import { HpmError } from "../errors.ts";
import { readTomlFast } from "./fast_toml.ts";
import { tomlLimitProblem } from "./toml_limits.ts";
import { MAX_PYPROJECT_BYTES, readRegularFileSync, refusedFileError } from "../fs/regular_file.ts";

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

/**
 * The document's AST, parsed (once) when first asked for: by the fast reader when it takes the
 * document (fast_toml_ast.ts), else by the full parser.
 */
export async function withAst(document: ReadToml): Promise<AST.TOMLProgram> {
  if (document.ast) return document.ast;
  const { readTomlAstFast } = await import("./fast_toml_ast.ts");
  const fast = readTomlAstFast(document.text);
  if (fast) return document.ast = fast.ast;
  const { parseTomlFull } = await import("./parse.ts");
  return document.ast = parseTomlFull(document.text, document.file).ast;
}

// ignoreBOM keeps a byte-order mark in the text, so that a write puts it back.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text of a TOML file hpm may write back. TOML is UTF-8: a file that is not is refused
 * (`toml-invalid`, exit 2, at its first bad byte) rather than decoded with U+FFFD, which a
 * later write would store in place of the user's bytes. Only a regular file of at most
 * MAX_PYPROJECT_BYTES is read (`file-refused`, exit 2, otherwise), and only one within the
 * key and nesting limits of toml_limits.ts (`toml-invalid`, located).
 */
export function readTomlText(path: string, file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFileSync(path, MAX_PYPROJECT_BYTES);
  } catch (error) {
    throw refusedFileError(error, file) ?? error;
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at);
    const line = before.filter((b) => b === 0x0a).length + 1;
    // Columns count characters (what comes before the bad byte is valid UTF-8), not bytes.
    const lineText = strictUtf8.decode(before.subarray(before.lastIndexOf(0x0a) + 1));
    const column = [...lineText.replace(/^\uFEFF/, "")].length + 1;
    const problem = { file, line, column, severity: "error" as const };
    const message = `byte 0x${bytes[at].toString(16).padStart(2, "0")} is not UTF-8 ` +
      "(TOML files are UTF-8)";
    throw new HpmError(`${file} is not valid UTF-8`, {
      code: "toml-invalid",
      hint: `save ${file} as UTF-8`,
      problems: [{ ...problem, message }],
    });
  }
  const tooDeep = tomlLimitProblem(text, file);
  if (tooDeep) {
    throw new HpmError(`${file} is too deeply nested for hpm to read`, {
      code: "toml-invalid",
      hint: tooDeep.hint,
      problems: [tooDeep],
    });
  }
  return text;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const length = lead < 0x80
      ? 1
      : lead >= 0xc2 && lead < 0xe0
      ? 2
      : lead >= 0xe0 && lead < 0xf0
      ? 3
      : lead >= 0xf0 && lead < 0xf5
      ? 4
      : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      strictUtf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length - 1;
}
