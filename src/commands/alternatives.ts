/**
 * Ways out of a conflict: for each group the failure involves, replace the option of a 1-of-N
 * group by each of its others, or drop the option from an M-of-N group; each is tried with the
 * rest of the selection (in parallel, each in a temporary project) and offered only when it
 * resolves. When none does, each says why it failed: a declared conflict, a group's `max`
 * exceeded by what it implies, or the clause of uv's derivation that fails.
 */
import { HpmError } from "../errors.ts";
import { info } from "../output.ts";
import type { Selection } from "../plan/selection.ts";
import { lockArgs } from "../uv/commands.ts";
import { lockExtras } from "../uv/pass_through.ts";
import { type OptionOwner, parseUvFailure } from "../uv/diagnostics.ts";
import { explainDerivation, explanationText, ownRequirements } from "../uv/conflict.ts";
import { runUv } from "../uv/run.ts";
import type { Prepared } from "./prepare.ts";
import { withTempProject } from "../execute/temp_project.ts";
import { ownersOf } from "../execute/uv_step.ts";
import { plural } from "../plural.ts";

/** One way out: choose another option of a 1-of-N group, or drop one of an M-of-N group. */
export interface Alternative extends OptionOwner {
  action: "replace" | "drop";
}

/** Why an alternative was not offered. */
export interface Rejection {
  kind: "declared-conflict" | "max" | "min" | "selection" | "uv";
  reason: string;
}

/** The command that applies an alternative. */
function commandOf(alternative: Alternative): string {
  return alternative.action === "drop"
    ? `hpm group remove ${alternative.group} -o ${alternative.option}`
    : `hpm group add ${alternative.group} --option ${alternative.option}`;
}

/** In words: `'voyager' in group 'vector'`, `dropping 'numba' from group 'metrics'`. */
function phrase(alternative: Alternative): string {
  return alternative.action === "drop"
    ? `dropping '${alternative.option}' from group '${alternative.group}'`
    : `'${alternative.option}' in group '${alternative.group}'`;
}

/** Alternatives to try: other options of involved 1-of-N groups, involved M-of-N options dropped. */
export function candidates(prepared: Prepared, named: readonly OptionOwner[]): Alternative[] {
  // An implied option goes with the recorded choice that implies it: that one is a way out too.
  const involved = [...named];
  for (const ref of named) {
    const entry = prepared.plan.entries.find((e) =>
      e.group === ref.group && e.option === ref.option
    );
    const by = entry?.implied?.by;
    if (by && !involved.some((o) => o.group === by.group && o.option === by.option)) {
      involved.push(by);
    }
  }
  const out: Alternative[] = [];
  for (const groupName of new Set(involved.map((o) => o.group))) {
    const group = prepared.registry.groups.get(groupName);
    if (!group) continue;
    const current = prepared.effective.get(groupName) ?? [];
    if (group.strategy === "1-of-N") {
      for (const option of group.options) {
        if (!current.includes(option.name) && prepared.registry.packages.has(option.name)) {
          out.push({ group: groupName, option: option.name, action: "replace" });
        }
      }
      continue;
    }
    // M-of-N: what can be dropped is what is recorded (an implied option goes with its cause).
    const recorded = prepared.selection.get(groupName) ?? [];
    for (const ref of involved) {
      if (ref.group === groupName && recorded.includes(ref.option)) {
        out.push({ group: groupName, option: ref.option, action: "drop" });
      }
    }
  }
  return out;
}

function selectionWith(prepared: Prepared, alternative: Alternative): Selection {
  const selection: Selection = new Map(prepared.selection);
  if (alternative.action === "replace") selection.set(alternative.group, [alternative.option]);
  else {
    const rest = (selection.get(alternative.group) ?? []).filter((o) => o !== alternative.option);
    if (rest.length) selection.set(alternative.group, rest);
    else selection.delete(alternative.group);
  }
  return selection;
}

/** Tries one alternative: `undefined` when it resolves, else why not. */
async function tryAlternative(
  prepared: Prepared,
  alternative: Alternative,
): Promise<Rejection | undefined> {
  if (alternative.action === "drop") {
    const group = prepared.registry.groups.get(alternative.group)!;
    const left = (prepared.selection.get(alternative.group) ?? []).length - 1;
    if (group.min !== undefined && left < group.min) {
      return {
        kind: "min",
        reason: `group '${group.name}' needs at least ${plural(group.min, "option")}`,
      };
    }
  }
  let planned;
  let text: string;
  try {
    planned = await prepared.planner(selectionWith(prepared, alternative));
    text = await planned.newText();
  } catch (error) {
    if (!(error instanceof HpmError)) throw error;
    const reason = error.problems[0]?.message ?? error.message;
    const kind = /conflicts with/.test(reason)
      ? "declared-conflict"
      : /allows at most/.test(reason)
      ? "max"
      : "selection";
    return { kind, reason };
  }
  const result = await withTempProject(
    prepared.project,
    text,
    (dir) => runUv(lockWith(prepared), { cwd: dir, silent: true }),
  );
  prepared.interpreter.learn(result.stderr);
  if (result.code === 0) return undefined;
  const failure = parseUvFailure(result.stderr);
  const explanation = failure.derivation && explainDerivation(failure.derivation, {
    owners: ownersOf(planned.plan.entries),
    own: ownRequirements(prepared.project.view.dependencies),
  });
  return { kind: "uv", reason: explanation ? explanationText(explanation) : failure.summary };
}

/** What trying the alternatives found. */
export interface Tried {
  found: Alternative[];
  rejected: Array<Alternative & Rejection>;
}

/** Tries every alternative (at most `jobs` uv runs at once). */
async function findAlternatives(
  prepared: Prepared,
  involved: readonly OptionOwner[],
  jobs = navigator.hardwareConcurrency || 2,
): Promise<Tried> {
  const todo = candidates(prepared, involved);
  if (todo.length === 0) return { found: [], rejected: [] };
  info(`trying ${plural(todo.length, "alternative")} of the groups involved...`);
  const outcome = new Array<Rejection | undefined>(todo.length);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const index = next++;
      outcome[index] = await tryAlternative(prepared, todo[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker));
  return {
    found: todo.filter((_, i) => outcome[i] === undefined),
    rejected: todo.flatMap((a, i) => outcome[i] ? [{ ...a, ...outcome[i]! }] : []),
  };
}

/** The hint: what resolves, or why each alternative tried does not. */
function alternativesHint(tried: Tried): string | undefined {
  const { found, rejected } = tried;
  if (found.length) {
    return found.map((a) => `${phrase(a)} resolves with your other choices: '${commandOf(a)}'`)
      .join("; ");
  }
  if (rejected.length) {
    return `none of the ${plural(rejected.length, "alternative")} tried resolves: ` +
      rejected.map((a) => `${phrase(a)}: ${a.reason}`).join("; ");
  }
  return undefined;
}

/** The error with suggestions added (hint and `suggestions` in JSON), when it is a conflict. */
export async function withAlternatives(error: unknown, prepared: Prepared): Promise<unknown> {
  // A resolver conflict, or a package needing a Python the project does not allow.
  if (!(error instanceof HpmError)) return error;
  if (error.code !== "uv-no-solution" && error.code !== "uv-python") return error;
  const uv = error.data?.uv as { involved?: OptionOwner[] } | undefined;
  const tried = await findAlternatives(prepared, uv?.involved ?? []);
  return new HpmError(error.message, {
    hint: alternativesHint(tried) ?? error.hint,
    exitCode: error.exitCode,
    code: error.code,
    problems: error.problems,
    details: error.details,
    data: {
      ...error.data,
      suggestions: tried.found.map((a) => ({ ...a, command: commandOf(a) })),
      rejected: tried.rejected.map((a) => ({ ...a, command: commandOf(a) })),
    },
  });
}

/** `uv lock` with the uv options the command passes on (`--offline`, sync-args, after `--`). */
function lockWith(prepared: Prepared): string[] {
  const base = lockArgs();
  // Each temporary project would look for the interpreter as the failed run did.
  return [...base, ...prepared.interpreter.args(), ...lockExtras(prepared.uvOptions, base)];
}
