/**
 * `hpm check`: a true dry run. Static checks first (all problems at once), then the selection,
 * materialized as `hpm sync` would write it, is locked and install-checked in a temporary
 * directory. Nothing in the project changes: not pyproject.toml, not uv.lock, not .venv.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import {
  errorToJson,
  info,
  isJsonMode,
  printData,
  printError,
  printJson,
  style,
  success,
  warn,
} from "../output.ts";
import { buildsItself, changeOps, materializeForCheck } from "../plan/new_text.ts";
import { type Selection, withChoice } from "../plan/selection.ts";
import type { Registry } from "../registry/types.ts";
import { syncArgs } from "../uv/commands.ts";
import { dryRunExtras } from "../uv/pass_through.ts";
import { applyUvEnv } from "./uv_options.ts";
import { type RunResult, runUv } from "../uv/run.ts";
import { requireGroup } from "./context.ts";
import { requireUsable } from "./registry_report.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { describeEntry, fallbackLines, impliedJson, modeJson } from "./entries.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import { projectEnvironment, withMaterialized } from "../execute/temp_project.ts";
import { plural } from "../plural.ts";
import { editHint, editMessage } from "./hand_edits.ts";
import { displayPath, joinPath } from "../paths.ts";
import { readToml } from "../pyproject/read.ts";

/** `--group G --option O`: the recorded selection with G's choice replaced (1-of-N) or extended. */
export function overrideSelection(
  selection: Selection,
  registry: Registry,
  groupName: string | undefined,
  options: string[] | undefined,
): Selection {
  if (groupName === undefined) {
    if (options?.length) {
      throw new HpmError("--option needs --group", {
        hint: "write 'hpm check --group GROUP --option OPTION'",
      });
    }
    return selection;
  }
  const group = requireGroup(registry, groupName);
  if (!options?.length) {
    throw new HpmError(`--group ${groupName} needs --option`, {
      hint: `options of '${groupName}': ${group.options.map((o) => o.name).join(", ")}`,
    });
  }
  const choice = withChoice(selection, group, options);
  if ("problem" in choice) {
    throw new HpmError(choice.problem.message, { hint: choice.problem.hint });
  }
  return choice.selection;
}

/** Changes a dry-run `uv sync` reports (`+ name==1.0`, `- name==0.9`). */
export function parseDryRunChanges(stderr: string): { install: string[]; remove: string[] } {
  const install: string[] = [];
  const remove: string[] = [];
  for (const line of stderr.split("\n")) {
    const match = /^\s([+-])\s(.+)$/.exec(line);
    if (!match) continue;
    (match[1] === "+" ? install : remove).push(match[2].trim());
  }
  return { install, remove };
}

/** What a dry-run `uv sync` of the selection found. */
interface DryRun {
  resolved?: number;
  install: string[];
  remove: string[];
}

/** The failure of the dry run, in the user's words (loaded only when uv failed). */
async function dryRunFailure(dry: RunResult, prepared: Prepared): Promise<HpmError> {
  const { explainUvFailure } = await import("../execute/uv_step.ts");
  const { ownRequirements } = await import("../uv/conflict.ts");
  const entries = prepared.plan.entries;
  const own = ownRequirements(prepared.project.view.dependencies);
  const failure = explainUvFailure(dry, entries, "the selection does not resolve", own);
  if (failure.code === "uv-no-solution" || !/\bResolved \d+ packages?/.test(dry.stderr)) {
    return failure;
  }
  return explainUvFailure(dry, entries, "the selection resolves but cannot be installed", own);
}

/**
 * One uv process: `uv sync --dry-run` locks (without writing a lockfile) and then plans the
 * install against the project's own environment, changing neither. `env` points uv at that
 * environment when it runs in check's temporary mirror.
 */
async function dryRunIn(
  prepared: Prepared,
  cwd: string,
  env: Record<string, string> | undefined,
  realPaths: (text: string) => string = (text) => text,
): Promise<DryRun> {
  const { project } = prepared;
  // As sync installs: in a workspace's shared environment the rest of the workspace stays
  // (`--inexact`), so check does not report its packages as removed.
  const base = syncArgs({
    dryRun: true,
    noInstallProject: true,
    inexact: prepared.sharedEnvironment,
  });
  const ran = await runUv([...base, ...dryRunExtras(prepared.uvOptions, base)], {
    cwd,
    label: "Resolving and checking the install",
    env,
  });
  // uv names local packages by the mirror's paths: the user's are put back.
  const dry = { ...ran, stderr: realPaths(ran.stderr), stdout: realPaths(ran.stdout) };
  if (dry.code !== 0) throw await dryRunFailure(dry, prepared);
  const resolved = /Resolved (\d+) packages?/.exec(dry.stderr)?.[1];
  const changes = parseDryRunChanges(dry.stderr);
  const own = project.view.projectName;
  const notProject = (line: string) =>
    !own || (!line.startsWith(own + "=") && !line.startsWith(own + " "));
  return {
    resolved: resolved ? Number(resolved) : undefined,
    install: changes.install.filter(notProject),
    remove: changes.remove.filter(notProject),
  };
}

/** The dry run in a temporary mirror of the project whose pyproject.toml is `materialized`. */
async function dryRun(prepared: Prepared, materialized: string): Promise<DryRun> {
  const { project, workspace } = prepared;
  const env = { UV_PROJECT_ENVIRONMENT: projectEnvironment(workspace) };
  return await withMaterialized(
    project,
    materialized,
    (mirror, realPaths) => dryRunIn(prepared, mirror, env, realPaths),
    { workspace },
  );
}

/** True when the workspace root's pyproject.toml is a package uv would have to build. */
async function rootBuildsItself(root: string): Promise<boolean> {
  try {
    const text = await Deno.readTextFile(joinPath(root, "pyproject.toml"));
    return buildsItself((await readToml(text, "pyproject.toml")).value);
  } catch {
    return false; // unreadable: uv will say so, in place or not
  }
}

/**
 * Resolves the selection as `hpm sync` would write it. When sync would write nothing (the
 * text is the project's, byte for byte), uv runs in the project itself: `uv sync --dry-run`
 * writes nothing there (no lockfile, no environment; checked with strace: it only takes the
 * environment's lock file), and with an up-to-date uv.lock it costs what uv's own no-op costs.
 * Otherwise uv runs on sync's own text in a temporary mirror of the project
 * (execute/temp_project.ts) holding the copied lock, so it keeps the locked versions that still
 * satisfy the change, as `uv lock` would in the project.
 */
async function resolveSelection(prepared: Prepared): Promise<DryRun> {
  const { project, workspace } = prepared;
  if (changeOps(prepared.changes).length === 0 && !buildsItself(project.view.value)) {
    if (!workspace.member || !await rootBuildsItself(workspace.root)) {
      return await dryRunIn(prepared, project.root, undefined);
    }
  }
  return await dryRun(prepared, await materializeForCheck(await prepared.newText(), project.root));
}

function positiveInteger(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new HpmError(`${flag} must be a positive whole number, not '${value}'`, {
      hint: `e.g. ${flag} 2`,
    });
  }
  return n;
}

/** The options some combination of `--all` selects that fall back to prod (planned as given). */
async function fallbacksInPlay(prepared: Prepared, depth: number): Promise<PlannedEntry[]> {
  const { allCombinations, optionsInPlay, withImplications } = await import(
    "../matrix/combinations.ts"
  );
  const groups = [...prepared.selection.keys()].flatMap((name) =>
    prepared.registry.groups.get(name) ?? []
  );
  const inPlay = optionsInPlay(
    withImplications(allCombinations(groups, depth), prepared.registry.groups),
  );
  // Every option in play is needed: one whose manifest cannot be used fails the command,
  // naming it (it would otherwise be left out of the combinations' plans).
  requireUsable(prepared.registry, { packages: [...inPlay.values()].flat() });
  const planned = await prepared.planner(inPlay, { implications: false });
  return planned.plan.entries.filter((e) => e.fellBackFrom !== undefined);
}

async function runAll(input: ParsedInput, mode: string | undefined): Promise<number> {
  if (input.options.group !== undefined || input.options.option !== undefined) {
    throw new HpmError("--all checks every combination; it does not take --group/--option", {
      hint: "use either 'hpm check --all' or 'hpm check --group G --option O'",
    });
  }
  const depth = positiveInteger(input.options.depth, "--depth", 2);
  const jobs = positiveInteger(input.options.jobs, "--jobs", navigator.hardwareConcurrency || 2);
  const prepared = await prepare(input, { mode, reportFallbacks: false });
  const fallbacks = await fallbacksInPlay(prepared, depth);
  if (!isJsonMode()) { for (const line of fallbackLines(fallbacks)) info(line); }
  const { checkAll } = await import("../matrix/run.ts");
  const { describeSet, reportJson, reportTable } = await import("../matrix/report.ts");
  const report = await checkAll(prepared, {
    depth,
    jobs,
    exhaustive: input.options.exhaustive === true,
  });
  const failed = report.verdicts.filter((v) => !v.ok).length;
  const took = `${plural(report.uvRuns, "uv run")}, ${(report.elapsedMs / 1000).toFixed(1)} s`;
  const failure = new HpmError(
    `${failed} of ${plural(report.verdicts.length, "combination")} ` +
      `${failed === 1 ? "does" : "do"} not resolve`,
    {
      exitCode: ExitCode.Failure,
      code: "combinations-fail",
      hint: isJsonMode()
        ? "avoid the sets in 'conflicts', or fix the packages that conflict"
        : "avoid the minimal conflicting sets above, or fix the packages that conflict",
    },
  );
  if (isJsonMode()) {
    printJson({
      ...reportJson(report),
      fallbacks: fallbacks.map((e) => ({ group: e.group, option: e.option, ...modeJson(e) })),
      ...(failed && { error: errorToJson(failure).error }),
    });
    return failed ? ExitCode.Failure : ExitCode.Success;
  }
  // A failing run says so first (before the table) and last (the error, exit 1).
  if (failed) printError(new HpmError(`${failure.message} (${took})`));
  printData(reportTable(report));
  if (report.leftOut > 0) {
    info(style.dim(
      `left out ${plural(report.leftOut, "combination")} holding a conflict the registry ` +
        `declares (${report.declared.map(describeSet).join("; ")})`,
    ));
  }
  if (report.conflicts.length) {
    printData(
      "\nminimal conflicting sets:\n" +
        report.conflicts.map((c) => `  ${describeSet(c)}: ${c.reason}`).join("\n"),
    );
  }
  if (failed) throw failure;
  success(`${report.verdicts.length} of ${report.verdicts.length} combinations resolve (${took})`);
  return ExitCode.Success;
}

/** Runs `hpm check`. */
export async function run(input: ParsedInput): Promise<number> {
  const mode = input.options.mode as string | undefined;
  applyUvEnv("check");
  if (input.options.all === true) return await runAll(input, mode);
  for (const flag of ["depth", "jobs", "exhaustive"]) {
    if (input.options[flag] !== undefined) {
      throw new HpmError(`--${flag} applies only to 'hpm check --all'`, {
        hint: `add --all, or drop --${flag}`,
      });
    }
  }
  const group = input.options.group as string | undefined;
  const options = input.options.option as string[] | undefined;
  const prepared = await prepare(input, {
    mode,
    override: (selection, context) =>
      overrideSelection(selection, context.registry, group, options),
  });
  if (prepared.plan.entries.length === 0 && !isJsonMode()) {
    info("nothing is selected in [tool.hpm.groups]; checking the project's own dependencies");
  }
  // Checked as written (that is what uv would see), but sync stops on them: say so.
  for (const edit of prepared.changes.edits) {
    warn(`${editMessage(edit)}; checked as it is written`, editHint(edit));
  }
  const { workspace } = prepared;
  if (workspace.member && !isJsonMode()) {
    info(style.dim(
      `this project is a member of the uv workspace at ${displayPath(workspace.root)}: ` +
        "check resolves the whole workspace, as 'hpm sync' locks it",
    ));
  }
  const result = await resolveSelection(prepared).catch(async (error) => {
    const { withAlternatives } = await import("./alternatives.ts");
    throw await withAlternatives(error, prepared);
  });
  const changesPyproject = await prepared.newText() !== prepared.project.text;
  if (isJsonMode()) {
    printJson({
      ok: true,
      entries: prepared.plan.entries.map((e) => ({
        group: e.group,
        option: e.option,
        ...modeJson(e),
        distribution: e.distribution,
        impliedBy: impliedJson(e),
      })),
      resolved: result.resolved ?? null,
      wouldInstall: result.install,
      wouldRemove: result.remove,
      pyprojectChanges: changesPyproject,
    });
    return ExitCode.Success;
  }
  const lines = prepared.plan.entries.map((e) => "  " + describeEntry(e));
  for (const item of result.install) lines.push(style.dim(`  would install ${item}`));
  for (const item of result.remove) lines.push(style.dim(`  would remove ${item}`));
  if (lines.length) printData(lines.join("\n"));
  // uv planned the install (a distribution for this platform for every package) but built
  // nothing: a local package that fails to build fails only in sync, and the output says so.
  success(
    `the selection resolves${
      result.resolved ? ` (${plural(result.resolved, "package")})` : ""
    } and uv planned its install; nothing was changed`,
  );
  if (prepared.plan.entries.some((e) => e.source.type === "local" || e.source.type === "git")) {
    info(style.dim("local and git packages are built by 'hpm sync', not by check"));
  }
  if (changesPyproject) info(style.dim("run 'hpm sync' to apply it"));
  return ExitCode.Success;
}
