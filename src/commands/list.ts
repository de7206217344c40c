/** `hpm list`: groups, strategy, options and the project's current selection. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";
import {
  type GroupJson,
  groupToJson,
  oneLine,
  relationsText,
  relationsToJson,
} from "../registry/describe.ts";
import type { Strategy } from "../registry/types.ts";
import { loadContext } from "./context.ts";

/** A group's selection as pyproject.toml writes it: one option (1-of-N) or a list. */
export type SelectionValue = string | string[];

/** One option of a group in `hpm list --json`. */
export interface ListOptionJson {
  name: string;
  description: string | null;
  selected: boolean;
  implied: boolean;
  implies: Record<string, string[]>;
  conflicts: string[];
}

/** One group in `hpm list --json`. */
export interface ListGroupJson extends GroupJson {
  selection: SelectionValue | null;
  options: ListOptionJson[];
}

/** `hpm list --json`, and what the text output says. */
export interface ListJson {
  ok: true;
  registry: string;
  project: string | null;
  groups: ListGroupJson[];
  /** Groups [tool.hpm.groups] selects that the registry does not have. */
  unknownGroups: Array<{ name: string; selection: SelectionValue }>;
}

/** Describes a group's rule in a few words: `1-of-N`, `M-of-N, 1 to 2`. */
export function strategyText(
  group: { strategy: Strategy; min?: number | null; max?: number | null },
): string {
  if (group.strategy === "1-of-N") return "1-of-N";
  const min = group.min ?? undefined;
  const max = group.max ?? undefined;
  const bounds = min !== undefined && max !== undefined
    ? `, ${min} to ${max}`
    : min !== undefined
    ? `, at least ${min}`
    : max !== undefined
    ? `, at most ${max}`
    : "";
  return `M-of-N${bounds}`;
}

/** The line under `list` and `show` explaining the marks. */
export function selectionLegend(anyImplied: boolean): string {
  return style.dim(
    "* selected in pyproject.toml" + (anyImplied ? ", + implied by a selected option" : ""),
  );
}

/** The mark before an option: `*` selected, `+` implied by a selected option, else blank. */
export function selectionMark(option: { selected: boolean; implied: boolean }): string {
  return option.selected ? style.green("*") : option.implied ? style.green("+") : " ";
}

/** Runs `hpm list`. */
export async function run(input: InputOf<"list">): Promise<Outcome<ListJson>> {
  const { project, registry, location } = await loadContext(input, {
    project: false,
    strict: false,
  });
  const raw = project?.view.hpm.groups ?? Object.create(null);
  const { implied } = effectiveSelection(registry.groups, normalizeSelection(raw));
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      registry: location.root,
      project: project?.root ?? null,
      groups: [...registry.groups.values()].map((group) => {
        const selected = new Set([raw[group.name] ?? []].flat());
        return {
          ...groupToJson(group),
          selection: raw[group.name] ?? null,
          options: group.options.map((o) => ({
            name: o.name,
            description: o.description ?? null,
            selected: selected.has(o.name),
            implied: implied.has(`${group.name}/${o.name}`),
            ...relationsToJson(o),
          })),
        };
      }),
      unknownGroups: Object.keys(raw)
        .filter((name) => !registry.groups.has(name))
        .map((name) => ({ name, selection: raw[name] })),
    },
  };
}

/** `hpm list` in text: one block per group, each option marked, then the legend. */
export function render(json: ListJson, mode: RenderMode): Line[] {
  if (json.groups.length === 0) {
    return [{ to: "data", text: `no groups in the registry at ${displayPath(json.registry)}` }];
  }
  const lines: string[] = [];
  for (const group of json.groups) {
    const description = group.description ? `  ${style.dim(oneLine(group.description))}` : "";
    lines.push(`${style.bold(group.name)} (${strategyText(group)})${description}`);
    const width = Math.max(...group.options.map((o) => o.name.length));
    for (const option of group.options) {
      const isDefault = group.default?.includes(option.name) ? " (default)" : "";
      const relations = relationsText(option);
      const text = [oneLine(option.description ?? ""), relations ? `[${relations}]` : ""]
        .filter(Boolean).join(" ") + isDefault;
      lines.push(
        `  ${selectionMark(option)} ${text ? option.name.padEnd(width) : option.name}${
          text ? "  " + style.dim(text) : ""
        }`,
      );
    }
  }
  for (const { name, selection } of json.unknownGroups) {
    lines.push(
      `${style.bold(name)} ${style.red("(not in the registry)")}: ${[selection].flat().join(", ")}`,
    );
  }
  const anyImplied = json.groups.some((g) => g.options.some((o) => o.implied));
  const anySelected = json.unknownGroups.length > 0 ||
    json.groups.some((g) => g.selection !== null);
  // The legend explains marks, so it comes only with them (and not with --quiet: data only).
  if (!mode.quiet && (anySelected || anyImplied)) lines.push(selectionLegend(anyImplied));
  return [{ to: "data", text: lines.join("\n") }];
}
