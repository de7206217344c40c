/** How planned entries read, in text and JSON (check, sync and status print them). */
import { impliedByText } from "../plan/implications.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import { describeSource } from "../registry/describe.ts";
import type { OptionRef } from "../registry/types.ts";

/** `(implied by a)`, `(implied by a via b)`, or nothing for a recorded choice. */
export function impliedNote(entry: PlannedEntry): string {
  return entry.implied ? ` (implied by ${impliedByText(entry.implied)})` : "";
}

/** An entry's `implied` as JSON: `{group, option}` of the recorded choice, or null. */
export function impliedJson(entry: PlannedEntry): OptionRef | null {
  return entry.implied ? { group: entry.implied.by.group, option: entry.implied.by.option } : null;
}

/** How an entry is shown: `inference = vlm-adapter-qwen (prod: local ..., editable)`. */
export function describeEntry(entry: PlannedEntry): string {
  return `${entry.group} = ${entry.option} (${entry.mode}: ${describeSource(entry.source)})` +
    impliedNote(entry);
}
