/** Running one uv step for a command, and turning its failure into an error in the user's words. */
import { ExitCode, HpmError } from "../errors.ts";
import { isVerbose } from "../output.ts";
import { normalizeName } from "../names.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import { maskText } from "../redact.ts";
import { annotate, type OptionOwner, parseUvFailure } from "../uv/diagnostics.ts";
import {
  explainDerivation,
  type Explanation,
  explanationJson,
  explanationText,
} from "../uv/conflict.ts";
import { type RunResult, runUv } from "../uv/run.ts";

/** Runs `uv ARGS` in `cwd` with a spinner label. */
export function runUvStep(
  args: string[],
  cwd: string,
  label: string,
  env?: Record<string, string>,
): Promise<RunResult> {
  return runUv(args, { cwd, label, env });
}

/** Which option of which group brought each distribution in. */
export function ownersOf(entries: readonly PlannedEntry[]): Map<string, OptionOwner> {
  return new Map(
    entries.map((e) => [normalizeName(e.distribution), { group: e.group, option: e.option }]),
  );
}

/** The options a uv failure names, as `option (group)` phrases. */
export function involvedOptions(
  packages: readonly string[],
  owners: ReadonlyMap<string, OptionOwner>,
): OptionOwner[] {
  const seen = new Set<string>();
  const involved: OptionOwner[] = [];
  for (const name of packages) {
    const owner = owners.get(name);
    if (owner && !seen.has(name)) {
      seen.add(name);
      involved.push(owner);
    }
  }
  return involved;
}

const HINTS: Record<string, string> = {
  "no-solution": "choose another option of the groups named above ('hpm show GROUP'), " +
    "or check a change first with 'hpm check --group G --option O'",
  "build-failed": "fix the package's build (run 'uv build' in its directory to see why)",
  "not-found": "check the package name and its source in the registry manifest",
  "name-mismatch": "make the manifest name match the distribution's [project].name",
  "python": "the selected packages need another Python; see requires-python in each",
  "network": "uv could not reach a package's index, git repository or URL; check the " +
    "network, or use a local source",
  "lock-outdated": "run 'hpm sync' to update uv.lock",
};

/**
 * An HpmError (exit 1) explaining a failed uv run. A resolver conflict names each side as the
 * user chose it (`option 'numba' (group 'metrics') needs numpy>=1.21,<1.25`, `your own
 * dependency 'fastembed>=0.4' needs numpy>=1.26`); other failures name the options involved.
 * `own`: the project's own requirements as written (`ownRequirements`).
 */
export function explainUvFailure(
  result: RunResult,
  entries: readonly PlannedEntry[],
  title: string,
  own?: ReadonlyMap<string, string>,
): HpmError {
  const failure = parseUvFailure(result.stderr);
  const owners = ownersOf(entries);
  // A uv ended by a signal did not fail at anything it could tell: say which signal.
  const summary = result.signal ? `uv was killed by ${result.signal}` : failure.summary;
  const conflict: Explanation | undefined = !result.signal && failure.derivation &&
      (failure.kind === "no-solution" || failure.kind === "python")
    ? explainDerivation(failure.derivation, { owners, own })
    : undefined;
  // The sides of the conflict first, then any other selected package uv names.
  const sides = (conflict?.sides ?? []).flatMap((side) =>
    side.owner.kind === "option" ? [{ group: side.owner.group, option: side.owner.option }] : []
  );
  const involved = [...sides];
  for (const other of involvedOptions(failure.packages, owners)) {
    if (!involved.some((o) => o.group === other.group && o.option === other.option)) {
      involved.push(other);
    }
  }
  const names = involved.map((o) => `'${o.option}' (group '${o.group}')`);
  const message = conflict
    ? `${title}: ${explanationText(conflict)}`
    : names.length
    ? `${title}: ${summary} — involves ${names.join(" and ")}`
    : `${title}: ${summary}`;
  const explanation = annotate(failure, owners);
  // With --verbose uv's output was shown as it ran (the message names the options involved);
  // otherwise a resolver derivation reads best annotated, anything else as uv printed it.
  const details = isVerbose()
    ? undefined
    : !failure.explanation
    ? maskText(result.stderr.trim()) || undefined
    : maskText(explanation);
  return new HpmError(maskText(message), {
    exitCode: ExitCode.Failure,
    code: `uv-${failure.kind}`,
    hint: result.signal
      ? `something outside hpm stopped uv (${result.signal}: the OOM killer, a timeout, kill); ` +
        "run again"
      : failure.kind === "not-found" && involved.length === 0
      ? "check that name in pyproject.toml: it is not one hpm manages"
      : conflict && involved.length === 0
      ? "the project's own dependencies conflict with each other: change them in pyproject.toml"
      : HINTS[failure.kind] ?? "run again with --verbose to see uv's full output",
    details,
    data: {
      uv: {
        kind: failure.kind,
        summary: maskText(failure.summary),
        explanation: failure.explanation ? maskText(explanation) : null,
        conflict: conflict ? explanationJson(conflict) : null,
        involved,
        exitCode: result.code,
        signal: result.signal ?? null,
        stderr: maskText(result.stderr),
      },
    },
  });
}
