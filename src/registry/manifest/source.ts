/** Pure parsing of one source of a package manifest (`sources.<mode>`), by its `type`. */
import { didYouMean } from "../../suggest.ts";
import { type Source, SOURCE_TYPES } from "../types.ts";
import { versionSpecifierProblem } from "./python_specs.ts";
import { EXTRAS_KEYS, readExtras } from "./extras.ts";
import { isMap, positionOf, report, type YamlFile, type YamlScalar } from "../yaml/doc.ts";
import {
  booleanField,
  describe,
  type Fields,
  isNull,
  keyName,
  readMapping,
  stringField,
  type YamlNode,
} from "../yaml/fields.ts";

/** The keys each source type accepts. */
export const SOURCE_KEYS: Record<Source["type"], readonly string[]> = {
  local: ["type", "path", "editable", ...EXTRAS_KEYS],
  git: ["type", "url", "rev", "tag", "branch", "ref", "subdirectory", ...EXTRAS_KEYS],
  index: ["type", "version", "index", ...EXTRAS_KEYS],
  url: ["type", "url", "subdirectory", ...EXTRAS_KEYS],
};

const ALL_KEYS = [...new Set(Object.values(SOURCE_KEYS).flat())];
const GIT_REFS = ["rev", "tag", "branch", "ref"];
const URL_SCHEME = /^(?:https?|file):\/\/\S+$/i;

/**
 * Reads `sources.<mode>`. `modeKey` is the key node (where a missing field is reported).
 * Returns the source when it is valid; every mistake is added to `yaml.problems`.
 */
export function readSource(
  yaml: YamlFile,
  modeKey: YamlNode | null,
  value: YamlNode,
  mode: string,
): Source | undefined {
  const what = `source '${mode}'`;
  const type = sourceType(yaml, modeKey, value, what);
  if (type === null) return undefined;
  if (type === undefined) {
    // Still report typos in the other keys, against every key any source type accepts.
    readMapping(yaml, value, what, ALL_KEYS, modeKey);
    return undefined;
  }
  const foreign = foreignKeys(yaml, value, type, what);
  const fields = readMapping(yaml, value, what, SOURCE_KEYS[type], modeKey, foreign);
  if (!fields) return undefined;
  const before = yaml.problems.length;
  const source = readByType(yaml, fields, type, what, modeKey);
  const options = readExtras(yaml, fields, what, "source");
  const failed = yaml.problems.slice(before).some((p) => p.severity === "error");
  return failed || !source ? undefined : { ...source, ...options };
}

/** The source's `type`: undefined when missing or unknown, null when the value is no mapping. */
function sourceType(
  yaml: YamlFile,
  modeKey: YamlNode | null,
  value: YamlNode,
  what: string,
): Source["type"] | undefined | null {
  if (!isMap(value)) {
    report(
      yaml,
      isNull(value) ? modeKey : value,
      `${what} must be a mapping, found ${describe(value)}`,
    );
    return null;
  }
  const pair = value.items.find((item) => keyName(item.key) === "type");
  const hint = "add 'type:' with one of 'local', 'git', 'index', 'url'";
  if (!pair) {
    report(yaml, modeKey, `${what} has no 'type'`, hint);
    return undefined;
  }
  const node = pair.value as YamlNode | null;
  const text = (node as YamlScalar | null)?.value;
  if (typeof text !== "string") {
    report(
      yaml,
      isNull(node) ? pair.key as YamlNode : node,
      `'type' must be a string, found ${describe(node)}`,
      hint,
    );
    return undefined;
  }
  if ((SOURCE_TYPES as readonly string[]).includes(text)) return text as Source["type"];
  const suggestion = didYouMean(text, SOURCE_TYPES);
  report(
    yaml,
    node,
    `unknown source type '${text}'; allowed: ${SOURCE_TYPES.map((t) => `'${t}'`).join(", ")}`,
    text.toLowerCase() === "pypi"
      ? `a release from PyPI is 'type: index' with an optional 'version: ">=1.0"'`
      : suggestion
      ? `did you mean '${suggestion}'?`
      : undefined,
  );
  return undefined;
}

/** Reports keys that belong to another source type, and returns them so they are not re-reported. */
function foreignKeys(
  yaml: YamlFile,
  value: YamlNode,
  type: Source["type"],
  what: string,
): string[] {
  if (!isMap(value)) return [];
  const foreign: string[] = [];
  for (const pair of value.items) {
    const name = keyName(pair.key);
    if (SOURCE_KEYS[type].includes(name) || !ALL_KEYS.includes(name)) continue;
    const owners = SOURCE_TYPES.filter((t) => SOURCE_KEYS[t].includes(name));
    report(
      yaml,
      pair.key as YamlNode,
      `'${name}' does not apply to a ${type} source (${what})`,
      `it belongs to ${owners.join(" and ")} sources; a ${type} source takes ${
        SOURCE_KEYS[type].filter((k) => k !== "type").map((k) => `'${k}'`).join(", ")
      }`,
    );
    foreign.push(name);
  }
  return foreign;
}

function readByType(
  yaml: YamlFile,
  fields: Fields,
  type: Source["type"],
  what: string,
  anchor: YamlNode | null,
): Source | undefined {
  if (type === "local") {
    const path = stringField(yaml, fields, "path", `local ${what}`, {
      required: true,
      nonEmpty: true,
      anchor,
      hint: "add 'path:', relative to this manifest's directory",
    });
    const editable = booleanField(yaml, fields, "editable");
    if (!path) return undefined;
    return {
      type,
      path: path.value,
      editable: editable?.value ?? false,
      position: positionOf(yaml, path.node),
    };
  }
  if (type === "git") {
    const url = stringField(yaml, fields, "url", `git ${what}`, {
      required: true,
      nonEmpty: true,
      anchor,
      hint: "add 'url:' with the repository URL, e.g. 'https://github.com/org/repo'",
    });
    const refs = readGitRef(yaml, fields);
    const subdirectory = stringField(yaml, fields, "subdirectory", what, { nonEmpty: true });
    if (!url) return undefined;
    return {
      type,
      url: url.value,
      ...refs,
      ...(subdirectory ? { subdirectory: subdirectory.value } : {}),
      position: positionOf(yaml, url.node),
    };
  }
  if (type === "index") {
    const version = stringField(yaml, fields, "version", what);
    if (version) {
      const problem = versionSpecifierProblem(version.value);
      if (problem) report(yaml, version.node, `invalid version constraint: ${problem}`);
    }
    const index = urlField(yaml, fields, "index", what, false);
    return {
      type,
      version: version?.value ?? "",
      ...(index ? { index: index.value } : {}),
      position: positionOf(yaml, version?.node ?? index?.node ?? fields.node),
    };
  }
  const url = urlField(yaml, fields, "url", what, true, anchor);
  const subdirectory = stringField(yaml, fields, "subdirectory", what, { nonEmpty: true });
  if (!url) return undefined;
  return {
    type,
    url: url.value,
    ...(subdirectory ? { subdirectory: subdirectory.value } : {}),
    position: positionOf(yaml, url.node),
  };
}

function readGitRef(
  yaml: YamlFile,
  fields: Fields,
): { rev?: string; tag?: string; branch?: string } {
  // `ref` beside a `tag`, `branch` or `rev` of the same value is the copy hpm writes for the
  // original hpm (which reads only `ref`); alone, it means `rev`, as it does there.
  const named = [...fields.byName.keys()].filter((key) => GIT_REFS.includes(key) && key !== "ref");
  const ref = fields.byName.has("ref")
    ? stringField(yaml, fields, "ref", "the git source", { nonEmpty: true })
    : undefined;
  const present = named.length > 0 ? named : fields.byName.has("ref") ? ["ref"] : [];
  for (const extra of present.slice(1)) {
    report(
      yaml,
      fields.byName.get(extra)!.key,
      `a git source takes at most one of 'rev', 'tag', 'branch'; found '${
        present[0]
      }' and '${extra}'`,
      `keep only one`,
    );
  }
  if (present.length === 0) return {};
  const key = present[0];
  const value = key === "ref"
    ? ref
    : stringField(yaml, fields, key, "the git source", { nonEmpty: true });
  if (!value) return {};
  if (key !== "ref" && ref && ref.value !== value.value) {
    report(
      yaml,
      ref.node,
      `'ref' (${ref.value}) differs from '${key}' (${value.value}); the original hpm would ` +
        `install '${ref.value}', hpm '${value.value}'`,
      `write the same revision in both, e.g. 'ref: "${value.value}"', or remove 'ref'`,
    );
    return {};
  }
  return { [key === "ref" ? "rev" : key]: value.value };
}

function urlField(
  yaml: YamlFile,
  fields: Fields,
  key: string,
  what: string,
  required: boolean,
  anchor?: YamlNode | null,
): { value: string; node: YamlNode } | undefined {
  const hint = "an 'http://', 'https://' or 'file://' URL";
  const field = stringField(yaml, fields, key, what, { required, nonEmpty: true, anchor, hint });
  if (!field) return undefined;
  if (!URL_SCHEME.test(field.value)) {
    report(
      yaml,
      field.node,
      `'${key}' must be an http, https or file URL, found ${describe(field.node)}`,
    );
    return undefined;
  }
  return field;
}
