/**
 * What reading one YAML file of a registry yields, whichever parser read it: the node model,
 * the size and nesting limits for hostile input, and the located problems every later check
 * adds to. The parsers are yaml/fast.ts (the subset registry files use) and yaml/full.ts (the
 * `yaml` package, for everything else); yaml/read.ts picks one.
 */
import type { Problem } from "../../errors.ts";
import type { Position } from "../types.ts";

/**
 * The nodes hpm reads from a YAML file, whichever parser produced them (the fast path in
 * yaml/fast.ts or the `yaml` package in yaml/full.ts). `offset` is where the node
 * starts in the text (UTF-16 code units), as the `yaml` package counts it.
 */
export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias;

/** A scalar: its value under the YAML 1.2 core schema and its text (unquoted) before typing. */
export interface YamlScalar {
  kind: "scalar";
  offset: number;
  value: string | number | boolean | bigint | null;
  source: string;
}

/** One `key: value` of a mapping; the value is null only where the `yaml` package has none. */
export interface YamlPair {
  key: YamlNode | null;
  value: YamlNode | null;
}

export interface YamlMap {
  kind: "map";
  offset: number;
  items: YamlPair[];
  /** A Python tag (`!!python/object:...`) the original hpm's PyYAML wrote, when there is one. */
  pythonTag?: string;
}

export interface YamlSeq {
  kind: "seq";
  offset: number;
  items: (YamlNode | null)[];
}

/** An alias (`*name`) and the node its anchor (`&name`) marks. */
export interface YamlAlias {
  kind: "alias";
  offset: number;
  source: string;
  target: YamlNode | null;
}

export function isScalar(node: unknown): node is YamlScalar {
  return (node as YamlNode | null | undefined)?.kind === "scalar";
}

export function isMap(node: unknown): node is YamlMap {
  return (node as YamlNode | null | undefined)?.kind === "map";
}

export function isSeq(node: unknown): node is YamlSeq {
  return (node as YamlNode | null | undefined)?.kind === "seq";
}

export function isAlias(node: unknown): node is YamlAlias {
  return (node as YamlNode | null | undefined)?.kind === "alias";
}

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
  /** 1-based line and column of an offset. */
  linePos: (offset: number) => { line: number; col: number };
  problems: Problem[];
  /** True when the text holds `!!python/` tags (only the `yaml` package reads tags). */
  pythonTags?: boolean;
}

/** The result of reading one file: the root node, unless the file could not be parsed. */
export interface YamlReadResult {
  yaml?: YamlFile;
  root?: YamlNode | null;
  problems: Problem[];
}

/** A problem at the start of a file (for problems that concern the whole file). */
export function fileProblem(display: string, message: string, hint?: string): Problem {
  const problem: Problem = { file: display, line: 1, column: 1, message, severity: "error" };
  if (hint) problem.hint = hint;
  return problem;
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

/** Orders problems by file, then line, then column (stable for equal places). */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** The 1-based position of a node (or of the file start when there is none). */
export function positionOf(yaml: YamlFile, node: YamlNode | null | undefined): Position {
  if (!node) return { file: yaml.display, line: 1, column: 1 };
  const { line, col } = yaml.linePos(node.offset);
  return { file: yaml.display, line, column: col };
}

/** Adds a problem located at `node`. */
export function report(
  yaml: YamlFile,
  node: YamlNode | null | undefined,
  message: string,
  hint?: string,
  severity: Problem["severity"] = "error",
  code?: Problem["code"],
): void {
  const { line, column } = positionOf(yaml, node);
  const problem: Problem = { file: yaml.display, line, column, message, severity };
  if (hint) problem.hint = hint;
  if (code) problem.code = code;
  yaml.problems.push(problem);
}
