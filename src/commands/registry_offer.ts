/**
 * `hpm registry offer GROUP PACKAGE`: add an existing package to the options of an existing
 * group, keeping the group file's comments, order and formatting (the option is appended).
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { HpmError } from "../errors.ts";
import { appendOptionText } from "../registry/write/group.ts";
import { loadContext } from "./context.ts";
import {
  findOption,
  finishGroupEdit,
  type GroupEditJson,
  renderGroupEdit,
  requireGroupFile,
  requireManifest,
} from "./group_option_edit.ts";
import { type Commit, withRegistryWrites } from "./registry_writes.ts";

type Input = InputOf<"registry_offer">;

/** Runs `hpm registry offer`. */
export async function run(input: Input): Promise<Outcome<GroupEditJson>> {
  return await withRegistryWrites(input, false, (commit) => offer(input, commit));
}

/** `hpm registry offer` in text. */
export function render(json: GroupEditJson, _mode: RenderMode): Line[] {
  const { group, option } = json;
  return renderGroupEdit(
    json,
    `group '${group}' now offers '${option}'`,
    `next: 'hpm group add ${group} --option ${option}' to select it, then 'hpm sync'`,
  );
}

async function offer(input: Input, commit: Commit): Promise<Outcome<GroupEditJson>> {
  // Another file with problems does not stop this edit; the group file itself must load.
  const { registry } = await loadContext(input, { project: false, strict: false, report: false });
  const file = requireGroupFile(registry, input.args.group);
  const group = file.group;
  const pkg = requireManifest(registry, input.args.package);
  const offered = findOption(group, pkg.name);
  if (offered !== undefined) {
    throw new HpmError(`group '${group.name}' already offers '${offered}'`, {
      code: "already-offered",
      hint: `nothing to do; 'hpm show ${group.name}' lists its options`,
    });
  }
  const description = input.options.description;
  const { text } = await appendOptionText(file.text, group.file, {
    name: pkg.name,
    ...(description && { description }),
  });
  return await finishGroupEdit(input, commit, {
    file,
    text,
    option: pkg.name,
    options: [...group.options.map((option) => option.name), pkg.name],
  });
}
