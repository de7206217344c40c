/** `hpm group add GROUP [-o OPTION]...`: record a choice in `[tool.hpm.groups]`. */
import type { ParsedInput } from "../cli/spec.ts";
import { whileLocked } from "../execute/lock.ts";
import { ExitCode, HpmError, type Problem } from "../errors.ts";
import { info, isJsonMode, printJson, style, success, warn } from "../output.ts";
import { missingSourceProblem, type PlannedEntry, sourceFor } from "../plan/plan.ts";
import { fallbackLines } from "./entries.ts";
import { modeInput } from "./prepare.ts";
import { loadPrompter, terminalAvailable } from "../prompts/prompter.ts";
import { effectiveSelection, removeCommand, selectedConflicts } from "../plan/implications.ts";
import {
  checkGroupSelection,
  normalizeSelection,
  type RawSelection,
  type Selection,
} from "../plan/selection.ts";
import type { Group, OptionRef, Registry } from "../registry/types.ts";
import { loadContext, requireGroup } from "./context.ts";
import { requireUsable } from "./registry_report.ts";
import { writeSelection } from "./selection_write.ts";

function optionList(group: Group): string {
  return group.options.map((o) => o.name).join(", ");
}

async function chooseOptions(group: Group, given: string[] | undefined): Promise<string[]> {
  if (given?.length) return given;
  if (group.default?.length) {
    info(`no --option given: using the default of '${group.name}': ${group.default.join(", ")}`);
    return group.default;
  }
  if (terminalAvailable() && !isJsonMode()) {
    const prompter = await loadPrompter();
    const choices = group.options.map((o) => ({ value: o.name, description: o.description }));
    if (group.strategy === "1-of-N") {
      return [await prompter.select({ message: `Option of '${group.name}' (1-of-N)`, choices })];
    }
    return await prompter.multiSelect({
      message: `Options of '${group.name}' (M-of-N)`,
      choices,
      validate: (picked) => picked.length > 0 || "pick at least one option",
    });
  }
  throw new HpmError(`'hpm group add ${group.name}' needs --option (the group has no default)`, {
    hint: `options of '${group.name}': ${optionList(group)}; e.g. 'hpm group add ${group.name} ` +
      `--option ${group.options[0]?.name ?? "OPTION"}'`,
    code: "option-required",
  });
}

/**
 * The options the group's new choice implies; refuses a choice whose implications contradict
 * the rest of the selection or that is declared conflicting with it (problems the selection
 * already had are left to check and sync).
 */
function checkImplications(
  registry: Registry,
  raw: RawSelection,
  groupName: string,
  next: string | string[],
): OptionRef[] {
  // The declared conflicts' problems, with the choices behind each side.
  const roots = new Map<Problem, [OptionRef, OptionRef]>();
  const problems = (selection: Selection) => {
    const effective = effectiveSelection(registry.groups, selection);
    const conflicts = selectedConflicts(registry.groups, effective.selection, effective.implied);
    for (const { problem, roots: sides } of conflicts) roots.set(problem, sides);
    return { effective, all: [...effective.problems, ...conflicts.map((c) => c.problem)] };
  };
  const before = new Set(problems(normalizeSelection(raw)).all.map((p) => p.message));
  const after = problems(normalizeSelection({ ...raw, [groupName]: next }));
  const fresh = after.all.filter((p) => !before.has(p.message));
  if (fresh.length > 0) {
    const first = fresh[0];
    // A declared conflict is located where the registry declares it, and its way out is not
    // to record the choice (nothing was): the hint of check and sync does not apply here.
    const sides = roots.get(first as Problem);
    if (!sides) throw new HpmError(first.message, { hint: first.hint, code: "selection-invalid" });
    const declared = first as Problem;
    // Of check's two ways out (deselect either side), the one for a side already recorded still
    // applies; the new side was never recorded.
    const recorded = new Set([raw[groupName] ?? []].flat());
    const chosen = new Set([next].flat().filter((option) => !recorded.has(option)));
    const removals = sides
      .filter((side) => !(side.group === groupName && chosen.has(side.option)))
      .map(removeCommand);
    throw new HpmError(
      `nothing recorded: the new choice of '${groupName}' meets a declared conflict`,
      {
        hint: removals.length
          ? `choose another option of '${groupName}', or first deselect what it conflicts ` +
            `with (${removals.join(" or ")})`
          : `choose options of '${groupName}' that do not conflict`,
        code: "selection-invalid",
        problems: [{ ...declared, hint: undefined }],
      },
    );
  }
  return [...after.effective.implied.values()]
    .filter((choice) => choice.by.group === groupName)
    .map(({ group, option }) => ({ group, option }));
}

/** Runs `hpm group add`. */
export function run(input: ParsedInput): Promise<number> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: ParsedInput): Promise<number> {
  const context = await loadContext(input, { project: true, strict: true });
  const project = context.project!;
  const group = requireGroup(context.registry, input.args.group!);
  const options = await chooseOptions(group, input.options.option as string[] | undefined);
  const current = project.view.hpm.groups[group.name];
  const currentList = current === undefined ? [] : [current].flat();

  let next: string | string[];
  let replaced: string[] = [];
  if (group.strategy === "1-of-N") {
    if (options.length > 1) {
      throw new HpmError(
        `group '${group.name}' is 1-of-N: choose one option, not ${options.length}`,
        {
          hint: `e.g. 'hpm group add ${group.name} --option ${options[0]}'`,
        },
      );
    }
    next = options[0];
    replaced = currentList.filter((o) => o !== next);
  } else {
    next = [...currentList];
    for (const option of options) if (!next.includes(option)) next.push(option);
  }

  const nextList = [next].flat();
  requireUsable(context.registry, { groups: [group.name], packages: options });
  // Too few is fine while adding one at a time; check and sync report it.
  const problems = checkGroupSelection(group, nextList, context.registry, { min: false });
  if (problems.length > 0) {
    throw new HpmError(problems[0].message, { hint: problems[0].hint, code: "selection-invalid" });
  }

  const implied = checkImplications(context.registry, project.view.hpm.groups, group.name, next);
  requireUsable(context.registry, {
    groups: implied.map((ref) => ref.group),
    packages: implied.map((ref) => ref.option),
  });

  const changed = JSON.stringify(current) !== JSON.stringify(next);
  if (changed) await writeSelection(project, group.name, next);
  if (isJsonMode()) {
    printJson({
      ok: true,
      group: group.name,
      strategy: group.strategy,
      selection: next,
      changed,
      replaced,
      implied,
    });
    return ExitCode.Success;
  }
  if (!changed) {
    success(`'${group.name}' already selects ${nextList.join(", ")}; nothing changed`);
    return ExitCode.Success;
  }
  // What the command selected: the newly added options or, when the change only rewrote what
  // was there (a hand-edited 1-of-N array cut down to one option, a string made a list), the
  // options asked for, which are all in the new selection.
  const added = nextList.filter((o) => !currentList.includes(o));
  const selected = added.length > 0 ? added : options.filter((o) => nextList.includes(o));
  success(
    `selected ${selected.map((o) => style.bold(o)).join(", ")} in group '${group.name}'` +
      (replaced.length ? ` (replacing ${replaced.join(", ")})` : ""),
  );
  if (implied.length) {
    info(
      `also selected, by implication: ${implied.map((o) => `${o.option} (${o.group})`).join(", ")}`,
    );
  }
  // Recorded all the same (modes are a choice of the moment), but sync would refuse it now,
  // or install it from its prod source.
  const modes = modeInput(project.view);
  const fallbacks: Array<Pick<PlannedEntry, "option" | "fellBackFrom">> = [];
  for (const ref of [...selected.map((option) => ({ group: group.name, option })), ...implied]) {
    const pkg = context.registry.packages.get(ref.option);
    if (!pkg) continue;
    const choice = sourceFor(pkg, modes);
    if (choice.source) {
      if (choice.fellBackFrom !== undefined) {
        fallbacks.push({ option: ref.option, fellBackFrom: choice.fellBackFrom });
      }
      continue;
    }
    const problem = missingSourceProblem(pkg, ref.group, choice, modes.strictModes);
    warn(`${problem.message}; sync and check will refuse it in that mode`, problem.hint);
  }
  for (const line of fallbackLines(fallbacks)) info(line);
  info(style.dim("next: 'hpm check' to prove it resolves, 'hpm sync' to install it"));
  return ExitCode.Success;
}
