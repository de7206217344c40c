/**
 * A matrix report as JSON (shape documented in docs/json.md; report_text.ts says it in text),
 * and each conflict's reason in the words of check and sync. Pure.
 */
import type { PlannedEntry } from "../plan/plan.ts";
import type { Selection } from "../plan/selection.ts";
import type { UvFailure } from "../uv/diagnostics.ts";
import {
  explainDerivation,
  explanationJson,
  explanationText,
  ownDependencies,
} from "../uv/conflict.ts";
import { ownersOf } from "../execute/uv_step.ts";
import type { ConflictSet, OptionRef } from "./combinations.ts";
import type { MatrixReport } from "./run.ts";

/**
 * Why a set conflicts, from uv's derivation, in the words of check and sync:
 * `option 'adapter-c' (group 'adapter') needs shared-lib==2.0.0; option 'metric-b' (group
 * 'metric') needs shared-lib==1.0.0`, naming the project's own dependencies when they take part.
 */
export function conflictOf(
  failure: UvFailure,
  entries: readonly PlannedEntry[],
  context: { extras?: ReadonlyMap<string, OptionRef>; own?: ReadonlyMap<string, string> } = {},
): Pick<ConflictSet, "reason" | "own" | "explanation"> {
  const explanation = failure.derivation &&
    explainDerivation(failure.derivation, { owners: ownersOf(entries), ...context });
  if (!explanation) return { reason: failure.summary };
  const own = ownDependencies(explanation);
  return {
    reason: explanationText(explanation),
    explanation: explanationJson(explanation),
    ...(own.length && { own }),
  };
}

function selectionJson(selection: Selection): Record<string, string | string[]> {
  return Object.fromEntries(
    [...selection].map(([group, options]) => [group, options.length === 1 ? options[0] : options]),
  );
}

/** A conflicting set in `check --all --json`. */
export interface ConflictJson {
  options: OptionRef[];
  own: string[];
  reason: string;
  explanation: Record<string, unknown> | null;
}

function conflictJson(set: ConflictSet): ConflictJson {
  return {
    options: set.options,
    own: set.own ?? [],
    reason: set.reason,
    explanation: set.explanation ?? null,
  };
}

/** One combination's verdict in `check --all --json`. */
export interface CombinationJson {
  /** group -> option (an M-of-N group's several options as a list). */
  selection: Record<string, string | string[]>;
  ok: boolean;
  reason: string | null;
  conflict: OptionRef[] | null;
  own: string[];
  ran: boolean;
}

/** The report part of `check --all --json` (documented in docs/json.md). */
export interface ReportJson {
  ok: boolean;
  strategy: MatrixReport["strategy"];
  groups: string[];
  total: number;
  failed: number;
  conflicts: ConflictJson[];
  leftOut: number;
  declared: Array<{ options: OptionRef[]; reason: string }>;
  combinations: CombinationJson[];
  uvRuns: number;
  elapsedMs: number;
}

/** The JSON document of `check --all`. */
export function reportJson(report: MatrixReport): ReportJson {
  const failed = report.verdicts.filter((v) => !v.ok).length;
  return {
    ok: failed === 0,
    strategy: report.strategy,
    groups: report.groups,
    total: report.verdicts.length,
    failed,
    conflicts: report.conflicts.map(conflictJson),
    leftOut: report.leftOut,
    declared: report.declared.map((c) => ({ options: c.options, reason: c.reason })),
    combinations: report.verdicts.map((v) => ({
      selection: selectionJson(v.selection),
      ok: v.ok,
      reason: v.conflict?.reason ?? null,
      conflict: v.conflict?.options ?? null,
      own: v.conflict?.own ?? [],
      ran: v.ran,
    })),
    uvRuns: report.uvRuns,
    elapsedMs: report.elapsedMs,
  };
}
