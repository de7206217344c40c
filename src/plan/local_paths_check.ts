/**
 * Local sources that lead out of both the project and the registry (`../../../../etc`,
 * `/etc`): a registry is shared input, and such a path puts whatever is there into the
 * project's environment. Not an error (a checkout beside the project is a layout some teams
 * use), but a warning naming the path, for every option the project selects. Pure.
 */
import type { Problem } from "../errors.ts";
import { normalizeName } from "../names.ts";
import type { Registry } from "../registry/types.ts";
import { dirname, isAbsolutePath, joinPath, normalizePath } from "../paths.ts";
import type { Selection } from "./selection.ts";

function inside(path: string, root: string): boolean {
  const base = root.replace(/[\\/]+$/, "");
  return path === base || path.startsWith(base + "/") || path.startsWith(base + "\\");
}

/**
 * A warning for each local source of a selected option whose path is neither in `projectRoot`
 * nor in the registry's root nor in the uv workspace the project is a member of (`workspaceRoot`;
 * all absolute and normalized), located at the source.
 */
export function outsidePathWarnings(
  registry: Registry,
  selection: Selection,
  projectRoot: string,
  workspaceRoot: string = projectRoot,
): Problem[] {
  const selected = new Set<string>();
  for (const options of selection.values()) {
    for (const option of options) selected.add(normalizeName(option));
  }
  const problems: Problem[] = [];
  for (const pkg of registry.packages.values()) {
    if (!selected.has(normalizeName(pkg.name))) continue;
    for (const [mode, source] of Object.entries(pkg.sources)) {
      if (source.type !== "local") continue;
      // As validate.ts resolves it (not imported: it is the loader's, kept off a cached run).
      const path = isAbsolutePath(source.path)
        ? normalizePath(source.path)
        : joinPath(dirname(pkg.file), source.path);
      if (inside(path, projectRoot) || inside(path, registry.root)) continue;
      if (inside(path, workspaceRoot)) continue;
      problems.push({
        ...source.position,
        severity: "warning",
        message: `local path '${source.path}' of package '${pkg.name}' (mode '${mode}') is ` +
          `outside the project${
            workspaceRoot === projectRoot ? "" : ", its uv workspace"
          } and the registry: ${path}`,
        hint: "check that this registry entry is meant to install from there",
      });
    }
  }
  return problems;
}
