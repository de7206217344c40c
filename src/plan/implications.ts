/**
 * The effective selection: the recorded one plus every option it implies, transitively, and
 * the declared conflicts among what is selected. Pure.
 */
import type { Problem } from "../errors.ts";
import { declaredConflicts, describeRef, implicationGraph, refKey } from "../registry/relations.ts";
import type { Group, OptionRef } from "../registry/types.ts";
import type { Selection } from "./selection.ts";
import { plural } from "../plural.ts";

/** An option selected because another one implies it. */
export interface ImpliedChoice extends OptionRef {
  /** The recorded choice the chain starts from. */
  by: OptionRef;
  /** Options in between (`by` implies the first, the last implies this one). */
  via: OptionRef[];
}

/** A problem of the effective selection; `group` is the entry of pyproject.toml it concerns. */
export interface ImplicationProblem {
  group: string;
  message: string;
  hint?: string;
}

/** The recorded selection with its implications. */
export interface Effective {
  /** Recorded groups first (implied options appended), then groups only implied. */
  selection: Selection;
  /** The implied options, by `group/option` (recorded ones are never listed). */
  implied: Map<string, ImpliedChoice>;
  problems: ImplicationProblem[];
}

function chainText(choice: Pick<ImpliedChoice, "by" | "via">): string {
  return choice.via.length
    ? `${describeRef(choice.by)} (through ${choice.via.map((r) => `'${r.option}'`).join(", ")})`
    : describeRef(choice.by);
}

/** How an implied choice came about: `'a' (group 'g')` or with `(through 'b')`. */
export function impliedByText(choice: Pick<ImpliedChoice, "by" | "via">): string {
  return choice.via.length
    ? `${choice.by.option} via ${choice.via.map((r) => r.option).join(", ")}`
    : choice.by.option;
}

/**
 * Adds every implied option to `recorded`. A 1-of-N group takes an implied option only when
 * nothing else is chosen there: an implied choice that differs from the recorded one (or from
 * another implied one) is a problem naming both; an M-of-N group may not exceed its `max`.
 */
export function effectiveSelection(
  groups: ReadonlyMap<string, Group>,
  recorded: Selection,
): Effective {
  const graph = implicationGraph(groups);
  const selection: Selection = new Map([...recorded].map(([g, options]) => [g, [...options]]));
  const implied = new Map<string, ImpliedChoice>();
  const problems: ImplicationProblem[] = [];
  if (graph.size === 0) return { selection, implied, problems };
  const selected = new Set<string>();
  const queue: ImpliedChoice[] = [];
  for (const [group, options] of recorded) {
    for (const option of options) {
      const ref = { group, option };
      selected.add(refKey(ref));
      queue.push({ ...ref, by: ref, via: [] });
    }
  }
  const grown = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i];
    const here = { group: current.group, option: current.option };
    for (const edge of graph.get(refKey(here)) ?? []) {
      const key = refKey(edge.to);
      if (selected.has(key)) continue;
      const group = groups.get(edge.to.group)!;
      const choice: ImpliedChoice = {
        ...edge.to,
        by: current.by,
        via: implied.has(refKey(here)) ? [...current.via, here] : [],
      };
      const present = selection.get(group.name) ?? [];
      if (group.strategy === "1-of-N" && present.length > 0) {
        problems.push(contradiction(group, choice, present[0], recorded, implied));
        continue;
      }
      selected.add(key);
      selection.set(group.name, [...present, edge.to.option]);
      implied.set(key, choice);
      grown.add(group.name);
      queue.push(choice);
    }
  }
  for (const name of grown) {
    const group = groups.get(name)!;
    const options = selection.get(name)!;
    if (group.strategy !== "M-of-N" || group.max === undefined) continue;
    if (options.length <= group.max) continue;
    const added = options.filter((o) => implied.has(refKey({ group: name, option: o })));
    const first = implied.get(refKey({ group: name, option: added[0] }))!;
    problems.push({
      group: recorded.has(name) ? name : first.by.group,
      message:
        `group '${name}' allows at most ${plural(group.max, "option")}, but with the implied ` +
        `${added.map((o) => `'${o}'`).join(", ")} it has ${options.length} ` +
        `(${options.join(", ")})`,
      hint: `deselect one with 'hpm group remove ${name} --option OPTION', or the option that ` +
        `implies it (${chainText(first)})`,
    });
  }
  return { selection, implied, problems };
}

function contradiction(
  group: Group,
  choice: ImpliedChoice,
  present: string,
  recorded: Selection,
  implied: Map<string, ImpliedChoice>,
): ImplicationProblem {
  const wanted = `'${choice.option}' in 1-of-N group '${group.name}'`;
  const other = implied.get(refKey({ group: group.name, option: present }));
  if (!other || recorded.has(group.name)) {
    return {
      group: group.name,
      message: `${chainText(choice)} implies ${wanted}, but the selection chooses '${present}'`,
      hint: `choose '${choice.option}' ('hpm group add ${group.name} --option ${choice.option}'),` +
        ` or another option than '${choice.by.option}' in group '${choice.by.group}'`,
    };
  }
  return {
    group: choice.by.group,
    message: `${chainText(choice)} implies ${wanted}, but ${chainText(other)} implies ` +
      `'${present}' there`,
    hint: `choose either '${choice.by.option}' or '${other.by.option}'`,
  };
}

/** A declared conflict among selected options: its problem, and the recorded choice behind each side. */
export interface SelectedConflict {
  problem: Problem;
  /** What to deselect to drop each side: the option itself, or the choice that implies it. */
  roots: [OptionRef, OptionRef];
}

/**
 * Declared conflicts among the selected options, each located where it is declared in the
 * registry, naming both options, their groups and what implied them.
 */
export function conflictProblems(
  groups: ReadonlyMap<string, Group>,
  selection: Selection,
  implied: ReadonlyMap<string, ImpliedChoice>,
): Problem[] {
  return selectedConflicts(groups, selection, implied).map((c) => c.problem);
}

/** `conflictProblems`, each with the choices a user would deselect to resolve it. */
export function selectedConflicts(
  groups: ReadonlyMap<string, Group>,
  selection: Selection,
  implied: ReadonlyMap<string, ImpliedChoice>,
): SelectedConflict[] {
  const refs = [...selection].flatMap(([group, options]) =>
    options.map((option) => ({ group, option }))
  );
  const note = (ref: OptionRef) => {
    const choice = implied.get(refKey(ref));
    return choice ? `; '${ref.option}' is implied by ${chainText(choice)}` : "";
  };
  const rootOf = (ref: OptionRef) => implied.get(refKey(ref))?.by ?? ref;
  return declaredConflicts(groups, refs).map(({ a, b, position }) => {
    const roots: [OptionRef, OptionRef] = [rootOf(a), rootOf(b)];
    return {
      roots,
      problem: {
        ...position,
        severity: "error",
        message: `${describeRef(a)} conflicts with ${describeRef(b)}: they cannot be selected ` +
          `together${note(a)}${note(b)}`,
        hint: `deselect one: ${roots.map(removeCommand).join(" or ")}`,
      },
    };
  });
}

/** `'hpm group remove G --option O'`: the command that deselects a recorded choice. */
export function removeCommand(ref: OptionRef): string {
  return `'hpm group remove ${ref.group} --option ${ref.option}'`;
}
