/**
 * The shared front half of `check`, `sync` and `status`: load, validate the selection, plan,
 * reconcile with pyproject.toml, and compute the new text. Every static problem is collected
 * and reported at once before anything runs.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { HpmError, type Problem } from "../errors.ts";
import { displayPath } from "../paths.ts";
import { applyChanges, currentState } from "../plan/apply.ts";
import { readLocalFacts } from "../plan/local_facts.ts";
import { buildPlan, type Plan } from "../plan/plan.ts";
import { type Changes, reconcile } from "../plan/reconcile.ts";
import { normalizeSelection, type Selection, validateSelection } from "../plan/selection.ts";
import { positionOf } from "../pyproject/view.ts";
import type { Project } from "../project/discover.ts";
import { type CommandContext, loadContext } from "./context.ts";

/** Everything a command needs once the selection is planned. */
export interface Prepared extends CommandContext {
  project: Project;
  selection: Selection;
  plan: Plan;
  changes: Changes;
  /** pyproject.toml as sync would write it (identical string when nothing changes). */
  newText: string;
}

/** Options of `prepare`. */
export interface PrepareOptions {
  /** `--mode` from the command line. */
  mode?: string;
  /** A selection to use instead of the recorded one (`check --group G --option O`). */
  override?: (selection: Selection, context: CommandContext) => Selection;
  /** Write local paths absolute (materializing into a temporary directory). */
  absolutePaths?: boolean;
}

/** Loads and plans; throws one HpmError (exit 2) listing every static problem. */
export async function prepare(input: ParsedInput, options: PrepareOptions = {}): Promise<Prepared> {
  const context = await loadContext(input, { project: true, strict: true });
  const project = context.project!;
  const view = project.view;
  let selection = normalizeSelection(view.hpm.groups);
  if (options.override) selection = options.override(selection, context);
  const file = displayPath(project.pyprojectPath);
  const problems: Problem[] = validateSelection(
    context.registry,
    selection,
    file,
    (path) => positionOf(view.ast, path),
  );
  const modes = {
    modeFlag: options.mode,
    projectMode: view.hpm.mode,
    packageModes: view.hpm.modes,
  };
  const locals = await readLocalFacts(context.registry, selection, modes);
  const plan = buildPlan({
    registry: context.registry,
    projectRoot: project.root,
    selection,
    ...modes,
    locals,
    absolutePaths: options.absolutePaths,
    pyprojectFile: file,
  });
  problems.push(...plan.problems);
  const changes = reconcile(currentState(view), plan, file, (path) => positionOf(view.ast, path));
  problems.push(...changes.problems);
  if (problems.length > 0) {
    throw new HpmError(
      `${problems.length} problem(s) with the selection; nothing was changed`,
      {
        hint: "fix them and run the command again ('hpm show GROUP' lists a group's options)",
        code: "selection-invalid",
        problems,
      },
    );
  }
  const newText = applyChanges(project.text, file, changes);
  return { ...context, project, selection, plan, changes, newText };
}
