/**
 * Pure checks of `implies` and `conflicts` across a registry: references to unknown groups or
 * options, implication cycles (spelled out), and options whose implications can never be
 * selected (two options of one 1-of-N group, more than an M-of-N group's `max`, or a pair
 * declared conflicting). Every problem located in the group file.
 */
import type { Problem } from "../errors.ts";
import { formatLocation } from "../errors.ts";
import { didYouMean } from "../suggest.ts";
import {
  closureOf,
  declaredConflicts,
  describeReached,
  describeRef,
  type ImplicationGraph,
  implicationGraph,
  ownAt,
  type Reached,
  refKey,
} from "./relations.ts";
import type { Group, OptionRef, Position } from "./types.ts";

function problem(position: Position, message: string, hint?: string): Problem {
  const found: Problem = { ...position, message, severity: "error" };
  if (hint) found.hint = hint;
  return found;
}

function unknownReferences(
  groups: ReadonlyMap<string, Group>,
  problems: Problem[],
  unreadable: ReadonlySet<string>,
): void {
  let allNames: Set<string> | undefined;
  for (const group of groups.values()) {
    for (const option of group.options) {
      const at = option.relationsAt;
      if (!at) continue;
      const self = describeRef({ group: group.name, option: option.name });
      for (const [name, targets] of Object.entries(option.implies ?? {})) {
        const target = groups.get(name);
        if (!target && unreadable.has(name)) {
          problems.push(problem(
            ownAt(at.impliedGroups, name) ?? option.position,
            `${self} implies an option of group '${name}', whose file cannot be used`,
            `fix groups/${name}.yaml first ('hpm registry validate' lists its problems)`,
          ));
          continue;
        }
        if (!target) {
          const guess = didYouMean(name, groups.keys());
          problems.push(problem(
            ownAt(at.impliedGroups, name) ?? option.position,
            `${self} implies an option of unknown group '${name}'`,
            guess ? `did you mean '${guess}'?` : `groups: ${[...groups.keys()].join(", ")}`,
          ));
          continue;
        }
        const names = target.options.map((o) => o.name);
        for (const to of targets) {
          if (names.includes(to)) continue;
          const guess = didYouMean(to, names);
          problems.push(problem(
            ownAt(at.implied, `${name}/${to}`) ?? option.position,
            `${self} implies '${to}', which is not an option of group '${name}'`,
            guess ? `did you mean '${guess}'?` : `options of '${name}': ${names.join(", ")}`,
          ));
        }
      }
      for (const name of option.conflicts ?? []) {
        allNames ??= new Set([...groups.values()].flatMap((g) => g.options.map((o) => o.name)));
        if (allNames.has(name)) continue;
        const guess = didYouMean(name, allNames);
        problems.push(problem(
          ownAt(at.conflicts, name) ?? option.position,
          `${self} conflicts with '${name}', which is not an option of any group`,
          guess ? `did you mean '${guess}'?` : "name an option that a group offers",
        ));
      }
    }
  }
}

/** Every option in registry order, for stable reports. */
function allRefs(groups: ReadonlyMap<string, Group>): OptionRef[] {
  return [...groups.values()].flatMap((g) =>
    g.options.map((o) => ({ group: g.name, option: o.name }))
  );
}

/** One cycle per back edge of a depth-first walk, each node set reported once. */
function cycles(graph: ImplicationGraph, order: OptionRef[], problems: Problem[]): void {
  const rank = new Map(order.map((ref, i) => [refKey(ref), i]));
  const state = new Map<string, "open" | "done">();
  const stack: OptionRef[] = [];
  const reported = new Set<string>();
  const visit = (ref: OptionRef) => {
    const key = refKey(ref);
    state.set(key, "open");
    stack.push(ref);
    for (const edge of graph.get(key) ?? []) {
      const next = refKey(edge.to);
      if (state.get(next) === "open") {
        const start = stack.findIndex((r) => refKey(r) === next);
        report(stack.slice(start));
      } else if (!state.has(next)) visit(edge.to);
    }
    stack.pop();
    state.set(key, "done");
  };
  const report = (loop: OptionRef[]) => {
    const id = loop.map(refKey).sort().join(" ");
    if (reported.has(id)) return;
    reported.add(id);
    // Start at the option listed first in the registry.
    let first = 0;
    loop.forEach((r, i) => {
      if (rank.get(refKey(r))! < rank.get(refKey(loop[first]))!) first = i;
    });
    const cycle = [...loop.slice(first), ...loop.slice(0, first)];
    const next = cycle[1] ?? cycle[0];
    const edge = graph.get(refKey(cycle[0]))!.find((e) => refKey(e.to) === refKey(next))!;
    const spelled = cycle.length === 1
      ? `${describeRef(cycle[0])} implies itself`
      : [...cycle, cycle[0]].map(describeRef).join(" implies ");
    problems.push(problem(
      edge.position,
      `implication cycle: ${spelled}`,
      "an option cannot imply itself, directly or through others; remove one of these implications",
    ));
  };
  for (const ref of order) if (!state.has(refKey(ref))) visit(ref);
}

/** Pairs of reached options that can never be selected together, with a message each. */
function impossiblePairs(
  groups: ReadonlyMap<string, Group>,
  closure: Reached[],
): Array<{ keys: [string, string]; at: Reached; message: string }> {
  const found: Array<{ keys: [string, string]; at: Reached; message: string }> = [];
  const start = closure[0];
  const byGroup = new Map<string, Reached[]>();
  for (const reached of closure) {
    byGroup.set(reached.ref.group, [...(byGroup.get(reached.ref.group) ?? []), reached]);
  }
  for (const [name, members] of byGroup) {
    const group = groups.get(name)!;
    if (group.strategy === "1-of-N" && members.length >= 2) {
      const [p, q] = members;
      found.push({
        keys: [refKey(p.ref), refKey(q.ref)],
        at: q,
        message: p === start
          ? `${describeRef(start.ref)} implies ${describeReached(q)}, another option of its ` +
            `1-of-N group '${name}'`
          : `${describeRef(start.ref)} implies both ${describeReached(p)} and ` +
            `${describeReached(q)} of 1-of-N group '${name}'`,
      });
    } else if (group.strategy === "M-of-N" && group.max !== undefined) {
      if (members.length <= group.max) continue;
      const over = members[group.max];
      found.push({
        keys: [refKey(members[0].ref), refKey(over.ref)],
        at: over,
        message: `${describeRef(start.ref)} implies ${members.length} options of group ` +
          `'${name}' (${members.map(describeReached).join(", ")}), which allows at most ` +
          `${group.max}`,
      });
    }
  }
  const byKey = new Map(closure.map((r) => [refKey(r.ref), r]));
  for (const conflict of declaredConflicts(groups, closure.map((r) => r.ref))) {
    const a = byKey.get(refKey(conflict.a))!;
    const b = byKey.get(refKey(conflict.b))!;
    const declared = `declared at ${formatLocation(conflict.position)}`;
    found.push({
      keys: [refKey(a.ref), refKey(b.ref)],
      at: b === start ? a : b,
      message: a === start || b === start
        ? `${describeRef(start.ref)} implies ${describeReached(a === start ? b : a)} but ` +
          `conflicts with it (${declared})`
        : `${describeRef(start.ref)} implies ${describeReached(a)} and ${describeReached(b)}, ` +
          `but '${a.ref.option}' conflicts with '${b.ref.option}' (${declared})`,
    });
  }
  return found;
}

/**
 * Options whose implications cannot be selected. A pair already impossible for an option it
 * implies directly is reported there only.
 */
function contradictions(
  groups: ReadonlyMap<string, Group>,
  graph: ImplicationGraph,
  order: OptionRef[],
  problems: Problem[],
): void {
  const closures = new Map<string, Set<string>>();
  const keysOf = (ref: OptionRef) => {
    let keys = closures.get(refKey(ref));
    if (!keys) {
      keys = new Set(closureOf(graph, ref).map((r) => refKey(r.ref)));
      closures.set(refKey(ref), keys);
    }
    return keys;
  };
  for (const ref of order) {
    const direct = graph.get(refKey(ref));
    if (!direct) continue;
    for (const pair of impossiblePairs(groups, closureOf(graph, ref))) {
      const elsewhere = direct.some((edge) => {
        const keys = keysOf(edge.to);
        return keys.has(pair.keys[0]) && keys.has(pair.keys[1]);
      });
      if (elsewhere) continue;
      problems.push(problem(
        pair.at.first?.position ?? direct[0].position,
        pair.message,
        `such an option can never be selected; change its 'implies'`,
      ));
    }
  }
}

/**
 * Every problem of the registry's `implies` and `conflicts` (groups by name, first kept).
 * `unreadable`: names of group files that exist but could not be read (said as such).
 */
export function checkRelations(
  groups: ReadonlyMap<string, Group>,
  unreadable: ReadonlySet<string> = new Set(),
): Problem[] {
  const problems: Problem[] = [];
  unknownReferences(groups, problems, unreadable);
  const graph = implicationGraph(groups);
  if (graph.size === 0) return problems;
  const order = allRefs(groups);
  cycles(graph, order, problems);
  contradictions(groups, graph, order, problems);
  return problems;
}
