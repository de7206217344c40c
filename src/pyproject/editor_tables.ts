/** Text edits on table headers: placing new `[a.b]`/`[[a.b]]` tables, removing table blocks. */
import type { AST } from "toml-eslint-parser";
import { type KeyPath, startsWithPath, tablesOf } from "./locate.ts";
import { commentsIn, type TomlDoc } from "./editor_doc.ts";
import {
  formatKeyPath,
  isBlankBetween,
  lineContentEnd,
  lineFullEnd,
  lineStart,
  removeLines,
  splice,
} from "./toml_text.ts";

/** Appends a block of lines at the end of the text, one blank line before it. */
function appendBlock(doc: TomlDoc, block: string): string {
  const { text, eol } = doc;
  if (/^\s*$/.test(text)) return block + eol;
  if (/\n[ \t]*\r?\n$/.test(text)) return text + block + eol;
  if (text.endsWith("\n")) return text + eol + block + eol;
  return text + eol + eol + block;
}

/** The last line of a table, counting the sub-tables that follow it (for `[[x]]` elements). */
function blockEnd(tables: AST.TOMLTable[], index: number): number {
  const key = tables[index].resolvedKey;
  let end = tables[index].range[1];
  for (let i = index + 1; i < tables.length; i++) {
    if (tables[i].resolvedKey.length <= key.length || !startsWithPath(tables[i].resolvedKey, key)) {
      break;
    }
    end = tables[i].range[1];
  }
  return end;
}

/**
 * Inserts a new `[path]` (or `[[path]]`) table with the given lines where a person would: right
 * after the last table sharing the longest prefix with it (`[tool.hpm.groups]` after `[tool.hpm]`,
 * `[tool.uv.sources]` after the last `[tool.uv…]`, else after the last `[tool…]`); before its
 * own sub-tables if those exist; otherwise at the end of the file after one blank line.
 */
export function insertTable(
  doc: TomlDoc,
  path: KeyPath,
  kind: "standard" | "array",
  lines: string[],
): string {
  const { text, eol } = doc;
  const header = kind === "array" ? `[[${formatKeyPath(path)}]]` : `[${formatKeyPath(path)}]`;
  const block = [header, ...lines].join(eol);
  const tables = tablesOf(doc.ast);
  const sub = tables.find((t) =>
    t.resolvedKey.length > path.length && startsWithPath(t.resolvedKey, path)
  );
  if (sub && kind === "standard") {
    const at = lineStart(text, sub.range[0]);
    return splice(text, at, at, block + eol + eol);
  }
  for (let length = path.length - 1; length >= 1; length--) {
    const prefix = path.slice(0, length);
    const anchor = tables.findLastIndex((t) => startsWithPath(t.resolvedKey, prefix));
    if (anchor < 0) continue;
    const at = lineContentEnd(text, blockEnd(tables, anchor));
    return splice(text, at, at, eol + eol + block);
  }
  return appendBlock(doc, block);
}

/** Appends one `[[path]]` element after the last existing one (and its sub-tables). */
export function appendArrayTable(doc: TomlDoc, elements: AST.TOMLTable[], lines: string[]): string {
  const tables = tablesOf(doc.ast);
  const last = tables.indexOf(elements[elements.length - 1]);
  const block = [`[[${formatKeyPath(elements[0].resolvedKey.slice(0, -1))}]]`, ...lines];
  const at = lineContentEnd(doc.text, blockEnd(tables, last));
  return splice(doc.text, at, at, doc.eol + doc.eol + block.join(doc.eol));
}

/** Removes `[[path]]` elements (each with its sub-tables) whose index `remove` accepts. */
export function removeArrayTables(
  doc: TomlDoc,
  elements: AST.TOMLTable[],
  remove: (index: number) => boolean,
): string {
  const tables = tablesOf(doc.ast);
  let text = doc.text;
  for (let i = elements.length - 1; i >= 0; i--) {
    if (!remove(i)) continue;
    const index = tables.indexOf(elements[i]);
    const from = lineStart(text, elements[i].range[0]);
    text = removeLines(text, from, lineFullEnd(text, blockEnd(tables, index)));
  }
  return text;
}

/** Removes a `[path]` table block: its header line through its last key/value line. */
export function removeTable(doc: TomlDoc, table: AST.TOMLTable): string {
  const from = lineStart(doc.text, table.range[0]);
  return removeLines(doc.text, from, lineFullEnd(doc.text, table.range[1]));
}

/**
 * True when a table has no keys and no comments: none on its header line or below it, except a
 * comment block separated by a blank line that leads into the next table.
 */
export function tableIsBare(doc: TomlDoc, table: AST.TOMLTable): boolean {
  if (table.body.length > 0) return false;
  const { text } = doc;
  const tables = tablesOf(doc.ast);
  const next = tables[tables.indexOf(table) + 1];
  const regionEnd = next ? lineStart(text, next.range[0]) : text.length;
  let ownEnd = regionEnd;
  if (next) {
    // Comments after the last blank line of the region belong to the next table.
    for (let at = lineFullEnd(text, table.range[0]); at < regionEnd; at = lineFullEnd(text, at)) {
      if (isBlankBetween(text, at, lineContentEnd(text, at))) ownEnd = at;
    }
  }
  return commentsIn(doc, table.range[0], ownEnd).length === 0;
}
