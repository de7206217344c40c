/**
 * `hpm status`: for each selected group, the choice, its mode and source, and whether it is in
 * pyproject.toml, in uv.lock and installed in .venv, and (when all of that holds) whether uv
 * finds uv.lock and the environment up to date. `--check` exits 1 on any drift.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { displayPath } from "../paths.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { errorToJson, style } from "../output.ts";
import { impliedByText } from "../plan/implications.ts";
import { normalizeName } from "../names.ts";
import type { PlannedEntry } from "../plan/plan.ts";
import type { OptionRef } from "../registry/types.ts";
import { readLockedVersions } from "./locked.ts";
import { prepare } from "./prepare.ts";
import { projectEnvironment } from "../execute/temp_project.ts";
import { describeEntrySource, impliedJson, modeJson } from "./entries.ts";
import { explainUvFailure, runUvStep } from "../execute/uv_step.ts";
import { editHint, editJson, editLines, editMessage, editStatus } from "./hand_edits.ts";
import { onlyRecord } from "../plan/reconcile.ts";
import { syncArgs } from "../uv/commands.ts";
import { type PassedOption, syncExtras } from "../uv/pass_through.ts";
import { applyUvEnv } from "./uv_options.ts";
import { installedVersions } from "./installed.ts";
import { adoptionJson, adoptionLine, adopts } from "./adopted.ts";

/** The state of one selected option. */
export interface EntryStatus {
  group: string;
  option: string;
  mode: string;
  /** Where the mode asked for came from; `fellBackFrom`: the mode it has no source for. */
  modeFrom: PlannedEntry["modeFrom"];
  fellBackFrom: string | null;
  source: string;
  distribution: string;
  inPyproject: boolean;
  locked: string | null;
  installed: string | null;
  /** The recorded choice that implies this option, or null when it is recorded itself. */
  impliedBy: OptionRef | null;
  /** Its entry is the original hpm's, which the next sync takes over (see plan/adopt.ts). */
  adopted: boolean;
  /** Its entry in pyproject.toml changed outside hpm (by hand, uv add/remove), or null. */
  edited: ReturnType<typeof editJson> | null;
  /** The requirement hpm writes (one with a marker may rightly be absent from .venv). */
  requirement: string;
  /** The implied options between the recorded choice and this one (`a via b`). */
  impliedVia: OptionRef[];
}

/**
 * What `uv sync --locked --check` finds out of date (it changes nothing): uv.lock against
 * pyproject.toml, then the environment against uv.lock. Null when both are up to date.
 */
async function uvCheck(
  root: string,
  entries: readonly PlannedEntry[],
  uvOptions: readonly PassedOption[],
  member: boolean,
): Promise<string | null> {
  // The same install options as sync's `uv sync --locked` (extras, groups, --inexact in a
  // workspace member), so both agree.
  const base = [...syncArgs({ locked: true, inexact: member }), "--check"];
  const result = await runUvStep([...base, ...syncExtras(uvOptions, base)], root, "Checking");
  if (result.code === 0) return null;
  if (/lockfile at .* needs to be updated/.test(result.stderr)) {
    return "uv.lock does not match pyproject.toml";
  }
  if (/environment is (outdated|not)/i.test(result.stderr)) {
    return "the environment does not match uv.lock";
  }
  // Not drift: uv could not check at all (an interpreter, the network).
  throw explainUvFailure(result, entries, "uv could not check the project");
}

/** An entry changed outside hpm, as `hpm status` shows it (and `--json` gives it). */
export type StatusEdit = ReturnType<typeof editJson> & {
  message: string;
  hint: string;
  /** Its text as written and as hpm would write it (the lines the text output shows). */
  shown: string[];
};

/** `hpm status --json`; the text is rendered from it. */
export interface StatusJson {
  /** False exactly when the exit code is not 0 (`--check` and out of sync), with `error`. */
  ok: boolean;
  inSync: boolean;
  entries: EntryStatus[];
  stale: Array<{ distribution: string; locked: string | null; installed: string | null }>;
  adopted: ReturnType<typeof adoptionJson>;
  /** What `uv sync --locked --check` found out of date, or null. */
  uvCheck: string | null;
  /** Managed entries changed outside hpm. */
  edits: StatusEdit[];
  /** The way out: sync in the mode asked about. */
  syncCommand: string;
  /** The environment the versions were read from (absolute; UV_PROJECT_ENVIRONMENT honoured). */
  environment: string;
  error?: unknown;
}

/** Runs `hpm status`. */
export async function run(input: InputOf<"status">): Promise<Outcome<StatusJson>> {
  applyUvEnv("status");
  const mode = input.options.mode;
  const prepared = await prepare(input, { mode, readOnly: true });
  const { project, plan, changes } = prepared;
  const environment = projectEnvironment(prepared.workspace);
  const [locked, installed] = await Promise.all([
    readLockedVersions(undefined, prepared.workspace.root),
    installedVersions(environment),
  ]);
  const pending = new Set([...changes.added, ...changes.updated].map((e) => e.distribution));
  const edits = new Map(changes.edits.map((edit) => [edit.name, edit]));
  const taken = new Set(changes.adopted.names);
  const statusOf = (e: PlannedEntry): EntryStatus => {
    const key = normalizeName(e.distribution);
    const edit = edits.get(key);
    return {
      group: e.group,
      option: e.option,
      ...modeJson(e),
      source: describeEntrySource(e, prepared.registry.packages.get(e.option)),
      distribution: e.distribution,
      inPyproject: !pending.has(e.distribution) && edit?.kind !== "removed",
      locked: locked?.get(key) ?? null,
      installed: installed?.get(key) ?? null,
      impliedBy: impliedJson(e),
      adopted: taken.has(key),
      edited: edit ? editJson(edit) : null,
      requirement: e.requirement,
      impliedVia: e.implied?.via ?? [],
    };
  };
  const entries = plan.entries.map(statusOf);
  const stale = changes.removed.map((name) => ({
    distribution: name,
    locked: locked?.get(name) ?? null,
    installed: installed?.get(name) ?? null,
  }));
  // hpm's record alone (an older hpm's project has none yet) is not drift.
  let drift = entries.some((e) => !e.inPyproject || !e.locked || (!e.installed && !hasMarker(e))) ||
    stale.length > 0 || changes.edits.length > 0 ||
    (!onlyRecord(changes) && await prepared.newText() !== project.text);
  // Every name in its place: uv says whether uv.lock still matches pyproject.toml (another
  // mode's lock, a hand edit) and the environment uv.lock (another version installed).
  const uv = drift || plan.entries.length === 0
    ? null
    : await uvCheck(project.root, plan.entries, prepared.uvOptions, prepared.sharedEnvironment);
  if (uv) drift = true;
  const failing = drift && input.options.check === true;
  // The way out syncs in the mode asked about.
  const syncCommand = mode ? `hpm sync --mode ${mode}` : "hpm sync";
  // As everywhere: `ok` is false exactly when the exit code is not 0, with the reason.
  const error = failing &&
    new HpmError("the project is not in sync with the selection", {
      exitCode: ExitCode.Failure,
      code: "not-in-sync",
      hint: changes.edits.length ? editHint(changes.edits[0]) : `run '${syncCommand}'`,
    });
  return {
    exitCode: failing ? ExitCode.Failure : ExitCode.Success,
    json: {
      ok: !failing,
      inSync: !drift,
      entries,
      stale,
      adopted: adoptionJson(changes.adopted),
      uvCheck: uv,
      // The keys the document always had come first, `error` among them; then the new ones.
      ...(error && { error: errorToJson(error).error }),
      edits: changes.edits.map((edit) => ({
        ...editJson(edit),
        message: editMessage(edit),
        hint: editHint(edit),
        shown: editLines(edit, project.text),
      })),
      syncCommand,
      environment,
    },
  };
}

/**
 * A package with a marker may rightly be absent from .venv (`sys_platform == 'win32'` on
 * Linux): hpm does not evaluate markers, `uv sync --locked --check` tells.
 */
function hasMarker(entry: { requirement: string }): boolean {
  return entry.requirement.includes(" ; ");
}

/** `hpm status` in text. */
export function render(json: StatusJson, _mode: RenderMode): Line[] {
  const yes = (value: string | boolean | null) =>
    value ? style.green(value === true ? "yes" : String(value)) : style.red("no");
  const written = (e: EntryStatus) => {
    if (e.edited) return style.yellow(editStatus(e.edited));
    return e.adopted && !e.inPyproject
      ? style.yellow("as the original hpm wrote it (sync takes it over)")
      : yes(e.inPyproject);
  };
  // The environment's column is `.venv` where it is the project's own; elsewhere (a
  // workspace's, UV_PROJECT_ENVIRONMENT) it is `env`, and a line below says where that is.
  const env = displayPath(json.environment) === ".venv" ? ".venv" : "env";
  const implied = (e: EntryStatus) =>
    e.impliedBy ? ` (implied by ${impliedByText({ by: e.impliedBy, via: e.impliedVia })})` : "";
  const shown = json.entries.map((e) =>
    `${style.bold(e.group)} = ${e.option}${implied(e)}  ${style.dim(`${e.mode}: ${e.source}`)}\n` +
    `    pyproject.toml: ${written(e)}  uv.lock: ${yes(e.locked)}  ${env}: ${
      !e.installed && hasMarker(e) ? style.dim("no (its marker)") : yes(e.installed)
    }`
  );
  for (const s of json.stale) {
    shown.push(`${style.yellow(s.distribution)}: no longer selected, still in pyproject.toml`);
  }
  if (shown.length === 0) shown.push("nothing is selected in [tool.hpm.groups]");
  if (adopts(json.adopted)) shown.push(adoptionLine(json.adopted, false));
  if (env === "env" && json.entries.length) {
    shown.push(style.dim(`env: ${displayPath(json.environment)}`));
  }
  const lines: Line[] = [{ to: "data", text: shown.join("\n") }];
  for (const edit of json.edits) {
    lines.push({ to: "data", text: edit.shown.map((l) => "    " + l).join("\n") });
    lines.push({ to: "warn", text: edit.message, hint: edit.hint });
  }
  // With edits, their hints are the way out: 'hpm sync' alone would stop on them.
  if (json.edits.length === 0) {
    const hint = `run '${json.syncCommand}'`;
    if (json.uvCheck) lines.push({ to: "warn", text: `uv: ${json.uvCheck}`, hint });
    else if (!json.inSync) {
      lines.push({ to: "warn", text: "the project is not in sync with the selection", hint });
    } else lines.push({ to: "success", text: "in sync" });
  }
  return lines;
}
