/**
 * The full YAML parser: any file outside the subset yaml/fast.ts reads goes through the `yaml`
 * package, which knows all of YAML and reports syntax errors with their positions. Imported
 * only when needed (`readYaml` in yaml/read.ts loads it lazily): loading `yaml` costs ≈ 40 ms.
 */
import {
  Composer,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  visit,
  type YAMLError,
} from "yaml";
import type { Problem } from "../../errors.ts";
import { readYamlFast } from "./fast.ts";
import {
  estimateNesting,
  fileProblem,
  MAX_YAML_DEPTH,
  type YamlFile,
  type YamlNode,
  type YamlReadResult,
} from "./doc.ts";

/** `readYaml`, synchronously: the fast path, else the `yaml` package (loaded with this module). */
export function readYamlSync(text: string, file: string, display: string): YamlReadResult {
  return readYamlFast(text, file, display) ?? readWithYamlPackage(text, file, display);
}

/**
 * Parses one document with the `yaml` package, after refusing overly nested input (the size
 * limit is checked by `readYamlFast`, which the caller has run).
 */
export function readWithYamlPackage(text: string, file: string, display: string): YamlReadResult {
  if (estimateNesting(text) > MAX_YAML_DEPTH) {
    return {
      problems: [fileProblem(
        display,
        `YAML nests deeper than ${MAX_YAML_DEPTH} levels; not read`,
        "registry files need only a few levels of nesting",
      )],
    };
  }
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ uniqueKeys: true });
  let doc: Document.Parsed | undefined;
  let extraDocumentAt = -1;
  for (const next of composer.compose(parser.parse(text), true, text.length)) {
    if (!doc) doc = next as Document.Parsed;
    else {
      extraDocumentAt = next.range[0];
      break;
    }
  }
  const problems: Problem[] = [];
  const seenLines = new Set<number>();
  const syntax = (offset: number, message: string, severity: Problem["severity"]) => {
    const { line, col } = lines.linePos(offset);
    // One mistake often yields several errors on the same line; the first says it best.
    if (seenLines.has(line)) return;
    seenLines.add(line);
    problems.push({ file: display, line, column: col, message, severity });
  };
  for (const error of doc!.errors) syntax(error.pos[0], yamlMessage(error, text), "error");
  // The composer leaves an alias without its anchor for later; catch it here, once.
  if (text.includes("*")) {
    visit(doc!, {
      Alias(_, node) {
        if (!node.resolve(doc!)) {
          syntax(
            node.range![0],
            `YAML: alias '*${node.source}' names no anchor ('&${node.source}') before it`,
            "error",
          );
        }
      },
    });
  }
  if (extraDocumentAt >= 0) {
    syntax(
      extraDocumentAt,
      "YAML syntax: a registry file holds one document, found a second '---'",
      "error",
    );
  }
  if (problems.length > 0) return { problems };
  const yaml: YamlFile = { file, display, linePos: lines.linePos, problems };
  if (text.includes("!!python/")) yaml.pythonTags = true;
  for (const warning of doc!.warnings) {
    // The original hpm's Python objects (and the `!!set` inside them) are read for their data
    // by manifest/python_objects.ts, which says so once per file.
    if (
      warning.code === "TAG_RESOLVE_FAILED" && PYTHON_WARNING.test(warning.message) &&
      text.includes("!!python/")
    ) continue;
    const { line, col } = lines.linePos(warning.pos[0]);
    problems.push({
      file: display,
      line,
      column: col,
      message: yamlMessage(warning, text),
      severity: "warning",
    });
  }
  return { yaml, root: toYamlNode(doc!, doc!.contents, new Map()), problems };
}

/** The prefix of the tags PyYAML writes for Python objects (`!!python/object:module.Class`). */
const PYTHON_TAG = "tag:yaml.org,2002:python/";
const PYTHON_WARNING = /tag:yaml\.org,2002:(?:python\/|set\b)/;

function yamlMessage(error: YAMLError, text: string): string {
  if (error.code === "DUPLICATE_KEY") {
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
    return `YAML: key '${key}' appears twice in the same mapping`;
  }
  if (error.code === "TAG_RESOLVE_FAILED" && error.message.includes("python/")) {
    return `YAML: ${error.message} (a Python object written by the original hpm's ` +
      "'registry add'; 'hpm registry validate --fix' rewrites such files as plain YAML)";
  }
  return `YAML syntax: ${error.message}`;
}

/**
 * The `yaml` package's node as hpm's node. `done` maps each converted node to its result, so
 * an anchored node and the aliases to it share one result (and a cycle ends).
 */
function toYamlNode(
  doc: Document.Parsed,
  node: unknown,
  done: Map<unknown, YamlNode>,
): YamlNode | null {
  if (node === null || node === undefined) return null;
  const known = done.get(node);
  if (known) return known;
  const offset = (node as Node).range?.[0] ?? 0;
  if (isScalar(node)) {
    const value = node.value;
    const result: YamlNode = {
      kind: "scalar",
      offset,
      value: value === undefined ? null : value as string | number | boolean | bigint | null,
      source: node.source ?? String(value),
    };
    done.set(node, result);
    return result;
  }
  if (isMap(node)) {
    const result: YamlNode = { kind: "map", offset, items: [] };
    if (node.tag?.startsWith(PYTHON_TAG)) result.pythonTag = node.tag.slice(PYTHON_TAG.length);
    done.set(node, result);
    for (const pair of node.items) {
      result.items.push({
        key: toYamlNode(doc, pair.key, done),
        value: toYamlNode(doc, pair.value, done),
      });
    }
    return result;
  }
  if (isSeq(node)) {
    const result: YamlNode = { kind: "seq", offset, items: [] };
    done.set(node, result);
    for (const item of node.items) result.items.push(toYamlNode(doc, item, done));
    return result;
  }
  if (isAlias(node)) {
    const result: YamlNode = { kind: "alias", offset, source: node.source, target: null };
    done.set(node, result);
    result.target = toYamlNode(doc, node.resolve(doc), done);
    return result;
  }
  return null;
}
