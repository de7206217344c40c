/**
 * `hpm registry offer GROUP PACKAGE`: add an existing package to the options of an existing
 * group, keeping the group file's comments, order and formatting (the option is appended).
 */
import type { ParsedInput } from "../cli/spec.ts";
import { HpmError } from "../errors.ts";
import { appendOptionText } from "../registry/write_group.ts";
import { loadContext } from "./context.ts";
import {
  findOption,
  finishGroupEdit,
  requireGroupFile,
  requireManifest,
} from "./group_option_edit.ts";
import { type Commit, withRegistryWrites } from "./registry_writes.ts";

/** Runs `hpm registry offer`. */
export async function run(input: ParsedInput): Promise<number> {
  return await withRegistryWrites(input, false, (commit) => offer(input, commit));
}

async function offer(input: ParsedInput, commit: Commit): Promise<number> {
  // Another file with problems does not stop this edit; the group file itself must load.
  const { registry } = await loadContext(input, { project: false, strict: false, report: false });
  const file = requireGroupFile(registry, input.args.group!);
  const group = file.group;
  const pkg = requireManifest(registry, input.args.package!);
  const offered = findOption(group, pkg.name);
  if (offered !== undefined) {
    throw new HpmError(`group '${group.name}' already offers '${offered}'`, {
      code: "already-offered",
      hint: `nothing to do; 'hpm show ${group.name}' lists its options`,
    });
  }
  const description = typeof input.options.description === "string"
    ? input.options.description
    : undefined;
  const { text } = await appendOptionText(file.text, group.file, {
    name: pkg.name,
    ...(description && { description }),
  });
  return await finishGroupEdit(input, commit, {
    file,
    text,
    option: pkg.name,
    options: [...group.options.map((option) => option.name), pkg.name],
    done: `group '${group.name}' now offers '${pkg.name}'`,
    next: `next: 'hpm group add ${group.name} --option ${pkg.name}' to select it, then 'hpm sync'`,
  });
}
