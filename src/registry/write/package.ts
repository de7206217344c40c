/**
 * Pure writing of package manifests: a new manifest in the seed guide's field order (name,
 * version, description, sources.<mode>.{type, ...}), or a comment-keeping edit of an existing
 * one. Every text is parsed back with the registry's own parser before it is returned.
 *
 * An edit keeps the file's layout (write/layout.ts): its byte order mark, its line endings, the
 * gap before a comment at the end of a line, and the blank lines before a closing comment.
 */
import { Document, isMap, isScalar, type Pair, type YAMLMap } from "yaml";
import { HpmError } from "../../errors.ts";
import { displayPath } from "../../paths.ts";
import { parsePackage } from "../manifest/package_text.ts";
import type { Package, Source } from "../types.ts";
import { mismatch, parseForEdit, requireNoErrors, YAML_STYLE } from "./style.ts";
import { applyLayout, PLAIN_LAYOUT, renderEdit, splitLayout, type TextLayout } from "./layout.ts";

type WithoutPosition<T> = T extends unknown ? Omit<T, "position"> : never;

/** A source as written: a registry `Source` without its position. */
export type SourceDraft = WithoutPosition<Source>;

/** A manifest as written. */
export interface PackageDraft {
  name: string;
  /** Left out for an index or git package whose version the lock (or the tag) tells. */
  version?: string;
  description?: string;
  sources: Record<string, SourceDraft>;
}

/** A change to an existing manifest: set one mode's source; optionally version and description. */
export interface PackageEdit {
  mode: string;
  source: SourceDraft;
  version?: string;
  description?: string;
}

/** A source's fields in the order they are written, without empty ones. */
export function sourceRecord(source: SourceDraft): Record<string, string | boolean | string[]> {
  const record: Record<string, string | boolean | string[]> = { type: source.type };
  const put = (key: string, value: string | boolean | undefined) => {
    if (value !== undefined && value !== "") record[key] = value;
  };
  switch (source.type) {
    case "local":
      put("path", source.path);
      put("editable", source.editable);
      break;
    case "git":
      put("url", source.url);
      put("tag", source.tag);
      put("branch", source.branch);
      put("rev", source.rev);
      // The same revision as `ref`, the one key the original hpm reads (it installs
      // `git+URL@ref`, and HEAD without it); hpm reads an equal `ref` beside it as that copy.
      put("ref", source.tag ?? source.branch ?? source.rev);
      put("subdirectory", source.subdirectory);
      break;
    case "index":
      put("version", source.version);
      put("index", source.index);
      break;
    case "url":
      put("url", source.url);
      put("subdirectory", source.subdirectory);
      break;
  }
  if (source.extras?.length) record.extras = source.extras;
  put("marker", source.marker);
  return record;
}

/**
 * The text of a new manifest. `file` is where it will be written (its name must match);
 * `layout` is the BOM and line ending to write it with (by default none and LF).
 */
export async function newPackageText(
  draft: PackageDraft,
  file: string,
  layout: TextLayout = PLAIN_LAYOUT,
): Promise<string> {
  const record: Record<string, unknown> = { name: draft.name };
  if (draft.version) record.version = draft.version;
  if (draft.description) record.description = draft.description;
  record.sources = Object.fromEntries(
    Object.entries(draft.sources).map(([mode, source]) => [mode, sourceRecord(source)]),
  );
  const text = applyLayout(new Document(record).toString(YAML_STYLE), layout);
  await verify(text, file, draft);
  return text;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === key);
}

/** Sets `key` in the top-level map, inserting a new key after `after` (keeps field order). */
function setAfter(doc: Document, key: string, value: string, after: string): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  const existing = findPair(root, key);
  if (existing && isScalar(existing.value)) {
    existing.value.value = value; // keeps the comment beside the value
    return;
  }
  if (existing) {
    doc.set(key, value);
    return;
  }
  const pair = doc.createPair(key, value);
  const index = root.items.findIndex((item) => item === findPair(root, after));
  root.items.splice(index < 0 ? root.items.length : index + 1, 0, pair as Pair);
}

/**
 * Applies `edit` to the text of an existing manifest, keeping its comments, every other source
 * and its layout (BOM, line endings). Throws when the file is not valid YAML or the result
 * would not be a valid manifest.
 */
export async function editPackageText(
  original: string,
  file: string,
  edit: PackageEdit,
): Promise<string> {
  const display = displayPath(file);
  const { layout, text } = splitLayout(original);
  const doc = parseForEdit(text, display);
  const before = await parsePackage(text, file, display);
  if (!before.pkg || before.problems.some((problem) => problem.severity === "error")) {
    throw new HpmError(`${display} has problems; not changed`, {
      code: "registry-invalid",
      hint: "fix them first, or pass --force to replace the whole manifest",
      problems: before.problems,
    });
  }
  if (before.problems.some((problem) => problem.code === "python-object")) {
    return await pythonObjectEdit(before.pkg, file, edit, layout);
  }
  if (edit.version !== undefined) setAfter(doc, "version", edit.version, "name");
  if (edit.description !== undefined) {
    setAfter(doc, "description", edit.description, "version");
  }
  const sources = doc.get("sources");
  if (isMap(sources)) sources.set(edit.mode, doc.createNode(sourceRecord(edit.source)));
  else doc.set("sources", doc.createNode({ [edit.mode]: sourceRecord(edit.source) }));
  const result = applyLayout(renderEdit(doc, text), layout);
  const version = edit.version ?? before.pkg.version;
  const expected: PackageDraft = {
    name: before.pkg.name,
    ...(version !== undefined ? { version } : {}),
    sources: { ...draftSources(before.pkg), [edit.mode]: edit.source },
  };
  const description = edit.description ?? before.pkg.description;
  if (description !== undefined) expected.description = description;
  await verify(result, file, expected);
  return result;
}

/**
 * An edit of a manifest in the original hpm's `!!python/object` form: its objects cannot be
 * edited in place (a key set there lands in `__dict__`'s wrapper), and the file holds no
 * comments (PyYAML writes none), so the edit is written as a new plain-YAML manifest holding
 * its data and the change. Refused when it holds anything besides (`hpm registry validate`).
 */
async function pythonObjectEdit(
  pkg: Package,
  file: string,
  edit: PackageEdit,
  layout: TextLayout,
): Promise<string> {
  if (pkg.extras !== undefined || pkg.marker !== undefined) {
    throw new HpmError(
      `${displayPath(file)} holds more than the original hpm writes; not changed`,
      {
        code: "registry-invalid",
        hint:
          "rewrite it as plain YAML by hand first ('hpm registry validate' lists what it holds)",
      },
    );
  }
  const version = edit.version ?? pkg.version;
  const description = edit.description ?? pkg.description;
  return await newPackageText(
    {
      name: pkg.name,
      ...(version !== undefined ? { version } : {}),
      ...(description !== undefined ? { description } : {}),
      sources: { ...draftSources(pkg), [edit.mode]: edit.source },
    },
    file,
    layout,
  );
}

/** The sources of a parsed package, as drafts (positions dropped). */
export function draftSources(pkg: Package): Record<string, SourceDraft> {
  const sources: Record<string, SourceDraft> = {};
  for (const [mode, source] of Object.entries(pkg.sources)) {
    const { position: _position, ...draft } = source;
    sources[mode] = draft as SourceDraft;
  }
  return sources;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function verify(text: string, file: string, expected: PackageDraft): Promise<void> {
  const display = displayPath(file);
  const { pkg, problems } = await parsePackage(text, file, display);
  requireNoErrors(display, problems);
  if (!pkg) throw mismatch(display, "the manifest");
  if (pkg.name !== expected.name) throw mismatch(display, "`name`");
  if (pkg.version !== expected.version) throw mismatch(display, "`version`");
  if ((pkg.description ?? "") !== (expected.description ?? "")) {
    throw mismatch(display, "`description`");
  }
  const actual = draftSources(pkg);
  for (const [mode, source] of Object.entries(expected.sources)) {
    if (!same(sourceRecord(actual[mode] ?? { type: "index", version: "" }), sourceRecord(source))) {
      throw mismatch(display, `source '${mode}'`);
    }
  }
  if (Object.keys(actual).length !== Object.keys(expected.sources).length) {
    throw mismatch(display, "the list of sources");
  }
}
