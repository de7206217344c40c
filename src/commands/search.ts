/** `hpm search QUERY`: case-insensitive search over names and descriptions. */
import type { ParsedInput } from "../cli/spec.ts";
import { info, isJsonMode, printData, printJson, style } from "../output.ts";
import { oneLine } from "../registry/describe.ts";
import type { Registry } from "../registry/types.ts";
import { normalizeName } from "../names.ts";
import { shownVersion, sourceForMode } from "../registry/shown_version.ts";
import { loadContext } from "./context.ts";
import { readLockedVersions } from "./locked.ts";

/**
 * Search results: groups and packages whose name or description contains the query. A package's
 * `version` is the one shown (uv.lock's, else its prod source's constraint or tag, else the
 * manifest's; "" when none).
 */
export interface SearchResult {
  groups: Array<{ name: string; description: string | null; options: string[] }>;
  packages: Array<{ name: string; version: string; description: string | null; groups: string[] }>;
}

/** Pure search over a loaded registry (an option's description counts for its package). */
export function searchRegistry(
  registry: Registry,
  query: string,
  locked?: Map<string, string>,
): SearchResult {
  const needle = query.toLowerCase();
  const hit = (...texts: Array<string | undefined>) =>
    texts.some((t) => t !== undefined && t.toLowerCase().includes(needle));
  const groupsOf = new Map<string, string[]>();
  const optionText = new Map<string, string[]>();
  for (const group of registry.groups.values()) {
    for (const option of group.options) {
      groupsOf.set(option.name, [...(groupsOf.get(option.name) ?? []), group.name]);
      if (option.description) {
        optionText.set(option.name, [...(optionText.get(option.name) ?? []), option.description]);
      }
    }
  }
  const groups = [...registry.groups.values()]
    .filter((g) => hit(g.name, g.description))
    .map((g) => ({
      name: g.name,
      description: g.description ?? null,
      options: g.options.map((o) => o.name),
    }));
  const packages = [...registry.packages.values()]
    .filter((p) => hit(p.name, p.description, ...(optionText.get(p.name) ?? [])))
    .map((p) => ({
      name: p.name,
      version: shownVersion(p, sourceForMode(p, "prod"), locked?.get(normalizeName(p.name))),
      description: p.description ?? null,
      groups: groupsOf.get(p.name) ?? [],
    }));
  return { groups, packages };
}

/** Runs `hpm search QUERY`. */
export async function run(input: ParsedInput): Promise<number> {
  const { registry, project } = await loadContext(input, { project: false, strict: false });
  const query = input.args.query!;
  const result = searchRegistry(registry, query, await readLockedVersions(project));
  if (isJsonMode()) {
    printJson({ ok: true, query, ...result });
    return 0;
  }
  if (result.groups.length === 0 && result.packages.length === 0) {
    info(`no groups or packages match '${query}'`);
    return 0;
  }
  const lines: string[] = [];
  if (result.groups.length) {
    lines.push(style.bold("Groups:"));
    for (const g of result.groups) {
      lines.push(`  ${g.name}${g.description ? "  " + style.dim(oneLine(g.description)) : ""}`);
    }
  }
  if (result.packages.length) {
    lines.push(style.bold("Packages:"));
    for (const p of result.packages) {
      const groups = p.groups.length ? style.dim(` [${p.groups.join(", ")}]`) : "";
      lines.push(
        `  ${p.name}${p.version ? ` ${p.version}` : ""}${groups}${
          p.description ? "  " + style.dim(oneLine(p.description)) : ""
        }`,
      );
    }
  }
  printData(lines.join("\n"));
  return 0;
}
