/**
 * The one neutralizer for everything hpm prints (output.ts runs all of it through here): text
 * from a registry, a project, a file name or uv can only show, never act on the terminal or
 * pass for something it is not. Pure.
 *
 * - C0 controls other than tab and line feed (ESC, BEL, CR, backspace, ...) become `^[`, `^G`,
 *   `^M` (a CR before a line feed, as Windows ends lines, is dropped); DEL and C1 controls
 *   `<U+009B>`. hpm's own colours are not ESC sequences until after this (`colour`,
 *   `withColours`).
 * - Characters that reorder or hide text (bidi embeddings, overrides and isolates, zero-width
 *   spaces and joiners, a byte-order mark inside a text) become `<U+202E>` and the like:
 *   `"abc<U+202E>fed"` shows what is there.
 * - `inline` also shows a line feed as `^J`, for what must stay on one line (a file name, a
 *   key, a message, a hint): a planted name cannot start a line of its own.
 */

/** Characters that reorder or hide text: bidi controls, zero-width characters, BOM, ALM. */
export const INVISIBLE =
  /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0001}\u{e0020}-\u{e007f}]/u;

const UNSAFE_ALL =
  // deno-lint-ignore no-control-regex
  /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0001}\u{e0020}-\u{e007f}]/gu;

/** `<U+202E>`: how a character that must not act is shown. */
export function codePointName(char: string): string {
  return `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`;
}

function shown(char: string): string {
  if (char === "\r\n") return "\n";
  const code = char.charCodeAt(0);
  return code < 0x20 ? "^" + String.fromCharCode(code + 64) : codePointName(char);
}

/** `text` with every character that would act on a terminal or hide itself shown instead. */
export function neutralize(text: string): string {
  return text.replace(UNSAFE_ALL, shown);
}

/** As `neutralize`, and a line feed shown as `^J`: for text that must stay on one line. */
export function inline(text: string): string {
  return neutralize(text).replaceAll("\n", "^J");
}

const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

/**
 * JSON text with each character that reorders or hides text written as a `\u` escape: the
 * same value to a JSON reader, nothing for a terminal to act on (JSON.stringify already
 * escapes control characters).
 */
export function escapeInvisibleJson(json: string): string {
  return json.replace(INVISIBLE_ALL, (char) => {
    const code = char.codePointAt(0)!;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
    const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
    const low = ((code - 0x10000) % 0x400) + 0xdc00;
    return `\\u${high.toString(16)}\\u${low.toString(16)}`;
  });
}

/** The first character of `text` that reorders or hides text, if any. */
export function firstInvisible(text: string): string | undefined {
  return INVISIBLE.exec(text)?.[0];
}

// hpm's own colours: markers with a nonce of this process, which text from elsewhere cannot
// know, turned into ESC sequences only after neutralize() ran; any other marker character
// (text from elsewhere holding one) is shown.
const NONCE = [...crypto.getRandomValues(new Uint8Array(6))]
  .map((b) => b.toString(16).padStart(2, "0")).join("");
const COLOUR_MARK = new RegExp(`\ue000${NONCE}([0-9;]*)\ue001`, "g");
const STRAY_MARK = /[\ue000\ue001]/g;

/** `text` in SGR colour `code`, as markers that `withColours` turns into escape sequences. */
export function colour(code: string, text: string): string {
  return `\ue000${NONCE}${code}\ue001${text}\ue000${NONCE}0\ue001`;
}

/** Neutralized text with hpm's colour markers made escape sequences (stray markers shown). */
export function withColours(text: string): string {
  if (!text.includes("\ue000") && !text.includes("\ue001")) return text;
  return text.replace(COLOUR_MARK, "\x1b[$1m").replace(STRAY_MARK, codePointName);
}
