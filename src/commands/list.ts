/** `hpm list`: groups, strategy, options and the project's current selection. */
import type { ParsedInput } from "../cli/spec.ts";
import { isJsonMode, isQuiet, printData, printJson, style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { normalizeSelection } from "../plan/selection.ts";
import { groupToJson, oneLine, relationsText, relationsToJson } from "../registry/describe.ts";
import type { Group } from "../registry/types.ts";
import { loadContext } from "./context.ts";

/** Describes a group's rule in a few words: `1-of-N`, `M-of-N, 1 to 2`. */
export function strategyText(group: Group): string {
  if (group.strategy === "1-of-N") return "1-of-N";
  const bounds = group.min !== undefined && group.max !== undefined
    ? `, ${group.min} to ${group.max}`
    : group.min !== undefined
    ? `, at least ${group.min}`
    : group.max !== undefined
    ? `, at most ${group.max}`
    : "";
  return `M-of-N${bounds}`;
}

/** The line under `list` and `show` explaining the marks. */
export function selectionLegend(anyImplied: boolean): string {
  return style.dim(
    "* selected in pyproject.toml" + (anyImplied ? ", + implied by a selected option" : ""),
  );
}

/** Runs `hpm list`. */
export async function run(input: ParsedInput): Promise<number> {
  const { project, registry, location } = await loadContext(input, {
    project: false,
    strict: false,
  });
  const raw = project?.view.hpm.groups ?? Object.create(null);
  const groups = [...registry.groups.values()];
  const { implied } = effectiveSelection(registry.groups, normalizeSelection(raw));
  const isImplied = (group: Group, option: string) => implied.has(`${group.name}/${option}`);
  if (isJsonMode()) {
    printJson({
      ok: true,
      registry: location.root,
      project: project?.root ?? null,
      groups: groups.map((group) => {
        const selected = new Set([raw[group.name] ?? []].flat());
        return {
          ...groupToJson(group),
          selection: raw[group.name] ?? null,
          options: group.options.map((o) => ({
            name: o.name,
            description: o.description ?? null,
            selected: selected.has(o.name),
            implied: isImplied(group, o.name),
            ...relationsToJson(o),
          })),
        };
      }),
    });
    return 0;
  }
  if (groups.length === 0) {
    printData(`no groups in the registry at ${displayPath(location.root)}`);
    return 0;
  }
  const lines: string[] = [];
  for (const group of groups) {
    const selected = new Set([raw[group.name] ?? []].flat());
    const description = group.description ? `  ${style.dim(oneLine(group.description))}` : "";
    lines.push(`${style.bold(group.name)} (${strategyText(group)})${description}`);
    const width = Math.max(...group.options.map((o) => o.name.length));
    for (const option of group.options) {
      const mark = selected.has(option.name)
        ? style.green("*")
        : isImplied(group, option.name)
        ? style.green("+")
        : " ";
      const isDefault = group.default?.includes(option.name) ? " (default)" : "";
      const relations = relationsText(option);
      const text = [oneLine(option.description ?? ""), relations ? `[${relations}]` : ""]
        .filter(Boolean).join(" ") + isDefault;
      lines.push(
        `  ${mark} ${text ? option.name.padEnd(width) : option.name}${
          text ? "  " + style.dim(text) : ""
        }`,
      );
    }
  }
  const unknown = Object.keys(raw).filter((name) => !registry.groups.has(name));
  for (const name of unknown) {
    lines.push(
      `${style.bold(name)} ${style.red("(not in the registry)")}: ${[raw[name]].flat().join(", ")}`,
    );
  }
  // The legend explains marks, so it comes only with them (and not with --quiet: data only).
  if (!isQuiet() && (Object.keys(raw).length > 0 || implied.size > 0)) {
    lines.push(selectionLegend(implied.size > 0));
  }
  printData(lines.join("\n"));
  return 0;
}
