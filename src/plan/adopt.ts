/**
 * Taking over a project the original hpm (VLMHyperBenchTeam/hpm) synced. Its `sync` ran
 * `uv add <prod source>` for every selected option and never removed anything, so such a
 * project holds, for registry packages, entries hpm has no record of: a bare
 * `[project].dependencies` name, a `[tool.uv.sources]` entry (`{ workspace = true }` with the
 * package's directory added to `[tool.uv.workspace] members`, a `{ path = ... }` outside the
 * project, or `{ git = ... }`), and the same for every option it replaced. What carries exactly
 * that signature, for an option of a selected group, is adopted: a selected one as hpm's own,
 * a replaced one to remove, with the workspace members the original's `uv add` wrote. A
 * dependency without the signature (a pin, no source, another path) stays the user's, and so
 * does every workspace member that is not a registry package's directory. Pure.
 */
import { normalizeName } from "../names.ts";
import { isAbsolutePath, joinPath } from "../paths.ts";
import type { Registry } from "../registry/types.ts";
import { FALLBACK_MODE, localSourceDir } from "./plan.ts";
import { coversDir } from "./workspace_members.ts";
import type { Selection } from "./selection.ts";

/** What the original's `sync` would have written for one option of a selected group. */
export interface OriginalTrace {
  group: string;
  option: string;
  /** The normalized distribution name (a local package's own name, else the manifest's). */
  name: string;
  /** Whether the selection chooses it now. */
  selected: boolean;
  /** Its prod source's directory (absolute), for a local source. */
  dir?: string;
  /** Its prod source's git URL, for a git source. */
  git?: string;
}

/** The parts of pyproject.toml adoption reads. */
export interface AdoptionInput {
  projectRoot: string;
  dependencies: readonly string[];
  sources: Readonly<Record<string, unknown>>;
  /** `[tool.hpm] managed`: names hpm owns already (never adopted again). */
  managed: readonly string[];
  /** The project's own `[tool.uv.workspace]` (undefined: none, or the project is a member). */
  workspace?: { members: readonly string[]; exclude?: readonly string[]; keys: readonly string[] };
}

/** What is taken over. */
export interface Adoption {
  /** Normalized names taken over, selected ones and replaced ones alike. */
  names: string[];
  /** Of those, the ones the selection no longer chooses (removed by sync). */
  stale: string[];
  /** `[tool.uv.workspace] members` entries (as written) the original's `uv add` wrote. */
  removeMembers: string[];
  /** True when those are all of the table: `[tool.uv.workspace]` goes too. */
  dropWorkspace: boolean;
}

/** No adoption (a project hpm synced, or one the original never touched). */
export function noAdoption(): Adoption {
  return { names: [], stale: [], removeMembers: [], dropWorkspace: false };
}

/** The options of every selected group, with the source the original's sync used (prod). */
export function originalTraces(
  registry: Registry,
  selection: Selection,
  localNames: ReadonlyMap<string, string | undefined>,
): OriginalTrace[] {
  const traces: OriginalTrace[] = [];
  for (const [groupName, chosen] of selection) {
    const group = registry.groups.get(groupName);
    const options = new Set([...(group?.options.map((o) => o.name) ?? []), ...chosen]);
    for (const option of options) {
      const pkg = registry.packages.get(option);
      if (!pkg) continue;
      const source = pkg.sources[FALLBACK_MODE];
      const trace: OriginalTrace = {
        group: groupName,
        option,
        name: normalizeName(pkg.name),
        selected: chosen.includes(option),
      };
      if (source?.type === "local") {
        trace.dir = localSourceDir(pkg, source.path);
        const real = localNames.get(trace.dir);
        if (real) trace.name = normalizeName(real);
      } else if (source?.type === "git") trace.git = source.url;
      else continue; // the original skipped every other source type
      traces.push(trace);
    }
  }
  return traces;
}

const BARE = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*$/;
const GLOB = /[*?[]/;

function resolve(root: string, path: string): string {
  return isAbsolutePath(path) ? joinPath(path) : joinPath(root, path);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The literal members entries that name `dir`. */
function membersNaming(input: AdoptionInput, dir: string): string[] {
  return (input.workspace?.members ?? []).filter((m) =>
    !GLOB.test(m) && resolve(input.projectRoot, m) === dir
  );
}

/** True when `source` is what `uv add` wrote for the trace's source. */
function originalSource(input: AdoptionInput, trace: OriginalTrace, source: unknown): boolean {
  if (!isTable(source)) return false;
  const keys = Object.keys(source).sort().join(",");
  if (trace.dir !== undefined) {
    if (keys === "workspace") {
      // uv writes it for a directory it made a member, or one the user's globs already take in.
      const workspace = input.workspace;
      return source.workspace === true && workspace !== undefined &&
        (membersNaming(input, trace.dir).length > 0 ||
          coversDir({ root: input.projectRoot, exclude: [], ...workspace }, trace.dir));
    }
    if (keys === "path" || keys === "editable,path") {
      return typeof source.path === "string" &&
        resolve(input.projectRoot, source.path) === trace.dir;
    }
    return false;
  }
  return trace.git !== undefined && typeof source.git === "string" &&
    source.git.replace(/\.git$/, "") === trace.git.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** What of the original's sync is in the project now. */
export function adoption(input: AdoptionInput, traces: readonly OriginalTrace[]): Adoption {
  const managed = new Set(input.managed.map(normalizeName));
  const deps = new Map<string, string[]>();
  for (const text of input.dependencies) {
    const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
    if (!name) continue;
    const key = normalizeName(name);
    deps.set(key, [...(deps.get(key) ?? []), text]);
  }
  const sources = new Map<string, unknown>();
  for (const [key, value] of Object.entries(input.sources)) {
    if (!sources.has(normalizeName(key))) sources.set(normalizeName(key), value);
  }
  const result = noAdoption();
  const taken = new Set<string>();
  const members = new Set<string>();
  for (const trace of traces) {
    if (managed.has(trace.name) || taken.has(trace.name)) continue;
    const written = deps.get(trace.name) ?? [];
    if (written.length !== 1 || !BARE.test(written[0])) continue;
    if (!originalSource(input, trace, sources.get(trace.name))) continue;
    taken.add(trace.name);
    result.names.push(trace.name);
    if (trace.dir !== undefined) membersNaming(input, trace.dir).forEach((m) => members.add(m));
  }
  result.names.sort();
  // A name taken over in one group and chosen in another is still chosen.
  const chosen = new Set(traces.filter((t) => t.selected).map((t) => t.name));
  result.stale = result.names.filter((name) => !chosen.has(name));
  result.removeMembers = (input.workspace?.members ?? []).filter((m) => members.has(m));
  const workspace = input.workspace;
  result.dropWorkspace = workspace !== undefined && result.removeMembers.length > 0 &&
    result.removeMembers.length === workspace.members.length &&
    workspace.keys.every((k) => k === "members");
  return result;
}

/** The workspace members left once the adopted ones are removed. */
export function membersAfter(members: readonly string[], adopted: Adoption): string[] {
  const gone = new Set(adopted.removeMembers);
  return members.filter((m) => !gone.has(m));
}
