/**
 * The fast TOML reader (`src/pyproject/fast_toml.ts`) against toml-eslint-parser: wherever the
 * fast reader returns a value, the full parser must accept the same text and give a deep-equal
 * value with the same key order in every table; every invalid text must be declined. Inputs:
 * every TOML file in the repository, generated valid documents in many layouts and styles
 * (all of which the fast reader must take), seeded mutations of both, and hand-written cases.
 * A failure prints the seed and a minimized input; replay with HPM_FUZZ_SEED=<seed>.
 */
import assert from "node:assert/strict";
import { type AST, getStaticTOMLValue, parseTOML } from "toml-eslint-parser";
import { readTomlFast } from "../../src/pyproject/fast_toml.ts";
import { readTomlAstFast } from "../../src/pyproject/fast_toml_ast.ts";
import { firstDifference, isTableValue } from "../../src/pyproject/plain_value.ts";
import { fuzzSeed, mutate, Random } from "../support/random.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SEED = fuzzSeed(20260607);

type Table = Record<string, unknown>;

// ---- the two readers and the comparison ----

type FullResult = { ok: true; value: Table; ast: AST.TOMLProgram } | { ok: false; error: string };

/** The full parser, as src/pyproject/parse.ts calls it (a leading BOM becomes a space). */
function readFull(text: string): FullResult {
  const source = text.startsWith("\uFEFF") ? " " + text.slice(1) : text;
  try {
    const ast = parseTOML(source, { tomlVersion: "1.0.0" });
    return { ok: true, ast, value: getStaticTOMLValue(ast) as Table };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A text for a failure message (JSON, cut after 2,000 characters). */
function show(text: string): string {
  if (text.length <= 2000) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, 2000))}... (${text.length} characters)`;
}

/** The fast reader; it must never throw, and returns a table or undefined. */
function readFast(text: string): Table | undefined {
  let value: unknown;
  try {
    value = readTomlFast(text);
  } catch (error) {
    assert.fail(`the fast reader threw ${error} on ${show(text)}`);
  }
  if (value !== undefined && !isTableValue(value)) {
    assert.fail(`the fast reader returned a non-table ${String(value)} for ${show(text)}`);
  }
  return value;
}

/** The first path where the keys of two tables come in a different order. */
function keyOrderDifference(
  a: unknown,
  b: unknown,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const difference = keyOrderDifference(a[i], b[i], [...path, i]);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isTableValue(a) && isTableValue(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.length !== keysB.length || keysA.some((key, i) => key !== keysB[i])) return path;
    for (const key of keysA) {
      const difference = keyOrderDifference(a[key], b[key], [...path, key]);
      if (difference) return difference;
    }
  }
  return undefined;
}

/** The value at a path of tables and arrays, for a failure message (cut after 1,000 chars). */
function inspectAt(value: unknown, path: (string | number)[]): string {
  let at = value;
  for (const step of path) at = (at as Record<string | number, unknown> | undefined)?.[step];
  const text = Deno.inspect(at, { depth: 4 });
  return text.length > 1000 ? text.slice(0, 1000) + "..." : text;
}

/** Why two values are not the same (value or key order), or undefined when they are. */
function valueMismatch(actual: unknown, expected: unknown): string | undefined {
  const difference = firstDifference(actual, expected);
  if (difference) {
    const where = difference.length > 0 ? difference.slice(0, -1) : difference;
    return `values differ at ${JSON.stringify(difference)}: ${inspectAt(actual, where)} vs ${
      inspectAt(expected, where)
    }`;
  }
  const order = keyOrderDifference(actual, expected);
  if (order) {
    const keys = (value: unknown) => inspectAt(Object.keys(inspectValue(value, order)), []);
    return `key order differs at ${JSON.stringify(order)}: ${keys(actual)} vs ${keys(expected)}`;
  }
  return undefined;
}

function inspectValue(value: unknown, path: (string | number)[]): object {
  let at = value;
  for (const step of path) at = (at as Record<string | number, unknown>)[step];
  return at as object;
}

/**
 * What is wrong with the fast reader on a text (undefined: nothing). The fast reader may
 * decline anything; what it reads, the full parser must accept with the same value.
 */
function differentialProblem(text: string): string | undefined {
  const fast = readFast(text);
  if (fast === undefined) return undefined;
  const full = readFull(text);
  if (!full.ok) return `the fast reader accepted a text the full parser rejects (${full.error})`;
  const mismatch = valueMismatch(fast, full.value);
  if (mismatch) return `fast vs full: ${mismatch}`;
  const withAst = readTomlAstFast(text);
  if (!withAst) return "the fast reader took a text its AST reader declined";
  const astMismatch = firstAstDifference(projectAst(withAst.ast), projectAst(full.ast));
  if (astMismatch) return `fast AST vs full AST: ${astMismatch}`;
  return valueMismatch(withAst.value, full.value);
}

/**
 * What hpm reads of a TOML AST (src/pyproject/fast_toml_ast.ts lists it): every node's type,
 * range and start/end, and its own fields; tokens and comments with their text and place.
 */
function projectAst(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(projectAst);
  if (typeof node !== "object" || node === null) {
    return typeof node === "bigint" ? Number(node) : node;
  }
  const n = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const fields: Record<string, string[]> = {
    Program: ["body", "tokens", "comments", "range"],
    TOMLTopLevelTable: ["body"],
    TOMLTable: ["kind", "key", "resolvedKey", "body"],
    TOMLKeyValue: ["key", "value"],
    TOMLKey: ["keys"],
    TOMLBare: ["name"],
    TOMLQuoted: ["value", "style", "multiline", "kind"],
    TOMLValue: ["kind", "value", "style", "multiline"],
    TOMLArray: ["elements"],
    TOMLInlineTable: ["body"],
  };
  const own = fields[n.type as string] ?? ["value"]; // tokens and comments: their text
  out.type = n.type;
  for (const field of own) out[field] = projectAst(n[field]);
  if (n.type !== "TOMLTopLevelTable" && n.type !== "Program") {
    out.range = n.range;
    const loc = n.loc as { start: unknown; end: unknown };
    out.loc = [loc.start, loc.end];
  }
  return out;
}

/** The first place two projected ASTs differ, as a path and both values. */
function firstAstDifference(a: unknown, b: unknown, path = "ast"): string | undefined {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstAstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * A smaller text on which `failing` still holds: drops lines, then runs of characters from
 * long to single ones; gives up shrinking after a few seconds.
 */
function minimize(text: string, failing: (text: string) => boolean): string {
  const deadline = performance.now() + 3000;
  let best = text;
  const attempt = (candidate: string): boolean => {
    if (candidate === best || performance.now() > deadline || !failing(candidate)) return false;
    best = candidate;
    return true;
  };
  for (let changed = true; changed && performance.now() < deadline;) {
    changed = false;
    const lines = best.split("\n");
    for (let i = 0; i < lines.length && !changed; i++) {
      changed = attempt([...lines.slice(0, i), ...lines.slice(i + 1)].join("\n"));
    }
    for (let size = best.length >> 1; size >= 1 && !changed; size >>= 1) {
      for (let i = 0; i + size <= best.length && !changed; i += size) {
        changed = attempt(best.slice(0, i) + best.slice(i + size));
      }
    }
  }
  return best;
}

/** Asserts the differential property, with a minimized failing input in the message. */
function assertDifferential(text: string, label: string): boolean {
  const problem = differentialProblem(text);
  if (problem) {
    const small = minimize(text, (t) => {
      try {
        return differentialProblem(t) !== undefined;
      } catch {
        return true; // the fast reader threw: still a failure
      }
    });
    assert.fail(
      `${label}: ${problem}\n--- input ---\n${show(text)}\n--- minimized ---\n${show(small)}\n` +
        `${differentialProblem(small) ?? ""}`,
    );
  }
  return readFast(text) !== undefined;
}

/**
 * True when a document the full parser accepts holds something the fast reader declines on
 * purpose: a float, a date or time, an integer beyond the safe range, a key `__proto__`.
 */
function hasDeclinedFeature(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasDeclinedFeature);
  if (typeof node !== "object" || node === null || !("type" in node)) return false;
  const n = node as Record<string, unknown>;
  if (n.type === "TOMLValue") {
    if (n.kind === "integer") return !Number.isSafeInteger(n.value);
    return n.kind !== "string" && n.kind !== "boolean";
  }
  if (n.type === "TOMLBare" && n.name === "__proto__") return true;
  if (n.type === "TOMLQuoted" && n.value === "__proto__") return true;
  for (const [key, value] of Object.entries(n)) {
    if (key === "parent" || key === "tokens" || key === "comments" || key === "loc") continue;
    if (typeof value === "object" && value !== null && hasDeclinedFeature(value)) return true;
  }
  return false;
}

async function tomlFilesUnder(dir: string): Promise<string[]> {
  const skip = new Set([".git", ".tools", "node_modules", "dist"]);
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && !skip.has(entry.name)) found.push(...await tomlFilesUnder(path));
    else if (entry.isFile && entry.name.endsWith(".toml")) found.push(path);
  }
  return found.sort();
}

// ---- generated valid documents ----

type Scalar = { kind: "scalar"; value: string | number | boolean };
type ArrayNode = { kind: "array"; items: Node[] };
type TableNode = { kind: "table"; entries: [string, Node][] };
/** An array of tables: `[[header]]` sections, or inline `[{...}, {...}]`. */
type TablesNode = { kind: "tables"; items: TableNode[] };
type Node = Scalar | ArrayNode | TableNode | TablesNode;

const KEY_NAMES = [
  "name",
  "version",
  "dependencies",
  "tool",
  "uv",
  "hpm",
  "a",
  "b",
  "c",
  "x",
  "Y",
  "key-with-dash",
  "under_score",
  "1",
  "2",
  "10",
  "01",
  "-",
  "_",
  "true",
  "false",
  "inf",
  "nan",
  "0x1",
  "1979-05-27",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  "__proto",
  "a.b",
  "",
  " ",
  "with space",
  "é",
  "ключ",
  "😀",
  'quote"d',
  "it's",
  "back\\slash",
  "tab\tkey",
  "=",
  "#",
  "[x]",
  "new\nline",
];

const STRING_CHARS = [
  "a",
  "b",
  "z",
  "A",
  "Z",
  "0",
  "9",
  " ",
  " ",
  "_",
  "-",
  ".",
  "=",
  "#",
  "[",
  "]",
  "{",
  "}",
  ",",
  '"',
  '"',
  "'",
  "'",
  "\\",
  "\t",
  "\n",
  "\n",
  "\r",
  "\b",
  "\f",
  "\u0000",
  "\u0001",
  "\u001f",
  "\u007f",
  "é",
  "€",
  "中",
  "😀",
  "\u2028",
  "\u00a0",
  "\ufeff",
  "\u{10ffff}",
];

const SPECIAL_STRINGS = [
  "",
  '"',
  '""',
  '"""',
  "'",
  "''",
  "'''",
  "\\",
  "\\n",
  "a\\\nb",
  "\n",
  "\nx",
  "\n\nx",
  "x\n",
  '"x"',
  "'x'",
  "C:\\path\\to",
  ">=2.1,<3",
  "1979-05-27",
  "1.0",
  "__proto__",
  "# not a comment",
  "[not.a.table]",
  "a = 1",
];

const INTEGERS = [
  0,
  1,
  -1,
  2,
  7,
  42,
  -17,
  255,
  1000,
  65535,
  2 ** 31,
  -(2 ** 31),
  2 ** 32 + 1,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER - 1,
  2 ** 52,
];

function genString(random: Random): string {
  if (random.chance(0.25)) return random.pick(SPECIAL_STRINGS);
  const length = random.int(random.chance(0.2) ? 30 : 10);
  let out = "";
  for (let i = 0; i < length; i++) out += random.pick(STRING_CHARS);
  return out;
}

function genInteger(random: Random): number {
  if (random.chance(0.5)) return random.pick(INTEGERS);
  const magnitude = random.pick([10, 1000, 1e6, 1e12, Number.MAX_SAFE_INTEGER]);
  const n = Math.floor(random.next() * magnitude) * (random.chance(0.3) ? -1 : 1);
  return n === 0 ? 0 : n; // never -0: TOML's -0 is the integer 0
}

function genScalar(random: Random): Scalar {
  const kind = random.int(10);
  if (kind < 5) return { kind: "scalar", value: genString(random) };
  if (kind < 8) return { kind: "scalar", value: genInteger(random) };
  return { kind: "scalar", value: random.chance(0.5) };
}

function genNode(random: Random, depth: number): Node {
  const roll = random.next();
  if (roll < 0.45 || depth >= 4) return genScalar(random);
  if (roll < 0.6) {
    const items = Array.from({ length: random.int(5) }, () => genNode(random, depth + 1));
    return { kind: "array", items };
  }
  if (roll < 0.86) return genTable(random, depth + 1, 4);
  const items = Array.from({ length: 1 + random.int(3) }, () => genTable(random, depth + 1, 3));
  return { kind: "tables", items };
}

function genTable(random: Random, depth: number, maxEntries: number): TableNode {
  const count = random.int(maxEntries + 1);
  const used = new Set<string>();
  const entries: [string, Node][] = [];
  for (let i = 0; i < count; i++) {
    let name = random.pick(KEY_NAMES);
    while (used.has(name)) name += random.pick(["x", "1", "-", "_"]);
    used.add(name);
    entries.push([name, genNode(random, depth)]);
  }
  return { kind: "table", entries };
}

function codePoints(text: string): string[] {
  return [...text];
}

function isControl(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f;
}

function hex(random: Random, n: number, width: number): string {
  const digits = n.toString(16).padStart(width, "0");
  return random.chance(0.5) ? digits.toUpperCase() : digits;
}

function unicodeEscape(random: Random, ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0xffff && random.chance(0.7)) return `\\u${hex(random, cp, 4)}`;
  return `\\U${hex(random, cp, 8)}`;
}

const SHORT_ESCAPES: Record<string, string> = {
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};

/** One character of a basic string (single-line), escaped as it must or may be. */
function basicChar(random: Random, ch: string): string {
  if (random.chance(0.06)) return unicodeEscape(random, ch);
  if (ch === "\t" && random.chance(0.5)) return "\t";
  if (ch in SHORT_ESCAPES) return SHORT_ESCAPES[ch];
  if (isControl(ch)) return unicodeEscape(random, ch);
  return ch;
}

function basicString(random: Random, value: string): string {
  return `"${codePoints(value).map((ch) => basicChar(random, ch)).join("")}"`;
}

function literalAllowed(value: string): boolean {
  return !value.includes("'") && !codePoints(value).some((ch) => ch !== "\t" && isControl(ch));
}

function multilineLiteralAllowed(value: string): boolean {
  return !value.includes("'''") &&
    !codePoints(value).some((ch) => ch !== "\t" && ch !== "\n" && isControl(ch));
}

/** A multi-line basic string: raw newlines, quotes, line-ending backslashes. */
function multilineBasicString(random: Random, value: string, nl: () => string): string {
  let out = '"""';
  const lead = random.chance(0.4);
  if (lead) out += nl(); // trimmed by the parser
  let quotes = 0; // raw quotes just written
  const chars = codePoints(value);
  chars.forEach((ch, i) => {
    let piece: string;
    if (ch === '"') {
      if (quotes < 2 && random.chance(0.8)) {
        piece = '"';
      } else piece = random.chance(0.8) ? '\\"' : unicodeEscape(random, ch);
    } else if (ch === "\n") {
      piece = i === 0 && !lead ? "\\n" : random.chance(0.8) ? nl() : "\\n";
    } else if (ch === "\t") {
      piece = random.chance(0.6) ? "\t" : "\\t";
    } else {
      piece = basicChar(random, ch);
    }
    // A line-ending backslash eats the newline and all whitespace up to the next character,
    // so it only goes before a piece that starts with no whitespace.
    if (!/^[ \t\r\n]/.test(piece) && random.chance(0.08)) {
      out += "\\" + random.pick(["", " ", "\t", "  "]) + nl();
      for (let k = random.int(3); k > 0; k--) out += random.pick(["", "  ", "\t"]) + nl();
      out += random.pick(["", "  ", "\t", " "]);
      quotes = 0;
    }
    quotes = piece === '"' ? quotes + 1 : 0;
    out += piece;
  });
  if (random.chance(0.1)) {
    out += "\\" + nl() + random.pick(["", "  "]);
  }
  return out + '"""';
}

function multilineLiteralString(random: Random, value: string, nl: () => string): string {
  const lead = value.startsWith("\n") || random.chance(0.4) ? nl() : "";
  return `'''${lead}${value.split("\n").join(nl())}'''`;
}

function stringText(random: Random, value: string, nl: () => string): string {
  const kind = random.int(4);
  if (kind === 1 && literalAllowed(value)) return `'${value}'`;
  if (kind === 2) return multilineBasicString(random, value, nl);
  if (kind === 3 && multilineLiteralAllowed(value)) {
    return multilineLiteralString(random, value, nl);
  }
  return basicString(random, value);
}

/** Underscores between some digits. */
function withUnderscores(random: Random, digits: string): string {
  if (digits.length < 2 || random.chance(0.7)) return digits;
  let out = digits[0];
  for (let i = 1; i < digits.length; i++) out += (random.chance(0.3) ? "_" : "") + digits[i];
  return out;
}

function integerText(random: Random, value: number): string {
  if (value >= 0 && random.chance(0.3)) {
    const [prefix, radix] = random.pick([["0x", 16], ["0o", 8], ["0b", 2]] as const);
    let digits = value.toString(radix);
    if (radix === 16 && random.chance(0.5)) digits = digits.toUpperCase();
    if (random.chance(0.2)) digits = "0".repeat(1 + random.int(3)) + digits;
    return prefix + withUnderscores(random, digits);
  }
  const digits = withUnderscores(random, Math.abs(value).toString());
  if (value < 0) return "-" + digits;
  if (value === 0) return random.pick(["0", "0", "+0", "-0"]);
  return (random.chance(0.2) ? "+" : "") + digits;
}

function keyText(random: Random, name: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(name) && random.chance(0.8)) return name;
  if (literalAllowed(name) && !name.includes("\n") && random.chance(0.4)) return `'${name}'`;
  return basicString(random, name);
}

const COMMENTS = [
  "",
  " note",
  " a = 1",
  " [x]",
  " \"q\" 'q'",
  " é 😀 中",
  "\ttab",
  "#",
  " \\ backslash",
  " \u007e",
];

/** A document being written, with its formatting choices. */
class Writer {
  readonly parts: string[] = [];
  constructor(readonly random: Random, readonly crlf: boolean) {}

  nl = (): string => (this.crlf !== this.random.chance(0.05) ? "\r\n" : "\n");

  /** Whitespace between tokens on a line (maybe none). */
  ws(): string {
    return this.random.pick(["", " ", " ", " ", "  ", "\t", " \t "]);
  }

  comment(): string {
    if (!this.random.chance(0.15)) return "";
    return this.random.pick(["", " ", "  ", "\t"]) + "#" + this.random.pick(COMMENTS);
  }

  /** Blank lines and comment-only lines. */
  filler(): void {
    while (this.random.chance(0.12)) {
      const indent = this.random.pick(["", "", "  ", "\t"]);
      this.parts.push(
        indent + (this.random.chance(0.5) ? "#" + this.random.pick(COMMENTS) : "") + this.nl(),
      );
    }
  }

  line(text: string): void {
    this.filler();
    const indent = this.random.chance(0.15) ? this.random.pick([" ", "  ", "\t", "    "]) : "";
    this.parts.push(indent + text + this.ws() + this.comment() + this.nl());
  }

  dotted(path: string[]): string {
    return path.map((name) => keyText(this.random, name)).join(
      this.random.chance(0.15) ? this.random.pick([" . ", "\t.", ". ", " .\t"]) : ".",
    );
  }
}

interface Emitted {
  text: string;
  value: unknown;
}

/** Sets a value at a dotted path, creating the tables on the way (as the parser does). */
function setPath(target: Table, path: string[], value: unknown): void {
  let table = target;
  for (const name of path.slice(0, -1)) {
    if (!Object.hasOwn(table, name)) table[name] = {};
    table = table[name] as Table;
  }
  table[path[path.length - 1]] = value;
}

/** Key/value pairs of a table, some sub-tables flattened into dotted keys, maybe shuffled. */
function units(random: Random, entries: [string, Node][], prefix: string[] = []) {
  const out: { path: string[]; node: Node }[] = [];
  for (const [name, node] of entries) {
    if (node.kind === "table" && node.entries.length > 0 && random.chance(0.4)) {
      out.push(...units(random, node.entries, [...prefix, name]));
    } else out.push({ path: [...prefix, name], node });
  }
  if (prefix.length === 0 && random.chance(0.2)) {
    for (let i = out.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
  }
  return out;
}

function emitValue(w: Writer, node: Node): Emitted {
  const { random } = w;
  switch (node.kind) {
    case "scalar": {
      const { value } = node;
      if (typeof value === "boolean") return { text: String(value), value };
      if (typeof value === "number") return { text: integerText(random, value), value };
      return { text: stringText(random, value, w.nl), value };
    }
    case "array":
      return emitArray(w, node.items.map((item) => emitValue(w, item)));
    case "tables":
      return emitArray(w, node.items.map((item) => emitValue(w, item)));
    case "table": {
      const value: Table = {};
      const pairs: string[] = [];
      for (const unit of units(random, node.entries)) {
        const item = emitValue(w, unit.node);
        pairs.push(`${w.dotted(unit.path)}${w.ws()}=${w.ws()}${item.text}`);
        setPath(value, unit.path, item.value);
      }
      if (pairs.length === 0) return { text: random.pick(["{}", "{ }", "{\t}"]), value };
      const text = `{${w.ws()}${pairs.join(`${w.ws()},${w.ws()}`)}${w.ws()}}`;
      return { text, value };
    }
  }
}

function emitArray(w: Writer, items: Emitted[]): Emitted {
  const { random } = w;
  const value = items.map((item) => item.value);
  if (!random.chance(0.35)) {
    if (items.length === 0) return { text: random.pick(["[]", "[ ]", "[\t]"]), value };
    const trailing = random.chance(0.2) ? `${w.ws()},` : "";
    const inner = items.map((item) => item.text).join(`${w.ws()},${w.ws()}`);
    return { text: `[${w.ws()}${inner}${trailing}${w.ws()}]`, value };
  }
  // Over several lines, with comments and blank lines, maybe a trailing comma.
  const indent = random.pick(["  ", "    ", "\t", ""]);
  let text = "[" + w.comment() + w.nl();
  items.forEach((item, i) => {
    if (random.chance(0.1)) text += indent + "#" + random.pick(COMMENTS) + w.nl();
    if (random.chance(0.05)) text += w.nl();
    const last = i === items.length - 1;
    if (random.chance(0.1) && !last) {
      text += indent + item.text + w.nl() + indent + "," + w.comment() + w.nl();
    } else {
      const comma = !last || random.chance(0.5) ? `${w.ws()},` : "";
      text += indent + item.text + comma + w.comment() + w.nl();
    }
  });
  return { text: text + random.pick(["", " "]) + "]", value };
}

function header(w: Writer, open: string, path: string[], close: string): string {
  const inner = path.length === 0 ? "" : w.dotted(path);
  return `${open}${w.ws()}${inner}${w.ws()}${close}`;
}

/**
 * Writes one table: its `[header]` or `[[header]]` line (none for the root, and maybe none for
 * a table that only holds sub-table sections), its key/value lines, then its sub-table
 * sections (or those first, then the header: `[a.b]` before `[a]`). The expected value is
 * built in the order the text defines it, which is the key order the parsers must give.
 */
function emitSection(
  w: Writer,
  node: TableNode,
  path: string[],
  target: Table,
  kind: "root" | "table" | "element",
): void {
  const { random } = w;
  const body: [string, Node][] = [];
  const sections: [string, TableNode | TablesNode][] = [];
  for (const [name, child] of node.entries) {
    if (
      (child.kind === "table" && random.chance(0.5)) ||
      (child.kind === "tables" && random.chance(0.6))
    ) {
      sections.push([name, child]);
    } else body.push([name, child]);
  }
  const emitSections = () => {
    for (const [name, child] of sections) {
      if (child.kind === "table") {
        const table: Table = {};
        target[name] = table;
        emitSection(w, child, [...path, name], table, "table");
      } else {
        const array: Table[] = [];
        target[name] = array;
        for (const item of child.items) {
          const element: Table = {};
          array.push(element);
          emitSection(w, item, [...path, name], element, "element");
        }
      }
    }
  };
  const sectionsFirst = kind === "table" && sections.length > 0 && random.chance(0.15);
  if (sectionsFirst) emitSections();
  if (kind === "element") w.line(header(w, "[[", path, "]]"));
  if (kind === "table") {
    const implicit = body.length === 0 && sections.length > 0 && !sectionsFirst &&
      random.chance(0.5);
    if (!implicit) w.line(header(w, "[", path, "]"));
  }
  for (const unit of units(random, body)) {
    const item = emitValue(w, unit.node);
    w.line(`${w.dotted(unit.path)}${w.ws()}=${w.ws()}${item.text}`);
    setPath(target, unit.path, item.value);
  }
  if (!sectionsFirst) emitSections();
}

/** A random valid document (no dates, no floats) and the value it means. */
function genDocument(random: Random): { text: string; value: Table } {
  const w = new Writer(random, random.chance(0.25));
  const value: Table = {};
  const root = genTable(random, 0, 1 + random.int(7));
  if (random.chance(0.2)) w.line("# " + random.pick(COMMENTS));
  emitSection(w, root, [], value, "root");
  w.filler();
  let text = w.parts.join("");
  if (random.chance(0.1)) text = text.replace(/\r?\n$/, "");
  if (random.chance(0.05)) text = "\uFEFF" + text;
  return { text, value };
}

// ---- mutations ----

const MUTATION_PIECES = [
  "=",
  "[",
  "]",
  "[[",
  "]]",
  "{",
  "}",
  '"',
  "'",
  '"""',
  "'''",
  "\\",
  ".",
  ",",
  "#",
  "\n",
  "\r",
  "\r\n",
  "\t",
  " ",
  "\u0000",
  "\u0001",
  "\b",
  "\u001f",
  "\u007f",
  "é",
  "😀",
  "\ud83d",
  "\ufeff",
  "\u2028",
  "_",
  "+",
  "-",
  "0",
  "1",
  "9",
  "x",
  "o",
  "b",
  "e",
  "E",
  ":",
  "a",
  "true",
  "1.5",
  "inf",
  "1979-05-27",
  "07:32:00",
  "__proto__",
  "\\u",
  "\\U0001F600",
  "\\x",
  "\\e",
  "\\\n",
  "9007199254740993",
];

/** One to three TOML-minded edits, or the generic mutation of tests/support/random.ts. */
function mutateToml(text: string, random: Random): string {
  if (random.chance(0.25)) return mutate(text, random);
  let out = text;
  for (let edits = 1 + random.int(3); edits > 0; edits--) {
    const at = random.int(out.length + 1);
    switch (random.int(8)) {
      case 0:
      case 1:
        out = out.slice(0, at) + random.pick(MUTATION_PIECES) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at + 1 + random.int(3));
        break;
      case 3:
        out = out.slice(0, at) + random.pick(MUTATION_PIECES) + out.slice(at + 1);
        break;
      case 4:
        out = out.slice(0, at) + out.slice(at + 1, at + 2) + out.slice(at, at + 1) +
          out.slice(at + 2);
        break;
      default: {
        const lines = out.split("\n");
        const i = random.int(lines.length);
        const j = random.int(lines.length);
        const op = random.int(4);
        if (op === 0) lines.splice(i, 0, lines[i]);
        else if (op === 1) lines.splice(i, 1);
        else if (op === 2) [lines[i], lines[j]] = [lines[j], lines[i]];
        else lines.splice(i, 0, random.pick(["[a]", "[[a]]", "a = 1", "a.b = 2", "x = {}"]));
        out = lines.join("\n");
      }
    }
  }
  return out;
}

// ---- the tests ----

Deno.test("fast TOML: every TOML file in the repository reads as with the full parser", async () => {
  const files = await tomlFilesUnder(ROOT.replace(/\/$/, ""));
  assert.ok(files.length >= 30, `only ${files.length} TOML files found`);
  const declined: string[] = [];
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    const full = readFull(text);
    assert.ok(full.ok, `a fixture the full parser rejects: ${file}`);
    const mayDecline = hasDeclinedFeature(full.ast);
    // The file itself, and the same with CRLF line endings and with a BOM.
    for (
      const [variant, input] of [["", text], [" (CRLF)", text.replaceAll("\n", "\r\n")], [
        " (BOM)",
        "\uFEFF" + text,
      ]]
    ) {
      const read = assertDifferential(input, `${file}${variant}`);
      if (!read && !mayDecline) declined.push(file + variant);
    }
  }
  assert.deepEqual(declined, [], "fixtures without floats or dates the fast reader declined");
  // The typical project files, named: all on the fast path.
  for (
    const file of [
      "registry-fixtures/seed-project/pyproject.toml",
      "registry-fixtures/seed-project/packages/vlm_adapter/pyproject.toml",
      "registry-fixtures/implies-project/pyproject.toml",
      "registry-fixtures/matrix-project/pyproject.toml",
      "registry-fixtures/conflict-project/packages/metric_broken/pyproject.toml",
    ]
  ) {
    assert.ok(readFast(await Deno.readTextFile(ROOT + file)), `declined: ${file}`);
  }
});

Deno.test("fast TOML: every generated valid document is read, as the full parser reads it", () => {
  const random = new Random(SEED);
  const declined: string[] = [];
  const count = 2000;
  for (let i = 0; i < count; i++) {
    const { text, value } = genDocument(random);
    const label = `document ${i} (HPM_FUZZ_SEED=${SEED})`;
    const full = readFull(text);
    if (!full.ok) assert.fail(`${label}: generator bug, invalid: ${full.error}\n${show(text)}`);
    const modelMismatch = valueMismatch(full.value, value);
    if (modelMismatch) assert.fail(`${label}: generator bug, ${modelMismatch}\n${show(text)}`);
    if (!assertDifferential(text, label)) declined.push(text);
  }
  if (declined.length > 0) {
    // The smallest declined text, shrunk while the full parser still accepts it with no
    // float or date and the fast reader still declines it.
    const smallest = declined.reduce((a, b) => (b.length < a.length ? b : a));
    const small = minimize(smallest, (t) => {
      const full = readFull(t);
      return full.ok && !hasDeclinedFeature(full.ast) && !/\r(?!\n)/.test(t) &&
        readFast(t) === undefined;
    });
    assert.fail(
      `the fast reader declined ${declined.length} of ${count} valid generated documents ` +
        `(seed ${SEED}); smallest, minimized: ${show(small)}\n(from ${show(smallest)})`,
    );
  }
});

Deno.test("fast TOML: mutated documents never make the fast reader throw or differ", async () => {
  const random = new Random(SEED ^ 0x5eed);
  const fixtures: string[] = [];
  for (const file of await tomlFilesUnder(`${ROOT}registry-fixtures`)) {
    fixtures.push(await Deno.readTextFile(file));
  }
  let cases = 0;
  let read = 0;
  let fullValid = 0;
  let fullValidPlain = 0;
  let readOfPlain = 0;
  for (let i = 0; i < 1600; i++) {
    let text = i % 4 === 0 ? random.pick(fixtures) : genDocument(random).text;
    for (let round = 0; round < 2; round++) {
      text = mutateToml(text, random);
      cases++;
      const accepted = assertDifferential(text, `mutation ${i}.${round} (HPM_FUZZ_SEED=${SEED})`);
      if (accepted) read++;
      const full = readFull(text);
      if (full.ok) {
        fullValid++;
        // A lone CR is invalid TOML 1.0, which toml-eslint-parser takes in places.
        if (!hasDeclinedFeature(full.ast) && !/\r(?!\n)/.test(text)) {
          fullValidPlain++;
          if (accepted) readOfPlain++;
        }
      }
    }
  }
  console.log(
    `mutations: ${cases} texts (seed ${SEED}), ${fullValid} valid for the full parser ` +
      `(${fullValidPlain} without floats/dates/big integers/__proto__/lone CR), ` +
      `${read} read by the fast reader (${readOfPlain} of those ${fullValidPlain})`,
  );
  assert.ok(cases >= 3000);
  assert.ok(readOfPlain >= fullValidPlain * 0.95, "the fast reader declines too many valid texts");
});

/** Valid for the full parser, and read by the fast reader with the same value. */
const VALID_READ = [
  "",
  "\n",
  "\r\n",
  "# only a comment\n",
  "#",
  "a = 1",
  "a = 1\r\n",
  "\uFEFFa = 1\n",
  "\uFEFF",
  "a=1#c\n",
  'a="#"#c\n',
  "[a]#c\n",
  "[[a]]#c\n",
  "  [ a . b ]  # c\n",
  "[\ta\t]\n",
  "[[ a ]]\n",
  "\ta\t=\t1\t\n",
  "  [a]  \n  b = 1  \n",
  "# c\t tab\n",
  "a = 1 # é 😀 \t\r\n",
  // table layouts
  "[a.b.c]\n[a]\n",
  "[x.y]\n[x]\na = 1\n",
  "[a]\n[a.b.c]\n[a.b]\nx = 1\n",
  "[[a]]\n[a.b]\n",
  "[a]\n[[a.b]]\n",
  "[[a.b]]\n[a]\n",
  "[[a]]\n[a.t.u]\n[a.t]\n",
  "[[a]]\nx = 1\n[[a]]\nx = 2\n[a.b]\ny = 3\n",
  "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n",
  "a.b = 1\nc = 2\na.d = 3\n",
  "[a]\nb.c = 1\nb.d = 2\n",
  "[a]\nb.c = 1\n[a.x]\n",
  "a.b.c = 1\n[x]\n",
  "b = 1\na = 2\n[c]\nz = 1\n[d]\n[c.y]\n",
  "10 = 1\n2 = 2\na = 3\n1 = 4\n",
  // inline tables and arrays
  "a = {}\nb = { }\n",
  "a = {b.c = 1, b.d = 2}\n",
  "a = {x = 1 , y = 2}\n",
  "a = {b = {c = 1}, d.e = [1]}\n",
  "a = {x = [1,\n2]}\n",
  "a = {x = [1, # c\n 2]}\n",
  'a = {x = """\n"""}\n',
  'a = [1, "a", true, [2], {x = 1}, []]\n',
  'a = [[1], [], [[2, "x"]], {x = 1}]\n',
  "a = [ # c\n 1, # d\n 2, # e\n]\n",
  "a = [\n]\n",
  "a = [ # c\n]\n",
  "a = [1,]\n",
  "a = [1 , ]\n",
  "a = [1\n,2]\n",
  "a = [\n  1,\n  # only comment\n]\n",
  "a = [{x = 1}, {x = 2, y = {z = 3}}]\n",
  "a = [\r\n  1,\r\n  2,\r\n]\r\n",
  // keys
  "1 = 1\n",
  "1.2 = 3\n",
  "true = 1\nfalse.true = 2\n",
  "-- = 1\n_ = 2\n",
  "inf = 1\nnan = 2\n",
  "0x1 = 1\n1979-05-27 = 2\n",
  "constructor = 1\ntoString = 2\nhasOwnProperty = 3\nvalueOf = 4\n",
  "[constructor]\nprototype = 1\n[toString.valueOf]\n",
  "a = \"__proto__\"\nb = ['__proto__']\n",
  // integers at the edge of the safe range
  "a = 9007199254740991\nb = -9007199254740991\n",
  "a = 0x1FFFFFFFFFFFFF\n",
  "a = 0b11111111111111111111111111111111111111111111111111111\n",
  "a = 0o377777777777777777\n",
  "a = -9_007_199_254_740_991\n",
  "a = 0b1_0\nb = 0x0_0\nc = 0x000000000000000000000001\n",
  // more layouts and keys
  "[a]\n[A]\n",
  '["a]b"]\n',
  '[[ "a]]b" ]]\n',
  "[[a]] # ]]\n",
  "[a]\n[a.b]\n[a.b.c]\n[a.b.c.d]\n",
  "a.\"b\".'c' = 1\na.b.d = 2\n",
  "0 = 1\n00 = 2\n",
  "4294967295 = 1\n4294967294 = 2\n",
  // a lone surrogate in the text (not an escape) is kept as it is
  'a = "\ud83d"\n# \ud83d\n',
];

/** Invalid for the full parser: the fast reader must decline every one. */
const INVALID = [
  // duplicate keys and tables
  "a = 1\na = 2\n",
  'a = 1\n"a" = 2\n',
  "a = 1\n'a' = 2\n",
  '"\\u0061" = 1\na = 2\n',
  "a.b = 1\na.b = 2\n",
  "a.b = 1\na = 2\n",
  "a = 1\na.b = 2\n",
  "[a]\nb = 1\nb = 2\n",
  "[a]\n[a]\n",
  "[a]\nb = 1\n[a]\n",
  '[a]\n["a"]\n',
  "a = 1\n[a]\n",
  "a = 1\n[a.b]\n",
  "a.b.c = 1\n[a.b]\n",
  "a.b.c = 1\n[a]\n",
  "[a]\nb.c = 1\n[a.b]\n",
  "[a]\nb.c = 1\n[a.b.c]\n",
  "a = []\n[[a]]\n",
  "a = [{x = 1}]\n[[a]]\n",
  "a = [{x = 1}]\n[a.x]\n",
  "a = {x = 1}\n[a.y]\n",
  "a = {x = 1}\na.y = 2\n",
  "a = {x = 1}\n[a]\n",
  "a = {x = {y = 1}}\na.x.z = 2\n",
  "[[a]]\n[a]\n",
  "[a]\n[[a]]\n",
  "[a.b]\n[[a.b]]\n",
  "[[a.b]]\n[[a]]\n",
  "[[a.b]]\n[a]\nb = 1\n",
  "[a]\nb = 1\n[a.b.c]\n",
  "[a]\nb = 1\n[[a.b]]\n",
  "[a.b.c]\n[a.b]\n[a.b]\n",
  "[a]\n[a.b]\n[a]\n",
  "[a.b]\n[a]\nb.y = 2\n",
  "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n",
  "[[a]]\nb.c = 1\n[a.b]\n",
  "[[a]]\n[[a]]\n[a.b]\nx = 1\n[a.b]\n",
  "[a.x]\n[a]\nx.y = 1\n",
  "a = {x = {}}\n[a.x.z]\n",
  "[[a]]\nb = {c = 1}\n[a.b.d]\n",
  "[[a]]\nb = [{c = 1}]\n[[a.b]]\n",
  "[a.b]\nc = 1\n[[a.b.d]]\n[a]\nb.e = 1\n",
  "a.b = 1\n\"a\".'b' = 2\n",
  "[a]\n'' = 1\n\"\" = 2\n",
  '"1" = 1\n1 = 2\n',
  "a = {b = 1, b = 2}\n",
  "a = {b.c = 1, b = 2}\n",
  "a = {b = {c = 1}, b.d = 2}\n",
  // inline tables and arrays
  "a = {x = 1,\ny = 2}\n",
  "a = {\nx = 1}\n",
  "a = {x = 1\n}\n",
  "a = {x = 1,}\n",
  "a = {,}\n",
  "a = {x = 1 y = 2}\n",
  "a = {x}\n",
  "a = {x = 1 # c\n}\n",
  "a = {x = 1\n",
  "a = [1 2]\n",
  "a = [,]\n",
  "a = [1,,2]\n",
  "a = [,1]\n",
  "a = [1\n",
  "a = [1]]\n",
  "a = ]\n",
  "a = }\n",
  // missing or extra pieces
  "key = \n",
  "key =\n",
  "key = # c\n",
  "= 1\n",
  "key\n",
  "key 1\n",
  "a == 1\n",
  "a = =1\n",
  "a = 1 b = 2\n",
  "a = 1 2\n",
  "a = 'x' 'y'\n",
  'a = "x"y\n',
  'a = """x"""y\n',
  "a = abc\n",
  "[a]x\n",
  "[a] b = 1\n",
  "[a]]\n",
  "[a\n",
  "[[a]\n",
  "[[a] ]\n",
  "[ [a]]\n",
  "[]\n",
  "[[]]\n",
  // escapes
  'a = "\\x41"\n',
  'a = "\\e"\n',
  'a = "\\a"\n',
  'a = "\\ "\n',
  'a = "\\uD800"\n',
  'a = "\\uDFFF"\n',
  'a = "\\ud83d\\ude00"\n',
  'a = "\\U0000D800"\n',
  'a = "\\U00110000"\n',
  'a = "\\UFFFFFFFF"\n',
  'a = "\\u00E"\n',
  'a = "\\u00EG"\n',
  'a = "\\U0001F60"\n',
  'a = "\\"\n',
  'a = "\\\n"\n',
  'a = """a\\ b"""\n',
  'a = """a\\  x"""\n',
  '"\\x" = 1\n',
  // control characters in strings and comments
  'a = "\u0000"\n',
  'a = "\u0001"\n',
  'a = "\u001f"\n',
  'a = "\u007f"\n',
  'a = "\b"\n',
  "a = '\u0001'\n",
  "a = '\u007f'\n",
  'a = """\u0001"""\n',
  'a = """\u007f"""\n',
  "a = '''\u0001'''\n",
  "a = '''\u007f'''\n",
  '"\u0001" = 1\n',
  "# \u0000\n",
  "# \u0001\n",
  "# \u007f\n",
  "a = 1 # \b\n",
  "[a] # \u001f\n",
  "a = [1, # \u0007\n]\n",
  "# c\rx\n",
  "a = 1\rb = 2\n",
  "a = 1\n\u0000",
  "\u0000",
  "a = 1\u0000\n",
  // unterminated and badly delimited strings
  'a = "x\n',
  "a = 'x\n",
  'a = "x\ny"\n',
  "a = 'x\ny'\n",
  'a = """x\n',
  "a = '''x\n",
  'a = """x""""""\n',
  'a = """"""""""\n',
  "a = '''x''''''\n",
  'a = """\n',
  '"""a""" = 1\n',
  "'''a''' = 1\n",
  // integers
  "a = 01\n",
  "a = -01\n",
  "a = +01\n",
  "a = 00\n",
  "a = 0_0\n",
  "a = _1\n",
  "a = 1_\n",
  "a = 1__2\n",
  "a = 0x\n",
  "a = 0x_1\n",
  "a = 0x1_\n",
  "a = 0x1__2\n",
  "a = 0xG\n",
  "a = 0o8\n",
  "a = 0b2\n",
  "a = +0x1\n",
  "a = -0x1\n",
  "a = 0X1\n",
  "a = 0B1\n",
  "a = 0O1\n",
  "a = 1a\n",
  "a = ++1\n",
  "a = --1\n",
  "a = +\n",
  "a = -\n",
  "a = 0x1.0\n",
  "a = 1.\n",
  "a = .5\n",
  "a = 123abc\n",
  "a = -0x0\n",
  "a = +0o1\n",
  "a = 0o_7\n",
  "a = 1_000_\n",
  // booleans
  "a = True\n",
  "a = FALSE\n",
  "a = truex\n",
  "a = tru\n",
  // keys
  "a..b = 1\n",
  ".a = 1\n",
  "a. = 1\n",
  "a . . b = 1\n",
  "[a.]\n",
  "[.a]\n",
  "[a..b]\n",
  "é = 1\n",
  "a b = 1\n",
  '"a"b = 1\n',
  "'a\nb' = 1\n",
  '"a\nb" = 1\n',
  "[a b]\n",
  "a.'b = 1\n",
  // whitespace TOML does not know
  "a =\u00a01\n",
  "a =\f1\n",
  "a =\v1\n",
  "a\u3000= 1\n",
  // stray byte order marks
  "a = 1\n\uFEFF",
  "\uFEFF\uFEFFa = 1\n",
  " \uFEFFa = 1\n",
];

/**
 * Valid for the full parser, declined by the fast reader on purpose: floats, dates and times,
 * integers beyond the safe range, keys `__proto__`, and a lone CR (which TOML 1.0 forbids, but
 * toml-eslint-parser takes in some places).
 */
const VALID_DECLINED = [
  "a = 1.0\n",
  "a = 0.0\n",
  "a = -0.0\n",
  "a = 1e5\n",
  "a = 1E5\n",
  "a = 1.5e-3\n",
  "a = 3_000.5\n",
  "a = inf\n",
  "a = +inf\n",
  "a = -inf\n",
  "a = nan\n",
  "a = -nan\n",
  "a = [1.5]\n",
  "a = [1, 2.0]\n",
  "a = {x = 1.0}\n",
  "[t]\nx = 3.14\n",
  "a = 1979-05-27\n",
  "a = 07:32:00\n",
  "a = 07:32:00.999\n",
  "a = 1979-05-27T07:32:00Z\n",
  "a = 1979-05-27T07:32:00-07:00\n",
  "a = 1979-05-27 07:32:00\n",
  "a = 1979-05-27T00:32:00.999999\n",
  "a = [1979-05-27]\n",
  "a = {d = 1979-05-27}\n",
  "a = 9007199254740992\n",
  "a = -9007199254740992\n",
  "a = 9007199254740993\n",
  "a = 9_007_199_254_740_992\n",
  "a = 9223372036854775807\n",
  "a = -9223372036854775808\n",
  "a = 10000000000000000000000\n",
  "a = 0x20000000000000\n",
  "a = 0x7FFFFFFFFFFFFFFF\n",
  "a = 0o777777777777777777\n",
  "a = 0b100000000000000000000000000000000000000000000000000000\n",
  "a = [9007199254740992]\n",
  "__proto__ = 1\n",
  '"__proto__" = 1\n',
  "'__proto__' = 1\n",
  '"\\u005F_proto__" = 1\n',
  "[a]\n__proto__ = 1\n",
  "a = {__proto__ = 1}\n",
  "a.__proto__.b = 1\n",
  "[__proto__]\n",
  "[[__proto__]]\n",
  "[a.__proto__]\n",
  "a = [{__proto__ = {}}]\n",
  "a = 1\r",
  "\r",
  "[\ra]\n",
  "a\r= 1\n",
  "a =\r1\n",
  'a = """x\ry"""\n',
];

/** Valid for the full parser; the fast reader may decline (rare layouts), or read them right. */
const VALID_EITHER = [
  "[a.b.c]\n[a]\nb.d = 1\n",
  "[a.b.c]\n[a]\nb.x.y = 1\n",
  // a header for a sub-table of a table that dotted keys made: the TOML 1.0 spec's own example
  '[fruit]\napple.color = "red"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n',
  "a.x.y = 1\n[a.x.z]\n",
  "a.b = 1\n[a.c]\n",
  "'a'.\"b\".c = 1\n[a.b.d]\n",
  "[a]\nb.c = 1\n[[a.b.d]]\n",
  "[[a]]\nb.c = 1\n[[a.b.d]]\n",
  "x = 1\n[a]\n[b]\nx.y = 1\n[b.x.z]\n",
];

Deno.test("fast TOML: hand-written invalid documents are declined", () => {
  for (const text of INVALID) {
    assert.equal(readFull(text).ok, false, `the full parser accepts ${show(text)}`);
    assert.equal(readFast(text), undefined, `the fast reader read invalid ${show(text)}`);
  }
});

Deno.test("fast TOML: hand-written valid documents are read, or declined on purpose", () => {
  for (const text of VALID_READ) {
    const full = readFull(text);
    assert.ok(full.ok, `the full parser rejects ${show(text)}: ${!full.ok && full.error}`);
    const fast = readFast(text);
    assert.ok(fast, `the fast reader declined ${show(text)}`);
    const mismatch = valueMismatch(fast, full.value);
    assert.equal(mismatch, undefined, `${show(text)}: ${mismatch}`);
  }
  for (const text of VALID_DECLINED) {
    const full = readFull(text);
    assert.ok(full.ok, `the full parser rejects ${show(text)}: ${!full.ok && full.error}`);
    assert.equal(readFast(text), undefined, `the fast reader read ${show(text)}`);
  }
  for (const text of VALID_EITHER) {
    assert.ok(readFull(text).ok, `the full parser rejects ${show(text)}`);
    assertDifferential(text, show(text));
  }
});

Deno.test("fast TOML: random table layouts read as the full parser reads them", () => {
  // Short documents from headers, array headers, dotted keys, inline tables and arrays over
  // the same few keys: the rules on which table may still be extended, from every side.
  const random = new Random(SEED ^ 0x7ab1e);
  const keys = ["a", "b", "a.b", "b.a", "a.a", "a.b.c", "'a'.\"b\"", "c"];
  const line = (): string => {
    const key = random.pick(keys);
    switch (random.int(8)) {
      case 0:
      case 1:
        return `[${key}]`;
      case 2:
        return `[[${key}]]`;
      case 3:
        return `${key} = 1`;
      case 4:
        return `${key} = {${random.pick(keys)} = 1}`;
      case 5:
        return `${key} = [${random.pick(["", "1", "{}", "{x = 1}"])}]`;
      case 6:
        return `${key} = {}`;
      default:
        return `${key}.${random.pick(keys)} = 2`;
    }
  };
  let valid = 0;
  let read = 0;
  for (let i = 0; i < 10000; i++) {
    const text = Array.from({ length: 1 + random.int(6) }, line).join("\n") + "\n";
    if (readFull(text).ok) valid++;
    if (assertDifferential(text, `layout ${i} (HPM_FUZZ_SEED=${SEED})`)) read++;
  }
  console.log(
    `layouts: 10000 texts (seed ${SEED}), ${valid} valid, ${read} read by the fast reader`,
  );
  assert.ok(read >= valid * 0.8, "the fast reader declines too many valid layouts");
});

Deno.test("fast TOML: deep nesting and long inputs neither throw nor differ", () => {
  // The full parser overflows its stack on these; the fast reader must still not throw.
  for (
    const text of [
      "a = " + "[".repeat(10000) + "]".repeat(10000) + "\n",
      "a = " + "{b=".repeat(5000) + "1" + "}".repeat(5000) + "\n",
      "a = " + "[".repeat(10000) + "\n",
      "a = " + "{b=".repeat(10000) + "\n",
      "a = " + "[{b=".repeat(5000) + "\n",
    ]
  ) {
    readFast(text);
  }
  for (
    const text of [
      "a = " + "[".repeat(300) + "]".repeat(300) + "\n",
      "a = " + "{b=".repeat(300) + "1" + "}".repeat(300) + "\n",
      Array(1000).fill("a").join(".") + " = 1\n",
      "[" + Array(1000).fill("a").join(".") + "]\n",
      "a = [" + "1,".repeat(10000) + "]\n",
      Array.from({ length: 2000 }, (_, i) => `[[t]]\nx = ${i}\n`).join(""),
      Array.from({ length: 5000 }, (_, i) => `k${i} = ${i}\n`).join(""),
      `a = "${"x".repeat(10000)}"\n`,
    ]
  ) {
    assert.ok(assertDifferential(text, `long input ${show(text.slice(0, 40))}`));
  }
});

/** Texts and the exact values both readers must give. */
const VALUES: [string, Table][] = [
  ['a = "\\b\\t\\n\\f\\r\\"\\\\"\n', { a: '\b\t\n\f\r"\\' }],
  ['a = "\\u00e9\\u00E9"\n', { a: "éé" }],
  ['a = "\\U0001F600\\U0001f600"\n', { a: "😀😀" }],
  ['a = "\\U0010FFFF\\uE000\\uFFFF\\uFEFF"\n', { a: "\u{10ffff}\ue000\uffff\ufeff" }],
  ['a = "\\u0000\\u001F\\u007F"\n', { a: "\u0000\u001f\u007f" }],
  ['a = "tab\there"\n', { a: "tab\there" }],
  ["a = 'C:\\x\\n\\u0000'\n", { a: "C:\\x\\n\\u0000" }],
  ["a = '\"'\nb = \"'\"\n", { a: '"', b: "'" }],
  // multi-line basic strings: the first newline trimmed, line-ending backslashes
  ['a = """\nx"""\n', { a: "x" }],
  ['a = """\r\nx"""\n', { a: "x" }],
  ['a = """\n\nx"""\n', { a: "\nx" }],
  ['a = """x\n"""\n', { a: "x\n" }],
  ['a = """x\r\ny"""\n', { a: "x\ny" }],
  ['a = """one \\\n\n\n   two"""\n', { a: "one two" }],
  ['a = """one \\\r\n\r\n   two"""\r\n', { a: "one two" }],
  ['a = """a\\  \t\n b"""\n', { a: "ab" }],
  ['a = """x\\\t\r\n y"""\n', { a: "xy" }],
  ['a = """a\\\n  """\n', { a: "a" }],
  ['a = """\\\n"""\n', { a: "" }],
  ['a = """\n\\\n  x"""\n', { a: "x" }],
  ['a = """\\\\\n"""\n', { a: "\\\n" }],
  ['a = """tab\there\\t"""\n', { a: "tab\there\t" }],
  // quotes next to the delimiters
  ['a = """"""\n', { a: "" }],
  ['a = """""""\n', { a: '"' }],
  ['a = """"""""\n', { a: '""' }],
  ['a = """x""""\n', { a: 'x"' }],
  ['a = """"x"""\n', { a: '"x' }],
  ['a = """""x"""\n', { a: '""x' }],
  ['a = """"x"""""\n', { a: '"x""' }],
  ['a = """\\""""\n', { a: '"' }],
  ['a = """\\"""""\n', { a: '""' }],
  ['a = """a""b"""\n', { a: 'a""b' }],
  ['a = """a\\"""b"""\n', { a: 'a"""b' }],
  ['a = "\\"\\"\\""\n', { a: '"""' }],
  // multi-line literal strings keep backslashes
  ["a = '''C:\\path\\x\\n'''\n", { a: "C:\\path\\x\\n" }],
  ["a = '''\nfirst\n  second\\\n'''\n", { a: "first\n  second\\\n" }],
  ["a = '''\n\nx'''\n", { a: "\nx" }],
  ["a = '''x\r\ny'''\n", { a: "x\ny" }],
  ["a = '''''''\n", { a: "'" }],
  ["a = ''''''''\n", { a: "''" }],
  ["a = ''''x'''''\n", { a: "'x''" }],
  ["a = '''x'''''\n", { a: "x''" }],
  ["a = '''a''b'''\n", { a: "a''b" }],
  ["a = '''\"\"\"'''\n", { a: '"""' }],
  // integers
  [
    "a = 0xDEADBEEF\nb = 0xdead_beef\nc = 0o755\nd = 0b1101_0101\ne = 0x00ff\nf = 0o0\ng = 0b0\n",
    { a: 3735928559, b: 3735928559, c: 493, d: 213, e: 255, f: 0, g: 0 },
  ],
  ["a = -0\nb = +0\nc = 0\n", { a: 0, b: 0, c: 0 }],
  ["a = +5\nb = -17\nc = 1_000\nd = +1_0\ne = 5_3_1\n", { a: 5, b: -17, c: 1000, d: 10, e: 531 }],
  ["a = true\nb = false\n", { a: true, b: false }],
  // keys
  ['"a.b" = 1\n', { "a.b": 1 }],
  ["'a.b'.c = 1\n", { "a.b": { c: 1 } }],
  ['"" = 1\n', { "": 1 }],
  ["'' = 1\n", { "": 1 }],
  ['a."" = 1\n', { a: { "": 1 } }],
  ["a . b = 1\n", { a: { b: 1 } }],
  ["a\t.\t\"b c\" . 'd' = 1\n", { a: { "b c": { d: 1 } } }],
  ['[ "x.y" . z ]\nk = 1\n', { "x.y": { z: { k: 1 } } }],
  ['"\\u0061" = 1\n', { a: 1 }],
  ['"é" = 1\n"😀" = 2\n', { "é": 1, "😀": 2 }],
  ['\'a"b\' = 1\n"c\\"d" = 2\n', { 'a"b': 1, 'c"d': 2 }],
  ["true = true\nfalse = false\n", { true: true, false: false }],
  ["1.2 = 3\n", { 1: { 2: 3 } }],
  ["[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n", { a: [{ b: [{}, {}] }, {}] }],
];

Deno.test("fast TOML: escapes, multi-line strings, integers and keys read to exact values", () => {
  for (const [text, expected] of VALUES) {
    const full = readFull(text);
    assert.ok(full.ok, `the full parser rejects ${show(text)}: ${!full.ok && full.error}`);
    const fullMismatch = valueMismatch(full.value, expected);
    assert.equal(fullMismatch, undefined, `the full parser on ${show(text)}: ${fullMismatch}`);
    const fast = readFast(text);
    assert.ok(fast, `the fast reader declined ${show(text)}`);
    const mismatch = valueMismatch(fast, expected);
    assert.equal(mismatch, undefined, `the fast reader on ${show(text)}: ${mismatch}`);
  }
});

Deno.test("fast TOML: each call returns a fresh value", () => {
  const text = "a = [1]\n[t]\nx = {y = 1}\n";
  const first = readFast(text)!;
  (first.a as number[]).push(2);
  ((first.t as Table).x as Table).z = 3;
  first.b = 1;
  assert.equal(valueMismatch(readFast(text), { a: [1], t: { x: { y: 1 } } }), undefined);
});
