/**
 * Pure: uv's resolution report ("Because A depends on B and ..., we can conclude that ...")
 * read into clauses: what depends on what with which range, the project's requirements,
 * Python, availability, the fork uv failed in. The one reader of uv's derivations; what the
 * clauses mean for the user is src/uv/conflict.ts. Recorded uv output is in
 * tests/unit/fixtures/uv/real_*.txt.
 */
import { normalizeName } from "../names.ts";

/** A package with a version range as uv writes it: `numpy{sys_platform == 'linux'}>=1.26,<2`. */
export interface Term {
  /** As written (PEP 503 normalized in `key`). */
  name: string;
  key: string;
  extras: string[];
  /** uv's `{marker}` after the name, when it gives one. */
  marker?: string;
  /** The version range (`>=1.21,<1.25`); "" for any version; `a || b` for uv's "one of". */
  range: string;
}

/** One clause of a sentence. */
export type Clause =
  /** `X depends on Y and Z` (`all versions of X`, `all of: X1 X2 depend on Y`). */
  | { kind: "depends"; subjects: Term[]; on: Term[] }
  /** `your project depends on X` / `your project requires X[extra]`. */
  | { kind: "project"; on: Term[] }
  /** `the requested Python version (>=3.11) does not satisfy Python>=3.13`. */
  | { kind: "python"; requested: string; range: string }
  /** `only X==1 is available`. */
  | { kind: "only"; term: Term }
  /** `X has no wheels with a matching Python version tag`, `X was not found ...`, etc. */
  | { kind: "unavailable"; term: Term; why: string }
  /** `X cannot be used`. */
  | { kind: "unusable"; term: Term }
  /** `X and Y are incompatible` (`your project` is the term named `your project`). */
  | { kind: "incompatible"; terms: Term[] }
  /** `your project's requirements are unsatisfiable`. */
  | { kind: "unsatisfiable" }
  /** Anything else, as uv wrote it. */
  | { kind: "text"; text: string };

/** One sentence: what it starts from, and what it concludes. */
export interface Step {
  premises: Clause[];
  conclusions: Clause[];
}

/** A whole derivation. */
export interface Derivation {
  /** `python_full_version >= '3.14'` when uv failed for one fork of a universal lock. */
  splitMarkers?: string;
  /** Extras of the fork (`included: demo[hpm-o1]`), as written. */
  included: string[];
  steps: Step[];
}

// ---- reading ------------------------------------------------------------------------------

/** The extras check --all's universal lock gives options: `hpm-o3`. */
export const HPM_EXTRA = /^hpm-o\d+$/;
/** A distribution name at the start of a text. */
export const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const OP = /^(?:===|==|!=|>=|<=|~=|>|<)/;
const VERSION = /^[A-Za-z0-9.*+!_-]+/;

/** Parses uv's report: the chain item holding "Because ..." and the header before it. */
export function parseDerivation(header: string, because: string): Derivation {
  const split = /for split \(([^)]*)\)/.exec(header)?.[1] ?? "";
  const parts = split.split(";").map((p) => p.trim());
  const splitMarkers = parts.find((p) => p.startsWith("markers: "))?.slice("markers: ".length);
  const included = parts.find((p) => p.startsWith("included: "))?.slice("included: ".length)
    .split(", ") ?? [];
  const text = joinLists(because);
  const sentences = text.split(/(?<=\.)\s+(?=(?:And )?because )/i);
  const steps = sentences.map(parseSentence);
  return { splitMarkers, included, steps };
}

/**
 * uv lays out "one of:" and "all of:" as an indented list: joins it into `one of: [a | b]`,
 * then the whole text into one line.
 */
function joinLists(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimEnd().endsWith(":") && indentOf(lines[i + 1] ?? "") > indentOf(line)) {
      const base = indentOf(lines[i + 1] ?? "");
      const items: string[] = [];
      while (i + 1 < lines.length && indentOf(lines[i + 1]) === base && base > indentOf(line)) {
        items.push(lines[++i].trim());
      }
      out.push(`${line.trimEnd()} [${items.join(" | ")}]`);
    } else out.push(line);
  }
  return out.join(" ").replace(/\s+/g, " ").trim();
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function parseSentence(sentence: string): Step {
  const body = sentence.replace(/^(?:And )?because /i, "").replace(/\.$/, "");
  // After a list uv writes no comma: `available: [a | b] we can conclude that`.
  const at = body.lastIndexOf(" we can conclude that ");
  if (at < 0) return { premises: clauses(body), conclusions: [] };
  return {
    premises: clauses(body.slice(0, at).replace(/,$/, "")),
    conclusions: clauses(body.slice(at + " we can conclude that ".length)),
  };
}

/** A cursor over one sentence's text. */
class Reader {
  constructor(readonly text: string, public at = 0) {}
  get rest(): string {
    return this.text.slice(this.at);
  }
  eat(word: string | RegExp): string | undefined {
    if (typeof word === "string") {
      if (!this.rest.startsWith(word)) return undefined;
      this.at += word.length;
      return word;
    }
    const match = word.exec(this.rest);
    if (!match || match.index !== 0) return undefined;
    this.at += match[0].length;
    return match[0];
  }
  done(): boolean {
    return this.at >= this.text.length;
  }
}

/** Reads a term (`numpy[x]{marker}>=1,<2`, `Python>=3.11`, `your project`); undefined if none. */
function readTerm(reader: Reader): Term | undefined {
  const start = reader.at;
  if (reader.eat("your project")) {
    return { name: "your project", key: "your project", extras: [], range: "" };
  }
  const name = reader.eat(NAME);
  if (!name) return undefined;
  let extras: string[] = [];
  const extraText = reader.eat(/^\[[^\]\s]*\]/);
  if (extraText) extras = extraText.slice(1, -1).split(",").filter(Boolean);
  let marker: string | undefined;
  if (reader.rest.startsWith("{")) {
    const close = reader.rest.indexOf("}");
    if (close > 0) {
      marker = reader.rest.slice(1, close);
      reader.at += close + 1;
    }
  }
  const range: string[] = [];
  for (;;) {
    const save = reader.at;
    if (range.length) {
      if (!reader.eat(",")) break;
    }
    const op = reader.eat(OP);
    const version = op ? reader.eat(VERSION) : undefined;
    if (!op || !version) {
      reader.at = save;
      break;
    }
    range.push(op + version.replace(/\.$/, ""));
    if (version.endsWith(".")) {
      reader.at--;
      break;
    }
  }
  if (reader.text[reader.at] !== undefined && !/[\s,.\]]/.test(reader.text[reader.at])) {
    reader.at = start;
    return undefined;
  }
  return { name, key: normalizeName(name), extras, marker, range: range.join(",") };
}

/** `[a | b]` after "one of:" / "all of:". */
function readList(reader: Reader): Term[] | undefined {
  if (!reader.eat(/^(?:one|all) of: \[/) && !reader.eat(/^\[/)) return undefined;
  const terms: Term[] = [];
  for (;;) {
    const term = readTerm(reader);
    if (!term) break;
    terms.push(term);
    if (!reader.eat(" | ")) break;
  }
  reader.eat("]");
  return terms;
}

const CLAUSE_START =
  /^(?:your project\b|the requested Python|only |all versions of |all of: |there is no |there are no )/;
const VERB_AHEAD =
  /^(?:\s(?:depends? on|requires|is available|are available|has no|have no|cannot|was not found|were not found|are incompatible|is incompatible))/;

/** Terms joined by `, ` and ` and ` until one that starts a clause of its own. */
function readTerms(reader: Reader): Term[] {
  const list = readList(reader);
  if (list) return list.length ? [oneOf(list)] : [];
  const terms: Term[] = [];
  const first = readTerm(reader);
  if (!first) return terms;
  terms.push(first);
  for (;;) {
    const save = reader.at;
    const sep = reader.eat(", and ") ?? reader.eat(" and ") ?? reader.eat(", ");
    if (!sep) break;
    if (CLAUSE_START.test(reader.rest) && !reader.rest.startsWith("your project,")) {
      reader.at = save;
      break;
    }
    const term = readTerm(reader);
    if (!term || VERB_AHEAD.test(reader.rest)) {
      reader.at = save;
      break;
    }
    terms.push(term);
  }
  return terms;
}

/** uv's "one of: numpy<1.21 | numpy>=1.25,<2" as one term with alternative ranges. */
function oneOf(terms: Term[]): Term {
  const [first] = terms;
  if (terms.every((t) => t.key === first.key)) {
    return { ...first, range: terms.map((t) => t.range).join(" || ") };
  }
  return first;
}

/** Subjects: `all versions of X`, `all of: [X1 | X2]`, `X`, `X and Y` (for "are incompatible"). */
function readSubjects(reader: Reader): Term[] {
  if (reader.eat("all versions of ")) {
    const term = readTerm(reader);
    return term ? [term] : [];
  }
  const list = readList(reader);
  if (list) return list;
  const term = readTerm(reader);
  return term ? [term] : [];
}

function clauses(text: string): Clause[] {
  const reader = new Reader(text);
  const out: Clause[] = [];
  while (!reader.done()) {
    const start = reader.at;
    const clause = readClause(reader);
    if (clause) out.push(clause);
    else {
      // Not understood: keep the text up to the next " and " as it is.
      const next = reader.rest.indexOf(" and ");
      const end = next < 0 ? text.length : reader.at + next;
      out.push({ kind: "text", text: text.slice(start, end) });
      reader.at = end;
    }
    if (!reader.eat(", and ") && !reader.eat(" and ") && !reader.eat(", ")) {
      if (!reader.done()) {
        out.push({ kind: "text", text: reader.rest });
        break;
      }
    }
  }
  return out;
}

function readClause(reader: Reader): Clause | undefined {
  const save = reader.at;
  const python = reader.eat(
    /^the requested Python version \(([^)]*)\) does not satisfy Python(\S*?)(?=,| and |$)/,
  );
  if (python) {
    const [, requested, range] =
      /^the requested Python version \(([^)]*)\) does not satisfy Python(\S*)$/.exec(python)!;
    return { kind: "python", requested, range };
  }
  if (reader.eat("your project's requirements are unsatisfiable")) return { kind: "unsatisfiable" };
  if (reader.eat(/^your project (?:depends on|requires) /)) {
    return { kind: "project", on: readTerms(reader) };
  }
  const following = reader.eat(/^only the following versions of \S+ are available: /);
  if (following) {
    const list = readList(reader);
    if (list?.length) return { kind: "only", term: oneOf(list) };
    reader.at = save;
  }
  const only = reader.eat("only ");
  if (only) {
    const term = readTerm(reader);
    if (term && reader.eat(" is available")) return { kind: "only", term };
    reader.at = save;
  }
  const noVersion = reader.eat(/^there (?:is|are) no versions? of /);
  if (noVersion) {
    const term = readTerm(reader);
    if (term) return { kind: "unavailable", term, why: "no version" };
    reader.at = save;
  }
  const subjects = readSubjects(reader);
  if (subjects.length === 0) {
    reader.at = save;
    return undefined;
  }
  if (reader.eat(/^ depends? on /)) return { kind: "depends", subjects, on: readTerms(reader) };
  if (reader.eat(" cannot be used")) return { kind: "unusable", term: subjects[0] };
  const why = reader.eat(
    /^ (?:has no wheels[^,]*?(?:\(e\.g\., `[^`]*`\))?|was not found in [^,]*?)(?=,| and |$)/,
  );
  if (why) return { kind: "unavailable", term: subjects[0], why: why.trim() };
  // `A and B are incompatible`, `your project, numba<0.58, umap-learn==0.5.3 are incompatible`.
  const terms = [...subjects];
  for (;;) {
    if (reader.eat(/^ (?:are|is) incompatible/)) return { kind: "incompatible", terms };
    if (!reader.eat(", and ") && !reader.eat(" and ") && !reader.eat(", ")) break;
    reader.eat("all versions of ");
    const term = readTerm(reader);
    if (!term) break;
    terms.push(term);
  }
  reader.at = save;
  return undefined;
}
