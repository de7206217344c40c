/**
 * The new pyproject.toml text: reconciled changes turned into text through the surgical editor,
 * and the temporary project `check` resolves. Pure apart from loading: the editor (and the
 * full TOML parser under it, ≈ 6 ms of CPU at start-up) is imported only when there is an edit
 * to make, which is why these functions are async. `sync` with nothing to change, `status`,
 * `show` and `check` with nothing changed load this module and never the editor.
 */
import type { EditOp } from "../pyproject/editor.ts";
import { readToml } from "../pyproject/read.ts";
import type { TableValue } from "../pyproject/plain_value.ts";
import type { PyprojectView } from "../pyproject/view.ts";
import { type Changes, type CurrentState, DEPENDENCIES_KEY, SOURCES_KEY } from "./reconcile.ts";
import { requirementName } from "../registry/requirement.ts";

/** The parts of the view that reconciling needs. */
export function currentState(view: PyprojectView): CurrentState {
  const tool = view.value.tool as Record<string, unknown> | undefined;
  const uv = tool?.uv as Record<string, unknown> | undefined;
  const project = view.value.project as Record<string, unknown> | undefined;
  const indexes = Array.isArray(uv?.index) ? uv.index as Array<Record<string, unknown>> : [];
  return {
    dependencies: view.dependencies,
    sources: view.uvSources,
    indexes: indexes.filter((i) => typeof i?.name === "string")
      .map((i) => ({ name: i.name as string, url: i.url, explicit: i.explicit })),
    managed: view.hpm.managed,
    ...(view.hpm.written !== undefined && { written: view.hpm.written }),
    ...(view.hpm.created !== undefined && { created: view.hpm.created }),
    hasDependencies: project?.dependencies !== undefined,
    hasSources: uv?.sources !== undefined,
  };
}

const DEPENDENCIES = ["project", "dependencies"];
const SOURCES = ["tool", "uv", "sources"];
const INDEX = ["tool", "uv", "index"];
const WORKSPACE = ["tool", "uv", "workspace"];
const HPM = ["tool", "hpm"];

/** Sets `[tool.hpm] KEY`, or removes it when the value is empty. */
function recordOp(key: string, value: string[] | Record<string, string>): EditOp {
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  return empty ? { op: "delete", path: [...HPM, key] } : { op: "set", path: [...HPM, key], value };
}

/** The editor operations for a set of changes, in a safe order (removals first). */
export function changeOps(changes: Changes): EditOp[] {
  const ops: EditOp[] = [];
  const dropped = new Set(changes.removeDependencies);
  if (dropped.size) {
    ops.push({
      op: "arrayRemoveWhere",
      path: DEPENDENCIES,
      predicate: (v) => typeof v === "string" && dropped.has(requirementName(v) ?? ""),
    });
  }
  for (const { name, requirement } of changes.replaceDependencies) {
    ops.push({
      op: "arrayReplaceWhere",
      path: DEPENDENCIES,
      predicate: (v) => typeof v === "string" && requirementName(v) === name,
      value: requirement,
    });
  }
  for (const requirement of changes.addDependencies) {
    ops.push({ op: "arrayPush", path: DEPENDENCIES, value: requirement });
  }
  if (changes.dropCreated.includes(DEPENDENCIES_KEY)) {
    ops.push({ op: "deleteArrayIfEmpty", path: DEPENDENCIES });
  }
  for (const key of changes.removeSources) ops.push({ op: "delete", path: [...SOURCES, key] });
  for (const { key, value } of changes.setSources) {
    ops.push({ op: "set", path: [...SOURCES, key], value });
  }
  if (changes.dropCreated.includes(SOURCES_KEY)) {
    ops.push({ op: "deleteTableIfEmpty", path: SOURCES });
  }
  const { removeMembers, dropWorkspace } = changes.adopted;
  if (dropWorkspace) ops.push({ op: "delete", path: WORKSPACE });
  else if (removeMembers.length) {
    const gone = new Set(removeMembers);
    ops.push({
      op: "arrayRemoveWhere",
      path: [...WORKSPACE, "members"],
      predicate: (v) => typeof v === "string" && gone.has(v),
    });
  }
  const staleIndexes = new Set(changes.removeIndexes);
  if (staleIndexes.size) {
    ops.push({
      op: "arrayOfTablesRemoveWhere",
      path: INDEX,
      predicate: (entry) => staleIndexes.has(String(entry.name)),
    });
  }
  for (const index of changes.addIndexes) {
    ops.push({
      op: "arrayOfTablesAppend",
      path: INDEX,
      entries: { name: index.name, url: index.url, explicit: true },
    });
  }
  if (changes.managed !== undefined) ops.push(recordOp("managed", changes.managed));
  if (changes.written !== undefined) ops.push(recordOp("written", changes.written));
  if (changes.created !== undefined) ops.push(recordOp("created", changes.created));
  if (changes.managed?.length === 0) ops.push({ op: "deleteTableIfEmpty", path: HPM });
  return ops;
}

async function edit(text: string, file: string, ops: EditOp[]): Promise<string> {
  const { editPyproject } = await import("../pyproject/editor.ts");
  return await editPyproject(text, file, ops);
}

/** pyproject.toml text with the changes applied (the same string when there are none). */
export async function applyChanges(text: string, file: string, changes: Changes): Promise<string> {
  const ops = changeOps(changes);
  return ops.length ? await edit(text, file, ops) : text;
}

/**
 * True when uv would have to build the project itself to know its metadata: a package (a
 * `[build-system]`, or `[tool.uv] package = true`) with `dynamic` fields, or without a
 * `[project]` table. A build can write into the source tree (setuptools leaves `*.egg-info`),
 * so check resolves such a project as virtual (its own dependencies as written, no build).
 */
export function buildsItself(value: TableValue): boolean {
  const uv = (value.tool as Record<string, unknown> | undefined)?.uv as
    | Record<string, unknown>
    | undefined;
  const packaged = uv?.package ?? value["build-system"] !== undefined;
  if (packaged !== true) return false;
  const project = value.project as Record<string, unknown> | undefined;
  if (project === undefined || typeof project !== "object") return true;
  return Array.isArray(project.dynamic) && project.dynamic.length > 0;
}

/**
 * What check's temporary project changes in the pyproject.toml sync would write: nothing,
 * since it mirrors the project's files (relative paths, the workspace and the lock stay
 * valid), except that a project uv would have to build to read its metadata is made virtual
 * (`[tool.uv] package = false`; see `buildsItself`).
 */
function materializeOps(value: TableValue, _projectRoot: string): EditOp[] {
  return buildsItself(value) ? [{ op: "set", path: ["tool", "uv", "package"], value: false }] : [];
}

/** The text written into check's temporary project: `text` materialized (see `materializeOps`). */
export async function materializeForCheck(text: string, projectRoot: string): Promise<string> {
  const value = (await readToml(text, "pyproject.toml")).value;
  const ops = materializeOps(value, projectRoot);
  return ops.length ? await edit(text, "pyproject.toml", ops) : text;
}
