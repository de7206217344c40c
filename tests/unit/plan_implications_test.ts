/** The effective selection (recorded + implied, transitively) and declared conflicts in it. */
import assert from "node:assert/strict";
import { conflictProblems, effectiveSelection } from "../../src/plan/implications.ts";
import type { Selection } from "../../src/plan/selection.ts";
import { groups, yaml } from "../support/registry.ts";

const REGISTRY = groups(
  yaml(
    "name: inference",
    "strategy: 1-of-N",
    "options:",
    "  - name: qwen",
    "    implies: {tokenizer: fast}",
    "  - name: deepseek",
    "    implies: {tokenizer: slow, metrics: [accuracy]}",
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
  yaml(
    "name: extra",
    "strategy: M-of-N",
    "options:",
    "  - name: both",
    "    implies: {inference: qwen, metrics: [legacy]}",
  ),
);

const sel = (entries: Record<string, string[]>): Selection => new Map(Object.entries(entries));

Deno.test("effectiveSelection: a chain of three is followed, each implied option with its origin", () => {
  const { selection, implied, problems } = effectiveSelection(
    REGISTRY,
    sel({ inference: ["qwen"] }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual([...selection], [
    ["inference", ["qwen"]],
    ["tokenizer", ["fast"]],
    ["metrics", ["latency"]],
  ]);
  assert.deepEqual(implied.get("tokenizer/fast"), {
    group: "tokenizer",
    option: "fast",
    by: { group: "inference", option: "qwen" },
    via: [],
  });
  assert.deepEqual(implied.get("metrics/latency"), {
    group: "metrics",
    option: "latency",
    by: { group: "inference", option: "qwen" },
    via: [{ group: "tokenizer", option: "fast" }],
  });
});

Deno.test("effectiveSelection: implied M-of-N options are added to the recorded ones; recorded ones stay recorded", () => {
  const { selection, implied, problems } = effectiveSelection(
    REGISTRY,
    sel({ metrics: ["accuracy"], tokenizer: ["fast"] }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual([...selection], [["metrics", ["accuracy", "latency"]], ["tokenizer", ["fast"]]]);
  assert.deepEqual([...implied.keys()], ["metrics/latency"]);
  // Recorded already: nothing implied.
  const again = effectiveSelection(REGISTRY, sel({ inference: ["qwen"], tokenizer: ["fast"] }));
  assert.deepEqual([...again.implied.keys()], ["metrics/latency"]);
  assert.deepEqual(again.problems, []);
});

Deno.test("effectiveSelection: an implied choice that contradicts a recorded 1-of-N choice names both", () => {
  const { problems, selection } = effectiveSelection(
    REGISTRY,
    sel({ inference: ["qwen"], tokenizer: ["slow"] }),
  );
  assert.deepEqual(problems, [{
    group: "tokenizer",
    message: "'qwen' (group 'inference') implies 'fast' in 1-of-N group 'tokenizer', but the " +
      "selection chooses 'slow'",
    hint: "choose 'fast' ('hpm group add tokenizer --option fast'), or another option than " +
      "'qwen' in group 'inference'",
  }]);
  assert.deepEqual(selection.get("tokenizer"), ["slow"]);
});

Deno.test("effectiveSelection: two recorded choices implying different options of one 1-of-N group", () => {
  const { problems } = effectiveSelection(
    REGISTRY,
    sel({ extra: ["both"], inference: ["deepseek"] }),
  );
  assert.deepEqual(problems.map((p) => [p.group, p.message]), [
    [
      "inference",
      "'both' (group 'extra') implies 'qwen' in 1-of-N group 'inference', but the selection " +
      "chooses 'deepseek'",
    ],
  ]);
  const implied = effectiveSelection(
    groups(
      yaml(
        "name: a",
        "strategy: M-of-N",
        "options:",
        "  - name: x",
        "    implies: {t: t1}",
        "  - name: y",
        "    implies: {t: t2}",
      ),
      yaml("name: t", "strategy: 1-of-N", "options:", "  - name: t1", "  - name: t2"),
    ),
    sel({ a: ["x", "y"] }),
  );
  assert.deepEqual(implied.problems, [{
    group: "a",
    message:
      "'y' (group 'a') implies 't2' in 1-of-N group 't', but 'x' (group 'a') implies 't1' there",
    hint: "choose either 'y' or 'x'",
  }]);
});

Deno.test("effectiveSelection: implied options may not push an M-of-N group past its max", () => {
  const { problems } = effectiveSelection(
    REGISTRY,
    sel({ metrics: ["accuracy", "legacy"], tokenizer: ["fast"] }),
  );
  assert.deepEqual(problems, [{
    group: "metrics",
    message: "group 'metrics' allows at most 2 options, but with the implied 'latency' it has " +
      "3 (accuracy, legacy, latency)",
    hint: "deselect one with 'hpm group remove metrics --option OPTION', or the option that " +
      "implies it ('fast' (group 'tokenizer'))",
  }]);
});

Deno.test("conflictProblems: a declared conflict, located where it is declared, says what implied it", () => {
  const effective = effectiveSelection(REGISTRY, sel({ inference: ["qwen"], metrics: ["legacy"] }));
  assert.deepEqual(effective.problems, []);
  assert.deepEqual(conflictProblems(REGISTRY, effective.selection, effective.implied), [{
    file: "groups/metrics.yaml",
    line: 7,
    column: 17,
    severity: "error",
    message: "'legacy' (group 'metrics') conflicts with 'latency' (group 'metrics'): they " +
      "cannot be selected together; 'latency' is implied by 'qwen' (group 'inference') " +
      "(through 'fast')",
    hint: "deselect one: 'hpm group remove metrics --option legacy' or " +
      "'hpm group remove inference --option qwen'",
  }]);
  const plain = sel({ metrics: ["latency", "legacy"] });
  assert.deepEqual(
    conflictProblems(REGISTRY, plain, new Map()).map((p) => p.message),
    ["'legacy' (group 'metrics') conflicts with 'latency' (group 'metrics'): they cannot be selected together"],
  );
  assert.deepEqual(
    conflictProblems(REGISTRY, sel({ metrics: ["accuracy", "legacy"] }), new Map()),
    [],
  );
});
