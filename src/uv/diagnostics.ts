/**
 * Pure: what went wrong in a failed `uv lock` / `uv sync`, read from uv's stderr. uv has no
 * JSON for errors and its exit codes do not tell failures apart (a build failure exits 1 from
 * `uv lock` but 2 from `uv sync`), so the text is what counts. See tests/unit/fixtures/uv/ for
 * the real messages each kind comes from.
 */
import { normalizeName } from "../names.ts";
import { type Derivation, parseDerivation } from "./derivation.ts";
import { parseReport, stripAnsi, unwrapSentences } from "./report.ts";

/** The kinds of uv failure hpm tells apart. */
export type UvFailureKind =
  /** The resolver found no set of versions (PubGrub explanation in `explanation`). */
  | "no-solution"
  /** A local or source package failed to build (or to get its build requirements). */
  | "build-failed"
  /** A package is in no index / find-links / the cache, or a path source does not exist. */
  | "not-found"
  /** A source holds a package whose metadata name differs from the name it is required as. */
  | "name-mismatch"
  /** No interpreter fits `requires-python`, or a dependency needs a Python the project allows not. */
  | "python"
  /** An index could not be reached. */
  | "network"
  /** `--locked` was given and `uv.lock` is out of date. */
  | "lock-outdated"
  /** Extras or groups declared in `[tool.uv] conflicts` were requested together. */
  | "conflict"
  /** Anything else (the summary is uv's own message). */
  | "other";

/** A failed uv run, understood. */
export interface UvFailure {
  kind: UvFailureKind;
  /** One line saying what failed, in uv's words where they are clear. */
  summary: string;
  /** The resolver's derivation ("Because ... we can conclude ..."), one sentence per line. */
  explanation?: string;
  /** The same derivation read into clauses (src/uv/derivation.ts). */
  derivation?: Derivation;
  /** uv's `hint:` texts. */
  hints: string[];
  /** Distribution names mentioned, normalized (PEP 503), in order of first mention. */
  packages: string[];
  /** The stderr as given. */
  raw: string;
}

/** The hpm choice that brought a package in. */
export interface OptionOwner {
  group: string;
  option: string;
}

/** Reads uv's stderr of a failed command. Never throws; unknown text gives kind `other`. */
export function parseUvFailure(stderr: string): UvFailure {
  const report = parseReport(stderr);
  if (!report) {
    const text = stripAnsi(stderr).trim();
    const last = text.split("\n").filter((line) => line.trim() !== "").pop() ?? "";
    return { kind: "other", summary: last || "uv failed", hints: [], packages: [], raw: stderr };
  }
  const { chain, hints } = report;
  const head = chain[0];
  const all = chain.join("\n");
  const because = chain.findLast((item) => item.startsWith("Because "));
  const explanation = because ? unwrapSentences(because) : undefined;
  // Output of a build backend (`[stderr]` blocks) names modules and files, not packages.
  const messages = chain.map((item) => item.split(/\n\n\[std(?:err|out)\]/)[0]).join("\n");
  const derivation = because ? parseDerivation(head, because) : undefined;
  const base = {
    hints,
    raw: stderr,
    explanation,
    derivation,
    packages: mentionedPackages(messages),
  };
  let match: RegExpExecArray | null;

  if ((match = /Package metadata name `([^`]+)` does not match given name `([^`]+)`/.exec(all))) {
    return { ...base, kind: "name-mismatch", summary: match[0] };
  }
  if (head.startsWith("Failed to build ")) {
    const detail = chain.slice(1).findLast((item) => !item.startsWith("Because "));
    const summary = detail ? `${head}: ${firstLine(detail)}` : head;
    return { ...base, kind: "build-failed", summary };
  }
  if (/^No interpreter found|requires-python|Python requirement/i.test(head)) {
    return { ...base, kind: "python", summary: head };
  }
  if (/^No solution found when resolving/.test(head)) {
    const header = head.replace(/:$/, "");
    match = /(\S+) was not found in the (.+?)(?= and |,|\.|$)/m.exec(explanation ?? "");
    if (match) {
      return {
        ...base,
        kind: "not-found",
        summary: `\`${match[1]}\` was not found in the ${match[2]}`,
      };
    }
    match =
      /the requested Python version \(([^)]*)\) does not satisfy Python(\S+?) and (\S+) depends on Python/
        .exec(explanation ?? "");
    if (match) {
      const summary = `\`${match[3]}\` requires Python ${match[2]}, ` +
        `but the project's requires-python allows ${match[1]}`;
      return { ...base, kind: "python", summary };
    }
    return { ...base, kind: "no-solution", summary: header };
  }
  if (/^Distribution not found at: /.test(head)) {
    return { ...base, kind: "not-found", summary: head };
  }
  if (/needs to be updated, but `(?:--locked|UV_LOCKED=[^`]*)` was provided/.test(head)) {
    return { ...base, kind: "lock-outdated", summary: head };
  }
  if (/are incompatible with the (?:declared )?conflicts/.test(head)) {
    return { ...base, kind: "conflict", summary: head };
  }
  const last = chain.length > 1 ? firstLine(chain[chain.length - 1]) : undefined;
  const summary = last ? `${head}: ${last}` : head;
  const network =
    /^Failed to fetch|error sending request|dns error|connect(?:ion)? (?:error|refused)|timed out|network/i;
  if (chain.some((item) => network.test(item))) return { ...base, kind: "network", summary };
  return { ...base, kind: "other", summary };
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

// A distribution name (PEP 508) with optional extras and an optional version specifier.
const name = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`;
const extras = String.raw`\[[^\]\s]*\]`;
const spec = String
  .raw`(?:===|==|!=|>=|<=|~=|>|<)[A-Za-z0-9.*+!_-]*(?:,\s?(?:===|==|!=|>=|<=|~=|>|<)[A-Za-z0-9.*+!_-]*)*`;
const requirement = `${name}(?:${extras})?(?:${spec})?`;
// A specifier that really is one: an operator followed by a version (not `<module>`).
const specAhead = String.raw`(?=(?:===|==|!=|>=|<=|~=|>|<)\s?[0-9*])`;
const mentionPatterns: RegExp[] = [
  new RegExp(`(?<![\\w./:<-])(${name})(?:${extras})?${specAhead}`, "g"),
  new RegExp(`\\b(?:all versions of|there is no version of) (${name})`, "g"),
  new RegExp(`(?<![\\w./:-])(${name}) was not found in`, "g"),
  new RegExp(`\`(${name})(?:${extras})? @ [^\`]*\``, "g"),
  new RegExp(`metadata name \`(${name})\``, "g"),
  new RegExp(`given name \`(${name})\``, "g"),
  new RegExp(`/simple/(${name})/`, "g"),
  // The subject of `depends on` (but not "your project").
  new RegExp(`(?<![\\w./:<-])(?<!your )(${name})(?:${extras})?(?:${spec})? depends on`, "g"),
  // The first (or only) requirement after the verb.
  new RegExp(`\\b(?:depends on|requires) (${name})`, "g"),
];
// `depends on a, b and c, we can conclude`: the rest of a list that ends the clause.
const listRest = new RegExp(
  `\\b(?:depends on|requires) ${requirement}((?:, ${requirement})*,? and ${requirement})` +
    `(?=,? we can conclude|\\.(?:\\s|$)|$)`,
  "g",
);
const notPackages = new Set(["python"]);

/** Distribution names mentioned in uv's messages, normalized, in order of first mention. */
export function mentionedPackages(text: string): string[] {
  const found: Array<[number, string]> = [];
  for (const pattern of mentionPatterns) {
    for (const match of text.matchAll(pattern)) found.push([match.index, match[1]]);
  }
  for (const match of text.matchAll(listRest)) {
    const offset = match.index + match[0].length - match[1].length;
    for (const part of match[1].matchAll(new RegExp(`(?:,? and |, )(${name})`, "g"))) {
      found.push([offset + part.index, part[1]]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const names: string[] = [];
  for (const [, raw] of found) {
    const normalized = normalizeName(raw);
    if (!notPackages.has(normalized) && !names.includes(normalized)) names.push(normalized);
  }
  return names;
}

// A quoted span (`name @ url`), or a bare requirement at a word start.
const mentionToken = new RegExp(
  `\`([^\`\n]*)\`|(?<=^|[\\s(,;])(${name})(?:${extras})?(?:${spec})?`,
  "g",
);

/**
 * uv's explanation (or the summary when there is none) with the first mention of each
 * package hpm selected followed by where it came from:
 * `vlm-adapter-qwen==0.1.0 (option 'qwen' of group 'inference') depends on ...`.
 */
export function annotate(failure: UvFailure, owners: ReadonlyMap<string, OptionOwner>): string {
  const text = failure.explanation ?? failure.summary;
  const done = new Set<string>();
  return text.replace(mentionToken, (whole: string, quoted?: string, bare?: string) => {
    const raw = quoted !== undefined ? /^[^\s\[]+/.exec(quoted)?.[0] : bare;
    if (!raw) return whole;
    const key = normalizeName(raw);
    const owner = owners.get(key);
    if (!owner || done.has(key)) return whole;
    done.add(key);
    // A specifier does not take the sentence's full stop.
    const mention = quoted !== undefined ? whole : whole.replace(/\.+$/, "");
    const rest = whole.slice(mention.length);
    return `${mention} (option '${owner.option}' of group '${owner.group}')${rest}`;
  });
}
