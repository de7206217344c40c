/** Plain descriptions of registry entries for text and JSON output (URLs masked). Pure. */
import { maskUrl } from "../redact.ts";
import type { Group, GroupOption, Package, Source, Strategy } from "./types.ts";

/** One line per source: `local ../../packages/x (editable)`, `git URL tag v1`, ... */
/** Registry text on one line (a description may hold tabs and line breaks): for tables. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A source, with the extras and marker in force (`[http2] ; sys_platform == 'win32'`). */
export function describeSource(source: Source, pkg?: Package): string {
  return describeLocation(source) +
    extrasAndMarkerText(source.extras ?? pkg?.extras, source.marker ?? pkg?.marker);
}

/** What follows a source's description: ` [a,b]` for extras, ` ; <marker>`; "" for neither. */
export function extrasAndMarkerText(extras?: readonly string[], marker?: string): string {
  return (extras?.length ? ` [${extras.join(",")}]` : "") + (marker ? ` ; ${marker}` : "");
}

function describeLocation(source: Source): string {
  switch (source.type) {
    case "local":
      return `local ${source.path}${source.editable ? " (editable)" : ""}`;
    case "git": {
      const at = source.tag
        ? ` tag ${source.tag}`
        : source.branch
        ? ` branch ${source.branch}`
        : source.rev
        ? ` rev ${source.rev}`
        : "";
      const sub = source.subdirectory ? ` subdirectory ${source.subdirectory}` : "";
      return `git ${maskUrl(source.url)}${at}${sub}`;
    }
    case "index":
      return `index ${source.version || "any version"}${
        source.index ? ` from ${maskUrl(source.index)}` : ""
      }`;
    case "url":
      return `url ${maskUrl(source.url)}${
        source.subdirectory ? ` subdirectory ${source.subdirectory}` : ""
      }`;
  }
}

/** A source as JSON: its fields without positions, URLs masked. */
function sourceToJson(source: Source): Record<string, unknown> {
  const { position: _position, ...fields } = source;
  const json: Record<string, unknown> = { ...fields };
  for (const key of ["url", "index"]) {
    if (typeof json[key] === "string") json[key] = maskUrl(json[key] as string);
  }
  return json;
}

/** A package manifest as JSON (see `packageToJson`). */
export interface PackageJson {
  name: string;
  version: string | null;
  locked: string | null;
  extras: string[];
  marker: string | null;
  description: string | null;
  /** Each mode's source: its fields without positions, URLs masked. */
  sources: Record<string, Record<string, unknown>>;
}

/**
 * A package manifest as JSON (documented in docs/json.md): `version` is the manifest's (null when it
 * gives none), `locked` the version uv.lock holds (null without a lock or an entry).
 */
export function packageToJson(pkg: Package, locked?: string): PackageJson {
  return {
    name: pkg.name,
    version: pkg.version ?? null,
    locked: locked ?? null,
    extras: pkg.extras ?? [],
    marker: pkg.marker ?? null,
    description: pkg.description ?? null,
    sources: Object.fromEntries(
      Object.entries(pkg.sources).map(([mode, source]) => [mode, sourceToJson(source)]),
    ),
  };
}

/** A group's fields as JSON (see `groupToJson`). */
export interface GroupJson {
  name: string;
  strategy: Strategy;
  description: string | null;
  default: string[] | null;
  min: number | null;
  max: number | null;
}

/** A group's fields as JSON, without options (callers add them with their own marks). */
export function groupToJson(group: Group): GroupJson {
  return {
    name: group.name,
    strategy: group.strategy,
    description: group.description ?? null,
    default: group.default ?? null,
    min: group.min ?? null,
    max: group.max ?? null,
  };
}

/** An option's `implies` and `conflicts` as JSON (empty when it declares none). */
export function relationsToJson(
  option: GroupOption,
): { implies: Record<string, string[]>; conflicts: string[] } {
  return { implies: option.implies ?? {}, conflicts: option.conflicts ?? [] };
}

/** `implies tokenizer-fast (tokenizer); conflicts with metric-legacy`, or "" when none. */
export function relationsText(option: Pick<GroupOption, "implies" | "conflicts">): string {
  const parts: string[] = [];
  const implied = Object.entries(option.implies ?? {})
    .flatMap(([group, names]) => names.map((name) => `${name} (${group})`));
  if (implied.length) parts.push(`implies ${implied.join(", ")}`);
  if (option.conflicts?.length) parts.push(`conflicts with ${option.conflicts.join(", ")}`);
  return parts.join("; ");
}
