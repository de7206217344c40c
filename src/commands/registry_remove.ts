/**
 * `hpm registry remove NAME`: delete a package manifest. Refused (exit 2) while a group offers
 * the package or the project selects it, naming each; `--force` removes it anyway and warns.
 */
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine } from "../execute/plan.ts";
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { normalizeName } from "../names.ts";
import { displayPath, joinPath } from "../paths.ts";
import { yamlFilesByName } from "../prompts/registry_facts.ts";
import { didYouMean } from "../suggest.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";
import { loadContext } from "./context.ts";
import type { OptionRef } from "../registry/types.ts";
import { type Commit, registryEdit, see, withRegistryWrites } from "./registry_writes.ts";

/** `hpm registry remove --json`, and what the text output says. */
export interface RegistryRemoveJson {
  ok: true;
  name: string;
  /** The manifest's path. */
  file: string;
  removed: true;
  /** Groups that offered it (removed anyway: --force). */
  offeredBy: string[];
  /** Groups the project selects it in. */
  selectedIn: string[];
  /** The project's choices that imply it. */
  impliedBy: OptionRef[];
  /** The project's pyproject.toml as shown, when it selects the package. */
  pyproject?: string;
  dryRun: boolean;
  /** With --dry-run: the manifest's removal as a diff. */
  diff?: string;
}

type Input = InputOf<"registry_remove">;

/** Runs `hpm registry remove`. */
export async function run(input: Input): Promise<Outcome<RegistryRemoveJson>> {
  return await withRegistryWrites(input, false, (commit) => remove(input, commit));
}

/** Why the package is in use, one phrase each (`pyproject`: where the project selects it). */
function inUse(
  uses: Pick<RegistryRemoveJson, "offeredBy" | "selectedIn" | "impliedBy">,
  pyproject: string | undefined,
): string[] {
  return [
    ...uses.offeredBy.map((group) => `group '${group}' offers it`),
    ...uses.selectedIn.map((group) => `the project selects it in group '${group}' (${pyproject})`),
    ...uses.impliedBy.map((by) =>
      `the project's choice '${by.option}' (group '${by.group}') implies it`
    ),
  ];
}

async function remove(input: Input, commit: Commit): Promise<Outcome<RegistryRemoveJson>> {
  const name = input.args.name;
  const force = input.options.force === true;
  const { registry, project } = await loadContext(input, {
    project: false,
    strict: false,
    report: false,
  });
  const files = yamlFilesByName(joinPath(registry.root, "packages"));
  const file = registry.packages.get(name)?.file ?? files.get(normalizeName(name));
  const stem = file?.slice(file.lastIndexOf("/") + 1).replace(/\.ya?ml$/, "");
  if (!file) {
    const near = didYouMean(name, registry.packages.keys());
    throw new HpmError(`no package '${name}' in the registry at ${displayPath(registry.root)}`, {
      code: "package-not-found",
      hint: near ? `did you mean '${near}'?` : "'hpm registry list' lists the packages",
    });
  }
  if (stem !== name) {
    throw new HpmError(`no package '${name}'; the registry has '${stem}'`, {
      code: "package-not-found",
      hint: `did you mean '${stem}'?`,
    });
  }
  const offeredBy = [...registry.groups.values()]
    .filter((group) => group.options.some((option) => option.name === name))
    .map((group) => group.name);
  const selections = project?.view.hpm.groups ?? Object.create(null);
  const selectedIn = Object.entries(selections)
    .filter(([, value]) => [value].flat().includes(name))
    .map(([group]) => group);
  // An option the selection implies is installed as surely as one it records.
  const impliedBy = [
    ...effectiveSelection(registry.groups, normalizeSelection(selections)).implied.values(),
  ].filter((choice) => choice.option === name).map((choice) => choice.by);
  const pyproject = project && selectedIn.length ? displayPath(project.pyprojectPath) : undefined;
  const reasons = inUse({ offeredBy, selectedIn, impliedBy }, pyproject);
  if (reasons.length > 0 && !force) {
    const steps = [
      ...selectedIn.map((group) => `'hpm group remove ${group} --option ${name}'`),
      ...impliedBy.map((by) => `'hpm group remove ${by.group} --option ${by.option}'`),
      ...offeredBy.map((group) => `'hpm registry withdraw ${group} ${name}'`),
    ];
    throw new HpmError(`'${name}' is still in use: ${reasons.join("; ")}`, {
      code: "package-in-use",
      hint: `first ${steps.join(", then ")}; or pass --force to remove it anyway`,
      data: { offeredBy, selectedIn, impliedBy },
    });
  }
  const plan = { what: "hpm registry remove", edits: [registryEdit(file, see(file), null)] };
  const shown = await applyOrPreview(plan, input.options["dry-run"], commit);
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      name,
      file,
      removed: true,
      offeredBy,
      selectedIn,
      impliedBy,
      ...(pyproject !== undefined && { pyproject }),
      ...shown,
    },
  };
}

/** `hpm registry remove` in text. */
export function render(json: RegistryRemoveJson, _mode: RenderMode): Line[] {
  const lines: Line[] = json.dryRun
    ? [{ to: "data", text: json.diff ?? "" }]
    : [{ to: "success", text: `removed '${json.name}' (${displayPath(json.file)})` }];
  const reasons = inUse(json, json.pyproject);
  if (reasons.length > 0) {
    lines.push({
      to: "warn",
      text: `${json.dryRun ? "would remove it" : "removed"} while in use: ${reasons.join("; ")}`,
      hint:
        "the registry now names a package it does not have; 'hpm registry validate' shows where",
    });
  }
  if (json.dryRun) lines.push(dryRunLine());
  return lines;
}
