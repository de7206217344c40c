/** `hpm registry add-group [NAME]`: write a group of options (asks in a terminal, else flags). */
import type { ParsedInput } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { normalizeName } from "../names.ts";
import { info, isJsonMode, printJson, style, success } from "../output.ts";
import { displayPath, joinPath } from "../paths.ts";
import { collectGroupAnswers, type GroupFlags } from "../prompts/group_flow.ts";
import { confirmWrite, loadPrompter, terminalAvailable } from "../prompts/prompter.ts";
import type { Prompter } from "../prompts/questions.ts";
import { yamlFilesByName } from "../prompts/registry_facts.ts";
import { newGroupText } from "../registry/write_group.ts";
import { loadContext } from "./context.ts";
import { type Commit, see, type Seen, withRegistryWrites } from "./registry_writes.ts";

function narrow(input: ParsedInput): GroupFlags {
  const text = (key: string) => {
    const value = input.options[key];
    return typeof value === "string" ? value : undefined;
  };
  const list = (key: string) => input.options[key] as string[] | undefined;
  return {
    name: input.args.name,
    strategy: text("strategy"),
    options: list("option"),
    default: list("default"),
    description: text("description"),
    min: text("min"),
    max: text("max"),
    force: input.options.force === true,
  };
}

/** Runs `hpm registry add-group`. */
export async function run(input: ParsedInput): Promise<number> {
  const flags = narrow(input);
  const noInput = input.options["no-input"] === true || isJsonMode() || !terminalAvailable();
  return await withRegistryWrites(
    input,
    !noInput,
    (commit) => write(flags, noInput, input, commit),
  );
}

async function write(
  flags: GroupFlags,
  noInput: boolean,
  input: ParsedInput,
  commit: Commit,
): Promise<number> {
  const context = await loadContext(input, { project: false, strict: false, report: false });
  const registry = context.registry;
  const groupsDir = joinPath(registry.root, "groups");
  const files = yamlFilesByName(groupsDir);
  const facts = {
    // A group file that exists but cannot be read still counts as taken.
    groups: [...new Set([...registry.groups.keys(), ...[...files.values()].map(stemOf)])],
    packages: [...registry.packages.values()].map((pkg) => ({
      name: pkg.name,
      description: pkg.description,
    })),
  };
  let prompter: Prompter | undefined;
  const getPrompter = async () => (prompter ??= await loadPrompter());
  const { draft, asked } = await collectGroupAnswers(
    flags,
    facts,
    noInput ? undefined : getPrompter,
  );
  const existing = files.get(normalizeName(draft.name));
  const file = existing ?? joinPath(groupsDir, `${draft.name}.yaml`);
  // A new file must still be absent when written; a replaced one, as it is now.
  const seen: Seen = existing === undefined ? { kind: "absent" } : see(file);
  const text = await newGroupText(draft, file);
  if (asked && input.options.yes !== true) {
    info(`${displayPath(file)} (${existing ? "replaced" : "new"}):`);
    info(text.trimEnd().split("\n").map((line) => "  " + line).join("\n"));
    await confirmWrite(await getPrompter());
  }
  await commit([{ file, text, seen }]);
  if (isJsonMode()) {
    printJson({
      ok: true,
      file,
      created: existing === undefined,
      group: {
        name: draft.name,
        strategy: draft.strategy,
        description: draft.description ?? null,
        options: draft.options.map((option) => option.name),
        default: draft.default ?? null,
        min: draft.min ?? null,
        max: draft.max ?? null,
      },
    });
    return ExitCode.Success;
  }
  success(
    `${existing ? "replaced" : "added"} group ${style.bold(draft.name)} (${draft.strategy}) in ` +
      `${displayPath(file)}: ${draft.options.map((option) => option.name).join(", ")}`,
  );
  info(style.dim(`next: 'hpm group add ${draft.name}' to select an option, then 'hpm sync'`));
  return ExitCode.Success;
}

function stemOf(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1).replace(/\.ya?ml$/, "");
}
