/**
 * PEP 508 environment markers (`sys_platform == 'win32' and python_version < '3.12'`): a small
 * pure parser that checks the syntax and the variables, and gives the marker back spelled the
 * way uv writes it (`var op 'value'`, single spaces, single quotes, legacy names such as
 * `os.name` as `os_name`). It does not simplify: uv may rewrite a marker it adds itself (for
 * example `python_version` as `python_full_version`), hpm writes the one the manifest gives.
 */
import { didYouMean } from "../../suggest.ts";
import { isVersion } from "./python_specs.ts";

/** The variables a marker may compare, as PEP 508 and uv name them. */
export const MARKER_VARIABLES = [
  "python_version",
  "python_full_version",
  "os_name",
  "sys_platform",
  "platform_release",
  "platform_system",
  "platform_version",
  "platform_machine",
  "platform_python_implementation",
  "implementation_name",
  "implementation_version",
  "extra",
] as const;

/** Older spellings that uv and pip still read, by the name they stand for. */
const LEGACY_VARIABLES: Record<string, string> = {
  "os.name": "os_name",
  "sys.platform": "sys_platform",
  "platform.version": "platform_version",
  "platform.machine": "platform_machine",
  "platform.python_implementation": "platform_python_implementation",
  "python_implementation": "platform_python_implementation",
};

/** Variables compared as PEP 440 versions (the others compare as strings). */
const VERSION_VARIABLES = new Set([
  "python_version",
  "python_full_version",
  "implementation_version",
]);

const OPERATORS = ["===", "==", "!=", "<=", ">=", "~=", "<", ">"] as const;

/** A marker that parses: the text to write. */
export interface MarkerOk {
  ok: true;
  marker: string;
}

/** A marker that does not: what is wrong, where (0-based offset in the text), how to fix it. */
export interface MarkerError {
  ok: false;
  message: string;
  offset: number;
  hint?: string;
}

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "op"; text: string; at: number }
  | { kind: "paren"; text: "(" | ")"; at: number }
  | { kind: "end"; text: ""; at: number };

class MarkerSyntax extends Error {
  constructor(message: string, readonly offset: number, readonly hint?: string) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: "paren", text: c, at: i++ });
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new MarkerSyntax(`unclosed quote ${c}`, i, `close it with ${c}`);
      tokens.push({ kind: "string", text: text.slice(i + 1, close), at: i });
      i = close + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z0-9_.]+/.exec(text.slice(i))!;
      tokens.push({ kind: "word", text: match[0], at: i });
      i += match[0].length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) {
        throw new MarkerSyntax(
          `unexpected '${c}'`,
          i,
          c === "=" ? "compare with '=='" : "a marker compares a variable with a quoted string",
        );
      }
      tokens.push({ kind: "op", text: op, at: i });
      i += op.length;
    }
  }
  tokens.push({ kind: "end", text: "", at: text.length });
  return tokens;
}

/** One side of a comparison: a variable (canonical name) or a quoted string. */
type Operand = { variable: string } | { literal: string };

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private get next(): Token {
    return this.tokens[this.index];
  }

  private isWord(text: string): boolean {
    return this.next.kind === "word" && this.next.text === text;
  }

  /** marker_or: marker_and ('or' marker_and)* */
  parseOr(): string {
    const parts = [this.parseAnd()];
    while (this.isWord("or")) {
      this.index++;
      parts.push(this.parseAnd());
    }
    return parts.join(" or ");
  }

  private parseAnd(): string {
    const parts = [this.parseAtom()];
    while (this.isWord("and")) {
      this.index++;
      parts.push(this.parseAtom());
    }
    return parts.join(" and ");
  }

  private parseAtom(): string {
    const token = this.next;
    if (token.kind === "paren" && token.text === "(") {
      this.index++;
      const inner = this.parseOr();
      const close = this.next;
      if (close.kind !== "paren" || close.text !== ")") {
        throw new MarkerSyntax(`expected ')'${found(close)}`, close.at, "close the parenthesis");
      }
      this.index++;
      return `(${inner})`;
    }
    const left = this.operand();
    const op = this.operator();
    const right = this.operand();
    return comparison(left, op, right);
  }

  private operand(): Operand & { at: number } {
    const token = this.next;
    if (token.kind === "string") {
      this.index++;
      return { literal: token.text, at: token.at };
    }
    if (token.kind === "word" && !["and", "or", "not", "in"].includes(token.text)) {
      this.index++;
      return { variable: variableName(token.text, token.at), at: token.at };
    }
    throw new MarkerSyntax(
      `expected a marker variable or a quoted string${found(token)}`,
      token.at,
      `e.g. "sys_platform == 'win32'"`,
    );
  }

  private operator(): { text: string; at: number } {
    const token = this.next;
    if (token.kind === "op") {
      this.index++;
      return { text: token.text, at: token.at };
    }
    if (token.kind === "word" && token.text === "in") {
      this.index++;
      return { text: "in", at: token.at };
    }
    if (token.kind === "word" && token.text === "not") {
      const after = this.tokens[this.index + 1];
      if (after.kind === "word" && after.text === "in") {
        this.index += 2;
        return { text: "not in", at: token.at };
      }
    }
    throw new MarkerSyntax(
      `expected a comparison (==, !=, <, <=, >, >=, ~=, ===, in, not in)${found(token)}`,
      token.at,
    );
  }

  /** The whole text must be one marker. */
  finish(marker: string): string {
    const token = this.next;
    if (token.kind !== "end") {
      throw new MarkerSyntax(`expected 'and', 'or' or the end${found(token)}`, token.at);
    }
    return marker;
  }
}

function found(token: Token): string {
  if (token.kind === "end") return " at the end";
  if (token.kind === "string") return `, found the string '${token.text}'`;
  return `, found '${token.text}'`;
}

function variableName(word: string, at: number): string {
  if ((MARKER_VARIABLES as readonly string[]).includes(word)) {
    if (word === "extra") {
      throw new MarkerSyntax(
        "the marker variable 'extra' never holds in [project].dependencies, where hpm writes it",
        at,
        "choose extras of the package with 'extras: [...]'; leave 'extra' out of 'marker'",
      );
    }
    return word;
  }
  if (LEGACY_VARIABLES[word]) return LEGACY_VARIABLES[word];
  const suggestion = didYouMean(word, MARKER_VARIABLES);
  throw new MarkerSyntax(
    `unknown marker variable '${word}'`,
    at,
    suggestion
      ? `did you mean '${suggestion}'?`
      : `a marker compares one of ${MARKER_VARIABLES.filter((v) => v !== "extra").join(", ")}` +
        " with a quoted string",
  );
}

function quoted(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

function comparison(
  left: Operand & { at: number },
  op: { text: string; at: number },
  right: Operand & { at: number },
): string {
  if ("literal" in left && "literal" in right) {
    throw new MarkerSyntax(
      `'${left.literal}' ${op.text} '${right.literal}' compares two strings, no marker variable`,
      left.at,
      `compare a variable with a string, e.g. "sys_platform == 'win32'"`,
    );
  }
  if ("variable" in left && "variable" in right) {
    throw new MarkerSyntax(
      `'${left.variable} ${op.text} ${right.variable}' compares two variables`,
      left.at,
      "compare a variable with a quoted string",
    );
  }
  const variable = "variable" in left ? left.variable : (right as { variable: string }).variable;
  const literal = "literal" in left ? left : right as { literal: string; at: number };
  const isVersionVar = VERSION_VARIABLES.has(variable);
  if (op.text === "~=" && !isVersionVar) {
    throw new MarkerSyntax(
      `'~=' compares versions, and '${variable}' is a string`,
      op.at,
      "use '==', '!=', 'in' or 'not in'",
    );
  }
  if (isVersionVar && op.text !== "in" && op.text !== "not in" && op.text !== "===") {
    const value = literal.literal.trim();
    const wildcard = (op.text === "==" || op.text === "!=") && value.endsWith(".*");
    if (!isVersion(wildcard ? value.slice(0, -2) : value)) {
      throw new MarkerSyntax(
        `'${literal.literal}' is not a version, and '${variable}' compares versions`,
        literal.at,
        `e.g. "${variable} >= '3.11'"`,
      );
    }
  }
  if (op.text === "~=" && !/^\d+(?:\.\d+)+/.test(literal.literal.trim())) {
    throw new MarkerSyntax(
      `'~=' needs at least two release numbers, found '${literal.literal}'`,
      literal.at,
    );
  }
  // uv writes the variable first; a comparison turned around keeps its meaning.
  if ("literal" in left && (op.text === "==" || op.text === "!=")) {
    return `${variable} ${op.text} ${quoted(left.literal)}`;
  }
  const side = (operand: Operand) =>
    "variable" in operand ? operand.variable : quoted(operand.literal);
  return `${side(left)} ${op.text} ${side(right)}`;
}

/** Parses a marker: its uv spelling, or the first problem, located in the text. */
export function parseMarker(text: string): MarkerOk | MarkerError {
  try {
    if (text.trim() === "") {
      throw new MarkerSyntax("the marker is empty", 0, `e.g. "sys_platform == 'win32'"`);
    }
    const parser = new Parser(tokenize(text));
    return { ok: true, marker: parser.finish(parser.parseOr()) };
  } catch (error) {
    if (!(error instanceof MarkerSyntax)) throw error;
    return {
      ok: false,
      message: error.message,
      offset: error.offset,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
}
