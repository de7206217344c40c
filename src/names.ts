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
