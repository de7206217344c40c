/** Text edits on keys: set a value, create or delete a key, a dotted key or an inline entry. */
import type { AST } from "toml-eslint-parser";
import {
  deepestDefinedPrefix,
  definitionOf,
  type KeyPath,
  type KvEntry,
  samePath,
  startsWithPath,
  tablesOf,
} from "./locate.ts";
import { editConflict, reloadDoc, type TomlDoc } from "./editor_doc.ts";
import { getIn, sameValue } from "./editor_model.ts";
import { insertTable, removeTable } from "./editor_tables.ts";
import {
  formatKey,
  formatValue,
  indentationAt,
  lineContentEnd,
  lineFullEnd,
  lineStart,
  splice,
  type TomlValue,
} from "./toml_text.ts";

function keyValueText(keys: KeyPath, value: TomlValue): string {
  return `${keys.map((k) => formatKey(String(k))).join(".")} = ${formatValue(value)}`;
}

/** Inserts a line after a key/value (after its trailing comment), with its indentation. */
function insertLineAfter(doc: TomlDoc, kv: AST.TOMLKeyValue, line: string): string {
  const at = lineContentEnd(doc.text, kv.range[1]);
  return splice(doc.text, at, at, doc.eol + indentationAt(doc.text, kv.range[0]) + line);
}

/** Inserts `key = value` as the last key/value of a table (or of the top level). */
function insertIntoTable(doc: TomlDoc, table: AST.TOMLTable | undefined, line: string): string {
  const { text, eol } = doc;
  const body = table ? table.body : doc.ast.body[0].body.filter((n) => n.type === "TOMLKeyValue");
  const last = body[body.length - 1];
  if (last?.type === "TOMLKeyValue") return insertLineAfter(doc, last, line);
  if (table) {
    const at = lineContentEnd(text, table.key.range[1]);
    return splice(text, at, at, eol + line);
  }
  const first = tablesOf(doc.ast)[0];
  if (first) {
    const at = lineStart(text, first.range[0]);
    return splice(text, at, at, line + eol + eol);
  }
  if (text === "" || text.endsWith("\n")) return text + line + eol;
  return text + eol + line;
}

/** Adds an entry to an inline table: `{ a = 1 }` -> `{ a = 1, b = 2 }`, `{}` -> `{ b = 2 }`. */
function insertIntoInline(doc: TomlDoc, inline: AST.TOMLInlineTable, entry: string): string {
  const last = inline.body[inline.body.length - 1];
  if (last) return splice(doc.text, last.range[1], last.range[1], `, ${entry}`);
  return splice(doc.text, inline.range[0], inline.range[1], `{ ${entry} }`);
}

/** Adds a dotted key next to the last one sharing `prefix` in the same container. */
function insertDotted(doc: TomlDoc, first: KvEntry, prefix: KeyPath, line: string): string {
  const siblings = doc.entries.filter((e) =>
    e.container === first.container && startsWithPath(e.path, prefix)
  );
  const last = siblings[siblings.length - 1];
  if (first.container.type === "TOMLInlineTable") {
    return splice(doc.text, last.kv.range[1], last.kv.range[1], `, ${line}`);
  }
  return insertLineAfter(doc, last.kv, line);
}

function nest(keys: KeyPath, value: TomlValue): TomlValue {
  return keys.reduceRight<TomlValue>((inner, key) => ({ [String(key)]: inner }), value);
}

/** Writes a new key (absent from the document) in the form its closest defined parent uses. */
function insertNew(doc: TomlDoc, path: KeyPath, value: TomlValue, emptyTable: boolean): string {
  const { length, definition } = deepestDefinedPrefix(doc.ast, path, doc.entries);
  const rest = path.slice(length);
  switch (definition.kind) {
    case "root":
    case "table":
    case "implicit": {
      if (emptyTable) return insertTable(doc, path, "standard", []);
      const table = definition.kind === "table" ? definition.table : undefined;
      if (rest.length === 1 && definition.kind !== "implicit") {
        return insertIntoTable(doc, table, keyValueText(rest, value));
      }
      return insertTable(doc, path.slice(0, -1), "standard", [keyValueText(path.slice(-1), value)]);
    }
    case "value": {
      const node = definition.entry.kv.value;
      if (node.type !== "TOMLInlineTable") {
        throw editConflict(doc, path.slice(0, length), "it is not a table");
      }
      return insertIntoInline(
        doc,
        node,
        keyValueText(rest.slice(0, 1), nest(rest.slice(1), value)),
      );
    }
    case "dotted": {
      const { entry } = definition;
      const keys = [...path.slice(entry.keyStart, length), ...rest];
      return insertDotted(doc, entry, path.slice(0, length), keyValueText(keys, value));
    }
    case "arrayOfTables":
      throw editConflict(doc, path.slice(0, length), "it is an array of tables");
  }
}

/** `set`: replaces an existing value (keeping its comment) or writes a new key. */
export function setText(doc: TomlDoc, path: KeyPath, value: TomlValue): string {
  const definition = definitionOf(doc.ast, path, doc.entries);
  if (!definition) return insertNew(doc, path, value, false);
  if (definition.kind !== "value") throw editConflict(doc, path, "it is defined as a table");
  const node = definition.entry.kv.value;
  if (sameValue(getIn(doc.value, path), value)) return doc.text;
  return splice(doc.text, node.range[0], node.range[1], formatValue(value));
}

/** `ensureTable`: creates an empty `[path]` table (or `path = {}`) unless the path is a table. */
export function ensureTableText(doc: TomlDoc, path: KeyPath): string {
  const definition = definitionOf(doc.ast, path, doc.entries);
  if (!definition) {
    const parent = deepestDefinedPrefix(doc.ast, path, doc.entries).definition.kind;
    const headers = parent === "root" || parent === "table" || parent === "implicit";
    return insertNew(doc, path, {}, headers);
  }
  if (definition.kind === "arrayOfTables") {
    throw editConflict(doc, path, "it is an array of tables");
  }
  if (definition.kind === "value" && definition.entry.kv.value.type !== "TOMLInlineTable") {
    throw editConflict(doc, path, "it is not a table");
  }
  return doc.text;
}

/** Removes a key/value: its whole line(s) in a table, or its entry in an inline table. */
function removeEntry(doc: TomlDoc, entry: KvEntry): string {
  const { text } = doc;
  const { kv, container } = entry;
  if (container.type === "TOMLInlineTable") {
    const body = container.body;
    const index = body.indexOf(kv);
    if (body.length === 1) return splice(text, container.range[0], container.range[1], "{}");
    if (index < body.length - 1) return splice(text, kv.range[0], body[index + 1].range[0], "");
    return splice(text, body[index - 1].range[1], kv.range[1], "");
  }
  const from = lineStart(text, kv.range[0]);
  const to = lineFullEnd(text, kv.range[1]);
  if (to === text.length && !text.endsWith("\n") && from > 0) {
    return text.slice(0, lineContentEnd(text, from - 1));
  }
  return splice(text, from, to, "");
}

/** `delete`: removes a key/value, every dotted key under a path, or a `[path]` table block. */
export function deleteText(doc: TomlDoc, path: KeyPath): string {
  let current = doc;
  for (;;) {
    const definition = definitionOf(current.ast, path, current.entries);
    if (!definition) return current.text;
    switch (definition.kind) {
      case "value":
        return removeEntry(current, definition.entry);
      case "dotted":
        current = reloadDoc(removeEntry(current, definition.entry), doc.file, path);
        continue;
      case "table": {
        const tables = tablesOf(current.ast);
        if (
          tables.some((t) => !samePath(t.resolvedKey, path) && startsWithPath(t.resolvedKey, path))
        ) {
          throw editConflict(current, path, "it has sub-tables; delete those first");
        }
        return removeTable(current, definition.table);
      }
      default:
        throw editConflict(current, path, "it is defined by other tables; delete those instead");
    }
  }
}
