/**
 * What stops `sync` and `check` before uv runs, pure: a `[project]` uv cannot build from
 * (no name, dependencies declared dynamic), a `[tool.hpm] sync-args` hpm does not pass on, and
 * the user's own requirements a source hpm writes would also apply to. Apart from
 * settings_check.ts, so that the read commands (which never run uv) do not load uv's option
 * policy.
 */
import { atKey, type Problem } from "../errors.ts";
import { normalizeName } from "../names.ts";
import type { PyprojectView } from "../pyproject/view.ts";
import type { PlannedEntry } from "./plan.ts";
import { requirementName } from "../registry/requirement.ts";
import { routeUvOptions } from "../uv/pass_through.ts";
import { hpmTable } from "./settings_check.ts";

/** What stops `sync` and `check` in `[project]` before uv runs, located in pyproject.toml. */
export function projectProblems(view: PyprojectView): Problem[] {
  const problems: Problem[] = syncArgsProblems(view);
  const project = view.value.project as Record<string, unknown> | undefined;
  if (view.projectName === undefined) {
    problems.push({
      ...atKey(view.file, ["project"]),
      severity: "error",
      message: project === undefined
        ? "pyproject.toml has no [project] table; uv needs one with a name to lock"
        : "[project] has no name; uv needs one to lock",
      hint: project === undefined
        ? 'hpm works on standard (PEP 621) projects: add [project] with name = "..." and ' +
          'version = "..."'
        : 'add name = "..." under [project]',
    });
  }
  const dynamic = project?.dynamic;
  if (Array.isArray(dynamic) && dynamic.includes("dependencies")) {
    problems.push({
      ...atKey(view.file, ["project", "dynamic"]),
      severity: "error",
      message: '[project] dynamic lists "dependencies"; hpm writes [project].dependencies, ' +
        "which must then be static",
      hint: 'remove "dependencies" from dynamic and list them in [project] dependencies',
    });
  }
  return problems;
}

/**
 * The user's own requirements (extras, dependency groups) on a distribution hpm gives a
 * `[tool.uv.sources]` entry: uv applies that source to them too, and when hpm lets the option
 * go, the source goes with it. A warning, located at the requirement's list.
 */
export function sharedSourceWarnings(
  view: PyprojectView,
  entries: readonly PlannedEntry[],
): Problem[] {
  const sourced = new Map(
    entries.filter((e) => e.uvSource).map((e) => [normalizeName(e.distribution), e]),
  );
  if (sourced.size === 0) return [];
  const project = view.value.project as Record<string, unknown> | undefined;
  const lists: Array<[path: string[], where: string, items: unknown]> = [];
  const extras = project?.["optional-dependencies"];
  if (extras && typeof extras === "object") {
    for (const [name, items] of Object.entries(extras)) {
      lists.push([["project", "optional-dependencies", name], `extra '${name}'`, items]);
    }
  }
  const groups = view.value["dependency-groups"];
  if (groups && typeof groups === "object") {
    for (const [name, items] of Object.entries(groups)) {
      lists.push([["dependency-groups", name], `dependency group '${name}'`, items]);
    }
  }
  const problems: Problem[] = [];
  for (const [path, where, items] of lists) {
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const entry = typeof item === "string" ? sourced.get(requirementName(item) ?? "") : undefined;
      if (!entry) continue;
      problems.push({
        ...atKey(view.file, path),
        severity: "warning",
        message: `your ${where} also requires '${item}': hpm's [tool.uv.sources] entry for ` +
          `it (option '${entry.option}' of group '${entry.group}') applies there too`,
        hint: "when that option is deselected its source goes, and uv may no longer find " +
          "that requirement: give it a source of your own, or drop it",
      });
    }
  }
  return problems;
}

/** `[tool.hpm] sync-args`: uv options every check, sync and status passes on (empty if none). */
export function syncArgsOf(view: PyprojectView): string[] {
  const value = hpmTable(view)["sync-args"];
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : [];
}

/**
 * Errors in `[tool.hpm] sync-args`: not a list of strings, or options hpm does not pass to uv
 * (the policy of `uv/pass_through.ts`), located at the key.
 */
function syncArgsProblems(view: PyprojectView): Problem[] {
  const table = hpmTable(view);
  if (!("sync-args" in table)) return [];
  const at = atKey(view.file, ["tool", "hpm", "sync-args"]);
  const value = table["sync-args"];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    return [{
      ...at,
      severity: "error",
      message: "[tool.hpm] sync-args must be a list of strings (uv options)",
      hint: 'e.g. sync-args = ["--all-extras", "--group", "docs"]',
    }];
  }
  return routeUvOptions(value).problems.map((problem) => ({
    ...at,
    severity: "error" as const,
    message: `[tool.hpm] sync-args: ${problem.message}`,
    hint: problem.hint,
  }));
}
