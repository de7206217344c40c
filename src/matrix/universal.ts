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
  /** Planned entries of every option in play (implied ones included), by `group/option`. */
  entries: Map<string, PlannedEntry>;
  /** Sets already known to conflict: singletons are left out, larger ones declared. */
  known: ConflictSet[];
  /**
   * What each option brings along (itself first, then what it implies, transitively), by
   * `group/option`; an option not listed brings only itself.
   */
  closures?: Map<string, OptionRef[]>;
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

/**
 * The sets of extras uv must never combine. An extra stands for its option and everything the
 * option implies, so a forbidden set of options (a 1-of-N group, a known conflict) forbids
 * every set of extras that brings all of its options: one extra per option, among those whose
 * closure holds it. A set that one extra brings alone leaves that extra out (`excluded`).
 */
export function forbiddenExtras(
  input: UniversalInput,
  extras: ExtraMap,
): { declared: string[][]; excluded: Set<string> } {
  const closureOf = (ref: OptionRef) => input.closures?.get(optionKey(ref)) ?? [ref];
  const providers = new Map<string, string[]>();
  for (const [extra, ref] of extras) {
    if (!input.entries.has(optionKey(ref))) continue;
    for (const brought of closureOf(ref)) {
      const key = optionKey(brought);
      providers.set(key, [...(providers.get(key) ?? []), extra]);
    }
  }
  const excluded = new Set<string>();
  const candidates: string[][] = [];
  const sets: OptionRef[][] = [];
  for (const group of input.groups) {
    if (group.strategy !== "1-of-N" && group.max !== 1) continue;
    const refs = group.options.map((o) => ({ group: group.name, option: o.name }));
    const each = refs.map((ref) => providers.get(optionKey(ref)) ?? []);
    const own = each.flat();
    // Each option brought by one extra at most, and no extra bringing two: those extras
    // exclude each other, as the options do.
    if (each.every((list) => list.length <= 1) && own.length === new Set(own).size) {
      candidates.push(own);
    } else refs.forEach((a, i) => refs.slice(i + 1).forEach((b) => sets.push([a, b])));
  }
  for (const set of input.known) sets.push(set.options);
  for (const set of sets) {
    let choices: string[][] = [[]];
    for (const ref of set) {
      const options = providers.get(optionKey(ref)) ?? [];
      choices = choices.flatMap((chosen) => options.map((extra) => [...chosen, extra]));
    }
    for (const choice of choices) {
      const distinct = [...new Set(choice)];
      if (distinct.length === 1) excluded.add(distinct[0]);
      else candidates.push(distinct);
    }
  }
  const declared: string[][] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const names = candidate.filter((extra) => !excluded.has(extra));
    const key = [...names].sort().join(" ");
    if (names.length < 2 || seen.has(key)) continue;
    seen.add(key);
    declared.push(names);
  }
  return { declared, excluded };
}

/** Editor operations turning the base project (no hpm options) into the universal one. */
export function universalOps(input: UniversalInput, extras: ExtraMap): EditOp[] {
  const { declared, excluded } = forbiddenExtras(input, extras);
  const ops: EditOp[] = [];
  const sources = new Set<string>();
  const indexes = new Set<string>();
  for (const [extra, ref] of extras) {
    const entry = input.entries.get(optionKey(ref));
    if (!entry || excluded.has(extra)) continue;
    const brought = (input.closures?.get(optionKey(ref)) ?? [ref])
      .map((r) => input.entries.get(optionKey(r)))
      .filter((e): e is PlannedEntry => e !== undefined);
    ops.push({
      op: "set",
      path: ["project", "optional-dependencies", extra],
      value: [...new Set(brought.map((e) => e.requirement))],
    });
    for (const each of brought) {
      if (each.uvSource && !sources.has(each.distribution)) {
        sources.add(each.distribution);
        ops.push({
          op: "set",
          path: ["tool", "uv", "sources", each.distribution],
          value: each.uvSource,
        });
      }
      if (each.index && !indexes.has(each.index.name)) {
        indexes.add(each.index.name);
        ops.push({
          op: "arrayOfTablesAppend",
          path: ["tool", "uv", "index"],
          entries: { name: each.index.name, url: each.index.url, explicit: true },
        });
      }
    }
  }
  for (const names of declared) {
    ops.push({
      op: "arrayPush",
      path: ["tool", "uv", "conflicts"],
      value: names.map((extra) => ({ extra })),
    });
  }
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
