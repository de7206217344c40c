/** Writing group files: whole-text comparisons, read back by the registry's own parser. */
import assert from "node:assert/strict";
import type { HpmError } from "../../src/errors.ts";
import { parseGroup } from "../../src/registry/manifest/group_text.ts";
import { appendOptionText, newGroupText } from "../../src/registry/write/group.ts";

const INFERENCE = "/r/groups/inference.yaml";
const METRICS = "/r/groups/metrics.yaml";

Deno.test("a new 1-of-N group: field order of the seed, the default as a list of one (the original hpm's type)", async () => {
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
      'default: ["vlm-adapter-qwen"]',
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

/** `text` as a Windows editor may save it: a byte order mark and CRLF line endings. */
function windows(text: string): string {
  return "\uFEFF" + text.replace(/\n/g, "\r\n");
}

const COMMENTED_GROUP = [
  "# Interchangeable VLM adapters",
  "name: inference   # the file name must match",
  "strategy: 1-of-N",
  "options:",
  "  - name: vlm-adapter-qwen    # the default",
  "  # DeepSeek is experimental",
  "  - name: vlm-adapter-deepseek",
  "default: vlm-adapter-qwen",
  "# maintained by the vision team",
  "",
].join("\n");

const COMMENTED_GROUP_WITH_LLAVA = COMMENTED_GROUP.replace(
  "default: vlm-adapter-qwen",
  '  - name: "vlm-adapter-llava"\ndefault: vlm-adapter-qwen',
);

Deno.test("an LF group: the gap before a trailing comment and a footer comment are kept", async () => {
  const { text } = await appendOptionText(COMMENTED_GROUP, INFERENCE, {
    name: "vlm-adapter-llava",
  });
  assert.equal(text, COMMENTED_GROUP_WITH_LLAVA);
  assert.ok(!text.includes("\r") && !text.startsWith("\uFEFF"));
});

Deno.test("a CRLF group with a BOM keeps its BOM, CRLF on every line and every comment", async () => {
  const { text, added } = await appendOptionText(windows(COMMENTED_GROUP), INFERENCE, {
    name: "vlm-adapter-llava",
  });
  assert.equal(added, true);
  assert.ok(text.startsWith("\uFEFF"), "keeps the byte order mark");
  assert.ok(!text.slice(1).includes("\uFEFF"));
  assert.equal(text.match(/(?<!\r)\n/g), null, "no line ends with LF alone");
  assert.ok(text.endsWith("\r\n"));
  for (const line of COMMENTED_GROUP.split("\n").filter((line) => line.includes("#"))) {
    const comment = line.slice(line.indexOf("#"));
    assert.ok(text.includes(comment + "\r\n"), `keeps '${comment}'`);
  }
  assert.equal(text, windows(COMMENTED_GROUP_WITH_LLAVA));
  const { group, problems } = await parseGroup(text, INFERENCE);
  assert.deepEqual(problems, []);
  assert.deepEqual(group?.options.map((option) => option.name), [
    "vlm-adapter-qwen",
    "vlm-adapter-deepseek",
    "vlm-adapter-llava",
  ]);
  // a group that already offers it: the very same text back
  const again = await appendOptionText(windows(COMMENTED_GROUP), INFERENCE, {
    name: "vlm-adapter-qwen",
  });
  assert.deepEqual(again, { text: windows(COMMENTED_GROUP), added: false });
});

Deno.test("a new group can be written in a given layout", async () => {
  const draft = { name: "inference", strategy: "1-of-N" as const, options: [{ name: "a" }] };
  const plain = await newGroupText(draft, INFERENCE);
  assert.equal(await newGroupText(draft, INFERENCE, { bom: true, eol: "\r\n" }), windows(plain));
});
