/**
 * A temporary mirror of the project for resolving without touching it. uv sees the same tree
 * as in the project: the workspace root's entries are links to the real ones (the source tree,
 * local packages, workspace members, `.python-version`, `uv.toml`, find-links directories),
 * except `.venv` (left out: uv plans against the real one, `UV_PROJECT_ENVIRONMENT`),
 * `uv.lock` (a copy, which uv may rewrite) and the project's `pyproject.toml` (the text sync
 * would write). Relative paths therefore mean what they mean in the project, so the copied lock
 * still matches wherever the selection did not change, and uv keeps its versions. A project
 * that is a member of a workspace is mirrored inside its workspace (the directories on the way
 * to it are real, their other entries links). When relative paths reach above the workspace
 * root (`../shared/x`), the mirror starts that many levels higher. Removed afterwards,
 * whatever happens.
 */
import { workspaceAt } from "../load/locate.ts";
import { dirname, isAbsolutePath, joinPath, relativePath } from "../paths.ts";
import { materializeForCheck } from "../plan/new_text.ts";
import type { Project } from "../project/discover.ts";
import type { Workspace } from "../project/workspace.ts";

const isWindows = Deno.build.os === "windows";

/** Entries of the workspace root that are never linked into the mirror. */
const LEFT_OUT = new Set([".venv", "uv.lock"]);

/** How many levels above `base` the relative paths quoted in `texts` reach (`"../../x"`: 2). */
export function levelsUp(texts: readonly string[]): number {
  let most = 0;
  for (const text of texts) {
    for (const match of text.matchAll(/["'](?:\.\/)?((?:\.\.[\\/])+|\.\.["'])/g)) {
      const ups = (match[1].match(/\.\./g) ?? []).length;
      if (ups > most) most = ups;
    }
  }
  return most;
}

/** The file's bytes (copied as they are), or null when it cannot be read. */
function readBytes(path: string): Uint8Array | null {
  try {
    return Deno.readFileSync(path);
  } catch {
    return null;
  }
}

function readOrEmpty(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}

function link(target: string, path: string, isDirectory: boolean): void {
  if (!isWindows) return Deno.symlinkSync(target, path);
  // Windows: a junction needs no privilege; a file is copied.
  if (isDirectory) Deno.symlinkSync(target, path, { type: "junction" });
  else Deno.copyFileSync(target, path);
}

/**
 * Makes `mirror` a directory whose entries stand for those of `real`: links, except the names
 * in `skip`. A missing `real` gives an empty directory.
 */
function mirrorDir(real: string, mirror: string, skip: ReadonlySet<string>): void {
  Deno.mkdirSync(mirror, { recursive: true });
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(real)];
  } catch {
    return;
  }
  for (const entry of entries) {
    if (skip.has(entry.name)) continue;
    const target = joinPath(real, entry.name);
    let isDirectory = entry.isDirectory;
    if (entry.isSymlink) {
      try {
        isDirectory = Deno.statSync(target).isDirectory;
      } catch {
        continue; // a dangling link: nothing uv could read
      }
    }
    link(target, joinPath(mirror, entry.name), isDirectory);
  }
}

/** Options of `withMaterialized`. */
export interface MirrorOptions {
  /** Copy the workspace's uv.lock (default true); without it uv resolves from scratch. */
  copyLock?: boolean;
  /** The workspace of the project (found when not given). */
  workspace?: Workspace;
}

/**
 * Runs `use` with the directory that stands for the project in a temporary mirror (see the
 * module comment) whose pyproject.toml is `materialized`, and a function that puts the real
 * paths back into uv's messages; removes the mirror afterwards.
 */
export async function withMaterialized<T>(
  project: Project,
  materialized: string,
  use: (dir: string, realPaths: (text: string) => string) => Promise<T>,
  options: MirrorOptions = {},
): Promise<T> {
  const workspace = options.workspace ?? await workspaceAt(project.root);
  const root = workspace.root;
  const lockBytes = options.copyLock === false ? null : readBytes(joinPath(root, "uv.lock"));
  const lock = lockBytes ? new TextDecoder().decode(lockBytes) : "";
  const rootText = workspace.member ? readOrEmpty(joinPath(root, "pyproject.toml")) : "";
  // A member's workspace root that uv would build is resolved as virtual too (a copy).
  const rootCopy = rootText && await materializeForCheck(rootText, root);
  // The project's own paths are relative to it, the lock's and the root's to the root.
  const depth = relativePath(root, project.root).split("/").filter((s) => s && s !== ".").length;
  const ups = Math.max(levelsUp([materialized]) - depth, levelsUp([lock, rootText]));
  // Synchronous calls: a few small files and links, where each async call costs a round trip.
  const temp = Deno.makeTempDirSync({ prefix: "hpm-check-" });
  try {
    let top = root;
    for (let up = ups; up > 0; up--) {
      if (dirname(top) === top) break;
      top = dirname(top);
    }
    // The directories from the mirror's top down to the project: real, their entries links.
    const below = relativePath(top, project.root);
    const steps = below === "." ? [] : below.split("/");
    let real = top;
    let mirror = temp;
    for (let i = 0; i <= steps.length; i++) {
      const next = steps[i];
      const skip = new Set<string>(next === undefined ? ["pyproject.toml"] : [next]);
      if (real === root) { for (const name of LEFT_OUT) skip.add(name); }
      if (next === undefined) skip.add(".venv");
      const copyRoot = real === root && rootCopy !== rootText;
      if (copyRoot) skip.add("pyproject.toml");
      mirrorDir(real, mirror, skip);
      if (real === root && lockBytes) Deno.writeFileSync(joinPath(mirror, "uv.lock"), lockBytes);
      if (copyRoot) Deno.writeTextFileSync(joinPath(mirror, "pyproject.toml"), rootCopy);
      if (next === undefined) break;
      real = joinPath(real, next);
      mirror = joinPath(mirror, next);
    }
    Deno.writeTextFileSync(joinPath(mirror, "pyproject.toml"), materialized);
    return await use(mirror, (text) => text.replaceAll(temp, top === "/" ? "" : top));
  } finally {
    try {
      Deno.removeSync(temp, { recursive: true });
    } catch {
      // Gone already, or not removable: a temporary directory the system clears.
    }
  }
}

/** `withMaterialized` for pyproject.toml text as sync would write it (materialized here). */
export async function withTempProject<T>(
  project: Project,
  text: string,
  use: (dir: string, realPaths: (text: string) => string) => Promise<T>,
  options: MirrorOptions = {},
): Promise<T> {
  return await withMaterialized(
    project,
    await materializeForCheck(text, project.root),
    use,
    options,
  );
}

/** True when a virtual environment exists at `path` (its pyvenv.cfg): uv uses it, searching no interpreter. */
export function hasEnvironment(path: string): boolean {
  try {
    Deno.statSync(joinPath(path, "pyvenv.cfg"));
    return true;
  } catch {
    return false;
  }
}

/**
 * The project's virtual environment, where uv puts it: UV_PROJECT_ENVIRONMENT (relative to the
 * workspace root), else `.venv` at the workspace root (the project's own, unless it is a member
 * of a uv workspace).
 */
export function projectEnvironment(workspace: Workspace): string {
  const root = workspace.root;
  const configured = Deno.env.get("UV_PROJECT_ENVIRONMENT");
  if (!configured) return joinPath(root, ".venv");
  return isAbsolutePath(configured) ? configured : joinPath(root, configured);
}
