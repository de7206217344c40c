/**
 * How managed entries changed outside hpm (by hand, `uv add`, `uv remove`) are shown: sync's
 * error (it stops on them), status's lines and warnings, and their `--json` form.
 */
import { ExitCode, HpmError, type Problem } from "../errors.ts";
import type { EditedPart, HandEdit } from "../plan/reconcile.ts";
import type { WrittenParts } from "../plan/written.ts";
import { formatKey, formatValue, type TomlValue } from "../pyproject/toml_text.ts";

/** The flag that writes the registry's version over such entries. */
export const RESET_FLAG = "--reset-edits";

const WHERE: Record<EditedPart, string> = {
  dependency: "[project].dependencies",
  source: "[tool.uv.sources]",
  index: "[[tool.uv.index]]",
};

function toml(value: unknown): string {
  try {
    return formatValue(value as TomlValue);
  } catch {
    return JSON.stringify(value);
  }
}

/** One part as TOML text, or null when it is absent. */
function partText(parts: WrittenParts | null, part: EditedPart): string | null {
  if (!parts) return null;
  switch (part) {
    case "dependency":
      return parts.dependency === null ? null : toml(parts.dependency);
    case "source":
      return parts.sourceKey === null
        ? null
        : `${formatKey(parts.sourceKey)} = ${toml(parts.source)}`;
    case "index":
      return parts.index === null ? null : toml(parts.index);
  }
}

/** `llm = openai`, or the distribution when no option selects it any more. */
function who(edit: HandEdit): string {
  return edit.entry ? `${edit.entry.group} = ${edit.entry.option}` : edit.name;
}

/** What happened to the entry, in words. */
export function editMessage(edit: HandEdit): string {
  switch (edit.kind) {
    case "removed":
      return `'${edit.name}' (${who(edit)}) was removed from [project].dependencies outside hpm ` +
        `(by hand or 'uv remove'), but the selection still has it`;
    case "unrecorded":
      return `'${edit.name}' (${who(edit)}) is not what hpm would write, and pyproject.toml has ` +
        `no record of what hpm wrote (an older hpm synced it)`;
    case "edited":
      return `'${edit.name}' (${who(edit)}) was changed outside hpm since hpm wrote it ` +
        `(by hand or 'uv add')`;
  }
}

/** `hpm group remove ...` for a removed entry: its own option, or the choice implying it. */
function deselect(edit: HandEdit): string | undefined {
  const entry = edit.entry;
  if (!entry) return undefined;
  const ref = entry.implied?.by ?? { group: entry.group, option: entry.option };
  return `hpm group remove ${ref.group} --option ${ref.option}`;
}

/** The way out of one edit. */
export function editHint(edit: HandEdit): string {
  if (edit.kind === "removed") {
    const command = deselect(edit);
    return `to drop it, deselect it: '${command}'` +
      (edit.entry?.implied ? ` (it is implied by that choice)` : "") +
      `; or run 'hpm sync ${RESET_FLAG}' to write it back`;
  }
  const manifest = edit.entry?.source.position.file;
  return `to keep the change, put it into the manifest${manifest ? ` (${manifest})` : ""} and ` +
    `run 'hpm sync'; or run 'hpm sync ${RESET_FLAG}' to write the registry's version`;
}

function lineOf(text: string, line: number): string {
  return (text.split("\n")[line - 1] ?? "").replace(/\r$/, "").trim();
}

/** The lines showing an edit: the text as written (its line, comment included) and hpm's. */
export function editLines(edit: HandEdit, text: string): string[] {
  const pairs: Array<[string, string]> = [];
  edit.differs.forEach((part, i) => {
    const now = partText(edit.now, part);
    // The first part is located: its own line, as written, comment and all.
    pairs.push(
      i === 0 && now !== null
        ? [`${edit.file}:${edit.line}`, lineOf(text, edit.line)]
        : [`${WHERE[part]}`, now ?? "(absent)"],
    );
    pairs.push(["hpm would write", partText(edit.planned, part) ?? "(nothing)"]);
  });
  const width = Math.max(...pairs.map(([label]) => label.length));
  return [`${who(edit)}:`, ...pairs.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)];
}

/** An edit as JSON: `{distribution, group, option, kind, file, line, column, parts}`. */
export function editJson(edit: HandEdit) {
  return {
    distribution: edit.name,
    group: edit.entry?.group ?? null,
    option: edit.entry?.option ?? null,
    kind: edit.kind,
    file: edit.file,
    line: edit.line,
    column: edit.column,
    parts: edit.differs.map((part) => ({
      part,
      now: partText(edit.now, part),
      planned: partText(edit.planned, part),
    })),
  };
}

/** A located problem for an edit. */
function editProblem(edit: HandEdit): Problem {
  return {
    file: edit.file,
    line: edit.line,
    column: edit.column,
    severity: "error",
    message: editMessage(edit),
    hint: editHint(edit),
  };
}

/**
 * Why sync stops: the entries changed outside hpm, each shown as written and as hpm would write
 * it. Exit 1 (`hand-edited`): nothing is written.
 */
export function handEditError(edits: readonly HandEdit[], text: string): HpmError {
  const count = edits.length === 1 ? "1 entry" : `${edits.length} entries`;
  return new HpmError(
    `${count} hpm manages in ${edits[0].file} changed outside hpm; nothing was written`,
    {
      exitCode: ExitCode.Failure,
      code: "hand-edited",
      hint: edits.every((e) => e.kind === "removed")
        ? `deselect what you removed ('hpm group remove', as above), or run ` +
          `'hpm sync ${RESET_FLAG}' to write it back`
        : `keep each change by putting it into the package's manifest, or run ` +
          `'hpm sync ${RESET_FLAG}' to write the registry's version of ` +
          (edits.length === 1 ? "it" : "all of them"),
      problems: edits.map(editProblem),
      details: edits.flatMap((e) => editLines(e, text)).join("\n"),
      data: { edits: edits.map(editJson) },
    },
  );
}

/** The warning for an entry of a deselected option that was changed outside hpm. */
export function droppedEditMessage(edit: HandEdit): string {
  const now = partText(edit.now, "dependency");
  return `removed '${edit.name}'${now ? ` (${now})` : ""}, no longer selected, although it ` +
    `was changed outside hpm since hpm wrote it`;
}

/** The status line of an edited entry: `edited (pyproject.toml:8)`, `removed (...)`. */
export function editStatus(edit: Pick<HandEdit, "kind" | "file" | "line">): string {
  const label = edit.kind === "removed"
    ? "removed outside hpm"
    : edit.kind === "unrecorded"
    ? "differs, no record of hpm's text"
    : "edited outside hpm";
  return `${label} (${edit.file}:${edit.line})`;
}
