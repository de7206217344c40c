/**
 * A temporary copy of the project for resolving without touching it: a pyproject.toml that is
 * already materialized (`materializeForCheck`: local paths absolute, the project virtual), with
 * copies of the files uv reads besides it. Removed afterwards, whatever happens.
 */
import { isAbsolutePath, joinPath } from "../paths.ts";
import { materializeForCheck } from "../plan/apply.ts";
import type { Project } from "../project/discover.ts";

/** Files copied into the temporary project besides pyproject.toml, when present. */
const COPIED = ["uv.lock", ".python-version", "uv.toml"];

async function copyIfPresent(from: string, to: string): Promise<void> {
  try {
    await Deno.copyFile(from, to);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/**
 * Runs `use` with a temporary project directory whose pyproject.toml is `materialized`; removes
 * it afterwards. (A plain write: nobody else reads the directory before `use`.)
 */
export async function withMaterialized<T>(
  project: Project,
  materialized: string,
  use: (dir: string) => Promise<T>,
  options: { copyLock?: boolean } = {},
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-check-" });
  try {
    // Synchronous: the async variant loads Deno's web streams (about 2 ms) for a few bytes.
    Deno.writeTextFileSync(joinPath(dir, "pyproject.toml"), materialized);
    const copied = options.copyLock === false ? COPIED.filter((f) => f !== "uv.lock") : COPIED;
    await Promise.all(
      copied.map((name) => copyIfPresent(joinPath(project.root, name), joinPath(dir, name))),
    );
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

/** The project's virtual environment (honouring UV_PROJECT_ENVIRONMENT, as uv does). */
export function projectEnvironment(project: Project): string {
  const configured = Deno.env.get("UV_PROJECT_ENVIRONMENT");
  if (!configured) return joinPath(project.root, ".venv");
  return isAbsolutePath(configured) ? configured : joinPath(project.root, configured);
}
