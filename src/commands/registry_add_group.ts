/** `hpm registry add-group [NAME]`: write a group of options (asks in a terminal, else flags). */
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine } from "../execute/plan.ts";
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { normalizeName } from "../names.ts";
import { info, style } from "../output.ts";
import { basename, displayPath, joinPath } from "../paths.ts";
import { collectGroupAnswers, type GroupFlags } from "../prompts/group_flow.ts";
import { confirmWrite, lazyPrompter, mayAsk } from "../prompts/prompter.ts";
import { yamlFilesByName } from "../prompts/registry_facts.ts";
import type { Strategy } from "../registry/types.ts";
import { newGroupText } from "../registry/write/group.ts";
import { loadContext } from "./context.ts";
import { type Commit, registryEdit, see, withRegistryWrites } from "./registry_writes.ts";

/** `hpm registry add-group --json`, and what the text output says. */
export interface RegistryAddGroupJson {
  ok: true;
  dryRun: boolean;
  /** With --dry-run: the group file's diff. */
  diff?: string;
  /** The group file's path. */
  file: string;
  created: boolean;
  group: {
    name: string;
    strategy: Strategy;
    description: string | null;
    options: string[];
    default: string[] | null;
    min: number | null;
    max: number | null;
  };
}

type Input = InputOf<"registry_add_group">;

function narrow(input: Input): GroupFlags {
  const { options } = input;
  return {
    name: input.args.name,
    strategy: options.strategy,
    options: options.option,
    default: options.default,
    description: options.description,
    min: options.min,
    max: options.max,
    force: options.force === true,
  };
}

/** Runs `hpm registry add-group`. */
export async function run(input: Input): Promise<Outcome<RegistryAddGroupJson>> {
  const flags = narrow(input);
  const noInput = !mayAsk(input);
  return await withRegistryWrites(
    input,
    !noInput,
    (commit) => write(flags, noInput, input, commit),
  );
}

async function write(
  flags: GroupFlags,
  noInput: boolean,
  input: Input,
  commit: Commit,
): Promise<Outcome<RegistryAddGroupJson>> {
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
  const prompter = lazyPrompter();
  const { draft, asked } = await collectGroupAnswers(
    flags,
    facts,
    noInput ? undefined : prompter,
  );
  const existing = files.get(normalizeName(draft.name));
  const file = existing ?? joinPath(groupsDir, `${draft.name}.yaml`);
  const text = await newGroupText(draft, file);
  // A new file must still be absent when written; a replaced one, as it is now.
  const edit = registryEdit(file, existing === undefined ? { kind: "absent" } : see(file), text);
  const dryRun = input.options["dry-run"] === true;
  if (asked && input.options.yes !== true && !dryRun) {
    // Part of asking, not the result: what "Write it?" is about.
    info(`${displayPath(file)} (${existing ? "replaced" : "new"}):`);
    info(text.trimEnd().split("\n").map((line) => "  " + line).join("\n"));
    await confirmWrite(await prompter());
  }
  const plan = { what: "hpm registry add-group", edits: [edit] };
  const shown = await applyOrPreview(plan, dryRun, commit);
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      ...shown,
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
    },
  };
}

/** `hpm registry add-group` in text. */
export function render(json: RegistryAddGroupJson, _mode: RenderMode): Line[] {
  if (json.dryRun) return [{ to: "data", text: json.diff ?? "" }, dryRunLine()];
  const { group } = json;
  return [
    {
      to: "success",
      text: `${json.created ? "added" : "replaced"} group ${style.bold(group.name)} ` +
        `(${group.strategy}) in ${displayPath(json.file)}: ${group.options.join(", ")}`,
    },
    {
      to: "info",
      text: style.dim(`next: 'hpm group add ${group.name}' to select an option, then 'hpm sync'`),
    },
  ];
}

function stemOf(file: string): string {
  return basename(file).replace(/\.ya?ml$/, "");
}
