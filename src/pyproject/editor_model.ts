/** The plain-object side of an edit: what the document should mean, and the check against it. */
import { definitionOf, type KeyPath } from "./locate.ts";
import { refusedEdit, reloadDoc, type TomlDoc } from "./editor_doc.ts";
import { readTomlFast } from "./fast_toml.ts";
import { deleteIn, firstDifference, getIn, isTableValue, type TableValue } from "./plain_value.ts";

export {
  deleteIn,
  firstDifference,
  getIn,
  isTableValue,
  sameValue,
  setIn,
  type TableValue,
} from "./plain_value.ts";

/**
 * Re-parses edited text and compares its meaning with the intended object; throws an HpmError
 * (exit 1, `edit-verify-failed`, naming the differing path) when they differ.
 */
export function verifyEdit(text: string, intended: unknown, file: string): void {
  // The fast reader is independent of the editor's parser; what it declines, the parser reads.
  const value = readTomlFast(text) ?? reloadDoc(text, file, []).value;
  const difference = firstDifference(value, intended);
  if (difference) throw refusedEdit(file, difference, "the re-read file differs from the intent");
}

/** True when `path` has its own header or key/value, so it stays (empty) when its keys go. */
function isExplicit(doc: TomlDoc, path: KeyPath): boolean {
  const kind = definitionOf(doc.ast, path, doc.entries)?.kind;
  return kind === "value" || kind === "table";
}

/**
 * After removing `path`, removes the tables above it that became empty and existed only through
 * it (super-tables of headers, parts of dotted keys), as they vanish from the text too.
 */
export function pruneImplicit(root: TableValue, path: KeyPath, doc: TomlDoc): void {
  for (let n = path.length - 1; n >= 1; n--) {
    const prefix = path.slice(0, n);
    const value = getIn(root, prefix);
    if (!isTableValue(value) || Object.keys(value).length > 0 || isExplicit(doc, prefix)) return;
    deleteIn(root, prefix);
  }
}
