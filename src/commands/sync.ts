/**
 * `hpm sync`: write the plan into pyproject.toml, then `uv lock` and `uv sync --locked`.
 * A transaction: pyproject.toml and uv.lock are snapshotted first and restored byte for byte
 * on any failure, SIGINT, SIGTERM and SIGHUP included.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { MAX_LOCK_BYTES, readRegularFile } from "../fs/regular_file.ts";
import { whileLocked } from "./locking.ts";
import { unifiedDiff } from "../diff.ts";
import { ExitCode, HpmError } from "../errors.ts";
import {
  readBytesOrNull,
  restoreSnapshot,
  sameBytes,
  takeSnapshot,
  writeFileAtomic,
} from "../fs/atomic.ts";
import { plural } from "../plural.ts";
import { info, isJsonMode, printData, printJson, style, success, warn } from "../output.ts";
import { displayPath, joinPath } from "../paths.ts";
import { isEmptyChanges, onlyRecord } from "../plan/reconcile.ts";
import { droppedEditMessage, editJson, handEditError } from "./hand_edits.ts";
import { lockArgs, syncArgs } from "../uv/commands.ts";
import { InterruptedError, STOP_SIGNALS } from "../uv/run.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { explainUvFailure, runUvStep } from "./uv_step.ts";
import { withAlternatives } from "./alternatives.ts";
import { describeEntry, impliedJson, modeJson } from "./entries.ts";

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

/** True when the file's text is one of the two (unreadable counts as neither). */
async function holdsEither(path: string, a: string, b: string): Promise<boolean> {
  try {
    const now = new TextDecoder().decode(await readRegularFile(path, MAX_LOCK_BYTES));
    return now === a || now === b;
  } catch {
    return false;
  }
}

/** Runs `hpm sync`. */
export function run(input: ParsedInput): Promise<number> {
  return whileLocked(input, () => runLocked(input));
}

async function runLocked(input: ParsedInput): Promise<number> {
  const mode = input.options.mode as string | undefined;
  const dryRun = input.options["dry-run"] === true;
  const resetEdits = input.options["reset-edits"] === true;
  const prepared = await prepare(input, { mode, resetEdits });
  const { project, changes } = prepared;
  // Entries changed outside hpm are never overwritten silently: shown, and nothing is written.
  if (changes.edits.length && !resetEdits) throw handEditError(changes.edits, project.text);
  const newText = await prepared.newText();
  const file = displayPath(project.pyprojectPath);
  const commands = [["uv", ...lockArgs()], ["uv", ...syncArgs({ locked: true })]];
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
      });
      return ExitCode.Success;
    }
    printData(diff || `# ${file} is already in sync with the selection`);
    printData(commands.map((c) => "$ " + c.join(" ")).join("\n"));
    info(style.dim("dry run: nothing was written"));
    return ExitCode.Success;
  }

  // A member of a uv workspace shares the workspace's uv.lock, at its root.
  const lockPath = joinPath(prepared.workspace.root, "uv.lock");
  const snapshot = await takeSnapshot([project.pyprojectPath, lockPath]);
  const trap = trapSignals();
  let uvChanged = false;
  const checkpoint = () => {
    const signal = trap.received();
    if (signal) throw new InterruptedError(signal, "hpm sync");
  };
  try {
    if (changed) await writeFileAtomic(project.pyprojectPath, newText);
    checkpoint();
    const lock = await runUvStep(lockArgs(), project.root, "Resolving dependencies");
    checkpoint();
    if (lock.code !== 0) throw explainUvFailure(lock, prepared.plan.entries, "uv lock failed");
    const sync = await runUvStep(syncArgs({ locked: true }), project.root, "Installing");
    checkpoint();
    if (sync.code !== 0) throw explainUvFailure(sync, prepared.plan.entries, "uv sync failed");
    uvChanged = !sameBytes(snapshot.get(lockPath) ?? null, await readBytesOrNull(lockPath)) ||
      /^(Creating virtual environment|Installed|Uninstalled) /m.test(sync.stderr);
  } catch (error) {
    // pyproject.toml holding neither its old text nor hpm's was edited by someone else while
    // uv ran (an editor, `uv add`): putting the old bytes back would lose that edit.
    // (Also when hpm changed nothing there: the old text is then all it may put back.)
    const edited = !await holdsEither(project.pyprojectPath, project.text, newText);
    if (edited) snapshot.delete(project.pyprojectPath);
    const restored = await restoreSnapshot(snapshot);
    const what = [
      restored.length
        ? `restored ${restored.map((p) => displayPath(p)).join(" and ")} byte for byte`
        : edited
        ? ""
        : "pyproject.toml and uv.lock were not changed",
      edited
        ? `left ${file} as it is: another program changed it while uv ran` +
          (changed ? ", so hpm's change may still be in it" : "") +
          " ('hpm status' shows where it stands)"
        : "",
    ].filter(Boolean).join("; ");
    // Files are back; a Ctrl-C from here on may end hpm at once.
    trap.release();
    // Where the files stand, on its own line before the error (its hint stays the way out).
    if (edited) warn(what);
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
          ...(edited && { leftAsIs: [file] }),
        },
      });
    }
    throw error;
  } finally {
    trap.release();
  }

  if (isJsonMode()) {
    printJson({
      ok: true,
      changed,
      added: changes.added.map((e) => e.distribution),
      updated: changes.updated.map((e) => e.distribution),
      removed: changes.removed,
      resetEdits: changes.edits.map(editJson),
      entries: entriesJson(prepared),
    });
    return ExitCode.Success;
  }
  for (const edit of changes.droppedEdits) warn(droppedEditMessage(edit));
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
  success(
    !isEmptyChanges(changes)
      ? `synced ${file} and the environment ${count}`
      : uvChanged
      ? `${file} already matched the selection; synced uv.lock and the environment ${count}`
      : `already in sync ${count}`,
  );
  return ExitCode.Success;
}
