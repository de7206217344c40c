/** Writing TOML text: keys, values, line endings and line arithmetic on source offsets. */
import { formatKey, formatString } from "./toml_keys.ts";
export { formatKey, formatKeyPath, formatString } from "./toml_keys.ts";

/** A value hpm writes: strings, numbers, booleans, arrays of them and inline tables. */
export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

/** The file's line ending: `\r\n` when most line breaks are CRLF, else `\n`. */
export function detectEol(text: string): "\n" | "\r\n" {
  const all = text.split("\n").length - 1;
  const crlf = text.split("\r\n").length - 1;
  return all > 0 && crlf * 2 >= all ? "\r\n" : "\n";
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

/** A value as TOML text; inline tables are written `{ a = 1, b = "x" }` as uv writes them. */
export function formatValue(value: TomlValue): string {
  if (typeof value === "string") return formatString(value);
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${formatKey(k)} = ${formatValue(v)}`).join(", ")} }`;
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset of the end of the line holding `offset`, before its line break. */
export function lineContentEnd(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === "\r" ? newline - 1 : newline;
}

/** Offset just after the line break of the line holding `offset` (or the end of the text). */
export function lineFullEnd(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline < 0 ? text.length : newline + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** True when the text from `from` to `to` holds only spaces and tabs. */
export function isBlankBetween(text: string, from: number, to: number): boolean {
  return /^[ \t]*$/.test(text.slice(from, to));
}

/** Replaces `text[from, to)` with `insert`. */
export function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

function isBlankLine(text: string, start: number): boolean {
  return isBlankBetween(text, start, lineContentEnd(text, start)) && start < text.length;
}

/**
 * Removes whole lines `[from, to)` (both at line starts) and tidies the blank lines around them:
 * at the end of the file the blank lines before go too; at its start the blank lines after go;
 * between two blank lines one of them goes. A file without a final newline keeps none.
 */
export function removeLines(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  const hadFinalNewline = text.endsWith("\n");
  const restIsBlank = /^\s*$/.test(text.slice(end));
  if (restIsBlank) {
    end = text.length;
    while (start > 0) {
      const previous = lineStart(text, start - 1);
      if (!isBlankLine(text, previous)) break;
      start = previous;
    }
  } else if (/^\s*$/.test(text.slice(0, start))) {
    while (isBlankLine(text, end)) end = lineFullEnd(text, end);
  } else if (start > 0 && isBlankLine(text, lineStart(text, start - 1)) && isBlankLine(text, end)) {
    end = lineFullEnd(text, end);
  }
  let out = text.slice(0, start) + text.slice(end);
  if (restIsBlank && !hadFinalNewline) out = out.replace(/\r?\n$/, "");
  return out;
}
