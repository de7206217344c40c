/** How planned entries read, in text and JSON (check, sync and status print them). */
import { impliedByText } from "../plan/implications.ts";
import { FALLBACK_MODE, type PlannedEntry } from "../plan/plan.ts";
import { isVerbose } from "../output.ts";
import { plural } from "../plural.ts";
import { describeSource } from "../registry/describe.ts";
import type { OptionRef, Package, Source } from "../registry/types.ts";

/** `(implied by a)`, `(implied by a via b)`, or nothing for a recorded choice. */
function impliedNote(entry: PlannedEntry): string {
  return entry.implied ? ` (implied by ${impliedByText(entry.implied)})` : "";
}

/** An entry's `implied` as JSON: `{group, option}` of the recorded choice, or null. */
export function impliedJson(entry: PlannedEntry): OptionRef | null {
  return entry.implied ? { group: entry.implied.by.group, option: entry.implied.by.option } : null;
}

/**
 * An entry's source as the project uses it: a local path as `[tool.uv.sources]` writes it,
 * relative to the project (`packages/x`), not to the manifest that names it (`../../packages/x`).
 */
function projectSource(entry: PlannedEntry): Source {
  const path = entry.uvSource?.path;
  return entry.source.type === "local" && typeof path === "string"
    ? { ...entry.source, path }
    : entry.source;
}

/** An entry's source in words, as the project uses it (`local packages/x (editable)`). */
export function describeEntrySource(entry: PlannedEntry, pkg?: Package): string {
  return describeSource(projectSource(entry), pkg);
}

/** How an entry is shown: `inference = vlm-adapter-qwen (prod: local packages/x (editable))`. */
export function describeEntry(entry: PlannedEntry): string {
  return `${entry.group} = ${entry.option} (${entry.mode}: ${describeEntrySource(entry)})` +
    impliedNote(entry);
}

/** An entry's mode as JSON: the mode used, where the mode asked for came from, the fallback. */
export function modeJson(entry: PlannedEntry): {
  mode: string;
  modeFrom: PlannedEntry["modeFrom"];
  fellBackFrom: string | null;
} {
  return { mode: entry.mode, modeFrom: entry.modeFrom, fellBackFrom: entry.fellBackFrom ?? null };
}

/** Names listed in a fallback line before it says how many more (all of them with -v). */
const FALLBACK_NAMES = 12;

/**
 * One line per mode asked for that some packages have no source for:
 * `mode dev: 3 packages have no dev source and use prod: a, b, c`. Long lists are cut
 * (`--verbose` and `--json` name every package).
 */
export function fallbackLines(
  entries: ReadonlyArray<Pick<PlannedEntry, "option" | "fellBackFrom">>,
  all = isVerbose(),
): string[] {
  const byMode = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.fellBackFrom === undefined) continue;
    const names = byMode.get(entry.fellBackFrom) ?? [];
    names.push(entry.option);
    byMode.set(entry.fellBackFrom, names);
  }
  return [...byMode].map(([mode, names]) => {
    const shown = all || names.length <= FALLBACK_NAMES ? names : names.slice(0, FALLBACK_NAMES);
    const more = names.length - shown.length;
    const one = names.length === 1;
    return `mode ${mode}: ${plural(names.length, "package")} ${one ? "has" : "have"} no ` +
      `${mode} source and ${one ? "uses" : "use"} ${FALLBACK_MODE}: ${shown.join(", ")}` +
      (more ? `, and ${more} more (-v or --json names them all)` : "");
  });
}
