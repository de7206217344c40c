/** `hpm group add GROUP [-o OPTION]...`: record a choice in `[tool.hpm.groups]`. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { whileLocked } from "../execute/lock.ts";
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine } from "../execute/plan.ts";
import { ExitCode, HpmError, type Problem } from "../errors.ts";
import { info, style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { missingSourceProblem, sourceFor } from "../plan/plan.ts";
import { fallbackLines } from "./entries.ts";
import { modeInput } from "./prepare.ts";
import { loadPrompter, terminalAvailable } from "../prompts/prompter.ts";
import { effectiveSelection, removeCommand, selectedConflicts } from "../plan/implications.ts";
import {
  checkGroupSelection,
  normalizeSelection,
  type Selection,
  withChoice,
} from "../plan/selection.ts";
import type { Group, OptionRef, Registry } from "../registry/types.ts";
import { loadContext, requireGroup } from "./context.ts";
import { requireUsable } from "./registry_report.ts";
import { selectionPlan } from "./selection_edit.ts";

function optionList(group: Group): string {
  return group.options.map((o) => o.name).join(", ");
}

async function chooseOptions(
  group: Group,
  given: string[] | undefined,
  json: boolean,
): Promise<string[]> {
  if (given?.length) return given;
  if (group.default?.length) {
    info(`no --option given: using the default of '${group.name}': ${group.default.join(", ")}`);
    return group.default;
  }
  if (terminalAvailable() && !json) {
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
  current: Selection,
  groupName: string,
  next: Selection,
): OptionRef[] {
  // The declared conflicts' problems, with the choices behind each side.
  const roots = new Map<Problem, [OptionRef, OptionRef]>();
  const problems = (selection: Selection) => {
    const effective = effectiveSelection(registry.groups, selection);
    const conflicts = selectedConflicts(registry.groups, effective.selection, effective.implied);
    for (const { problem, roots: sides } of conflicts) roots.set(problem, sides);
    return { effective, all: [...effective.problems, ...conflicts.map((c) => c.problem)] };
  };
  const before = new Set(problems(current).all.map((p) => p.message));
  const after = problems(next);
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
    const recorded = new Set(current.get(groupName) ?? []);
    const chosen = new Set((next.get(groupName) ?? []).filter((option) => !recorded.has(option)));
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

/** `hpm group add --json`, and what the text output says. */
export interface GroupAddJson {
  ok: true;
  group: string;
  strategy: Group["strategy"];
  /** The group's selection as recorded: a string for 1-of-N, a list for M-of-N. */
  selection: string | string[];
  changed: boolean;
  replaced: string[];
  implied: OptionRef[];
  /** The options the command selected (named in the text output). */
  selected: string[];
  /** Selected options without a source for the mode (sync and check refuse them then). */
  unavailable: Array<{ message: string; hint?: string }>;
  /** Selected options installed from their prod source, for want of one for the mode. */
  fallbacks: Array<{ option: string; fellBackFrom: string }>;
  dryRun: boolean;
  diff?: string;
  /** pyproject.toml's path, as shown. */
  file: string;
}

/** Runs `hpm group add`. */
export function run(input: InputOf<"group_add">): Promise<Outcome<GroupAddJson>> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: InputOf<"group_add">): Promise<Outcome<GroupAddJson>> {
  const context = await loadContext(input, { project: true, strict: true });
  const project = context.project!;
  const group = requireGroup(context.registry, input.args.group);
  const options = await chooseOptions(group, input.options.option, input.globals.json);
  const current = normalizeSelection(project.view.hpm.groups);
  const choice = withChoice(current, group, options);
  if ("problem" in choice) {
    throw new HpmError(choice.problem.message, { hint: choice.problem.hint });
  }
  const { before, after, replaced } = choice;

  requireUsable(context.registry, { groups: [group.name], packages: options });
  // Too few is fine while adding one at a time; check and sync report it.
  const problems = checkGroupSelection(group, after, context.registry, { min: false });
  if (problems.length > 0) {
    throw new HpmError(problems[0].message, { hint: problems[0].hint, code: "selection-invalid" });
  }

  const implied = checkImplications(context.registry, current, group.name, choice.selection);
  requireUsable(context.registry, {
    groups: implied.map((ref) => ref.group),
    packages: implied.map((ref) => ref.option),
  });

  // Recorded as the strategy reads: a hand-edited 1-of-N array becomes a string, an M-of-N
  // string a list.
  const next = group.strategy === "1-of-N" ? after[0] : after;
  const recorded = project.view.hpm.groups[group.name];
  const changed = JSON.stringify(recorded) !== JSON.stringify(next);
  const plan = changed
    ? await selectionPlan("hpm group add", project, group.name, next)
    : { what: "hpm group add", edits: [] };
  const shown = await applyOrPreview(plan, input.options["dry-run"]);

  // What the command selected: the newly added options or, when the change only rewrote what
  // was there (a hand-edited 1-of-N array cut down to one option, a string made a list), the
  // options asked for, which are all in the new selection.
  const added = after.filter((o) => !before.includes(o));
  const selected = added.length > 0 ? added : options.filter((o) => after.includes(o));
  // Recorded all the same (modes are a choice of the moment), but sync would refuse it now,
  // or install it from its prod source.
  const modes = modeInput(project.view);
  const fallbacks: Array<{ option: string; fellBackFrom: string }> = [];
  const unavailable: Array<{ message: string; hint?: string }> = [];
  for (const ref of [...selected.map((option) => ({ group: group.name, option })), ...implied]) {
    const pkg = context.registry.packages.get(ref.option);
    if (!pkg) continue;
    const source = sourceFor(pkg, modes);
    if (source.source) {
      if (source.fellBackFrom !== undefined) {
        fallbacks.push({ option: ref.option, fellBackFrom: source.fellBackFrom });
      }
      continue;
    }
    const problem = missingSourceProblem(pkg, ref.group, source, modes.strictModes);
    unavailable.push({ message: problem.message, hint: problem.hint });
  }
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      group: group.name,
      strategy: group.strategy,
      selection: next,
      changed,
      replaced,
      implied,
      selected,
      unavailable,
      fallbacks,
      ...shown,
      file: displayPath(project.pyprojectPath),
    },
  };
}

/** `hpm group add` in text. */
export function render(json: GroupAddJson, mode: RenderMode): Line[] {
  const lines: Line[] = [];
  const selection = [json.selection].flat().join(", ");
  if (json.dryRun) {
    lines.push({
      to: "data",
      text: json.diff || `# ${json.file}: '${json.group}' already selects ${selection}`,
    });
    lines.push(dryRunLine());
  } else if (!json.changed) {
    lines.push({
      to: "success",
      text: `'${json.group}' already selects ${selection}; nothing changed`,
    });
    return lines;
  } else {
    lines.push({
      to: "success",
      text: `selected ${
        json.selected.map((o) => style.bold(o)).join(", ")
      } in group '${json.group}'` +
        (json.replaced.length ? ` (replacing ${json.replaced.join(", ")})` : ""),
    });
  }
  if (json.implied.length) {
    lines.push({
      to: "info",
      text: `${json.dryRun ? "would also select" : "also selected"}, by implication: ${
        json.implied.map((o) => `${o.option} (${o.group})`).join(", ")
      }`,
    });
  }
  for (const problem of json.unavailable) {
    lines.push({
      to: "warn",
      text: `${problem.message}; sync and check will refuse it in that mode`,
      hint: problem.hint,
    });
  }
  for (const line of fallbackLines(json.fallbacks, mode.verbose)) {
    lines.push({ to: "info", text: line });
  }
  if (!json.dryRun) {
    lines.push({
      to: "info",
      text: style.dim("next: 'hpm check' to prove it resolves, 'hpm sync' to install it"),
    });
  }
  return lines;
}
