/** `implies` and `conflicts` on group options: parsing (positions, wrong types) and validation. */
import assert from "node:assert/strict";
import { parseGroup } from "../../src/registry/manifest/group_text.ts";
import type { Group, Package } from "../../src/registry/types.ts";
import { crossCheck } from "../../src/registry/validate.ts";

const yaml = (...lines: string[]) => lines.join("\n") + "\n";

function parse(name: string, text: string) {
  return parseGroup(text, `/reg/groups/${name}.yaml`, `groups/${name}.yaml`);
}

/** `line:column message` of each problem of one group file. */
function problemsOf(text: string): string[] {
  return parse("g", text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

Deno.test("implies and conflicts: every shape is read, with the position of each entry", () => {
  const { group, problems } = parse(
    "g",
    yaml(
      "name: g",
      "strategy: M-of-N",
      "options:",
      "  - name: a",
      "    implies:",
      "      tokenizer: fast # a scalar",
      "      metrics: [latency, 'accuracy']",
      "      store:",
      "        - s3",
      "        - local",
      "    conflicts: [b]",
      "  - name: b",
      "    conflicts:",
      "      - c",
      "  - name: c",
      "    conflicts: a",
      "  - name: d",
      "    implies:",
      "    conflicts: []",
    ),
  );
  assert.deepEqual(problems, []);
  const [a, b, c, d] = group!.options;
  const at = (line: number, column: number) => ({ file: "groups/g.yaml", line, column });
  assert.deepEqual(a.implies, {
    tokenizer: ["fast"],
    metrics: ["latency", "accuracy"],
    store: ["s3", "local"],
  });
  assert.deepEqual(a.conflicts, ["b"]);
  assert.deepEqual(a.relationsAt, {
    impliedGroups: { tokenizer: at(6, 7), metrics: at(7, 7), store: at(8, 7) },
    implied: {
      "tokenizer/fast": at(6, 18),
      "metrics/latency": at(7, 17),
      "metrics/accuracy": at(7, 26),
      "store/s3": at(9, 11),
      "store/local": at(10, 11),
    },
    conflicts: { b: at(11, 17) },
  });
  assert.deepEqual([b.conflicts, b.relationsAt?.conflicts], [["c"], { c: at(14, 9) }]);
  assert.deepEqual(c.conflicts, ["a"]);
  // `implies:` with no value is absent; an empty list is no conflict at all.
  assert.deepEqual([d.implies, d.conflicts], [undefined, []]);
  // An option without either key has neither field.
  assert.deepEqual(
    Object.keys(
      parse("g", yaml("name: g", "strategy: 1-of-N", "options:", "  - name: x")).group!.options[0],
    ),
    ["name", "position"],
  );
});

Deno.test("implies and conflicts: wrong types are located problems", () => {
  const head = ["name: g", "strategy: M-of-N", "options:", "  - name: a"];
  assert.deepEqual(problemsOf(yaml(...head, "    implies: [x]")), [
    "5:14 'implies' must be a mapping of group to option(s), found a list",
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    implies: metrics")), [
    `5:14 'implies' must be a mapping of group to option(s), found the string "metrics"`,
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    implies:", "      metrics:")), [
    "6:7 'implies' names group 'metrics' but no option",
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    implies:", "      metrics: [x, 3, {y: 1}, x]")), [
    "6:20 'implies' of group 'metrics' must be an option name or a list of option names, found the number 3",
    "6:23 'implies' of group 'metrics' must be an option name or a list of option names, found a mapping",
    "6:31 'x' is listed twice in 'implies' of group 'metrics'",
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    implies:", "      metrics: true")), [
    "6:16 'implies' of group 'metrics' must be an option name or a list of option names, found the boolean true",
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    conflicts: {b: 1}")), [
    "5:16 'conflicts' must be an option name or a list of option names, found a mapping",
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    conflicts: [b, '', a, b]")), [
    `5:20 'conflicts' must be an option name or a list of option names, found the string ""`,
    "5:24 option 'a' cannot conflict with itself",
    "5:27 'b' is listed twice in 'conflicts'",
  ]);
  assert.deepEqual(problemsOf(yaml(...head, "    implie: {}")), [
    "5:5 unknown key 'implie' in an option; ignored",
  ]);
});

// ---- validation across the registry ----

function registry(files: Record<string, string>): { groups: Group[]; packages: Package[] } {
  const groups: Group[] = [];
  for (const [name, text] of Object.entries(files)) {
    const result = parse(name, text);
    assert.deepEqual(result.problems, [], `${name}: ${JSON.stringify(result.problems)}`);
    groups.push(result.group!);
  }
  const packages = groups.flatMap((g) => g.options).map((o): Package => ({
    name: o.name,
    version: "1.0",
    sources: {},
    file: `/reg/packages/${o.name}.yaml`,
    position: { file: `packages/${o.name}.yaml`, line: 1, column: 7 },
  }));
  return { groups, packages };
}

function validate(files: Record<string, string>): string[] {
  const { groups, packages } = registry(files);
  return crossCheck(groups, packages, () => true).map((p) =>
    `${p.file}:${p.line}:${p.column} ${p.message}${p.hint ? ` (hint: ${p.hint})` : ""}`
  );
}

/** A group file: `options` maps each option to its extra lines (already indented by 4). */
function groupFile(
  name: string,
  strategy: string,
  options: Record<string, string[]>,
  ...tail: string[]
) {
  return yaml(
    `name: ${name}`,
    `strategy: ${strategy}`,
    "options:",
    ...Object.entries(options).flatMap(([option, lines]) => [
      `  - name: ${option}`,
      ...lines.map((l) => `    ${l}`),
    ]),
    ...tail,
  );
}

Deno.test("validate: a chain of three across groups is fine", () => {
  assert.deepEqual(
    validate({
      inference: groupFile("inference", "1-of-N", {
        qwen: ["implies: {tokenizer: fast}"],
        deepseek: [],
      }),
      tokenizer: groupFile("tokenizer", "1-of-N", {
        fast: ["implies: {metrics: [latency]}"],
        slow: [],
      }),
      metrics: groupFile("metrics", "M-of-N", { latency: [], legacy: ["conflicts: [latency]"] }),
    }),
    [],
  );
});

Deno.test("validate: unknown groups and options, with suggestions", () => {
  assert.deepEqual(
    validate({
      a: groupFile("a", "M-of-N", {
        x: ["implies:", "  metric: [m1]", "  b: [y, zz]", "conflicts: [m2, nope]"],
        y: [],
      }),
      b: groupFile("b", "M-of-N", { z: [] }),
      metrics: groupFile("metrics", "M-of-N", { m1: [], m2: [] }),
    }),
    [
      "groups/a.yaml:6:7 'x' (group 'a') implies an option of unknown group 'metric' (hint: did you mean 'metrics'?)",
      "groups/a.yaml:7:11 'x' (group 'a') implies 'y', which is not an option of group 'b' (hint: did you mean 'z'?)",
      "groups/a.yaml:7:14 'x' (group 'a') implies 'zz', which is not an option of group 'b' (hint: did you mean 'z'?)",
      "groups/a.yaml:8:21 'x' (group 'a') conflicts with 'nope', which is not an option of any group (hint: name an option that a group offers)",
    ],
  );
});

const CYCLE_HINT =
  "an option cannot imply itself, directly or through others; remove one of these implications";

Deno.test("validate: an implication cycle of three is spelled out once, at its first option", () => {
  assert.deepEqual(
    validate({
      a: groupFile("a", "1-of-N", { a1: ["implies: {b: b1}"], a2: [] }),
      b: groupFile("b", "1-of-N", { b1: ["implies: {c: [c1]}"], b2: [] }),
      c: groupFile("c", "M-of-N", { c1: ["implies:", "  a: a1"], c2: [] }),
    }),
    [
      "groups/a.yaml:5:18 implication cycle: 'a1' (group 'a') implies 'b1' (group 'b') implies " +
      `'c1' (group 'c') implies 'a1' (group 'a') (hint: ${CYCLE_HINT})`,
    ],
  );
});

Deno.test("validate: an option implying itself", () => {
  assert.deepEqual(
    validate({ m: groupFile("m", "M-of-N", { a: ["implies: {m: [b, a]}"], b: [] }) }),
    [`groups/m.yaml:5:22 implication cycle: 'a' (group 'm') implies itself (hint: ${CYCLE_HINT})`],
  );
});

const NEVER = "such an option can never be selected; change its 'implies'";

Deno.test("validate: two options of one 1-of-N group, directly, transitively, or its own group", () => {
  assert.deepEqual(
    validate({
      a: groupFile("a", "M-of-N", {
        direct: ["implies: {t: [fast, slow]}"],
        chain: ["implies: {a: [direct]}"],
        mixed: ["implies: {t: fast, m: [m1]}"],
      }),
      m: groupFile("m", "M-of-N", { m1: ["implies: {t: slow}"] }),
      t: groupFile("t", "1-of-N", { fast: [], slow: [], own: ["implies: {t: fast}"] }),
    }),
    [
      // Reported where it starts: 'chain' only repeats what 'direct' already does.
      `groups/a.yaml:5:25 'direct' (group 'a') implies both 'fast' and 'slow' of 1-of-N group 't' (hint: ${NEVER})`,
      `groups/a.yaml:9:28 'mixed' (group 'a') implies both 'fast' and 'slow' (through 'm1') of 1-of-N group 't' (hint: ${NEVER})`,
      `groups/t.yaml:7:18 'own' (group 't') implies 'fast', another option of its 1-of-N group 't' (hint: ${NEVER})`,
    ],
  );
});

Deno.test("validate: more implied options than an M-of-N group's max", () => {
  assert.deepEqual(
    validate({
      a: groupFile("a", "1-of-N", { x: ["implies: {m: [m1, m2]}"] }),
      m: groupFile("m", "M-of-N", { m1: [], m2: [], m3: ["implies: {m: m1}"] }, "max: 1"),
    }),
    [
      `groups/a.yaml:5:23 'x' (group 'a') implies 2 options of group 'm' ('m1', 'm2'), which allows at most 1 (hint: ${NEVER})`,
      `groups/m.yaml:7:18 'm3' (group 'm') implies 2 options of group 'm' ('m3', 'm1'), which allows at most 1 (hint: ${NEVER})`,
    ],
  );
});

Deno.test("validate: an implication that contradicts a declared conflict", () => {
  assert.deepEqual(
    validate({
      a: groupFile("a", "M-of-N", {
        x: ["implies: {m: [m1]}", "conflicts: [m1]"],
        y: ["implies: {m: [m1, m2]}"],
      }),
      m: groupFile("m", "M-of-N", { m1: [], m2: ["conflicts: [m1]"] }),
    }),
    [
      "groups/a.yaml:5:19 'x' (group 'a') implies 'm1' but conflicts with it (declared at " +
      `groups/a.yaml:6:17) (hint: ${NEVER})`,
      "groups/a.yaml:8:19 'y' (group 'a') implies 'm2' and 'm1', but 'm2' conflicts with 'm1' " +
      `(declared at groups/m.yaml:6:17) (hint: ${NEVER})`,
    ],
  );
});

Deno.test("implies: a group named __proto__ is an own key (then an unknown group), not a prototype", () => {
  const { group } = parse(
    "g",
    yaml(
      "name: g",
      "strategy: 1-of-N",
      "options:",
      "  - name: a",
      "    implies:",
      "      __proto__: [x]",
      "    conflicts: [__proto__]",
    ),
  );
  const option = group!.options[0];
  assert.deepEqual(Object.keys(option.implies!), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(option.implies), Object.prototype);
  assert.deepEqual(Object.keys(option.relationsAt!.impliedGroups), ["__proto__"]);
  const problems = crossCheck([group!], [], () => true).map((p) => p.message);
  assert.ok(problems.some((m) => m.includes("__proto__")), problems.join("\n"));
});
