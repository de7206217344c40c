import assert from "node:assert/strict";
import { parseGroup } from "../../src/registry/manifest/group_text.ts";

/** `[line:column severity] message (hint)` for compact comparisons. */
function run(
  text: string,
  stem = "g",
): { lines: string[]; group: ReturnType<typeof parseGroup>["group"] } {
  const result = parseGroup(text, `/reg/groups/${stem}.yaml`, `groups/${stem}.yaml`);
  for (const problem of result.problems) assert.equal(problem.file, `groups/${stem}.yaml`);
  return {
    lines: result.problems.map((p) =>
      `${p.line}:${p.column} ${p.severity} ${p.message}${p.hint ? ` (hint: ${p.hint})` : ""}`
    ),
    group: result.group,
  };
}

const yaml = (...lines: string[]) => lines.join("\n") + "\n";
const base = ["name: g", "strategy: M-of-N", "options:", "  - name: a", "  - name: b"];

Deno.test("parseGroup reads a valid group with every field", () => {
  const { lines, group } = run(yaml(
    'name: "g"',
    'type: "group"',
    'strategy: "M-of-N"',
    'description: "Metrics"',
    "options:",
    '  - name: "a"',
    '    description: "first"',
    '  - name: "b"',
    'default: ["a"]',
    "min: 1",
    "max: 2",
  ));
  assert.deepEqual(lines, []);
  assert.deepEqual(group, {
    name: "g",
    strategy: "M-of-N",
    description: "Metrics",
    options: [
      { name: "a", description: "first", position: { file: "groups/g.yaml", line: 6, column: 11 } },
      { name: "b", position: { file: "groups/g.yaml", line: 8, column: 11 } },
    ],
    default: ["a"],
    min: 1,
    max: 2,
    file: "/reg/groups/g.yaml",
    position: { file: "groups/g.yaml", line: 1, column: 7 },
  });
});

Deno.test("parseGroup: a 1-of-N default may be a string or a one-entry list", () => {
  for (const value of ["a", "[a]"]) {
    const { lines, group } = run(
      yaml("name: g", "strategy: 1-of-N", "options: [{name: a}, {name: b}]", `default: ${value}`),
    );
    assert.deepEqual(lines, []);
    assert.deepEqual(group?.default, ["a"]);
  }
});

const cases: { name: string; text: string; stem?: string; expected: string[]; usable?: boolean }[] =
  [
    {
      name: "unknown key with a near miss",
      text: yaml("name: g", "stratgy: 1-of-N", "options: [{name: a}]"),
      expected: [
        `1:1 error the group has no 'strategy' (hint: add 'strategy: "1-of-N"' (exactly one option) or 'strategy: "M-of-N"' (several))`,
        "2:1 warning unknown key 'stratgy' in a group; ignored (hint: did you mean 'strategy'?)",
      ],
    },
    {
      name: "unknown key without a near miss lists the allowed keys",
      text: yaml(...base, "colour: red"),
      expected: [
        "6:1 warning unknown key 'colour' in a group; ignored (hint: allowed keys: 'name', 'strategy', 'options', 'description', 'default', 'min', 'max', 'type')",
      ],
      usable: true,
    },
    {
      name: "name of the wrong type",
      text: yaml("name: 5", "strategy: 1-of-N", "options: [{name: a}]"),
      expected: [
        `1:7 error 'name' must be a string, found the number 5 (hint: quote it: 'name: "5"')`,
      ],
    },
    {
      name: "name differing from the file name",
      text: yaml("name: other", "strategy: 1-of-N", "options: [{name: a}]"),
      expected: [
        `1:7 error group name 'other' differs from its file name 'g.yaml' (hint: rename the file to 'other.yaml', or write 'name: "g"')`,
      ],
      usable: true,
    },
    {
      name: "unknown strategy with a near miss",
      text: yaml("name: g", "strategy: 1-of-n", "options: [{name: a}]"),
      expected: [
        "2:11 error unknown strategy '1-of-n'; allowed: '1-of-N', 'M-of-N' (hint: did you mean '1-of-N'?)",
      ],
    },
    {
      name: "unknown strategy without a near miss",
      text: yaml("name: g", "strategy: any", "options: [{name: a}]"),
      expected: [
        `2:11 error unknown strategy 'any'; allowed: '1-of-N', 'M-of-N' (hint: add 'strategy: "1-of-N"' (exactly one option) or 'strategy: "M-of-N"' (several))`,
      ],
    },
    {
      name: "legacy type other than group",
      text: yaml(...base, "type: library"),
      expected: [
        `6:7 error 'type' of a group can only be "group", found the string "library" (hint: remove 'type'; the original hpm's marker is optional)`,
      ],
      usable: true,
    },
    {
      name: "bare string options",
      text: yaml("name: g", "strategy: M-of-N", "options:", "  - a", "  - name: b"),
      expected: [
        `4:5 error an option must be a mapping with 'name', found the string "a" (hint: write it as '- name: a')`,
      ],
      usable: true,
    },
    {
      name: "options that are not a list",
      text: yaml("name: g", "strategy: M-of-N", "options: a"),
      expected: [
        `3:10 error 'options' must be a list, found the string "a" (hint: list the packages to choose from, e.g. 'options:' then '  - name: my-package')`,
      ],
    },
    {
      name: "empty options",
      text: yaml("name: g", "strategy: M-of-N", "options: []"),
      expected: [
        "3:10 error group 'g' has no options (hint: list the packages to choose from, e.g. 'options:' then '  - name: my-package')",
      ],
      usable: true,
    },
    {
      name: "an option listed twice",
      text: yaml(...base, "  - name: a"),
      expected: [
        "6:11 error option 'a' is listed twice in group 'g' (hint: it is already listed at line 4; remove one)",
      ],
      usable: true,
    },
    {
      name: "unknown key in an option",
      text: yaml(...base, "    descripton: x"),
      expected: [
        "6:5 warning unknown key 'descripton' in an option; ignored (hint: did you mean 'description'?)",
      ],
      usable: true,
    },
    {
      name: "default that is not an option",
      text: yaml(...base, "default: [a, c]"),
      expected: ["6:14 error default 'c' is not an option of group 'g' (hint: did you mean 'a'?)"],
      usable: true,
    },
    {
      name: "default far from every option",
      text: yaml(...base, "default: zzzzzz"),
      expected: [
        "6:10 error default 'zzzzzz' is not an option of group 'g' (hint: options: 'a', 'b')",
      ],
      usable: true,
    },
    {
      name: "default of the wrong type",
      text: yaml(...base, "default: {a: 1}"),
      expected: ["6:10 error 'default' must be an option name (a string), found a mapping"],
      usable: true,
    },
    {
      name: "a 1-of-N group with two defaults",
      text: yaml(
        "name: g",
        "strategy: 1-of-N",
        "options: [{name: a}, {name: b}]",
        "default: [a, b]",
      ),
      expected: [
        `4:10 error a 1-of-N group takes exactly one default, found 2 (hint: keep one, e.g. 'default: "a"')`,
      ],
      usable: true,
    },
    {
      name: "min and max on a 1-of-N group",
      text: yaml(
        "name: g",
        "strategy: 1-of-N",
        "options: [{name: a}, {name: b}]",
        "min: 1",
        "max: 1",
      ),
      expected: [
        `4:1 error 'min' applies only to M-of-N groups; a 1-of-N group takes exactly one option (hint: remove 'min', or use 'strategy: "M-of-N"')`,
        `5:1 error 'max' applies only to M-of-N groups; a 1-of-N group takes exactly one option (hint: remove 'max', or use 'strategy: "M-of-N"')`,
      ],
      usable: true,
    },
    {
      name: "min greater than max",
      text: yaml(...base, "min: 2", "max: 1"),
      expected: ["6:6 error 'min' (2) is greater than 'max' (1); no selection can satisfy both"],
      usable: true,
    },
    {
      name: "max of zero",
      text: yaml(...base, "max: 0"),
      expected: [
        "6:6 error 'max' must be at least 1, found 0 (hint: remove 'max' to allow any number)",
      ],
      usable: true,
    },
    {
      name: "min above the number of options",
      text: yaml(...base, "min: 3"),
      expected: ["6:6 error 'min' is 3 but the group has only 2 options"],
      usable: true,
    },
    {
      name: "bounds of the wrong type",
      text: yaml(...base, "min: -1", 'max: "2"'),
      expected: [
        "6:6 error 'min' must be a non-negative integer, found the number -1",
        `7:6 error 'max' must be a non-negative integer, found the string "2" (hint: write 'max: 2' unquoted)`,
      ],
      usable: true,
    },
    {
      name: "default list shorter than min",
      text: yaml(...base, "default: [a]", "min: 2"),
      expected: ["6:10 error 'default' selects 1 option but 'min' is 2"],
      usable: true,
    },
    {
      name: "default list longer than max",
      text: yaml(...base, "default: [a, b]", "max: 1"),
      expected: ["6:10 error 'default' selects 2 options but 'max' is 1"],
      usable: true,
    },
    {
      name: "YAML syntax error",
      text: yaml("name: g", "strategy: 1-of-N", "options: [{name: a}", "default: a"),
      expected: [
        "4:1 error YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
      ],
    },
    {
      name: "duplicate key",
      text: yaml("name: g", "strategy: 1-of-N", "name: h"),
      expected: ["3:1 error YAML: key 'name' appears twice in the same mapping"],
    },
    {
      name: "alias without anchor",
      text: yaml("name: g", "strategy: 1-of-N", "options: *opts"),
      expected: ["3:10 error YAML: alias '*opts' names no anchor ('&opts') before it"],
    },
    {
      name: "empty file",
      text: "# nothing\n",
      expected: [
        "1:1 error the group file is empty (hint: a group needs 'name', 'strategy' and 'options')",
      ],
    },
    {
      name: "a list at the top",
      text: yaml("- name: g"),
      expected: ["1:1 error a group must be a mapping, found a list"],
    },
  ];

for (const c of cases) {
  Deno.test(`parseGroup: ${c.name}`, () => {
    const { lines, group } = run(c.text, c.stem);
    assert.deepEqual(lines, c.expected);
    assert.equal(group !== undefined, c.usable ?? false, "whether the group is returned");
  });
}

Deno.test("parseGroup follows aliases to their anchors", () => {
  const { lines, group } = run(
    yaml(
      "name: g",
      "strategy: M-of-N",
      "options:",
      "  - &first {name: a}",
      "  - {name: b}",
      "default: [a]",
    ),
  );
  assert.deepEqual(lines, []);
  assert.deepEqual(group?.options.map((o) => o.name), ["a", "b"]);
});

Deno.test("parseGroup accepts an empty default list for M-of-N and treats 'default:' as absent", () => {
  assert.deepEqual(run(yaml(...base, "default: []")).group?.default, []);
  assert.equal(run(yaml(...base, "default:")).group?.default, undefined);
});

Deno.test("parseGroup accepts .yml files and compares the name with the stem", () => {
  const result = parseGroup(
    yaml("name: g", "strategy: 1-of-N", "options: [{name: a}]"),
    "/reg/groups/g.yml",
    "groups/g.yml",
  );
  assert.deepEqual(result.problems, []);
  assert.equal(result.group?.name, "g");
});

Deno.test("parseGroup: a group name registry add-group would refuse is a problem here too", () => {
  for (const stem of ["a b*$x'", "-dash", "x."]) {
    const { lines } = run(
      yaml(`name: "${stem}"`, "strategy: 1-of-N", "options:", "  - name: a"),
      stem,
    );
    assert.deepEqual(lines, [
      `1:7 error group name '${stem}' is not valid: use letters, digits, '-', '_' and '.', ` +
      "starting and ending with a letter or digit (hint: rename the group (and its file))",
    ]);
  }
  assert.deepEqual(
    run(yaml("name: my.group_2", "strategy: 1-of-N", "options:", "  - name: a"), "my.group_2")
      .lines,
    [],
  );
});
