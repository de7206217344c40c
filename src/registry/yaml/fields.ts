/**
 * Typed access to the fields of a YAML mapping, reporting each mistake at the offending key or
 * value: unknown keys (with "did you mean"), missing keys, and values of the wrong type.
 */
import { codePointName, firstInvisible } from "../../neutralize.ts";
import { didYouMean } from "../../suggest.ts";
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  report,
  type YamlFile,
  type YamlMap,
  type YamlNode as Node,
} from "./doc.ts";

/** A node of a parsed document, or null for an absent value. */
export type YamlNode = Node | null | undefined;

/** One key of a mapping: the key's node (for positions) and its value. */
export interface Field {
  key: Node | null;
  value: Node | null;
}

/** The known keys of a mapping, by name; `node` is the mapping itself. */
export interface Fields {
  node: YamlMap;
  byName: Map<string, Field>;
}

/**
 * Follows an alias (`*name`) to its anchored node; other nodes are returned as they are.
 * (`readYaml` has already refused files with an alias that names no anchor.)
 */
export function deref(_yaml: YamlFile, node: YamlNode): Node | null {
  if (!node) return null;
  if (!isAlias(node)) return node;
  return node.target;
}

/** True for an absent value: nothing after the colon, `~` or `null`. */
export function isNull(node: YamlNode): boolean {
  return !node || (isScalar(node) && node.value === null);
}

/** Where to point at a field's problem: its value, or its key when the value is empty. */
export function valueOrKey(field: { key: Node | null; value: YamlNode }): Node | null {
  return isNull(field.value) ? field.key : field.value!;
}

/** A short description of a value for "found ..." messages. */
export function describe(node: YamlNode): string {
  if (isNull(node)) return "an empty value";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return `the alias '*${node.source}'`;
  const { value, source } = node!;
  if (typeof value === "string") {
    const shown = value.length > 40 ? value.slice(0, 37) + "..." : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number" || typeof value === "bigint") {
    return `the number ${source}`;
  }
  if (typeof value === "boolean") return `the boolean ${source}`;
  return `the value ${source}`;
}

/** The text of a key as written (keys are strings in registry files, but `1:` is allowed). */
export function keyName(key: unknown): string {
  if (isScalar(key)) return String(key.value ?? "");
  return "";
}

/**
 * Reads a mapping: reports a value that is not one (as `what`), and every key not in `allowed`.
 * Keys in `ignored` are accepted without being returned. `anchor` locates a problem when the
 * value is absent (the key that should have held it).
 */
export function readMapping(
  yaml: YamlFile,
  value: YamlNode,
  what: string,
  allowed: readonly string[],
  anchor?: YamlNode,
  ignored: readonly string[] = [],
): Fields | undefined {
  const node = deref(yaml, value);
  if (!isMap(node)) {
    report(
      yaml,
      isNull(node) ? anchor ?? node : node,
      `${what} must be a mapping, found ${describe(node)}`,
    );
    return undefined;
  }
  const byName = new Map<string, Field>();
  for (const pair of node.items) {
    const key = pair.key;
    const name = keyName(key);
    if (ignored.includes(name)) continue;
    if (!allowed.includes(name)) {
      const suggestion = didYouMean(name, allowed);
      // A warning (hpm reads past it, as the original hpm did); `registry validate --strict`
      // makes it an error. A misspelt required key is still an error, as missing.
      report(
        yaml,
        key,
        `unknown key '${name}' in ${what}; ignored`,
        suggestion
          ? `did you mean '${suggestion}'?`
          : `allowed keys: ${allowed.map((k) => `'${k}'`).join(", ")}`,
        "warning",
        "unknown-key",
      );
      continue;
    }
    byName.set(name, { key, value: deref(yaml, pair.value) });
  }
  return { node, byName };
}

/** Reports a missing required key at the mapping (or at `anchor`). */
export function reportMissing(
  yaml: YamlFile,
  fields: Fields,
  key: string,
  what: string,
  hint?: string,
  anchor?: YamlNode,
): void {
  report(yaml, anchor ?? fields.node, `${what} has no '${key}'`, hint);
}

function quoteHint(key: string, node: YamlNode): string | undefined {
  if (!isScalar(node)) return undefined;
  const source = node.source;
  return `quote it: '${key}: "${source}"'`;
}

/** Control characters other than tab and line feed (C0 with CR, DEL, C1). */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * A string field. Absent or empty (`key:`) optional fields give undefined; a required one is
 * reported missing. A number or boolean is reported with a hint to quote it.
 */
export function stringField(
  yaml: YamlFile,
  fields: Fields,
  key: string,
  what: string,
  options: { required?: boolean; hint?: string; nonEmpty?: boolean; anchor?: YamlNode } = {},
): { value: string; node: Node } | undefined {
  const field = fields.byName.get(key);
  if (!field || isNull(field.value)) {
    if (options.required && field) {
      report(yaml, field.key, `'${key}' has no value; expected a string`, options.hint);
    } else if (options.required) {
      reportMissing(yaml, fields, key, what, options.hint, options.anchor);
    }
    return undefined;
  }
  const node = field.value!;
  if (!isScalar(node) || typeof node.value !== "string") {
    report(
      yaml,
      node,
      `'${key}' must be a string, found ${describe(node)}`,
      isSeq(node) || isMap(node) ? options.hint : quoteHint(key, node),
    );
    return undefined;
  }
  if (options.nonEmpty && node.value.trim() === "") {
    report(yaml, node, `'${key}' must not be empty`, options.hint);
    return undefined;
  }
  // Registry text is printed to terminals, where ESC and the like would act (retitle, clear).
  const control = CONTROL.exec(node.value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    report(
      yaml,
      node,
      `'${key}' holds a control character (U+${code}), which a terminal would act on`,
      "remove it: registry text is plain text",
    );
    return undefined;
  }
  // Bidi overrides and zero-width characters make text read other than it is: a warning, and
  // shown as `<U+202E>` wherever it is printed.
  const invisible = firstInvisible(node.value);
  if (invisible) {
    report(
      yaml,
      node,
      `'${key}' holds an invisible or text-reordering character (${
        codePointName(invisible).slice(1, -1)
      }), shown as ${codePointName(invisible)}`,
      "remove it: registry text is plain text",
      "warning",
    );
  }
  return { value: node.value, node };
}

/** An optional boolean field (`true` / `false`). */
export function booleanField(
  yaml: YamlFile,
  fields: Fields,
  key: string,
): { value: boolean; node: Node } | undefined {
  const field = fields.byName.get(key);
  if (!field || isNull(field.value)) return undefined;
  const node = field.value!;
  if (!isScalar(node) || typeof node.value !== "boolean") {
    const hint = isScalar(node) && typeof node.value === "string" &&
        /^(true|false|yes|no|on|off)$/i.test(node.value)
      ? `write '${key}: ${/^(true|yes|on)$/i.test(node.value) ? "true" : "false"}' unquoted`
      : undefined;
    report(
      yaml,
      node,
      `'${key}' must be a boolean (true or false), found ${describe(node)}`,
      hint,
    );
    return undefined;
  }
  return { value: node.value, node };
}

/** An optional non-negative integer field. */
export function countField(
  yaml: YamlFile,
  fields: Fields,
  key: string,
): { value: number; node: Node } | undefined {
  const field = fields.byName.get(key);
  if (!field || isNull(field.value)) return undefined;
  const node = field.value!;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    const hint = typeof value === "string" && /^\d+$/.test(value)
      ? `write '${key}: ${value}' unquoted`
      : undefined;
    report(
      yaml,
      node,
      `'${key}' must be a non-negative integer, found ${describe(node)}`,
      hint,
    );
    return undefined;
  }
  return { value, node };
}
