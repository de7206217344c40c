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
import type { ParsedInput } from "../cli/spec.ts";
import { HpmError } from "../errors.ts";
import { isJsonMode, printData, printJson } from "../output.ts";
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

async function printValues(input: ParsedInput): Promise<number> {
  const { loadContext } = await import("./context.ts");
  const { registry } = await loadContext(input, { project: false, strict: false, report: false });
  const lines = registryValues(registry);
  if (isJsonMode()) printJson({ ok: true, values: lines.map((line) => line.split("\t")) });
  else if (lines.length > 0) printData(lines.join("\n"));
  return 0;
}

/** Runs `hpm completions SHELL`. */
export function run(input: ParsedInput): Promise<number> {
  const shell = input.args.shell!;
  if (shell === VALUES_QUERY) return printValues(input);
  if (!(SHELLS as readonly string[]).includes(shell)) {
    const guess = didYouMean(shell, SHELLS);
    throw new HpmError(`no completion script for shell '${shell}'`, {
      hint: guess ? `did you mean '${guess}'?` : `shells: ${SHELLS.join(", ")}`,
      code: "usage",
    });
  }
  const script = completionScript(shell as Shell);
  if (isJsonMode()) printJson({ ok: true, shell, script });
  else printData(script);
  return Promise.resolve(0);
}
