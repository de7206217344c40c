import assert from "node:assert/strict";
import {
  allCombinations,
  containsSet,
  countCombinations,
  groupChoices,
  minimalSets,
} from "../../src/matrix/combinations.ts";
import type { Group } from "../../src/registry/types.ts";

const at = { file: "g.yaml", line: 1, column: 1 };

function group(
  name: string,
  strategy: Group["strategy"],
  options: string[],
  extra: Partial<Group> = {},
): Group {
  return {
    name,
    strategy,
    options: options.map((o) => ({ name: o, position: at })),
    file: `/r/groups/${name}.yaml`,
    position: at,
    ...extra,
  };
}

Deno.test("groupChoices: 1-of-N is each option; M-of-N is subsets within min/max up to depth", () => {
  assert.deepEqual(groupChoices(group("a", "1-of-N", ["x", "y"]), 2), [["x"], ["y"]]);
  const m = group("m", "M-of-N", ["p", "q", "r"]);
  assert.deepEqual(groupChoices(m, 1), [["p"], ["q"], ["r"]]);
  assert.deepEqual(groupChoices(m, 2), [["p"], ["q"], ["r"], ["p", "q"], ["p", "r"], ["q", "r"]]);
  assert.deepEqual(groupChoices({ ...m, max: 1 }, 3), [["p"], ["q"], ["r"]]);
  assert.deepEqual(groupChoices({ ...m, min: 2 }, 1), [["p", "q"], ["p", "r"], ["q", "r"]]);
  assert.equal(groupChoices(m, 3).length, 7);
});

Deno.test("allCombinations: the product of the groups' choices", () => {
  const groups = [group("a", "1-of-N", ["a1", "a2"]), group("m", "M-of-N", ["m1", "m2"])];
  const all = allCombinations(groups, 2);
  assert.equal(all.length, 6);
  assert.equal(countCombinations(groups, 2), 6);
  assert.deepEqual([...all[2]], [["a", ["a1"]], ["m", ["m1", "m2"]]]);
  const four = Array.from({ length: 4 }, (_, i) => group(`g${i}`, "1-of-N", ["a", "b", "c", "d"]));
  assert.equal(allCombinations(four, 2).length, 256);
});

Deno.test("containsSet and minimalSets", () => {
  const combination = new Map([["a", ["a1"]], ["m", ["m1", "m2"]]]);
  assert.equal(
    containsSet(combination, [{ group: "a", option: "a1" }, { group: "m", option: "m2" }]),
    true,
  );
  assert.equal(containsSet(combination, [{ group: "a", option: "a2" }]), false);
  const pair = {
    options: [{ group: "a", option: "a1" }, { group: "m", option: "m1" }],
    reason: "pair",
  };
  const single = { options: [{ group: "m", option: "m1" }], reason: "single" };
  const other = {
    options: [{ group: "a", option: "a2" }, { group: "m", option: "m2" }],
    reason: "other",
  };
  const again = { options: [{ group: "m", option: "m1" }], reason: "again" };
  assert.deepEqual(minimalSets([pair, other, single, again]).map((s) => s.reason), [
    "single",
    "other",
  ]);
});
