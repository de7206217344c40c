/**
 * `hpm init`: make the project in the working directory hpm-ready. Without a pyproject.toml it
 * runs `uv init` first; then it creates `<registry>/groups` and `<registry>/packages` and, when
 * the registry is not `<project>/registry`, records it as `[tool.hpm] registry`. Nothing else in
 * pyproject.toml changes (never `[build-system]`); a second run changes nothing. In a
 * subdirectory of a project (no pyproject.toml here, one in an ancestor) it refuses, as
 * `uv init` there would change the ancestor's pyproject.toml.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { writeChecked } from "../fs/transaction.ts";
import { info, isJsonMode, printJson, printProblems, style, success, warn } from "../output.ts";
import {
  displayPath,
  isAbsolutePath,
  joinPath,
  normalizePath,
  relativePath,
  resolvePath,
} from "../paths.ts";
import { findProjectRoot, readProject } from "../project/discover.ts";
import { editPyproject } from "../pyproject/editor.ts";
import { runUv } from "../uv/run.ts";
import { maskText } from "../redact.ts";
import { projectProblems } from "../plan/settings_check.ts";
import { locatePositions } from "../pyproject/positions.ts";
import { whileLocked } from "../execute/lock.ts";
import {
  discoveredAsPackage,
  readSetuptoolsLayout,
  type SetuptoolsLayout,
} from "../project/setuptools_layout.ts";

/**
 * The registry folder for a project whose setuptools build discovers its packages in a flat
 * layout: not a Python identifier, so that discovery skips it (and the original hpm's name).
 */
export const FLAT_LAYOUT_REGISTRY = "hpm-registry";

async function kindOf(path: string): Promise<"file" | "directory" | undefined> {
  try {
    return (await Deno.stat(path)).isDirectory ? "directory" : "file";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function uvInit(cwd: string): Promise<void> {
  const result = await runUv(["init"], { cwd, label: "Creating the project" });
  if (result.code === 0) return;
  // uv's words go with the error (shown under it, and as `details` and `uv` in --json).
  throw new HpmError(`'uv init' failed (exit ${result.code}); nothing else was done`, {
    exitCode: ExitCode.Failure,
    code: "uv-failed",
    hint: "fix what uv reports, or create pyproject.toml yourself and run 'hpm init' again",
    details: maskText(result.stderr.trim()) || undefined,
    data: { uv: { exitCode: result.code, stderr: maskText(result.stderr) } },
  });
}

/** What `[tool.hpm] registry` should become: undefined when it should stay as it is. */
export function registrySetting(
  root: string,
  flag: string | undefined,
  configured: string | undefined,
  cwd: string,
): { target: string; record?: string } {
  const fallback = joinPath(root, "registry");
  const current = configured === undefined
    ? fallback
    : resolvePath(isAbsolutePath(configured) ? configured : joinPath(root, configured));
  if (flag === undefined) return { target: current };
  const target = resolvePath(cwd, flag);
  if (target === current) return { target };
  return {
    target,
    record: isAbsolutePath(flag) ? normalizePath(flag) : relativePath(root, target),
  };
}

/**
 * Refuses `hpm init` in a subdirectory of a project: there `uv init` would add the directory to
 * the enclosing project's `[tool.uv.workspace] members`, changing the parent's pyproject.toml.
 * Checked before the lock is taken, so nothing is touched.
 */
async function refuseInsideProject(cwd: string): Promise<void> {
  // A pyproject.toml here (a directory there is reported by init itself) makes this the project.
  if (await kindOf(joinPath(cwd, "pyproject.toml")) !== undefined) return;
  const root = findProjectRoot(cwd);
  if (root === undefined) return;
  const parent = joinPath(root, "pyproject.toml");
  throw new HpmError(
    `${cwd} has no pyproject.toml but is inside the project of ${parent}; ` +
      "'hpm init' here would change that file",
    {
      code: "inside-project",
      hint: `run 'hpm init' in the project root (${root}), or, for a separate project here, ` +
        "run 'uv init --no-workspace' first and then 'hpm init'",
      data: { cwd, pyproject: parent },
    },
  );
}

/** Runs `hpm init` (holding the project's lock while it changes pyproject.toml). */
export async function run(input: ParsedInput): Promise<number> {
  await refuseInsideProject(Deno.cwd());
  return await whileLocked(input, () => init(input));
}

async function init(input: ParsedInput): Promise<number> {
  const cwd = Deno.cwd();
  const pyprojectPath = joinPath(cwd, "pyproject.toml");
  const pyprojectKind = await kindOf(pyprojectPath);
  if (pyprojectKind === "directory") {
    throw new HpmError(`${displayPath(pyprojectPath)} is a directory`, {
      hint: "remove or rename it, then run 'hpm init' again",
    });
  }
  const ranUvInit = pyprojectKind === undefined;
  if (ranUvInit) await uvInit(cwd);

  const project = await readProject(cwd);
  const configured = project.view.hpm.registry;
  const layout = await readSetuptoolsLayout(cwd, project.view.value);
  let { target, record } = registrySetting(cwd, input.globals.registry, configured, cwd);
  // setuptools would take a new registry/ folder for one of the project's packages: use a
  // name it skips instead (recorded, so every command finds it), rather than change the build.
  const avoided = input.globals.registry === undefined && configured === undefined &&
    layout.auto && await kindOf(target) === undefined;
  if (avoided) {
    target = joinPath(cwd, FLAT_LAYOUT_REGISTRY);
    record = FLAT_LAYOUT_REGISTRY;
  }

  const created: string[] = [];
  for (const dir of [target, joinPath(target, "groups"), joinPath(target, "packages")]) {
    const kind = await kindOf(dir);
    if (kind === "file") {
      throw new HpmError(`${displayPath(dir)} is a file, not a directory`, {
        hint: "move it away, or choose another registry with -r PATH",
      });
    }
    if (kind === undefined) created.push(dir);
  }
  for (const dir of created) await Deno.mkdir(dir, { recursive: true });

  let recorded: string | null = null;
  if (record !== undefined) {
    const text = editPyproject(project.text, displayPath(pyprojectPath), [
      { op: "set", path: ["tool", "hpm", "registry"], value: record },
    ]);
    if (text !== project.text) {
      await writeChecked(pyprojectPath, project.text, text);
      recorded = record;
    }
  }

  const changed = ranUvInit || created.length > 0 || recorded !== null;
  const discovered = discoveredFolder(cwd, target, layout);
  if (discovered !== undefined && layout.auto) {
    warnDiscovered(cwd, target, discovered, layout.packages);
  }
  // What 'check' and 'sync' would refuse later, said now (a Poetry or Hatch project, say).
  printProblems(
    await locatePositions(
      projectProblems(project.view).map((p) => ({ ...p, severity: "warning" as const })),
    ),
  );
  // Another registry for a project that selects options: the selection may name groups the
  // new one lacks.
  const groups = Object.keys(project.view.hpm.groups);
  if (recorded !== null && (configured !== undefined || groups.length > 0)) {
    warn(
      `the project's registry changes from '${configured ?? "registry"}' to '${recorded}'` +
        (groups.length ? `; its selection (${groups.join(", ")}) now refers to that one` : ""),
      "'hpm list' shows what the new registry offers (and warns about what it lacks)",
    );
  }
  if (isJsonMode()) {
    printJson({
      ok: true,
      project: cwd,
      pyproject: pyprojectPath,
      registry: target,
      uvInit: ranUvInit,
      created,
      recorded,
      changed,
      setuptoolsFlatLayout: layout.auto,
      discoveredAsPackage: discovered ?? null,
    });
    return ExitCode.Success;
  }
  if (!changed) {
    success(`already hpm-ready: registry ${displayPath(target)}; nothing changed`);
    return ExitCode.Success;
  }
  if (ranUvInit) success(`created ${displayPath(pyprojectPath)} with 'uv init'`);
  if (avoided) {
    info(
      "setuptools finds this project's packages by itself (flat layout) and would take a " +
        `'registry' folder for one; using '${FLAT_LAYOUT_REGISTRY}', which it skips`,
    );
  }
  if (created.length > 0) success(`created ${created.map((d) => displayPath(d)).join(", ")}`);
  if (recorded !== null) {
    success(
      `recorded the registry in ${displayPath(pyprojectPath)}: [tool.hpm] registry = '${recorded}'`,
    );
  }
  info(
    style.dim("next: 'hpm registry add' to add a package, 'hpm registry add-group' to group them"),
  );
  return ExitCode.Success;
}

/**
 * The top-level folder of `target` that setuptools' flat-layout discovery would take for a
 * package of the project, or undefined (a registry outside the project, another layout).
 */
function discoveredFolder(
  root: string,
  target: string,
  layout: SetuptoolsLayout,
): string | undefined {
  if (!layout.auto) return undefined;
  const relative = relativePath(root, target);
  const top = relative.split("/")[0];
  if (top === "" || top === "." || top === ".." || isAbsolutePath(relative)) return undefined;
  return discoveredAsPackage(top) ? top : undefined;
}

/** Says that setuptools will take the registry's folder for a package, and the two ways out. */
function warnDiscovered(
  root: string,
  target: string,
  folder: string,
  packages: string[],
): void {
  const own = packages.filter((name) => name !== folder);
  const include = own.length > 0
    ? `; or list your packages: [tool.setuptools.packages.find] include = [${
      own.flatMap((name) => [`"${name}"`, `"${name}.*"`]).join(", ")
    }]`
    : "";
  const harm = own.length > 0
    ? `'uv build' and 'hpm sync' fail ("Multiple top-level packages discovered in a ` +
      `flat-layout: [${[...own, folder].sort().map((name) => `'${name}'`).join(", ")}]")`
    : "the wheel holds it instead of your modules";
  warn(
    "setuptools finds this project's packages by itself (flat layout) and takes the " +
      `registry's folder '${folder}' for one: ${harm}`,
    `move the registry to a name setuptools skips: 'mv ${
      relativePath(root, target)
    } ${FLAT_LAYOUT_REGISTRY} && hpm init -r ${FLAT_LAYOUT_REGISTRY}'${include}`,
  );
}
