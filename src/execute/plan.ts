/**
 * A command's change as data: the whole new text of each file it writes, the files uv may
 * change, and the uv commands it runs. Pure: `execute` (execute.ts) applies it, `--dry-run`
 * shows it (`planPreview`) and stops.
 */
import { unifiedDiff } from "../diff.ts";
import { type Line, style } from "../output.ts";
import { basename } from "../paths.ts";

/** One file a command writes: planned on `read` (null: absent); `text` null removes it. */
export interface FileEdit {
  path: string;
  read: string | null;
  text: string | null;
  /** The file's name in a diff (default: its base name). */
  label?: string;
}

/** What a command will change. */
export interface WritePlan {
  /** `hpm sync`, for messages (an interruption names it). */
  what: string;
  edits: FileEdit[];
  /** Files a uv step may change in place (uv.lock): backed up, restored on failure. */
  watched?: string[];
  /** The uv commands the steps run, as shown by --dry-run (`["uv", "lock", ...]`). */
  commands?: string[][];
  /** Said after "pyproject.toml changed while uv ran": what uv made from hpm's version. */
  afterChange?: string;
}

/** True when the plan writes nothing and runs nothing. */
export function isEmptyPlan(plan: WritePlan): boolean {
  return plan.edits.every((e) => e.text === e.read) && !plan.commands?.length;
}

/** The plan as --dry-run shows it: each changed file's unified diff, then the uv commands. */
export function planPreview(plan: WritePlan): { diff: string; commands: string[][] } {
  const diff = plan.edits
    .filter((e) => e.text !== e.read)
    .map((e) => unifiedDiff(e.read ?? "", e.text ?? "", e.label ?? basename(e.path)))
    .join("");
  return { diff, commands: plan.commands ?? [] };
}

/** The line every --dry-run ends with. */
export function dryRunLine(): Line {
  return { to: "info", text: style.dim("dry run: nothing was written") };
}
