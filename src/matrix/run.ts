/**
 * `check --all`: every allowed combination of the project's groups, with a verdict each.
 *
 * Default (universal): one project holding every option as an extra is locked; each failure
 * names a conflicting set of options, which is then declared (or, for a single option, left
 * out) and the lock repeated until it succeeds. A successful universal lock proves every
 * combination that avoids the known sets, so uv runs once per conflict plus once. (A set of
 * three or more options, declared to uv, keeps every pair of them apart too: combinations that
 * hold some of its options are then locked one by one.)
 * `--exhaustive`: every combination is locked on its own, in parallel (`--jobs`), each in its
 * own temporary project, skipping combinations that contain a set already known to conflict.
 */
import { ExitCode, HpmError } from "../errors.ts";
import { debug, stopSpinner, updateSpinner } from "../output.ts";
import type { Selection } from "../plan/selection.ts";
import { editPyproject } from "../pyproject/editor.ts";
import type { Group } from "../registry/types.ts";
import { lockArgs } from "../uv/commands.ts";
import { lockExtras } from "../uv/pass_through.ts";
import { parseUvFailure } from "../uv/diagnostics.ts";
import { ownRequirements } from "../uv/conflict.ts";
import { conflictOf } from "./report.ts";
import { runUv } from "../uv/run.ts";
import type { FoundInterpreter } from "../uv/interpreter.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import type { Project } from "../project/discover.ts";
import type { Workspace } from "../project/workspace.ts";
import type { Registry } from "../registry/types.ts";
import type { PassedOption } from "../uv/pass_through.ts";
import { withTempProject } from "../execute/temp_project.ts";
import { involvedOptions, ownersOf } from "../execute/uv_step.ts";
import { closureOf, implicationGraph } from "../registry/relations.ts";
import {
  allCombinations,
  type ConflictSet,
  containsSet,
  declaredSets,
  minimalSets,
  optionKey,
  type OptionRef,
  optionsInPlay,
  withImplications,
} from "./combinations.ts";
import { extraNames, optionsNamed, universalOps } from "./universal.ts";
import { plural } from "../plural.ts";

/** The verdict on one combination. */
export interface Verdict {
  selection: Selection;
  ok: boolean;
  /** The conflicting set it contains, when it fails. */
  conflict?: ConflictSet;
  /** True when uv ran on this combination itself (exhaustive mode). */
  ran: boolean;
}

/** The whole matrix. */
export interface MatrixReport {
  strategy: "universal" | "exhaustive";
  groups: string[];
  /** A verdict for each allowed combination. */
  verdicts: Verdict[];
  /** The minimal sets found to conflict (the declared ones are in `declared`). */
  conflicts: ConflictSet[];
  /** Combinations left out because they hold a conflict the registry declares. */
  leftOut: number;
  declared: ConflictSet[];
  uvRuns: number;
  elapsedMs: number;
}

/** A selection planned as `hpm sync` would write it. */
export interface MatrixPlanned {
  plan: { entries: PlannedEntry[] };
  /** pyproject.toml as sync would write it for that selection. */
  newText(): Promise<string>;
}

/** What `checkAll` needs of the loaded project (check's `Prepared` is one). */
export interface MatrixProject {
  project: Project;
  /** The uv workspace the project belongs to (the temporary projects mirror it). */
  workspace: Workspace;
  registry: Pick<Registry, "groups">;
  /** The recorded selection: its groups take part. */
  selection: Selection;
  /** Plans a selection; `implications: false` plans exactly the options given. */
  planner(selection: Selection, options?: { implications?: boolean }): Promise<MatrixPlanned>;
  /** uv options the command passes on (added to every `uv lock`). */
  uvOptions: readonly PassedOption[];
  /**
   * The interpreter the first lock found: every temporary project looks for it the same way, so
   * the later locks are given it and need not search again (uv/interpreter.ts).
   */
  interpreter: FoundInterpreter;
}

/** Options of `checkAll`. */
export interface MatrixOptions {
  depth: number;
  jobs: number;
  exhaustive: boolean;
}

/** A set as a key: its options, sorted. */
const setKey = (set: ConflictSet) => set.options.map(optionKey).sort().join(" ");

function verdicts(combinations: Selection[], known: ConflictSet[], ran: Set<Selection>) {
  return combinations.map((selection): Verdict => {
    const conflict = known.find((set) => containsSet(selection, set.options));
    return { selection, ok: !conflict, conflict, ran: ran.has(selection) };
  });
}

function progress(label: string, started: number): void {
  updateSpinner(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

async function lockText(context: MatrixProject, text: string) {
  return await withTempProject(
    context.project,
    text,
    async (dir, realPaths) => {
      const result = await runUv(lockWith(context), { cwd: dir, silent: true });
      context.interpreter.learn(result.stderr);
      return { ...result, stderr: realPaths(result.stderr) };
    },
    { copyLock: false, workspace: context.workspace },
  );
}

async function universal(
  context: MatrixProject,
  groups: Group[],
  combinations: Selection[],
  declared: ConflictSet[],
  started: number,
): Promise<{ known: ConflictSet[]; runs: number }> {
  // Every option some combination selects (implied ones too), planned as given.
  const inPlay = optionsInPlay(combinations);
  const planned = await context.planner(inPlay, { implications: false });
  const entries = new Map(planned.plan.entries.map((e) => [`${e.group}/${e.option}`, e]));
  const owners = ownersOf(planned.plan.entries);
  const base = await (await context.planner(new Map())).newText();
  const extras = extraNames(groups);
  const graph = implicationGraph(context.registry.groups);
  const closures = new Map(
    [...extras.values()].map((ref) => [optionKey(ref), closureOf(graph, ref).map((r) => r.ref)]),
  );
  const playGroups = [...inPlay.keys()].map((name) => context.registry.groups.get(name)!);
  const own = ownRequirements(context.project.view.dependencies);
  const known: ConflictSet[] = [...declared];
  const limit = extras.size * extras.size + 2;
  for (let runs = 1; runs <= limit; runs++) {
    progress(
      `resolving ${combinations.length} combinations at once, ${
        plural(known.length, "conflict")
      } so far`,
      started,
    );
    const ops = universalOps({ groups: playGroups, entries, known, closures }, extras);
    const result = await lockText(context, await editPyproject(base, "pyproject.toml", ops));
    if (result.code === 0) return { known, runs };
    const failure = parseUvFailure(result.stderr);
    let refs = optionsNamed(failure.explanation ?? result.stderr, extras);
    if (refs.length === 0) refs = involvedOptions(failure.packages, owners);
    const key = refs.map(optionKey).sort().join(" ");
    if (refs.length === 0 || known.some((s) => s.options.map(optionKey).sort().join(" ") === key)) {
      throw new HpmError(
        refs.length === 0
          ? "the project does not resolve even with no option of its groups selected: " +
            conflictOf(failure, planned.plan.entries, { extras, own }).reason
          : `uv keeps failing on the same options (${key}); cannot check every combination`,
        {
          exitCode: ExitCode.Failure,
          code: "matrix-failed",
          details: result.stderr.trim(),
          hint: "run 'hpm check' on the current selection to see uv's explanation",
        },
      );
    }
    debug(`conflict found: ${key}`);
    known.push({ options: refs, ...conflictOf(failure, planned.plan.entries, { extras, own }) });
  }
  throw new HpmError("too many conflicts to check every combination", {
    exitCode: ExitCode.Failure,
    code: "matrix-failed",
    hint: "use --exhaustive, or fewer groups",
  });
}

async function exhaustive(
  context: MatrixProject,
  combinations: Selection[],
  declared: ConflictSet[],
  jobs: number,
  started: number,
): Promise<{ known: ConflictSet[]; runs: number; ran: Set<Selection> }> {
  const known: ConflictSet[] = [...declared];
  const ran = new Set<Selection>();
  let next = 0;
  let done = 0;
  let runs = 0;
  const worker = async () => {
    while (next < combinations.length) {
      const selection = combinations[next++];
      if (!known.some((set) => containsSet(selection, set.options))) {
        const planned = await context.planner(selection);
        const result = await lockText(context, await planned.newText());
        runs++;
        ran.add(selection);
        if (result.code !== 0) {
          const failure = parseUvFailure(result.stderr);
          const refs: OptionRef[] = involvedOptions(
            failure.packages,
            ownersOf(planned.plan.entries),
          );
          const options = refs.length
            ? refs
            : [...selection].flatMap(([group, opts]) => opts.map((option) => ({ group, option })));
          const own = ownRequirements(context.project.view.dependencies);
          known.push({ options, ...conflictOf(failure, planned.plan.entries, { own }) });
        }
      }
      done++;
      progress(
        `checked ${done}/${combinations.length} combinations, ${plural(runs, "uv run")}`,
        started,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return { known, runs, ran };
}

/** Checks every allowed combination of the groups the project selects. */
export async function checkAll(
  context: MatrixProject,
  options: MatrixOptions,
): Promise<MatrixReport> {
  const started = performance.now();
  const groups = [...context.selection.keys()].map((name) => context.registry.groups.get(name)!);
  if (groups.length === 0) {
    throw new HpmError(
      "nothing is selected in [tool.hpm.groups]; --all checks the groups you use",
      {
        hint: "select an option first: 'hpm group add GROUP --option OPTION'",
        code: "nothing-selected",
      },
    );
  }
  const combinations = withImplications(
    allCombinations(groups, options.depth),
    context.registry.groups,
  );
  // Conflicts the registry declares are known without running uv. A combination holding one is
  // not allowed ('group add' and 'check' refuse it), like one whose implications contradict
  // it: it is left out, and the sets are still declared to uv so the lock does not trip on them.
  const declared = declaredSets(context.registry.groups, combinations);
  const allowed = combinations.filter((c) => !declared.some((set) => containsSet(c, set.options)));
  const declaredKeys = new Set(declared.map(setKey));
  const report = (
    strategy: MatrixReport["strategy"],
    known: ConflictSet[],
    ran: Set<Selection>,
    uvRuns: number,
  ): MatrixReport => {
    const conflicts = minimalSets(known).filter((set) => !declaredKeys.has(setKey(set)));
    return {
      strategy,
      groups: groups.map((g) => g.name),
      verdicts: verdicts(allowed, conflicts, ran),
      conflicts,
      leftOut: combinations.length - allowed.length,
      declared,
      uvRuns,
      elapsedMs: Math.round(performance.now() - started),
    };
  };
  try {
    if (allowed.length === 0) {
      return report(options.exhaustive ? "exhaustive" : "universal", [], new Set(), 0);
    }
    if (options.exhaustive) {
      const { known, runs, ran } = await exhaustive(
        context,
        allowed,
        declared,
        options.jobs,
        started,
      );
      return report("exhaustive", known, ran, runs);
    }
    const found = await universal(context, groups, allowed, declared, started);
    // uv's conflict sets mean "at most one of", so a set of three or more declared to it also
    // keeps pairs of its options apart: combinations holding two or more of them (not all)
    // are not proven by the universal lock, and are locked one by one.
    const wide = found.known.filter((set) => set.options.length >= 3);
    const unproven = allowed.filter((combination) =>
      !found.known.some((set) => containsSet(combination, set.options)) &&
      wide.some((set) => set.options.filter((ref) => containsSet(combination, [ref])).length >= 2)
    );
    if (unproven.length === 0) return report("universal", found.known, new Set(), found.runs);
    debug(`${plural(unproven.length, "combination")} hold part of a wider conflict`);
    const more = await exhaustive(context, unproven, found.known, options.jobs, started);
    return report("universal", more.known, more.ran, found.runs + more.runs);
  } finally {
    stopSpinner();
  }
}

/** `uv lock` with the uv options the command passes on (`--offline`, sync-args, after `--`). */
function lockWith(context: MatrixProject): string[] {
  const base = lockArgs();
  return [...base, ...context.interpreter.args(), ...lockExtras(context.uvOptions, base)];
}
