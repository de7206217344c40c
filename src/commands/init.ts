/**
 * `hpm init`: make the project in the working directory hpm-ready. Without a pyproject.toml it
 * runs `uv init` first; then it creates `<registry>/groups` and `<registry>/packages` and, when
 * the registry is not `<project>/registry`, records it as `[tool.hpm] registry`. Nothing else in
 * pyproject.toml changes (never `[build-system]`); a second run changes nothing. In a
 * subdirectory of a project (no pyproject.toml here, one in an ancestor) it refuses, as
 * `uv init` there would change the ancestor's pyproject.toml.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError, systemError } from "../errors.ts";
import { execute } from "../execute/execute.ts";
import { dryRunLine, isEmptyPlan, planPreview, type WritePlan } from "../execute/plan.ts";
import { locateProject } from "../load/locate.ts";
import { printProblems, style, warn } from "../output.ts";
import {
  displayPath,
  isAbsolutePath,
  joinPath,
  normalizePath,
  relativePath,
  resolvePath,
} from "../paths.ts";
import { type Project, readProject } from "../project/discover.ts";
import { editPyproject } from "../pyproject/editor.ts";
import { runUv } from "../uv/run.ts";
import { maskText } from "../redact.ts";
import { projectProblems } from "../plan/project_check.ts";
import { locatePositions } from "../pyproject/positions.ts";
import { whileLocked } from "../execute/lock.ts";
import { readSetuptoolsLayout, type SetuptoolsLayout } from "../project/setuptools_layout.ts";
import { discoveredFolder, FLAT_LAYOUT_REGISTRY, warnDiscovered } from "./init_layout.ts";

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
function registrySetting(
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
  const { root } = await locateProject(cwd);
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

/** `hpm init --json`, and what the text output says. */
export interface InitJson {
  ok: true;
  project: string;
  pyproject: string;
  registry: string;
  /** `uv init` ran (with --dry-run: would run) to create pyproject.toml. */
  uvInit: boolean;
  /** The registry directories created (with --dry-run: to create). */
  created: string[];
  /** What `[tool.hpm] registry` was set to (with --dry-run: would be), or null. */
  recorded: string | null;
  changed: boolean;
  setuptoolsFlatLayout: boolean;
  discoveredAsPackage: string | null;
  /** The registry is hpm-registry/ because setuptools would take a registry/ for a package. */
  avoided: boolean;
  dryRun: boolean;
  diff?: string;
}

/** What `hpm init` does to a project, planned on what it read (pure data). */
interface InitPlan {
  target: string;
  /** The value for `[tool.hpm] registry`, when it changes. */
  record?: string;
  avoided: boolean;
  /** Registry directories that are not there yet, parents first. */
  directories: string[];
  /** The pyproject.toml edit (none without a project yet, under --dry-run). */
  write: WritePlan;
}

/** Runs `hpm init` (holding the project's lock while it changes pyproject.toml). */
export async function run(input: InputOf<"init">): Promise<Outcome<InitJson>> {
  await refuseInsideProject(Deno.cwd());
  return await whileLocked(input, () => init(input));
}

async function init(input: InputOf<"init">): Promise<Outcome<InitJson>> {
  const cwd = Deno.cwd();
  const pyprojectPath = joinPath(cwd, "pyproject.toml");
  const pyprojectKind = await kindOf(pyprojectPath);
  if (pyprojectKind === "directory") {
    throw new HpmError(`${displayPath(pyprojectPath)} is a directory`, {
      hint: "remove or rename it, then run 'hpm init' again",
    });
  }
  const dryRun = input.options["dry-run"] === true;
  const ranUvInit = pyprojectKind === undefined;
  // `uv init` makes the project the rest is planned on (its own files, uv's to write); with
  // --dry-run the rest is planned as for a project with no settings yet.
  if (ranUvInit && !dryRun) await uvInit(cwd);
  const project = ranUvInit && dryRun ? undefined : await readProject(cwd);
  const layout: SetuptoolsLayout = project
    ? await readSetuptoolsLayout(cwd, project.view.value)
    : { auto: false };
  const plan = await planInit(cwd, input.globals.registry, project, layout);
  if (!dryRun && !(isEmptyPlan(plan.write) && plan.directories.length === 0)) {
    await execute(plan.write, async ({ checkpoint }) => {
      for (const dir of plan.directories) {
        checkpoint();
        await Deno.mkdir(dir, { recursive: true }).catch((error) => {
          throw systemError(error, { verb: "create", path: displayPath(dir) }) ?? error;
        });
      }
    });
  }
  // (No project yet under --dry-run: the one uv init makes would get the setting.)
  const recorded = plan.record !== undefined && (project === undefined || !isEmptyPlan(plan.write))
    ? plan.record
    : null;
  const changed = ranUvInit || plan.directories.length > 0 || recorded !== null;
  const discovered = discoveredFolder(cwd, plan.target, layout);
  // Said as found, in --json too: what the project's setup will do with the registry.
  if (discovered !== undefined && layout.auto) {
    warnDiscovered(cwd, plan.target, discovered, layout.packages);
  }
  if (project) {
    // What 'check' and 'sync' would refuse later, said now (a Poetry or Hatch project, say).
    printProblems(
      await locatePositions(
        projectProblems(project.view).map((p) => ({ ...p, severity: "warning" as const })),
      ),
    );
  }
  // Another registry for a project that selects options: the selection may name groups the
  // new one lacks.
  const configured = project?.view.hpm.registry;
  const groups = Object.keys(project?.view.hpm.groups ?? {});
  if (recorded !== null && (configured !== undefined || groups.length > 0)) {
    const [changes, refers] = dryRun ? ["would change", "would refer"] : ["changes", "now refers"];
    warn(
      `the project's registry ${changes} from '${configured ?? "registry"}' to '${recorded}'` +
        (groups.length ? `; its selection (${groups.join(", ")}) ${refers} to that one` : ""),
      "'hpm list' shows what the new registry offers (and warns about what it lacks)",
    );
  }
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      project: cwd,
      pyproject: pyprojectPath,
      registry: plan.target,
      uvInit: ranUvInit,
      created: plan.directories,
      recorded,
      changed,
      setuptoolsFlatLayout: layout.auto,
      discoveredAsPackage: discovered ?? null,
      avoided: plan.avoided,
      dryRun,
      ...(dryRun && { diff: planPreview(plan.write).diff }),
    },
  };
}

/** The registry's place, the directories to create and the pyproject.toml edit. */
async function planInit(
  cwd: string,
  flag: string | undefined,
  project: Project | undefined,
  layout: SetuptoolsLayout,
): Promise<InitPlan> {
  const configured = project?.view.hpm.registry;
  let { target, record } = registrySetting(cwd, flag, configured, cwd);
  // setuptools would take a new registry/ folder for one of the project's packages: use a
  // name it skips instead (recorded, so every command finds it), rather than change the build.
  const avoided = flag === undefined && configured === undefined && layout.auto &&
    await kindOf(target) === undefined;
  if (avoided) {
    target = joinPath(cwd, FLAT_LAYOUT_REGISTRY);
    record = FLAT_LAYOUT_REGISTRY;
  }
  const directories: string[] = [];
  for (const dir of [target, joinPath(target, "groups"), joinPath(target, "packages")]) {
    const kind = await kindOf(dir);
    if (kind === "file") {
      throw new HpmError(`${displayPath(dir)} is a file, not a directory`, {
        hint: "move it away, or choose another registry with -r PATH",
      });
    }
    if (kind === undefined) directories.push(dir);
  }
  // pyproject.toml is in the plan even unchanged: a failure creating the directories then
  // says where it stands.
  const write: WritePlan = { what: "hpm init", edits: [] };
  if (project) {
    const text = record === undefined ? project.text : await editPyproject(
      project.text,
      displayPath(project.pyprojectPath),
      [{ op: "set", path: ["tool", "hpm", "registry"], value: record }],
    );
    write.edits.push({
      path: project.pyprojectPath,
      read: project.text,
      text,
      label: "pyproject.toml",
    });
  }
  return { target, ...(record !== undefined && { record }), avoided, directories, write };
}

/** `hpm init` in text. */
export function render(json: InitJson, _mode: RenderMode): Line[] {
  const pyproject = displayPath(json.pyproject);
  const created = json.created.map((d) => displayPath(d)).join(", ");
  if (json.dryRun) {
    const lines: string[] = [];
    if (json.uvInit) lines.push(`# would run 'uv init' to create ${pyproject}`);
    if (json.created.length) lines.push(`# would create ${created}`);
    if (json.uvInit && json.recorded !== null) {
      lines.push(`# would record [tool.hpm] registry = '${json.recorded}' in it`);
    }
    if (json.diff) lines.push(json.diff.replace(/\n$/, ""));
    if (!lines.length) {
      lines.push(`# already hpm-ready: registry ${displayPath(json.registry)}; nothing to change`);
    }
    return [
      { to: "data", text: lines.join("\n") },
      dryRunLine(),
    ];
  }
  if (!json.changed) {
    return [{
      to: "success",
      text: `already hpm-ready: registry ${displayPath(json.registry)}; nothing changed`,
    }];
  }
  const lines: Line[] = [];
  if (json.uvInit) lines.push({ to: "success", text: `created ${pyproject} with 'uv init'` });
  if (json.avoided) {
    lines.push({
      to: "info",
      text: "setuptools finds this project's packages by itself (flat layout) and would take a " +
        `'registry' folder for one; using '${FLAT_LAYOUT_REGISTRY}', which it skips`,
    });
  }
  if (json.created.length > 0) lines.push({ to: "success", text: `created ${created}` });
  if (json.recorded !== null) {
    lines.push({
      to: "success",
      text: `recorded the registry in ${pyproject}: [tool.hpm] registry = '${json.recorded}'`,
    });
  }
  lines.push({
    to: "info",
    text: style.dim(
      "next: 'hpm registry add' to add a package, 'hpm registry add-group' to group them",
    ),
  });
  return lines;
}
