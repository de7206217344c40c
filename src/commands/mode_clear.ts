/** `hpm mode clear PACKAGE | --all`: remove per-package modes from `[tool.hpm.modes]`. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { loadContext } from "./context.ts";
import { whileLocked } from "../execute/lock.ts";
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine, type WritePlan } from "../execute/plan.ts";
import { editModes, modeKeysFor } from "./mode_write.ts";

/** `hpm mode clear --json`, and what the text output says. */
export interface ModeClearJson {
  ok: true;
  cleared: Array<{ key: string; mode: string }>;
  changed: boolean;
  dryRun: boolean;
  diff?: string;
  /** pyproject.toml's path, as shown. */
  file: string;
  /** What the cleared packages follow now: `[tool.hpm] mode` (null: the default, prod). */
  follows: string | null;
}

/** Runs `hpm mode clear`. */
export function run(input: InputOf<"mode_clear">): Promise<Outcome<ModeClearJson>> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: InputOf<"mode_clear">): Promise<Outcome<ModeClearJson>> {
  const name = input.args.package;
  const all = input.options.all === true;
  if (name === undefined ? !all : all) {
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
  const keys = name === undefined ? Object.keys(modes) : modeKeysFor(modes, name);
  if (name !== undefined && keys.length === 0) {
    const entries = Object.entries(modes).map(([k, v]) => `${k} = "${v}"`);
    throw new HpmError(`[tool.hpm.modes] has no entry for '${name}'`, {
      code: "not-set",
      hint: entries.length
        ? `it has: ${entries.join(", ")}`
        : "[tool.hpm.modes] is empty: every package follows [tool.hpm] mode (default prod)",
    });
  }
  const file = displayPath(project.pyprojectPath);
  const text = await editModes(project.text, file, keys.map((key) => [key, undefined] as const));
  const plan: WritePlan = {
    what: "hpm mode clear",
    edits: [{ path: project.pyprojectPath, read: project.text, text, label: "pyproject.toml" }],
  };
  const shown = await applyOrPreview(plan, input.options["dry-run"]);
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      cleared: keys.map((key) => ({ key, mode: modes[key] })),
      changed: text !== project.text,
      ...shown,
      file,
      follows: project.view.hpm.mode ?? null,
    },
  };
}

/** `hpm mode clear` in text. */
export function render(json: ModeClearJson, _mode: RenderMode): Line[] {
  const { cleared } = json;
  if (json.dryRun) {
    return [
      { to: "data", text: json.diff || `# ${json.file}: [tool.hpm.modes] has no entries` },
      dryRunLine(),
    ];
  }
  if (cleared.length === 0) {
    return [{ to: "success", text: "[tool.hpm.modes] has no entries; nothing changed" }];
  }
  const follows = json.follows ? `[tool.hpm] mode (${json.follows})` : "the default mode, prod";
  return [
    {
      to: "success",
      text: `cleared ${cleared.map((c) => `${style.bold(c.key)} (was ${c.mode})`).join(", ")} ` +
        `from [tool.hpm.modes]; ${cleared.length === 1 ? "it follows" : "they follow"} ${follows}`,
    },
    { to: "info", text: style.dim("next: 'hpm sync' to install from that mode's sources") },
  ];
}
