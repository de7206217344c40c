/**
 * Plain TOML values (what a parser returns for a document): equality, and reading and writing
 * at key paths. No parser here, so modules that only handle values load nothing else.
 */

/** A key path: table keys and array indexes. */
type Path = readonly (string | number)[];

/** A plain TOML table value. */
export type TableValue = Record<string, unknown>;

/** True for a table value (not an array, not a date). */
export function isTableValue(value: unknown): value is TableValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}

/** The first path where two values differ, or undefined when they mean the same. */
export function firstDifference(
  actual: unknown,
  intended: unknown,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (Array.isArray(actual) || Array.isArray(intended)) {
    if (!Array.isArray(actual) || !Array.isArray(intended)) return path;
    if (actual.length !== intended.length) return path;
    for (let i = 0; i < actual.length; i++) {
      const difference = firstDifference(actual[i], intended[i], [...path, i]);
      if (difference) return difference;
    }
    return undefined;
  }
  if (actual instanceof Date || intended instanceof Date) {
    const same = actual instanceof Date && intended instanceof Date &&
      Object.is(actual.getTime(), intended.getTime());
    return same ? undefined : path;
  }
  if (isTableValue(actual) || isTableValue(intended)) {
    if (!isTableValue(actual) || !isTableValue(intended)) return path;
    const keys = new Set([...Object.keys(actual), ...Object.keys(intended)]);
    for (const key of keys) {
      if (!(key in actual) || !(key in intended)) return [...path, key];
      const difference = firstDifference(actual[key], intended[key], [...path, key]);
      if (difference) return difference;
    }
    return undefined;
  }
  return Object.is(actual, intended) ? undefined : path;
}

/** True when two values mean the same. */
export function sameValue(a: unknown, b: unknown): boolean {
  return firstDifference(a, b) === undefined;
}

/** The value at a path of plain tables, or undefined. */
export function getIn(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) {
    if (isTableValue(value) && typeof segment === "string") {
      value = Object.hasOwn(value, segment) ? value[segment] : undefined;
    } else if (Array.isArray(value) && typeof segment === "number") value = value[segment];
    else return undefined;
  }
  return value;
}

/** Defines an own key (also for keys like `__proto__`). */
function define(table: TableValue, key: string, value: unknown): void {
  Object.defineProperty(table, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Sets a value, creating missing tables on the way. */
export function setIn(root: TableValue, path: Path, value: unknown): void {
  let table = root;
  for (const segment of path.slice(0, -1)) {
    const next = Object.hasOwn(table, segment) ? table[String(segment)] : undefined;
    if (next === undefined) define(table, String(segment), table = {});
    else if (isTableValue(next)) table = next;
    else throw new TypeError(`not a table at ${String(segment)}`);
  }
  define(table, String(path[path.length - 1]), value);
}

/** Removes the key at a path (no-op when absent). */
export function deleteIn(root: TableValue, path: Path): void {
  const parent = getIn(root, path.slice(0, -1));
  if (isTableValue(parent)) delete parent[String(path[path.length - 1])];
}
