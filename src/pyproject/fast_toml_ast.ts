/**
 * The fast reader with positions: for a document `fast_toml.ts` reads, the AST toml-eslint-parser
 * would build, in the parts hpm uses (node types, ranges, start and end lines and columns, table
 * kinds and resolved keys, key names, values, array elements, inline-table bodies, tokens and
 * comments; no `parent` links). Editing pyproject.toml and locating a key then never load the
 * full parser, which costs about 5 ms to import and 3 ms for its first parse on every command
 * that edits. A document the fast reader declines is parsed by toml-eslint-parser as before.
 * `tests/unit/fast_toml_test.ts` holds the two ASTs equal on every document the fast reader takes.
 */
import type { AST } from "toml-eslint-parser";
import { FastTomlReader, type Kind, type Table, unlessDeclined } from "./fast_toml.ts";
import type { ParsedToml } from "./parse.ts";

type Range = [number, number];

/** A node or token under construction: its type, its range, and its own fields. */
interface Node {
  type: string;
  range: Range;
  loc?: AST.SourceLocation;
  [field: string]: unknown;
}

const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;
const QUOTE = 34;
const APOSTROPHE = 39;
const PUNCTUATORS = new Set(["[", "]", "{", "}", "=", ",", "."]);

class AstReader extends FastTomlReader {
  /** The top level's key/values and tables, in file order. */
  private readonly top: Node[] = [];
  /** Where a top-level key/value goes: the top level, or the body of the last table header. */
  private section: Node[] = this.top;
  private table: Node | undefined;
  /** The children of the key, key/value or value being read (innermost last). */
  private readonly frames: Node[][] = [];
  /** Key and value tokens, in file order (punctuators are added at the end). */
  private readonly tokens: Node[] = [];
  private readonly comments: Node[] = [];

  program(): ParsedToml {
    const value = this.read();
    const top = this.top;
    const end = top.length > 0 ? top[top.length - 1].range[1] : 0;
    const tokens = withPunctuators(this.text, this.tokens, this.comments);
    const program: Node = {
      type: "Program",
      body: [{ type: "TOMLTopLevelTable", body: top, range: [0, end] }],
      tokens,
      comments: this.comments,
      sourceType: "module",
      range: [0, this.text.length],
    };
    const at = positions(this.text);
    locate(program, at);
    for (const token of tokens) token.loc = { start: at(token.range[0]), end: at(token.range[1]) };
    for (const c of this.comments) c.loc = { start: at(c.range[0]), end: at(c.range[1]) };
    return { ast: program as unknown as AST.TOMLProgram, value };
  }

  private emit(node: Node): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) {
      frame.push(node);
      return;
    }
    this.section.push(node);
    if (this.table) this.table.range[1] = node.range[1];
  }

  /** Runs `read` with a frame of its own; returns the nodes emitted inside it. */
  private collect(read: () => void): Node[] {
    const children: Node[] = [];
    this.frames.push(children);
    try {
      read();
    } finally {
      this.frames.pop();
    }
    return children;
  }

  protected override comment(): void {
    const start = this.pos;
    super.comment();
    this.comments.push({
      type: "Block",
      value: this.text.slice(start + 1, this.pos),
      range: [start, this.pos],
    });
  }

  protected override simpleKey(): string {
    const start = this.pos;
    const name = super.simpleKey();
    const range: Range = [start, this.pos];
    const c = this.text.charCodeAt(start);
    const raw = this.text.slice(start, this.pos);
    if (c === QUOTE || c === APOSTROPHE) {
      const style = c === QUOTE ? "basic" : "literal";
      this.emit({
        type: "TOMLQuoted",
        kind: "string",
        value: name,
        style,
        multiline: false,
        range,
      });
      this.tokens.push({
        type: c === QUOTE ? "BasicString" : "LiteralString",
        value: raw,
        range: [start, this.pos],
      });
    } else {
      this.emit({ type: "TOMLBare", name, range });
      this.tokens.push({ type: "Bare", value: raw, range: [start, this.pos] });
    }
    return name;
  }

  protected override key(): string[] {
    let keys: string[] = [];
    const parts = this.collect(() => keys = super.key());
    this.emit({
      type: "TOMLKey",
      keys: parts,
      range: [parts[0].range[0], parts[parts.length - 1].range[1]],
    });
    return keys;
  }

  protected override keyValue(table: Table, dottedKind: Kind): void {
    const [key, value] = this.collect(() => super.keyValue(table, dottedKind));
    this.emit({ type: "TOMLKeyValue", key, value, range: [key.range[0], value.range[1]] });
  }

  protected override header(): Table {
    const start = this.pos;
    const kind = this.text.charCodeAt(start + 1) === OPEN_BRACKET ? "array" : "standard";
    let table: Table = {};
    const [key] = this.collect(() => table = super.header());
    const names = (key.keys as Node[]).map((k) => (k.type === "TOMLBare" ? k.name : k.value));
    const node: Node = {
      type: "TOMLTable",
      kind,
      key,
      resolvedKey: this.resolved(names as string[]),
      body: [],
      range: [start, this.pos],
    };
    this.top.push(node);
    this.section = node.body as Node[];
    this.table = node;
    return table;
  }

  /** A header's keys with the index of each array of tables it passes through (or makes). */
  private resolved(keys: string[]): (string | number)[] {
    const path: (string | number)[] = [];
    let value: unknown = this.root;
    for (const key of keys) {
      path.push(key);
      value = (value as Table)[key];
      if (Array.isArray(value)) {
        path.push(value.length - 1);
        value = value[value.length - 1];
      }
    }
    return path;
  }

  protected override value(): unknown {
    const start = this.pos;
    const c = this.text.charCodeAt(start);
    let value: unknown;
    const children = this.collect(() => value = super.value());
    const range: Range = [start, this.pos];
    if (c === OPEN_BRACKET) this.emit({ type: "TOMLArray", elements: children, range });
    else if (c === OPEN_BRACE) this.emit({ type: "TOMLInlineTable", body: children, range });
    else this.emit(this.scalar(value, range));
    return value;
  }

  /** The node of a string, boolean or integer, and its token. */
  private scalar(value: unknown, range: Range): Node {
    const raw = this.text.slice(range[0], range[1]);
    const token = (type: string) => this.tokens.push({ type, value: raw, range: [...range] });
    if (typeof value === "string") {
      const basic = raw.charCodeAt(0) === QUOTE;
      const multiline = raw.startsWith(basic ? '"""' : "'''");
      token(`${multiline ? "MultiLine" : ""}${basic ? "Basic" : "Literal"}String`);
      return {
        type: "TOMLValue",
        kind: "string",
        value,
        style: basic ? "basic" : "literal",
        multiline,
        range,
      };
    }
    if (typeof value === "boolean") {
      token("Boolean");
      return { type: "TOMLValue", kind: "boolean", value, range };
    }
    token("Integer");
    return { type: "TOMLValue", kind: "integer", value, range };
  }
}

/** `tokens` with the punctuators between them and the comments, in file order. */
function withPunctuators(text: string, tokens: Node[], comments: Node[]): Node[] {
  const out: Node[] = [];
  let t = 0;
  let c = 0;
  let at = 0;
  const punctuatorsUpTo = (end: number) => {
    for (; at < end; at++) {
      const ch = text[at];
      if (PUNCTUATORS.has(ch)) out.push({ type: "Punctuator", value: ch, range: [at, at + 1] });
    }
  };
  while (t < tokens.length || c < comments.length) {
    const takeToken = c >= comments.length ||
      (t < tokens.length && tokens[t].range[0] < comments[c].range[0]);
    const next = takeToken ? tokens[t++] : comments[c++];
    punctuatorsUpTo(next.range[0]);
    if (takeToken) out.push(next);
    at = next.range[1];
  }
  punctuatorsUpTo(text.length);
  return out;
}

/** Offset -> 1-based line and 0-based column (in UTF-16 units), as toml-eslint-parser counts. */
function positions(text: string): (offset: number) => AST.Position {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] };
  };
}

/** Sets `loc` on a node and every node below it. */
function locate(node: Node, at: (offset: number) => AST.Position): void {
  node.loc = { start: at(node.range[0]), end: at(node.range[1]) };
  for (const field of ["body", "key", "keys", "value", "elements"]) {
    const child = node[field];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) locate(item, at);
    } else if (isNode(child)) locate(child, at);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "range" in value && "type" in value;
}

/**
 * The AST and value of a TOML document, as toml-eslint-parser gives them; undefined when the fast
 * reader declines the document (then parse it with `parseTomlFull`).
 */
export function readTomlAstFast(text: string): ParsedToml | undefined {
  return unlessDeclined(() => new AstReader(text).program());
}
