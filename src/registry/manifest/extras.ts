/**
 * The `extras` and `marker` fields of a manifest, at the package level or in a source: extra
 * names per PEP 508/685, the marker's syntax and variables (manifest/marker.ts), each problem located.
 * Pure.
 */
import { normalizeName } from "../../names.ts";
import { parseMarker } from "./marker.ts";
import { isDistributionName } from "./python_specs.ts";
import { normalizeExtras } from "../requirement.ts";
import type { RequirementOptions } from "../types.ts";
import { isScalar, isSeq, report, type YamlFile } from "../yaml/doc.ts";
import { deref, describe, type Fields, isNull, stringField } from "../yaml/fields.ts";

/** The keys this module reads. */
export const EXTRAS_KEYS = ["extras", "marker"] as const;

const EXTRAS_HINT = "write it as 'extras: [name, ...]', e.g. 'extras: [http2]'";

/**
 * Reads `extras` and `marker` from `fields` (`what` names the mapping in messages). A key
 * present in a source, even empty (`extras: []`, `marker: ""`), replaces the package's, so it
 * is returned as such; at the package level an empty value means none and is left out.
 */
export function readExtras(
  yaml: YamlFile,
  fields: Fields,
  what: string,
  level: "package" | "source",
): RequirementOptions {
  const options: RequirementOptions = {};
  const extras = readExtraNames(yaml, fields, what);
  if (extras !== undefined && (extras.length > 0 || level === "source")) options.extras = extras;
  const field = fields.byName.get("marker");
  if (field && isNull(field.value)) {
    if (level === "source") options.marker = "";
    return options;
  }
  const marker = stringField(yaml, fields, "marker", what, {
    hint: `quote it: marker: "sys_platform == 'win32'"`,
  });
  if (!marker) return options;
  if (marker.value.trim() === "") {
    if (level === "source") options.marker = "";
    return options;
  }
  const parsed = parseMarker(marker.value);
  if (parsed.ok) {
    options.marker = parsed.marker;
  } else {
    report(
      yaml,
      marker.node,
      `invalid marker ${JSON.stringify(marker.value)}: ${parsed.message}` +
        (parsed.offset < marker.value.length ? ` (at character ${parsed.offset + 1})` : ""),
      parsed.hint,
    );
  }
  return options;
}

function readExtraNames(yaml: YamlFile, fields: Fields, what: string): string[] | undefined {
  const field = fields.byName.get("extras");
  if (!field) return undefined;
  const node = deref(yaml, field.value);
  if (isNull(node)) return [];
  if (!isSeq(node)) {
    report(
      yaml,
      node,
      `'extras' in ${what} must be a list of extra names, found ${describe(node)}`,
      EXTRAS_HINT,
    );
    return undefined;
  }
  const names: string[] = [];
  let valid = true;
  for (const raw of node.items) {
    const item = deref(yaml, raw);
    if (!isScalar(item) || typeof item.value !== "string") {
      report(yaml, item ?? node, `an extra must be a name, found ${describe(item)}`, EXTRAS_HINT);
      valid = false;
      continue;
    }
    const name = item.value.trim();
    if (!isDistributionName(name)) {
      report(
        yaml,
        item,
        `'${item.value}' is not a valid extra name`,
        "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (PEP 508)",
      );
      valid = false;
      continue;
    }
    const same = names.find((n) => normalizeName(n) === normalizeName(name));
    if (same !== undefined) {
      report(
        yaml,
        item,
        `extra '${name}' is listed twice in ${what}` +
          (same === name ? "" : ` ('${same}' is the same extra, PEP 685)`),
        "remove one",
        "warning",
      );
      continue;
    }
    names.push(name);
  }
  return valid ? normalizeExtras(names) : undefined;
}
