/**
 * A temporary copy of the project for resolving without touching it: a pyproject.toml that is
 * already materialized (`materializeForCheck`: local paths absolute, the project virtual), with
 * copies of the files uv reads besides it. Removed afterwards, whatever happens.
 */
import { isAbsolutePath, joinPath } from "../paths.ts";
import { materializeForCheck } from "../plan/apply.ts";
import type { Project } from "../project/discover.ts";
import type { Workspace } from "../project/workspace.ts";

/** Files copied into the temporary project besides pyproject.toml, when present. */
const COPIED = ["uv.lock", ".python-version", "uv.toml"];

function copyIfPresent(from: string, to: string): void {
  try {
    Deno.copyFileSync(from, to);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/**
 * Runs `use` with a temporary project directory whose pyproject.toml is `materialized`; removes
 * it afterwards.
 */
export async function withMaterialized<T>(
  project: Project,
  materialized: string,
  use: (dir: string) => Promise<T>,
  options: { copyLock?: boolean } = {},
): Promise<T> {
  // Synchronous calls: a few small files, where each async call costs a round trip and
  // writeTextFile would load Deno's web streams (about 2 ms) on the way to uv.
  const dir = Deno.makeTempDirSync({ prefix: "hpm-check-" });
  try {
    Deno.writeTextFileSync(joinPath(dir, "pyproject.toml"), materialized);
    const copied = options.copyLock === false ? COPIED.filter((f) => f !== "uv.lock") : COPIED;
    for (const name of copied) copyIfPresent(joinPath(project.root, name), joinPath(dir, name));
    return await use(dir);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** `withMaterialized` for pyproject.toml text as sync would write it (materialized here). */
export async function withTempProject<T>(
  project: Project,
  text: string,
  use: (dir: string) => Promise<T>,
  options: { copyLock?: boolean } = {},
): Promise<T> {
  return await withMaterialized(
    project,
    await materializeForCheck(text, project.root),
    use,
    options,
  );
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
