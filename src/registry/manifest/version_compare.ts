/**
 * PEP 440 versions compared, and a version tested against a specifier (`>=2.2,<3`), enough
 * to tell a manifest `version` that its own constraint excludes. Pure. Where the answer would
 * need rules hpm does not model (arbitrary equality `===`, an unparsable clause) it says
 * "unknown" rather than guess.
 */
import { isVersion } from "./python_specs.ts";

interface Parsed {
  epoch: number;
  release: number[];
  /** [0 a | 1 b | 2 rc, number] */
  pre?: [number, number];
  post?: number;
  dev?: number;
}

const PARTS =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+.*)?$/i;

const PRE_KIND: Record<string, number> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};

function parse(text: string): Parsed | undefined {
  const m = PARTS.exec(text.trim());
  if (!m) return undefined;
  const parsed: Parsed = { epoch: Number(m[1] ?? 0), release: m[2].split(".").map(Number) };
  if (m[3]) parsed.pre = [PRE_KIND[m[3].toLowerCase()], Number(m[4] || 0)];
  if (m[5] !== undefined || m[6] !== undefined) parsed.post = Number(m[5] ?? (m[6] || 0));
  if (m[7] !== undefined) parsed.dev = Number(m[7] || 0);
  return parsed;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParsed(a: Parsed, b: Parsed): number {
  if (a.epoch !== b.epoch) return compareNumbers(a.epoch, b.epoch);
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const c = compareNumbers(a.release[i] ?? 0, b.release[i] ?? 0);
    if (c !== 0) return c;
  }
  // A dev release of a final version sorts before its pre-releases; a final one after them.
  const preKey = (v: Parsed) =>
    v.pre ?? (v.post === undefined && v.dev !== undefined ? [-1, 0] : [3, 0]);
  const [pa, pb] = [preKey(a), preKey(b)];
  const pre = compareNumbers(pa[0], pb[0]) || compareNumbers(pa[1], pb[1]);
  if (pre !== 0) return pre;
  const post = compareNumbers(a.post ?? -1, b.post ?? -1);
  if (post !== 0) return post;
  return compareNumbers(a.dev ?? Infinity, b.dev ?? Infinity);
}

/** Compares two PEP 440 versions (-1, 0, 1), or undefined when either is not one. */
export function compareVersions(a: string, b: string): number | undefined {
  const [pa, pb] = [parse(a), parse(b)];
  return pa && pb ? compareParsed(pa, pb) : undefined;
}

function startsWith(version: Parsed, prefix: number[], epoch: number): boolean {
  return version.epoch === epoch && prefix.every((n, i) => (version.release[i] ?? 0) === n);
}

function clauseHolds(version: Parsed, clause: string): boolean | undefined {
  const m = /^(~=|==|!=|<=|>=|<|>)\s*(.+)$/.exec(clause.trim());
  if (!m) return undefined;
  const [, op, target] = m;
  if ((op === "==" || op === "!=") && target.endsWith(".*")) {
    const prefix = parse(target.slice(0, -2));
    if (!prefix || prefix.pre || prefix.post !== undefined || prefix.dev !== undefined) {
      return undefined;
    }
    const matches = startsWith(version, prefix.release, prefix.epoch);
    return op === "==" ? matches : !matches;
  }
  if (!isVersion(target)) return undefined;
  const other = parse(target);
  if (!other) return undefined;
  const c = compareParsed(version, other);
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<=":
      return c <= 0;
    case ">=":
      return c >= 0;
    case "<":
      return c < 0;
    case ">":
      return c > 0;
    default: // ~=V: >= V and == V's release without its last number, .*
      return c >= 0 && other.release.length >= 2 &&
        startsWith(version, other.release.slice(0, -1), other.epoch);
  }
}

/**
 * Whether `version` satisfies `specifier` (clauses joined by `,`): true, false, or undefined
 * when it cannot tell (`===`, a clause it does not read). Pre-releases are compared like any
 * version (no exclusion rules): this answers "does the constraint exclude it", not "would a
 * resolver pick it".
 */
export function satisfies(version: string, specifier: string): boolean | undefined {
  const parsed = parse(version);
  if (!parsed) return undefined;
  let unknown = false;
  for (const clause of specifier.split(",")) {
    if (clause.trim() === "") continue;
    const holds = clauseHolds(parsed, clause);
    if (holds === false) return false;
    if (holds === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}
