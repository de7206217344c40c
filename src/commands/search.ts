/** `hpm search QUERY`: case-insensitive search over names and descriptions. */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode } from "../errors.ts";
import { style } from "../output.ts";
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
function searchRegistry(
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

/** `hpm search --json`, and what the text output says. */
export interface SearchJson extends SearchResult {
  ok: true;
  query: string;
}

/** Runs `hpm search QUERY`. */
export async function run(input: InputOf<"search">): Promise<Outcome<SearchJson>> {
  const { registry, project } = await loadContext(input, { project: false, strict: false });
  const query = input.args.query;
  const result = searchRegistry(registry, query, await readLockedVersions(project));
  return { exitCode: ExitCode.Success, json: { ok: true, query, ...result } };
}

/** `hpm search QUERY` in text: the groups, then the packages, that match. */
export function render(json: SearchJson, _mode: RenderMode): Line[] {
  if (json.groups.length === 0 && json.packages.length === 0) {
    return [{ to: "info", text: `no groups or packages match '${json.query}'` }];
  }
  const lines: string[] = [];
  if (json.groups.length) {
    lines.push(style.bold("Groups:"));
    for (const g of json.groups) {
      lines.push(`  ${g.name}${g.description ? "  " + style.dim(oneLine(g.description)) : ""}`);
    }
  }
  if (json.packages.length) {
    lines.push(style.bold("Packages:"));
    for (const p of json.packages) {
      const groups = p.groups.length ? style.dim(` [${p.groups.join(", ")}]`) : "";
      lines.push(
        `  ${p.name}${p.version ? ` ${p.version}` : ""}${groups}${
          p.description ? "  " + style.dim(oneLine(p.description)) : ""
        }`,
      );
    }
  }
  return [{ to: "data", text: lines.join("\n") }];
}
