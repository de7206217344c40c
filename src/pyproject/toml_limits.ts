/**
 * Limits a TOML document must keep before any parser or editor sees it: the parsers and the
 * editor recurse (or structuredClone) per key part and per nested array or inline table, so
 * a hostile document (`[a.a.a....]` of 3000 parts, `[[[[...]]]]`) would exhaust the stack.
 * One linear scan, with no recursion of its own. Pure.
 */
import type { Problem } from "../errors.ts";

/** The most parts a dotted key or table header may have. */
export const MAX_KEY_PARTS = 128;

/** The deepest arrays and inline tables may nest. */
export const MAX_NESTING = 128;

/**
 * The first place where `text` goes past MAX_KEY_PARTS or MAX_NESTING, as a problem of `file`;
 * undefined when it keeps both. Invalid TOML is not judged here (the parser says what is wrong).
 */
export function tomlLimitProblem(text: string, file: string): Problem | undefined {
  let line = 1;
  let lineStart = 0;
  /** Open arrays (`[`) and inline tables (`{`) of the value being read. */
  const open: string[] = [];
  let inKey = true;
  let parts = 1;
  const at = (i: number, message: string): Problem => ({
    file,
    line,
    column: i - lineStart + 1,
    severity: "error",
    message,
    hint: "hpm reads TOML of a sane shape only: shorten that key or flatten that value",
  });
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      lineStart = i + 1;
      if (open.length === 0) {
        inKey = true;
        parts = 1;
      }
      continue;
    }
    if (c === "#") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (c === '"' && text[j] === "\\") j++;
        else if (text[j] === "\n") {
          if (!triple) break;
          line++;
          lineStart = j + 1;
        }
        j++;
      }
      i = j + quote.length - 1;
      continue;
    }
    if (inKey) {
      if (c === ".") {
        if (++parts > MAX_KEY_PARTS) {
          return at(i, `a key or table header of more than ${MAX_KEY_PARTS} dotted parts`);
        }
      } else if (c === "=") {
        inKey = false;
        parts = 1;
      } else if (c === "]" && open.length === 0) {
        inKey = false; // the end of a table header
        parts = 1;
      } else if (c === "}" && open[open.length - 1] === "{") {
        open.pop(); // `{}`, or a trailing comma
        inKey = false;
        parts = 1;
      }
      continue;
    }
    if (c === "[" || c === "{") {
      open.push(c);
      if (open.length > MAX_NESTING) {
        return at(i, `arrays or inline tables nested deeper than ${MAX_NESTING} levels`);
      }
      if (c === "{") inKey = true;
    } else if (c === "]" || c === "}") {
      open.pop();
    } else if (c === "," && open[open.length - 1] === "{") {
      inKey = true;
    }
  }
  return undefined;
}
