/**
 * `hpm check --all`: every allowed combination of the groups the project selects, resolved by
 * matrix/run.ts; the outcome is its `--json` document, and `renderAll` says it in text.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { errorToJson, info, style } from "../output.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import { plural } from "../plural.ts";
import type { ReportJson } from "../matrix/report.ts";
import { describeSet, reportTable } from "../matrix/report_text.ts";
import { requireUsable } from "./registry_report.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { fallbackLines, modeJson } from "./entries.ts";

/** `hpm check --all --json`: the report, the options in play that fall back, the failure. */
export type CheckAllJson = ReportJson & {
  fallbacks: Array<{ group: string; option: string } & ReturnType<typeof modeJson>>;
  /** When some combination does not resolve (exit 1): the error, as in every error's JSON. */
  error?: unknown;
};

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

/** `N of M combinations do(es) not resolve`. */
function failureMessage(json: Pick<ReportJson, "failed" | "total">): string {
  return `${json.failed} of ${plural(json.total, "combination")} ` +
    `${json.failed === 1 ? "does" : "do"} not resolve`;
}

/** Runs `hpm check --all`. */
export async function runAll(input: InputOf<"check">): Promise<Outcome<CheckAllJson>> {
  const { options } = input;
  if (options.group !== undefined || options.option !== undefined) {
    throw new HpmError("--all checks every combination; it does not take --group/--option", {
      hint: "use either 'hpm check --all' or 'hpm check --group G --option O'",
    });
  }
  const depth = options.depth ?? 2;
  const jobs = options.jobs ?? (navigator.hardwareConcurrency || 2);
  const prepared = await prepare(input, { mode: options.mode, reportFallbacks: false });
  const fallbacks = await fallbacksInPlay(prepared, depth);
  // Said before the combinations run (they take a while), as prepare says it for one selection.
  if (!input.globals.json) { for (const line of fallbackLines(fallbacks)) info(line); }
  const { checkAll } = await import("../matrix/run.ts");
  const { reportJson } = await import("../matrix/report.ts");
  const report = reportJson(
    await checkAll(prepared, { depth, jobs, exhaustive: options.exhaustive === true }),
  );
  const failure = report.failed > 0 &&
    new HpmError(failureMessage(report), {
      exitCode: ExitCode.Failure,
      code: "combinations-fail",
      hint: "avoid the sets in 'conflicts', or fix the packages that conflict",
    });
  return {
    exitCode: failure ? ExitCode.Failure : ExitCode.Success,
    json: {
      ...report,
      fallbacks: fallbacks.map((e) => ({ group: e.group, option: e.option, ...modeJson(e) })),
      ...(failure && { error: errorToJson(failure).error }),
    },
  };
}

/** `hpm check --all` in text: a failure says so first (before the table) and last. */
export function renderAll(json: CheckAllJson): Line[] {
  const lines: Line[] = [];
  const took = `${plural(json.uvRuns, "uv run")}, ${(json.elapsedMs / 1000).toFixed(1)} s`;
  const failed = json.failed > 0;
  if (failed) lines.push({ to: "error", text: `${failureMessage(json)} (${took})` });
  lines.push({ to: "data", text: reportTable(json) });
  if (json.leftOut > 0) {
    lines.push({
      to: "info",
      text: style.dim(
        `left out ${plural(json.leftOut, "combination")} holding a conflict the registry ` +
          `declares (${json.declared.map(describeSet).join("; ")})`,
      ),
    });
  }
  if (json.conflicts.length) {
    lines.push({
      to: "data",
      text: "\nminimal conflicting sets:\n" +
        json.conflicts.map((c) => `  ${describeSet(c)}: ${c.reason}`).join("\n"),
    });
  }
  if (failed) {
    lines.push({
      to: "error",
      text: failureMessage(json),
      hint: "avoid the minimal conflicting sets above, or fix the packages that conflict",
    });
  } else {
    lines.push({
      to: "success",
      text: `${json.total} of ${json.total} combinations resolve (${took})`,
    });
  }
  return lines;
}
