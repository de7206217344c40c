/**
 * A PEP 508 requirement spelled the way `uv add` writes it into `[project].dependencies`:
 * `httpx[http2]>=0.27`, `colorama>=0.4 ; sys_platform == 'win32'` (extras normalized per
 * PEP 685 and sorted, a space on each side of `;`). Pure.
 */
import { normalizeName } from "../names.ts";

/** The parts of a requirement hpm writes. */
export interface RequirementParts {
  /** The distribution name, as the package spells it. */
  name: string;
  /** Extra names (any spelling; written normalized, sorted, once each). */
  extras?: readonly string[];
  /** A version specifier such as `>=2.1,<3` (a bare version `1.2` means `==1.2`); empty for none. */
  specifier?: string;
  /** A marker already in uv's spelling (see manifest/marker.ts). */
  marker?: string;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** The normalized distribution name of a PEP 508 requirement string, or undefined. */
export function requirementName(requirement: string): string | undefined {
  const match = NAME.exec(requirement);
  return match ? normalizeName(match[1]) : undefined;
}

/** Extra names as uv writes them: normalized (PEP 685), without repeats, sorted. */
export function normalizeExtras(extras: readonly string[]): string[] {
  return [...new Set(extras.map(normalizeName))].sort();
}

/** The requirement string, e.g. `httpx[http2]>=0.27 ; sys_platform == 'linux'`. */
export function requirementText(parts: RequirementParts): string {
  const extras = normalizeExtras(parts.extras ?? []);
  const spec = (parts.specifier ?? "").trim();
  const version = spec === "" ? "" : /^[0-9]/.test(spec) ? `==${spec}` : spec;
  const marker = parts.marker?.trim() ? ` ; ${parts.marker.trim()}` : "";
  return `${parts.name}${extras.length ? `[${extras.join(",")}]` : ""}${version}${marker}`;
}
