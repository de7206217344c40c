/**
 * The one place a command's plan changes the user's files: `execute(plan)` takes the files'
 * transaction (fs/transaction.ts: writable check, backups beside the files, writes only over
 * what was read), writes the planned texts, runs the command's uv steps, and on any error or
 * SIGINT/SIGTERM/SIGHUP puts every file back (or says where each one stands). Taken inside
 * `whileLocked` (execute/lock.ts), so what was planned is what is written over.
 */
import { HpmError } from "../errors.ts";
import {
  changedError,
  describeRollback,
  type FileOutcome,
  Transaction,
} from "../fs/transaction.ts";
import { readBytesOrNull } from "../fs/atomic.ts";
import { info, warn } from "../output.ts";
import { displayPath } from "../paths.ts";
import { InterruptedError, STOP_SIGNALS } from "../uv/run.ts";
import { type FileEdit, planPreview, type WritePlan } from "./plan.ts";

/** What the uv part of a plan gets: a safe point to stop at when a signal came. */
export interface StepContext {
  /** Throws InterruptedError when SIGINT/SIGTERM/SIGHUP arrived since the last call. */
  checkpoint(): void;
  /** A watched file's bytes as they were before anything ran (null: absent). */
  before(path: string): Uint8Array | null;
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

function changed(edit: FileEdit): boolean {
  return edit.text !== edit.read;
}

/**
 * Applies `plan`: its file edits, then `steps` (the uv runs), all or nothing. Returns what
 * `steps` returned. On failure the error is thrown again with `data.files` (where each file
 * stands) after one line saying so; `wrap` may turn it into the command's own error first.
 */
export async function execute<T>(
  plan: WritePlan,
  steps?: (context: StepContext) => Promise<T>,
  options: { wrap?: (error: HpmError) => Promise<HpmError> | HpmError } = {},
): Promise<T | undefined> {
  const edits = plan.edits.filter(changed);
  // Nothing to write and nothing to run: no transaction, no backups.
  if (edits.length === 0 && !steps) return undefined;
  const watched = await Promise.all(
    (plan.watched ?? []).map(async (path) => ({ path, read: await readBytesOrNull(path) })),
  );
  const tx = await Transaction.begin([
    ...plan.edits.map((e) => ({
      path: e.path,
      read: e.read,
      writer: "hpm" as const,
      mayWrite: changed(e),
    })),
    ...watched.map((w) => ({ path: w.path, read: w.read, writer: "uv" as const })),
  ]);
  const trap = trapSignals();
  let stepsRan = false;
  const checkpoint = () => {
    const signal = trap.received();
    if (signal) throw new InterruptedError(signal, plan.what);
  };
  let result: T | undefined;
  try {
    for (const edit of edits) await tx.write(edit.path, edit.text);
    checkpoint();
    if (steps) {
      stepsRan = true;
      const before = (path: string) => watched.find((w) => w.path === path)?.read ?? null;
      result = await steps({ checkpoint, before });
      checkpoint();
      // A save while uv ran (an editor, `uv add`): uv worked from hpm's text, not from it, so
      // this is no success; the save is kept and what uv wrote goes back.
      for (const edit of edits) {
        if (!await tx.holdsOwn(edit.path)) {
          throw changedError(
            edit.path,
            "while uv ran (another program saved it)",
            plan.afterChange ?? "what uv made came from hpm's version",
          );
        }
      }
    }
  } catch (error) {
    const outcomes = await tx.rollback();
    trap.release();
    throw await rolledBack(error, outcomes, { stepsRan, tell: steps !== undefined }, options.wrap);
  } finally {
    trap.release();
  }
  tx.commit();
  return result;
}

/** The error of a failed plan, after one line saying where each file stands. */
async function rolledBack(
  error: unknown,
  outcomes: FileOutcome[],
  { stepsRan, tell: always }: { stepsRan: boolean; tell: boolean },
  wrap?: (error: HpmError) => Promise<HpmError> | HpmError,
): Promise<unknown> {
  const what = describeRollback(outcomes, stepsRan ? "while uv ran" : "while hpm worked");
  const restored = outcomes.filter((o) => o.state === "restored").map((o) => o.path);
  const left = outcomes.filter((o) => o.state === "left").map((o) => displayPath(o.path));
  const edited = left.length > 0 || outcomes.some((o) => o.state === "unrestored");
  // A plan with uv steps always says where its files stand; a plain write only when it changed
  // something (else its error says it all).
  const tell = always || restored.length > 0 || edited;
  if (tell) {
    if (edited) warn(what + (left.length ? " ('hpm status' shows where it stands)" : ""));
    else info(what);
  }
  if (!(error instanceof HpmError)) return error;
  const failure = wrap ? await wrap(error) : error;
  if (!tell) return failure;
  return new HpmError(failure.message, {
    hint: failure.hint,
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

/**
 * `--dry-run` or not, for a command whose only effect is `plan`: with it, nothing is written and
 * the plan's diff is returned; without it, `apply` (execute, or a registry command's commit)
 * writes it. Gives the `dryRun` and `diff` fields of the command's --json document.
 */
export async function applyOrPreview(
  plan: WritePlan,
  dryRun: boolean | undefined,
  apply: (plan: WritePlan) => Promise<unknown> = (p) => execute(p),
): Promise<{ dryRun: boolean; diff?: string }> {
  if (dryRun) return { dryRun: true, diff: planPreview(plan).diff };
  await apply(plan);
  return { dryRun: false };
}
