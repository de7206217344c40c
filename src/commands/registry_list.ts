/** `hpm registry list`: the registry's packages, their versions, modes and groups. */
import type { ParsedInput } from "../cli/spec.ts";
import { isJsonMode, printData, printJson, style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { packageToJson } from "../registry/describe.ts";
import { loadContext } from "./context.ts";

/** Runs `hpm registry list`. */
export async function run(input: ParsedInput): Promise<number> {
  const { registry, location } = await loadContext(input, { project: false, strict: false });
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
      packages: packages.map((p) => ({ ...packageToJson(p), groups: groupsOf.get(p.name) ?? [] })),
    });
    return 0;
  }
  if (packages.length === 0) {
    printData(`no packages in the registry at ${displayPath(location.root)}`);
    return 0;
  }
  const width = Math.max(...packages.map((p) => p.name.length));
  printData(
    packages.map((p) => {
      const modes = Object.keys(p.sources).join(", ");
      const groups = groupsOf.get(p.name)?.join(", ");
      return `${p.name.padEnd(width)}  ${p.version.padEnd(8)}  ${style.dim(`modes: ${modes}`)}${
        groups ? style.dim(`  groups: ${groups}`) : ""
      }`;
    }).join("\n"),
  );
  return 0;
}
