/**
 * What `hpm registry add` writes, planned on the files as they are read here: the manifest
 * (new, or an existing one with the new source) and, with a group, the group file offering it
 * (new, or the option appended). `addPlan` gives the files as a `WritePlan` for `execute`.
 */
import { normalizeName } from "../names.ts";
import { displayPath, joinPath, pathExists } from "../paths.ts";
import type { PackageAnswers } from "../prompts/package_flow.ts";
import { yamlFilesByName } from "../prompts/registry_facts.ts";
import { maskText } from "../redact.ts";
import type { Registry } from "../registry/types.ts";
import { appendOptionText, newGroupText } from "../registry/write/group.ts";
import { editPackageText, newPackageText } from "../registry/write/package.ts";
import type { FileEdit, WritePlan } from "../execute/plan.ts";
import { registryEdit, see } from "./registry_writes.ts";

/** The files `registry add` writes, and what each write is. */
export interface AddPlan {
  manifest: { edit: FileEdit; created: boolean };
  group?: { edit: FileEdit; name: string; created: boolean; added: boolean };
}

/** The file edits of `plan`: the manifest, and the group file when it changes. */
export function addPlan(plan: AddPlan): WritePlan {
  return {
    what: "hpm registry add",
    edits: [plan.manifest.edit, ...(plan.group?.added ? [plan.group.edit] : [])],
  };
}

/** Reads the files the answers change and plans their new texts. */
export async function planWrites(
  answers: PackageAnswers,
  registry: Registry,
  fileOf: (name: string) => string | undefined,
): Promise<AddPlan> {
  const existingFile = fileOf(answers.name);
  const file = existingFile ?? joinPath(registry.root, "packages", `${answers.name}.yaml`);
  let manifest: AddPlan["manifest"];
  if (answers.existing) {
    const current = Deno.readTextFileSync(file);
    const text = await editPackageText(current, file, {
      mode: answers.mode,
      source: answers.source,
      version: answers.version,
      description: answers.description,
    });
    manifest = { created: false, edit: registryEdit(file, { kind: "text", text: current }, text) };
  } else {
    // A new manifest, or (with --force) one replacing an unreadable file.
    const draft = {
      name: answers.name,
      version: answers.version,
      description: answers.description,
      sources: { [answers.mode]: answers.source },
    };
    const text = await newPackageText(draft, file);
    manifest = {
      created: existingFile === undefined,
      // A new file must still be absent when written (one made meanwhile is someone's work).
      edit: registryEdit(file, existingFile === undefined ? { kind: "absent" } : see(file), text),
    };
  }
  if (!answers.group) return { manifest };
  const name = answers.group.name;
  const groupsDir = joinPath(registry.root, "groups");
  const groupFile = yamlFilesByName(groupsDir).get(normalizeName(name)) ??
    joinPath(groupsDir, `${name}.yaml`);
  if (registry.groups.has(name) || pathExists(groupFile)) {
    const current = Deno.readTextFileSync(groupFile);
    const { text, added } = await appendOptionText(current, groupFile, { name: answers.name });
    const edit = registryEdit(groupFile, { kind: "text", text: current }, text);
    return { manifest, group: { name, edit, created: false, added } };
  }
  const text = await newGroupText({
    name,
    strategy: answers.group.strategy ?? "1-of-N",
    options: [{ name: answers.name }],
  }, groupFile);
  const edit = registryEdit(groupFile, { kind: "absent" }, text);
  return { manifest, group: { name, edit, created: true, added: true } };
}

/** What the plan writes, shown before "Write it?". */
export function summary(plan: AddPlan): string {
  const { manifest, group } = plan;
  const lines = [
    `${displayPath(manifest.edit.path)} (${manifest.created ? "new" : "updated"}):`,
    ...maskText(manifest.edit.text ?? "").trimEnd().split("\n").map((line) => "  " + line),
  ];
  const groupFile = group && displayPath(group.edit.path);
  if (group?.created) lines.push(`${groupFile} (new group offering it)`);
  else if (group?.added) lines.push(`${groupFile}: adds it as an option`);
  else if (group) lines.push(`${groupFile}: already offers it`);
  return lines.join("\n");
}
