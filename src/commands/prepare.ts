/**
 * The shared front half of `check`, `sync` and `status`: load, validate the selection, plan,
 * reconcile with pyproject.toml, and compute the new text. Every static problem is collected
 * and reported at once before anything runs.
 */
import { workspaceAt } from "../load/locate.ts";
import type { GlobalOptions } from "../cli/spec.ts";
import { atKey, HpmError, type Problem } from "../errors.ts";
import { displayPath } from "../paths.ts";
import { plural } from "../plural.ts";
import { applyChanges, currentState } from "../plan/new_text.ts";
import { readLocalFacts } from "../load/local_facts.ts";
import { buildPlan, type LocalPackageFacts, type ModeInput, type Plan } from "../plan/plan.ts";
import { type Changes, reconcile, type ReconcileOptions } from "../plan/reconcile.ts";
import { conflictProblems, effectiveSelection, type ImpliedChoice } from "../plan/implications.ts";
import { normalizeSelection, type Selection, validateSelection } from "../plan/selection.ts";
import { refKey } from "../registry/relations.ts";
import { projectProblems, sharedSourceWarnings } from "../plan/project_check.ts";
import { info, printProblems } from "../output.ts";
import type { PyprojectView } from "../pyproject/view.ts";
import { locatePositions } from "../pyproject/positions.ts";
import { fallbackLines } from "./entries.ts";
import type { Project } from "../project/discover.ts";
import { coversDir, type Workspace } from "../project/workspace.ts";
import {
  type Adoption,
  adoption,
  membersAfter,
  noAdoption,
  originalTraces,
} from "../plan/adopt.ts";
import { normalizeName } from "../names.ts";
import { type CommandContext, loadContext } from "./context.ts";
import { type RegistryNeeds, requireUsable } from "./registry_report.ts";
import type { PassedOption } from "../uv/pass_through.ts";
import { type UvFlags, uvOptionsOf } from "./uv_options.ts";
import { type FoundInterpreter, foundInterpreter } from "../uv/interpreter.ts";

/** What `prepare` reads of a command's input: the registry flag, uv flags, --strict-modes. */
export interface PrepareInput {
  options: UvFlags & { "strict-modes"?: boolean };
  globals: GlobalOptions;
  passThrough?: string[];
}

/** The plan of one selection and the pyproject.toml text it gives. */
export interface Planned {
  /** The selection planned: the given one plus everything it implies. */
  effective: Selection;
  plan: Plan;
  changes: Changes;
  /**
   * pyproject.toml as sync would write it (identical string when nothing changes). Computed on
   * first call (the editor loads then), so `check` can start uv before it.
   */
  newText(): Promise<string>;
}

/** How to plan: `implications: false` plans exactly the options given (check --all's union). */
export interface PlanOptions {
  implications?: boolean;
}

/** Plans any selection against the loaded project (reading local packages once). */
export type Planner = (selection: Selection, options?: PlanOptions) => Promise<Planned>;

/** Everything a command needs once the selection is planned. */
export interface Prepared extends CommandContext, Planned {
  project: Project;
  /** The recorded selection (or the one `--group/--option` gives); `effective` adds implications. */
  selection: Selection;
  /** Plans other selections of the same project (check --all, suggestions). */
  planner: Planner;
  /** The uv workspace the project belongs to: where its uv.lock and .venv are. */
  workspace: Workspace;
  /**
   * True when the environment is shared with other members of a uv workspace (the project is a
   * member, or a root with members once the original hpm's are gone): sync then keeps what the
   * rest of the workspace installed (`uv sync --inexact`), and status checks the same way.
   */
  sharedEnvironment: boolean;
  /** uv options the command passes on (sync-args, --offline..., after `--`), routed. */
  uvOptions: PassedOption[];
  /** The interpreter the command's first uv run that searched found, for its later runs. */
  interpreter: FoundInterpreter;
}

/**
 * How modes are chosen for a project: `--mode`, `[tool.hpm.modes]`, `[tool.hpm] mode`, and
 * whether a package may fall back to prod (`--strict-modes`, `[tool.hpm] strict-modes`).
 */
export function modeInput(
  view: PyprojectView,
  flags: { mode?: string; strict?: boolean } = {},
): ModeInput {
  return {
    modeFlag: flags.mode,
    projectMode: view.hpm.mode,
    packageModes: view.hpm.modes,
    strictModes: flags.strict ? "flag" : view.hpm.strictModes ? "project" : undefined,
  };
}

/** Options of `prepare`. */
export interface PrepareOptions {
  /** `--mode` from the command line. */
  mode?: string;
  /** `--strict-modes` (read from the input when not given). */
  strictModes?: boolean;
  /** False: the command reports which packages fell back to prod itself (check --all). */
  reportFallbacks?: boolean;
  /** For a command that never writes (`status`): its errors do not say "nothing was changed". */
  readOnly?: boolean;
  /** A selection to use instead of the recorded one (`check --group G --option O`). */
  override?: (selection: Selection, context: CommandContext) => Selection;
  /** Rewrite managed entries changed outside hpm as planned (`sync --reset-edits`). */
  resetEdits?: boolean;
}

function selectionError(problems: Problem[], readOnly = false): HpmError {
  const count = `${plural(problems.length, "problem")} to fix first`;
  return new HpmError(readOnly ? count : `${count}; nothing was changed`, {
    hint: "fix them and run the command again ('hpm show GROUP' lists a group's options)",
    code: "selection-invalid",
    problems,
  });
}

/**
 * The selection with its implications, and the static problems of both: implied choices that
 * contradict the selection (located at its entry in pyproject.toml) and declared conflicts
 * (located where the registry declares them).
 */
function withImplications(
  registry: CommandContext["registry"],
  selection: Selection,
  file: string,
): { effective: Selection; implied: Map<string, ImpliedChoice>; problems: Problem[] } {
  const { selection: effective, implied, problems } = effectiveSelection(
    registry.groups,
    selection,
  );
  const located: Problem[] = problems.map(({ group, ...problem }) => ({
    ...atKey(file, ["tool", "hpm", "groups", group]),
    severity: "error",
    ...problem,
  }));
  located.push(...conflictProblems(registry.groups, effective, implied));
  return { effective, implied, problems: located };
}

/** The project's own `[tool.uv.workspace]` table, when it has one. */
function ownWorkspaceTable(view: PyprojectView): Record<string, unknown> | undefined {
  const tool = view.value.tool as Record<string, unknown> | undefined;
  const uv = tool?.uv as Record<string, unknown> | undefined;
  const table = uv?.workspace;
  return table && typeof table === "object" && !Array.isArray(table)
    ? table as Record<string, unknown>
    : undefined;
}

/**
 * What the original hpm's sync left for the options of the selection's groups (see adopt.ts),
 * reading the local packages' real names (their prod sources, the original's only mode).
 */
async function adoptionOf(
  context: CommandContext & { project: Project },
  selection: Selection,
  workspace: Workspace,
  locals: Map<string, LocalPackageFacts>,
): Promise<Adoption> {
  const { project, registry } = context;
  const state = currentState(project.view);
  // The original's signature starts with a bare name hpm does not manage: without one there is
  // nothing to take over, and the other options' packages need not be read.
  const managed = new Set(state.managed.map(normalizeName));
  const bare = state.dependencies.some((d) => {
    const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$/.exec(d)?.[1];
    return name !== undefined && !managed.has(normalizeName(name));
  });
  if (!bare) return noAdoption();
  const everyOption: Selection = new Map(
    [...selection].map(([group, chosen]) => [
      group,
      [...new Set([...(registry.groups.get(group)?.options.map((o) => o.name) ?? []), ...chosen])],
    ]),
  );
  const prod: ModeInput = { modeFlag: "prod", packageModes: {} };
  for (const [dir, facts] of await readLocalFacts(registry, everyOption, prod, locals)) {
    locals.set(dir, facts);
  }
  const names = new Map([...locals].map(([dir, facts]) => [dir, facts.name]));
  const table = workspace.member ? undefined : ownWorkspaceTable(project.view);
  return adoption({
    projectRoot: project.root,
    dependencies: state.dependencies,
    sources: state.sources,
    managed: state.managed,
    ...(table && {
      workspace: {
        members: workspace.members,
        exclude: workspace.exclude,
        keys: Object.keys(table),
      },
    }),
  }, originalTraces(registry, selection, names));
}

/** A planner for the project: plan, reconcile, apply; problems are returned, not thrown. */
function makePlanner(
  context: CommandContext & { project: Project },
  modes: ModeInput,
  reconcileOptions: ReconcileOptions = {},
  workspace: Workspace = { root: context.project.root, member: false, members: [], exclude: [] },
): (selection: Selection, options?: PlanOptions) => Promise<Planned & { problems: Problem[] }> {
  const { project, registry } = context;
  const view = project.view;
  const file = displayPath(project.pyprojectPath);
  const locals = new Map<string, LocalPackageFacts>();
  return async (selection, options = {}) => {
    const { effective, implied, problems: static_ } = options.implications === false
      ? { effective: selection, implied: new Map<string, ImpliedChoice>(), problems: [] }
      : withImplications(registry, selection, file);
    for (const [dir, facts] of await readLocalFacts(registry, effective, modes, locals)) {
      locals.set(dir, facts);
    }
    const adopted = await adoptionOf(context, effective, workspace, locals);
    // The members uv will see once the original's are gone.
    const members = workspace.member
      ? workspace
      : { ...workspace, members: membersAfter(workspace.members, adopted) };
    const plan = buildPlan({
      registry,
      projectRoot: project.root,
      selection: effective,
      ...modes,
      locals,
      pyprojectFile: file,
      isWorkspaceMember: (dir) => coversDir(members, dir),
    });
    for (const entry of plan.entries) {
      const choice = implied.get(refKey(entry));
      if (choice) entry.implied = { by: choice.by, via: choice.via };
    }
    const changes = reconcile(currentState(view), plan, file, {
      ...reconcileOptions,
      adoption: adopted,
    });
    // Hand edits are shown with their line (sync's error, status): located once, here.
    await locatePositions([...changes.edits, ...changes.droppedEdits]);
    const problems = [...static_, ...plan.problems, ...changes.problems];
    let text: Promise<string> | undefined;
    const newText = () =>
      text ??= problems.length
        ? Promise.resolve(project.text)
        : applyChanges(project.text, file, changes);
    return { effective, plan, changes, newText, problems };
  };
}

/**
 * The registry files a selection uses: its groups, and the packages of its options and of
 * what they imply (a file that cannot be used fails the command only when it is one of these).
 */
function selectionNeeds(
  registry: CommandContext["registry"],
  selection: Selection,
): RegistryNeeds {
  const { selection: effective } = effectiveSelection(registry.groups, selection);
  return { groups: [...effective.keys()], packages: [...effective.values()].flat() };
}

/** Loads and plans; throws one HpmError (exit 2) listing every static problem. */
export async function prepare(
  input: PrepareInput,
  options: PrepareOptions = {},
): Promise<Prepared> {
  const loaded = await loadContext(input, { project: true, strict: true });
  const context = { ...loaded, project: loaded.project! };
  const view = context.project.view;
  const uvOptions = uvOptionsOf(input, context.project);
  let selection = normalizeSelection(view.hpm.groups);
  if (options.override) selection = options.override(selection, context);
  requireUsable(context.registry, selectionNeeds(context.registry, selection));
  const file = displayPath(context.project.pyprojectPath);
  const problems: Problem[] = [
    ...projectProblems(view),
    ...validateSelection(context.registry, selection, file),
  ];
  const strict = options.strictModes ?? input.options["strict-modes"] === true;
  const workspace = await workspaceAt(context.project.root);
  const planAny = makePlanner(context, modeInput(view, { mode: options.mode, strict }), {
    resetEdits: options.resetEdits,
  }, workspace);
  const planned = await planAny(selection);
  problems.push(...planned.problems);
  if (problems.length > 0) throw selectionError(problems, options.readOnly);
  if (options.reportFallbacks !== false && !input.globals.json) {
    for (const line of fallbackLines(planned.plan.entries)) {
      info(line);
    }
  }
  printProblems(await locatePositions(sharedSourceWarnings(view, planned.plan.entries)));
  const planner: Planner = async (other, planOptions) => {
    const result = await planAny(other, planOptions);
    if (result.problems.length) throw selectionError(result.problems);
    return result;
  };
  return {
    ...context,
    selection,
    effective: planned.effective,
    plan: planned.plan,
    changes: planned.changes,
    newText: planned.newText,
    planner,
    workspace,
    sharedEnvironment: workspace.member ||
      membersAfter(workspace.members, planned.changes.adopted).length > 0,
    uvOptions,
    interpreter: foundInterpreter(
      uvOptions.flatMap((option) => option.tokens),
      (name) => Deno.env.get(name),
    ),
  };
}
