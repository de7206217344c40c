/**
 * Reconciling the plan with what pyproject.toml holds now. hpm owns exactly the distributions
 * listed in `[tool.hpm] managed`: their `[project].dependencies` entries, their
 * `[tool.uv.sources]` entries and the `hpm-<name>` indexes. Everything else is the user's and is
 * never changed; a planned entry that collides with one of the user's is an error. Pure.
 */
import type { Problem } from "../errors.ts";
import { normalizeName } from "../names.ts";
import type { Plan, PlannedEntry, UvSourceValue } from "./plan.ts";
import { indexNameFor } from "./plan.ts";

/** The parts of pyproject.toml that reconciling reads. */
export interface CurrentState {
  dependencies: string[];
  sources: Record<string, unknown>;
  /** `[[tool.uv.index]]` entries with a string name, as written. */
  indexes: Array<{ name: string; url: unknown; explicit: unknown }>;
  managed: string[];
}

/** The changes that bring pyproject.toml in line with the plan. */
export interface Changes {
  /** Dependency entries to remove, by normalized name. */
  removeDependencies: string[];
  /** Requirement strings to append. */
  addDependencies: string[];
  /** `[tool.uv.sources]` keys (as written) to remove. */
  removeSources: string[];
  /** `[tool.uv.sources]` entries to write. */
  setSources: Array<{ key: string; value: UvSourceValue }>;
  removeIndexes: string[];
  addIndexes: Array<{ name: string; url: string }>;
  /** The new `[tool.hpm] managed` list, when it changes. */
  managed?: string[];
  /** What the user sees: distributions added, replaced or removed. */
  added: PlannedEntry[];
  updated: PlannedEntry[];
  removed: string[];
  /** Collisions with the user's own entries. */
  problems: Problem[];
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** The normalized distribution name of a PEP 508 requirement string, or undefined. */
export function requirementName(requirement: string): string | undefined {
  const match = NAME.exec(requirement);
  return match ? normalizeName(match[1]) : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  return ka.length === kb.length && ka.every((k, i) =>
    k === kb[i] &&
    sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
  );
}

function findSourceKey(sources: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(sources).find((key) => normalizeName(key) === name);
}

/** True when applying the changes would change nothing. */
export function isEmptyChanges(changes: Changes): boolean {
  return changes.removeDependencies.length === 0 && changes.addDependencies.length === 0 &&
    changes.removeSources.length === 0 && changes.setSources.length === 0 &&
    changes.removeIndexes.length === 0 && changes.addIndexes.length === 0 &&
    changes.managed === undefined;
}

/** Where a key path is written in pyproject.toml, for problems (1:1 when unknown). */
export type LocateKey = (path: string[]) => { line: number; column: number } | undefined;

/** A change set that changes nothing (to fill in). */
export function noChanges(): Changes {
  return {
    removeDependencies: [],
    addDependencies: [],
    removeSources: [],
    setSources: [],
    removeIndexes: [],
    addIndexes: [],
    added: [],
    updated: [],
    removed: [],
    problems: [],
  };
}

/** Computes the changes; `file` is how pyproject.toml is named in problems. */
export function reconcile(
  current: CurrentState,
  plan: Plan,
  file: string,
  locate: LocateKey = () => undefined,
): Changes {
  const managed = new Set(current.managed.map(normalizeName));
  const wanted = new Map(plan.entries.map((e) => [normalizeName(e.distribution), e]));
  const changes = noChanges();
  const collide = (path: string[], message: string, hint: string) =>
    changes.problems.push({
      file,
      ...(locate(path) ?? { line: 1, column: 1 }),
      severity: "error",
      message,
      hint,
    });

  const hasIndex = (name: string) => current.indexes.some((i) => i.name === name);
  // hpm writes one entry per distribution it owns; more are the user's, added by hand, and
  // would go with hpm's (silently) if hpm edited that name.
  const doubled = (name: string, deps: string[], why: string) => {
    if (deps.length < 2) return false;
    collide(
      ["project", "dependencies"],
      `'${name}' is in [project].dependencies ${deps.length} times (${deps.join(", ")}); ` +
        `hpm wrote one of them and ${why}`,
      "remove the entries you added by hand (hpm manages its own), then run the command again",
    );
    return true;
  };

  // What hpm owns now but the plan no longer wants: remove all of it.
  for (const name of managed) {
    if (wanted.has(name)) continue;
    const deps = current.dependencies.filter((d) => requirementName(d) === name);
    if (doubled(name, deps, "would remove them all")) continue;
    changes.removed.push(name);
    if (deps.length > 0) changes.removeDependencies.push(name);
    const key = findSourceKey(current.sources, name);
    if (key !== undefined) changes.removeSources.push(key);
    const index = indexNameFor(name);
    if (hasIndex(index)) changes.removeIndexes.push(index);
  }

  for (const [name, entry] of wanted) {
    const owned = managed.has(name);
    const deps = current.dependencies.filter((d) => requirementName(d) === name);
    const key = findSourceKey(current.sources, name);
    if (owned && doubled(name, deps, "would replace them all")) continue;
    if (!owned && deps.length > 0) {
      collide(
        ["project", "dependencies"],
        `'${deps[0]}' is already in [project].dependencies and was not added by hpm ` +
          `(option '${entry.option}' of group '${entry.group}' needs it)`,
        `remove it from [project].dependencies to let hpm manage it, or choose another option`,
      );
      continue;
    }
    if (!owned && key !== undefined) {
      collide(
        ["tool", "uv", "sources", key],
        `[tool.uv.sources] already has '${key}', which hpm did not add ` +
          `(option '${entry.option}' of group '${entry.group}' needs it)`,
        `remove that source to let hpm manage it, or choose another option`,
      );
      continue;
    }
    const index = indexNameFor(name);
    if (!owned && entry.index && hasIndex(index)) {
      collide(
        ["tool", "uv", "index"],
        `[[tool.uv.index]] already has an index named '${index}', which hpm did not add ` +
          `(option '${entry.option}' of group '${entry.group}' needs that name)`,
        "rename your index (and the sources that use it), or choose another option",
      );
      continue;
    }
    let changed = false;
    if (!(deps.length === 1 && deps[0] === entry.requirement)) {
      if (deps.length > 0) changes.removeDependencies.push(name);
      changes.addDependencies.push(entry.requirement);
      changed = true;
    }
    if (entry.uvSource) {
      if (key === undefined || !sameValue(current.sources[key], entry.uvSource)) {
        if (key !== undefined && key !== entry.distribution) changes.removeSources.push(key);
        changes.setSources.push({ key: entry.distribution, value: entry.uvSource });
        changed = true;
      }
    } else if (key !== undefined) {
      changes.removeSources.push(key);
      changed = true;
    }
    const written = current.indexes.filter((i) => i.name === index);
    const indexAsPlanned = written.length === 1 && entry.index !== undefined &&
      written[0].url === entry.index.url && written[0].explicit === true;
    if (entry.index && !indexAsPlanned) {
      // Absent, or its URL changed in the manifest: written again, as planned.
      if (written.length > 0) changes.removeIndexes.push(index);
      changes.addIndexes.push(entry.index);
      changed = true;
    } else if (!entry.index && written.length > 0) {
      changes.removeIndexes.push(index);
      changed = true;
    }
    if (changed) (owned ? changes.updated : changes.added).push(entry);
  }

  const nextManaged = [...wanted.keys()].sort();
  const currentManaged = [...managed].sort();
  if (nextManaged.join("\n") !== currentManaged.join("\n")) changes.managed = nextManaged;
  return changes;
}
