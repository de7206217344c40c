/**
 * `check --all`'s report in text, from its JSON document: the table and the conflicting sets.
 * Pure and small (check's render loads it; the matrix itself loads only with --all).
 */
import type { ConflictSet } from "./combinations.ts";
import type { CombinationJson, ReportJson } from "./report.ts";

/**
 * A conflicting set as text: `adapter-c (adapter) + metric-b (metric)`, with the project's own
 * dependencies that take part: `numba (metrics) + your own dependency 'fastembed>=0.4'`.
 */
export function describeSet(set: Pick<ConflictSet, "options" | "own">): string {
  return [
    ...set.options.map((o) => `${o.option} (${o.group})`),
    ...(set.own ?? []).map((own) => `your own dependency '${own}'`),
  ].join(" + ");
}

/** A combination of the JSON document as text: `adapter=adapter-c, metric=metric-a+metric-b`. */
function combinationText(selection: CombinationJson["selection"]): string {
  return Object.entries(selection)
    .map(([group, options]) => `${group}=${Array.isArray(options) ? options.join("+") : options}`)
    .join(", ");
}

/** The text table of a report's JSON document: combination, verdict, one-line reason. */
export function reportTable(report: Pick<ReportJson, "combinations">): string {
  const rows = report.combinations.map((c) => [
    combinationText(c.selection),
    c.ok ? "ok" : "conflict",
    c.conflict ? `${describeSet({ options: c.conflict, own: c.own })}: ${c.reason}` : "",
  ]);
  const width = Math.max("combination".length, ...rows.map((r) => r[0].length));
  const lines = [`${"combination".padEnd(width)}  verdict   reason`];
  for (const [combination, verdict, reason] of rows) {
    lines.push(`${combination.padEnd(width)}  ${verdict.padEnd(8)}  ${reason}`.trimEnd());
  }
  return lines.join("\n");
}
