/** check and status say their --json documents in text: render alone, no project, no uv. */
import assert from "node:assert/strict";
import { type CheckJson, render as renderCheck } from "../../src/commands/check.ts";
import type { CheckAllJson } from "../../src/commands/check_all.ts";
import { render as renderStatus, type StatusJson } from "../../src/commands/status.ts";
import type { Line } from "../../src/cli/spec.ts";
import { describeEntry, describeEntrySource } from "../../src/commands/entries.ts";
import type { PlannedEntry } from "../../src/plan/plan.ts";

Deno.env.set("NO_COLOR", "1");

const mode = { quiet: false, verbose: false };
const shown = (lines: Line[]) =>
  lines.map((l) => l.to === "problems" ? "<problems>" : `${l.to}: ${l.text}`);

Deno.test("check: entries, what uv would install, the build note and the way on", () => {
  const json: CheckJson = {
    ok: true,
    entries: [{
      group: "inference",
      option: "qwen",
      mode: "prod",
      modeFrom: "default",
      fellBackFrom: null,
      distribution: "qwen",
      impliedBy: null,
      summary: "inference = qwen (prod: local ../qwen (editable))",
    }],
    resolved: 2,
    wouldInstall: ["qwen @ file:///p/qwen"],
    wouldRemove: ["old==1.0"],
    pyprojectChanges: true,
    notBuilt: ["qwen"],
  };
  assert.deepEqual(shown(renderCheck(json, mode)), [
    "data:   inference = qwen (prod: local ../qwen (editable))\n" +
    "  would install qwen @ file:///p/qwen\n  would remove old==1.0",
    "success: the selection resolves (2 packages, the project included) and uv planned its install; nothing was changed",
    "info: local and git packages are built by 'hpm sync', not by check",
    "info: run 'hpm sync' to apply it",
  ]);
  const plain = { ...json, entries: [], wouldInstall: [], wouldRemove: [], notBuilt: [] };
  assert.deepEqual(shown(renderCheck({ ...plain, resolved: 1, pyprojectChanges: false }, mode)), [
    "success: the selection resolves (1 package, the project included) and uv planned its install; nothing was changed",
  ]);
});

const conflictOf = {
  options: [{ group: "adapter", option: "a-c" }, { group: "metric", option: "m-b" }],
  own: ["numpy<2"],
  reason: "option 'a-c' needs lib==2; option 'm-b' needs lib==1",
  explanation: null,
};

function matrix(failed: boolean): CheckAllJson {
  return {
    ok: !failed,
    strategy: "universal",
    groups: ["adapter", "metric"],
    total: 2,
    failed: failed ? 1 : 0,
    conflicts: failed ? [conflictOf] : [],
    leftOut: 1,
    declared: [{ options: [{ group: "adapter", option: "a-x" }], reason: "declared" }],
    combinations: [
      {
        selection: { adapter: "a-c", metric: ["m-a"] },
        ok: true,
        reason: null,
        conflict: null,
        own: [],
        ran: false,
      },
      failed
        ? {
          selection: { adapter: "a-c", metric: ["m-a", "m-b"] },
          ok: false,
          reason: conflictOf.reason,
          conflict: conflictOf.options,
          own: conflictOf.own,
          ran: false,
        }
        : {
          selection: { adapter: "a-d", metric: "m-b" },
          ok: true,
          reason: null,
          conflict: null,
          own: [],
          ran: false,
        },
    ],
    uvRuns: failed ? 2 : 1,
    elapsedMs: 1250,
    fallbacks: [],
  };
}

Deno.test("check --all: a failure says so before the table and last, with the way out", () => {
  const lines = renderCheck(matrix(true), mode);
  assert.deepEqual(shown(lines), [
    "error: 1 of 2 combinations does not resolve (2 uv runs, 1.3 s)",
    "data: combination                  verdict   reason\n" +
    "adapter=a-c, metric=m-a      ok\n" +
    "adapter=a-c, metric=m-a+m-b  conflict  a-c (adapter) + m-b (metric) + your own dependency " +
    "'numpy<2': option 'a-c' needs lib==2; option 'm-b' needs lib==1",
    "info: left out 1 combination holding a conflict the registry declares (a-x (adapter))",
    "data: \nminimal conflicting sets:\n  a-c (adapter) + m-b (metric) + your own dependency " +
    "'numpy<2': option 'a-c' needs lib==2; option 'm-b' needs lib==1",
    "error: 1 of 2 combinations does not resolve",
  ]);
  const last = lines[lines.length - 1];
  assert.equal(
    last.to === "error" && last.hint,
    "avoid the minimal conflicting sets above, " +
      "or fix the packages that conflict",
  );
  assert.deepEqual(
    shown(renderCheck(matrix(false), mode)).at(-1),
    "success: 2 of 2 combinations resolve (1 uv run, 1.3 s)",
  );
});

const entry: StatusJson["entries"][number] = {
  group: "metrics",
  option: "latency",
  mode: "prod",
  modeFrom: "default",
  fellBackFrom: null,
  source: "index",
  distribution: "latency",
  inPyproject: true,
  locked: "1.0",
  installed: null,
  impliedBy: { group: "inference", option: "qwen" },
  adopted: false,
  edited: null,
  requirement: "latency ; sys_platform == 'win32'",
  impliedVia: [{ group: "tokenizer", option: "fast" }],
};

function status(partial: Partial<StatusJson>): StatusJson {
  return {
    ok: true,
    inSync: true,
    entries: [entry],
    stale: [],
    adopted: { names: [], stale: [], removeMembers: [], dropWorkspace: false },
    uvCheck: null,
    edits: [],
    syncCommand: "hpm sync --mode dev",
    environment: `${Deno.cwd()}/.venv`,
    ...partial,
  };
}

Deno.test("status: the implied chain, a marker's absence, and the way out in the mode asked", () => {
  assert.deepEqual(shown(renderStatus(status({}), mode)), [
    "data: metrics = latency (implied by qwen via fast)  prod: index\n" +
    "    pyproject.toml: yes  uv.lock: 1.0  .venv: no (its marker)",
    "success: in sync",
  ]);
  // An environment that is not the project's own .venv is named, once.
  assert.deepEqual(shown(renderStatus(status({ environment: "/srv/envs/app" }), mode)), [
    "data: metrics = latency (implied by qwen via fast)  prod: index\n" +
    "    pyproject.toml: yes  uv.lock: 1.0  env: no (its marker)\n" +
    "env: /srv/envs/app",
    "success: in sync",
  ]);
  const drift = renderStatus(status({ inSync: false, uvCheck: "uv.lock does not match" }), mode);
  assert.deepEqual(shown(drift).at(-1), "warn: uv: uv.lock does not match");
  const warning = drift.at(-1);
  assert.equal(warning?.to === "warn" && warning.hint, "run 'hpm sync --mode dev'");
});

Deno.test("status: an entry changed outside hpm is shown, warned, and its hint is the way out", () => {
  const edited = {
    distribution: "latency",
    group: "metrics",
    option: "latency",
    kind: "edited" as const,
    file: "pyproject.toml",
    line: 8,
    column: 5,
    parts: [],
  };
  const json = status({
    inSync: false,
    entries: [{ ...entry, edited, requirement: "latency", impliedBy: null, impliedVia: [] }],
    edits: [{ ...edited, message: "changed", hint: "put it into the manifest", shown: ["a", "b"] }],
  });
  assert.deepEqual(shown(renderStatus(json, mode)), [
    "data: metrics = latency  prod: index\n" +
    "    pyproject.toml: edited outside hpm (pyproject.toml:8)  uv.lock: 1.0  .venv: no",
    "data:     a\n    b",
    "warn: changed",
  ]);
});

Deno.test("entries show a local source as [tool.uv.sources] writes it, other sources as the manifest", () => {
  const position = { file: "registry/packages/qwen.yaml", line: 4, column: 5 };
  const entry: PlannedEntry = {
    group: "inference",
    option: "qwen",
    mode: "prod",
    modeFrom: "default",
    source: { type: "local", path: "../../packages/qwen", editable: true, position },
    distribution: "qwen",
    requirement: "qwen",
    uvSource: { path: "packages/qwen", editable: true },
  };
  assert.equal(describeEntry(entry), "inference = qwen (prod: local packages/qwen (editable))");
  // Without a path in [tool.uv.sources] (a workspace member's `{ workspace = true }`): as written.
  assert.equal(
    describeEntrySource({ ...entry, uvSource: { workspace: true } }),
    "local ../../packages/qwen (editable)",
  );
  const git = { type: "git" as const, url: "https://example.org/q.git", tag: "v1", position };
  assert.equal(
    describeEntrySource({ ...entry, source: git, uvSource: { git: git.url, tag: "v1" } }),
    "git https://example.org/q.git tag v1",
  );
});
