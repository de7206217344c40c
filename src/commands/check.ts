/**
 * `hpm check`: a true dry run. Static checks first (all problems at once), then the selection,
 * materialized as `hpm sync` would write it, is locked and install-checked in a temporary
 * directory. Nothing in the project changes: not pyproject.toml, not uv.lock, not .venv.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { info, style, warn } from "../output.ts";
import { buildsItself, changeOps, materializeForCheck } from "../plan/new_text.ts";
import { type Selection, withChoice } from "../plan/selection.ts";
import type { Registry } from "../registry/types.ts";
import { syncArgs } from "../uv/commands.ts";
import { dryRunExtras } from "../uv/pass_through.ts";
import { applyUvEnv } from "./uv_options.ts";
import { type RunResult, runUv } from "../uv/run.ts";
import { requireGroup } from "./context.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { describeEntry, impliedJson, modeJson } from "./entries.ts";
import { type CheckAllJson, renderAll, runAll } from "./check_all.ts";
import { hasEnvironment, projectEnvironment, withMaterialized } from "../execute/temp_project.ts";
import { plural } from "../plural.ts";
import { editHint, editMessage } from "./hand_edits.ts";
import { displayPath, joinPath } from "../paths.ts";
import { readToml } from "../pyproject/read.ts";

/** `--group G --option O`: the recorded selection with G's choice replaced (1-of-N) or extended. */
function overrideSelection(
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
function parseDryRunChanges(stderr: string): { install: string[]; remove: string[] } {
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
  // The alternatives of a failure lock in temporary projects that would search as uv did here
  // (it searched when the environment did not exist).
  if (!hasEnvironment(projectEnvironment(prepared.workspace))) {
    prepared.interpreter.learn(ran.stderr);
  }
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

/** `hpm check --json` (one selection); the text is rendered from it. */
export interface CheckJson {
  ok: true;
  entries: Array<
    & { group: string; option: string }
    & ReturnType<typeof modeJson>
    & {
      distribution: string;
      impliedBy: ReturnType<typeof impliedJson>;
      /** The entry as the text shows it: `inference = qwen (prod: local ...)`. */
      summary: string;
    }
  >;
  resolved: number | null;
  wouldInstall: string[];
  wouldRemove: string[];
  pyprojectChanges: boolean;
  /** Local and git packages of the selection: check does not build them, sync does. */
  notBuilt: string[];
}

/** What `hpm check` prints, or `--json`s: one selection, or every combination (`--all`). */
export type CheckOutcomeJson = CheckJson | CheckAllJson;

/** Runs `hpm check`. */
export async function run(input: InputOf<"check">): Promise<Outcome<CheckOutcomeJson>> {
  applyUvEnv("check");
  const { options } = input;
  if (options.all === true) return await runAll(input);
  for (const flag of ["depth", "jobs", "exhaustive"] as const) {
    if (options[flag] !== undefined) {
      throw new HpmError(`--${flag} applies only to 'hpm check --all'`, {
        hint: `add --all, or drop --${flag}`,
      });
    }
  }
  const prepared = await prepare(input, {
    mode: options.mode,
    override: (selection, context) =>
      overrideSelection(selection, context.registry, options.group, options.option),
  });
  // Said before uv runs (it takes a while): what is checked, and how.
  const text = !input.globals.json;
  if (prepared.plan.entries.length === 0 && text) {
    info("nothing is selected in [tool.hpm.groups]; checking the project's own dependencies");
  }
  // Checked as written (that is what uv would see), but sync stops on them: say so.
  for (const edit of prepared.changes.edits) {
    warn(`${editMessage(edit)}; checked as it is written`, editHint(edit));
  }
  const { workspace } = prepared;
  if (workspace.member && text) {
    info(style.dim(
      `this project is a member of the uv workspace at ${displayPath(workspace.root)}: ` +
        "check resolves the whole workspace, as 'hpm sync' locks it",
    ));
  }
  const result = await resolveSelection(prepared).catch(async (error) => {
    const { withAlternatives } = await import("./alternatives.ts");
    throw await withAlternatives(error, prepared);
  });
  const entries = prepared.plan.entries;
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      entries: entries.map((e) => ({
        group: e.group,
        option: e.option,
        ...modeJson(e),
        distribution: e.distribution,
        impliedBy: impliedJson(e),
        summary: describeEntry(e),
      })),
      resolved: result.resolved ?? null,
      wouldInstall: result.install,
      wouldRemove: result.remove,
      pyprojectChanges: await prepared.newText() !== prepared.project.text,
      notBuilt: entries.filter((e) => e.source.type === "local" || e.source.type === "git")
        .map((e) => e.distribution),
    },
  };
}

/** `hpm check` in text. */
export function render(json: CheckOutcomeJson, _mode: RenderMode): Line[] {
  if ("strategy" in json) return renderAll(json);
  const lines: Line[] = [];
  const data = [
    ...json.entries.map((e) => "  " + e.summary),
    ...json.wouldInstall.map((item) => style.dim(`  would install ${item}`)),
    ...json.wouldRemove.map((item) => style.dim(`  would remove ${item}`)),
  ];
  if (data.length) lines.push({ to: "data", text: data.join("\n") });
  // uv planned the install (a distribution for this platform for every package) but built
  // nothing: a local package that fails to build fails only in sync, and the output says so.
  // uv's count takes in the project itself (and a workspace's members): said so, since a
  // selection of one option is "2 packages".
  lines.push({
    to: "success",
    text: `the selection resolves${
      json.resolved ? ` (${plural(json.resolved, "package")}, the project included)` : ""
    } and uv planned its install; nothing was changed`,
  });
  if (json.notBuilt.length) {
    lines.push({
      to: "info",
      text: style.dim("local and git packages are built by 'hpm sync', not by check"),
    });
  }
  if (json.pyprojectChanges) {
    lines.push({ to: "info", text: style.dim("run 'hpm sync' to apply it") });
  }
  return lines;
}
