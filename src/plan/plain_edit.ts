/**
 * Editor operations applied to a document's plain value, without its text. This is what `check`
 * hands to uv before the format-preserving editor has run: uv reads meaning, not layout. It is
 * exact for what the editor adds; where the editor's result depends on layout (whether a table
 * emptied by a removal had its own header or comments), it guesses, and `check` compares the
 * guess with the editor's real result and resolves again when they differ.
 */
import type { EditOp } from "../pyproject/editor.ts";
import {
  clonePlain,
  deleteIn,
  getIn,
  isTableValue,
  setIn,
  type TableValue,
} from "../pyproject/plain_value.ts";

function arrayAt(root: TableValue, path: string[]): unknown[] {
  const value = getIn(root, path);
  if (Array.isArray(value)) return value;
  const array: unknown[] = [];
  setIn(root, path, array);
  return array;
}

/** Removes the table at `path` when it is an empty table. */
function dropIfEmpty(root: TableValue, path: string[]): void {
  const value = getIn(root, path);
  if (isTableValue(value) && Object.keys(value).length === 0) deleteIn(root, path);
}

/** Removes the tables above `path` that its removal left empty. */
function pruneEmptyParents(root: TableValue, path: string[]): void {
  for (let n = path.length - 1; n >= 1; n--) {
    const value = getIn(root, path.slice(0, n));
    if (!isTableValue(value) || Object.keys(value).length > 0) return;
    deleteIn(root, path.slice(0, n));
  }
}

/**
 * `value` (not changed) with the operations applied, or undefined when an operation does not
 * fit the value (e.g. pushing onto something that is not an array): the editor would refuse it,
 * so only the editor can say how.
 */
export function applyPlain(value: TableValue, ops: readonly EditOp[]): TableValue | undefined {
  const root = clonePlain(value);
  try {
    for (const op of ops) {
      const { path } = op;
      const current = getIn(root, path);
      switch (op.op) {
        case "set":
          setIn(root, path, clonePlain(op.value));
          break;
        case "ensureTable":
          if (current === undefined) setIn(root, path, {});
          break;
        case "delete":
          if (current === undefined) break;
          deleteIn(root, path);
          pruneEmptyParents(root, path);
          break;
        case "deleteTableIfEmpty":
          dropIfEmpty(root, path);
          break;
        case "deleteArrayIfEmpty":
          // Comments inside would keep it in the text: a guess, which check compares.
          if (Array.isArray(current) && current.length === 0) {
            deleteIn(root, path);
            pruneEmptyParents(root, path);
          }
          break;
        case "arrayReplaceWhere": {
          if (current === undefined) break;
          if (!Array.isArray(current)) return undefined;
          const index = current.findIndex((v) => op.predicate(v));
          if (index >= 0) current[index] = clonePlain(op.value);
          break;
        }
        case "arrayPush":
        case "arrayOfTablesAppend": {
          if (current !== undefined && !Array.isArray(current)) return undefined;
          const item = op.op === "arrayPush" ? op.value : op.entries;
          arrayAt(root, path).push(clonePlain(item));
          break;
        }
        case "arrayRemoveWhere":
        case "arrayOfTablesRemoveWhere": {
          if (current === undefined) break;
          if (!Array.isArray(current)) return undefined;
          const accept = op.op === "arrayRemoveWhere"
            ? op.predicate
            : (v: unknown) => isTableValue(v) && op.predicate(v);
          const kept = current.filter((v) => !accept(v));
          if (op.op === "arrayOfTablesRemoveWhere" && kept.length === 0) {
            deleteIn(root, path);
            pruneEmptyParents(root, path);
          } else current.splice(0, current.length, ...kept);
          break;
        }
      }
    }
  } catch (error) {
    // setIn through a value that is not a table: again the editor's call.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
  return root;
}
