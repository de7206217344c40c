/**
 * The format-preserving pyproject.toml editor. Each operation splices text at parser ranges, so
 * every byte it does not mean to change stays as it was; the same operations are applied to the
 * document's plain value, and the result is re-parsed and compared before it is returned.
 */
import type { AST } from "toml-eslint-parser";
import { deepestDefinedPrefix, definitionOf, type KeyPath, valueNodeAt } from "./locate.ts";
import {
  commentsIn,
  editConflict,
  FullParserNeeded,
  loadDoc,
  loadFullParser,
  refusedEdit,
  reloadDoc,
  type TomlDoc,
} from "./editor_doc.ts";
import {
  deleteIn,
  getIn,
  isTableValue,
  pruneImplicit,
  setIn,
  type TableValue,
  verifyEdit,
} from "./editor_model.ts";
import { deleteText, ensureTableText, setText } from "./editor_keys.ts";
import { arrayPushText, arrayRemoveText, collapseEmptyArray } from "./editor_arrays.ts";
import {
  appendArrayTable,
  insertTable,
  removeArrayTables,
  removeTable,
  tableIsBare,
} from "./editor_tables.ts";
import { formatKey, formatValue, splice, type TomlValue } from "./toml_text.ts";

/** The file's line ending, and the values the editor writes. */
export { detectEol, type TomlValue } from "./toml_text.ts";
/** Re-exported so callers and tests can check an edit's meaning themselves. */
export { firstDifference, verifyEdit } from "./editor_model.ts";

/** One edit of pyproject.toml; `path` is a list of plain keys, e.g. `["tool", "uv", "sources"]`. */
export type EditOp =
  /** Replace the value (keeping a trailing comment) or add the key, creating its table if needed. */
  | { op: "set"; path: string[]; value: TomlValue }
  /** Remove a key/value (or inline-table entry, or all dotted keys under the path); no-op if absent. */
  | { op: "delete"; path: string[] }
  /** Create an empty `[path]` table unless the path already is a table. */
  | { op: "ensureTable"; path: string[] }
  /** Remove the `[path]` header if its section has no keys and no comments (sub-tables stay). */
  | { op: "deleteTableIfEmpty"; path: string[] }
  /** Append to an array in its own style (creates `key = [value]` if absent). */
  | { op: "arrayPush"; path: string[]; value: TomlValue }
  /** Remove the elements the predicate accepts. */
  | { op: "arrayRemoveWhere"; path: string[]; predicate: (value: unknown) => boolean }
  /**
   * Replace the first element the predicate accepts with `value`, in its place: the element's
   * text only, so its comma, line and comment stay. No-op when none is accepted.
   */
  | {
    op: "arrayReplaceWhere";
    path: string[];
    predicate: (value: unknown) => boolean;
    value: TomlValue;
  }
  /** Remove the key when its value is an empty array with no comments inside (`key = []`). */
  | { op: "deleteArrayIfEmpty"; path: string[] }
  /** Append a `[[path]]` table with these key/values (e.g. an uv index: name, url, explicit). */
  | { op: "arrayOfTablesAppend"; path: string[]; entries: Record<string, TomlValue> }
  /** Remove the `[[path]]` tables whose value the predicate accepts. */
  | {
    op: "arrayOfTablesRemoveWhere";
    path: string[];
    predicate: (entry: Record<string, unknown>) => boolean;
  };

function arrayAt(doc: TomlDoc, path: KeyPath): AST.TOMLArray | undefined {
  const definition = definitionOf(doc.ast, path, doc.entries);
  if (!definition) return undefined;
  const node = definition.kind === "value" ? valueNodeAt(doc.ast, path, doc.entries) : undefined;
  if (node?.type !== "TOMLArray") throw editConflict(doc, path, "it is not an array");
  return node;
}

function removeWhere(doc: TomlDoc, path: KeyPath, accept: (value: unknown) => boolean): string {
  let current = doc;
  let removed = false;
  for (;;) {
    const array = arrayAt(current, path);
    if (!array) return current.text;
    const values = getIn(current.value, path) as unknown[];
    const index = values.findIndex((value) => accept(value));
    if (index < 0) return removed ? collapseEmptyArray(current, array) : current.text;
    const text = arrayRemoveText(current, array, index);
    if (text === current.text) throw refusedEdit(doc.file, [...path, index], "nothing was removed");
    current = reloadDoc(text, doc.file, path);
    removed = true;
  }
}

/** `arrayReplaceWhere`: the first accepted element's text replaced by the value's. */
function replaceWhere(
  doc: TomlDoc,
  path: KeyPath,
  accept: (value: unknown) => boolean,
  value: TomlValue,
): string {
  const array = arrayAt(doc, path);
  if (!array) return doc.text;
  const index = (getIn(doc.value, path) as unknown[]).findIndex((v) => accept(v));
  if (index < 0) return doc.text;
  const element = array.elements[index];
  return splice(doc.text, element.range[0], element.range[1], formatValue(value));
}

/** The array at `path` when it is a key/value holding no elements and no comments. */
function emptyArrayAt(doc: TomlDoc, path: KeyPath): AST.TOMLArray | undefined {
  const definition = definitionOf(doc.ast, path, doc.entries);
  if (definition?.kind !== "value") return undefined;
  const node = definition.entry.kv.value;
  if (node.type !== "TOMLArray" || node.elements.length > 0) return undefined;
  return commentsIn(doc, node.range[0], node.range[1]).length === 0 ? node : undefined;
}

/**
 * The `[path]` header when its section has no keys and no comments. Its table is then either
 * empty, or holds only sub-tables with headers of their own (`[tool.hpm.groups]` defines
 * `tool.hpm` by itself), so removing the header never changes what the document means.
 */
function emptyTableAt(doc: TomlDoc, path: KeyPath): AST.TOMLTable | undefined {
  const definition = definitionOf(doc.ast, path, doc.entries);
  if (definition?.kind !== "table" || !tableIsBare(doc, definition.table)) return undefined;
  return isTableValue(getIn(doc.value, path)) ? definition.table : undefined;
}

/** True when the table at `path` still holds sub-tables (then only its header goes). */
function hasSubTables(doc: TomlDoc, path: KeyPath): boolean {
  const value = getIn(doc.value, path);
  return isTableValue(value) && Object.keys(value).length > 0;
}

function applyToText(doc: TomlDoc, op: EditOp): string {
  const { path } = op;
  switch (op.op) {
    case "set":
      return setText(doc, path, op.value);
    case "delete": {
      const definition = definitionOf(doc.ast, path, doc.entries);
      if (definition?.kind !== "arrayOfTables") return deleteText(doc, path);
      return removeArrayTables(doc, definition.tables, () => true);
    }
    case "ensureTable":
      return ensureTableText(doc, path);
    case "deleteTableIfEmpty": {
      const table = emptyTableAt(doc, path);
      return table ? removeTable(doc, table) : doc.text;
    }
    case "arrayPush": {
      const array = arrayAt(doc, path);
      return array ? arrayPushText(doc, array, op.value) : setText(doc, path, [op.value]);
    }
    case "arrayRemoveWhere":
      return removeWhere(doc, path, op.predicate);
    case "arrayReplaceWhere":
      return replaceWhere(doc, path, op.predicate, op.value);
    case "deleteArrayIfEmpty":
      return emptyArrayAt(doc, path) ? deleteText(doc, path) : doc.text;
    case "arrayOfTablesAppend": {
      const definition = definitionOf(doc.ast, path, doc.entries);
      const lines = Object.entries(op.entries).map(([k, v]) =>
        `${formatKey(k)} = ${formatValue(v)}`
      );
      if (definition?.kind === "arrayOfTables") {
        return appendArrayTable(doc, definition.tables, lines);
      }
      if (definition) return applyToText(doc, { op: "arrayPush", path, value: op.entries });
      const parent = deepestDefinedPrefix(doc.ast, path, doc.entries).definition.kind;
      if (parent === "root" || parent === "table" || parent === "implicit") {
        return insertTable(doc, path, "array", lines);
      }
      return setText(doc, path, [op.entries]);
    }
    case "arrayOfTablesRemoveWhere": {
      const definition = definitionOf(doc.ast, path, doc.entries);
      if (definition?.kind !== "arrayOfTables") {
        return removeWhere(doc, path, (v) => isTableValue(v) && op.predicate(v));
      }
      const values = getIn(doc.value, path) as TableValue[];
      return removeArrayTables(doc, definition.tables, (i) => op.predicate(values[i]));
    }
  }
}

function modelArray(model: TableValue, path: KeyPath, doc: TomlDoc): unknown[] {
  const value = getIn(model, path);
  if (value === undefined) {
    const array: unknown[] = [];
    setIn(model, path, array);
    return array;
  }
  if (!Array.isArray(value)) throw editConflict(doc, path, "it is not an array");
  return value;
}

/** Applies an operation to the plain value; `doc` is the text before the operation. */
function applyToModel(model: TableValue, op: EditOp, doc: TomlDoc): void {
  const { path } = op;
  switch (op.op) {
    case "set":
      return setIn(model, path, structuredClone(op.value));
    case "ensureTable":
      if (getIn(model, path) === undefined) setIn(model, path, {});
      return;
    case "delete":
    case "deleteTableIfEmpty":
    case "deleteArrayIfEmpty":
      if (getIn(model, path) === undefined) return;
      if (op.op === "deleteTableIfEmpty" && (!emptyTableAt(doc, path) || hasSubTables(doc, path))) {
        return;
      }
      if (op.op === "deleteArrayIfEmpty" && !emptyArrayAt(doc, path)) return;
      deleteIn(model, path);
      return pruneImplicit(model, path, doc);
    case "arrayPush":
    case "arrayOfTablesAppend":
      modelArray(model, path, doc).push(
        structuredClone(op.op === "arrayPush" ? op.value : op.entries),
      );
      return;
    case "arrayReplaceWhere": {
      if (getIn(model, path) === undefined) return;
      const array = modelArray(model, path, doc);
      const index = array.findIndex((value) => op.predicate(value));
      if (index >= 0) array[index] = structuredClone(op.value);
      return;
    }
    case "arrayRemoveWhere":
    case "arrayOfTablesRemoveWhere": {
      if (getIn(model, path) === undefined) return;
      const array = modelArray(model, path, doc);
      const accept = op.op === "arrayRemoveWhere"
        ? op.predicate
        : (v: unknown) => isTableValue(v) && op.predicate(v);
      const kept = array.filter((value) => !accept(value));
      const headers = definitionOf(doc.ast, path, doc.entries)?.kind === "arrayOfTables";
      if (headers && kept.length === 0) {
        deleteIn(model, path);
        return pruneImplicit(model, path, doc);
      }
      array.splice(0, array.length, ...kept);
    }
  }
}

/**
 * Applies edits to pyproject.toml text, preserving everything they do not change, then checks
 * that the result means exactly the intended document (HpmError `edit-verify-failed` if not).
 * Resolves to `text` itself when nothing changes. Invalid input TOML throws `toml-invalid`.
 * Pure but for loading toml-eslint-parser: the fast reader (fast_toml_ast.ts) parses what people
 * write, and a document it declines (before or after an operation) has the edit done again
 * from the start with the full parser loaded.
 */
export async function editPyproject(text: string, file: string, ops: EditOp[]): Promise<string> {
  try {
    return editText(text, file, ops);
  } catch (error) {
    if (!(error instanceof FullParserNeeded)) throw error;
  }
  await loadFullParser();
  return editText(text, file, ops);
}

function editText(text: string, file: string, ops: EditOp[]): string {
  let doc = loadDoc(text, file);
  let current = text;
  const model = structuredClone(doc.value);
  ops.forEach((op, i) => {
    current = applyToText(doc, op);
    applyToModel(model, op, doc);
    // The next operation works on the edited text's AST; verifyEdit reads the last one.
    if (i < ops.length - 1 && current !== doc.text) doc = reloadDoc(current, file, op.path);
  });
  verifyEdit(current, model, file);
  return current === text ? text : current;
}
