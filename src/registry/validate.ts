/** Pure checks across the files of a registry: duplicates, options without manifests, local paths. */
import { normalizeName } from "../names.ts";
import type { Problem } from "../errors.ts";
import { dirname, isAbsolutePath, joinPath, normalizePath } from "../paths.ts";
import { didYouMean } from "../suggest.ts";
import type { Group, LocalSource, Package, Position } from "./types.ts";
import { checkRelations } from "./validate_relations.ts";

/** Tells whether a file or directory exists; injected so the checks stay free of I/O. */
export type ExistsCheck = (path: string) => boolean;

/** Extra knowledge for `crossCheck` that the parsed data alone does not carry. */
export interface CrossCheckOptions {
  /**
   * Names of package manifests that exist but could not be read (their own problems are
   * reported); options naming them are not reported again as missing.
   */
  unreadablePackages?: ReadonlySet<string>;
  /** The same for group files: an `implies` naming one says its file cannot be used. */
  unreadableGroups?: ReadonlySet<string>;
}

// Suggesting a near name scans every package; past this many misses the hint stays generic.
const MAX_SUGGESTIONS = 100;

// Each source's path, once: loading a registry asks twice per local source (existence, then
// the check), and path normalization is a visible share of loading 10,000 manifests.
const resolvedPaths = new WeakMap<LocalSource, string>();

/** The absolute path a local source points at: its `path` joined to the manifest's directory. */
export function localSourcePath(pkg: Package, source: LocalSource): string {
  let path = resolvedPaths.get(source);
  if (path === undefined) {
    path = isAbsolutePath(source.path)
      ? normalizePath(source.path)
      : joinPath(dirname(pkg.file), source.path);
    resolvedPaths.set(source, path);
  }
  return path;
}

/** Every local source path of the given packages, without duplicates (to check them at once). */
export function localSourcePaths(packages: Iterable<Package>): string[] {
  const paths = new Set<string>();
  for (const pkg of packages) {
    for (const source of Object.values(pkg.sources)) {
      if (source.type === "local") paths.add(localSourcePath(pkg, source));
    }
  }
  return [...paths];
}

function problemAt(
  position: Position,
  message: string,
  hint: string | undefined,
  severity: Problem["severity"] = "error",
): Problem {
  const problem: Problem = { ...position, message, severity };
  if (hint) problem.hint = hint;
  return problem;
}

function firstByName<T extends { name: string; position: Position }>(
  items: readonly T[],
  kind: string,
  problems: Problem[],
  normalize?: (name: string) => string,
): Map<string, T> {
  const byName = new Map<string, T>();
  // Package names equal under PEP 503 (`VLM_Adapter.Qwen`, `vlm-adapter-qwen`) are one package
  // to uv and to a selection: two files defining it are reported, naming both.
  const byNormal = new Map<string, T>();
  for (const item of items) {
    const first = byName.get(item.name);
    const same = normalize && !first ? byNormal.get(normalize(item.name)) : undefined;
    if (same) {
      problems.push(problemAt(
        item.position,
        `${kind} '${item.name}' is the same name as '${same.name}' in ${same.position.file} ` +
          `(names equal under PEP 503 normalization: case and runs of '-', '_', '.' do not count)`,
        `remove or rename one of ${item.position.file} and ${same.position.file}`,
      ));
      continue;
    }
    if (!first) {
      byName.set(item.name, item);
      if (normalize) byNormal.set(normalize(item.name), item);
      continue;
    }
    problems.push(problemAt(
      item.position,
      `${kind} '${item.name}' is defined twice: here and in ${first.position.file}`,
      "remove or rename one of the two files",
    ));
  }
  return byName;
}

/**
 * Checks a registry as a whole: names defined by two files, options with no package manifest,
 * options' `implies` and `conflicts` (validate_relations.ts), and local source paths that do not exist (a warning: the checkout may come later). Pass the
 * groups and packages in a stable order (by file); the first of two duplicates is kept.
 */
export function crossCheck(
  groups: readonly Group[],
  packages: readonly Package[],
  exists: ExistsCheck,
  options: CrossCheckOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const groupsByName = firstByName(groups, "group", problems);
  const packagesByName = firstByName(packages, "package", problems, normalizeName);
  const unreadable = options.unreadablePackages ?? new Set<string>();
  let suggestions = 0;
  for (const group of groups) {
    for (const option of group.options) {
      if (packagesByName.has(option.name) || unreadable.has(option.name)) continue;
      const near = suggestions++ < MAX_SUGGESTIONS
        ? didYouMean(option.name, nearLength(option.name, packagesByName.keys()))
        : undefined;
      problems.push(problemAt(
        option.position,
        `option '${option.name}' of group '${group.name}' has no package manifest`,
        near
          ? `did you mean '${near}'? Otherwise create packages/${option.name}.yaml ` +
            `or run 'hpm registry add --name ${option.name}'`
          : `create packages/${option.name}.yaml or run 'hpm registry add --name ${option.name}'`,
      ));
    }
  }
  for (const problem of checkRelations(groupsByName, options.unreadableGroups)) {
    problems.push(problem);
  }
  for (const pkg of packages) {
    for (const [mode, source] of Object.entries(pkg.sources)) {
      if (source.type !== "local") continue;
      const path = localSourcePath(pkg, source);
      if (exists(path)) continue;
      problems.push(problemAt(
        source.position,
        `local path '${source.path}' of package '${pkg.name}' (mode '${mode}') does not ` +
          `exist: ${path}`,
        "check it out there, or fix 'path' (it is relative to this manifest's directory)",
        "warning",
      ));
    }
  }
  return problems;
}

function* nearLength(name: string, candidates: Iterable<string>): Iterable<string> {
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) <= 3) yield candidate;
  }
}
