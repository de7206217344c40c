/**
 * A fast reader for the TOML that pyproject.toml files hold: the plain value only, no source
 * positions. It exists for start-up time: importing and running toml-eslint-parser costs about
 * 10 ms of every command, and most commands only read the document.
 *
 * It declines (returns undefined) whatever it does not read itself, and every invalid document:
 * the caller then parses with toml-eslint-parser, which gives the value or the located error.
 * Declined on purpose: dates and times, floats (a plain value cannot keep `1.0` apart from `1`),
 * integers beyond 2^53, keys named `__proto__`, a lone CR, and table layouts that are valid but
 * rare (a header or dotted key reaching into a table another form defined).
 * `tests/unit/fast_toml_test.ts` holds it to the full parser's values.
 */

/** A plain TOML table. */
export type Table = Record<string, unknown>;

/** How a table came to be, which decides what may still add to it (TOML 1.0, "Table"). */
export const enum Kind {
  /** Defined by a `[header]` (or the root): keys only from its own section. */
  Header,
  /** Created as the parent of a header path; one `[header]` may still define it. */
  Implicit,
  /** Created by a dotted key in the current section: more dotted keys may add to it. */
  Dotted,
  /** An inline table, or a table element of a static array: closed. */
  Closed,
  /** An element of an array of tables (`[[header]]`). */
  Element,
}

/** Thrown inside the reader to decline; never escapes `readTomlFast`. */
class Decline {}
const DECLINE = new Decline();

const enum Char {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Apostrophe = 39,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Equals = 61,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  OpenBrace = 123,
  CloseBrace = 125,
  Delete = 127,
}

function isBareKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= Char.Zero && c <= Char.Nine) ||
    c === Char.Underscore || c === Char.Minus;
}

/** Control characters TOML forbids in strings and comments (tab is allowed). */
function isForbiddenControl(c: number): boolean {
  return (c < Char.Space && c !== Char.Tab) || c === Char.Delete;
}

function digitValue(c: number, radix: number): number {
  let v = -1;
  if (c >= Char.Zero && c <= Char.Nine) v = c - Char.Zero;
  else if (c >= 97 && c <= 102) v = c - 87;
  else if (c >= 65 && c <= 70) v = c - 55;
  return v < radix ? v : -1;
}

/**
 * The reader. `fast_toml_ast.ts` extends it to record where each key, value, table and comment
 * is; the protected methods are the points it hooks.
 */
export class FastTomlReader {
  protected pos = 0;
  private readonly kinds = new WeakMap<Table, Kind>();
  /** Arrays made by `[[header]]` (any other array is static). */
  private readonly tableArrays = new WeakSet<unknown[]>();
  readonly root: Table = {};

  constructor(protected readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.kinds.set(this.root, Kind.Header);
  }

  read(): Table {
    const text = this.text;
    let section = this.root;
    for (;;) {
      this.skipBlank();
      if (this.pos >= text.length) return this.root;
      const c = text.charCodeAt(this.pos);
      if (c === Char.OpenBracket) section = this.header();
      else this.keyValue(section, Kind.Dotted);
      this.endOfLine();
    }
  }

  // --- layout ---------------------------------------------------------------------------------

  private skipSpaces(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === Char.Space || c === Char.Tab) c = text.charCodeAt(++this.pos);
  }

  protected comment(): void {
    const text = this.text;
    const end = text.length;
    let i = this.pos + 1;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === Char.LF || c === Char.CR) break;
      if (isForbiddenControl(c)) throw DECLINE;
    }
    this.pos = i;
  }

  /** A line break (LF or CRLF) at the position; false when there is none. */
  private newline(): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (c === Char.LF) {
      this.pos++;
      return true;
    }
    if (c === Char.CR) {
      if (this.text.charCodeAt(this.pos + 1) !== Char.LF) throw DECLINE;
      this.pos += 2;
      return true;
    }
    return false;
  }

  /** Blank lines and comment lines. */
  private skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      if (this.text.charCodeAt(this.pos) === Char.Hash) this.comment();
      if (!this.newline()) return;
    }
  }

  /** Spaces, a comment, then a line break or the end. */
  private endOfLine(): void {
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) === Char.Hash) this.comment();
    if (this.pos < this.text.length && !this.newline()) throw DECLINE;
  }

  // --- keys and tables --------------------------------------------------------------------------

  protected simpleKey(): string {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === Char.Quote) return this.basicString();
    if (c === Char.Apostrophe) return this.literalString();
    const start = this.pos;
    while (isBareKeyChar(text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) throw DECLINE;
    return text.slice(start, this.pos);
  }

  protected key(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const key = this.simpleKey();
      if (key === "__proto__") throw DECLINE;
      keys.push(key);
      this.skipSpaces();
      if (this.text.charCodeAt(this.pos) !== Char.Dot) return keys;
      this.pos++;
    }
  }

  /** `[a.b]` or `[[a.b]]`: the table the following keys go into. */
  protected header(): Table {
    const text = this.text;
    const isArray = text.charCodeAt(this.pos + 1) === Char.OpenBracket;
    this.pos += isArray ? 2 : 1;
    const keys = this.key();
    if (text.charCodeAt(this.pos) !== Char.CloseBracket) throw DECLINE;
    if (isArray && text.charCodeAt(this.pos + 1) !== Char.CloseBracket) throw DECLINE;
    this.pos += isArray ? 2 : 1;
    let table = this.root;
    for (let i = 0; i < keys.length - 1; i++) table = this.descend(table, keys[i]);
    const last = keys[keys.length - 1];
    const existing = Object.hasOwn(table, last) ? table[last] : undefined;
    if (isArray) {
      const element: Table = {};
      this.kinds.set(element, Kind.Element);
      if (existing === undefined) {
        const array = [element];
        this.tableArrays.add(array);
        table[last] = array;
      } else if (Array.isArray(existing) && this.tableArrays.has(existing)) {
        existing.push(element);
      } else throw DECLINE;
      return element;
    }
    if (existing === undefined) {
      const defined: Table = {};
      this.kinds.set(defined, Kind.Header);
      table[last] = defined;
      return defined;
    }
    if (!this.isTable(existing) || this.kinds.get(existing) !== Kind.Implicit) throw DECLINE;
    this.kinds.set(existing, Kind.Header);
    return existing;
  }

  /** A header path's step: into a table defined by headers, or the last table of an array. */
  private descend(table: Table, key: string): Table {
    if (!Object.hasOwn(table, key)) {
      const created: Table = {};
      this.kinds.set(created, Kind.Implicit);
      table[key] = created;
      return created;
    }
    const next = table[key];
    if (Array.isArray(next)) {
      if (!this.tableArrays.has(next)) throw DECLINE;
      return next[next.length - 1] as Table;
    }
    const kind = this.isTable(next) ? this.kinds.get(next) : undefined;
    if (kind === Kind.Header || kind === Kind.Implicit || kind === Kind.Element) {
      return next as Table;
    }
    throw DECLINE;
  }

  private isTable(value: unknown): value is Table {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }

  /** `a.b = value` into `table`; tables the dotted key creates get `dottedKind`. */
  protected keyValue(table: Table, dottedKind: Kind): void {
    const keys = this.key();
    if (this.text.charCodeAt(this.pos) !== Char.Equals) throw DECLINE;
    this.pos++;
    this.skipSpaces();
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i];
      if (!Object.hasOwn(table, key)) {
        const created: Table = {};
        this.kinds.set(created, dottedKind);
        table[key] = created;
        table = created;
        continue;
      }
      const next = table[key];
      if (!this.isTable(next) || this.kinds.get(next) !== dottedKind) throw DECLINE;
      table = next;
    }
    const last = keys[keys.length - 1];
    if (Object.hasOwn(table, last)) throw DECLINE;
    table[last] = this.value();
  }

  // --- values -----------------------------------------------------------------------------------

  protected value(): unknown {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === Char.Quote) {
      return text.startsWith('"""', this.pos) ? this.multilineBasic() : this.basicString();
    }
    if (c === Char.Apostrophe) {
      return text.startsWith("'''", this.pos) ? this.multilineLiteral() : this.literalString();
    }
    if (c === Char.OpenBracket) return this.array();
    if (c === Char.OpenBrace) return this.inlineTable();
    if (text.startsWith("true", this.pos)) {
      this.pos += 4;
      this.delimited();
      return true;
    }
    if (text.startsWith("false", this.pos)) {
      this.pos += 5;
      this.delimited();
      return false;
    }
    return this.integer();
  }

  /** A value must end at a space, comma, bracket, brace, comment, line break or the end. */
  private delimited(): void {
    if (this.pos >= this.text.length) return;
    const c = this.text.charCodeAt(this.pos);
    if (
      c === Char.Space || c === Char.Tab || c === Char.Comma || c === Char.CloseBracket ||
      c === Char.CloseBrace || c === Char.Hash || c === Char.LF || c === Char.CR
    ) return;
    throw DECLINE;
  }

  private integer(): number {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    let negative = false;
    let signed = false;
    if (c === Char.Plus || c === Char.Minus) {
      negative = c === Char.Minus;
      signed = true;
      c = text.charCodeAt(++this.pos);
    }
    let radix = 10;
    if (c === Char.Zero) {
      const prefix = text.charCodeAt(this.pos + 1);
      radix = prefix === 120 ? 16 : prefix === 111 ? 8 : prefix === 98 ? 2 : 10;
      if (radix !== 10) {
        if (signed) throw DECLINE;
        this.pos += 2;
      } else {
        // A lone zero; `01`, `0.5`, `0e1` and dates are declined by `delimited`.
        this.pos++;
        this.delimited();
        return 0;
      }
    }
    let value = 0;
    let digits = 0;
    let underscoreAllowed = false;
    for (;;) {
      c = text.charCodeAt(this.pos);
      if (c === Char.Underscore) {
        if (!underscoreAllowed) throw DECLINE;
        underscoreAllowed = false;
        this.pos++;
        continue;
      }
      const d = digitValue(c, radix);
      if (d < 0) break;
      value = value * radix + d;
      digits++;
      underscoreAllowed = true;
      this.pos++;
    }
    // No digits, a trailing underscore, or beyond what a number holds exactly.
    if (digits === 0 || !underscoreAllowed || value > Number.MAX_SAFE_INTEGER) throw DECLINE;
    this.delimited();
    return negative && value !== 0 ? -value : value;
  }

  private array(): unknown[] {
    const text = this.text;
    this.pos++;
    const values: unknown[] = [];
    for (;;) {
      this.skipBlank();
      if (text.charCodeAt(this.pos) === Char.CloseBracket) break;
      values.push(this.value());
      this.skipBlank();
      const c = text.charCodeAt(this.pos);
      if (c === Char.Comma) {
        this.pos++;
        continue;
      }
      if (c !== Char.CloseBracket) throw DECLINE;
      break;
    }
    this.pos++;
    return values;
  }

  private inlineTable(): Table {
    const text = this.text;
    this.pos++;
    const table: Table = {};
    this.kinds.set(table, Kind.Closed);
    this.skipSpaces();
    if (text.charCodeAt(this.pos) === Char.CloseBrace) {
      this.pos++;
      return table;
    }
    for (;;) {
      this.keyValue(table, Kind.Dotted);
      this.skipSpaces();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === Char.CloseBrace) break;
      if (c !== Char.Comma) throw DECLINE;
    }
    this.close(table);
    return table;
  }

  /** Marks a finished inline table and the tables its dotted keys made as closed. */
  private close(table: Table): void {
    this.kinds.set(table, Kind.Closed);
    for (const key in table) {
      const value = table[key];
      if (this.isTable(value) && this.kinds.get(value) === Kind.Dotted) this.close(value);
    }
  }

  // --- strings ----------------------------------------------------------------------------------

  private basicString(): string {
    const text = this.text;
    let i = ++this.pos;
    let out = "";
    let chunk = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === Char.Quote) break;
      if (c === Char.Backslash) {
        out += text.slice(chunk, i);
        i = this.escape(i, (s) => out += s);
        chunk = i;
        continue;
      }
      if (isForbiddenControl(c) || i >= text.length) throw DECLINE;
      i++;
    }
    out += text.slice(chunk, i);
    this.pos = i + 1;
    return out;
  }

  /** The escape at `i` (a backslash); hands its text to `emit`, returns the index after it. */
  private escape(i: number, emit: (s: string) => void): number {
    const c = this.text.charCodeAt(i + 1);
    switch (c) {
      case 98: // b
        emit("\b");
        return i + 2;
      case 116: // t
        emit("\t");
        return i + 2;
      case 110: // n
        emit("\n");
        return i + 2;
      case 102: // f
        emit("\f");
        return i + 2;
      case 114: // r
        emit("\r");
        return i + 2;
      case Char.Quote:
        emit('"');
        return i + 2;
      case Char.Backslash:
        emit("\\");
        return i + 2;
      case 117: // u
      case 85: { // U
        const length = c === 117 ? 4 : 8;
        let code = 0;
        for (let k = 0; k < length; k++) {
          const d = digitValue(this.text.charCodeAt(i + 2 + k), 16);
          if (d < 0) throw DECLINE;
          code = code * 16 + d;
        }
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw DECLINE;
        emit(String.fromCodePoint(code));
        return i + 2 + length;
      }
      default:
        throw DECLINE;
    }
  }

  private literalString(): string {
    const text = this.text;
    const start = ++this.pos;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === Char.Apostrophe) break;
      if (isForbiddenControl(c) || i >= text.length) throw DECLINE;
      i++;
    }
    this.pos = i + 1;
    return text.slice(start, i);
  }

  /**
   * The end of a multi-line string at `i` (a run of the quote character): up to two quotes of
   * the run belong to the string. Returns how many, or -1 when the run does not close it.
   */
  private closingQuotes(i: number, quote: number): number {
    let run = 0;
    while (this.text.charCodeAt(i + run) === quote) run++;
    if (run < 3) return -1;
    if (run > 5) throw DECLINE;
    return run - 3;
  }

  private multilineBasic(): string {
    const text = this.text;
    this.pos += 3;
    this.newline(); // TOML trims a line break right after the opening delimiter
    let i = this.pos;
    let out = "";
    let chunk = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === Char.Quote) {
        const extra = this.closingQuotes(i, Char.Quote);
        if (extra >= 0) {
          out += text.slice(chunk, i + extra);
          this.pos = i + extra + 3;
          return out;
        }
        i++;
        continue;
      }
      if (c === Char.Backslash) {
        out += text.slice(chunk, i);
        i = this.lineEndingBackslash(i) ?? this.escape(i, (s) => out += s);
        chunk = i;
        continue;
      }
      if (c === Char.LF) {
        i++;
        continue;
      }
      if (c === Char.CR) {
        // CRLF reads as LF, as the full parser reads it; a lone CR is declined.
        if (text.charCodeAt(i + 1) !== Char.LF) throw DECLINE;
        out += text.slice(chunk, i);
        chunk = ++i;
        continue;
      }
      if (isForbiddenControl(c) || i >= text.length) throw DECLINE;
      i++;
    }
  }

  /** `\` then spaces up to a line break: skips all whitespace and line breaks after it. */
  private lineEndingBackslash(i: number): number | undefined {
    const text = this.text;
    let j = i + 1;
    while (text.charCodeAt(j) === Char.Space || text.charCodeAt(j) === Char.Tab) j++;
    if (!this.lineBreakAt(j)) return undefined;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === Char.CR && this.lineBreakAt(j)) j++;
      else if (c !== Char.Space && c !== Char.Tab && c !== Char.LF) return j;
      j++;
    }
  }

  /** True for LF or CRLF at `i`. */
  private lineBreakAt(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return c === Char.LF || (c === Char.CR && this.text.charCodeAt(i + 1) === Char.LF);
  }

  private multilineLiteral(): string {
    const text = this.text;
    this.pos += 3;
    this.newline(); // TOML trims a line break right after the opening delimiter
    const start = this.pos;
    let i = start;
    let crlf = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === Char.Apostrophe) {
        const extra = this.closingQuotes(i, Char.Apostrophe);
        if (extra >= 0) {
          this.pos = i + extra + 3;
          const value = text.slice(start, i + extra);
          return crlf ? value.replaceAll("\r\n", "\n") : value;
        }
        i++;
        continue;
      }
      if (c === Char.CR) {
        // CRLF reads as LF (see multilineBasic); a lone CR is declined.
        if (text.charCodeAt(i + 1) !== Char.LF) throw DECLINE;
        crlf = true;
        i += 2;
        continue;
      }
      if (c !== Char.LF && (isForbiddenControl(c) || i >= text.length)) throw DECLINE;
      i++;
    }
  }
}

/** The plain value of a TOML 1.0 document, or undefined when the fast reader declines it. */
export function readTomlFast(text: string): Table | undefined {
  return unlessDeclined(() => new FastTomlReader(text).read());
}

/** What `read` returns, or undefined when the reader declines the document. */
export function unlessDeclined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error === DECLINE) return undefined;
    // A stack overflow on absurdly nested arrays is a decline too; anything else is a bug.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
