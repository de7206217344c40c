/** `hpm show GROUP`: each option with description, version and sources per mode. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { style } from "../output.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";
import {
  describeSource,
  type GroupJson,
  groupToJson,
  oneLine,
  type PackageJson,
  packageToJson,
  relationsText,
  relationsToJson,
} from "../registry/describe.ts";
import { modeFor, type ModeFrom, type SourceChoice, sourceFor } from "../plan/plan.ts";
import { normalizeName } from "../names.ts";
import { shownVersion, sourceForMode } from "../registry/shown_version.ts";
import type { Package } from "../registry/types.ts";
import { loadContext, requireGroup } from "./context.ts";
import { modeInput } from "./prepare.ts";
import { brokenFiles } from "../registry/broken.ts";
import { readLockedVersions } from "./locked.ts";
import { selectionLegend, selectionMark, type SelectionValue, strategyText } from "./list.ts";

/** The mode a selected (or implied) option is installed in (null when it is neither). */
export interface ModeJson {
  mode: string;
  modeFrom: ModeFrom;
  fellBackFrom: string | null;
  available: boolean;
}

/** One option of the group in `hpm show --json`. */
export interface ShowOptionJson {
  name: string;
  description: string | null;
  selected: boolean;
  implied: boolean;
  default: boolean;
  implies: Record<string, string[]>;
  conflicts: string[];
  package: PackageJson | null;
  mode: ModeJson | null;
  /** The version the text shows: uv.lock's, else the source of the project's mode's, else "". */
  shownVersion: string;
  /** Each mode's source in words (`local ../x (editable)`), in the manifest's order. */
  shownSources: Array<{ mode: string; text: string }>;
  /** The manifest file that exists but cannot be used, when `package` is null for that. */
  unusableManifest: string | null;
}

/** `hpm show --json`, and what the text output says. */
export interface ShowJson {
  ok: true;
  group: GroupJson & { selection: SelectionValue | null; options: ShowOptionJson[] };
}

/** Runs `hpm show GROUP`. */
export async function run(input: InputOf<"show">): Promise<Outcome<ShowJson>> {
  const { project, registry } = await loadContext(input, { project: false, strict: false });
  const group = requireGroup(registry, input.args.group);
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
  return {
    exitCode: ExitCode.Success,
    json: {
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
            shownVersion: pkg ? versionOf(pkg) : "",
            shownSources: Object.entries(pkg?.sources ?? {})
              .map(([mode, source]) => ({ mode, text: describeSource(source, pkg) })),
            unusableManifest: pkg ? null : unusable.get(o.name) ?? null,
          };
        }),
      },
    },
  };
}

/** The mode an option is installed in, as JSON (null when it is not selected). */
function modeJson(choice: SourceChoice | undefined): ModeJson | null {
  if (!choice) return null;
  return {
    mode: choice.mode,
    modeFrom: choice.from,
    fellBackFrom: choice.source ? choice.fellBackFrom ?? null : null,
    available: choice.source !== undefined,
  };
}

/** `hpm show GROUP` in text: each option, its relations, and its sources with the one in use. */
export function render({ group }: ShowJson, mode: RenderMode): Line[] {
  const lines = [`${style.bold(group.name)} (${strategyText(group)})`];
  if (group.description) lines.push(oneLine(group.description));
  for (const option of group.options) {
    const version = option.shownVersion ? ` ${option.shownVersion}` : "";
    const isDefault = option.default ? style.dim(" (default)") : "";
    lines.push(
      `  ${selectionMark(option)} ${style.bold(option.name)}${version}${isDefault}${
        option.description ? "  " + style.dim(oneLine(option.description)) : ""
      }`,
    );
    const relations = relationsText(option);
    if (relations) lines.push(`      ${relations}`);
    if (!option.package) {
      const file = option.unusableManifest;
      lines.push(
        `      ${style.red(file ? `manifest cannot be used: ${file}` : "no package manifest")}`,
      );
      continue;
    }
    const choice = option.mode;
    for (const source of option.shownSources) {
      const used = choice?.available && choice.mode === source.mode
        ? style.green(
          choice.fellBackFrom === null
            ? "  (in use)"
            : `  (in use: no ${choice.fellBackFrom} source)`,
        )
        : "";
      lines.push(`      ${source.mode}: ${source.text}${used}`);
    }
    if (choice && !choice.available) {
      lines.push(`      ${style.red(`no source for its mode, ${choice.mode}`)}`);
    }
  }
  const anySelected = [group.selection ?? []].flat().length > 0;
  const anyImplied = group.options.some((o) => o.implied);
  if (!mode.quiet && (anySelected || anyImplied)) lines.push(selectionLegend(anyImplied));
  return [{ to: "data", text: lines.join("\n") }];
}
