/**
 * Which registry files cannot be used, so that a broken file costs only what depends on it: a
 * file with an error (its own, or one the cross-checks found in it) is left out of the loaded
 * registry, and a command that needs its group or package fails naming it (context.ts). Pure.
 */
import type { Problem } from "../errors.ts";
import type { Group } from "./types.ts";
import { fileStem } from "../paths.ts";

/** The unusable files of a registry, by the group or package name their file name gives. */
export interface BrokenFiles {
  groups: Map<string, string>;
  packages: Map<string, string>;
}

const REGISTRY_FILE = /(?:^|[\\/])(groups|packages)[\\/][^\\/]+\.ya?ml$/;

/** The display paths of the files holding an error. */
export function filesWithErrors(problems: readonly Problem[]): Set<string> {
  const files = new Set<string>();
  for (const problem of problems) if (problem.severity === "error") files.add(problem.file);
  return files;
}

/** The broken files among `problems`, by kind and name (their stem). */
export function brokenFiles(problems: readonly Problem[]): BrokenFiles {
  const broken: BrokenFiles = { groups: new Map(), packages: new Map() };
  for (const file of filesWithErrors(problems)) {
    const kind = REGISTRY_FILE.exec(file)?.[1];
    if (kind === "groups") broken.groups.set(fileStem(file), file);
    else if (kind === "packages") broken.packages.set(fileStem(file), file);
  }
  return broken;
}

/** Every problem of the given files (errors and warnings), in order. */
export function problemsOf(problems: readonly Problem[], files: ReadonlySet<string>): Problem[] {
  return problems.filter((problem) => files.has(problem.file));
}

/**
 * Groups whose options imply an option of a group that cannot be used: without it their
 * implications would silently not happen, so each is an error at the `implies` key (repeated
 * until no more groups follow). `usable` holds the groups still usable, by name, with their
 * display file; `brokenNames` the names of groups already left out.
 */
export function impliesBroken(
  usable: ReadonlyMap<string, { group: Group; display: string }>,
  brokenNames: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const out = new Set(brokenNames);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, { group }] of usable) {
      if (out.has(name)) continue;
      for (const option of group.options) {
        const target = Object.keys(option.implies ?? {}).find((g) => out.has(g));
        if (target === undefined) continue;
        const at = option.relationsAt?.impliedGroups[target] ?? option.position;
        problems.push({
          ...at,
          severity: "error",
          message: `'${option.name}' (group '${name}') implies an option of group ` +
            `'${target}', whose file cannot be used`,
          hint: `fix groups/${target}.yaml first ('hpm registry validate' lists its problems)`,
        });
        out.add(name);
        changed = true;
        break;
      }
    }
  }
  return problems;
}
