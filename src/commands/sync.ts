/**
 * `hpm sync`: write the plan into pyproject.toml, then `uv lock` and `uv sync --locked`.
 * One plan (the new pyproject.toml, the uv commands) applied by `execute`: pyproject.toml and
 * uv.lock come back byte for byte on any failure, SIGINT, SIGTERM and SIGHUP included.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { MAX_LOCK_BYTES, readRegularFile } from "../fs/regular_file.ts";
import { whileLocked } from "../execute/lock.ts";
import { execute, type StepContext } from "../execute/execute.ts";
import { dryRunLine, planPreview, type WritePlan } from "../execute/plan.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { readBytesOrNull, sameBytes } from "../fs/atomic.ts";
import { plural } from "../plural.ts";
import { displayPath, joinPath } from "../paths.ts";
import { isEmptyChanges, onlyRecord } from "../plan/reconcile.ts";
import { droppedEditMessage, editJson, handEditError } from "./hand_edits.ts";
import { lockArgs, pipUninstallArgs, syncArgs } from "../uv/commands.ts";
import { installedVersions } from "./installed.ts";
import { stillNeeded } from "../project/lock_graph.ts";
import { readToml } from "../pyproject/read.ts";
import { lockExtras, syncExtras } from "../uv/pass_through.ts";
import { type RunResult, runUv } from "../uv/run.ts";
import type { UvEnvPolicy } from "../uv/env.ts";
import { applyUvEnv } from "./uv_options.ts";
import { hasEnvironment, projectEnvironment } from "../execute/temp_project.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { explainUvFailure, runUvStep } from "../execute/uv_step.ts";
import { ownRequirements } from "../uv/conflict.ts";
import { withAlternatives } from "./alternatives.ts";
import { describeEntry, impliedJson, modeJson } from "./entries.ts";
import { adoptionJson, adoptionLine, adopts } from "./adopted.ts";

function entriesJson(prepared: Prepared) {
  return prepared.plan.entries.map((e) => ({
    group: e.group,
    option: e.option,
    ...modeJson(e),
    distribution: e.distribution,
    requirement: e.requirement,
    source: e.uvSource ?? null,
    impliedBy: impliedJson(e),
    summary: describeEntry(e),
  }));
}

/**
 * A stamp of the environment's installed distributions: each site-packages directory and its
 * modification time (an install or uninstall adds or removes a `*.dist-info` there). Used when
 * uv drew its own output on the terminal, so hpm could not read what it did.
 */
function environmentStamp(venv: string): string {
  const lib = joinPath(venv, Deno.build.os === "windows" ? "Lib" : "lib");
  const dirs: string[] = [];
  try {
    if (Deno.build.os === "windows") dirs.push(joinPath(lib, "site-packages"));
    else {
      for (const entry of Deno.readDirSync(lib)) {
        if (entry.name.startsWith("python")) dirs.push(joinPath(lib, entry.name, "site-packages"));
      }
    }
  } catch {
    return "none";
  }
  return dirs.sort().map((dir) => {
    try {
      return `${dir}@${Deno.statSync(dir).mtime?.getTime()}`;
    } catch {
      return `${dir}@none`;
    }
  }).join(";");
}

/**
 * True when uv should draw its own progress (downloads, builds) for the install: stderr is a
 * terminal and neither --quiet, --json nor --verbose (which shows uv's output as lines) is on.
 */
function uvDrawsProgress(globals: SyncInput["globals"]): boolean {
  return Deno.stderr.isTerminal() && !globals.quiet && !globals.json && !globals.verbose;
}

/** A failed install whose output uv drew on the terminal (hpm holds none of it). */
function drawnFailure(result: RunResult): HpmError {
  return new HpmError(`uv sync failed (exit ${result.code}); uv's messages are above`, {
    exitCode: ExitCode.Failure,
    code: "uv-other",
    hint: "fix what uv reports above, then run 'hpm sync' again",
    data: {
      uv: {
        kind: "other",
        summary: "uv sync failed",
        explanation: null,
        involved: [],
        exitCode: result.code,
        stderr: "",
      },
    },
  });
}

/**
 * In a member of a uv workspace, the options sync removed that nothing else in the shared
 * environment needs (see project/lock_graph.ts): `uv sync --inexact` kept them, so they are
 * uninstalled here. Returns their names.
 */
async function uninstallUnneeded(prepared: Prepared, venv: string): Promise<string[]> {
  const installed = await installedVersions(venv);
  const removed = prepared.changes.removed.filter((name) => installed?.has(name));
  if (removed.length === 0) return [];
  const lockFile = joinPath(prepared.workspace.root, "uv.lock");
  const text = new TextDecoder().decode(await readRegularFile(lockFile, MAX_LOCK_BYTES));
  const lock = (await readToml(text, displayPath(lockFile))).value;
  const needed = stillNeeded(lock, new Set(installed!.keys()), removed);
  const gone = removed.filter((name) => !needed.has(name));
  if (gone.length === 0) return [];
  const result = await runUvStep(
    pipUninstallArgs(venv, gone),
    prepared.project.root,
    "Uninstalling",
  );
  if (result.code !== 0) {
    throw explainUvFailure(result, prepared.plan.entries, "uv pip uninstall failed");
  }
  return gone;
}

/** Where a workspace's shared environment is, for the text (null: the project's own). */
interface SharedJson {
  root: string;
  environment: string;
  member: boolean;
}

/** `hpm sync --json` (and `--dry-run --json`); the text is rendered from it. */
export type SyncJson =
  & {
    ok: true;
    changed: boolean;
    entries: ReturnType<typeof entriesJson>;
    adopted: ReturnType<typeof adoptionJson>;
    /** pyproject.toml's path, as shown. */
    file: string;
    /** The shared environment of a uv workspace, or null. */
    workspace: SharedJson | null;
    /** Why nothing is installed (uv.lock is synced): "UV_NO_SYNC", "hpm lock"; null: installed. */
    notInstalled: string | null;
    /** Options sync removes (or removed). */
    removed: string[];
  }
  & (
    | { dryRun: true; diff: string; commands: string[][] }
    | {
      dryRun?: undefined;
      added: string[];
      updated: string[];
      resetEdits: ReturnType<typeof editJson>[];
      sharedEnvironment: boolean;
      uninstalled: string[];
      /** uv changed uv.lock or the environment. */
      uvChanged: boolean;
      /** The plan changed pyproject.toml's entries (not only hpm's record). */
      synced: boolean;
      /** Only [tool.hpm] written changed in pyproject.toml. */
      recordedOnly: boolean;
      /** Entries removed although changed outside hpm (warned). */
      droppedEdits: string[];
    }
  );

/** The uv commands sync runs: lock, then (unless UV_NO_SYNC) the install. */
function uvCommands(prepared: Prepared, uvEnv: UvEnvPolicy, installs: boolean) {
  const lockBase = lockArgs();
  const lock = [...lockBase, ...lockExtras(prepared.uvOptions, lockBase)];
  // In a member, the shared .venv keeps what the rest of the workspace installed.
  const syncBase = syncArgs({ locked: true, inexact: prepared.sharedEnvironment });
  const install = [...syncBase, ...syncExtras(prepared.uvOptions, syncBase)];
  return {
    lock,
    install: uvEnv.noInstall || !installs ? undefined : install,
    lockedByEnv: uvEnv.locked,
  };
}

/** Runs `hpm sync`. */
export function run(input: InputOf<"sync">): Promise<Outcome<SyncJson>> {
  return whileLocked(input, () => sync(input, { install: true }));
}

/** What sync reads of its input (`hpm lock` gives the same, without --reset-edits). */
type SyncInput = Pick<InputOf<"sync">, "globals" | "passThrough"> & {
  options: Omit<InputOf<"sync">["options"], "reset-edits"> & { "reset-edits"?: boolean };
};

/**
 * Writes the selection into pyproject.toml and locks it; `install`: then installs it (sync),
 * else stops at uv.lock (`hpm lock`).
 */
export async function sync(
  input: SyncInput,
  how: { install: boolean },
): Promise<Outcome<SyncJson>> {
  const resetEdits = input.options["reset-edits"] === true;
  const uvEnv = applyUvEnv("sync");
  const prepared = await prepare(input, { mode: input.options.mode, resetEdits });
  const { project, changes, workspace } = prepared;
  // Entries changed outside hpm are never overwritten silently: shown, and nothing is written.
  if (changes.edits.length && !resetEdits) throw handEditError(changes.edits, project.text);
  const newText = await prepared.newText();
  const uv = uvCommands(prepared, uvEnv, how.install);
  // A member of a uv workspace shares the workspace's uv.lock, at its root.
  const lockPath = joinPath(workspace.root, "uv.lock");
  const plan: WritePlan = {
    what: "hpm sync",
    edits: [{
      path: project.pyprojectPath,
      read: project.text,
      text: newText,
      label: "pyproject.toml",
    }],
    watched: [lockPath],
    commands: [["uv", ...uv.lock], ...(uv.install ? [["uv", ...uv.install]] : [])],
    afterChange: !uv.install
      ? "uv.lock was made from hpm's version"
      : "uv.lock and the environment were made from hpm's version",
  };
  const shared = prepared.sharedEnvironment;
  const changed = newText !== project.text;
  // Keys in the order --json has always printed them; the ones the text needs come last.
  const extra = {
    file: displayPath(project.pyprojectPath),
    workspace: shared
      ? {
        root: displayPath(workspace.root),
        environment: displayPath(projectEnvironment(workspace)),
        member: workspace.member,
      }
      : null,
    notInstalled: !how.install ? "hpm lock" : uvEnv.noInstall ? "UV_NO_SYNC" : null,
  };
  const entries = entriesJson(prepared);
  const adopted = adoptionJson(changes.adopted);
  if (input.options["dry-run"]) {
    const { diff, commands } = planPreview(plan);
    return {
      exitCode: ExitCode.Success,
      json: {
        ok: true,
        dryRun: true,
        changed,
        diff,
        commands,
        entries,
        adopted,
        ...extra,
        removed: changes.removed,
      },
    };
  }
  const ran = await execute(
    plan,
    (step) => runUvSteps(prepared, uv, input, lockPath, step),
    {
      wrap: async (error) => {
        const failure = await withAlternatives(error, prepared) as HpmError;
        return failure.hint ? failure : new HpmError(failure.message, {
          hint: "run 'hpm sync' again",
          exitCode: failure.exitCode,
          code: failure.code,
          problems: failure.problems,
          details: failure.details,
          data: failure.data,
        });
      },
    },
  );
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      changed,
      added: changes.added.map((e) => e.distribution),
      updated: changes.updated.map((e) => e.distribution),
      removed: changes.removed,
      resetEdits: changes.edits.map(editJson),
      entries,
      adopted,
      sharedEnvironment: shared,
      uninstalled: ran?.uninstalled ?? [],
      ...extra,
      uvChanged: ran?.uvChanged ?? false,
      synced: !isEmptyChanges(changes),
      recordedOnly: changed && onlyRecord(changes),
      droppedEdits: changes.droppedEdits.map(droppedEditMessage),
    },
  };
}

/** uv lock, then the install (and, in a workspace, the uninstall of what nothing needs). */
async function runUvSteps(
  prepared: Prepared,
  uv: ReturnType<typeof uvCommands>,
  input: SyncInput,
  lockPath: string,
  { checkpoint, before: beforeUv }: StepContext,
): Promise<{ uvChanged: boolean; uninstalled: string[] }> {
  const { project } = prepared;
  const locked = await runUvStep(uv.lock, project.root, "Resolving dependencies");
  checkpoint();
  if (locked.code !== 0) {
    const failure = explainUvFailure(
      locked,
      prepared.plan.entries,
      "uv lock failed",
      ownRequirements(project.view.dependencies),
    );
    if (uv.lockedByEnv && failure.code === "uv-lock-outdated") {
      throw new HpmError(failure.message, {
        hint: "UV_LOCKED is set, so uv.lock may not change: unset it for 'hpm sync' to " +
          "update uv.lock",
        exitCode: failure.exitCode,
        code: failure.code,
        details: failure.details,
        data: failure.data,
      });
    }
    throw failure;
  }
  const lockChanged = !sameBytes(beforeUv(lockPath), await readBytesOrNull(lockPath));
  if (!uv.install) return { uvChanged: lockChanged, uninstalled: [] };
  // On a terminal uv draws its own download and build progress; hpm then cannot read
  // its output, so whether it changed the environment comes from site-packages itself.
  const drawn = uvDrawsProgress(input.globals);
  const venv = projectEnvironment(prepared.workspace);
  // Without an environment uv would look for the interpreter again: given the lock's.
  prepared.interpreter.learn(locked.stderr);
  const python = hasEnvironment(venv) ? [] : prepared.interpreter.args();
  const install = [...uv.install, ...python];
  const before = drawn ? environmentStamp(venv) : "";
  const sync = drawn
    ? await runUv(install, { cwd: project.root, terminal: true })
    : await runUvStep(install, project.root, "Installing");
  checkpoint();
  if (sync.code !== 0) {
    throw drawn
      ? drawnFailure(sync)
      : explainUvFailure(sync, prepared.plan.entries, "uv sync failed");
  }
  let uvChanged = lockChanged ||
    (drawn
      ? environmentStamp(venv) !== before
      : /^(Creating virtual environment|Installed|Uninstalled) /m.test(sync.stderr));
  let uninstalled: string[] = [];
  if (prepared.sharedEnvironment) {
    uninstalled = await uninstallUnneeded(prepared, venv);
    checkpoint();
    if (uninstalled.length) uvChanged = true;
  }
  return { uvChanged, uninstalled };
}

/** What sync does to a workspace's shared environment, from a member. */
function memberNote(json: SyncJson, workspace: SharedJson): string {
  const done = json.dryRun !== true;
  const uninstalled = json.dryRun ? [] : json.uninstalled;
  const removed = done
    ? uninstalled.length
      ? `; uninstalled ${uninstalled.join(", ")} (nothing else there needs it)`
      : ""
    : json.removed.length
    ? `; then uninstalls ${json.removed.join(", ")} unless the rest of the ` +
      "workspace needs it"
    : "";
  const where = workspace.member
    ? `a member of the uv workspace at ${workspace.root}`
    : "the root of a uv workspace";
  return `this project is ${where}: ${done ? "installed" : "installs"} into its shared ` +
    `${workspace.environment} and ${done ? "kept" : "keeps"} what the rest of the workspace ` +
    `installed there (uv sync --inexact)${removed}`;
}

/** `hpm sync` in text. */
export function render(json: SyncJson, _mode: RenderMode): Line[] {
  const lines: Line[] = [];
  const info = (text: string) => lines.push({ to: "info", text });
  const member = json.workspace && !json.notInstalled ? json.workspace : undefined;
  if (json.dryRun) {
    if (adopts(json.adopted)) info(adoptionLine(json.adopted, false));
    lines.push({
      to: "data",
      text: json.diff || `# ${json.file} is already in sync with the selection`,
    });
    lines.push({ to: "data", text: json.commands.map((c) => "$ " + c.join(" ")).join("\n") });
    if (member) info(memberNote(json, member));
    lines.push(dryRunLine());
    return lines;
  }
  if (member) info(memberNote(json, member));
  for (const text of json.droppedEdits) lines.push({ to: "warn", text });
  if (adopts(json.adopted)) info(adoptionLine(json.adopted, true));
  const summary = (name: string) =>
    json.entries.find((e) => e.distribution === name)?.summary ?? name;
  for (const name of json.added) info(`  + ${summary(name)}`);
  for (const name of json.updated) info(`  ~ ${summary(name)}`);
  for (const name of json.removed) info(`  - ${name}`);
  if (json.resetEdits.length) {
    info(
      `  wrote the registry's version over ${
        plural(json.resetEdits.length, "entry", "entries")
      } changed outside hpm: ${json.resetEdits.map((e) => e.distribution).join(", ")}`,
    );
  }
  if (json.recordedOnly) {
    info(`  recorded what hpm wrote ([tool.hpm] written), to tell hand edits from its own`);
  }
  const count = `(${plural(json.entries.length, "package")} from hpm)`;
  const changes = json.synced;
  const file = json.file;
  if (json.notInstalled) {
    const why = `not installed (${json.notInstalled})`;
    lines.push({
      to: "success",
      text: changes
        ? `synced ${file} and uv.lock ${count}; ${why}`
        : json.uvChanged
        ? `${file} already matched the selection; synced uv.lock ${count}; ${why}`
        : `${file} and uv.lock already in sync ${count}; ${why}`,
    });
    return lines;
  }
  lines.push({
    to: "success",
    text: changes
      ? `synced ${file} and the environment ${count}`
      : json.uvChanged
      ? `${file} already matched the selection; synced uv.lock and the environment ${count}`
      : `already in sync ${count}`,
  });
  return lines;
}
