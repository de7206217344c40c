/** `hpm mode set PACKAGE MODE`: record a package's mode in `[tool.hpm.modes]`. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { didYouMean } from "../suggest.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { FALLBACK_MODE } from "../plan/plan.ts";
import { normalizeSelection } from "../plan/selection.ts";
import { loadContext } from "./context.ts";
import { requireUsable } from "./registry_report.ts";
import { whileLocked } from "../execute/lock.ts";
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine, type WritePlan } from "../execute/plan.ts";
import { checkModeName, requirePackage } from "./modes.ts";
import { editModes, modeKeysFor } from "./mode_write.ts";

/** `hpm mode set --json`, and what the text output says. */
export interface ModeSetJson {
  ok: true;
  package: string;
  key: string;
  mode: string;
  previous: string | null;
  removedKeys: string[];
  fallsBackTo: string | null;
  selected: boolean;
  changed: boolean;
  dryRun: boolean;
  diff?: string;
  /** pyproject.toml's path, as shown. */
  file: string;
  /** The package's modes (for the fall-back warning). */
  modes: string[];
}

/** Runs `hpm mode set`. */
export function run(input: InputOf<"mode_set">): Promise<Outcome<ModeSetJson>> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: InputOf<"mode_set">): Promise<Outcome<ModeSetJson>> {
  const context = await loadContext(input, { project: true, strict: true });
  const project = context.project!;
  const view = project.view;
  const pkg = requirePackage(context.registry, input.args.package);
  requireUsable(context.registry, { packages: [pkg.name] });
  const mode = checkModeName(input.args.mode);
  const modes = Object.keys(pkg.sources);
  const fallsBack = pkg.sources[mode] === undefined;
  if (fallsBack) {
    // A mode no manifest has is almost always a typo (`dve`): writing it would only make the
    // package fall back to prod, silently.
    const known = new Set(
      [...context.registry.packages.values()].flatMap((p) => Object.keys(p.sources)),
    );
    if (!known.has(mode)) {
      const guess = didYouMean(mode, known);
      throw new HpmError(`no package in the registry has a source for mode '${mode}'`, {
        exitCode: ExitCode.Usage,
        code: "mode-unknown",
        hint: (guess ? `did you mean '${guess}'? ` : "") +
          `the registry's modes: ${[...known].sort().join(", ")}; '${pkg.name}' has: ${
            modes.join(", ")
          }`,
      });
    }
    const base = `package '${pkg.name}' has no source for mode '${mode}' (it has: ` +
      `${modes.join(", ")})`;
    const add = `add one: 'hpm registry add --name ${pkg.name} --mode ${mode} ...'`;
    if (pkg.sources[FALLBACK_MODE] === undefined) {
      throw new HpmError(`${base}, nor one for ${FALLBACK_MODE} to fall back to`, {
        code: "mode-unavailable",
        hint: `choose one of its modes (${modes.join(", ")}), or ${add}`,
      });
    }
    if (view.hpm.strictModes) {
      throw new HpmError(
        `${base}, and [tool.hpm] strict-modes = true keeps it from falling back to ` +
          FALLBACK_MODE,
        {
          code: "mode-unavailable",
          hint: `choose one of its modes (${modes.join(", ")}), or ${add}`,
        },
      );
    }
  }
  // The user's own spelling of the key is kept; other spellings of the same package would
  // contradict the new entry, so they go (and the output says so).
  const keys = modeKeysFor(view.hpm.modes, pkg.name);
  const key = keys[0] ?? pkg.name;
  const previous = keys.length ? view.hpm.modes[key] : undefined;
  const duplicates = keys.slice(1);
  const file = displayPath(project.pyprojectPath);
  const text = await editModes(project.text, file, [
    [key, mode],
    ...duplicates.map((k) => [k, undefined] as const),
  ]);
  const plan: WritePlan = {
    what: "hpm mode set",
    edits: [{ path: project.pyprojectPath, read: project.text, text, label: "pyproject.toml" }],
  };
  const shown = await applyOrPreview(plan, input.options["dry-run"]);
  const selected = [
    ...effectiveSelection(context.registry.groups, normalizeSelection(view.hpm.groups))
      .selection.values(),
  ].some((options) => options.includes(pkg.name));
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      package: pkg.name,
      key,
      mode,
      previous: previous ?? null,
      removedKeys: duplicates,
      fallsBackTo: fallsBack ? FALLBACK_MODE : null,
      selected,
      changed: text !== project.text,
      ...shown,
      file,
      modes,
    },
  };
}

/** `hpm mode set` in text. */
export function render(json: ModeSetJson, _mode: RenderMode): Line[] {
  const { key, mode, dryRun } = json;
  const lines: Line[] = [];
  if (dryRun) {
    lines.push({
      to: "data",
      text: json.diff || `# ${json.file}: [tool.hpm.modes] already gives ${key} = "${mode}"`,
    });
    lines.push(dryRunLine());
  } else if (!json.changed) {
    lines.push({
      to: "success",
      text: `[tool.hpm.modes] already gives ${key} = "${mode}"; nothing changed`,
    });
  } else {
    lines.push({
      to: "success",
      text: `${style.bold(json.package)}: mode ${mode} in [tool.hpm.modes]` +
        (json.previous !== null ? ` (was ${json.previous})` : ""),
    });
  }
  if (json.removedKeys.length) {
    lines.push({
      to: "info",
      text: `${dryRun ? "would remove" : "removed"} ${
        json.removedKeys.join(", ")
      }: another spelling of '${json.package}' in [tool.hpm.modes]`,
    });
  }
  if (json.fallsBackTo) {
    lines.push({
      to: "warn",
      text: `'${json.package}' has no '${mode}' source, so it uses its ${FALLBACK_MODE} source ` +
        `(it has: ${json.modes.join(", ")})`,
      hint: `add one with 'hpm registry add --name ${json.package} --mode ${mode} ...'`,
    });
  }
  if (!dryRun && json.changed) {
    lines.push({
      to: "info",
      text: style.dim(
        json.selected
          ? "next: 'hpm sync' to install it from that source (a --mode given to a command wins)"
          : `'${json.package}' is not selected; the mode applies once it is`,
      ),
    });
  }
  return lines;
}
