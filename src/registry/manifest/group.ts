/**
 * Pure validation of one group file, `groups/<name>.yaml`, read as YAML: every problem located.
 * (manifest/group_text.ts is the text-in entry point; load.ts reads with `readYaml` and calls this.)
 */
import type { Problem } from "../../errors.ts";
import { basename, fileStem } from "../../paths.ts";
import { didYouMean } from "../../suggest.ts";
import { isDistributionName } from "./python_specs.ts";
import { readRelations } from "./relations.ts";
import type { Group, GroupOption, Strategy } from "../types.ts";
import {
  compareProblems,
  isScalar,
  isSeq,
  positionOf,
  report,
  type YamlFile,
  type YamlMap,
  type YamlNode,
  type YamlReadResult,
} from "../yaml/doc.ts";
import {
  countField,
  deref,
  describe,
  type Fields,
  isNull,
  keyName,
  readMapping,
  reportMissing,
  stringField,
  valueOrKey,
} from "../yaml/fields.ts";
import { plural } from "../../plural.ts";

/** The strategies a group may use, exactly as written. */
export const STRATEGIES: readonly Strategy[] = ["1-of-N", "M-of-N"];

const GROUP_KEYS = ["name", "strategy", "options", "description", "default", "min", "max", "type"];
const OPTION_KEYS = ["name", "description", "implies", "conflicts"];
/** The group types of the later original (HSM: `package_group`; its last version `library_group`). */
const HSM_TYPES = ["package_group", "library_group"];
/** Keys of the original hpm's group files that hpm reads past (with a warning). */
const LEGACY_KEYS = ["comment"];

function warnLegacy(yaml: YamlFile, root: YamlMap): void {
  for (const pair of root.items) {
    const key = keyName(pair.key);
    if (!LEGACY_KEYS.includes(key)) continue;
    report(
      yaml,
      pair.key,
      `'${key}' is a field of the original hpm (copied into its hsm.yaml) that hpm does not use; ignored`,
      `make it a YAML comment ('# ...') or 'description:'`,
      "warning",
      "original-key",
    );
  }
}

/** A parsed group file: the group when its name, strategy and options could be read. */
export interface GroupParseResult {
  /** Present when the essentials were readable; any `error` in `problems` still makes it unusable. */
  group?: Group;
  problems: Problem[];
}

/**
 * Validates a group file already read as YAML (by `readYaml` or `readYamlSync`); `file` is its
 * path (absolute in the registry).
 */
export function readGroup(read: YamlReadResult, file: string): GroupParseResult {
  if (!read.yaml) return { problems: read.problems };
  const yaml = read.yaml;
  if (isNull(read.root)) {
    report(yaml, null, "the group file is empty", "a group needs 'name', 'strategy' and 'options'");
    return { problems: yaml.problems.sort(compareProblems) };
  }
  const fields = readMapping(yaml, read.root, "a group", GROUP_KEYS, null, LEGACY_KEYS);
  if (!fields) return { problems: yaml.problems.sort(compareProblems) };
  warnLegacy(yaml, fields.node);

  const name = stringField(yaml, fields, "name", "the group", { required: true, nonEmpty: true });
  const stem = fileStem(file);
  if (name && name.value !== stem) {
    report(
      yaml,
      name.node,
      `group name '${name.value}' differs from its file name '${basename(file)}'`,
      `rename the file to '${name.value}.yaml', or write 'name: "${stem}"'`,
    );
  } else if (name && !isDistributionName(name.value)) {
    // The rule `registry add-group` applies: a name a shell and a command line take as is.
    report(
      yaml,
      name.node,
      `group name '${name.value}' is not valid: use letters, digits, '-', '_' and '.', ` +
        "starting and ending with a letter or digit",
      "rename the group (and its file)",
    );
  }
  checkLegacyType(yaml, fields);
  const strategy = readStrategy(yaml, fields);
  const options = readOptions(yaml, fields, name?.value ?? stem);
  const description = stringField(yaml, fields, "description", "the group");
  const defaults = readDefault(yaml, fields, strategy, options, name?.value ?? stem);
  const bounds = readBounds(yaml, fields, strategy, options, defaults);

  if (!name || !strategy || !options) return { problems: yaml.problems.sort(compareProblems) };
  const group: Group = {
    name: name.value,
    strategy,
    options,
    file,
    position: positionOf(yaml, name.node),
  };
  if (description) group.description = description.value;
  if (defaults) group.default = defaults.names;
  // For `registry validate`'s notes on the original hpm, which cannot load a string default.
  if (defaults && isScalar(defaults.node)) group.defaultString = positionOf(yaml, defaults.node);
  if (bounds.min !== undefined) group.min = bounds.min;
  if (bounds.max !== undefined) group.max = bounds.max;
  return { group, problems: yaml.problems.sort(compareProblems) };
}

function checkLegacyType(yaml: YamlFile, fields: Fields): void {
  const field = fields.byName.get("type");
  if (!field) return;
  if (isScalar(field.value) && field.value.value === "group") return;
  // The later original (HSM) marks its groups `package_group` (`library_group` in its last
  // version): read past, with a warning.
  if (isScalar(field.value) && HSM_TYPES.includes(field.value.value as string)) {
    report(
      yaml,
      field.key,
      `'type: ${field.value.value}' is the original hpm's (HSM) marker, which hpm does not use; ignored`,
      "remove 'type'",
      "warning",
      "original-key",
    );
    return;
  }
  report(
    yaml,
    valueOrKey(field),
    `'type' of a group can only be "group", found ${describe(field.value)}`,
    "remove 'type'; the original hpm's marker is optional",
  );
}

function readStrategy(yaml: YamlFile, fields: Fields): Strategy | undefined {
  const hint = `add 'strategy: "1-of-N"' (exactly one option) or 'strategy: "M-of-N"' (several)`;
  const strategy = stringField(yaml, fields, "strategy", "the group", { required: true, hint });
  if (!strategy) return undefined;
  if ((STRATEGIES as readonly string[]).includes(strategy.value)) {
    return strategy.value as Strategy;
  }
  const suggestion = didYouMean(strategy.value, STRATEGIES);
  report(
    yaml,
    strategy.node,
    `unknown strategy '${strategy.value}'; allowed: '1-of-N', 'M-of-N'`,
    suggestion ? `did you mean '${suggestion}'?` : hint,
  );
  return undefined;
}

function readOptions(yaml: YamlFile, fields: Fields, group: string): GroupOption[] | undefined {
  const hint = "list the packages to choose from, e.g. 'options:' then '  - name: my-package'";
  const field = fields.byName.get("options");
  if (!field) {
    reportMissing(yaml, fields, "options", "the group", hint);
    return undefined;
  }
  if (!isSeq(field.value)) {
    report(
      yaml,
      valueOrKey(field),
      `'options' must be a list, found ${describe(field.value)}`,
      hint,
    );
    return undefined;
  }
  if (field.value.items.length === 0) {
    report(yaml, field.value, `group '${group}' has no options`, hint);
  }
  const options: GroupOption[] = [];
  const seen = new Map<string, YamlNode>();
  for (const raw of field.value.items) {
    const item = deref(yaml, raw as YamlNode);
    if (isScalar(item) && typeof item.value === "string") {
      report(
        yaml,
        item,
        `an option must be a mapping with 'name', found ${describe(item)}`,
        `write it as '- name: ${item.value}'`,
      );
      continue;
    }
    const option = readMapping(yaml, item, "an option", OPTION_KEYS, raw as YamlNode);
    if (!option) continue;
    const name = stringField(yaml, option, "name", "the option", {
      required: true,
      nonEmpty: true,
    });
    const description = stringField(yaml, option, "description", "the option");
    const relations = readRelations(yaml, option, name?.value);
    if (!name) continue;
    const first = seen.get(name.value);
    if (first) {
      report(
        yaml,
        name.node,
        `option '${name.value}' is listed twice in group '${group}'`,
        `it is already listed at line ${positionOf(yaml, first).line}; remove one`,
      );
      continue;
    }
    seen.set(name.value, name.node);
    const entry: GroupOption = { name: name.value, position: positionOf(yaml, name.node) };
    if (description) entry.description = description.value;
    options.push(Object.assign(entry, relations));
  }
  return options;
}

interface Defaults {
  names: string[];
  node: YamlNode;
}

function readDefault(
  yaml: YamlFile,
  fields: Fields,
  strategy: Strategy | undefined,
  options: GroupOption[] | undefined,
  group: string,
): Defaults | undefined {
  const field = fields.byName.get("default");
  if (!field || isNull(field.value)) return undefined;
  const node = field.value!;

  const entries: YamlNode[] = isSeq(node)
    ? node.items.map((i) => deref(yaml, i as YamlNode)!)
    : [node];
  const names: string[] = [];
  let valid = true;
  for (const entry of entries) {
    if (!isScalar(entry) || typeof entry.value !== "string") {
      const what = isSeq(node) ? "an entry of 'default'" : "'default'";
      report(
        yaml,
        entry ?? node,
        `${what} must be an option name (a string), found ${describe(entry)}`,
      );
      valid = false;
      continue;
    }
    const value = entry.value;
    if (names.includes(value)) {
      report(yaml, entry, `default '${value}' is listed twice`);
      valid = false;
      continue;
    }
    if (options && !options.some((option) => option.name === value)) {
      const suggestion = didYouMean(value, options.map((option) => option.name));
      report(
        yaml,
        entry,
        `default '${value}' is not an option of group '${group}'`,
        suggestion
          ? `did you mean '${suggestion}'?`
          : `options: ${options.map((option) => `'${option.name}'`).join(", ")}`,
      );
      valid = false;
    }
    names.push(value);
  }
  if (strategy === "1-of-N" && names.length !== 1 && valid) {
    report(
      yaml,
      node,
      `a 1-of-N group takes exactly one default, found ${names.length}`,
      names.length > 1
        ? `keep one, e.g. 'default: "${names[0]}"'`
        : "remove 'default', or name one option",
    );
    valid = false;
  }
  return valid ? { names, node } : undefined;
}

function readBounds(
  yaml: YamlFile,
  fields: Fields,
  strategy: Strategy | undefined,
  options: GroupOption[] | undefined,
  defaults: Defaults | undefined,
): { min?: number; max?: number } {
  const min = countField(yaml, fields, "min");
  const max = countField(yaml, fields, "max");
  if (strategy === "1-of-N") {
    for (const [key, bound] of [["min", min], ["max", max]] as const) {
      if (!bound) continue;
      report(
        yaml,
        fields.byName.get(key)!.key,
        `'${key}' applies only to M-of-N groups; a 1-of-N group takes exactly one option`,
        `remove '${key}', or use 'strategy: "M-of-N"'`,
      );
    }
    return {};
  }
  let ok = true;
  if (max && max.value < 1) {
    report(yaml, max.node, "'max' must be at least 1, found 0", "remove 'max' to allow any number");
    ok = false;
  }
  if (min && max && min.value > max.value) {
    report(
      yaml,
      min.node,
      `'min' (${min.value}) is greater than 'max' (${max.value}); no selection can satisfy both`,
    );
    ok = false;
  }
  if (min && options && options.length > 0 && min.value > options.length) {
    report(
      yaml,
      min.node,
      `'min' is ${min.value} but the group has only ${options.length} option${
        options.length === 1 ? "" : "s"
      }`,
    );
    ok = false;
  }
  if (ok && defaults) {
    const count = defaults.names.length;
    if (min && count < min.value) {
      report(
        yaml,
        defaults.node,
        `'default' selects ${plural(count, "option")} but 'min' is ${min.value}`,
      );
    } else if (max && count > max.value) {
      report(
        yaml,
        defaults.node,
        `'default' selects ${count} options but 'max' is ${max.value}`,
      );
    }
  }
  return ok ? { min: min?.value, max: max?.value } : {};
}
