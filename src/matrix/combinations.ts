/**
 * The allowed combinations of a project's groups, and sets of options known to conflict.
 * Pure: no I/O, no uv.
 */
import type { Group, OptionRef } from "../registry/types.ts";
import type { Selection } from "../plan/selection.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { declaredConflicts } from "../registry/relations.ts";

export type { OptionRef } from "../registry/types.ts";

/** A set of options that cannot be selected together (a minimal conflicting set). */
export interface ConflictSet {
  options: OptionRef[];
  /** One line saying why, in the user's words. */
  reason: string;
  /** The project's own dependencies that take part (`fastembed>=0.4`), as written. */
  own?: string[];
  /** The sides of the conflict as JSON (`explanationJson` of src/uv/conflict.ts). */
  explanation?: Record<string, unknown>;
}

/** Stable key of an option: `group/option`. */
export function optionKey(ref: OptionRef): string {
  return `${ref.group}/${ref.option}`;
}

function subsets<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)];
}

/** The choices one group allows: each option (1-of-N), or subsets within min/max up to depth. */
export function groupChoices(group: Group, depth: number): string[][] {
  const names = group.options.map((o) => o.name);
  if (group.strategy === "1-of-N") return names.map((n) => [n]);
  const low = Math.max(1, group.min ?? 1);
  const high = Math.min(group.max ?? names.length, Math.max(depth, low), names.length);
  const choices: string[][] = [];
  for (let size = low; size <= high; size++) choices.push(...subsets(names, size));
  return choices;
}

/** Every allowed combination of the given groups (the cartesian product of their choices). */
export function allCombinations(groups: Group[], depth: number): Selection[] {
  let combinations: Selection[] = [new Map()];
  for (const group of groups) {
    const next: Selection[] = [];
    for (const combination of combinations) {
      for (const choice of groupChoices(group, depth)) {
        next.push(new Map([...combination, [group.name, choice]]));
      }
    }
    combinations = next;
  }
  return combinations;
}

/**
 * The combinations with their implications added (see plan/implications.ts): one whose
 * implications contradict it (an implied option where its 1-of-N group has another, or more
 * than an M-of-N group's `max`) is not allowed and is dropped; combinations that become equal
 * are kept once, in the first one's place.
 */
export function withImplications(
  combinations: Selection[],
  groups: ReadonlyMap<string, Group>,
): Selection[] {
  const kept: Selection[] = [];
  const seen = new Set<string>();
  for (const combination of combinations) {
    const effective = effectiveSelection(groups, combination);
    if (effective.problems.length) continue;
    const key = [...effective.selection]
      .map(([group, options]) => `${group}=${[...options].sort().join("+")}`)
      .sort()
      .join(" ");
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(effective.selection);
  }
  return kept;
}

/** Every option the combinations select, each once, in the order they first appear. */
export function optionsInPlay(combinations: Selection[]): Selection {
  const inPlay: Selection = new Map();
  for (const combination of combinations) {
    for (const [group, options] of combination) {
      const list = inPlay.get(group) ?? [];
      for (const option of options) if (!list.includes(option)) list.push(option);
      inPlay.set(group, list);
    }
  }
  return inPlay;
}

/**
 * The conflicts group files declare between options that some combination selects together,
 * as known conflicting sets (so that no uv run is spent on them).
 */
export function declaredSets(
  groups: ReadonlyMap<string, Group>,
  combinations: Selection[],
): ConflictSet[] {
  const refs = [...optionsInPlay(combinations)]
    .flatMap(([group, options]) => options.map((option) => ({ group, option })));
  const order = refs.map(optionKey);
  return declaredConflicts(groups, refs)
    .filter(({ a, b }) => combinations.some((c) => containsSet(c, [a, b])))
    .map(({ a, b, position }) => ({
      options: [a, b].sort((x, y) => order.indexOf(optionKey(x)) - order.indexOf(optionKey(y))),
      reason: `declared in ${position.file}:${position.line}: ${a.option} conflicts with ` +
        b.option,
    }));
}

/** The number of allowed combinations, without building them. */
export function countCombinations(groups: Group[], depth: number): number {
  return groups.reduce((n, g) => n * groupChoices(g, depth).length, 1);
}

/** True when the combination selects every option of the set. */
export function containsSet(combination: Selection, set: readonly OptionRef[]): boolean {
  return set.every((ref) => combination.get(ref.group)?.includes(ref.option) ?? false);
}

/** A combination as text: `adapter=adapter-a, metrics=m1+m2`. */
export function describeCombination(combination: Selection): string {
  return [...combination].map(([group, options]) => `${group}=${options.join("+")}`).join(", ");
}

/** Keeps only sets that contain no other set of the list (the minimal ones), sorted. */
export function minimalSets(sets: ConflictSet[]): ConflictSet[] {
  const keys = (s: ConflictSet) => new Set(s.options.map(optionKey));
  const minimal = sets.filter((set, i) => {
    const mine = keys(set);
    return !sets.some((other, j) => {
      if (i === j) return false;
      const theirs = keys(other);
      const subset = [...theirs].every((k) => mine.has(k));
      // A strictly smaller set, or an equal one listed earlier, makes this one redundant.
      return subset && (theirs.size < mine.size || j < i);
    });
  });
  const label = (s: ConflictSet) => s.options.map(optionKey).sort().join(" ");
  return minimal.sort((a, b) =>
    a.options.length - b.options.length || label(a).localeCompare(label(b))
  );
}
