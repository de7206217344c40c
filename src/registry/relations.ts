/**
 * The relations between options that group files declare: the implication graph (`implies`,
 * followed transitively) and declared conflicts (`conflicts`). Pure; shared by registry
 * validation, the effective selection and `check --all`.
 */
import type { Group, OptionRef, Position } from "./types.ts";

/** Stable key of an option: `group/option`. */
export function refKey(ref: OptionRef): string {
  return `${ref.group}/${ref.option}`;
}

/** One implication: the option implied, and where the implying option's file names it. */
export interface Implication {
  to: OptionRef;
  position: Position;
}

/** The direct implications of every option, by `group/option` (unknown targets left out). */
export type ImplicationGraph = Map<string, Implication[]>;

const graphs = new WeakMap<ReadonlyMap<string, Group>, ImplicationGraph>();

/**
 * The implication graph of the groups: only implications of an existing option of an existing
 * group (the others are problems `registry validate` reports). Computed once per registry.
 */
export function implicationGraph(groups: ReadonlyMap<string, Group>): ImplicationGraph {
  const cached = graphs.get(groups);
  if (cached) return cached;
  const graph: ImplicationGraph = new Map();
  for (const group of groups.values()) {
    for (const option of group.options) {
      if (!option.implies) continue;
      const edges: Implication[] = [];
      for (const [name, targets] of Object.entries(option.implies)) {
        const target = groups.get(name);
        if (!target) continue;
        for (const to of targets) {
          if (!target.options.some((o) => o.name === to)) continue;
          const position = ownAt(option.relationsAt?.implied, `${name}/${to}`) ?? option.position;
          edges.push({ to: { group: name, option: to }, position });
        }
      }
      if (edges.length) graph.set(refKey({ group: group.name, option: option.name }), edges);
    }
  }
  graphs.set(groups, graph);
  return graph;
}

/** An option reached by following implications, and how. */
export interface Reached {
  ref: OptionRef;
  /** The options in between, from the start (excluded) to this one (excluded). */
  via: OptionRef[];
  /** The start's own implication this one is reached through (undefined for the start). */
  first?: Implication;
}

/**
 * Everything `start` implies, transitively, in breadth-first order, the start itself first:
 * each option once, by its shortest chain.
 */
export function closureOf(graph: ImplicationGraph, start: OptionRef): Reached[] {
  const reached: Reached[] = [{ ref: start, via: [] }];
  const seen = new Set([refKey(start)]);
  for (let i = 0; i < reached.length; i++) {
    const current = reached[i];
    for (const edge of graph.get(refKey(current.ref)) ?? []) {
      const key = refKey(edge.to);
      if (seen.has(key)) continue;
      seen.add(key);
      reached.push({
        ref: edge.to,
        via: i === 0 ? [] : [...current.via, current.ref],
        first: current.first ?? edge,
      });
    }
  }
  return reached;
}

/** A declared conflict between two options, and where it is declared. */
export interface DeclaredConflict {
  /** The option whose `conflicts` names the other. */
  a: OptionRef;
  b: OptionRef;
  position: Position;
}

/**
 * The declared conflicts among `refs` (either side may declare it), each pair once, in the
 * order of `refs`.
 */
export function declaredConflicts(
  groups: ReadonlyMap<string, Group>,
  refs: readonly OptionRef[],
): DeclaredConflict[] {
  const byName = new Map<string, OptionRef[]>();
  for (const ref of refs) byName.set(ref.option, [...(byName.get(ref.option) ?? []), ref]);
  const found: DeclaredConflict[] = [];
  const pairs = new Set<string>();
  for (const a of refs) {
    const option = groups.get(a.group)?.options.find((o) => o.name === a.option);
    for (const name of option?.conflicts ?? []) {
      for (const b of byName.get(name) ?? []) {
        const pair = [refKey(a), refKey(b)].sort().join(" ");
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        found.push({
          a,
          b,
          position: ownAt(option!.relationsAt?.conflicts, name) ?? option!.position,
        });
      }
    }
  }
  return found;
}

/** `'name' (group 'g')`. */
export function describeRef(ref: OptionRef): string {
  return `'${ref.option}' (group '${ref.group}')`;
}

/** `'c'`, or `'c' (through 'b')` when reached through other options. */
export function describeReached(reached: Pick<Reached, "ref" | "via">): string {
  const through = reached.via.length
    ? ` (through ${reached.via.map((r) => `'${r.option}'`).join(", ")})`
    : "";
  return `'${reached.ref.option}'${through}`;
}

/**
 * `record[key]` when `key` is the record's own (a user's name such as `constructor` or
 * `toString` never reaches Object.prototype), else undefined.
 */
export function ownAt<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
