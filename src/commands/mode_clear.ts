/** `hpm mode clear PACKAGE | --all`: remove per-package modes from `[tool.hpm.modes]`. */
import type { ParsedInput } from "../cli/spec.ts";
import { unifiedDiff } from "../diff.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { info, isJsonMode, printData, printJson, style, success } from "../output.ts";
import { displayPath } from "../paths.ts";
import { loadContext } from "./context.ts";
import { whileLocked } from "../execute/lock.ts";
import { editModes, modeKeysFor, writeProjectText } from "./mode_write.ts";

/** Runs `hpm mode clear`. */
export function run(input: ParsedInput): Promise<number> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: ParsedInput): Promise<number> {
  const name = input.args.package;
  const all = input.options.all === true;
  if ((name === undefined) === !all) {
    throw new HpmError(
      all
        ? "'hpm mode clear' takes PACKAGE or --all, not both"
        : "'hpm mode clear' needs PACKAGE or --all",
      { hint: "e.g. 'hpm mode clear vlm-adapter-qwen', or 'hpm mode clear --all'" },
    );
  }
  // An entry naming a package the registry no longer has can be cleared too.
  const context = await loadContext(input, { project: true, strict: false });
  const project = context.project!;
  const modes = project.view.hpm.modes;
  const keys = all ? Object.keys(modes) : modeKeysFor(modes, name!);
  if (!all && keys.length === 0) {
    const entries = Object.entries(modes).map(([k, v]) => `${k} = "${v}"`);
    throw new HpmError(`[tool.hpm.modes] has no entry for '${name}'`, {
      code: "not-set",
      hint: entries.length
        ? `it has: ${entries.join(", ")}`
        : "[tool.hpm.modes] is empty: every package follows [tool.hpm] mode (default prod)",
    });
  }
  const file = displayPath(project.pyprojectPath);
  const text = editModes(project.text, file, keys.map((key) => [key, undefined] as const));
  const changed = text !== project.text;
  const dryRun = input.options["dry-run"] === true;
  if (!dryRun) await writeProjectText(project, text);
  const cleared = keys.map((key) => ({ key, mode: modes[key] }));
  const diff = unifiedDiff(project.text, text, "pyproject.toml");
  if (isJsonMode()) {
    printJson({ ok: true, cleared, changed, dryRun, ...(dryRun && { diff }) });
    return ExitCode.Success;
  }
  const follows = project.view.hpm.mode
    ? `[tool.hpm] mode (${project.view.hpm.mode})`
    : "the default mode, prod";
  if (dryRun) {
    printData(diff || `# ${file}: [tool.hpm.modes] has no entries`);
    info(style.dim("dry run: nothing was written"));
  } else if (cleared.length === 0) {
    success("[tool.hpm.modes] has no entries; nothing changed");
  } else {
    success(
      `cleared ${cleared.map((c) => `${style.bold(c.key)} (was ${c.mode})`).join(", ")} ` +
        `from [tool.hpm.modes]; ${cleared.length === 1 ? "it follows" : "they follow"} ${follows}`,
    );
    info(style.dim("next: 'hpm sync' to install from that mode's sources"));
  }
  return ExitCode.Success;
}
