/**
 * Suggestions after a conflict: for each 1-of-N group the failure involves, try the group's
 * other options with the rest of the selection (in parallel, each in a temporary project) and
 * keep those that resolve.
 */
import { HpmError } from "../errors.ts";
import { info } from "../output.ts";
import type { Selection } from "../plan/selection.ts";
import { lockArgs } from "../uv/commands.ts";
import { lockExtras } from "../uv/pass_through.ts";
import type { OptionOwner } from "../uv/diagnostics.ts";
import { runUv } from "../uv/run.ts";
import type { Prepared } from "./prepare.ts";
import { withTempProject } from "./temp_project.ts";
import { plural } from "../plural.ts";

/** Alternatives to try: other options of the involved 1-of-N groups. */
export function candidates(prepared: Prepared, involved: readonly OptionOwner[]): OptionOwner[] {
  const out: OptionOwner[] = [];
  for (const groupName of new Set(involved.map((o) => o.group))) {
    const group = prepared.registry.groups.get(groupName);
    if (group?.strategy !== "1-of-N") continue;
    const current = prepared.effective.get(groupName) ?? [];
    for (const option of group.options) {
      if (!current.includes(option.name) && prepared.registry.packages.has(option.name)) {
        out.push({ group: groupName, option: option.name });
      }
    }
  }
  return out;
}

async function resolves(prepared: Prepared, alternative: OptionOwner): Promise<boolean> {
  const selection: Selection = new Map(prepared.selection);
  selection.set(alternative.group, [alternative.option]);
  let text: string;
  try {
    text = await (await prepared.planner(selection)).newText();
  } catch (error) {
    if (error instanceof HpmError) return false; // e.g. no source for the mode
    throw error;
  }
  const result = await withTempProject(
    prepared.project,
    text,
    (dir) => runUv(lockWith(prepared), { cwd: dir, silent: true }),
  );
  return result.code === 0;
}

/** The alternatives that resolve with the rest of the selection (at most `jobs` uv runs at once). */
export async function findAlternatives(
  prepared: Prepared,
  involved: readonly OptionOwner[],
  jobs = navigator.hardwareConcurrency || 2,
): Promise<OptionOwner[]> {
  const todo = candidates(prepared, involved);
  if (todo.length === 0) return [];
  info(`trying ${plural(todo.length, "alternative")} of the groups involved...`);
  const ok = new Array<boolean>(todo.length).fill(false);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const index = next++;
      ok[index] = await resolves(prepared, todo[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker));
  return todo.filter((_, i) => ok[i]);
}

/** The error with suggestions added (hint and `suggestions` in JSON), when it is a conflict. */
export async function withAlternatives(error: unknown, prepared: Prepared): Promise<unknown> {
  if (!(error instanceof HpmError) || error.code !== "uv-no-solution") return error;
  const uv = error.data?.uv as { involved?: OptionOwner[] } | undefined;
  const found = await findAlternatives(prepared, uv?.involved ?? []);
  const phrases = found.map((o) => `'${o.option}' in group '${o.group}'`);
  const hint = found.length
    ? `${phrases.join(", ")} ${found.length === 1 ? "resolves" : "each resolve"} with your other ` +
      `choices: 'hpm group add ${found[0].group} --option ${found[0].option}'`
    : error.hint;
  return new HpmError(error.message, {
    hint,
    exitCode: error.exitCode,
    code: error.code,
    problems: error.problems,
    details: error.details,
    data: { ...error.data, suggestions: found },
  });
}

/** `uv lock` with the uv options the command passes on (`--offline`, sync-args, after `--`). */
function lockWith(prepared: Prepared): string[] {
  const base = lockArgs();
  return [...base, ...lockExtras(prepared.uvOptions, base)];
}
