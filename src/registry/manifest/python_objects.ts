/**
 * The original hpm's `registry add` wrote its pydantic models with PyYAML's `yaml.dump`:
 * `sources: !!python/object:hyper_package_manager.models.ManifestSources` holding `__dict__`
 * (every field, unset ones as null), `__pydantic_fields_set__` (the fields given) and more
 * bookkeeping. This reads such a file for what it means: each tagged mapping becomes its
 * `__dict__`, keeping only the fields that were given (or, without that record, those not
 * null). Pure: it rewrites the parsed tree, the text is untouched.
 */
import { isMap, isScalar, type YamlFile, type YamlMap, type YamlNode } from "../yaml/doc.ts";
import { keyName } from "../yaml/fields.ts";

/** The command that rewrites such files as plain YAML (docs/formats.md, hints). */
export const REWRITE_COMMAND = "hpm registry validate --fix";

/** What `unwrapPythonObjects` found: the plain tree, and where the first object is (for the warning). */
export interface Unwrapped {
  root: YamlNode | null | undefined;
  /** The key holding the first `!!python/object` mapping (or that mapping); undefined: none. */
  first?: YamlNode;
}

/** Replaces every `!!python/object` mapping with `__dict__` by the fields it holds. */
export function unwrapPythonObjects(_yaml: YamlFile, root: YamlNode | null | undefined): Unwrapped {
  const found: Found = {};
  const result = unwrap(root, found, new Set());
  return { root: result, first: found.first };
}

interface Found {
  first?: YamlNode;
}

function unwrap(
  node: YamlNode | null | undefined,
  found: Found,
  seen: Set<YamlNode>,
  key?: YamlNode | null,
): YamlNode | null | undefined {
  if (!node || seen.has(node)) return node;
  if (node.kind === "seq") {
    seen.add(node);
    return { ...node, items: node.items.map((item) => unwrap(item, found, seen) ?? null) };
  }
  if (node.kind !== "map") return node;
  seen.add(node);
  if (node.pythonTag?.startsWith("object")) {
    found.first ??= key ?? node;
    const fields = pairValue(node, "__dict__");
    if (isMap(fields)) {
      const given = pairValue(node, "__pydantic_fields_set__");
      const names = isMap(given)
        ? new Set(given.items.map((pair) => keyName(pair.key)))
        : undefined;
      const items = fields.items
        .filter((pair) => !isNullNode(pair.value))
        .filter((pair) => !names || names.has(keyName(pair.key)))
        .map((pair) => ({
          key: pair.key,
          value: unwrap(pair.value, found, seen, pair.key) ?? null,
        }));
      return { kind: "map", offset: node.offset, items };
    }
  }
  return {
    ...node,
    items: node.items.map((pair) => ({
      key: pair.key,
      value: unwrap(pair.value, found, seen, pair.key) ?? null,
    })),
  };
}

function pairValue(map: YamlMap, key: string): YamlNode | null | undefined {
  return map.items.find((pair) => keyName(pair.key) === key)?.value;
}

function isNullNode(node: YamlNode | null | undefined): boolean {
  return !node || (isScalar(node) && node.value === null);
}
