/**
 * Reading one YAML file of a registry: size and nesting limits for hostile input, syntax errors
 * with their positions, and the located problems every later check adds to.
 */
import {
  Composer,
  type Document,
  LineCounter,
  type ParsedNode,
  Parser,
  visit,
  type YAMLError,
} from "yaml";
import type { Problem } from "../errors.ts";
import { basename } from "../paths.ts";
import type { Position } from "./types.ts";

/** Largest YAML file read (1 MiB): manifests are a few hundred bytes. */
export const MAX_YAML_BYTES = 1024 * 1024;

/** Deepest nesting accepted; registry files need 4 levels, so this only stops hostile input. */
export const MAX_YAML_DEPTH = 64;

/** One parsed file and the problems found in it so far. */
export interface YamlFile {
  /** Absolute path. */
  file: string;
  /** The path as shown to the user. */
  display: string;
  doc: Document.Parsed;
  lines: LineCounter;
  problems: Problem[];
}

/** The result of reading one file: the root node, unless the file could not be parsed. */
export interface YamlReadResult {
  yaml?: YamlFile;
  root?: ParsedNode | null;
  problems: Problem[];
}

/** A problem at the start of a file (for problems that concern the whole file). */
export function fileProblem(display: string, message: string, hint?: string): Problem {
  const problem: Problem = { file: display, line: 1, column: 1, message, severity: "error" };
  if (hint) problem.hint = hint;
  return problem;
}

/** The file name without its `.yaml` / `.yml` extension: the name the file must declare. */
export function fileStem(file: string): string {
  return basename(file).replace(/\.ya?ml$/, "");
}

/** UTF-8 length of a string, counted without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const BLOCK_SCALAR_HEADER = /(?:^|\s)[|>][0-9+-]*$/;

/**
 * An estimate of how deeply a YAML text nests, made in one linear pass without parsing:
 * indentation levels, compact `- ` entries and flow brackets. It may overestimate (a stray
 * bracket inside a string counts) but not by much for real files. Stops counting past `limit`.
 */
export function estimateNesting(text: string, limit = MAX_YAML_DEPTH): number {
  const indents: number[] = [];
  let flow = 0;
  let deepest = 0;
  let blockScalarIndent = -1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    const width = indent - start;
    let content = end;
    for (let i = indent; i < end; i++) {
      const ch = text[i];
      if (ch === "#" && (i === indent || text[i - 1] === " " || text[i - 1] === "\t")) {
        content = i;
        break;
      }
    }
    const blank = content === indent || text.slice(indent, content).trim() === "";
    if (blockScalarIndent >= 0 && (blank || width > blockScalarIndent)) {
      start = end + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (!blank) {
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1] >= width) indents.pop();
        indents.push(width);
      }
      let depth = indents.length;
      let i = indent;
      while (text[i] === "-" && (text[i + 1] === " " || i + 1 === content)) {
        depth++;
        i += 2;
        while (text[i] === " ") i++;
      }
      let lineFlow = flow;
      for (; i < content; i++) {
        const ch = text[i];
        if (ch === "[" || ch === "{") {
          flow++;
          if (flow > lineFlow) lineFlow = flow;
        } else if ((ch === "]" || ch === "}") && flow > 0) flow--;
      }
      deepest = Math.max(deepest, depth + lineFlow);
      if (deepest > limit) return deepest;
      if (flow === 0 && BLOCK_SCALAR_HEADER.test(text.slice(indent, content).trimEnd())) {
        blockScalarIndent = width;
      }
    }
    start = end + 1;
  }
  return deepest;
}

/** Parses one YAML document, refusing oversized or overly nested input before parsing. */
export function readYaml(text: string, file: string, display: string): YamlReadResult {
  if (text.length > MAX_YAML_BYTES || utf8Length(text) > MAX_YAML_BYTES) {
    return {
      problems: [fileProblem(
        display,
        `file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB; not read`,
        "a registry file describes one group or package and is a few hundred bytes",
      )],
    };
  }
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
  const yaml: YamlFile = { file, display, doc: doc!, lines, problems };
  for (const warning of doc!.warnings) {
    const { line, col } = lines.linePos(warning.pos[0]);
    problems.push({
      file: display,
      line,
      column: col,
      message: yamlMessage(warning, text),
      severity: "warning",
    });
  }
  return { yaml, root: doc!.contents, problems };
}

function yamlMessage(error: YAMLError, text: string): string {
  if (error.code === "DUPLICATE_KEY") {
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
    return `YAML: key '${key}' appears twice in the same mapping`;
  }
  if (error.code === "TAG_RESOLVE_FAILED" && error.message.includes("python/")) {
    return `YAML: ${error.message} (a Python object written by the original hpm's ` +
      "'registry add'; rewrite the file as plain YAML)";
  }
  return `YAML syntax: ${error.message}`;
}

/** Orders problems by file, then line, then column (stable for equal places). */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** The 1-based position of a node (or of the file start when there is none). */
export function positionOf(yaml: YamlFile, node: { range?: unknown } | null | undefined): Position {
  const range = node?.range as [number, number, number] | null | undefined;
  if (!range) return { file: yaml.display, line: 1, column: 1 };
  const { line, col } = yaml.lines.linePos(range[0]);
  return { file: yaml.display, line, column: col };
}

/** Adds a problem located at `node`. */
export function report(
  yaml: YamlFile,
  node: { range?: unknown } | null | undefined,
  message: string,
  hint?: string,
  severity: Problem["severity"] = "error",
): void {
  const { line, column } = positionOf(yaml, node);
  const problem: Problem = { file: yaml.display, line, column, message, severity };
  if (hint) problem.hint = hint;
  yaml.problems.push(problem);
}
