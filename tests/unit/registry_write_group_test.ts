/** Writing group files: whole-text comparisons, read back by the registry's own parser. */
import assert from "node:assert/strict";
import type { HpmError } from "../../src/errors.ts";
import { parseGroup } from "../../src/registry/parse_group.ts";
import { appendOptionText, newGroupText } from "../../src/registry/write_group.ts";

const INFERENCE = "/r/groups/inference.yaml";
const METRICS = "/r/groups/metrics.yaml";

Deno.test("a new 1-of-N group: field order of the seed, the default as a string", async () => {
  const text = await newGroupText({
    name: "inference",
    strategy: "1-of-N",
    description: "Which VLM answers",
    options: [{ name: "vlm-adapter-qwen", description: "Qwen2-VL" }, {
      name: "vlm-adapter-deepseek",
    }],
    default: ["vlm-adapter-qwen"],
  }, INFERENCE);
  assert.equal(
    text,
    [
      'name: "inference"',
      'strategy: "1-of-N"',
      'description: "Which VLM answers"',
      "options:",
      '  - name: "vlm-adapter-qwen"',
      '    description: "Qwen2-VL"',
      '  - name: "vlm-adapter-deepseek"',
      'default: "vlm-adapter-qwen"',
      "",
    ].join("\n"),
  );
});

Deno.test("a new M-of-N group: the default as a list, then min and max", async () => {
  const text = await newGroupText({
    name: "metrics",
    strategy: "M-of-N",
    options: [{ name: "metric-accuracy" }, { name: "metric-latency" }],
    default: ["metric-accuracy"],
    min: 1,
    max: 2,
  }, METRICS);
  assert.equal(
    text,
    [
      'name: "metrics"',
      'strategy: "M-of-N"',
      "options:",
      '  - name: "metric-accuracy"',
      '  - name: "metric-latency"',
      'default: ["metric-accuracy"]',
      "min: 1",
      "max: 2",
      "",
    ].join("\n"),
  );
  const { group, problems } = await parseGroup(text, METRICS);
  assert.deepEqual(problems, []);
  assert.deepEqual([group?.min, group?.max, group?.default], [1, 2, ["metric-accuracy"]]);
});

const SEED_INFERENCE = [
  "# Interchangeable VLM adapters",
  'name: "inference"',
  'strategy: "1-of-N" # only one option can be chosen',
  "options:",
  '  - name: "vlm-adapter-qwen"',
  "  # DeepSeek is experimental",
  '  - name: "vlm-adapter-deepseek"',
  'default: "vlm-adapter-qwen"',
  "",
].join("\n");

Deno.test("appending an option keeps the comments, the order and the other fields", async () => {
  const { text, added } = await appendOptionText(SEED_INFERENCE, INFERENCE, {
    name: "vlm-adapter-llava",
  });
  assert.equal(added, true);
  assert.equal(
    text,
    SEED_INFERENCE.replace(
      'default: "vlm-adapter-qwen"',
      '  - name: "vlm-adapter-llava"\ndefault: "vlm-adapter-qwen"',
    ),
  );
});

Deno.test("appending to a flow-style list and to a group that already offers it", async () => {
  const flow = "name: metrics\nstrategy: M-of-N\noptions: [{name: a}]\ndefault: [a]\n";
  const { text } = await appendOptionText(flow, METRICS, { name: "b" });
  assert.equal(
    text,
    'name: metrics\nstrategy: M-of-N\noptions: [{name: a}, {name: "b"}]\ndefault: [a]\n',
  );
  const again = await appendOptionText(SEED_INFERENCE, INFERENCE, { name: "vlm-adapter-qwen" });
  assert.deepEqual(again, { text: SEED_INFERENCE, added: false });
});

Deno.test("a group file that is not valid is not edited", async () => {
  await assert.rejects(
    appendOptionText('name: "inference"\nstrategy: "2-of-N"\noptions: []\n', INFERENCE, {
      name: "x",
    }),
    (error: HpmError) => error.code === "registry-invalid" && error.problems.length > 0,
  );
  await assert.rejects(
    appendOptionText("name: inference\n  bad: indentation\n", INFERENCE, { name: "x" }),
    (error: HpmError) => /is not valid YAML/.test(error.message),
  );
});
