/**
 * Pure validation of one package manifest, `packages/<name>.yaml`, read as YAML: every problem located.
 * (manifest/package_text.ts is the text-in entry point; load.ts reads with `readYaml` and calls this.)
 */
import type { Problem } from "../../errors.ts";
import { basename, fileStem } from "../../paths.ts";
import { isDistributionName, isVersion } from "./python_specs.ts";
import { readExtras } from "./extras.ts";
import { satisfies } from "./version_compare.ts";
import { readSource } from "./source.ts";
import { REWRITE_COMMAND, unwrapPythonObjects } from "./python_objects.ts";
import type { Package, Source } from "../types.ts";
import {
  compareProblems,
  isMap,
  positionOf,
  report,
  type YamlFile,
  type YamlNode,
  type YamlReadResult,
} from "../yaml/doc.ts";
import {
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

const PACKAGE_KEYS = ["name", "version", "description", "extras", "marker", "sources"];
/**
 * Fields of the original hpm's manifests that hpm reads past (with a warning): its model's
 * `type`, `dependencies`, `entrypoints`, and its specification's `install_args`.
 */
const LEGACY_KEYS = ["type", "dependencies", "entrypoints", "install_args"];
const MODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A parsed manifest: the package when its name, version and sources could be read. */
export interface PackageParseResult {
  /** Present when the essentials were readable; any `error` in `problems` still makes it unusable. */
  pkg?: Package;
  problems: Problem[];
}

/**
 * Validates a package manifest already read as YAML (by `readYaml` or `readYamlSync`); `file` is its
 * path (absolute in the registry).
 */
export function readPackage(read: YamlReadResult, file: string): PackageParseResult {
  if (!read.yaml) return { problems: read.problems };
  const yaml = read.yaml;
  if (isNull(read.root)) {
    report(yaml, null, "the manifest is empty", "a manifest needs 'name', 'version' and 'sources'");
    return { problems: yaml.problems.sort(compareProblems) };
  }
  const { root, first } = yaml.pythonTags
    ? unwrapPythonObjects(yaml, read.root)
    : { root: read.root, first: undefined };
  if (first) {
    report(
      yaml,
      first,
      "written by the original hpm's 'registry add' as Python objects (!!python/object); " +
        "read for the data it holds",
      `rewrite it as plain YAML: '${REWRITE_COMMAND}'`,
      "warning",
      "python-object",
    );
  }
  const fields = readMapping(yaml, root, "a package manifest", PACKAGE_KEYS, null, LEGACY_KEYS);
  if (!fields) return { problems: yaml.problems.sort(compareProblems) };
  warnLegacy(yaml, root);

  const name = stringField(yaml, fields, "name", "the manifest", {
    required: true,
    nonEmpty: true,
  });
  const stem = fileStem(file);
  if (name && !isDistributionName(name.value)) {
    report(
      yaml,
      name.node,
      `'${name.value}' is not a valid Python distribution name`,
      "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (PEP 508)",
    );
  } else if (name && name.value !== stem) {
    report(
      yaml,
      name.node,
      `package name '${name.value}' differs from its file name '${basename(file)}'`,
      `rename the file to '${name.value}.yaml', or write 'name: "${stem}"'`,
    );
  }
  // Optional: an index source's version is its constraint (and the lock's), a git source's its
  // tag, a local source's its own pyproject.toml's. The original hpm always writes one.
  const version = stringField(yaml, fields, "version", "the manifest", {
    nonEmpty: true,
    hint: `write 'version: "0.1.0"', or leave 'version' out`,
  });
  const description = stringField(yaml, fields, "description", "the manifest");
  const options = readExtras(yaml, fields, "the manifest", "package");
  const sources = readSources(yaml, fields);

  // A version given but unreadable (a number, a list) keeps the package out, as before.
  const versionField = fields.byName.get("version");
  const badVersion = versionField !== undefined && !isNull(versionField.value) && !version;
  if (!name || !sources || badVersion) return { problems: yaml.problems.sort(compareProblems) };
  if (version) warnContradictions(yaml, version, sources);
  const pkg: Package = {
    name: name.value,
    ...(version ? { version: version.value } : {}),
    ...options,
    sources,
    file,
    position: positionOf(yaml, name.node),
  };
  if (description) pkg.description = description.value;
  return { pkg, problems: yaml.problems.sort(compareProblems) };
}

/**
 * A manifest `version` that its own index constraint excludes (`version: "1.0.0"` beside
 * `version: ">=2.2"`) says nothing true: a warning at the version.
 */
function warnContradictions(
  yaml: YamlFile,
  version: { value: string; node: YamlNode },
  sources: Record<string, Source>,
): void {
  if (!isVersion(version.value)) return;
  for (const [mode, source] of Object.entries(sources)) {
    if (source.type !== "index" || !source.version) continue;
    if (satisfies(version.value, source.version) !== false) continue;
    report(
      yaml,
      version.node,
      `version '${version.value}' is outside the constraint '${source.version}' of source '${mode}'`,
      "an index package's version comes from its constraint and the lock: " +
        "fix 'version' or leave it out",
      "warning",
    );
  }
}

function warnLegacy(yaml: YamlFile, root: unknown): void {
  if (!isMap(root)) return;
  for (const pair of root.items) {
    const key = keyName(pair.key);
    if (!LEGACY_KEYS.includes(key)) continue;
    report(
      yaml,
      pair.key as never,
      `'${key}' is a field of the original hpm that hpm does not use; ignored`,
      key === "install_args"
        ? "remove it; extras go in 'extras: [...]' (of the package or of a source)"
        : `remove '${key}'`,
      "warning",
      "original-key",
    );
  }
}

function readSources(yaml: YamlFile, fields: Fields): Record<string, Source> | undefined {
  const hint = "add 'sources:' with a mode such as 'prod:' holding 'type: local' and 'path: ...'";
  const field = fields.byName.get("sources");
  if (!field) {
    reportMissing(yaml, fields, "sources", "the manifest", hint);
    return undefined;
  }
  const value = deref(yaml, field.value);
  if (!isMap(value)) {
    report(
      yaml,
      valueOrKey({ key: field.key, value }),
      `'sources' must be a mapping of mode names to sources, found ${describe(value)}`,
      hint,
    );
    return undefined;
  }
  if (value.items.length === 0) {
    report(yaml, value, "'sources' is empty; a package needs at least one source", hint);
    return undefined;
  }
  const sources: Record<string, Source> = {};
  let valid = 0;
  for (const pair of value.items) {
    const key = pair.key as never;
    const mode = keyName(pair.key);
    if (!MODE_NAME.test(mode)) {
      report(
        yaml,
        key,
        `'${mode}' is not a valid mode name`,
        "use letters, digits, '-', '_' and '.', e.g. 'prod' or 'dev'",
      );
      continue;
    }
    const source = readSource(yaml, key, deref(yaml, pair.value as never), mode);
    if (source) {
      sources[mode] = source;
      valid++;
    }
  }
  return valid > 0 ? sources : undefined;
}
