/** Writing one group's selection into `[tool.hpm.groups]` (surgical edit; written only over the text it was planned on). */
import { writeChecked } from "../fs/transaction.ts";
import { displayPath } from "../paths.ts";
import { editPyproject } from "../pyproject/editor.ts";
import type { Project } from "../project/discover.ts";

/** Sets (or, with `undefined`, removes) `[tool.hpm.groups] GROUP`. */
export async function writeSelection(
  project: Project,
  group: string,
  value: string | string[] | undefined,
): Promise<void> {
  const path = ["tool", "hpm", "groups", group];
  const text = editPyproject(
    project.text,
    displayPath(project.pyprojectPath),
    value === undefined
      // The last group gone, a bare [tool.hpm.groups] header goes too (one with comments stays).
      ? [{ op: "delete", path }, { op: "deleteTableIfEmpty", path: path.slice(0, 3) }]
      : [{ op: "set", path, value }],
  );
  if (text !== project.text) await writeChecked(project.pyprojectPath, project.text, text);
}
