/** Text edits on arrays, copying their style: one line, one element per line, trailing commas. */
import type { AST } from "toml-eslint-parser";
import { commaAfter, commentsIn, type TomlDoc } from "./editor_doc.ts";
import {
  formatValue,
  indentationAt,
  isBlankBetween,
  lineContentEnd,
  lineFullEnd,
  lineStart,
  splice,
  type TomlValue,
} from "./toml_text.ts";

const INDENT = "    ";

function closeOf(array: AST.TOMLArray): number {
  return array.range[1] - 1;
}

/** True when the array puts line breaks around its elements (`[\n  "a",\n]`). */
function isMultiLine(text: string, array: AST.TOMLArray): boolean {
  const elements = array.elements;
  if (elements.length === 0) return text.slice(array.range[0], array.range[1]).includes("\n");
  return text.slice(array.range[0], elements[0].range[0]).includes("\n") ||
    text.slice(elements[elements.length - 1].range[1], closeOf(array)).includes("\n");
}

function pushIntoEmpty(doc: TomlDoc, array: AST.TOMLArray, item: string): string {
  const { text, eol } = doc;
  if (!isMultiLine(text, array)) return splice(text, array.range[0], array.range[1], `[${item}]`);
  const close = closeOf(array);
  // A comment on a line of its own inside shows the indentation; one after `[` does not.
  const comment = commentsIn(doc, array.range[0], close).find((c) =>
    lineStart(text, c.range[0]) !== lineStart(text, array.range[0]) &&
    isBlankBetween(text, lineStart(text, c.range[0]), c.range[0])
  );
  const indent = comment
    ? indentationAt(text, comment.range[0])
    : indentationAt(text, array.range[0]) + INDENT;
  const at = lineStart(text, close);
  if (isBlankBetween(text, at, close)) return splice(text, at, at, `${indent}${item},${eol}`);
  return splice(text, close, close, `${eol}${indent}${item},${eol}`);
}

/**
 * `arrayPush`: `["a"]` -> `["a", "b"]`; `[]` -> `["b"]`; multi-line: a new line after the last
 * element with its indentation, before any closing comment line, keeping the trailing-comma habit
 * (`"a" # note` becomes `"a", # note` when no trailing comma is used).
 */
export function arrayPushText(doc: TomlDoc, array: AST.TOMLArray, value: TomlValue): string {
  const { text, eol } = doc;
  const item = formatValue(value);
  const elements = array.elements;
  const last = elements[elements.length - 1];
  if (!last) return pushIntoEmpty(doc, array, item);
  if (!isMultiLine(text, array)) return splice(text, last.range[1], last.range[1], `, ${item}`);
  const comma = commaAfter(doc, last.range[1]);
  const onOpenLine = lineStart(text, last.range[0]) === lineStart(text, array.range[0]);
  const indent = indentationAt(text, last.range[0]) + (onOpenLine ? INDENT : "");
  const anchor = comma ? comma.range[1] : last.range[1];
  const closeOnLine = lineStart(text, closeOf(array)) === lineStart(text, anchor);
  if (comma) {
    const at = closeOnLine ? anchor : lineContentEnd(text, anchor);
    return splice(text, at, at, `${eol}${indent}${item},`);
  }
  if (closeOnLine) return splice(text, anchor, anchor, `,${eol}${indent}${item}`);
  const at = lineContentEnd(text, anchor);
  const withLine = splice(text, at, at, `${eol}${indent}${item}`);
  return splice(withLine, anchor, anchor, ",");
}

/** Removes one element: its whole line in a multi-line array, else the element and one comma. */
export function arrayRemoveText(doc: TomlDoc, array: AST.TOMLArray, index: number): string {
  const { text } = doc;
  const elements = array.elements;
  const element = elements[index];
  const comma = commaAfter(doc, element.range[1]);
  const end = comma ? comma.range[1] : element.range[1];
  const from = lineStart(text, element.range[0]);
  const lineEnd = lineContentEnd(text, end);
  const alone = from !== lineStart(text, array.range[0]) &&
    isBlankBetween(text, from, element.range[0]) &&
    /^[ \t]*(#.*)?$/.test(text.slice(end, lineEnd)) && closeOf(array) > lineEnd;
  if (alone) {
    let out = splice(text, from, lineFullEnd(text, end), "");
    const previousComma = index > 0 ? commaAfter(doc, elements[index - 1].range[1]) : undefined;
    if (!comma && index === elements.length - 1 && previousComma) {
      out = splice(out, previousComma.range[0], previousComma.range[1], "");
    }
    return out;
  }
  const previous = elements[index - 1];
  const next = elements[index + 1];
  if (previous && (!next || lineStart(text, previous.range[1]) === from)) {
    // `"a", "b"` -> `"a"`: the comma before goes, the one after (if any) stays.
    return splice(text, previous.range[1], element.range[1], "");
  }
  if (next) return splice(text, element.range[0], next.range[0], "");
  if (!isMultiLine(text, array)) return splice(text, array.range[0], array.range[1], "[]");
  return splice(text, element.range[0], end, "");
}

/** Collapses an array left with no elements and no comments to `[]`. */
export function collapseEmptyArray(doc: TomlDoc, array: AST.TOMLArray): string {
  if (array.elements.length > 0 || commentsIn(doc, array.range[0], array.range[1]).length > 0) {
    return doc.text;
  }
  return splice(doc.text, array.range[0], array.range[1], "[]");
}
