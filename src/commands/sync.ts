/**
 * `hpm sync`: write the plan into pyproject.toml, then `uv lock` and `uv sync --locked`.
 * A transaction: pyproject.toml and uv.lock are snapshotted first and restored byte for byte
 * on any failure, SIGINT, SIGTERM and SIGHUP included.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { MAX_LOCK_BYTES, readRegularFile } from "../fs/regular_file.ts";
import { whileLocked } from "../execute/lock.ts";
import { unifiedDiff } from "../diff.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { readBytesOrNull, sameBytes } from "../fs/atomic.ts";
import { changedError, describeRollback, Transaction } from "../fs/transaction.ts";
import { plural } from "../plural.ts";
import {
  info,
  isJsonMode,
  isQuiet,
  isVerbose,
  printData,
  printJson,
  style,
  success,
  warn,
} from "../output.ts";
import { displayPath, joinPath } from "../paths.ts";
import { isEmptyChanges, onlyRecord } from "../plan/reconcile.ts";
import { droppedEditMessage, editJson, handEditError } from "./hand_edits.ts";
import { lockArgs, pipUninstallArgs, syncArgs } from "../uv/commands.ts";
import { installedVersions } from "./installed.ts";
import { stillNeeded } from "../project/lock_graph.ts";
import { readToml } from "../pyproject/read.ts";
import { lockExtras, syncExtras } from "../uv/pass_through.ts";
import { InterruptedError, type RunResult, runUv, STOP_SIGNALS } from "../uv/run.ts";
import { applyUvEnv } from "./uv_options.ts";
import { projectEnvironment } from "./temp_project.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { explainUvFailure, runUvStep } from "./uv_step.ts";
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
  }));
}

/** Signals that arrive outside uv runs are remembered and acted on at the next safe point. */
function trapSignals(): { received: () => Deno.Signal | undefined; release: () => void } {
  let received: Deno.Signal | undefined;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => {
      received ??= signal;
    };
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  let released = false;
  return {
    received: () => received,
    release: () => {
      if (released) return;
      released = true;
      listeners.forEach(([s, l]) => Deno.removeSignalListener(s, l));
    },
  };
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
function uvDrawsProgress(): boolean {
  return Deno.stderr.isTerminal() && !isQuiet() && !isJsonMode() && !isVerbose();
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

/** What sync does to a workspace's shared environment, from a member. */
function memberNote(prepared: Prepared, uninstalled: readonly string[], done: boolean): string {
  const root = displayPath(prepared.workspace.root);
  const venv = displayPath(projectEnvironment(prepared.workspace));
  const removed = done
    ? uninstalled.length
      ? `; uninstalled ${uninstalled.join(", ")} (nothing else there needs it)`
      : ""
    : prepared.changes.removed.length
    ? `; then uninstalls ${prepared.changes.removed.join(", ")} unless the rest of the ` +
      "workspace needs it"
    : "";
  const where = prepared.workspace.member
    ? `a member of the uv workspace at ${root}`
    : "the root of a uv workspace";
  return `this project is ${where}: ${done ? "installed" : "installs"} into its shared ` +
    `${venv} and ${done ? "kept" : "keeps"} what the rest of the workspace installed there ` +
    `(uv sync --inexact)${removed}`;
}

/** Runs `hpm sync`. */
export function run(input: ParsedInput): Promise<number> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: ParsedInput): Promise<number> {
  const mode = input.options.mode as string | undefined;
  const dryRun = input.options["dry-run"] === true;
  const resetEdits = input.options["reset-edits"] === true;
  const uvEnv = applyUvEnv("sync");
  const prepared = await prepare(input, { mode, resetEdits });
  const { project, changes } = prepared;
  // Entries changed outside hpm are never overwritten silently: shown, and nothing is written.
  if (changes.edits.length && !resetEdits) throw handEditError(changes.edits, project.text);
  const newText = await prepared.newText();
  const file = displayPath(project.pyprojectPath);
  const lockBase = lockArgs();
  const lock = [...lockBase, ...lockExtras(prepared.uvOptions, lockBase)];
  // In a member, the shared .venv keeps what the rest of the workspace installed (see below).
  const { workspace } = prepared;
  const shared = prepared.sharedEnvironment;
  const syncBase = syncArgs({ locked: true, inexact: shared });
  const install = [...syncBase, ...syncExtras(prepared.uvOptions, syncBase)];
  const commands = uvEnv.noInstall ? [["uv", ...lock]] : [["uv", ...lock], ["uv", ...install]];
  const changed = newText !== project.text;

  if (dryRun) {
    const diff = unifiedDiff(project.text, newText, "pyproject.toml");
    if (isJsonMode()) {
      printJson({
        ok: true,
        dryRun: true,
        changed,
        diff,
        commands,
        entries: entriesJson(prepared),
        adopted: adoptionJson(changes.adopted),
      });
      return ExitCode.Success;
    }
    if (adopts(changes.adopted)) info(adoptionLine(changes.adopted, false));
    printData(diff || `# ${file} is already in sync with the selection`);
    printData(commands.map((c) => "$ " + c.join(" ")).join("\n"));
    if (shared && !uvEnv.noInstall) info(memberNote(prepared, changes.removed, false));
    info(style.dim("dry run: nothing was written"));
    return ExitCode.Success;
  }

  // A member of a uv workspace shares the workspace's uv.lock, at its root.
  const lockPath = joinPath(workspace.root, "uv.lock");
  let uninstalled: string[] = [];
  const lockRead = await readBytesOrNull(lockPath);
  // Checks both files writable and backs them up before anything changes (see fs/transaction).
  const tx = await Transaction.begin([
    { path: project.pyprojectPath, read: project.text, writer: "hpm", mayWrite: changed },
    { path: lockPath, read: lockRead, writer: "uv" },
  ]);
  const trap = trapSignals();
  let uvChanged = false;
  let uvRan = false;
  const checkpoint = () => {
    const signal = trap.received();
    if (signal) throw new InterruptedError(signal, "hpm sync");
  };
  try {
    if (changed) await tx.write(project.pyprojectPath, newText);
    checkpoint();
    uvRan = true;
    const locked = await runUvStep(lock, project.root, "Resolving dependencies");
    checkpoint();
    if (locked.code !== 0) {
      const failure = explainUvFailure(
        locked,
        prepared.plan.entries,
        "uv lock failed",
        ownRequirements(project.view.dependencies),
      );
      if (uvEnv.locked && failure.code === "uv-lock-outdated") {
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
    const lockChanged = !sameBytes(lockRead, await readBytesOrNull(lockPath));
    if (uvEnv.noInstall) uvChanged = lockChanged;
    else {
      // On a terminal uv draws its own download and build progress; hpm then cannot read
      // its output, so whether it changed the environment comes from site-packages itself.
      const drawn = uvDrawsProgress();
      const venv = projectEnvironment(prepared.workspace);
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
      uvChanged = lockChanged ||
        (drawn
          ? environmentStamp(venv) !== before
          : /^(Creating virtual environment|Installed|Uninstalled) /m.test(sync.stderr));
      if (shared) {
        uninstalled = await uninstallUnneeded(prepared, venv);
        checkpoint();
        if (uninstalled.length) uvChanged = true;
      }
    }
    // A save while uv ran (an editor, `uv add`): uv worked from hpm's text, not from it, so
    // this is no success; the save is kept and uv.lock goes back.
    if (!await tx.holdsOwn(project.pyprojectPath)) {
      throw changedError(
        project.pyprojectPath,
        "while uv ran (another program saved it)",
        uvEnv.noInstall
          ? "uv.lock was made from hpm's version"
          : "uv.lock and the environment were made from hpm's version",
      );
    }
  } catch (error) {
    // Each file goes back only if it still holds what hpm (or uv) left there: a file another
    // program changed meanwhile keeps that change (putting the old bytes back would lose it).
    const outcomes = await tx.rollback();
    const what = describeRollback(outcomes, uvRan ? "while uv ran" : "while hpm worked");
    const restored = outcomes.filter((o) => o.state === "restored").map((o) => o.path);
    const left = outcomes.filter((o) => o.state === "left").map((o) => displayPath(o.path));
    const edited = left.length > 0 || outcomes.some((o) => o.state === "unrestored");
    // Files are back; a Ctrl-C from here on may end hpm at once.
    trap.release();
    // Where the files stand, on its own line before the error (its hint stays the way out).
    if (edited) warn(what + (left.length ? " ('hpm status' shows where it stands)" : ""));
    else info(what);
    if (error instanceof HpmError) {
      const failure = await withAlternatives(error, prepared) as HpmError;
      throw new HpmError(failure.message, {
        hint: failure.hint ?? "run 'hpm sync' again",
        exitCode: failure.exitCode,
        code: failure.code,
        problems: failure.problems,
        details: failure.details,
        data: {
          ...failure.data,
          restored: restored.map((p) => displayPath(p)),
          ...(left.length && { leftAsIs: left }),
          files: outcomes.map((o) => ({ file: displayPath(o.path), state: o.state })),
        },
      });
    }
    throw error;
  } finally {
    trap.release();
  }
  await tx.commit();

  if (isJsonMode()) {
    printJson({
      ok: true,
      changed,
      added: changes.added.map((e) => e.distribution),
      updated: changes.updated.map((e) => e.distribution),
      removed: changes.removed,
      resetEdits: changes.edits.map(editJson),
      entries: entriesJson(prepared),
      adopted: adoptionJson(changes.adopted),
      sharedEnvironment: shared,
      uninstalled,
    });
    return ExitCode.Success;
  }
  if (shared && !uvEnv.noInstall) info(memberNote(prepared, uninstalled, true));
  for (const edit of changes.droppedEdits) warn(droppedEditMessage(edit));
  if (adopts(changes.adopted)) info(adoptionLine(changes.adopted, true));
  for (const entry of changes.added) info(`  + ${describeEntry(entry)}`);
  for (const entry of changes.updated) info(`  ~ ${describeEntry(entry)}`);
  for (const name of changes.removed) info(`  - ${name}`);
  if (resetEdits && changes.edits.length) {
    info(
      `  wrote the registry's version over ${plural(changes.edits.length, "entry", "entries")} ` +
        `changed outside hpm: ${changes.edits.map((e) => e.name).join(", ")}`,
    );
  }
  if (changed && onlyRecord(changes)) {
    info(`  recorded what hpm wrote ([tool.hpm] written), to tell hand edits from its own`);
  }
  const count = `(${plural(prepared.plan.entries.length, "package")} from hpm)`;
  if (uvEnv.noInstall) {
    success(
      !isEmptyChanges(changes)
        ? `synced ${file} and uv.lock ${count}; not installed (UV_NO_SYNC)`
        : uvChanged
        ? `${file} already matched the selection; synced uv.lock ${count}; not installed ` +
          "(UV_NO_SYNC)"
        : `${file} and uv.lock already in sync ${count}; not installed (UV_NO_SYNC)`,
    );
    return ExitCode.Success;
  }
  success(
    !isEmptyChanges(changes)
      ? `synced ${file} and the environment ${count}`
      : uvChanged
      ? `${file} already matched the selection; synced uv.lock and the environment ${count}`
      : `already in sync ${count}`,
  );
  return ExitCode.Success;
}
