/** The one choosing rule of `group add` and `check --group` (plan/selection.ts withChoice). */
import assert from "node:assert/strict";
import { type Selection, withChoice } from "../../src/plan/selection.ts";

const ONE = { name: "inference", strategy: "1-of-N" as const };
const MANY = { name: "metrics", strategy: "M-of-N" as const };

function selection(entries: Record<string, string[]>): Selection {
  return new Map(Object.entries(entries));
}

Deno.test("1-of-N: the one option replaces what the group held, and says what it replaced", () => {
  const before = selection({ inference: ["qwen"], metrics: ["accuracy"] });
  const choice = withChoice(before, ONE, ["deepseek"]);
  assert.ok(!("problem" in choice));
  assert.deepEqual([...choice.selection], [["inference", ["deepseek"]], ["metrics", [
    "accuracy",
  ]]]);
  assert.deepEqual(choice.before, ["qwen"]);
  assert.deepEqual(choice.after, ["deepseek"]);
  assert.deepEqual(choice.replaced, ["qwen"]);
  // The selection given is not changed.
  assert.deepEqual(before.get("inference"), ["qwen"]);
});

Deno.test("1-of-N: a hand-edited list is cut to the option chosen; the rest is replaced", () => {
  const choice = withChoice(selection({ inference: ["qwen", "deepseek"] }), ONE, ["qwen"]);
  assert.ok(!("problem" in choice));
  assert.deepEqual(choice.after, ["qwen"]);
  assert.deepEqual(choice.replaced, ["deepseek"]);
});

Deno.test("1-of-N: two options (or none) are a problem naming the group and the count", () => {
  const two = withChoice(selection({}), ONE, ["qwen", "deepseek"]);
  assert.ok("problem" in two);
  assert.equal(two.problem.message, "group 'inference' is 1-of-N: choose one option, not 2");
  assert.equal(two.problem.hint, "e.g. 'hpm group add inference --option qwen'");
  const none = withChoice(selection({}), ONE, []);
  assert.ok("problem" in none);
  assert.match(none.problem.message, /not 0$/);
});

Deno.test("M-of-N: what the group holds stays; each new option is added once, in order", () => {
  const choice = withChoice(
    selection({ metrics: ["latency"] }),
    MANY,
    ["accuracy", "latency", "accuracy", "recall"],
  );
  assert.ok(!("problem" in choice));
  assert.deepEqual(choice.after, ["latency", "accuracy", "recall"]);
  assert.deepEqual(choice.before, ["latency"]);
  assert.deepEqual(choice.replaced, []);
  const fresh = withChoice(selection({}), MANY, ["accuracy"]);
  assert.ok(!("problem" in fresh));
  assert.deepEqual(fresh.after, ["accuracy"]);
  assert.deepEqual(fresh.before, []);
});
