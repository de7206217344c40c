/**
 * Checks of pyproject.toml beyond its types, pure. Warnings about `[tool.hpm]` that no command
 * would otherwise notice: keys hpm does not know (a typo like `registyr` falls back to the
 * default silently) and `[tool.hpm.modes]` entries naming no package of the registry (a typo
 * installs the package in its default mode). Errors in `[project]` that would only surface as
 * a uv failure after hpm had planned and written are in project_check.ts.
 */
import { atKey, type Problem } from "../errors.ts";
import { normalizeName } from "../names.ts";
import type { PyprojectView } from "../pyproject/view.ts";
import type { Registry } from "../registry/types.ts";
import { didYouMean } from "../suggest.ts";

/** The keys of `[tool.hpm]` (see docs/formats.md "What hpm owns in pyproject.toml"). */
export const HPM_KEYS = [
  "created",
  "groups",
  "managed",
  "mode",
  "modes",
  "registry",
  "strict-modes",
  "sync-args",
  "written",
];

/** `[tool.hpm]` as written (empty when absent). */
export function hpmTable(view: PyprojectView): Record<string, unknown> {
  const tool = view.value.tool as Record<string, unknown> | undefined;
  return (tool?.hpm ?? {}) as Record<string, unknown>;
}

/** The warnings, located in pyproject.toml. */
export function settingsWarnings(
  view: PyprojectView,
  registry: Registry,
): Problem[] {
  const problems: Problem[] = [];
  const at = (path: string[]) => atKey(view.file, path);
  for (const key of Object.keys(hpmTable(view))) {
    if (HPM_KEYS.includes(key)) continue;
    const guess = didYouMean(key, HPM_KEYS);
    problems.push({
      ...at(["tool", "hpm", key]),
      severity: "warning",
      message: `[tool.hpm] has an unknown key '${key}'; hpm ignores it`,
      hint: guess ? `did you mean '${guess}'?` : `the keys hpm reads: ${HPM_KEYS.join(", ")}`,
    });
  }
  // An empty mode reads as no mode at all: prod, silently.
  if (view.hpm.mode === "") {
    problems.push({
      ...at(["tool", "hpm", "mode"]),
      severity: "warning",
      message: "[tool.hpm] mode is empty, so hpm uses the default mode, prod",
      hint: 'name a mode (e.g. mode = "dev"), or remove the key',
    });
  }
  const strict = hpmTable(view)["strict-modes"];
  if (strict !== undefined && typeof strict !== "boolean") {
    problems.push({
      ...at(["tool", "hpm", "strict-modes"]),
      severity: "warning",
      message: `[tool.hpm] strict-modes must be true or false, not ${JSON.stringify(strict)}; ` +
        "hpm ignores it (packages without a source for their mode use prod)",
      hint: "write strict-modes = true (no fallback to prod) or remove the key",
    });
  }
  for (const [name, mode] of Object.entries(view.hpm.modes)) {
    if (mode !== "") continue;
    problems.push({
      ...at(["tool", "hpm", "modes", name]),
      severity: "warning",
      message: `[tool.hpm.modes] gives '${name}' an empty mode, so it follows the project's`,
      hint: `name a mode (e.g. ${name} = "dev"), or remove the entry`,
    });
  }
  const known = new Map([...registry.packages.keys()].map((name) => [normalizeName(name), name]));
  for (const name of Object.keys(view.hpm.modes)) {
    if (known.has(normalizeName(name))) continue;
    const guess = didYouMean(name, registry.packages.keys());
    problems.push({
      ...at(["tool", "hpm", "modes", name]),
      severity: "warning",
      message: `[tool.hpm.modes] names '${name}', which is not a package of the registry`,
      hint: guess ? `did you mean '${guess}'?` : "'hpm registry list' lists the packages",
    });
  }
  return problems;
}
