/**
 * The plan: a pure function of (registry, project view, selection, mode) giving the
 * dependency entries, `[tool.uv.sources]` entries and named indexes hpm should own.
 * No Deno APIs here: facts from disk (local packages' real names) come in as data.
 */
import type { Problem } from "../errors.ts";
import { normalizeName } from "../names.ts";
import { dirname, isAbsolutePath, joinPath, relativePath } from "../paths.ts";
import type { OptionRef, Package, Registry, Source } from "../registry/types.ts";
import { requirementText } from "../registry/requirement.ts";
import type { Selection } from "./selection.ts";

/** A TOML inline-table value as hpm writes it into `[tool.uv.sources]`. */
export type UvSourceValue = Record<string, string | boolean>;

/** One selected option, materialized. */
export interface PlannedEntry {
  group: string;
  option: string;
  /** The mode whose source is used, and why it was chosen. */
  mode: string;
  modeFrom: "flag" | "package" | "project" | "default";
  source: Source;
  /** The distribution's real name (from a local package's pyproject.toml, else the manifest). */
  distribution: string;
  /** The `[project].dependencies` entry, e.g. `vlm-adapter-qwen` or `torch>=2.3`. */
  requirement: string;
  /** The `[tool.uv.sources]` entry, when the source needs one. */
  uvSource?: UvSourceValue;
  /** A `[[tool.uv.index]]` entry, for an index source with its own URL. */
  index?: { name: string; url: string };
  /** Set when the option is not recorded but implied: by which recorded choice, through which. */
  implied?: { by: OptionRef; via: OptionRef[] };
}

/** What the plan needs to know about a local package directory (read by the I/O layer). */
export interface LocalPackageFacts {
  /** False when the directory does not exist. */
  exists: boolean;
  /** `[project].name` of its pyproject.toml, when readable. */
  name?: string;
}

/** Inputs of `buildPlan`. */
export interface PlanInput {
  registry: Registry;
  projectRoot: string;
  selection: Selection;
  /** `--mode` from the command line: wins over everything. */
  modeFlag?: string;
  /** `[tool.hpm] mode`. */
  projectMode?: string;
  /** `[tool.hpm.modes]`: package -> mode. */
  packageModes: Record<string, string>;
  /** Facts about local source directories, keyed by absolute path. */
  locals: Map<string, LocalPackageFacts>;
  /** How the project file is shown in problems. */
  pyprojectFile: string;
}

/** The plan: entries to own, and every problem found while planning. */
export interface Plan {
  entries: PlannedEntry[];
  problems: Problem[];
}

/** The mode a package uses: `--mode`, else `[tool.hpm.modes]`, else `[tool.hpm] mode`, else prod. */
export function modeFor(
  pkg: string,
  input: Pick<PlanInput, "modeFlag" | "projectMode" | "packageModes">,
): { mode: string; from: PlannedEntry["modeFrom"] } {
  if (input.modeFlag) return { mode: input.modeFlag, from: "flag" };
  // `[tool.hpm.modes]` names packages as the user spells them (`Vlm_Adapter_Qwen`).
  const key = normalizeName(pkg);
  const own = Object.entries(input.packageModes)
    .find(([name]) => name === pkg || normalizeName(name) === key)?.[1];
  if (own) return { mode: own, from: "package" };
  if (input.projectMode) return { mode: input.projectMode, from: "project" };
  return { mode: "prod", from: "default" };
}

/** Absolute directory of a local source (its path is relative to the manifest's directory). */
export function localSourceDir(pkg: Package, path: string): string {
  return isAbsolutePath(path) ? joinPath(path) : joinPath(dirname(pkg.file), path);
}

/** The index name hpm gives a package's own index URL. */
export function indexNameFor(distribution: string): string {
  return `hpm-${normalizeName(distribution)}`;
}

/**
 * The `[project].dependencies` entry, as `uv add` would write it: the name, the extras and
 * marker in force (a source's own replace the package's), an index source's constraint.
 */
export function requirementFor(distribution: string, source: Source, pkg?: Package): string {
  return requirementText({
    name: distribution,
    extras: source.extras ?? pkg?.extras,
    specifier: source.type === "index" ? source.version : "",
    marker: source.marker ?? pkg?.marker,
  });
}

function uvSourceFor(
  source: Source,
  input: PlanInput,
  pkg: Package,
  distribution: string,
): Pick<PlannedEntry, "uvSource" | "index"> {
  switch (source.type) {
    case "local": {
      const dir = localSourceDir(pkg, source.path);
      const path = relativePath(input.projectRoot, dir);
      return { uvSource: { path, ...(source.editable ? { editable: true } : {}) } };
    }
    case "git": {
      const value: UvSourceValue = { git: source.url };
      if (source.tag) value.tag = source.tag;
      if (source.branch) value.branch = source.branch;
      if (source.rev) value.rev = source.rev;
      if (source.subdirectory) value.subdirectory = source.subdirectory;
      return { uvSource: value };
    }
    case "url": {
      const value: UvSourceValue = { url: source.url };
      if (source.subdirectory) value.subdirectory = source.subdirectory;
      return { uvSource: value };
    }
    case "index": {
      if (!source.index) return {};
      const name = indexNameFor(distribution);
      return { uvSource: { index: name }, index: { name, url: source.index } };
    }
  }
}

/** Builds the plan for a validated selection. */
export function buildPlan(input: PlanInput): Plan {
  const entries: PlannedEntry[] = [];
  const problems: Problem[] = [];
  const owners = new Map<string, string>();
  for (const [group, options] of input.selection) {
    for (const option of options) {
      const pkg = input.registry.packages.get(option);
      if (!pkg) continue; // reported by selection validation
      const { mode, from } = modeFor(option, input);
      const source = pkg.sources[mode];
      const at = { file: pkg.position.file, line: pkg.position.line, column: pkg.position.column };
      if (!source) {
        const modes = Object.keys(pkg.sources);
        problems.push({
          ...at,
          severity: "error",
          message: `package '${option}' (group '${group}') has no source for mode '${mode}'` +
            ` (it has: ${modes.join(", ")})`,
          hint: from === "flag"
            ? `add a '${mode}' source to ${pkg.position.file}, or use --mode ${modes[0]}`
            : `add a '${mode}' source to ${pkg.position.file}, or set the mode with ` +
              `[tool.hpm.modes] ${option} = "${modes[0]}"`,
        });
        continue;
      }
      let distribution = pkg.name;
      if (source.type === "local") {
        const dir = localSourceDir(pkg, source.path);
        const facts = input.locals.get(dir);
        const sourceAt = { ...at, line: source.position.line, column: source.position.column };
        if (!facts?.exists) {
          problems.push({
            ...sourceAt,
            file: source.position.file,
            severity: "error",
            message: `local path '${source.path}' of package '${option}' (mode '${mode}') ` +
              `does not exist: ${dir}`,
            hint:
              "the path is relative to the manifest's own directory; fix it or check out the package there",
          });
          continue;
        }
        if (facts.name !== undefined) {
          if (normalizeName(facts.name) !== normalizeName(pkg.name)) {
            problems.push({
              ...sourceAt,
              file: source.position.file,
              severity: "error",
              message:
                `package '${option}' points at '${source.path}', whose pyproject.toml names ` +
                `the distribution '${facts.name}'`,
              hint: `rename the manifest to '${facts.name}' or point it at the right directory`,
            });
            continue;
          }
          distribution = facts.name;
        }
      }
      const key = normalizeName(distribution);
      const previous = owners.get(key);
      if (previous) {
        problems.push({
          ...at,
          severity: "error",
          message: `'${distribution}' is selected twice (${previous} and group '${group}')`,
          hint: "select it in one group only",
        });
        continue;
      }
      owners.set(key, `group '${group}'`);
      entries.push({
        group,
        option,
        mode,
        modeFrom: from,
        source,
        distribution,
        requirement: requirementFor(distribution, source, pkg),
        ...uvSourceFor(source, input, pkg, distribution),
      });
    }
  }
  return { entries, problems };
}
