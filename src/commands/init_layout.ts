/**
 * `hpm init` on a setuptools project that finds its packages by itself (flat layout): the
 * registry folder it would take for a package, and the warning with the ways out.
 */
import { warn } from "../output.ts";
import { isAbsolutePath, relativePath } from "../paths.ts";
import { discoveredAsPackage, type SetuptoolsLayout } from "../project/setuptools_layout.ts";

/**
 * The registry folder for a project whose setuptools build discovers its packages in a flat
 * layout: not a Python identifier, so that discovery skips it (and the original hpm's name).
 */
export const FLAT_LAYOUT_REGISTRY = "hpm-registry";

/**
 * The top-level folder of `target` that setuptools' flat-layout discovery would take for a
 * package of the project, or undefined (a registry outside the project, another layout).
 */
export function discoveredFolder(
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
export function warnDiscovered(
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
