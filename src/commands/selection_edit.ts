/** The plan of a change to one group's selection in `[tool.hpm.groups]` (pure: text in, plan out). */
import type { WritePlan } from "../execute/plan.ts";
import { displayPath } from "../paths.ts";
import { editPyproject } from "../pyproject/editor.ts";
import type { Project } from "../project/discover.ts";

/**
 * Sets (or, with `undefined`, removes) `[tool.hpm.groups] GROUP` in the project's
 * pyproject.toml as read: a surgical edit, every other byte kept.
 */
export async function selectionPlan(
  what: string,
  project: Pick<Project, "pyprojectPath" | "text">,
  group: string,
  value: string | string[] | undefined,
): Promise<WritePlan> {
  const path = ["tool", "hpm", "groups", group];
  const text = await editPyproject(
    project.text,
    displayPath(project.pyprojectPath),
    value === undefined
      // The last group gone, a bare [tool.hpm.groups] header goes too (one with comments stays).
      ? [{ op: "delete", path }, { op: "deleteTableIfEmpty", path: path.slice(0, 3) }]
      : [{ op: "set", path, value }],
  );
  return {
    what,
    edits: [{ path: project.pyprojectPath, read: project.text, text, label: "pyproject.toml" }],
  };
}
