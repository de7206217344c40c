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
  /** The mode whose source is used. */
  mode: string;
  /** Where the mode asked for came from (with `fellBackFrom`, the mode that was asked for). */
  modeFrom: ModeFrom;
  /** The mode asked for when the package has no source for it and uses its `prod` source. */
  fellBackFrom?: string;
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

/** Where a package's mode comes from: `--mode`, `[tool.hpm.modes]`, `[tool.hpm] mode`, or none. */
export type ModeFrom = "flag" | "package" | "project" | "default";

/** The mode a package without a source for the mode asked for falls back to. */
export const FALLBACK_MODE = "prod";

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
  /**
   * Set when a package without a source for its mode must not fall back to `prod`: by
   * `--strict-modes` or by `[tool.hpm] strict-modes = true`.
   */
  strictModes?: "flag" | "project";
  /** Facts about local source directories, keyed by absolute path. */
  locals: Map<string, LocalPackageFacts>;
  /** How the project file is shown in problems. */
  pyprojectFile: string;
  /**
   * True for a directory that is a member of the project's uv workspace: uv refuses a `path`
   * source for a member, it takes `{ workspace = true }` (default: none is).
   */
  isWorkspaceMember?: (dir: string) => boolean;
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
): { mode: string; from: ModeFrom } {
  if (input.modeFlag) return { mode: input.modeFlag, from: "flag" };
  // `[tool.hpm.modes]` names packages as the user spells them (`Vlm_Adapter_Qwen`).
  const key = normalizeName(pkg);
  const own = Object.entries(input.packageModes)
    .find(([name]) => name === pkg || normalizeName(name) === key)?.[1];
  if (own) return { mode: own, from: "package" };
  if (input.projectMode) return { mode: input.projectMode, from: "project" };
  return { mode: "prod", from: "default" };
}

/** How the plan chooses modes: the inputs of {@link modeFor} and the strict setting. */
export type ModeInput = Pick<
  PlanInput,
  "modeFlag" | "projectMode" | "packageModes" | "strictModes"
>;

/** The source a package uses in the mode in force, or why it has none. */
export type SourceChoice =
  | { mode: string; from: ModeFrom; source: Source; fellBackFrom?: string }
  | { mode: string; from: ModeFrom; source?: undefined; reason: "strict" | "no-fallback" };

/**
 * The package's source for its mode; without one, its `prod` source (the mode asked for kept
 * as `fellBackFrom`), unless the modes are strict or it has no `prod` source either.
 */
export function sourceFor(pkg: Package, input: ModeInput): SourceChoice {
  const { mode, from } = modeFor(pkg.name, input);
  const own = pkg.sources[mode];
  if (own) return { mode, from, source: own };
  const fallback = pkg.sources[FALLBACK_MODE];
  if (!fallback) return { mode, from, reason: "no-fallback" };
  if (input.strictModes) return { mode, from, reason: "strict" };
  return { mode: FALLBACK_MODE, from, source: fallback, fellBackFrom: mode };
}

/** The problem of a package without a source for its mode (a `sourceFor` without one). */
export function missingSourceProblem(
  pkg: Package,
  group: string,
  choice: Extract<SourceChoice, { reason: string }>,
  strictModes: PlanInput["strictModes"],
): Problem {
  const { mode, from } = choice;
  const modes = Object.keys(pkg.sources);
  const file = pkg.position.file;
  const other = modes.find((m) => m !== mode) ?? FALLBACK_MODE;
  const elsewhere = from === "flag"
    ? `or use --mode ${other}`
    : `or set its mode: 'hpm mode set ${pkg.name} ${other}'`;
  const base = `package '${pkg.name}' (group '${group}') has no source for mode '${mode}'` +
    ` (it has: ${modes.join(", ")})`;
  const at = { file, line: pkg.position.line, column: pkg.position.column };
  if (choice.reason === "strict") {
    return {
      ...at,
      severity: "error",
      message: `${base}, and strict modes keep it from falling back to ${FALLBACK_MODE}`,
      hint: `add a '${mode}' source to ${file}, ` +
        (strictModes === "flag"
          ? "or drop --strict-modes to let it use its prod source"
          : "or let it use its prod source: [tool.hpm] strict-modes = false"),
    };
  }
  return {
    ...at,
    severity: "error",
    message: mode === FALLBACK_MODE
      ? base
      : `${base}, nor one for ${FALLBACK_MODE} to fall back to`,
    hint: `add a '${mode}' source to ${file}, ${elsewhere}`,
  };
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
      // A member is always installed editable by uv, from the workspace.
      if (input.isWorkspaceMember?.(dir)) return { uvSource: { workspace: true } };
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
      const choice = sourceFor(pkg, input);
      const at = { file: pkg.position.file, line: pkg.position.line, column: pkg.position.column };
      if (!choice.source) {
        problems.push(missingSourceProblem(pkg, group, choice, input.strictModes));
        continue;
      }
      const { mode, from, source } = choice;
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
        ...(choice.fellBackFrom !== undefined && { fellBackFrom: choice.fellBackFrom }),
        source,
        distribution,
        requirement: requirementFor(distribution, source, pkg),
        ...uvSourceFor(source, input, pkg, distribution),
      });
    }
  }
  return { entries, problems };
}
