/**
 * `hpm status`: for each selected group, the choice, its mode and source, and whether it is in
 * pyproject.toml, in uv.lock and installed in .venv, and (when all of that holds) whether uv
 * finds uv.lock and the environment up to date. `--check` exits 1 on any drift.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { errorToJson, isJsonMode, printData, printJson, style, success, warn } from "../output.ts";
import { normalizeName } from "../names.ts";
import { joinPath } from "../paths.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import { describeSource } from "../registry/describe.ts";
import type { OptionRef } from "../registry/types.ts";
import { readLockedVersions } from "./locked.ts";
import { prepare } from "./prepare.ts";
import { projectEnvironment } from "./temp_project.ts";
import { impliedJson, impliedNote } from "./entries.ts";
import { explainUvFailure, runUvStep } from "./uv_step.ts";
import { syncArgs } from "../uv/commands.ts";

/** The state of one selected option. */
export interface EntryStatus {
  group: string;
  option: string;
  mode: string;
  source: string;
  distribution: string;
  inPyproject: boolean;
  locked: string | null;
  installed: string | null;
  /** The recorded choice that implies this option, or null when it is recorded itself. */
  impliedBy: OptionRef | null;
}

/**
 * What `uv sync --locked --check` finds out of date (it changes nothing): uv.lock against
 * pyproject.toml, then the environment against uv.lock. Null when both are up to date.
 */
async function uvCheck(root: string, entries: readonly PlannedEntry[]): Promise<string | null> {
  const result = await runUvStep([...syncArgs({ locked: true }), "--check"], root, "Checking");
  if (result.code === 0) return null;
  if (/lockfile at .* needs to be updated/.test(result.stderr)) {
    return "uv.lock does not match pyproject.toml";
  }
  if (/environment is (outdated|not)/i.test(result.stderr)) {
    return "the environment does not match uv.lock";
  }
  // Not drift: uv could not check at all (an interpreter, the network).
  throw explainUvFailure(result, entries, "uv could not check the project");
}

/** Installed distributions of a virtual environment (name -> version), from `*.dist-info`. */
async function installedVersions(venv: string): Promise<Map<string, string> | undefined> {
  const libs = Deno.build.os === "windows" ? [joinPath(venv, "Lib")] : [joinPath(venv, "lib")];
  const found = new Map<string, string>();
  let any = false;
  for (const lib of libs) {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(lib));
    } catch {
      continue;
    }
    const dirs = Deno.build.os === "windows"
      ? [joinPath(lib, "site-packages")]
      : entries.filter((e) => e.name.startsWith("python")).map((e) =>
        joinPath(lib, e.name, "site-packages")
      );
    for (const dir of dirs) {
      try {
        for await (const entry of Deno.readDir(dir)) {
          any = true;
          const match = /^(.+?)-([^-]+)\.dist-info$/.exec(entry.name);
          if (match) found.set(normalizeName(match[1]), match[2]);
        }
      } catch {
        // not a site-packages directory
      }
    }
  }
  return any ? found : undefined;
}

/** Runs `hpm status`. */
export async function run(input: ParsedInput): Promise<number> {
  const prepared = await prepare(input, {
    mode: input.options.mode as string | undefined,
    readOnly: true,
  });
  const { project, plan, changes } = prepared;
  const [locked, installed] = await Promise.all([
    readLockedVersions(undefined, prepared.workspace.root),
    installedVersions(projectEnvironment(prepared.workspace)),
  ]);
  const pending = new Set([...changes.added, ...changes.updated].map((e) => e.distribution));
  const statusOf = (e: PlannedEntry): EntryStatus => {
    const key = normalizeName(e.distribution);
    return {
      group: e.group,
      option: e.option,
      mode: e.mode,
      source: describeSource(e.source, prepared.registry.packages.get(e.option)),
      distribution: e.distribution,
      inPyproject: !pending.has(e.distribution),
      locked: locked?.get(key) ?? null,
      installed: installed?.get(key) ?? null,
      impliedBy: impliedJson(e),
    };
  };
  const entries = plan.entries.map(statusOf);
  const stale = changes.removed.map((name) => ({
    distribution: name,
    locked: locked?.get(name) ?? null,
    installed: installed?.get(name) ?? null,
  }));
  // A package with a marker may rightly be absent from .venv (`sys_platform == 'win32'` on
  // Linux): hpm does not evaluate markers, `uv sync --locked --check` below tells.
  const hasMarker = (i: number) => plan.entries[i].requirement.includes(" ; ");
  let drift =
    entries.some((e, i) => !e.inPyproject || !e.locked || (!e.installed && !hasMarker(i))) ||
    stale.length > 0 || await prepared.newText() !== project.text;
  // Every name in its place: uv says whether uv.lock still matches pyproject.toml (another
  // mode's lock, a hand edit) and the environment uv.lock (another version installed).
  const uv = drift || plan.entries.length === 0 ? null : await uvCheck(project.root, plan.entries);
  if (uv) drift = true;
  const failing = drift && input.options.check === true;
  // The way out syncs in the mode asked about.
  const mode = input.options.mode as string | undefined;
  const syncCommand = mode ? `hpm sync --mode ${mode}` : "hpm sync";
  if (isJsonMode()) {
    // As everywhere: `ok` is false exactly when the exit code is not 0, with the reason.
    const error = new HpmError("the project is not in sync with the selection", {
      exitCode: ExitCode.Failure,
      code: "not-in-sync",
      hint: `run '${syncCommand}'`,
    });
    printJson({
      ok: !failing,
      inSync: !drift,
      entries,
      stale,
      uvCheck: uv,
      ...(failing && { error: errorToJson(error).error }),
    });
  } else {
    const yes = (value: string | boolean | null) =>
      value ? style.green(value === true ? "yes" : String(value)) : style.red("no");
    const lines = entries.map((e, i) =>
      `${style.bold(e.group)} = ${e.option}${impliedNote(plan.entries[i])}  ${
        style.dim(`${e.mode}: ${e.source}`)
      }\n` +
      `    pyproject.toml: ${yes(e.inPyproject)}  uv.lock: ${yes(e.locked)}  .venv: ${
        !e.installed && hasMarker(i) ? style.dim("no (its marker)") : yes(e.installed)
      }`
    );
    for (const s of stale) {
      lines.push(`${style.yellow(s.distribution)}: no longer selected, still in pyproject.toml`);
    }
    if (lines.length === 0) lines.push("nothing is selected in [tool.hpm.groups]");
    printData(lines.join("\n"));
    if (uv) warn(`uv: ${uv}`, `run '${syncCommand}'`);
    else if (drift) warn("the project is not in sync with the selection", `run '${syncCommand}'`);
    else success("in sync");
  }
  return failing ? ExitCode.Failure : ExitCode.Success;
}
