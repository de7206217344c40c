/** `hpm group remove GROUP [-o OPTION]...`: remove options, or a group's whole selection. */
import type { ParsedInput } from "../cli/spec.ts";
import { whileLocked } from "../execute/lock.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { info, isJsonMode, printJson, style, success } from "../output.ts";
import { loadContext } from "./context.ts";
import { writeSelection } from "./selection_write.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";

/** Runs `hpm group remove`. */
export function run(input: ParsedInput): Promise<number> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: ParsedInput): Promise<number> {
  // A group that left the registry can still be removed from the selection.
  const context = await loadContext(input, { project: true, strict: false });
  const project = context.project!;
  const name = input.args.group!;
  const current = project.view.hpm.groups[name];
  const options = input.options.option as string[] | undefined;
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
  await writeSelection(project, name, next);
  const removed = options?.length ? options : currentList;
  if (isJsonMode()) {
    printJson({ ok: true, group: name, removed, selection: next ?? null, changed: true });
    return ExitCode.Success;
  }
  success(`removed ${removed.map((o) => style.bold(o)).join(", ")} from group '${name}'`);
  info(style.dim("next: 'hpm sync' to uninstall it"));
  return ExitCode.Success;
}
