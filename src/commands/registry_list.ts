/** `hpm registry list`: the registry's packages, their versions, modes and groups. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { type PackageJson, packageToJson } from "../registry/describe.ts";
import { normalizeName } from "../names.ts";
import { shownVersion, sourceForMode } from "../registry/shown_version.ts";
import type { Package } from "../registry/types.ts";
import { loadContext } from "./context.ts";
import { readLockedVersions } from "./locked.ts";

/** One package in `hpm registry list --json`. */
export interface RegistryListPackageJson extends PackageJson {
  /** The groups that offer it. */
  groups: string[];
  /** The version the text shows: uv.lock's, else the prod source's constraint or tag, else the manifest's. */
  shownVersion: string;
}

/** `hpm registry list --json`, and what the text output says. */
export interface RegistryListJson {
  ok: true;
  registry: string;
  packages: RegistryListPackageJson[];
}

/** Runs `hpm registry list`. */
export async function run(input: InputOf<"registry_list">): Promise<Outcome<RegistryListJson>> {
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
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      registry: location.root,
      packages: [...registry.packages.values()].map((p) => ({
        ...packageToJson(p, lockedOf(p)),
        groups: groupsOf.get(p.name) ?? [],
        shownVersion: shownVersion(p, sourceForMode(p, "prod"), lockedOf(p)),
      })),
    },
  };
}

/** `hpm registry list` in text: one line per package. */
export function render(json: RegistryListJson, _mode: RenderMode): Line[] {
  const { packages } = json;
  if (packages.length === 0) {
    return [{ to: "data", text: `no packages in the registry at ${displayPath(json.registry)}` }];
  }
  const width = Math.max(...packages.map((p) => p.name.length));
  const text = packages.map((p) => {
    const modes = Object.keys(p.sources).join(", ");
    const groups = p.groups.join(", ");
    return `${p.name.padEnd(width)}  ${p.shownVersion.padEnd(8)}  ${style.dim(`modes: ${modes}`)}${
      groups ? style.dim(`  groups: ${groups}`) : ""
    }`;
  }).join("\n");
  return [{ to: "data", text }];
}
