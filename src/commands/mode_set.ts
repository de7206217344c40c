/** `hpm mode set PACKAGE MODE`: record a package's mode in `[tool.hpm.modes]`. */
import type { ParsedInput } from "../cli/spec.ts";
import { unifiedDiff } from "../diff.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { info, isJsonMode, printData, printJson, style, success, warn } from "../output.ts";
import { displayPath } from "../paths.ts";
import { didYouMean } from "../suggest.ts";
import { effectiveSelection } from "../plan/implications.ts";
import { FALLBACK_MODE } from "../plan/plan.ts";
import { normalizeSelection } from "../plan/selection.ts";
import { loadContext } from "./context.ts";
import { requireUsable } from "./registry_report.ts";
import { whileLocked } from "./locking.ts";
import { checkModeName, requirePackage } from "./modes.ts";
import { editModes, modeKeysFor, writeProjectText } from "./mode_write.ts";

/** Runs `hpm mode set`. */
export function run(input: ParsedInput): Promise<number> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: ParsedInput): Promise<number> {
  const context = await loadContext(input, { project: true, strict: true });
  const project = context.project!;
  const view = project.view;
  const pkg = requirePackage(context.registry, input.args.package!);
  requireUsable(context.registry, { packages: [pkg.name] });
  const mode = checkModeName(input.args.mode!);
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
  const text = editModes(project.text, file, [
    [key, mode],
    ...duplicates.map((k) => [k, undefined] as const),
  ]);
  const changed = text !== project.text;
  const dryRun = input.options["dry-run"] === true;
  if (!dryRun) await writeProjectText(project, text);
  const selected = [
    ...effectiveSelection(context.registry.groups, normalizeSelection(view.hpm.groups))
      .selection.values(),
  ].some((options) => options.includes(pkg.name));
  const diff = unifiedDiff(project.text, text, "pyproject.toml");
  if (isJsonMode()) {
    printJson({
      ok: true,
      package: pkg.name,
      key,
      mode,
      previous: previous ?? null,
      removedKeys: duplicates,
      fallsBackTo: fallsBack ? FALLBACK_MODE : null,
      selected,
      changed,
      dryRun,
      ...(dryRun && { diff }),
    });
    return ExitCode.Success;
  }
  if (dryRun) {
    printData(diff || `# ${file}: [tool.hpm.modes] already gives ${key} = "${mode}"`);
    info(style.dim("dry run: nothing was written"));
  } else if (!changed) {
    success(`[tool.hpm.modes] already gives ${key} = "${mode}"; nothing changed`);
  } else {
    success(
      `${style.bold(pkg.name)}: mode ${mode} in [tool.hpm.modes]` +
        (previous !== undefined ? ` (was ${previous})` : ""),
    );
  }
  if (duplicates.length) {
    info(
      `${dryRun ? "would remove" : "removed"} ${
        duplicates.join(", ")
      }: another spelling of '${pkg.name}' in [tool.hpm.modes]`,
    );
  }
  if (fallsBack) {
    warn(
      `'${pkg.name}' has no '${mode}' source, so it uses its ${FALLBACK_MODE} source ` +
        `(it has: ${modes.join(", ")})`,
      `add one with 'hpm registry add --name ${pkg.name} --mode ${mode} ...'`,
    );
  }
  if (!dryRun && changed) {
    info(style.dim(
      selected
        ? "next: 'hpm sync' to install it from that source (a --mode given to a command wins)"
        : `'${pkg.name}' is not selected; the mode applies once it is`,
    ));
  }
  return ExitCode.Success;
}
