/**
 * Pure: the sides of a conflict, read from uv's derivation (src/uv/derivation.ts), in the
 * user's words: `option 'numba' (group 'metrics') needs numpy>=1.21,<1.25`, `your own
 * dependency 'fastembed>=0.4' needs numpy>=1.26`. The same wording serves `check`, `sync`,
 * the suggestions and every reason of `check --all`.
 */
import { normalizeName } from "../names.ts";
import type { OptionOwner } from "./diagnostics.ts";
import { type Derivation, HPM_EXTRA, NAME, type Term } from "./derivation.ts";

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
function termText(term: Term): string {
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
function sideText(side: Side): string {
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
  // The fork uv failed in holds for every side: after a dash, not in the last side's brackets.
  const when = explanation.when ? ` — where ${explanation.when}` : "";
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
