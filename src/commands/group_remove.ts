/** `hpm group remove GROUP [-o OPTION]...`: remove options, or a group's whole selection. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { whileLocked } from "../execute/lock.ts";
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine } from "../execute/plan.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { loadContext } from "./context.ts";
import { selectionPlan } from "./selection_edit.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";

/** `hpm group remove --json`, and what the text output says. */
export interface GroupRemoveJson {
  ok: true;
  group: string;
  removed: string[];
  /** What the group selects afterwards (null: nothing, its key is gone). */
  selection: string | string[] | null;
  changed: boolean;
  dryRun: boolean;
  diff?: string;
  /** pyproject.toml's path, as shown. */
  file: string;
}

/** Runs `hpm group remove`. */
export function run(input: InputOf<"group_remove">): Promise<Outcome<GroupRemoveJson>> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: InputOf<"group_remove">): Promise<Outcome<GroupRemoveJson>> {
  // A group that left the registry can still be removed from the selection.
  const context = await loadContext(input, { project: true, strict: false });
  const project = context.project!;
  const name = input.args.group;
  const current = project.view.hpm.groups[name];
  const options = input.options.option;
  // An implied option is not recorded: what implies it is what to remove.
  const impliedHint = (missing: string[]) => {
    const implied = [
      ...effectiveSelection(context.registry.groups, normalizeSelection(project.view.hpm.groups))
        .implied.values(),
    ].find((choice) => choice.group === name && missing.includes(choice.option));
    return implied &&
      `'${implied.option}' is implied by '${implied.by.option}' (group '${implied.by.group}'): ` +
        `remove that with 'hpm group remove ${implied.by.group} --option ${implied.by.option}'`;
  };
  if (current === undefined) {
    const selected = Object.keys(project.view.hpm.groups);
    throw new HpmError(`group '${name}' has no selection in [tool.hpm.groups]`, {
      hint: impliedHint(options ?? []) ??
        (selected.length ? `selected groups: ${selected.join(", ")}` : "nothing is selected"),
      code: "not-selected",
    });
  }
  const currentList = [current].flat();
  let next: string | string[] | undefined;
  if (options?.length) {
    const missing = options.filter((o) => !currentList.includes(o));
    if (missing.length) {
      throw new HpmError(`group '${name}' does not select ${missing.join(", ")}`, {
        hint: impliedHint(missing) ?? `it selects: ${currentList.join(", ")}`,
        code: "not-selected",
      });
    }
    const rest = currentList.filter((o) => !options.includes(o));
    const group = context.registry.groups.get(name);
    if (rest.length > 0 && group?.min !== undefined && rest.length < group.min) {
      throw new HpmError(
        `removing would leave group '${name}' with ${rest.length} option(s); it needs at least ${group.min}`,
        {
          hint:
            `add another option first, or remove the whole selection: 'hpm group remove ${name}'`,
        },
      );
    }
    next = rest.length === 0 ? undefined : typeof current === "string" ? rest[0] : rest;
  }
  const plan = await selectionPlan("hpm group remove", project, name, next);
  const shown = await applyOrPreview(plan, input.options["dry-run"]);
  const [edit] = plan.edits;
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      group: name,
      removed: options?.length ? options : currentList,
      selection: next ?? null,
      changed: edit.text !== edit.read,
      ...shown,
      file: displayPath(project.pyprojectPath),
    },
  };
}

/** `hpm group remove` in text. */
export function render(json: GroupRemoveJson, _mode: RenderMode): Line[] {
  const removed = json.removed.map((o) => style.bold(o)).join(", ");
  if (json.dryRun) {
    return [
      { to: "data", text: json.diff || `# ${json.file}: nothing to change` },
      dryRunLine(),
    ];
  }
  return [
    {
      to: "success",
      text: `removed ${removed} from group '${json.group}'` +
        (json.selection === null ? "; nothing is selected in it now" : ""),
    },
    { to: "info", text: style.dim("next: 'hpm sync' to uninstall it") },
  ];
}
