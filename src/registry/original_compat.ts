/**
 * What the original hpm (VLMHyperBenchTeam/hpm, `hyper_package_manager`) would read
 * differently from hpm in a registry, for `hpm registry validate`: its model requires a
 * manifest `version`, its `sync` reads only the `prod` source and only `local` and `git`
 * types (others are skipped while it reports success), it installs `git+URL@ref` (`tag`,
 * `branch`, `rev` unknown to it: HEAD), and it knows nothing of extras, markers,
 * `subdirectory`, implications, conflicts or bounds. Pure: from the loaded registry.
 * A `default` written as a string (the original cannot load the group at all) is marked where
 * the group is read (`Group.defaultString`).
 */
import type { Problem } from "../errors.ts";
import type { Group, Package, Position } from "./types.ts";

const ORIGINAL = "the original hpm";

function note(at: Position, message: string, hint: string): Problem {
  return { ...at, severity: "warning", code: "original-ignores", message, hint };
}

/** One warning per file: everything the original would read differently in it, in one line. */
export function originalCompatProblems(
  groups: Iterable<Group>,
  packages: Iterable<Package>,
): Problem[] {
  const problems: Problem[] = [];
  for (const pkg of packages) {
    const problem = packageNote(pkg);
    if (problem) problems.push(problem);
  }
  for (const group of groups) {
    const problem = groupNote(group);
    if (problem) problems.push(problem);
    if (group.defaultString && group.default) {
      problems.push(note(
        group.defaultString,
        `${ORIGINAL} cannot load a group whose 'default' is a string (its model takes a list)`,
        `write 'default: ["${group.default[0]}"]': both tools read that`,
      ));
    }
  }
  return problems;
}

function packageNote(pkg: Package): Problem | undefined {
  const prod = pkg.sources.prod;
  if (pkg.version === undefined) {
    return note(
      pkg.position,
      `${ORIGINAL} cannot load this manifest: its model requires 'version' (its sync stops)`,
      "add 'version: \"X.Y.Z\"' if the original hpm reads this registry too",
    );
  }
  if (!prod) {
    return note(
      pkg.position,
      `${ORIGINAL} reads only the 'prod' source: its sync skips '${pkg.name}' ` +
        `(sources here: ${Object.keys(pkg.sources).join(", ")})`,
      "add a 'prod' source if the original hpm reads this registry too",
    );
  }
  const what: string[] = [];
  if (prod.type === "index" || prod.type === "url") {
    what.push(`'${prod.type}' sources (its sync skips the package and reports success)`);
  }
  if (prod.type === "git" && prod.subdirectory) {
    what.push("'subdirectory' (it installs the repository's root)");
  }
  const extras = prod.extras ?? pkg.extras;
  const marker = prod.marker ?? pkg.marker;
  if (extras?.length) what.push("'extras'");
  if (marker) what.push("'marker'");
  if (what.length === 0) return undefined;
  return note(
    prod.position,
    `${ORIGINAL} ignores ${what.join(", ")} of this package's 'prod' source`,
    "docs/formats.md, 'Working beside the original hpm', says which tool reads what",
  );
}

function groupNote(group: Group): Problem | undefined {
  const what: string[] = [];
  if (group.options.some((option) => option.implies)) what.push("'implies'");
  if (group.options.some((option) => option.conflicts)) what.push("'conflicts'");
  if (group.min !== undefined || group.max !== undefined) what.push("'min'/'max'");
  if (what.length === 0) return undefined;
  return note(
    group.position,
    `${ORIGINAL} ignores ${what.join(", ")} of group '${group.name}'`,
    "docs/formats.md, 'Working beside the original hpm', says which tool reads what",
  );
}
