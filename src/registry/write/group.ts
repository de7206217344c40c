/**
 * Pure writing of group files: a new group in the seed guide's field order (name, strategy,
 * description, options, default, min, max), or an option appended to an existing group with
 * its comments and layout (BOM, line endings) kept. Every text is parsed back with the
 * registry's own parser first.
 */
import { Document, isMap, isSeq, type YAMLMap } from "yaml";
import { HpmError } from "../../errors.ts";
import { displayPath } from "../../paths.ts";
import { parseGroup } from "../manifest/group_text.ts";
import type { Group, Strategy } from "../types.ts";
import { applyLayout, PLAIN_LAYOUT, renderEdit, splitLayout, type TextLayout } from "./layout.ts";
import { mismatch, parseForEdit, requireNoErrors, YAML_STYLE } from "./style.ts";

/** One option as written. */
export interface OptionDraft {
  name: string;
  description?: string;
}

/** A group as written. */
export interface GroupDraft {
  name: string;
  strategy: Strategy;
  description?: string;
  options: OptionDraft[];
  /** One name for 1-of-N (written as a string), any number for M-of-N (written as a list). */
  default?: string[];
  min?: number;
  max?: number;
}

function optionRecord(option: OptionDraft): Record<string, string> {
  return option.description
    ? { name: option.name, description: option.description }
    : { name: option.name };
}

/**
 * The text of a new group file. `file` is where it will be written (its name must match);
 * `layout` is the BOM and line ending to write it with (by default none and LF).
 */
export async function newGroupText(
  draft: GroupDraft,
  file: string,
  layout: TextLayout = PLAIN_LAYOUT,
): Promise<string> {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  root.set("name", draft.name);
  root.set("strategy", draft.strategy);
  if (draft.description) root.set("description", draft.description);
  root.set("options", doc.createNode(draft.options.map(optionRecord)));
  if (draft.default?.length) {
    // A list for 1-of-N too (`default: [x]`): hpm reads a one-name list as one default, and
    // the original hpm's model types `default` as a list of names (a bare string fails to load).
    const list = doc.createNode(draft.default);
    list.flow = true;
    root.set("default", list);
  }
  if (draft.strategy === "M-of-N" && draft.min !== undefined) root.set("min", draft.min);
  if (draft.strategy === "M-of-N" && draft.max !== undefined) root.set("max", draft.max);
  const text = applyLayout(doc.toString(YAML_STYLE), layout);
  await verify(text, file, draft);
  return text;
}

/** The result of appending an option. */
export interface AppendResult {
  text: string;
  /** False when the group already offered it (the text is then unchanged). */
  added: boolean;
}

/**
 * A group file opened for an in-place edit: its layout split off, the YAML document to edit,
 * and the group as it reads now. Throws when the file is not a valid group (an edit would
 * build on problems).
 */
async function openValidGroup(original: string, file: string) {
  const display = displayPath(file);
  const { layout, text } = splitLayout(original);
  const doc = parseForEdit(text, display);
  const before = await parseGroup(text, file, display);
  const group = before.group;
  if (!group || before.problems.some((problem) => problem.severity === "error")) {
    throw new HpmError(`${display} has problems; not changed`, {
      code: "registry-invalid",
      hint: "fix them first ('hpm registry validate' shows every problem)",
      problems: before.problems,
    });
  }
  return { display, layout, text, doc, group };
}

/**
 * Appends `option` to the `options` list of an existing group file, keeping its comments,
 * style and layout (BOM, line endings). Throws when the file is not valid YAML or not a valid
 * group.
 */
export async function appendOptionText(
  original: string,
  file: string,
  option: OptionDraft,
): Promise<AppendResult> {
  const { display, layout, text, doc, group } = await openValidGroup(original, file);
  if (group.options.some((existing) => existing.name === option.name)) {
    return { text: original, added: false };
  }
  const options = doc.get("options");
  if (!isSeq(options)) throw mismatch(display, "`options`");
  options.add(doc.createNode(optionRecord(option)));
  const result = applyLayout(renderEdit(doc, text), layout);
  await verify(result, file, {
    ...draftOf(group),
    options: [...draftOf(group).options, option],
  });
  return { text: result, added: true };
}

/** A parsed group as a draft (positions and file dropped). */
function draftOf(group: Group): GroupDraft {
  const draft: GroupDraft = {
    name: group.name,
    strategy: group.strategy,
    options: group.options.map((option) =>
      option.description === undefined
        ? { name: option.name }
        : { name: option.name, description: option.description }
    ),
  };
  if (group.description !== undefined) draft.description = group.description;
  if (group.default !== undefined) draft.default = group.default;
  if (group.min !== undefined) draft.min = group.min;
  if (group.max !== undefined) draft.max = group.max;
  return draft;
}

async function verify(text: string, file: string, expected: GroupDraft): Promise<void> {
  const display = displayPath(file);
  const { group, problems } = await parseGroup(text, file, display);
  requireNoErrors(display, problems);
  if (!group) throw mismatch(display, "the group");
  const actual = draftOf(group);
  const want = { ...expected, default: expected.default?.length ? expected.default : undefined };
  if (want.strategy === "1-of-N") {
    delete want.min;
    delete want.max;
  }
  if (JSON.stringify(normalize(actual)) !== JSON.stringify(normalize(want))) {
    throw mismatch(display, "the group");
  }
}

function normalize(draft: GroupDraft): unknown {
  return {
    name: draft.name,
    strategy: draft.strategy,
    description: draft.description ?? null,
    options: draft.options.map((o) => [o.name, o.description ?? null]),
    default: draft.default ?? null,
    min: draft.min ?? null,
    max: draft.max ?? null,
  };
}

/**
 * Removes the option `name` from the `options` list of an existing group file, keeping the
 * other options, the comments and the layout (BOM, line endings). The comment lines above the
 * removed option, and a blank line before it, stay in the file (on the option after it): a
 * comment may head several options. The caller checks first that the group stays valid
 * without it (its default, `min`, at least one option); the text is parsed back all the same.
 */
export async function removeOptionText(
  original: string,
  file: string,
  name: string,
): Promise<string> {
  const { display, layout, text, doc, group } = await openValidGroup(original, file);
  const options = doc.get("options");
  if (!isSeq(options)) throw mismatch(display, "`options`");
  const index = options.items.findIndex((item) => isMap(item) && item.get("name") === name);
  if (index < 0) throw mismatch(display, "`options`");
  const removed = options.items[index] as YAMLMap;
  const next = options.items[index + 1] as YAMLMap | undefined;
  if (removed.commentBefore) {
    if (next) {
      next.commentBefore = next.commentBefore
        ? `${removed.commentBefore}\n${next.commentBefore}`
        : removed.commentBefore;
    } else {
      options.comment = options.comment
        ? `${removed.commentBefore}\n${options.comment}`
        : removed.commentBefore;
    }
  }
  if (removed.spaceBefore && next) next.spaceBefore = true;
  options.delete(index);
  let rendered = renderEdit(doc, text);
  // A blank line inside a moved comment comes out indented; the file had none such.
  if (!/^[ \t]+$/m.test(text)) rendered = rendered.replace(/^[ \t]+$/gm, "");
  const result = applyLayout(rendered, layout);
  const draft = draftOf(group);
  await verify(result, file, {
    ...draft,
    options: draft.options.filter((option) => option.name !== name),
  });
  return result;
}
