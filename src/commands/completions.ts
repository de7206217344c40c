/**
 * `hpm completions SHELL`: prints a completion script generated from the command table.
 * `hpm completions __values` (not in the help: the scripts run it) prints the names the
 * current project's registry offers, one per line: `KIND<TAB>NAME<TAB>GROUP<TAB>DESCRIPTION`,
 * KIND being group, option (GROUP is its group), package or mode; GROUP is `-` otherwise.
 */
import { bashScript } from "../cli/completion_bash.ts";
import { fishScript } from "../cli/completion_fish.ts";
import {
  completionModel,
  oneLine,
  type Shell,
  SHELLS,
  VALUES_QUERY,
} from "../cli/completion_model.ts";
import { zshScript } from "../cli/completion_zsh.ts";
import { COMMANDS } from "../cli/commands.ts";
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import type { Registry } from "../registry/types.ts";
import { didYouMean } from "../suggest.ts";
import config from "../../deno.json" with { type: "json" };

/** The script for `shell`, generated from the command table. */
export function completionScript(shell: Shell, version: string = config.version): string {
  const nodes = completionModel(COMMANDS);
  if (shell === "bash") return bashScript(nodes, version);
  if (shell === "zsh") return zshScript(nodes, version);
  return fishScript(nodes, version);
}

/** The lines of `hpm completions __values` for a loaded registry. */
export function registryValues(registry: Registry): string[] {
  const rows: string[][] = [];
  for (const group of registry.groups.values()) {
    rows.push(["group", group.name, "-", group.description ?? ""]);
  }
  for (const group of registry.groups.values()) {
    for (const option of group.options) {
      const description = option.description ?? registry.packages.get(option.name)?.description;
      rows.push(["option", option.name, group.name, description ?? ""]);
    }
  }
  const modes = new Set<string>();
  for (const pkg of registry.packages.values()) {
    rows.push(["package", pkg.name, "-", pkg.description ?? ""]);
    for (const mode of Object.keys(pkg.sources)) modes.add(mode);
  }
  for (const mode of [...modes].sort()) rows.push(["mode", mode, "-", ""]);
  return rows.map((row) => row.map(oneLine).join("\t"));
}

/** `hpm completions SHELL --json`: the script. */
export interface ScriptJson {
  ok: true;
  shell: Shell;
  script: string;
}

/** `hpm completions __values --json`: the rows, each `[KIND, NAME, GROUP, DESCRIPTION]`. */
export interface ValuesJson {
  ok: true;
  values: string[][];
}

/** What `hpm completions` gives back: a script, or the registry's names. */
export type CompletionsJson = ScriptJson | ValuesJson;

async function values(input: InputOf<"completions">): Promise<Outcome<ValuesJson>> {
  const { loadContext } = await import("./context.ts");
  const { registry } = await loadContext(input, { project: false, strict: false, report: false });
  const rows = registryValues(registry).map((line) => line.split("\t"));
  return { exitCode: ExitCode.Success, json: { ok: true, values: rows } };
}

function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}

/** Runs `hpm completions SHELL`. */
export function run(input: InputOf<"completions">): Promise<Outcome<CompletionsJson>> {
  const shell = input.args.shell;
  if (shell === VALUES_QUERY) return values(input);
  if (!isShell(shell)) {
    const guess = didYouMean(shell, SHELLS);
    throw new HpmError(`no completion script for shell '${shell}'`, {
      hint: guess ? `did you mean '${guess}'?` : `shells: ${SHELLS.join(", ")}`,
      code: "usage",
    });
  }
  const script = completionScript(shell);
  return Promise.resolve({ exitCode: ExitCode.Success, json: { ok: true, shell, script } });
}

/** `hpm completions` in text: the script, or one tab-separated line per name. */
export function render(json: CompletionsJson, _mode: RenderMode): Line[] {
  if ("script" in json) return [{ to: "data", text: json.script }];
  if (json.values.length === 0) return [];
  return [{ to: "data", text: json.values.map((row) => row.join("\t")).join("\n") }];
}
