/** `hpm registry list`: the registry's packages, their versions, modes and groups. */
import type { ParsedInput } from "../cli/spec.ts";
import { isJsonMode, printData, printJson, style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { packageToJson } from "../registry/describe.ts";
import { normalizeName } from "../names.ts";
import { shownVersion, sourceForMode } from "../registry/shown_version.ts";
import type { Package } from "../registry/types.ts";
import { loadContext } from "./context.ts";
import { readLockedVersions } from "./locked.ts";

/** Runs `hpm registry list`. */
export async function run(input: ParsedInput): Promise<number> {
  const { registry, location, project } = await loadContext(input, {
    project: false,
    strict: false,
  });
  const locked = await readLockedVersions(project);
  const lockedOf = (p: Package) => locked?.get(normalizeName(p.name));
  const groupsOf = new Map<string, string[]>();
  for (const group of registry.groups.values()) {
    for (const o of group.options) {
      groupsOf.set(o.name, [...(groupsOf.get(o.name) ?? []), group.name]);
    }
  }
  const packages = [...registry.packages.values()];
  if (isJsonMode()) {
    printJson({
      ok: true,
      registry: location.root,
      packages: packages.map((p) => ({
        ...packageToJson(p, lockedOf(p)),
        groups: groupsOf.get(p.name) ?? [],
      })),
    });
    return 0;
  }
  if (packages.length === 0) {
    printData(`no packages in the registry at ${displayPath(location.root)}`);
    return 0;
  }
  const width = Math.max(...packages.map((p) => p.name.length));
  // uv.lock's version, else the prod source's constraint or tag, else the manifest's.
  const versionOf = (p: Package) => shownVersion(p, sourceForMode(p, "prod"), lockedOf(p));
  printData(
    packages.map((p) => {
      const modes = Object.keys(p.sources).join(", ");
      const groups = groupsOf.get(p.name)?.join(", ");
      return `${p.name.padEnd(width)}  ${versionOf(p).padEnd(8)}  ${style.dim(`modes: ${modes}`)}${
        groups ? style.dim(`  groups: ${groups}`) : ""
      }`;
    }).join("\n"),
  );
  return 0;
}
