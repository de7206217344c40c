/**
 * The project's selection (`[tool.hpm.groups]`), validated every time it is read: a hand edit
 * that breaks a group's rules is an error before anything runs. Pure.
 */
import { atKey, type Problem } from "../errors.ts";
import type { Group, Registry } from "../registry/types.ts";
import { didYouMean } from "../suggest.ts";

/** The raw `[tool.hpm.groups]` table: a string (1-of-N) or an array (M-of-N) per group. */
export type RawSelection = Record<string, string | string[]>;

/** A validated selection: group name -> selected option names, in the file's order. */
export type Selection = Map<string, string[]>;

/** Normalizes the raw table: strings become one-element lists. No validation. */
export function normalizeSelection(raw: RawSelection): Selection {
  const selection: Selection = new Map();
  for (const [group, value] of Object.entries(raw)) {
    selection.set(group, typeof value === "string" ? [value] : [...value]);
  }
  return selection;
}

function countText(n: number): string {
  return `${n} option${n === 1 ? "" : "s"}`;
}

/** Problems of one group's selected options against its rules (`min: false`: not the lower bound). */
export function checkGroupSelection(
  group: Group,
  options: string[],
  registry: Registry,
  rules: { min?: boolean } = {},
): Array<{ message: string; hint?: string }> {
  const problems: Array<{ message: string; hint?: string }> = [];
  const names = group.options.map((o) => o.name);
  const seen = new Set<string>();
  for (const option of options) {
    if (seen.has(option)) {
      problems.push({
        message: `group '${group.name}' selects '${option}' twice`,
        hint: `keep one '${option}'`,
      });
    }
    seen.add(option);
    if (!names.includes(option)) {
      const guess = didYouMean(option, names);
      problems.push({
        message: `'${option}' is not an option of group '${group.name}'`,
        hint: guess
          ? `did you mean '${guess}'?`
          : `options of '${group.name}': ${names.join(", ")}`,
      });
    } else if (!registry.packages.has(option)) {
      problems.push({
        message: `option '${option}' of group '${group.name}' has no package manifest`,
        hint: `create packages/${option}.yaml in the registry ('hpm registry validate' shows all)`,
      });
    }
  }
  if (group.strategy === "1-of-N" && options.length !== 1) {
    problems.push({
      message: `group '${group.name}' is 1-of-N but selects ${countText(options.length)}` +
        (options.length ? ` (${options.join(", ")})` : ""),
      hint: `keep exactly one, e.g. 'hpm group add ${group.name} --option ${
        options[0] ?? names[0]
      }'`,
    });
  }
  if (group.strategy === "M-of-N") {
    const count = seen.size;
    if (rules.min !== false && group.min !== undefined && count < group.min) {
      problems.push({
        message: `group '${group.name}' needs at least ${countText(group.min)}, selects ${count}`,
        hint: `add one with 'hpm group add ${group.name} --option OPTION'`,
      });
    }
    if (group.max !== undefined && count > group.max) {
      problems.push({
        message: `group '${group.name}' allows at most ${countText(group.max)}, selects ${count}`,
        hint: `select at most ${countText(group.max)} ('hpm group remove ${group.name} ` +
          "--option OPTION' drops a recorded one)",
      });
    }
  }
  return problems;
}

/** Every problem of a selection, each located in pyproject.toml. */
export function validateSelection(
  registry: Registry,
  selection: Selection,
  file: string,
): Problem[] {
  const problems: Problem[] = [];
  const at = (group: string) => atKey(file, ["tool", "hpm", "groups", group]);
  for (const [groupName, options] of selection) {
    const group = registry.groups.get(groupName);
    if (!group) {
      const guess = didYouMean(groupName, registry.groups.keys());
      problems.push({
        ...at(groupName),
        severity: "error",
        message: `[tool.hpm.groups] names unknown group '${groupName}'`,
        hint: guess
          ? `did you mean '${guess}'?`
          : `groups in the registry: ${[...registry.groups.keys()].join(", ") || "(none)"}`,
      });
      continue;
    }
    for (const problem of checkGroupSelection(group, options, registry)) {
      problems.push({ ...at(groupName), severity: "error", ...problem });
    }
  }
  return problems;
}

/** A group's new choice: the selection with it, or why it cannot be made. */
export type ChoiceResult =
  | {
    selection: Selection;
    /** The group's options before (in the file's order) and after the choice. */
    before: string[];
    after: string[];
    /** What a 1-of-N choice replaced (empty for M-of-N). */
    replaced: string[];
  }
  | { problem: { message: string; hint?: string } };

/**
 * The one rule of choosing (`hpm group add`, `hpm check --group`): a 1-of-N group takes exactly
 * one option, which replaces what it held; an M-of-N group keeps what it holds and gains each
 * new option once, in the order given. The group's other rules are checkGroupSelection's.
 */
export function withChoice(
  selection: Selection,
  group: Pick<Group, "name" | "strategy">,
  options: readonly string[],
): ChoiceResult {
  const before = selection.get(group.name) ?? [];
  let after: string[];
  if (group.strategy === "1-of-N") {
    if (options.length !== 1) {
      return {
        problem: {
          message: `group '${group.name}' is 1-of-N: choose one option, not ${options.length}`,
          hint: `e.g. 'hpm group add ${group.name} --option ${options[0] ?? "OPTION"}'`,
        },
      };
    }
    after = [options[0]];
  } else {
    after = [...before];
    for (const option of options) if (!after.includes(option)) after.push(option);
  }
  const next = new Map(selection);
  next.set(group.name, after);
  return {
    selection: next,
    before,
    after,
    replaced: group.strategy === "1-of-N" ? before.filter((o) => o !== after[0]) : [],
  };
}
