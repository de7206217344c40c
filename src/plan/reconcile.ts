/**
 * Reconciling the plan with what pyproject.toml holds now. hpm owns exactly the distributions
 * listed in `[tool.hpm] managed`: their `[project].dependencies` entries, their
 * `[tool.uv.sources]` entries and the `hpm-<name>` indexes. Everything else is the user's and is
 * never changed; a planned entry that collides with one of the user's is an error. An owned
 * entry that is no longer what hpm wrote (`[tool.hpm] written`, see written.ts) is a hand edit:
 * reported and left alone unless `resetEdits`. Pure.
 */
import { atKey, type Problem } from "../errors.ts";
import { normalizeName } from "../names.ts";
import type { Plan, PlannedEntry, UvSourceValue } from "./plan.ts";
import { indexNameFor } from "./plan.ts";
import { type Adoption, noAdoption } from "./adopt.ts";
import { requirementName } from "../registry/requirement.ts";
import {
  digestParts,
  plannedParts,
  sameCanonical,
  sameParts,
  type WrittenParts,
} from "./written.ts";

/** The parts of pyproject.toml that reconciling reads. */
export interface CurrentState {
  dependencies: string[];
  sources: Record<string, unknown>;
  /** `[[tool.uv.index]]` entries with a string name, as written. */
  indexes: Array<{ name: string; url: unknown; explicit: unknown }>;
  managed: string[];
  /** `[tool.hpm] written`: per name, the digest of what hpm last wrote (absent: older hpm). */
  written?: Record<string, string>;
  /** `[tool.hpm] created`: the keys hpm created, to remove once they are empty again. */
  created?: string[];
  /** Whether `[project].dependencies` and `[tool.uv.sources]` exist (default: they do). */
  hasDependencies?: boolean;
  hasSources?: boolean;
}

/**
 * How a managed entry's text differs from what hpm last wrote: `edited` (by hand or `uv add`),
 * `removed` (its dependency is gone: by hand or `uv remove`), or `unrecorded` (it differs from
 * the plan and there is no record of what hpm wrote: a project synced by an older hpm).
 */
export type HandEditKind = "edited" | "removed" | "unrecorded";

/** A part of a managed entry: its dependency, its `[tool.uv.sources]` entry, its index. */
export type EditedPart = "dependency" | "source" | "index";

/** A managed entry whose text hpm did not write. */
export interface HandEdit {
  /** The normalized distribution name. */
  name: string;
  kind: HandEditKind;
  /** The option that selects it; undefined once it is no longer selected. */
  entry?: PlannedEntry;
  /** What pyproject.toml holds, and what hpm would write (null: it would remove it). */
  now: WrittenParts;
  planned: WrittenParts | null;
  /** The parts that differ from the plan, in file order; the first is located. */
  differs: EditedPart[];
  /** Where the first differing part is written (line and column from `keyPath`, see Problem). */
  file: string;
  line: number;
  column: number;
  keyPath?: readonly (string | number)[];
}

/** The changes that bring pyproject.toml in line with the plan. */
export interface Changes {
  /** Dependency entries to remove, by normalized name. */
  removeDependencies: string[];
  /** Dependency entries to rewrite in place (same position, comment kept), by normalized name. */
  replaceDependencies: Array<{ name: string; requirement: string }>;
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
  /** The new `[tool.hpm] written` record, when it changes (empty: the key goes). */
  written?: Record<string, string>;
  /** The new `[tool.hpm] created` list, when it changes (empty: the key goes). */
  created?: string[];
  /** Keys hpm created that these changes leave empty: removed (`project.dependencies`, ...). */
  dropCreated: string[];
  /** What the user sees: distributions added, replaced or removed. */
  added: PlannedEntry[];
  updated: PlannedEntry[];
  removed: string[];
  /**
   * Selected entries whose text hpm did not write: left as they are (sync stops on them), or,
   * with `resetEdits`, rewritten as planned.
   */
  edits: HandEdit[];
  /** Entries of deselected options whose text hpm did not write: removed all the same. */
  droppedEdits: HandEdit[];
  /** Collisions with the user's own entries. */
  problems: Problem[];
  /**
   * What the original hpm's sync left that these changes take over (see adopt.ts): its
   * entries become hpm's (a replaced option's are removed), its workspace members go.
   */
  adopted: Adoption;
}

/** Options of `reconcile`. */
export interface ReconcileOptions {
  /** Rewrite hand-edited entries as planned (`hpm sync --reset-edits`). */
  resetEdits?: boolean;
  /** What the original hpm's sync left, to take over (see adopt.ts). */
  adoption?: Adoption;
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

/** True when applying the changes would change nothing. */
export function isEmptyChanges(changes: Changes): boolean {
  return changes.removeDependencies.length === 0 && changes.addDependencies.length === 0 &&
    changes.replaceDependencies.length === 0 && changes.dropCreated.length === 0 &&
    changes.removeSources.length === 0 && changes.setSources.length === 0 &&
    changes.removeIndexes.length === 0 && changes.addIndexes.length === 0 &&
    changes.managed === undefined && changes.written === undefined &&
    changes.created === undefined && changes.adopted.removeMembers.length === 0;
}

/** True when nothing but hpm's record (`written`, `created`) would change. */
export function onlyRecord(changes: Changes): boolean {
  return changes.removeDependencies.length === 0 && changes.addDependencies.length === 0 &&
    changes.replaceDependencies.length === 0 && changes.dropCreated.length === 0 &&
    changes.removeSources.length === 0 && changes.setSources.length === 0 &&
    changes.removeIndexes.length === 0 && changes.addIndexes.length === 0 &&
    changes.managed === undefined && changes.adopted.removeMembers.length === 0;
}

/** A change set that changes nothing (to fill in). */
export function noChanges(): Changes {
  return {
    removeDependencies: [],
    replaceDependencies: [],
    addDependencies: [],
    removeSources: [],
    setSources: [],
    removeIndexes: [],
    addIndexes: [],
    dropCreated: [],
    added: [],
    updated: [],
    removed: [],
    edits: [],
    droppedEdits: [],
    problems: [],
    adopted: noAdoption(),
  };
}

/** The current entries by normalized name, looked up once (a linear scan per name was O(n²)). */
interface ByName {
  /** Each name's dependency strings with their index in the array, in file order. */
  deps: Map<string, Array<{ text: string; at: number }>>;
  /** Each name's first `[tool.uv.sources]` key, as written. */
  sourceKeys: Map<string, string>;
}

function byName(current: CurrentState): ByName {
  const deps = new Map<string, Array<{ text: string; at: number }>>();
  current.dependencies.forEach((text, at) => {
    const name = requirementName(text);
    if (name === undefined) return;
    if (!deps.has(name)) deps.set(name, []);
    deps.get(name)!.push({ text, at });
  });
  const sourceKeys = new Map<string, string>();
  for (const key of Object.keys(current.sources)) {
    const name = normalizeName(key);
    if (!sourceKeys.has(name)) sourceKeys.set(name, key);
  }
  return { deps, sourceKeys };
}

/** What pyproject.toml holds now for one distribution (see written.ts). */
function currentParts(current: CurrentState, names: ByName, name: string): WrittenParts {
  const dependency = names.deps.get(name)?.[0]?.text;
  const key = names.sourceKeys.get(name);
  const index = indexNameFor(name);
  const indexes = current.indexes.filter((i) => i.name === index)
    .map((i) => ({ name: i.name, url: i.url, explicit: i.explicit }));
  return {
    dependency: dependency ?? null,
    sourceKey: key ?? null,
    source: key === undefined ? null : current.sources[key],
    index: indexes.length === 0 ? null : indexes.length === 1 ? indexes[0] : indexes,
  };
}

/** The parts that differ between what is written and what is planned (all of them: removed). */
function differingParts(now: WrittenParts, planned: WrittenParts | null): EditedPart[] {
  const parts: EditedPart[] = [];
  if (now.dependency !== (planned?.dependency ?? null)) parts.push("dependency");
  const source = (p: WrittenParts | null) => ({ key: p?.sourceKey ?? null, value: p?.source });
  if (!sameCanonical(source(now), source(planned))) parts.push("source");
  if (!sameCanonical(now.index, planned?.index ?? null)) parts.push("index");
  return parts.length ? parts : ["dependency"];
}

/** Where a part is written (the dependency's element, its source key, the index array). */
function partPath(current: CurrentState, now: WrittenParts, part: EditedPart) {
  if (part === "source" && now.sourceKey !== null) return ["tool", "uv", "sources", now.sourceKey];
  if (part === "index" && now.index !== null) return ["tool", "uv", "index"];
  const at = now.dependency === null ? -1 : current.dependencies.indexOf(now.dependency);
  return at >= 0 ? ["project", "dependencies", at] : ["project", "dependencies"];
}

/** `[fastembed]` in `qdrant-client[fastembed]>=1`, or `; marker`: what a manifest can say too. */
function extrasOrMarker(requirement: string): string | undefined {
  const extras = /^\s*[A-Za-z0-9._-]+\s*\[([^\]]*)\]/.exec(requirement)?.[1];
  if (extras !== undefined) {
    const names = extras.split(",").map((e) => e.trim()).filter(Boolean);
    return `extras: [${names.join(", ")}]`;
  }
  const marker = /;(.*)$/.exec(requirement)?.[1]?.trim();
  return marker ? `marker: ${JSON.stringify(marker)}` : undefined;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(sortedRecord(a)) === JSON.stringify(sortedRecord(b));
}

/** Computes the changes; `file` is how pyproject.toml is named in problems. */
export function reconcile(
  current: CurrentState,
  plan: Plan,
  file: string,
  options: ReconcileOptions = {},
): Changes {
  const adopted = options.adoption ?? noAdoption();
  const taken = new Set(adopted.names);
  // What the original hpm's sync wrote is hpm's from now on: no hand edit, no collision.
  const managed = new Set([...current.managed.map(normalizeName), ...adopted.names]);
  const wanted = new Map(plan.entries.map((e) => [normalizeName(e.distribution), e]));
  const changes = noChanges();
  changes.adopted = adopted;
  const at = (path: readonly (string | number)[]) => atKey(file, path);
  const collide = (path: readonly (string | number)[], message: string, hint: string) =>
    changes.problems.push({ ...at(path), severity: "error", message, hint });
  const names = byName(current);
  const depsOf = (name: string) => (names.deps.get(name) ?? []).map((d) => d.text);
  const depIndex = (name: string, nth = 0) => names.deps.get(name)?.[nth]?.at ?? -1;
  const depPath = (index: number) =>
    index >= 0 ? ["project", "dependencies", index] : ["project", "dependencies"];

  const indexNames = new Set(current.indexes.map((i) => i.name));
  const hasIndex = (name: string) => indexNames.has(name);
  // hpm writes one entry per distribution it owns; more are the user's, added by hand, and
  // would go with hpm's (silently) if hpm edited that name.
  const doubled = (name: string, deps: string[], why: string) => {
    if (deps.length < 2) return false;
    collide(
      depPath(depIndex(name, 1)),
      `'${name}' is in [project].dependencies ${deps.length} times (${deps.join(", ")}); ` +
        `hpm wrote one of them and ${why}`,
      "remove the entries you added by hand (hpm manages its own), then run the command again",
    );
    return true;
  };
  // The text hpm wrote: it matches the record, or (no record, an older hpm) the plan.
  const record: Record<string, string> = {};
  const handEdit = (name: string, entry: PlannedEntry | undefined): HandEdit | undefined => {
    const now = currentParts(current, names, name);
    const planned = entry ? plannedParts(entry) : null;
    const recorded = current.written?.[name];
    if (taken.has(name)) return undefined;
    if (planned && sameParts(now, planned)) return undefined;
    if (recorded !== undefined && digestParts(now) === recorded) return undefined;
    if (!planned && recorded === undefined) return undefined; // leaving: nothing to compare
    const kind: HandEditKind = now.dependency === null
      ? "removed"
      : recorded === undefined
      ? "unrecorded"
      : "edited";
    const differs = differingParts(now, planned);
    const where = at(partPath(current, now, differs[0]));
    return { name, kind, entry, now, planned, differs, ...where };
  };

  // What hpm owns now but the plan no longer wants: remove all of it.
  for (const name of managed) {
    if (wanted.has(name)) continue;
    const deps = depsOf(name);
    if (doubled(name, deps, "would remove them all")) continue;
    const edit = handEdit(name, undefined);
    if (edit && edit.kind !== "removed") changes.droppedEdits.push(edit);
    changes.removed.push(name);
    if (deps.length > 0) changes.removeDependencies.push(name);
    const key = names.sourceKeys.get(name);
    if (key !== undefined) changes.removeSources.push(key);
    const index = indexNameFor(name);
    if (hasIndex(index)) changes.removeIndexes.push(index);
  }

  for (const [name, entry] of wanted) {
    const owned = managed.has(name);
    const deps = depsOf(name);
    const key = names.sourceKeys.get(name);
    if (owned && doubled(name, deps, "would replace them all")) continue;
    // Every collision of the name at once (its dependency and its source), not one per run.
    let collided = false;
    if (!owned && deps.length > 0) {
      collided = true;
      const declare = extrasOrMarker(deps[0]);
      collide(
        depPath(depIndex(name)),
        `'${deps[0]}' is already in [project].dependencies and was not added by hpm ` +
          `(option '${entry.option}' of group '${entry.group}' needs it)`,
        declare
          ? `to have hpm write it like this, declare \`${declare}\` in the package's manifest ` +
            `(${entry.source.position.file}) and remove this entry; or choose another option`
          : `remove it from [project].dependencies to let hpm manage it (a manifest can ` +
            `declare \`extras:\` and \`marker:\` for it), or choose another option`,
      );
    }
    if (!owned && key !== undefined) {
      collided = true;
      collide(
        ["tool", "uv", "sources", key],
        `[tool.uv.sources] already has '${key}', which hpm did not add ` +
          `(option '${entry.option}' of group '${entry.group}' needs it)`,
        `remove that source to let hpm manage it, or choose another option`,
      );
    }
    if (collided) continue;
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
    if (owned) {
      const edit = handEdit(name, entry);
      if (edit) {
        changes.edits.push(edit);
        if (!options.resetEdits) {
          // Left as it is, and still not hpm's: the record keeps what hpm wrote.
          const recorded = current.written?.[name];
          if (recorded !== undefined) record[name] = recorded;
          continue;
        }
      }
    }
    record[name] = digestParts(plannedParts(entry));
    let changed = false;
    if (deps.length === 1 && deps[0] !== entry.requirement) {
      changes.replaceDependencies.push({ name, requirement: entry.requirement });
      changed = true;
    } else if (deps.length === 0) {
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
  // Against the file's own list: what is taken over is not recorded there yet.
  const currentManaged = [...new Set(current.managed.map(normalizeName))].sort();
  if (nextManaged.join("\n") !== currentManaged.join("\n")) changes.managed = nextManaged;
  const nextRecord = sortedRecord(nextManaged.length ? record : {});
  if (!sameRecord(current.written ?? {}, nextRecord)) changes.written = nextRecord;
  reconcileCreated(current, managed, nextManaged.length > 0, changes);
  return changes;
}

/**
 * Which keys hpm created (`[project].dependencies`, `[tool.uv.sources]`), so that removing the
 * last option removes them too and gives back the original bytes. A project synced by an older
 * hpm has no record: its `[tool.uv.sources]` counts as hpm's when it holds only managed names.
 */
function reconcileCreated(
  current: CurrentState,
  managed: Set<string>,
  managesAny: boolean,
  changes: Changes,
): void {
  const sourceKeys = Object.keys(current.sources);
  const legacy = current.written === undefined && current.created === undefined &&
    managed.size > 0 && sourceKeys.length > 0 &&
    sourceKeys.every((k) => managed.has(normalizeName(k)));
  const created = new Set(current.created ?? (legacy ? [SOURCES_KEY] : []));
  if (current.hasDependencies === false && changes.addDependencies.length) {
    created.add(DEPENDENCIES_KEY);
  }
  if (current.hasSources === false && changes.setSources.length) created.add(SOURCES_KEY);
  const removedDeps = new Set(changes.removeDependencies);
  const depsLeft = changes.addDependencies.length +
    current.dependencies.filter((d) => !removedDeps.has(requirementName(d) ?? "")).length;
  if (created.has(DEPENDENCIES_KEY) && depsLeft === 0) {
    if (current.hasDependencies !== false) changes.dropCreated.push(DEPENDENCIES_KEY);
    created.delete(DEPENDENCIES_KEY);
  }
  const sourcesLeft = new Set(sourceKeys);
  changes.removeSources.forEach((k) => sourcesLeft.delete(k));
  changes.setSources.forEach((s) => sourcesLeft.add(s.key));
  if (created.has(SOURCES_KEY) && sourcesLeft.size === 0) {
    if (current.hasSources !== false) changes.dropCreated.push(SOURCES_KEY);
    created.delete(SOURCES_KEY);
  }
  // With nothing managed, what is left is the user's.
  const next = managesAny ? [...created].sort() : [];
  if (next.join("\n") !== [...(current.created ?? [])].sort().join("\n")) changes.created = next;
}

/** The keys `[tool.hpm] created` names. */
export const DEPENDENCIES_KEY = "project.dependencies";
export const SOURCES_KEY = "tool.uv.sources";
