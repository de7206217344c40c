/** check --all with implies and conflicts: combinations expanded, declared sets, uv's extras. */
import assert from "node:assert/strict";
import {
  allCombinations,
  declaredSets,
  describeCombination,
  withImplications,
} from "../../src/matrix/combinations.ts";
import { extraNames, forbiddenExtras, universalOps } from "../../src/matrix/universal.ts";
import type { PlannedEntry } from "../../src/plan/plan.ts";
import { groups, yaml } from "../support/registry.ts";
import { closureOf, implicationGraph } from "../../src/registry/relations.ts";

// The implies-project fixture in small: qwen -> fast -> latency; legacy conflicts with latency.
const REGISTRY = groups(
  yaml(
    "name: inference",
    "strategy: 1-of-N",
    "options:",
    "  - name: qwen",
    "    implies: {tokenizer: fast}",
    "  - name: deepseek",
  ),
  yaml(
    "name: tokenizer",
    "strategy: 1-of-N",
    "options:",
    "  - name: fast",
    "    implies: {metrics: latency}",
    "  - name: slow",
  ),
  yaml(
    "name: metrics",
    "strategy: M-of-N",
    "options:",
    "  - name: accuracy",
    "  - name: latency",
    "  - name: legacy",
    "    conflicts: [latency]",
    "max: 2",
  ),
);

const pick = (...names: string[]) => names.map((n) => REGISTRY.get(n)!);

Deno.test("withImplications: implied options added, contradictions dropped, duplicates kept once", () => {
  const base = allCombinations(pick("inference", "metrics"), 2);
  assert.equal(base.length, 12);
  const expanded = withImplications(base, REGISTRY);
  assert.deepEqual(expanded.map(describeCombination), [
    "inference=qwen, metrics=accuracy+latency, tokenizer=fast",
    "inference=qwen, metrics=latency, tokenizer=fast",
    "inference=qwen, metrics=legacy+latency, tokenizer=fast",
    // qwen with accuracy+legacy would have 3 metrics (max 2): not allowed.
    "inference=deepseek, metrics=accuracy",
    "inference=deepseek, metrics=latency",
    "inference=deepseek, metrics=legacy",
    "inference=deepseek, metrics=accuracy+latency",
    "inference=deepseek, metrics=accuracy+legacy",
    "inference=deepseek, metrics=latency+legacy",
  ]);
  // With the tokenizer enumerated too, qwen + slow contradicts the implication: dropped.
  const three = withImplications(allCombinations(pick("inference", "tokenizer"), 2), REGISTRY);
  assert.deepEqual(three.map(describeCombination), [
    "inference=qwen, tokenizer=fast, metrics=latency",
    "inference=deepseek, tokenizer=fast, metrics=latency",
    "inference=deepseek, tokenizer=slow",
  ]);
});

Deno.test("declaredSets: declared conflicts that some combination selects, with where they are declared", () => {
  const combinations = withImplications(allCombinations(pick("inference", "metrics"), 2), REGISTRY);
  assert.deepEqual(declaredSets(REGISTRY, combinations), [{
    options: [{ group: "metrics", option: "latency" }, { group: "metrics", option: "legacy" }],
    reason: "declared in groups/metrics.yaml:7: legacy conflicts with latency",
  }]);
  // Never selected together: nothing to declare.
  const apart = withImplications(allCombinations(pick("inference"), 2), REGISTRY);
  assert.deepEqual(declaredSets(REGISTRY, apart), []);
});

function entry(group: string, option: string): PlannedEntry {
  return {
    group,
    option,
    mode: "prod",
    modeFrom: "default",
    source: { type: "index", version: "", position: { file: "p", line: 1, column: 1 } },
    distribution: option,
    requirement: option,
  };
}

function universalInput(enumerated: string[], known = declaredSetsFor(enumerated)) {
  const enumeratedGroups = pick(...enumerated);
  const combinations = withImplications(allCombinations(enumeratedGroups, 2), REGISTRY);
  const inPlay = [...new Set(combinations.flatMap((c) => [...c.keys()]))];
  const extras = extraNames(enumeratedGroups);
  const graph = implicationGraph(REGISTRY);
  const closures = new Map(
    [...extras.values()].map((ref) => [
      `${ref.group}/${ref.option}`,
      closureOf(graph, ref).map((r) => r.ref),
    ]),
  );
  const entries = new Map(
    pick(...inPlay).flatMap((g) =>
      g.options.map((o) => [`${g.name}/${o.name}`, entry(g.name, o.name)] as const)
    ),
  );
  return { input: { groups: pick(...inPlay), entries, known, closures }, extras };
}

function declaredSetsFor(enumerated: string[]) {
  return declaredSets(
    REGISTRY,
    withImplications(allCombinations(pick(...enumerated), 2), REGISTRY),
  );
}

Deno.test("universal project: an extra carries what its option implies; declared conflicts are lifted to the extras that bring them", () => {
  const { input, extras } = universalInput(["inference", "metrics"]);
  assert.deepEqual([...extras].map(([extra, ref]) => `${extra}=${ref.option}`), [
    "hpm-o1=qwen",
    "hpm-o2=deepseek",
    "hpm-o3=accuracy",
    "hpm-o4=latency",
    "hpm-o5=legacy",
  ]);
  const { declared, excluded } = forbiddenExtras(input, extras);
  assert.deepEqual(declared, [
    ["hpm-o1", "hpm-o2"], // inference is 1-of-N
    // tokenizer is 1-of-N, only implied: qwen brings 'fast', nobody brings 'slow' alone
    // latency conflicts with legacy (declared), and qwen brings latency: qwen and legacy
    // never meet either.
    ["hpm-o1", "hpm-o5"],
    ["hpm-o4", "hpm-o5"],
  ]);
  assert.deepEqual([...excluded], []);
  const ops = universalOps(input, extras);
  const qwen = ops.find((op) =>
    op.op === "set" && op.path.join(".") === "project.optional-dependencies.hpm-o1"
  );
  assert.deepEqual(qwen && "value" in qwen ? qwen.value : null, ["qwen", "fast", "latency"]);
});

Deno.test("universal project: a 1-of-N group some option implies is declared pairwise; a failing implied option excludes what brings it", () => {
  const { input, extras } = universalInput(["inference", "tokenizer"], []);
  const { declared, excluded } = forbiddenExtras(input, extras);
  // o1 qwen, o2 deepseek, o3 fast, o4 slow: qwen brings fast, so qwen and slow never meet.
  assert.deepEqual(declared, [["hpm-o1", "hpm-o2"], ["hpm-o1", "hpm-o4"], ["hpm-o3", "hpm-o4"]]);
  assert.deepEqual([...excluded], []);
  const failing = forbiddenExtras({
    ...input,
    known: [{ options: [{ group: "tokenizer", option: "fast" }], reason: "fails alone" }],
  }, extras);
  assert.deepEqual([...failing.excluded].sort(), ["hpm-o1", "hpm-o3"]);
  assert.deepEqual(failing.declared, []);
});

Deno.test("universal project: without implications the declarations are unchanged (one entry per 1-of-N group)", () => {
  const plain = groups(
    yaml("name: a", "strategy: 1-of-N", "options:", "  - name: a1", "  - name: a2", "  - name: a3"),
    yaml("name: m", "strategy: M-of-N", "options:", "  - name: m1", "  - name: m2"),
  );
  const list = [...plain.values()];
  const extras = extraNames(list);
  const entries = new Map(
    list.flatMap((g) =>
      g.options.map((o) => [`${g.name}/${o.name}`, entry(g.name, o.name)] as const)
    ),
  );
  const known = [
    { options: [{ group: "a", option: "a3" }], reason: "alone" },
    { options: [{ group: "a", option: "a1" }, { group: "m", option: "m2" }], reason: "pair" },
  ];
  assert.deepEqual(forbiddenExtras({ groups: list, entries, known }, extras), {
    declared: [["hpm-o1", "hpm-o2"], ["hpm-o1", "hpm-o5"]],
    excluded: new Set(["hpm-o3"]),
  });
});
