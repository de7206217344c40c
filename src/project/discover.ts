/**
 * Finding things, like uv does: the project is the nearest ancestor of the working directory
 * holding `pyproject.toml`; the registry is `-r/--registry`, else `[tool.hpm] registry`
 * (relative to the project root), else `<project>/registry`.
 */
import { HpmError } from "../errors.ts";
import { dirname, displayPath, isAbsolutePath, joinPath, resolvePath } from "../paths.ts";
import { readTomlText } from "../pyproject/read.ts";
import { type PyprojectView, readPyprojectView } from "../pyproject/view.ts";

/** A project found on disk, with its pyproject read once. */
export interface Project {
  root: string;
  pyprojectPath: string;
  /** The exact text read, so edits and rollbacks start from the same bytes. */
  text: string;
  view: PyprojectView;
}

/** Where the registry is, and which rule chose it (shown by `--verbose` and in JSON). */
export interface RegistryLocation {
  root: string;
  from: "flag" | "pyproject" | "default";
}

/**
 * The nearest directory at or above `start` holding a pyproject.toml, or undefined. (Here and
 * below, synchronous calls: one small file, and each async call costs start-up time.)
 */
export function findProjectRoot(start: string): string | undefined {
  let dir = resolvePath(start);
  while (true) {
    try {
      const info = Deno.statSync(joinPath(dir, "pyproject.toml"));
      if (info.isFile) return dir;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and parses the project at `root`. */
export async function readProject(root: string): Promise<Project> {
  const pyprojectPath = joinPath(root, "pyproject.toml");
  const file = displayPath(pyprojectPath);
  const text = readTomlText(pyprojectPath, file);
  const view = await readPyprojectView(text, file);
  return { root, pyprojectPath, text, view };
}

/** The project around `cwd`, or undefined when there is none. */
async function findProject(cwd: string): Promise<Project | undefined> {
  const root = findProjectRoot(cwd);
  return root === undefined ? undefined : await readProject(root);
}

/** The project around `cwd`; an error naming the directory when there is none. */
export async function requireProject(cwd: string): Promise<Project> {
  const project = await findProject(cwd);
  if (!project) {
    throw new HpmError(`no pyproject.toml in ${resolvePath(cwd)} or any parent directory`, {
      hint: "run hpm inside a Python project, or make this directory one with 'hpm init'",
      code: "project-not-found",
    });
  }
  return project;
}

/** Applies the registry rules above. */
export function locateRegistry(
  cwd: string,
  flag: string | undefined,
  project: Project | undefined,
): RegistryLocation {
  if (flag !== undefined) return { root: resolvePath(cwd, flag), from: "flag" };
  if (project) {
    const configured = project.view.hpm.registry;
    if (configured !== undefined) {
      const root = isAbsolutePath(configured) ? configured : joinPath(project.root, configured);
      return { root: resolvePath(root), from: "pyproject" };
    }
    return { root: joinPath(project.root, "registry"), from: "default" };
  }
  throw new HpmError(`no pyproject.toml in ${resolvePath(cwd)} or any parent directory`, {
    hint: "run hpm inside a Python project, or name the registry with -r/--registry PATH",
    code: "project-not-found",
  });
}
