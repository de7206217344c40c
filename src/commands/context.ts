/** What every command starts from: the project (if any), the registry location, the registry. */
import { atKey, HpmError, type Problem } from "../errors.ts";
import { settingsWarnings } from "../plan/settings_check.ts";
import { outsidePathWarnings } from "../plan/local_paths_check.ts";
import { rootRegistry } from "../project/workspace.ts";
import { normalizeSelection, validateSelection } from "../plan/selection.ts";
import { locatePositions } from "../pyproject/positions.ts";
import { debug, printProblems } from "../output.ts";
import { displayPath, relativePath } from "../paths.ts";
import { didYouMean } from "../suggest.ts";
import { locateProject, workspaceAt } from "../load/locate.ts";
import {
  locateRegistry,
  type Project,
  readProject,
  type RegistryLocation,
  requireProject,
} from "../project/discover.ts";
import { loadRegistry } from "../registry/load.ts";
import type { Group, Registry } from "../registry/types.ts";
import type { GlobalOptions } from "../cli/spec.ts";
import { otherWarnings, reportRegistry, requireUsable } from "./registry_report.ts";

/** The loaded state a command works on. */
export interface CommandContext {
  cwd: string;
  project?: Project;
  location: RegistryLocation;
  registry: Registry;
}

/** The project (required or optional) and where the registry is, without reading the registry. */
export async function locateContext(
  input: { globals: GlobalOptions },
  needs: { project: boolean },
): Promise<{ cwd: string; project: Project | undefined; location: RegistryLocation }> {
  const { cwd, root } = await locateProject();
  const project = root !== undefined
    ? await readProject(root)
    : needs.project
    ? await requireProject(cwd)
    : undefined;
  return { cwd, project, location: locateRegistry(cwd, input.globals.registry, project) };
}

/**
 * Loads the project (required or optional) and the registry. `strict` commands (those that
 * write or resolve) check the files they need with `requireUsable` (a file that cannot be used
 * fails only the commands that need it); read commands warn and go on with what loaded.
 * `fresh` reads the registry's files, never its cache.
 */
export async function loadContext(
  input: { globals: GlobalOptions },
  needs: { project: boolean; strict: boolean; report?: boolean; fresh?: boolean },
): Promise<CommandContext & { project: Project | undefined }> {
  const { cwd, project, location } = await locateContext(input, needs);
  debug(`registry: ${displayPath(location.root)} (from ${location.from})`);
  const registry = await loadRegistry(location.root, { fresh: needs.fresh }).catch(
    async (error) => {
      throw await whereFrom(error, location, project);
    },
  );
  if (needs.report === false) return { cwd, project, location, registry };
  // A file that cannot be used costs only what needs it: `strict` commands (those that write
  // or resolve) check what they use with `requireUsable` (registry_report.ts), which reports
  // the other files then; read commands go on with what loaded and report them now.
  if (needs.strict) printProblems(otherWarnings(registry));
  else reportRegistry(registry);
  if (project) printProblems(await projectWarnings(project, registry, needs.strict));
  return { cwd, project, location, registry };
}

/**
 * What is wrong in the project's `[tool.hpm]` without stopping a command: unknown keys and
 * modes, and (for read commands, which show the selection instead of refusing it) the
 * selection's own problems, as warnings.
 */
async function projectWarnings(
  project: Project,
  registry: Registry,
  strict: boolean,
): Promise<Problem[]> {
  const view = project.view;
  const file = displayPath(project.pyprojectPath);
  const selection = normalizeSelection(view.hpm.groups);
  // A path outside the project may still be in its uv workspace: that is looked up only then.
  let outside = outsidePathWarnings(registry, selection, project.root);
  if (outside.length > 0) {
    const workspaceRoot = (await workspaceAt(project.root)).root;
    outside = outsidePathWarnings(registry, selection, project.root, workspaceRoot);
  }
  return await locatePositions([
    ...(strict ? [] : validateSelection(registry, selection, file)
      .map((problem) => ({ ...problem, severity: "warning" as const }))),
    ...settingsWarnings(view, registry),
    ...outside,
  ]);
}

/** A missing registry, said with where its path came from (and located, when in pyproject.toml). */
async function whereFrom(
  error: unknown,
  location: RegistryLocation,
  project: Project | undefined,
): Promise<unknown> {
  if (!(error instanceof HpmError) || error.code !== "registry-not-found") return error;
  if (location.from === "flag") {
    return new HpmError(error.message, {
      code: error.code,
      hint: "check the path given to -r/--registry",
    });
  }
  if (!project) return error;
  if (location.from === "default") {
    // Said with the rule that chose the path, and (in a workspace member) the root's registry.
    const file = displayPath(project.pyprojectPath);
    const workspace = await workspaceAt(project.root);
    const theirs = workspace.member ? await rootRegistry(workspace) : undefined;
    const relative = theirs && relativePath(project.root, theirs);
    return new HpmError(
      `registry not found: ${location.root} does not exist (${file} sets no ` +
        "[tool.hpm] registry and no -r/--registry was given, so hpm looked in the project's " +
        "own registry/)",
      {
        code: error.code,
        hint: theirs
          ? `this project is a member of the uv workspace at ${displayPath(workspace.root)}, ` +
            `whose registry is ${displayPath(theirs)}: set registry = "${relative}" under ` +
            `[tool.hpm] in ${file}, or pass -r ${relative}`
          : error.hint,
      },
    );
  }
  const file = displayPath(project.pyprojectPath);
  const at = project.view.hpm.registry !== undefined
    ? atKey(file, ["tool", "hpm", "registry"])
    : undefined;
  return new HpmError(`${error.message} ([tool.hpm] registry in ${file})`, {
    code: error.code,
    hint:
      `fix [tool.hpm] registry in ${file}, or create the registry there with 'hpm init -r PATH'`,
    problems: at
      ? [{ ...at, severity: "error", message: "the registry this names is not there" }]
      : [],
  });
}

/** The named group, or a usage error with a suggestion. */
export function requireGroup(registry: Registry, name: string): Group {
  const group = registry.groups.get(name);
  if (group) return group;
  requireUsable(registry, { groups: [name] });
  const guess = didYouMean(name, registry.groups.keys());
  throw new HpmError(`no group '${name}' in the registry`, {
    hint: guess
      ? `did you mean '${guess}'?`
      : `groups: ${[...registry.groups.keys()].join(", ") || "(none)"}; 'hpm list' shows them`,
    code: "group-not-found",
  });
}
