/**
 * Pure reading of an option's `implies` (group -> option or list of options) and `conflicts`
 * (a list of option names), every wrong type a located problem. Whether the names exist is
 * checked across the registry (validate_relations.ts).
 */
import type { GroupOption, Position, RelationPositions } from "../types.ts";
import { isMap, isScalar, isSeq, positionOf, report, type YamlFile } from "../yaml/doc.ts";
import {
  deref,
  describe,
  type Fields,
  isNull,
  keyName,
  valueOrKey,
  type YamlNode,
} from "../yaml/fields.ts";

/** What `readRelations` found: the fields to set on the option (none when absent). */
export type Relations = Pick<GroupOption, "implies" | "conflicts" | "relationsAt">;

const IMPLIES_HINT = "write it as 'implies:' then '  GROUP: OPTION' or '  GROUP: [OPTION, ...]'";
const CONFLICTS_HINT = "write it as 'conflicts: [OPTION, ...]'";

/**
 * A scalar or a list of scalars as option names; reports entries that are not non-empty
 * strings, and names listed twice. `what` names the value in messages.
 */
function readNames(
  yaml: YamlFile,
  node: YamlNode,
  what: string,
  hint: string,
): Array<{ name: string; position: Position }> {
  const items = isSeq(node) ? node.items.map((item) => deref(yaml, item)) : [node];
  const names: Array<{ name: string; position: Position }> = [];
  for (const item of items) {
    if (!isScalar(item) || typeof item.value !== "string" || item.value.trim() === "") {
      report(
        yaml,
        item ?? node,
        `${what} must be an option name or a list of option names, found ${describe(item)}`,
        hint,
      );
      continue;
    }
    if (names.some((entry) => entry.name === item.value)) {
      report(yaml, item, `'${item.value}' is listed twice in ${what}`, "remove one");
      continue;
    }
    names.push({ name: item.value, position: positionOf(yaml, item) });
  }
  return names;
}

function readImplies(
  yaml: YamlFile,
  fields: Fields,
  at: RelationPositions,
): Record<string, string[]> | undefined {
  const field = fields.byName.get("implies");
  if (!field || isNull(field.value)) return undefined;
  const node = field.value!;
  if (!isMap(node)) {
    report(
      yaml,
      valueOrKey(field),
      `'implies' must be a mapping of group to option(s), found ${describe(node)}`,
      IMPLIES_HINT,
    );
    return undefined;
  }
  const implies: Record<string, string[]> = {};
  for (const pair of node.items) {
    const group = keyName(pair.key);
    if (group === "" || !isScalar(pair.key) || typeof pair.key.value !== "string") {
      report(yaml, pair.key, "a key of 'implies' must be a group name", IMPLIES_HINT);
      continue;
    }
    const value = deref(yaml, pair.value);
    if (isNull(value)) {
      report(yaml, pair.key, `'implies' names group '${group}' but no option`, IMPLIES_HINT);
      continue;
    }
    const names = readNames(yaml, value, `'implies' of group '${group}'`, IMPLIES_HINT);
    define(at.impliedGroups, group, positionOf(yaml, pair.key));
    for (const { name, position } of names) define(at.implied, `${group}/${name}`, position);
    define(implies, group, names.map((entry) => entry.name));
  }
  return implies;
}

/** Sets an own key, also one named `__proto__` (an assignment would set the prototype). */
function define<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function readConflicts(
  yaml: YamlFile,
  fields: Fields,
  self: string | undefined,
  at: RelationPositions,
): string[] | undefined {
  const field = fields.byName.get("conflicts");
  if (!field || isNull(field.value)) return undefined;
  const names = readNames(yaml, field.value, "'conflicts'", CONFLICTS_HINT);
  const conflicts: string[] = [];
  for (const { name, position } of names) {
    if (name === self) {
      const problem = `option '${self}' cannot conflict with itself`;
      yaml.problems.push({ ...position, message: problem, severity: "error", hint: "remove it" });
      continue;
    }
    define(at.conflicts, name, position);
    conflicts.push(name);
  }
  return conflicts;
}

/** Reads `implies` and `conflicts` of one option (`self` is its name, when readable). */
export function readRelations(yaml: YamlFile, fields: Fields, self: string | undefined): Relations {
  if (!fields.byName.has("implies") && !fields.byName.has("conflicts")) return {};
  const at: RelationPositions = { impliedGroups: {}, implied: {}, conflicts: {} };
  const implies = readImplies(yaml, fields, at);
  const conflicts = readConflicts(yaml, fields, self, at);
  const relations: Relations = {};
  if (implies) relations.implies = implies;
  if (conflicts) relations.conflicts = conflicts;
  if (implies || conflicts) relations.relationsAt = at;
  return relations;
}
