/**
 * Rendering a matrix report as a table or as JSON (shape documented in docs/json.md), and each
 * conflict's reason in the words of check and sync. Pure.
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
import { type ConflictSet, describeCombination, type OptionRef } from "./combinations.ts";
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

/**
 * A conflicting set as text: `adapter-c (adapter) + metric-b (metric)`, with the project's own
 * dependencies that take part: `numba (metrics) + your own dependency 'fastembed>=0.4'`.
 */
export function describeSet(set: ConflictSet): string {
  return [
    ...set.options.map((o) => `${o.option} (${o.group})`),
    ...(set.own ?? []).map((own) => `your own dependency '${own}'`),
  ].join(" + ");
}

function conflictJson(set: ConflictSet): Record<string, unknown> {
  return {
    options: set.options,
    own: set.own ?? [],
    reason: set.reason,
    explanation: set.explanation ?? null,
  };
}

/** The JSON document of `check --all`. */
export function reportJson(report: MatrixReport): Record<string, unknown> {
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

/** The text table: combination, verdict, one-line reason. */
export function reportTable(report: MatrixReport): string {
  const rows = report.verdicts.map((v) => [
    describeCombination(v.selection),
    v.ok ? "ok" : "conflict",
    v.conflict ? `${describeSet(v.conflict)}: ${v.conflict.reason}` : "",
  ]);
  const width = Math.max("combination".length, ...rows.map((r) => r[0].length));
  const lines = [`${"combination".padEnd(width)}  verdict   reason`];
  for (const [combination, verdict, reason] of rows) {
    lines.push(`${combination.padEnd(width)}  ${verdict.padEnd(8)}  ${reason}`.trimEnd());
  }
  return lines.join("\n");
}
