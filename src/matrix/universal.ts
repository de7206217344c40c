/**
 * One project that holds every option at once, for `check --all`: each option becomes an extra
 * (`hpm-o<N>`), each 1-of-N group and each known conflicting set becomes a uv `conflicts` entry,
 * and options that fail on their own are left out. uv then resolves every allowed combination
 * in one universal lock (one fork per choice), so one `uv lock` proves them all, and a failure
 * names the extras, that is the options, that cannot go together. Pure.
 */
import type { PlannedEntry } from "../plan/plan.ts";
import type { EditOp } from "../pyproject/editor.ts";
import type { Group } from "../registry/types.ts";
import { type ConflictSet, optionKey, type OptionRef } from "./combinations.ts";

/** The options of the universal project, by extra name. */
export type ExtraMap = Map<string, OptionRef>;

/** Inputs of `universalOps`. */
export interface UniversalInput {
  groups: Group[];
  /** Planned entries of every option of the groups, by `group/option`. */
  entries: Map<string, PlannedEntry>;
  /** Sets already known to conflict: singletons are left out, larger ones declared. */
  known: ConflictSet[];
}

/** The extra that stands for an option (stable for one run: the option's index). */
export function extraNames(groups: Group[]): ExtraMap {
  const extras: ExtraMap = new Map();
  let index = 1;
  for (const group of groups) {
    for (const option of group.options) {
      extras.set(`hpm-o${index++}`, { group: group.name, option: option.name });
    }
  }
  return extras;
}

/** Editor operations turning the base project (no hpm options) into the universal one. */
export function universalOps(input: UniversalInput, extras: ExtraMap): EditOp[] {
  const excluded = new Set(
    input.known.filter((s) => s.options.length === 1).map((s) => optionKey(s.options[0])),
  );
  const extraOf = new Map([...extras].map(([extra, ref]) => [optionKey(ref), extra]));
  const ops: EditOp[] = [];
  const sources = new Set<string>();
  for (const [extra, ref] of extras) {
    const entry = input.entries.get(optionKey(ref));
    if (!entry || excluded.has(optionKey(ref))) continue;
    ops.push({
      op: "set",
      path: ["project", "optional-dependencies", extra],
      value: [entry.requirement],
    });
    if (entry.uvSource && !sources.has(entry.distribution)) {
      sources.add(entry.distribution);
      ops.push({
        op: "set",
        path: ["tool", "uv", "sources", entry.distribution],
        value: entry.uvSource,
      });
    }
    if (entry.index) {
      ops.push({
        op: "arrayOfTablesAppend",
        path: ["tool", "uv", "index"],
        entries: { name: entry.index.name, url: entry.index.url, explicit: true },
      });
    }
  }
  const declare = (refs: OptionRef[]) => {
    const names = refs
      .filter((ref) => !excluded.has(optionKey(ref)) && input.entries.has(optionKey(ref)))
      .map((ref) => extraOf.get(optionKey(ref)))
      .filter((name): name is string => name !== undefined);
    if (names.length >= 2) {
      ops.push({
        op: "arrayPush",
        path: ["tool", "uv", "conflicts"],
        value: names.map((extra) => ({ extra })),
      });
    }
  };
  for (const group of input.groups) {
    if (group.strategy === "1-of-N" || group.max === 1) {
      declare(group.options.map((o) => ({ group: group.name, option: o.name })));
    }
  }
  for (const set of input.known) if (set.options.length > 1) declare(set.options);
  return ops;
}

/** The options a uv failure text names through their extras (`project[hpm-o3]`). */
export function optionsNamed(text: string, extras: ExtraMap): OptionRef[] {
  const found = new Map<string, OptionRef>();
  for (const match of text.matchAll(/\[(hpm-o\d+)\]/g)) {
    const ref = extras.get(match[1]);
    if (ref) found.set(optionKey(ref), ref);
  }
  const order = [...extras.values()].map(optionKey);
  return [...found.values()].sort((a, b) =>
    order.indexOf(optionKey(a)) - order.indexOf(optionKey(b))
  );
}
