/**
 * Which distributions the rest of a uv workspace still needs, from its uv.lock: what a member's
 * `hpm sync` removed stays installed in the shared environment while anything else there (an
 * installed package, a virtual member such as the root project) depends on it, directly or
 * not. Pure (the lock comes in as its parsed value).
 */
import { normalizeName } from "../names.ts";

interface LockedPackage {
  name: string;
  virtual: boolean;
  dependencies: string[];
}

function packagesOf(lock: Record<string, unknown>): LockedPackage[] {
  const list = Array.isArray(lock.package) ? lock.package : [];
  const names = (deps: unknown) =>
    Array.isArray(deps)
      ? deps.flatMap((d) => typeof d?.name === "string" ? [normalizeName(d.name as string)] : [])
      : [];
  return list.flatMap((p: Record<string, unknown>) => {
    if (typeof p?.name !== "string") return [];
    const source = p.source as Record<string, unknown> | undefined;
    const optional = p["optional-dependencies"] as Record<string, unknown> | undefined;
    const groups = p["dev-dependencies"] as Record<string, unknown> | undefined;
    return [{
      name: normalizeName(p.name),
      virtual: typeof source?.virtual === "string",
      dependencies: [
        ...names(p.dependencies),
        ...Object.values(optional ?? {}).flatMap(names),
        ...Object.values(groups ?? {}).flatMap(names),
      ],
    }];
  });
}

/**
 * The names of `removed` that the rest of the environment needs: reachable in the (new) lock
 * from an installed package or a virtual workspace member (the root project, the member
 * synced), other than the `removed` ones themselves.
 */
export function stillNeeded(
  lock: Record<string, unknown>,
  installed: ReadonlySet<string>,
  removed: readonly string[],
): Set<string> {
  const packages = packagesOf(lock);
  const byName = new Map<string, string[]>();
  for (const p of packages) byName.set(p.name, [...(byName.get(p.name) ?? []), ...p.dependencies]);
  const leaving = new Set(removed.map(normalizeName));
  const seen = new Set<string>();
  const stack = packages
    .filter((p) => !leaving.has(p.name) && (p.virtual || installed.has(p.name)))
    .map((p) => p.name);
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(byName.get(name) ?? []));
  }
  return new Set(removed.map(normalizeName).filter((name) => seen.has(name)));
}
