/**
 * The versions uv.lock holds: its `[[package]]` tables' `name` and `version`, read line by
 * line (no TOML parse: uv writes these two keys as plain `key = "value"` lines at the start of
 * each table, and a lock of a few hundred packages is read in well under a millisecond). Pure.
 */
import { normalizeName } from "../names.ts";

const KEY = /^(name|version)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Normalized name -> locked version. A name locked at several versions (uv forks by marker)
 * maps to them joined with ", ", in the lock's order.
 */
export function lockedVersions(text: string): Map<string, string> {
  const versions = new Map<string, string>();
  let inPackage = false;
  let name: string | undefined;
  let version: string | undefined;
  const flush = () => {
    if (inPackage && name !== undefined && version !== undefined) {
      const key = normalizeName(name);
      const before = versions.get(key);
      const all = before === undefined ? [] : before.split(", ");
      if (!all.includes(version)) versions.set(key, [...all, version].join(", "));
    }
    name = version = undefined;
  };
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (line.startsWith("[")) {
      flush();
      inPackage = line === "[[package]]";
      continue;
    }
    if (!inPackage) continue;
    const match = KEY.exec(line);
    if (!match) continue;
    if (match[1] === "name" && name === undefined) name = match[2];
    else if (match[1] === "version" && version === undefined) version = match[2];
  }
  flush();
  return versions;
}
