/** The version `list`, `show` and `registry list` print for a package. Pure. */
import type { Package, Source } from "./types.ts";

/**
 * The locked version when uv.lock holds the package; otherwise what the source says (an index
 * constraint, a git tag) or the manifest's `version`; "" when nothing does.
 */
export function shownVersion(pkg: Package, source: Source | undefined, locked?: string): string {
  if (locked) return locked;
  if (source?.type === "index") return source.version || pkg.version || "any version";
  if (source?.type === "git" && source.tag) return source.tag;
  if (pkg.version) return pkg.version;
  if (source?.type === "git") return source.branch ?? source.rev ?? "";
  return "";
}

/** The source a package uses in `mode`: that mode's, else `prod`'s, else its first. */
export function sourceForMode(pkg: Package, mode: string): Source | undefined {
  return pkg.sources[mode] ?? pkg.sources.prod ?? Object.values(pkg.sources)[0];
}
