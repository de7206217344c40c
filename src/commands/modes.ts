/** What the `hpm mode` commands share: finding a package, and saying where a mode comes from. */
import { requireUsable } from "./registry_report.ts";
import { HpmError } from "../errors.ts";
import { findNamed } from "../names.ts";
import type { ModeFrom } from "../plan/plan.ts";
import type { Package, Registry } from "../registry/types.ts";
import { didYouMean } from "../suggest.ts";

/** The package of the registry named `name` however it is spelled (PEP 503), or a usage error. */
export function requirePackage(registry: Registry, name: string): Package {
  const found = findNamed(registry.packages, name);
  if (found) return found;
  requireUsable(registry, { packages: [name] });
  const guess = didYouMean(name, registry.packages.keys());
  throw new HpmError(`no package '${name}' in the registry`, {
    code: "package-not-found",
    hint: guess ? `did you mean '${guess}'?` : "'hpm registry list' lists the packages",
  });
}

/** Where a mode asked for comes from, in the words of the files and flags that set it. */
export function modeFromText(from: ModeFrom): string {
  switch (from) {
    case "flag":
      return "--mode";
    case "package":
      return "[tool.hpm.modes]";
    case "project":
      return "[tool.hpm] mode";
    case "default":
      return "default";
  }
}

/** A mode argument that would mean nothing (empty, or with spaces) is a usage error. */
export function checkModeName(mode: string): string {
  if (mode.trim() === "" || /\s/.test(mode)) {
    throw new HpmError(`'${mode}' is not a mode name`, {
      hint: "a mode is a name such as prod or dev (the keys under 'sources:' in a manifest)",
    });
  }
  return mode;
}
