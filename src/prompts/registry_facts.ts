/**
 * The facts the authoring flows check answers against, read from a loaded registry and the disk
 * (thin, synchronous I/O: validators run on every Enter). Manifests are looked up by any
 * spelling of their name.
 */
import { normalizeName } from "../names.ts";
import { MAX_PYPROJECT_BYTES, readRegularTextSync } from "../fs/regular_file.ts";
import { basename, joinPath, pathExists, resolvePath } from "../paths.ts";
import { parseToml } from "../pyproject/parse.ts";
import type { Registry } from "../registry/types.ts";
import type { KnownPackage, LocalProjectFacts, PackageFlowFacts } from "./flow_facts.ts";

const YAML_FILE = /\.ya?ml$/;

/** The YAML files directly in `dir`, by the normalized name of their stem. */
export function yamlFilesByName(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory || !YAML_FILE.test(entry.name)) continue;
      const key = normalizeName(entry.name.replace(YAML_FILE, ""));
      // `x.yaml` wins over `x.yml`, like the loader's sorted order.
      if (!files.has(key) || entry.name.endsWith(".yaml")) {
        files.set(key, joinPath(dir, entry.name));
      }
    }
  } catch {
    // A missing directory has no files; the loader has already reported it.
  }
  return files;
}

/** What a package directory's own pyproject.toml declares (name, static version). */
function readLocalProject(dir: string): LocalProjectFacts | undefined {
  let text: string;
  try {
    text = readRegularTextSync(joinPath(dir, "pyproject.toml"), MAX_PYPROJECT_BYTES);
  } catch {
    return undefined;
  }
  try {
    const project = parseToml(text, joinPath(dir, "pyproject.toml")).value.project;
    if (typeof project !== "object" || project === null) return {};
    const { name, version } = project as Record<string, unknown>;
    return {
      name: typeof name === "string" ? name : undefined,
      version: typeof version === "string" ? version : undefined,
    };
  } catch {
    return undefined;
  }
}

/** The facts of `registry add` for `registry` (as loaded), with relative paths from `cwd`. */
export function packageFlowFacts(registry: Registry, cwd: string): PackageFlowFacts & {
  fileOf(name: string): string | undefined;
} {
  const packagesDir = joinPath(registry.root, "packages");
  const files = yamlFilesByName(packagesDir);
  // Files with an error of their own are "not valid": they are replaced only with --force.
  const broken = new Set(
    registry.problems.filter((problem) => problem.severity === "error")
      .map((problem) => resolvePath(cwd, problem.file)),
  );
  const known = new Map<string, KnownPackage>();
  for (const [key, file] of files) {
    const stem = basename(file).replace(YAML_FILE, "");
    const pkg = registry.packages.get(stem);
    if (!pkg || pkg.file !== file || broken.has(file)) {
      known.set(key, { name: stem, readable: false, modes: [] });
      continue;
    }
    const entry: KnownPackage = {
      name: pkg.name,
      readable: true,
      modes: Object.keys(pkg.sources),
      version: pkg.version,
    };
    if (pkg.description !== undefined) entry.description = pkg.description;
    known.set(key, entry);
  }
  return {
    cwd,
    packagesDir,
    fileOf: (name) => files.get(normalizeName(name)),
    lookup: (name) => known.get(normalizeName(name)),
    groups: [...registry.groups.values()].map((group) => ({
      name: group.name,
      strategy: group.strategy,
      description: group.description,
      options: group.options.map((option) => option.name),
    })),
    exists: pathExists,
    localProject: readLocalProject,
  };
}
