/**
 * A small, strict parser for the part of YAML that registry files use, so that reading a
 * registry does not load the `yaml` package (≈ 40 ms of start-up: its Node build starts Deno's
 * Node compatibility layer) and parses 10,000 manifests in a fraction of its time.
 *
 * The subset: block mappings with plain keys, block sequences (of scalars, of compact mappings
 * `- name: a`), plain, single- and double-quoted scalars on one line, one-line flow sequences
 * of scalars (`default: ["a", b]`), comments, blank lines, CRLF line ends. Anything else, and
 * anything that might be a mistake (duplicate keys, a line indented where nothing can continue,
 * a value that would fold onto the next line, anchors, tags, block scalars, tabs, ...), makes
 * `parseFastYaml` decline with `undefined`: the caller then parses with the `yaml` package,
 * which reports syntax errors with its own messages and positions.
 *
 * What it returns must be exactly what the `yaml` package (YAML 1.2, core schema) gives for the
 * same text: the same values, and every node at the same offset (tests/unit/fast_yaml_test.ts
 * compares the two on every fixture and on generated and mutated files).
 *
 * `readYamlFast` is the whole fast path of reading a file: the size limit, this parser, and the
 * file's positions (yaml/read.ts falls back to yaml/full.ts when it declines).
 */
import type { Problem } from "../../errors.ts";
import {
  fileProblem,
  MAX_YAML_BYTES,
  utf8Length,
  type YamlFile,
  type YamlMap,
  type YamlNode,
  type YamlReadResult,
  type YamlScalar,
  type YamlSeq,
} from "./doc.ts";

/** A document read by the fast path: its root node and where each line starts. */
export interface FastYaml {
  root: YamlNode | null;
  lineStarts: number[];
}

/** Deepest block nesting the fast path follows; deeper files go to the `yaml` package. */
const MAX_FAST_DEPTH = 16;

/** Characters the fast path never reads: controls other than LF/CR, BOM, NEL, LS, PS, tab. */
// deno-lint-ignore no-control-regex
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]|\r(?!\n)/;

/** A plain key starts with a letter or `_`... */
function isKeyStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

/** ... and goes on with letters, digits, `_`, `-` and `.`. */
function isKeyChar(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46;
}

/** Keys the core schema reads as booleans or null rather than strings. */
const NON_STRING_KEY = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/;

// The YAML 1.2 core schema, as the `yaml` package resolves plain scalars.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const DECIMAL_INT = /^-?[0-9]{1,15}$/;
const DECIMAL_FLOAT = /^-?[0-9]{1,15}\.[0-9]{1,15}$/;
/** Other numbers of the core schema (octal, hex, exponents, `.5`, `1.`, `+1`, `.inf`, `.nan`). */
const OTHER_NUMBER = new RegExp(
  [
    /^0o[0-7]+$/,
    /^0x[0-9a-fA-F]+$/,
    /^[-+]?[0-9]+$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  ].map((r) => r.source).join("|"),
);

/** Thrown inside the parser to decline; never escapes `parseFastYaml`. */
class Decline {
  constructor(readonly reason: string) {}
}

function decline(reason: string): never {
  throw new Decline(reason);
}

/** One line that holds content (not blank, not only a comment). */
interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Number of leading spaces. */
  indent: number;
  /** Offset just past the content (before `\r\n` / `\n`). */
  end: number;
}

/**
 * Parses `text` if it is inside the subset, else returns undefined (with the reason when
 * `why` is given, for tests and for `--verbose` diagnostics).
 */
export function parseFastYaml(text: string, why?: (reason: string) => void): FastYaml | undefined {
  try {
    return new FastParser(text).parse();
  } catch (error) {
    if (error instanceof Decline) {
      why?.(error.reason);
      return undefined;
    }
    throw error;
  }
}

class FastParser {
  readonly lineStarts: number[] = [0];
  readonly lines: Line[] = [];
  /** Index into `lines` of the next line to read. */
  next = 0;

  constructor(readonly text: string) {}

  parse(): FastYaml {
    const text = this.text;
    if (UNSUPPORTED_CHARS.test(text)) decline("a tab, control character, BOM or lone CR");
    this.splitLines();
    if (this.lines.length === 0) return { root: null, lineStarts: this.lineStarts };
    const first = this.lines[0];
    if (first.indent !== 0) decline("the document does not start at column 1");
    const root = this.blockMapping(first.start, 0, 0);
    if (this.next < this.lines.length) decline("content after the root mapping");
    return { root, lineStarts: this.lineStarts };
  }

  /** Records line starts (as the `yaml` package's LineCounter does) and the content lines. */
  private splitLines(): void {
    const text = this.text;
    let start = 0;
    while (start < text.length) {
      let newline = text.indexOf("\n", start);
      if (newline < 0) newline = text.length;
      else this.lineStarts.push(newline + 1);
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      let first = start;
      while (first < end && text.charCodeAt(first) === 32) first++;
      if (first < end && text[first] !== "#") {
        if (first === start) {
          const three = text.slice(start, start + 3);
          if (three === "---" || three === "..." || text[start] === "%") {
            decline("a document marker or directive");
          }
        }
        this.lines.push({ start, indent: first - start, end });
      }
      start = newline + 1;
    }
  }

  /** The next content line, if any. */
  private peek(): Line | undefined {
    return this.lines[this.next];
  }

  /**
   * A block mapping whose keys are at column `indent` (0-based); its first key is at offset
   * `at`, on the current line (which may begin with `- ` when the mapping is a sequence item).
   */
  private blockMapping(at: number, indent: number, depth: number): YamlMap {
    if (depth > MAX_FAST_DEPTH) decline("nested too deeply for the fast path");
    const map: YamlMap = { kind: "map", offset: at, items: [] };
    const seen = new Set<string>();
    let keyAt = at;
    for (;;) {
      const line = this.lines[this.next];
      const key = this.plainKey(keyAt, line.end);
      if (seen.has(key.value as string)) decline("a duplicate key");
      seen.add(key.value as string);
      // After `key:`, skip spaces to the value, a comment or the line end.
      let pos = keyAt + (key.value as string).length + 1;
      while (pos < line.end && this.text.charCodeAt(pos) === 32) pos++;
      this.next++;
      let value: YamlNode;
      if (pos === line.end || this.text[pos] === "#") {
        if (this.text[pos] === "#" && this.text.charCodeAt(pos - 1) !== 32) {
          decline("'#' right after a colon");
        }
        value = this.blockValue(pos, indent, depth);
      } else {
        value = this.inlineValue(pos, line.end);
        this.expectNoDeeperLine(indent);
      }
      map.items.push({ key, value });
      const after = this.peek();
      if (!after || after.indent < indent) return map;
      if (after.indent > indent) decline("a line indented deeper than its mapping");
      keyAt = after.start + indent;
      if (this.isSequenceEntry(keyAt, after.end)) return map; // a sequence ends a compact mapping
    }
  }

  /**
   * The value of `key:` with nothing after it on its line: a block mapping or sequence on the
   * next lines, or an empty value (null, located where the `yaml` package puts it: after the
   * spaces that follow the colon).
   */
  private blockValue(emptyAt: number, indent: number, depth: number): YamlNode {
    const line = this.peek();
    if (line && line.indent > indent) {
      const at = line.start + line.indent;
      if (this.isSequenceEntry(at, line.end)) return this.blockSequence(line.indent, depth + 1);
      return this.blockMapping(at, line.indent, depth + 1);
    }
    if (line && line.indent === indent && this.isSequenceEntry(line.start + indent, line.end)) {
      return this.blockSequence(indent, depth + 1);
    }
    return nullAt(emptyAt);
  }

  /** A block sequence whose `-` entries are at column `indent`, starting at the current line. */
  private blockSequence(indent: number, depth: number): YamlSeq {
    if (depth > MAX_FAST_DEPTH) decline("nested too deeply for the fast path");
    const first = this.lines[this.next];
    const seq: YamlSeq = { kind: "seq", offset: first.start + indent, items: [] };
    for (;;) {
      const line = this.lines[this.next];
      let pos = line.start + indent + 1;
      while (pos < line.end && this.text.charCodeAt(pos) === 32) pos++;
      if (pos === line.end || this.text[pos] === "#") {
        this.next++;
        const after = this.peek();
        if (after && after.indent > indent) decline("a sequence entry continued on the next line");
        seq.items.push(nullAt(pos));
      } else if (this.isSequenceEntry(pos, line.end)) {
        decline("a nested compact sequence");
      } else if (this.looksLikeKey(pos, line.end)) {
        seq.items.push(this.blockMapping(pos, pos - line.start, depth + 1));
      } else {
        seq.items.push(this.inlineValue(pos, line.end));
        this.next++;
        this.expectNoDeeperLine(indent);
      }
      const after = this.peek();
      if (!after || after.indent < indent) return seq;
      if (after.indent > indent) decline("a line indented deeper than its sequence");
      if (!this.isSequenceEntry(after.start + indent, after.end)) return seq;
    }
  }

  /** After a value on one line, the next line must not be indented deeper (no folding). */
  private expectNoDeeperLine(indent: number): void {
    const after = this.peek();
    if (after && after.indent > indent) decline("a line indented deeper after a value");
  }

  private isSequenceEntry(at: number, end: number): boolean {
    return this.text[at] === "-" && (at + 1 === end || this.text.charCodeAt(at + 1) === 32);
  }

  /** True when a plain key and `: ` (or `:` at the line end) start at `at`. */
  private looksLikeKey(at: number, end: number): boolean {
    const text = this.text;
    if (at >= end || !isKeyStart(text.charCodeAt(at))) return false;
    let pos = at + 1;
    while (pos < end && isKeyChar(text.charCodeAt(pos))) pos++;
    return pos < end && text.charCodeAt(pos) === 58 &&
      (pos + 1 === end || text.charCodeAt(pos + 1) === 32);
  }

  /** The plain key at `at` (declines anything else where a key must be). */
  private plainKey(at: number, end: number): YamlScalar {
    if (!this.looksLikeKey(at, end)) decline("not a plain 'key:' where a key must be");
    const text = this.text;
    let pos = at + 1;
    while (isKeyChar(text.charCodeAt(pos))) pos++;
    const name = text.slice(at, pos);
    if (NON_STRING_KEY.test(name)) decline("a key that is no string");
    return { kind: "scalar", offset: at, value: name, source: name };
  }

  /** A value that starts at `at` on its line and must end on it (then only a comment). */
  private inlineValue(at: number, end: number): YamlNode {
    const text = this.text;
    const first = text[at];
    let node: YamlNode;
    let pos: number;
    if (first === '"' || first === "'") {
      [node, pos] = this.quoted(at, end);
    } else if (first === "[") {
      [node, pos] = this.flowSequence(at, end);
    } else {
      return this.plain(at, end);
    }
    while (pos < end && text.charCodeAt(pos) === 32) pos++;
    if (pos < end && !(text[pos] === "#" && text.charCodeAt(pos - 1) === 32)) {
      decline("text after a quoted value or a flow sequence");
    }
    return node;
  }

  /** A plain scalar in block context: the rest of the line up to a ` #` comment. */
  private plain(at: number, end: number): YamlScalar {
    const text = this.text;
    const first = text[at];
    if ("[]{},#&*!|>'\"%@`?:".includes(first)) decline(`a value starting with '${first}'`);
    if (first === "-" && (at + 1 === end || text.charCodeAt(at + 1) === 32)) {
      decline("'- ' where a value must be");
    }
    let stop = at + 1;
    while (stop < end && !(text.charCodeAt(stop) === 35 && text.charCodeAt(stop - 1) === 32)) {
      stop++;
    }
    let last = stop;
    while (last > at && text.charCodeAt(last - 1) === 32) last--;
    const source = text.slice(at, last);
    if (source.includes(": ") || source.endsWith(":")) decline("a colon that makes a mapping");
    return resolvePlain(source, at);
  }

  /** A quoted scalar ending on the same line; returns it and the offset after the quote. */
  private quoted(at: number, end: number): [YamlScalar, number] {
    const text = this.text;
    const quote = text[at];
    let value = "";
    let pos = at + 1;
    for (;;) {
      const close = text.indexOf(quote, pos);
      if (close < 0 || close >= end) decline("a quoted scalar that does not end on its line");
      if (quote === "'") {
        value += text.slice(pos, close);
        if (text[close + 1] === "'") {
          value += "'";
          pos = close + 2;
          continue;
        }
        return [{ kind: "scalar", offset: at, value, source: value }, close + 1];
      }
      let backslash = pos;
      while (backslash < close && text.charCodeAt(backslash) !== 92) backslash++;
      if (backslash < close) {
        value += text.slice(pos, backslash) + unescape(text[backslash + 1]);
        pos = backslash + 2;
        continue;
      }
      value += text.slice(pos, close);
      return [{ kind: "scalar", offset: at, value, source: value }, close + 1];
    }
  }

  /** A flow sequence of scalars on one line: `[]`, `[a, "b", 'c']`. */
  private flowSequence(at: number, end: number): [YamlSeq, number] {
    const text = this.text;
    const seq: YamlSeq = { kind: "seq", offset: at, items: [] };
    let pos = at + 1;
    const skipSpaces = () => {
      while (pos < end && text.charCodeAt(pos) === 32) pos++;
    };
    skipSpaces();
    if (text[pos] === "]") return [seq, pos + 1];
    for (;;) {
      skipSpaces();
      const first = text[pos];
      if (pos >= end) decline("a flow sequence that does not end on its line");
      if (first === '"' || first === "'") {
        const [item, after] = this.quoted(pos, end);
        seq.items.push(item);
        pos = after;
      } else {
        if ("[]{},#&*!|>'\"%@`?:-".includes(first)) {
          decline(`a flow entry starting with '${first}'`);
        }
        let stop = pos;
        while (stop < end && !",[]{}#:".includes(text[stop])) stop++;
        if (text[stop] !== "," && text[stop] !== "]") decline("an unusual flow entry");
        let last = stop;
        while (last > pos && text.charCodeAt(last - 1) === 32) last--;
        seq.items.push(resolvePlain(text.slice(pos, last), pos));
        pos = stop;
      }
      skipSpaces();
      if (text[pos] === "]") return [seq, pos + 1];
      if (text[pos] !== ",") decline("a flow sequence entry not followed by ',' or ']'");
      pos++;
      skipSpaces();
      if (text[pos] === "]" || text[pos] === ",") decline("an empty flow entry");
    }
  }
}

function nullAt(offset: number): YamlScalar {
  return { kind: "scalar", offset, value: null, source: "" };
}

/** A plain scalar's value under the core schema; declines the forms the fast path skips. */
function resolvePlain(source: string, offset: number): YamlScalar {
  let value: YamlScalar["value"];
  if (NULL.test(source)) value = null;
  else if (BOOLEAN.test(source)) value = source[0] === "t" || source[0] === "T";
  else if (DECIMAL_INT.test(source)) value = parseInt(source, 10);
  else if (DECIMAL_FLOAT.test(source)) value = parseFloat(source);
  else if (OTHER_NUMBER.test(source)) decline("a number in a form the fast path skips");
  else value = source;
  return { kind: "scalar", offset, value, source };
}

/** The common double-quoted escapes; any other declines. */
function unescape(char: string | undefined): string {
  switch (char) {
    case "\\":
      return "\\";
    case '"':
      return '"';
    case "/":
      return "/";
    case "n":
      return "\n";
    case "t":
      return "\t";
    default:
      return decline("an escape sequence the fast path skips");
  }
}

/**
 * The part of reading that needs no `yaml` package: the size limit, then the fast path.
 * Undefined when the text is outside the fast path's subset.
 */
export function readYamlFast(
  text: string,
  file: string,
  display: string,
): YamlReadResult | undefined {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8: short texts need no byte count.
  if (
    text.length > MAX_YAML_BYTES ||
    (text.length * 3 > MAX_YAML_BYTES && utf8Length(text) > MAX_YAML_BYTES)
  ) {
    return {
      problems: [fileProblem(
        display,
        `file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB; not read`,
        "a registry file describes one group or package and is a few hundred bytes",
      )],
    };
  }
  const fast = parseFastYaml(text);
  if (!fast) return undefined;
  const { lineStarts } = fast;
  const problems: Problem[] = [];
  const yaml: YamlFile = {
    file,
    display,
    linePos: (offset) => linePosition(lineStarts, offset),
    problems,
  };
  return { yaml, root: fast.root, problems };
}

/**
 * The 1-based line and column of `offset`, given the offsets where lines start; the same
 * answer as the `yaml` package's `LineCounter.linePos`.
 */
export function linePosition(lineStarts: number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offset < lineStarts[mid]) high = mid;
    else low = mid + 1;
  }
  if (lineStarts[low - 1] === offset) return { line: low, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - lineStarts[low - 1] + 1 };
}
