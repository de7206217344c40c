/**
 * Positions for what a command reports. The pure core names the key a problem is about
 * (`keyPath`, in the TOML document `file`); `locatePositions` turns key paths into line and
 * column once, just before anything is printed or returned, building a document's AST only
 * then (most runs report nothing and never parse it).
 */
import type { KeyPath } from "./locate.ts";
import { type ReadToml, withAst } from "./read.ts";

/** Something reported at a key of a TOML document: line and column come from `keyPath`. */
export interface Locatable {
  file: string;
  line: number;
  column: number;
  keyPath?: KeyPath;
}

const documents = new Map<string, ReadToml>();

/** Keeps a document read for this command, so its key paths can be located later. */
export function rememberDocument(document: ReadToml): void {
  documents.set(document.file, document);
}

/**
 * Fills in line and column of every item that has a key path in a remembered document (its AST
 * is built once, here). Items are changed in place and returned.
 */
export async function locatePositions<T extends Locatable>(items: T[]): Promise<T[]> {
  for (const item of items) {
    const document = item.keyPath && documents.get(item.file);
    if (!document) continue;
    // The key locator and the AST are loaded only when something is to be located.
    const [ast, { positionOf }] = await Promise.all([withAst(document), import("./locate.ts")]);
    const position = positionOf(ast, item.keyPath!);
    if (position) Object.assign(item, position);
  }
  return items;
}
