/** Finding where a key path is defined in a TOML AST: key/values, table headers, dotted keys. */
import type { AST } from "toml-eslint-parser";

/** A key path; numbers index arrays (and arrays of tables). */
export type KeyPath = readonly (string | number)[];

/** A 1-based line and column in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A key/value anywhere in the document, with the full key path it defines. */
export interface KvEntry {
  kv: AST.TOMLKeyValue;
  /** Full key path from the document root. */
  path: (string | number)[];
  /** Index in `path` where this key/value's own (possibly dotted) key begins. */
  keyStart: number;
  /** The top level, a `[table]`/`[[table]]`, or an inline table holding the key/value. */
  container: AST.TOMLTopLevelTable | AST.TOMLTable | AST.TOMLInlineTable;
}

/** How a key path is defined in a document. */
export type Definition =
  | { kind: "root" }
  /** A key/value whose full key is exactly the path (its value may be an inline table). */
  | { kind: "value"; entry: KvEntry }
  /** A `[path]` header. */
  | { kind: "table"; table: AST.TOMLTable }
  /** One or more `[[path]]` headers. */
  | { kind: "arrayOfTables"; tables: AST.TOMLTable[] }
  /** An intermediate table of a dotted key such as `path.more = 1` (first such entry). */
  | { kind: "dotted"; entry: KvEntry }
  /** A super-table existing only because of a header below it, e.g. `tool` for `[tool.uv]`. */
  | { kind: "implicit"; table: AST.TOMLTable };

/** The plain names of a (possibly dotted, possibly quoted) key. */
function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => k.type === "TOMLBare" ? k.name : k.value);
}

/** True when both paths have the same segments. */
export function samePath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/** True when `path` begins with all segments of `prefix`. */
export function startsWithPath(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/** All `[table]` and `[[table]]` headers, in file order. */
export function tablesOf(ast: AST.TOMLProgram): AST.TOMLTable[] {
  return ast.body[0].body.filter((node): node is AST.TOMLTable => node.type === "TOMLTable");
}

function collectInto(
  out: KvEntry[],
  container: KvEntry["container"],
  body: readonly (AST.TOMLKeyValue | AST.TOMLTable)[],
  base: (string | number)[],
): void {
  for (const node of body) {
    if (node.type === "TOMLTable") {
      collectInto(out, node, node.body, [...node.resolvedKey]);
      continue;
    }
    const path = [...base, ...keyNames(node.key)];
    out.push({ kv: node, path, keyStart: base.length, container });
    if (node.value.type === "TOMLInlineTable") collectInto(out, node.value, node.value.body, path);
  }
}

/** Every key/value of the document, including those inside inline tables, in file order. */
export function collectEntries(ast: AST.TOMLProgram): KvEntry[] {
  const out: KvEntry[] = [];
  collectInto(out, ast.body[0], ast.body[0].body, []);
  return out;
}

/** Finds how `path` is defined; undefined when it is not in the document. */
export function definitionOf(
  ast: AST.TOMLProgram,
  path: KeyPath,
  entries: KvEntry[] = collectEntries(ast),
): Definition | undefined {
  if (path.length === 0) return { kind: "root" };
  const entry = entries.find((e) => samePath(e.path, path));
  if (entry) return { kind: "value", entry };
  const tables = tablesOf(ast);
  const table = tables.find((t) => t.kind === "standard" && samePath(t.resolvedKey, path));
  if (table) return { kind: "table", table };
  const elements = tables.filter((t) =>
    t.kind === "array" && t.resolvedKey.length === path.length + 1 &&
    startsWithPath(t.resolvedKey, path)
  );
  if (elements.length > 0) return { kind: "arrayOfTables", tables: elements };
  const dotted = entries.find((e) =>
    e.keyStart < path.length && path.length < e.path.length && startsWithPath(e.path, path)
  );
  if (dotted) return { kind: "dotted", entry: dotted };
  const below = tables.find((t) =>
    t.resolvedKey.length > path.length && startsWithPath(t.resolvedKey, path)
  );
  if (below) return { kind: "implicit", table: below };
  return undefined;
}

function toPosition(position: AST.Position): SourcePosition {
  return { line: position.line, column: position.column + 1 };
}

/**
 * Where a key path is defined (its key, header or dotted key part), 1-based; undefined if absent.
 * A path ending in an array index (`["project", "dependencies", 2]`) points at that element
 * (or, in an array of tables, at its `[[header]]`).
 */
export function positionOf(ast: AST.TOMLProgram, path: KeyPath): SourcePosition | undefined {
  if (typeof path[path.length - 1] === "number") return elementPositionOf(ast, path);
  const definition = definitionOf(ast, path);
  if (!definition) return undefined;
  switch (definition.kind) {
    case "root":
      return { line: 1, column: 1 };
    case "value":
    case "dotted": {
      const { kv, keyStart } = definition.entry;
      return toPosition(kv.key.keys[path.length - 1 - keyStart].loc.start);
    }
    case "table":
    case "implicit":
      return toPosition(definition.table.loc.start);
    case "arrayOfTables":
      return toPosition(definition.tables[0].loc.start);
  }
}

function descend(node: AST.TOMLContentNode, rest: KeyPath): AST.TOMLContentNode | undefined {
  if (rest.length === 0) return node;
  const [segment] = rest;
  if (node.type === "TOMLArray" && typeof segment === "number") {
    const element = node.elements[segment];
    return element && descend(element, rest.slice(1));
  }
  if (node.type === "TOMLInlineTable") {
    for (const kv of node.body) {
      const names = keyNames(kv.key);
      if (startsWithPath(rest, names)) return descend(kv.value, rest.slice(names.length));
    }
  }
  return undefined;
}

/** The value node at a path (numbers index arrays), when the path ends inside a key/value. */
export function valueNodeAt(
  ast: AST.TOMLProgram,
  path: KeyPath,
  entries: KvEntry[] = collectEntries(ast),
): AST.TOMLContentNode | undefined {
  let best: KvEntry | undefined;
  for (const entry of entries) {
    if (startsWithPath(path, entry.path) && (!best || entry.path.length > best.path.length)) {
      best = entry;
    }
  }
  return best && descend(best.kv.value, path.slice(best.path.length));
}

function elementPositionOf(ast: AST.TOMLProgram, path: KeyPath): SourcePosition | undefined {
  const header = tablesOf(ast).find((t) => t.kind === "array" && samePath(t.resolvedKey, path));
  if (header) return toPosition(header.loc.start);
  const node = valueNodeAt(ast, path);
  return node && toPosition(node.loc.start);
}

/** Where the value at a path starts (falls back to where its key is defined), 1-based. */
export function valuePositionOf(ast: AST.TOMLProgram, path: KeyPath): SourcePosition | undefined {
  const node = valueNodeAt(ast, path);
  return node ? toPosition(node.loc.start) : positionOf(ast, path);
}

/** The longest proper prefix of `path` that is defined (the root at worst), with its definition. */
export function deepestDefinedPrefix(
  ast: AST.TOMLProgram,
  path: KeyPath,
  entries: KvEntry[] = collectEntries(ast),
): { length: number; definition: Definition } {
  for (let length = path.length - 1; length > 0; length--) {
    const definition = definitionOf(ast, path.slice(0, length), entries);
    if (definition) return { length, definition };
  }
  return { length: 0, definition: { kind: "root" } };
}
