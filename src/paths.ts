/**
 * Path helpers without `node:path` (importing any `node:` module starts Deno's Node
 * compatibility layer, which costs start-up time). Paths use `/`; on Windows, `\` is
 * accepted on input and a drive letter counts as a root.
 */

const isWindows = Deno.build.os === "windows";

function toSlashes(path: string): string {
  return isWindows ? path.replaceAll("\\", "/") : path;
}

/** True for `/x`, and on Windows for `C:/x` or `\\server\x`. */
export function isAbsolutePath(path: string): boolean {
  const p = toSlashes(path);
  return p.startsWith("/") || (isWindows && /^[A-Za-z]:\//.test(p));
}

function splitRoot(path: string): [string, string] {
  const p = toSlashes(path);
  const drive = isWindows ? /^[A-Za-z]:/.exec(p)?.[0] ?? "" : "";
  const rest = p.slice(drive.length);
  return rest.startsWith("/") ? [drive + "/", rest.slice(1)] : [drive, rest];
}

/** Collapses `.`, `..` and repeated slashes. */
export function normalizePath(path: string): string {
  const [root, rest] = splitRoot(path);
  const parts: string[] = [];
  for (const part of rest.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
      else if (!root) parts.push("..");
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join("/");
  return root + joined || (root ? root : ".");
}

/** Joins path segments and normalizes the result. */
export function joinPath(...segments: string[]): string {
  return normalizePath(segments.filter((s) => s !== "").join("/"));
}

/** Resolves segments right to left until an absolute path is formed, starting from the cwd. */
export function resolvePath(...segments: string[]): string {
  let resolved = "";
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (!segment) continue;
    resolved = resolved ? segment + "/" + resolved : segment;
    if (isAbsolutePath(segment)) return normalizePath(resolved);
  }
  return normalizePath(Deno.cwd() + "/" + resolved);
}

/** The directory part of a path. */
export function dirname(path: string): string {
  const normalized = normalizePath(path);
  const [root, rest] = splitRoot(normalized);
  const index = rest.lastIndexOf("/");
  if (index < 0) return root || ".";
  return root + rest.slice(0, index);
}

/** The last segment of a path. */
export function basename(path: string): string {
  const normalized = normalizePath(path);
  const index = normalized.lastIndexOf("/");
  return index < 0 ? normalized : normalized.slice(index + 1);
}

/**
 * The file name without its `.yaml` / `.yml` extension: the name a registry file must declare
 * (and the name a broken one is known by).
 */
export function fileStem(file: string): string {
  // The last segment as is when it is a plain name (the common case, and 10,000 times per
  // registry load); anything else goes through basename's normalization.
  const last = file.slice(file.lastIndexOf("/") + 1);
  const name = last && last !== "." && last !== ".." && !file.includes("\\")
    ? last
    : basename(file);
  return name.replace(/\.ya?ml$/, "");
}

/** The relative path from `from` to `to` (both made absolute first), `.` when equal. */
export function relativePath(from: string, to: string): string {
  const [fromRoot, fromRest] = splitRoot(resolvePath(from));
  const [toRoot, toRest] = splitRoot(resolvePath(to));
  if (fromRoot.toLowerCase() !== toRoot.toLowerCase()) return toRoot + toRest;
  const a = fromRest ? fromRest.split("/") : [];
  const b = toRest ? toRest.split("/") : [];
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => "..");
  return [...up, ...b.slice(common)].join("/") || ".";
}

/** True when `path` can be stat-ed (following links); false when missing or unreadable. */
export function pathExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A path as shown in messages: relative to the working directory when inside it, else absolute. */
export function displayPath(path: string, cwd: string = Deno.cwd()): string {
  const absolute = resolvePath(cwd, path);
  const rel = relativePath(cwd, absolute);
  if (rel.startsWith("..") || isAbsolutePath(rel)) return absolute;
  return rel;
}
