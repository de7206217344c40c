/** `hpm show GROUP`: each option with description, version and sources per mode. */
import type { ParsedInput } from "../cli/spec.ts";
import { isJsonMode, isQuiet, printData, printJson, style } from "../output.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";
import {
  describeSource,
  groupToJson,
  oneLine,
  packageToJson,
  relationsText,
  relationsToJson,
} from "../registry/describe.ts";
import { modeFor } from "../plan/plan.ts";
import { normalizeName } from "../names.ts";
import { shownVersion, sourceForMode } from "../registry/shown_version.ts";
import type { Package } from "../registry/types.ts";
import { loadContext, requireGroup } from "./context.ts";
import { type SourceChoice, sourceFor } from "../plan/plan.ts";
import { modeInput } from "./prepare.ts";
import { brokenFiles } from "../registry/broken.ts";
import { readLockedVersions } from "./locked.ts";
import { selectionLegend, strategyText } from "./list.ts";

/** Runs `hpm show GROUP`. */
export async function run(input: ParsedInput): Promise<number> {
  const { project, registry } = await loadContext(input, { project: false, strict: false });
  const group = requireGroup(registry, input.args.group!);
  const unusable = brokenFiles(registry.problems).packages;
  const raw = project?.view.hpm.groups ?? Object.create(null);
  const selected = new Set([raw[group.name] ?? []].flat());
  const { implied } = effectiveSelection(registry.groups, normalizeSelection(raw));
  const isImplied = (option: string) => implied.has(`${group.name}/${option}`);
  // The mode a selected (or implied) option is installed in, as check and sync choose it.
  const modes = project && modeInput(project.view);
  const inUse = (option: string): SourceChoice | undefined => {
    const pkg = registry.packages.get(option);
    if (!modes || !pkg || !(selected.has(option) || isImplied(option))) return undefined;
    return sourceFor(pkg, modes);
  };
  const locked = await readLockedVersions(project);
  const lockedOf = (pkg: Package) => locked?.get(normalizeName(pkg.name));
  // The version shown: uv.lock's, else what the source of the project's mode says.
  const versionOf = (pkg: Package) => {
    const { mode } = modeFor(pkg.name, {
      projectMode: project?.view.hpm.mode,
      packageModes: project?.view.hpm.modes ?? {},
    });
    return shownVersion(pkg, sourceForMode(pkg, mode), lockedOf(pkg));
  };
  if (isJsonMode()) {
    printJson({
      ok: true,
      group: {
        ...groupToJson(group),
        selection: project?.view.hpm.groups[group.name] ?? null,
        options: group.options.map((o) => {
          const pkg = registry.packages.get(o.name);
          return {
            name: o.name,
            description: o.description ?? pkg?.description ?? null,
            selected: selected.has(o.name),
            implied: isImplied(o.name),
            default: group.default?.includes(o.name) ?? false,
            ...relationsToJson(o),
            package: pkg ? packageToJson(pkg, lockedOf(pkg)) : null,
            mode: modeJson(inUse(o.name)),
          };
        }),
      },
    });
    return 0;
  }
  const lines = [`${style.bold(group.name)} (${strategyText(group)})`];
  if (group.description) lines.push(oneLine(group.description));
  for (const option of group.options) {
    const pkg = registry.packages.get(option.name);
    const mark = selected.has(option.name)
      ? style.green("*")
      : isImplied(option.name)
      ? style.green("+")
      : " ";
    const shown = pkg ? versionOf(pkg) : "";
    const version = shown ? ` ${shown}` : "";
    const isDefault = group.default?.includes(option.name) ? style.dim(" (default)") : "";
    const description = option.description ?? pkg?.description;
    lines.push(
      `  ${mark} ${style.bold(option.name)}${version}${isDefault}${
        description ? "  " + style.dim(oneLine(description)) : ""
      }`,
    );
    const relations = relationsText(option);
    if (relations) lines.push(`      ${relations}`);
    if (!pkg) {
      const file = unusable.get(option.name);
      lines.push(
        `      ${style.red(file ? `manifest cannot be used: ${file}` : "no package manifest")}`,
      );
      continue;
    }
    const choice = inUse(option.name);
    for (const [mode, source] of Object.entries(pkg.sources)) {
      const used = choice?.source && choice.mode === mode
        ? style.green(
          choice.fellBackFrom === undefined
            ? "  (in use)"
            : `  (in use: no ${choice.fellBackFrom} source)`,
        )
        : "";
      lines.push(`      ${mode}: ${describeSource(source, pkg)}${used}`);
    }
    if (choice && !choice.source) {
      lines.push(`      ${style.red(`no source for its mode, ${choice.mode}`)}`);
    }
  }
  const anyImplied = group.options.some((o) => isImplied(o.name));
  if (!isQuiet() && (selected.size > 0 || anyImplied)) lines.push(selectionLegend(anyImplied));
  printData(lines.join("\n"));
  return 0;
}

/** The mode an option is installed in, as JSON (null when it is not selected). */
function modeJson(choice: SourceChoice | undefined) {
  if (!choice) return null;
  return {
    mode: choice.mode,
    modeFrom: choice.from,
    fellBackFrom: choice.source ? choice.fellBackFrom ?? null : null,
    available: choice.source !== undefined,
  };
}
