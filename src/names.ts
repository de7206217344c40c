/**
 * Python distribution names. Every comparison of package names in hpm goes through
 * `normalizeName`, so `Vlm_Adapter.Qwen` and `vlm-adapter-qwen` are the same package.
 */

/**
 * Normalizes a distribution name per PEP 503: lowercase, and every run of `-`, `_` and `.`
 * becomes a single `-`.
 */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** The entry of `items` (keyed by name) named `name` however it is spelled (PEP 503). */
export function findNamed<T extends { name: string }>(
  items: ReadonlyMap<string, T>,
  name: string,
): T | undefined {
  const exact = items.get(name);
  if (exact) return exact;
  const key = normalizeName(name);
  for (const item of items.values()) if (normalizeName(item.name) === key) return item;
  return undefined;
}
