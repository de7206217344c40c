/**
 * What hpm wrote for a distribution, and its digest: hpm remembers, per name in
 * `[tool.hpm] written`, a digest of the dependency entry, the `[tool.uv.sources]` entry and the
 * `hpm-<name>` index it wrote. A text that matches neither that digest nor the plan was changed
 * outside hpm (by hand, `uv add`, `uv remove`). Pure.
 */
import type { PlannedEntry, UvSourceValue } from "./plan.ts";

/** The parts of pyproject.toml hpm writes for one distribution, as values (null: absent). */
export interface WrittenParts {
  /** The `[project].dependencies` string. */
  dependency: string | null;
  /** The `[tool.uv.sources]` key as written, and its value. */
  sourceKey: string | null;
  source: unknown;
  /** The `[[tool.uv.index]]` entry named `hpm-<name>`. */
  index: unknown;
}

/** What the plan writes for an entry. */
export function plannedParts(entry: PlannedEntry): WrittenParts {
  const source: UvSourceValue | null = entry.uvSource ?? null;
  return {
    dependency: entry.requirement,
    sourceKey: source ? entry.distribution : null,
    source,
    index: entry.index ? { name: entry.index.name, url: entry.index.url, explicit: true } : null,
  };
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The digest recorded for a distribution's parts: FNV-1a (32 bits) over the UTF-16 code units
 * (low byte, then high byte) of their canonical JSON, 8 hex digits. It tells hpm's own text from
 * a changed one; it is not a security measure.
 */
export function digestParts(parts: WrittenParts): string {
  const text = canonical(parts);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    hash = Math.imul(hash ^ (unit & 0xff), 0x01000193);
    hash = Math.imul(hash ^ (unit >>> 8), 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** True when the two hold the same values. */
export function sameParts(a: WrittenParts, b: WrittenParts): boolean {
  return canonical(a) === canonical(b);
}

/** True when two plain values are equal, whatever their tables' key order. */
export function sameCanonical(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
