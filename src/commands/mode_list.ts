/**
 * `hpm mode list`: each selected package's mode and where it comes from (`--mode`,
 * `[tool.hpm.modes]`, `[tool.hpm] mode`, the default), the packages that fall back to prod,
 * and `[tool.hpm.modes]` entries for packages that are not selected.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { style } from "../output.ts";
import { effectiveSelection, impliedByText } from "../plan/implications.ts";
import { FALLBACK_MODE, missingSourceProblem, type ModeFrom, sourceFor } from "../plan/plan.ts";
import { normalizeSelection } from "../plan/selection.ts";
import { normalizeName } from "../names.ts";
import { refKey } from "../registry/relations.ts";
import type { OptionRef } from "../registry/types.ts";
import { loadContext } from "./context.ts";
import { modeFromText } from "./modes.ts";
import { modeInput } from "./prepare.ts";

/** One selected package's mode. */
export interface ModeRow {
  group: string;
  option: string;
  /** The mode whose source is used (the one asked for when it has none and cannot fall back). */
  mode: string;
  modeFrom: ModeFrom;
  fellBackFrom: string | null;
  /** The modes its manifest has sources for. */
  modes: string[];
  /** The selected option that implies it, and the implied ones it goes through (`via`). */
  impliedBy: (OptionRef & { via: OptionRef[] }) | null;
  /** Why it has no source to use, when it has none. */
  error: string | null;
}

/** `hpm mode list --json`, and what the text output says. */
export interface ModeListJson {
  ok: true;
  modeFlag: string | null;
  projectMode: string | null;
  strictModes: "flag" | "project" | null;
  packages: ModeRow[];
  /** `[tool.hpm.modes]` entries of packages that are not selected. */
  unselected: Array<{ package: string; mode: string }>;
}

/** Runs `hpm mode list`. */
export async function run(input: InputOf<"mode_list">): Promise<Outcome<ModeListJson>> {
  const { project, registry } = await loadContext(input, { project: true, strict: false });
  const view = project!.view;
  const modes = modeInput(view, {
    mode: input.options.mode,
    strict: input.options["strict-modes"] === true,
  });
  const { selection, implied } = effectiveSelection(
    registry.groups,
    normalizeSelection(view.hpm.groups),
  );
  const rows: ModeRow[] = [];
  const selected = new Set<string>();
  for (const [group, options] of selection) {
    for (const option of options) {
      const pkg = registry.packages.get(option);
      if (!pkg) continue; // the selection's own problem, warned about by loadContext
      selected.add(normalizeName(pkg.name));
      const choice = sourceFor(pkg, modes);
      const by = implied.get(refKey({ group, option }));
      rows.push({
        group,
        option,
        mode: choice.mode,
        modeFrom: choice.from,
        fellBackFrom: choice.source ? choice.fellBackFrom ?? null : null,
        modes: Object.keys(pkg.sources),
        impliedBy: by
          ? {
            group: by.by.group,
            option: by.by.option,
            via: by.via.map((r) => ({ group: r.group, option: r.option })),
          }
          : null,
        error: choice.source
          ? null
          : missingSourceProblem(pkg, group, choice, modes.strictModes).message,
      });
    }
  }
  const unselected = Object.entries(view.hpm.modes)
    .filter(([name]) => !selected.has(normalizeName(name)))
    .map(([name, mode]) => ({ package: name, mode }));
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      modeFlag: modes.modeFlag ?? null,
      projectMode: view.hpm.mode ?? null,
      strictModes: modes.strictModes ?? null,
      packages: rows,
      unselected,
    },
  };
}

/** `hpm mode list` in text: one line per selected package, then the notes. */
export function render(json: ModeListJson, _mode: RenderMode): Line[] {
  const { packages: rows, unselected } = json;
  const lines: string[] = [];
  const names = rows.map((r) => `${r.group} = ${r.option}`);
  const width = Math.max(0, ...names.map((n) => n.length));
  const modeWidth = Math.max(0, ...rows.map((r) => r.mode.length));
  rows.forEach((row, i) => {
    const from = modeFromText(row.modeFrom);
    const why = row.error
      ? style.red(`no source: ${row.error}`)
      : row.fellBackFrom !== null
      ? style.yellow(`fallback: no ${row.fellBackFrom} source (${row.fellBackFrom} from ${from})`)
      : from;
    const note = row.impliedBy
      ? style.dim(` (implied by ${impliedByText({ by: row.impliedBy, via: row.impliedBy.via })})`)
      : "";
    lines.push(`${names[i].padEnd(width)}  ${row.mode.padEnd(modeWidth)}  ${why}${note}`);
  });
  if (rows.length === 0) lines.push("nothing is selected in [tool.hpm.groups]");
  if (unselected.length) {
    lines.push(
      style.dim(
        "[tool.hpm.modes] also sets, for packages not selected: " +
          unselected.map((u) => `${u.package} = ${u.mode}`).join(", "),
      ),
    );
  }
  const fellBack = rows.filter((r) => r.fellBackFrom !== null).length;
  if (fellBack && rows.length) {
    lines.push(style.dim(
      `${fellBack} of ${rows.length} use ${FALLBACK_MODE}, having no source for their mode ` +
        "(--strict-modes or [tool.hpm] strict-modes = true makes that an error)",
    ));
  }
  return [{ to: "data", text: lines.join("\n") }];
}
