/**
 * Pure: uv's resolution report ("Because A depends on B and ..., we can conclude that ...")
 * read into clauses, and each side of the conflict told in the user's words: the option (and
 * group) or the project's own dependency that needs which range of which package. One reader
 * for `check`, `sync`, the suggestions and every reason of `check --all`. Recorded uv output
 * is in tests/unit/fixtures/uv/real_*.txt.
 */
import { normalizeName } from "../names.ts";
import type { OptionOwner } from "./diagnostics.ts";

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

const HPM_EXTRA = /^hpm-o\d+$/;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
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

// ---- explaining ---------------------------------------------------------------------------

/** Who needs a side of the conflict. */
export type Owner =
  | { kind: "option"; group: string; option: string }
  | { kind: "own"; requirement: string; marker?: string }
  | { kind: "python"; requested: string };

/** One side: who, and what it needs (through which packages). */
export interface Side {
  owner: Owner;
  /** The contested requirement (`numpy>=1.25.0`; `Python>=3.13`). */
  needs: string;
  /** Packages in between, from the owner's own package down (`umap-learn==0.5.3`, `numba>=0.49`). */
  via: string[];
  /** The owner requires the contested package itself. */
  direct?: boolean;
}

/** The conflict in the user's words. */
export interface Explanation {
  /** The contested package (normalized), or `python`. */
  package: string;
  sides: Side[];
  /** The fork uv failed in (`python_full_version >= '3.14'`), if any. */
  when?: string;
}

/** What the explanation needs to know of the project. */
export interface ExplainContext {
  /** Option that brought in each distribution (normalized name). */
  owners: ReadonlyMap<string, OptionOwner>;
  /** Options that universal-lock extras stand for (`hpm-o3`), for check --all. */
  extras?: ReadonlyMap<string, OptionOwner>;
  /** The project's own requirements as written, by normalized name (uv rewrites `~=`, `===`). */
  own?: ReadonlyMap<string, string>;
}

interface Edge {
  from: Term;
  to: Term;
  derived: boolean;
  order: number;
}

/** Renders a term back as a requirement: `numpy>=1.25.0`, `Python>=3.11`. */
export function termText(term: Term): string {
  const extras = term.extras.length ? `[${term.extras.join(",")}]` : "";
  const range = term.range.includes(" || ") ? ` (${term.range})` : term.range;
  const marker = term.marker ? ` (for ${term.marker})` : "";
  return `${term.name}${extras}${range}${marker}`;
}

/**
 * Reads the sides of the conflict out of a derivation: the project's roots (its requirements,
 * or the extras of a universal lock), the package two or more of them need (the deepest one),
 * and for each root the range it needs of it. `undefined` when no such package shows.
 */
export function explainDerivation(
  derivation: Derivation,
  context: ExplainContext,
): Explanation | undefined {
  const edges: Edge[] = [];
  const roots: Term[] = [];
  let requested: string | undefined;
  let order = 0;
  for (const step of derivation.steps) {
    for (const [list, derived] of [[step.premises, false], [step.conclusions, true]] as const) {
      for (const clause of list) {
        order++;
        if (clause.kind === "depends") {
          for (const from of clause.subjects) {
            for (const to of clause.on) edges.push({ from, to, derived, order });
          }
        } else if (clause.kind === "project" && !derived) {
          for (const term of clause.on) {
            if (!roots.some((r) => r.key === term.key && sameExtras(r, term))) roots.push(term);
          }
        } else if (clause.kind === "python") requested = clause.requested;
      }
    }
  }
  // A universal lock's roots are extras of the project itself: `demo[hpm-o3]`.
  const isExtraRoot = (term: Term) => term.extras.some((e) => HPM_EXTRA.test(e));
  const extraOwner = (term: Term) =>
    term.extras.length === 1 ? context.extras?.get(term.extras[0]) : undefined;
  const rootOwner = (term: Term): Owner | undefined => {
    const extra = extraOwner(term);
    if (extra) return { kind: "option", ...extra };
    if (isExtraRoot(term)) return undefined;
    const option = context.owners.get(term.key);
    if (option) return { kind: "option", ...option };
    const written = context.own?.get(term.key);
    return {
      kind: "own",
      requirement: written ?? termText({ ...term, marker: undefined }),
      marker: term.marker,
    };
  };
  const out = (term: Term) => edges.filter((e) => sameNode(e.from, term));
  const reach = (root: Term): Map<string, Term[]> => {
    // package key -> the path of terms from the root's package to it (root first).
    const paths = new Map<string, Term[]>();
    const queue: Term[][] = [];
    if (!isExtraRoot(root)) {
      paths.set(root.key, [root]);
      queue.push([root]);
    }
    // A root with extras (`demo[hpm-o3]`, `httpx[http2]`) brings what those extras depend on.
    for (const edge of out(root)) {
      if (root.extras.length === 0 || paths.has(edge.to.key)) continue;
      const path = isExtraRoot(root) ? [edge.to] : [root, edge.to];
      paths.set(edge.to.key, path);
      queue.push(path);
    }
    while (queue.length) {
      const path = queue.shift()!;
      for (const edge of outOfName(edges, path[path.length - 1].key)) {
        if (paths.has(edge.to.key)) continue;
        const next = [...path, edge.to];
        paths.set(edge.to.key, next);
        queue.push(next);
      }
    }
    return paths;
  };
  const reached = roots.map((root) => ({ root, owner: rootOwner(root), paths: reach(root) }))
    .filter((r) => r.owner !== undefined);
  const count = new Map<string, number>();
  for (const r of reached) {
    for (const key of r.paths.keys()) count.set(key, (count.get(key) ?? 0) + 1);
  }
  const contested = [...count]
    .filter(([key, n]) => n >= 2 && key !== "your project" && key !== "python")
    .map(([key]) => key);
  // The deepest: one from which no other contested package is needed.
  const deepest = contested.filter((key) =>
    !contested.some((other) =>
      other !== key && outOfName(edges, key).some((e) => e.to.key === other)
    )
  );
  const python = requested !== undefined && reached.some((r) => r.paths.has("python"));
  const target = deepest.at(-1) ?? (python ? "python" : undefined);
  if (!target) return undefined;
  const sides: Side[] = [];
  for (const { owner, paths } of reached) {
    const path = paths.get(target);
    if (!path) continue;
    const needs = path.length === 1 ? path[0] : bestEdge(edges, path[path.length - 2].key, target);
    const via = path.slice(0, -1).map((term, i) =>
      i === 0 ? termText(term) : termText(bestEdge(edges, path[i - 1].key, term.key) ?? term)
    );
    sides.push({
      owner: owner!,
      needs: termText(needs ?? path[path.length - 1]),
      via,
      // The owner's own package is the contested one (not just a clause uv shortened).
      direct: path.length === 1 &&
        (owner!.kind !== "option" || context.owners.get(target)?.option === owner!.option),
    });
  }
  if (target === "python" && requested) {
    sides.push({ owner: { kind: "python", requested }, needs: `Python${requested}`, via: [] });
  }
  if (sides.length === 0) return undefined;
  // uv lists the project's requirements by name: say the options first, then the project's own.
  const rank = { option: 0, own: 1, python: 2 };
  sides.sort((a, b) => rank[a.owner.kind] - rank[b.owner.kind]);
  // The owner's own package is implied by its words; drop it from `via`.
  for (const side of sides) {
    if (side.owner.kind === "option" && side.via.length) {
      const first = normalizeName(/^[^\s\[<>=!~{(]+/.exec(side.via[0])?.[0] ?? "");
      if (context.owners.get(first)?.option === side.owner.option) side.via.shift();
    }
    if (side.owner.kind === "own" && side.via.length) side.via.shift();
  }
  return { package: target, sides, when: derivation.splitMarkers };
}

function sameExtras(a: Term, b: Term): boolean {
  return a.extras.join(",") === b.extras.join(",");
}

function sameNode(a: Term, b: Term): boolean {
  return a.key === b.key && sameExtras(a, b);
}

/** What a package needs, with any of its extras (`feature-host[fast]`), but not hpm's own extras. */
function outOfName(edges: readonly Edge[], key: string): Edge[] {
  return edges.filter((e) => e.from.key === key && !e.from.extras.some((x) => HPM_EXTRA.test(x)));
}

/**
 * What a package needs of another, over all its versions: the last derived clause (uv widens
 * them as it goes), else the premise with the lowest bound, else the first.
 */
function bestEdge(edges: readonly Edge[], from: string, to: string): Term | undefined {
  const all = edges.filter((e) => e.from.key === from && e.to.key === to);
  if (all.length === 0) return undefined;
  const derived = all.filter((e) => e.derived);
  if (derived.length) return derived[derived.length - 1].to;
  if (all.length === 1) return all[0].to;
  const withAny = all.find((e) => e.to.range === "");
  return (withAny ?? all[0]).to;
}

/** One side in words: `option 'numba' (group 'metrics') needs numpy>=1.21,<1.25`. */
export function sideText(side: Side): string {
  const via = side.via.length ? `${side.via.join(", which needs ")}, which needs ` : "";
  switch (side.owner.kind) {
    case "option": {
      const option = `option '${side.owner.option}' (group '${side.owner.group}')`;
      return side.direct ? `${option} is ${side.needs}` : `${option} needs ${via}${side.needs}`;
    }
    case "own": {
      const own = `your own dependency '${side.owner.requirement}'`;
      const marker = side.owner.marker ? ` (for ${side.owner.marker})` : "";
      return side.direct ? own + marker : `${own}${marker} needs ${via}${side.needs}`;
    }
    case "python":
      return `the project's requires-python allows ${side.owner.requested}`;
  }
}

/** The whole conflict in one line: each side, `; `-separated, and the fork it happened in. */
export function explanationText(explanation: Explanation): string {
  const when = explanation.when ? ` (for ${explanation.when})` : "";
  return explanation.sides.map(sideText).join("; ") + when;
}

/** The explanation as JSON: `{package, when, sides: [{group, option} | {own}, needs, via]}`. */
export function explanationJson(explanation: Explanation): Record<string, unknown> {
  return {
    package: explanation.package,
    when: explanation.when ?? null,
    sides: explanation.sides.map((side) => ({
      ...(side.owner.kind === "option"
        ? { group: side.owner.group, option: side.owner.option }
        : side.owner.kind === "own"
        ? { own: side.owner.requirement }
        : { requiresPython: side.owner.requested }),
      needs: side.needs,
      via: side.via,
    })),
  };
}

/** The own dependencies an explanation names (`fastembed>=0.4`). */
export function ownDependencies(explanation: Explanation | undefined): string[] {
  return (explanation?.sides ?? []).flatMap((s) =>
    s.owner.kind === "own" ? [s.owner.requirement] : []
  );
}

/** The project's own requirements as written, by normalized name (`[project].dependencies`). */
export function ownRequirements(dependencies: readonly string[]): Map<string, string> {
  const own = new Map<string, string>();
  for (const dependency of dependencies) {
    const text = dependency.split(";")[0].trim();
    const name = NAME.exec(text)?.[0];
    if (name && !own.has(normalizeName(name))) own.set(normalizeName(name), text);
  }
  return own;
}
