import assert from "node:assert/strict";
import { HpmError } from "../../src/errors.ts";
import { readTomlAstFast } from "../../src/pyproject/fast_toml_ast.ts";
import {
  detectEol,
  type EditOp,
  editPyproject,
  firstDifference,
  verifyEdit,
} from "../../src/pyproject/editor.ts";

const FILE = "pyproject.toml";

/** A uv-style pyproject with comments in all the awkward places. */
const UV = `# Benchmark project for VLM adapters.
[project]
name = "vlm-bench"
version = "0.1.0" # bumped by release.sh
requires-python = ">=3.11"
dependencies = [
    "numpy>=1.26",
    # HTTP
    "requests>=2.31", # pinned below 3
    "rich",
]

[build-system]
requires = ["uv_build>=0.13.0,<0.14.0"]
build-backend = "uv_build"

[tool.ruff]
line-length = 100
lint.select = ["E", "F"]
"quoted.key" = true

[tool.uv]
dev-dependencies = ["pytest>=8"]

[[tool.uv.index]]
name = "pytorch-cpu"
url = "https://download.pytorch.org/whl/cpu"
explicit = true

[tool.uv.sources]
# local checkouts
mylib = { path = "../mylib", editable = true }
torch = { index = "pytorch-cpu" } # CPU wheels
`;

/** The seed guide's project. */
const SEED = `[project]
name = "vlm-bench"
version = "0.1.0"
description = "The seed guide's example project: pick a VLM adapter and metrics with hpm"
requires-python = ">=3.11"
dependencies = []
`;

/** Replaces the first occurrence of each `[from, to]` pair in `text`, checking it is there. */
function edited(text: string, ...pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    assert.ok(out.includes(from), `fixture lacks ${JSON.stringify(from)}`);
    out = out.replace(from, () => to);
  }
  return out;
}

interface Case {
  name: string;
  input: string;
  ops: EditOp[];
  expected: string;
}

function run(cases: Case[]): void {
  for (const c of cases) {
    Deno.test(`editPyproject: ${c.name}`, async () => {
      assert.equal(await editPyproject(c.input, FILE, c.ops), c.expected);
    });
  }
}

const deps = ["project", "dependencies"];
const sources = ["tool", "uv", "sources"];
const index = ["tool", "uv", "index"];

run([
  {
    name: "push into a multi-line array with a trailing comma",
    input: UV,
    ops: [{ op: "arrayPush", path: deps, value: "httpx>=0.27" }],
    expected: edited(UV, ['    "rich",\n', '    "rich",\n    "httpx>=0.27",\n']),
  },
  {
    name: "set keeps the trailing comment",
    input: UV,
    ops: [{ op: "set", path: ["project", "version"], value: "0.2.0" }],
    expected: edited(UV, ['version = "0.1.0" #', 'version = "0.2.0" #']),
  },
  {
    name: "replace an inline table keeping its comment, add a source after the last one",
    input: UV,
    ops: [
      { op: "set", path: [...sources, "torch"], value: { index: "pytorch-gpu" } },
      { op: "set", path: [...sources, "vlm-adapter-qwen"], value: { path: "p", editable: true } },
    ],
    expected: edited(UV, [
      'torch = { index = "pytorch-cpu" } # CPU wheels\n',
      'torch = { index = "pytorch-gpu" } # CPU wheels\n' +
      'vlm-adapter-qwen = { path = "p", editable = true }\n',
    ]),
  },
  {
    name: "[tool.hpm] after the last [tool.*] table, [tool.hpm.groups] after [tool.hpm]",
    input: UV,
    ops: [
      { op: "set", path: ["tool", "hpm", "registry"], value: "./registry" },
      { op: "set", path: ["tool", "hpm", "groups", "inference"], value: "vlm-adapter-qwen" },
      { op: "set", path: ["tool", "hpm", "groups", "metrics"], value: ["metric-latency"] },
    ],
    expected: UV + `
[tool.hpm]
registry = "./registry"

[tool.hpm.groups]
inference = "vlm-adapter-qwen"
metrics = ["metric-latency"]
`,
  },
  {
    name: "[tool.uv.sources] goes after the last [tool.uv…] table",
    input: `[tool.uv]
package = true

[[tool.uv.index]]
name = "a"
url = "https://a"

# Lint settings
[tool.ruff]
line-length = 100
`,
    ops: [{ op: "set", path: [...sources, "x"], value: { path: "../x" } }],
    expected: `[tool.uv]
package = true

[[tool.uv.index]]
name = "a"
url = "https://a"

[tool.uv.sources]
x = { path = "../x" }

# Lint settings
[tool.ruff]
line-length = 100
`,
  },
  {
    name: "delete a source and a dependency with its comment, append an index",
    input: UV,
    ops: [
      { op: "delete", path: [...sources, "mylib"] },
      { op: "arrayRemoveWhere", path: deps, predicate: (v) => v === "requests>=2.31" },
      {
        op: "arrayOfTablesAppend",
        path: index,
        entries: { name: "internal", url: "https://pypi.internal/simple", explicit: true },
      },
    ],
    expected: edited(
      UV,
      ['    "requests>=2.31", # pinned below 3\n', ""],
      ['mylib = { path = "../mylib", editable = true }\n', ""],
      [
        "explicit = true\n",
        'explicit = true\n\n[[tool.uv.index]]\nname = "internal"\n' +
        'url = "https://pypi.internal/simple"\nexplicit = true\n',
      ],
    ),
  },
  {
    name: "remove the only [[tool.uv.index]] with one of the blank lines around it",
    input: UV,
    ops: [{
      op: "arrayOfTablesRemoveWhere",
      path: index,
      predicate: (e) => e.name === "pytorch-cpu",
    }],
    expected: edited(UV, [
      '[[tool.uv.index]]\nname = "pytorch-cpu"\nurl = "https://download.pytorch.org/whl/cpu"\n' +
      "explicit = true\n\n",
      "",
    ]),
  },
  {
    name: "dotted and quoted keys inside [tool.ruff]",
    input: UV,
    ops: [
      { op: "set", path: ["tool", "ruff", "lint", "ignore"], value: ["E501"] },
      { op: "set", path: ["tool", "ruff", "quoted.key"], value: false },
      { op: "set", path: ["tool", "ruff", "other.key"], value: 1.5 },
    ],
    expected: edited(UV, [
      'lint.select = ["E", "F"]\n"quoted.key" = true\n',
      'lint.select = ["E", "F"]\nlint.ignore = ["E501"]\n"quoted.key" = false\n' +
      '"other.key" = 1.5\n',
    ]),
  },
  {
    name: "delete a quoted key and a dotted key",
    input: UV,
    ops: [
      { op: "delete", path: ["tool", "ruff", "quoted.key"] },
      { op: "delete", path: ["tool", "ruff", "lint"] },
    ],
    expected: edited(UV, ['lint.select = ["E", "F"]\n"quoted.key" = true\n', ""]),
  },
  {
    name: "seed: push into an empty array",
    input: SEED,
    ops: [{ op: "arrayPush", path: deps, value: "vlm-adapter-qwen" }],
    expected: edited(SEED, ["dependencies = []", 'dependencies = ["vlm-adapter-qwen"]']),
  },
  {
    name: "seed: push into an empty multi-line array with a comment after '[' (indented)",
    input: SEED.replace("dependencies = []", "dependencies = [ # none yet\n]"),
    ops: [{ op: "arrayPush", path: deps, value: "vlm-adapter-qwen" }],
    expected: SEED.replace(
      "dependencies = []",
      'dependencies = [ # none yet\n    "vlm-adapter-qwen",\n]',
    ),
  },
  {
    name: "seed: push into an empty multi-line array whose comment line shows the indent",
    input: SEED.replace("dependencies = []", "dependencies = [\n  # none yet\n]"),
    ops: [{ op: "arrayPush", path: deps, value: "vlm-adapter-qwen" }],
    expected: SEED.replace(
      "dependencies = []",
      'dependencies = [\n  # none yet\n  "vlm-adapter-qwen",\n]',
    ),
  },
  {
    name: "seed: a new table at the end after one blank line",
    input: SEED,
    ops: [{ op: "set", path: ["tool", "hpm", "groups", "inference"], value: "vlm-adapter-qwen" }],
    expected: SEED + '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n',
  },
  {
    name: "seed: ensureTable, then set into it, then a second ensureTable is a no-op",
    input: SEED,
    ops: [
      { op: "ensureTable", path: ["tool", "hpm", "groups"] },
      { op: "set", path: ["tool", "hpm", "groups", "inference"], value: "vlm-adapter-qwen" },
      { op: "ensureTable", path: ["tool", "hpm", "groups"] },
    ],
    expected: SEED + '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n',
  },
  {
    name: "seed: managed list and an editable source, then the group",
    input: SEED,
    ops: [
      { op: "arrayPush", path: ["tool", "hpm", "managed"], value: "vlm-adapter-qwen" },
      { op: "set", path: [...sources, "vlm-adapter-qwen"], value: { path: "p", editable: true } },
      { op: "set", path: ["tool", "hpm", "groups", "inference"], value: "vlm-adapter-qwen" },
    ],
    expected: SEED + `
[tool.hpm]
managed = ["vlm-adapter-qwen"]

[tool.hpm.groups]
inference = "vlm-adapter-qwen"

[tool.uv.sources]
vlm-adapter-qwen = { path = "p", editable = true }
`,
  },
  {
    name: "CRLF: every inserted line uses CRLF",
    input: '[project]\r\nname = "x"\r\ndependencies = [\r\n  "a",\r\n]\r\n',
    ops: [
      { op: "arrayPush", path: deps, value: "b" },
      { op: "set", path: ["project", "version"], value: "1" },
      { op: "set", path: ["tool", "hpm", "mode"], value: "editable" },
    ],
    expected: '[project]\r\nname = "x"\r\ndependencies = [\r\n  "a",\r\n  "b",\r\n]\r\n' +
      'version = "1"\r\n\r\n[tool.hpm]\r\nmode = "editable"\r\n',
  },
  {
    name: "CRLF: delete a line and a table",
    input: "[a]\r\nx = 1\r\ny = 2\r\n\r\n[b]\r\n\r\n[c]\r\nz = 3\r\n",
    ops: [
      { op: "delete", path: ["a", "x"] },
      { op: "deleteTableIfEmpty", path: ["b"] },
    ],
    expected: "[a]\r\ny = 2\r\n\r\n[c]\r\nz = 3\r\n",
  },
  {
    name: "no final newline: a new key stays without one",
    input: '[project]\nname = "x"',
    ops: [{ op: "set", path: ["project", "version"], value: "1" }],
    expected: '[project]\nname = "x"\nversion = "1"',
  },
  {
    name: "no final newline: a new table at the end",
    input: '[project]\nname = "x"',
    ops: [{ op: "set", path: ["tool", "hpm", "mode"], value: "editable" }],
    expected: '[project]\nname = "x"\n\n[tool.hpm]\nmode = "editable"',
  },
  {
    name: "no final newline: deleting the last line",
    input: '[project]\nname = "x"\nversion = "1"',
    ops: [{ op: "delete", path: ["project", "version"] }],
    expected: '[project]\nname = "x"',
  },
  {
    name: "top-level dotted keys stay dotted",
    input: `tool.hpm.groups.inference = "a" # chosen
tool.hpm.registry = "./r"

[project]
name = "x"
`,
    ops: [
      { op: "set", path: ["tool", "hpm", "groups", "metrics"], value: ["m"] },
      { op: "set", path: ["tool", "hpm", "modes", "a"], value: "editable" },
      { op: "set", path: ["tool", "uv", "sources", "a"], value: { path: "p" } },
    ],
    expected: `tool.hpm.groups.inference = "a" # chosen
tool.hpm.groups.metrics = ["m"]
tool.hpm.registry = "./r"
tool.hpm.modes.a = "editable"
tool.uv.sources.a = { path = "p" }

[project]
name = "x"
`,
  },
  {
    name: "dotted keys under [tool]",
    input: '[tool]\nhpm.groups.inference = "a"\n\n[tool.ruff]\nx = 1\n',
    ops: [
      { op: "set", path: ["tool", "hpm", "groups", "metrics"], value: "m" },
      { op: "delete", path: ["tool", "hpm", "groups", "inference"] },
    ],
    expected: '[tool]\nhpm.groups.metrics = "m"\n\n[tool.ruff]\nx = 1\n',
  },
  {
    name: "inline tables are edited in place",
    input: `[tool]
hpm = { groups = { inference = "a" } } # hpm
uv = { sources = {} }
`,
    ops: [
      { op: "set", path: ["tool", "hpm", "groups", "metrics"], value: "m" },
      { op: "set", path: ["tool", "hpm", "modes", "a"], value: "editable" },
      { op: "set", path: ["tool", "uv", "sources", "my.pkg"], value: { path: "p" } },
      { op: "delete", path: ["tool", "hpm", "groups", "inference"] },
    ],
    expected: `[tool]
hpm = { groups = { metrics = "m" }, modes = { a = "editable" } } # hpm
uv = { sources = { "my.pkg" = { path = "p" } } }
`,
  },
  {
    name: "deleting inline-table entries fixes the commas",
    input: "s = { a = 1, b = 2, c = 3 }\nt = { only = 1 }\n",
    ops: [
      { op: "delete", path: ["s", "b"] },
      { op: "delete", path: ["s", "c"] },
      { op: "delete", path: ["t", "only"] },
      { op: "delete", path: ["s", "absent"] },
    ],
    expected: "s = { a = 1 }\nt = {}\n",
  },
  {
    name: "delete keeps comments on other lines",
    input: "[a]\n# about x\nx = 1 # x itself\ny = 2\n",
    ops: [{ op: "delete", path: ["a", "x"] }],
    expected: "[a]\n# about x\ny = 2\n",
  },
  {
    name: "deleteTableIfEmpty removes a bare header and one blank line",
    input: "[a]\nx = 1\n\n[tool.hpm.groups]\n\n[c]\ny = 2\n",
    ops: [{ op: "deleteTableIfEmpty", path: ["tool", "hpm", "groups"] }],
    expected: "[a]\nx = 1\n\n[c]\ny = 2\n",
  },
  {
    name: "deleteTableIfEmpty at the end of the file, after deleting its last key",
    input: '[project]\nname = "x"\n\n[tool.hpm.groups]\ninference = "a"\n',
    ops: [
      { op: "delete", path: ["tool", "hpm", "groups", "inference"] },
      { op: "deleteTableIfEmpty", path: ["tool", "hpm", "groups"] },
    ],
    expected: '[project]\nname = "x"\n',
  },
  {
    name: "deleteTableIfEmpty keeps tables with keys or comments",
    input: "[a]\nx = 1\n\n[b] # keep\n\n[c]\n# note\n\n# next\n[d]\n",
    ops: [
      { op: "deleteTableIfEmpty", path: ["a"] },
      { op: "deleteTableIfEmpty", path: ["b"] },
      { op: "deleteTableIfEmpty", path: ["c"] },
      { op: "deleteTableIfEmpty", path: ["absent"] },
    ],
    expected: "[a]\nx = 1\n\n[b] # keep\n\n[c]\n# note\n\n# next\n[d]\n",
  },
  {
    name: "deleteTableIfEmpty ignores the lead-in comment of the next table",
    input: "[a]\nx = 1\n\n[b]\n\n# Next\n[c]\ny = 2\n",
    ops: [{ op: "deleteTableIfEmpty", path: ["b"] }],
    expected: "[a]\nx = 1\n\n# Next\n[c]\ny = 2\n",
  },
  {
    name: "[[tool.uv.index]] created after [tool.uv]",
    input: "[tool.uv]\npackage = true\n\n[tool.ruff]\nx = 1\n",
    ops: [
      { op: "arrayOfTablesAppend", path: index, entries: { name: "a", url: "https://a" } },
      { op: "arrayOfTablesAppend", path: index, entries: { name: "b", url: "https://b" } },
    ],
    expected: '[tool.uv]\npackage = true\n\n[[tool.uv.index]]\nname = "a"\nurl = ' +
      '"https://a"\n\n[[tool.uv.index]]\nname = "b"\nurl = "https://b"\n\n[tool.ruff]\nx = 1\n',
  },
  {
    name: "removing every [[tool.uv.index]] drops the tables that only existed for it",
    input:
      '[project]\nname = "x"\n\n[[tool.uv.index]]\nname = "a"\n\n[[tool.uv.index]]\nname = "b"\n',
    ops: [{ op: "arrayOfTablesRemoveWhere", path: index, predicate: () => true }],
    expected: '[project]\nname = "x"\n',
  },
  {
    name: "a super-table goes before its existing sub-table",
    input: '[project]\nname = "x"\n\n[tool.hpm.groups]\ninference = "a"\n',
    ops: [{ op: "set", path: ["tool", "hpm", "registry"], value: "./r" }],
    expected:
      '[project]\nname = "x"\n\n[tool.hpm]\nregistry = "./r"\n\n[tool.hpm.groups]\ninference = "a"\n',
  },
  {
    name: "top-level keys: after the last one, or before the first table, or in an empty file",
    input: "# top\n[a]\nx = 1\n",
    ops: [
      { op: "set", path: ["k1"], value: 1 },
      { op: "set", path: ["k2"], value: 2 },
    ],
    expected: "# top\nk1 = 1\nk2 = 2\n\n[a]\nx = 1\n",
  },
  {
    name: "empty file",
    input: "",
    ops: [
      { op: "set", path: ["k"], value: true },
      { op: "set", path: ["tool", "hpm", "mode"], value: "editable" },
    ],
    expected: 'k = true\n\n[tool.hpm]\nmode = "editable"\n',
  },
  {
    name: "CRLF: multi-line array push and remove",
    input: 'deps = [\r\n  "a", # x\r\n  "b"\r\n]\r\n',
    ops: [
      { op: "arrayPush", path: ["deps"], value: "c" },
      { op: "arrayRemoveWhere", path: ["deps"], predicate: (v) => v === "a" },
    ],
    expected: 'deps = [\r\n  "b",\r\n  "c"\r\n]\r\n',
  },
  {
    name: "a byte order mark is kept",
    input: '\uFEFF[project]\nname = "x"\n',
    ops: [{ op: "set", path: ["project", "version"], value: "1" }],
    expected: '\uFEFF[project]\nname = "x"\nversion = "1"\n',
  },
  {
    name: "remove a middle [[tool.uv.index]] and all of a static array of tables",
    input: `[[tool.uv.index]]
name = "a"

[[tool.uv.index]]
name = "b"

[[tool.uv.index]]
name = "c"

[other]
list = [{ n = 1 }, { n = 2 }]
`,
    ops: [
      { op: "arrayOfTablesRemoveWhere", path: index, predicate: (e) => e.name === "b" },
      { op: "arrayOfTablesRemoveWhere", path: ["other", "list"], predicate: () => true },
    ],
    expected: `[[tool.uv.index]]
name = "a"

[[tool.uv.index]]
name = "c"

[other]
list = []
`,
  },
  {
    name: "values: escapes, numbers, booleans, nested arrays, empty inline table",
    input: "[t]\n",
    ops: [{
      op: "set",
      path: ["t", "v"],
      value: {
        s: 'q"\\\n\t\u0001\u007f é',
        i: -3,
        f: 0.5,
        b: false,
        a: [[1], ["x"]],
        e: {},
      },
    }],
    expected: '[t]\nv = { s = "q\\"\\\\\\n\\t\\u0001\\u007F é", i = -3, f = 0.5, b = false, ' +
      'a = [[1], ["x"]], e = {} }\n',
  },
]);

const MULTI = (body: string) => `deps = [\n${body}]\n`;

run([
  ["single line", 'deps = ["a", "b"]\n', 'deps = ["a", "b", "c"]\n'],
  ["single line, trailing comma", 'deps = ["a", "b",]\n', 'deps = ["a", "b", "c",]\n'],
  ["empty", "deps = []\n", 'deps = ["c"]\n'],
  ["empty with a space", "deps = [ ]\n", 'deps = ["c"]\n'],
  ["multi-line empty", "deps = [\n]\n", 'deps = [\n    "c",\n]\n'],
  [
    "multi-line empty with a comment",
    "deps = [\n  # none yet\n]\n",
    'deps = [\n  # none yet\n  "c",\n]\n',
  ],
  ["trailing comma", MULTI('  "a",\n  "b",\n'), MULTI('  "a",\n  "b",\n  "c",\n')],
  ["no trailing comma", MULTI('  "a",\n  "b"\n'), MULTI('  "a",\n  "b",\n  "c"\n')],
  [
    "comment after comma",
    MULTI('  "a",\n  "b", # note\n'),
    MULTI('  "a",\n  "b", # note\n  "c",\n'),
  ],
  ["comment, no comma", MULTI('  "a",\n  "b" # note\n'), MULTI('  "a",\n  "b", # note\n  "c"\n')],
  [
    "closing comment line",
    MULTI('  "a",\n  # more later\n'),
    MULTI('  "a",\n  "c",\n  # more later\n'),
  ],
  [
    "closing bracket on the last line",
    'deps = [\n  "a",\n  "b"]\n',
    'deps = [\n  "a",\n  "b",\n  "c"]\n',
  ],
  ["first element on the bracket line", 'deps = ["a",\n]\n', 'deps = ["a",\n    "c",\n]\n'],
  ["absent array is created", "[x]\ndeps = 1\n", '[x]\ndeps = 1\nlist = ["c"]\n', "x.list"],
].map(([name, input, expected, path = "deps"]): Case => ({
  name: `arrayPush: ${name}`,
  input,
  ops: [{ op: "arrayPush", path: path.split("."), value: "c" }],
  expected,
})));

run([
  [
    "multi-line: the element's line with its comment",
    MULTI('  "a",\n  "b", # note\n  "c",\n'),
    MULTI('  "a",\n  "c",\n'),
  ],
  [
    "multi-line: last without comma drops the previous comma",
    MULTI('  "a", # x\n  "b"\n'),
    MULTI('  "a" # x\n'),
  ],
  ["multi-line: keeps a closing comment", MULTI('  "b",\n  # end\n'), MULTI("  # end\n")],
  ["multi-line: the only element", MULTI('    "b",\n'), "deps = []\n"],
  ["two per line: the second", MULTI('  "a", "b",\n  "c",\n'), MULTI('  "a",\n  "c",\n')],
  ["two per line: the first", MULTI('  "b", "a",\n  "c",\n'), MULTI('  "a",\n  "c",\n')],
  ["closing bracket after it", 'deps = [\n  "a",\n  "b"]\n', 'deps = [\n  "a"]\n'],
  ["single line: first", 'deps = ["b", "a"]\n', 'deps = ["a"]\n'],
  ["single line: middle", 'deps = ["a", "b", "c"]\n', 'deps = ["a", "c"]\n'],
  ["single line: last", 'deps = ["a", "b"]\n', 'deps = ["a"]\n'],
  ["single line: last, trailing comma", 'deps = ["a", "b",]\n', 'deps = ["a",]\n'],
  ["single line: only", 'deps = [ "b" ]\n', "deps = []\n"],
  ["single line: every match", 'deps = ["b", "a", "b", "b"]\n', 'deps = ["a"]\n'],
  ["no match", 'deps = ["a"]\n', 'deps = ["a"]\n'],
].map(([name, input, expected]): Case => ({
  name: `arrayRemoveWhere: ${name}`,
  input,
  ops: [{ op: "arrayRemoveWhere", path: ["deps"], predicate: (v: unknown) => v === "b" }],
  expected,
})));

Deno.test("editPyproject: an unchanged document is returned as the same string", async () => {
  const ops: EditOp[] = [
    { op: "set", path: ["project", "name"], value: "vlm-bench" },
    { op: "delete", path: ["tool", "absent"] },
    { op: "arrayRemoveWhere", path: deps, predicate: () => false },
  ];
  assert.equal(await editPyproject(UV, FILE, ops), UV);
  const literal = "name = 'x' # literal\n";
  assert.equal(
    await editPyproject(literal, FILE, [{ op: "set", path: ["name"], value: "x" }]),
    literal,
  );
});

Deno.test("editPyproject: conflicting shapes are refused with the key's place", async () => {
  const text = '[tool.hpm]\ngroups = "oops"\n';
  const op: EditOp = { op: "set", path: ["tool", "hpm", "groups", "x"], value: "y" };
  await assert.rejects(() => editPyproject(text, FILE, [op]), (error: unknown) => {
    assert.ok(error instanceof HpmError);
    assert.equal(error.code, "edit-conflict");
    assert.equal(error.exitCode, 2);
    assert.deepEqual(error.problems.map((p) => [p.line, p.column]), [[2, 1]]);
    return true;
  });
});

Deno.test("editPyproject: invalid input TOML is the user's error", async () => {
  await assert.rejects(
    () => editPyproject("[a]\nx = \n", FILE, []),
    (error: unknown) => error instanceof HpmError && error.code === "toml-invalid",
  );
});

Deno.test("verifyEdit: refuses a text that does not mean the intended object", () => {
  const text = '[tool.hpm.groups]\ninference = "a"\n';
  verifyEdit(text, { tool: { hpm: { groups: { inference: "a" } } } }, FILE);
  const wrong = { tool: { hpm: { groups: { inference: "b" } } } };
  assert.deepEqual(firstDifference({ tool: { hpm: { groups: { inference: "a" } } } }, wrong), [
    "tool",
    "hpm",
    "groups",
    "inference",
  ]);
  assert.throws(() => verifyEdit(text, wrong, FILE), (error: unknown) => {
    assert.ok(error instanceof HpmError);
    assert.equal(error.code, "edit-verify-failed");
    assert.equal(error.exitCode, 1);
    assert.match(error.message, /refused to write pyproject\.toml/);
    assert.match(error.message, /tool\.hpm\.groups\.inference/);
    assert.match(error.hint ?? "", /bug/);
    assert.deepEqual(error.data?.path, ["tool", "hpm", "groups", "inference"]);
    return true;
  });
  assert.deepEqual(firstDifference({ a: [1, 2] }, { a: [1] }), ["a"]);
  assert.deepEqual(firstDifference({ a: 1 }, { a: 1, b: 2 }), ["b"]);
  assert.equal(firstDifference({ d: new Date(0) }, { d: new Date(0) }), undefined);
});

Deno.test("detectEol: the majority line ending, LF by default", () => {
  assert.equal(detectEol(""), "\n");
  assert.equal(detectEol("a = 1"), "\n");
  assert.equal(detectEol("a = 1\nb = 2\n"), "\n");
  assert.equal(detectEol("a = 1\r\nb = 2\r\n"), "\r\n");
});

Deno.test("deleteTableIfEmpty removes a bare header whose sub-tables have headers of their own", async () => {
  const text = '[project]\nname = "x"\n\n[tool.hpm]\nmanaged = ["a"]\n\n[tool.hpm.groups]\n';
  assert.equal(
    await editPyproject(text, "pyproject.toml", [
      { op: "delete", path: ["tool", "hpm", "managed"] },
      { op: "deleteTableIfEmpty", path: ["tool", "hpm"] },
    ]),
    '[project]\nname = "x"\n\n[tool.hpm.groups]\n',
  );
  // A comment in the section keeps the header.
  const commented = "[tool.hpm]\n# keep me\n\n[tool.hpm.groups]\n";
  assert.equal(
    await editPyproject(commented, "pyproject.toml", [{
      op: "deleteTableIfEmpty",
      path: ["tool", "hpm"],
    }]),
    commented,
  );
});

Deno.test("editPyproject: arrayReplaceWhere rewrites one element in place, comment and comma kept", async () => {
  const text = 'dependencies = [\n    "openai>=1.2",  # bumped\n    "requests",\n]\n';
  const out = await editPyproject(text, "pyproject.toml", [{
    op: "arrayReplaceWhere",
    path: ["dependencies"],
    predicate: (v) => v === "openai>=1.2",
    value: "openai>=1.50",
  }]);
  assert.equal(out, 'dependencies = [\n    "openai>=1.50",  # bumped\n    "requests",\n]\n');
});

Deno.test("editPyproject: deleteArrayIfEmpty removes `key = []`, keeps an array with a comment", async () => {
  const text = '[project]\nname = "x"\ndependencies = []\n\n[tool.x]\na = 1\n';
  const op = { op: "deleteArrayIfEmpty" as const, path: ["project", "dependencies"] };
  assert.equal(
    await editPyproject(text, "pyproject.toml", [op]),
    '[project]\nname = "x"\n\n[tool.x]\na = 1\n',
  );
  const noted = '[project]\nname = "x"\ndependencies = [\n  # none yet\n]\n';
  assert.equal(await editPyproject(noted, "pyproject.toml", [op]), noted);
  const full = '[project]\ndependencies = ["a"]\n';
  assert.equal(await editPyproject(full, "pyproject.toml", [op]), full);
});

Deno.test("positionOf: a path ending in an index points at the array element or [[header]]", async () => {
  const { parseTomlFull } = await import("../../src/pyproject/parse.ts");
  const { positionOf } = await import("../../src/pyproject/locate.ts");
  const text = 'dependencies = [\n  "a",\n    "qdrant-client[fastembed]",\n]\n' +
    '[[tool.uv.index]]\nname = "one"\n[[tool.uv.index]]\nname = "two"\n';
  const { ast } = parseTomlFull(text, "pyproject.toml");
  assert.deepEqual(positionOf(ast, ["dependencies", 1]), { line: 3, column: 5 });
  assert.deepEqual(positionOf(ast, ["tool", "uv", "index", 1]), { line: 7, column: 1 });
  assert.equal(positionOf(ast, ["dependencies", 5]), undefined);
});

Deno.test("editPyproject: a document the fast reader declines is edited with the full parser", async () => {
  // A float and a date: outside the fast reader, so the edit loads toml-eslint-parser.
  const text = '[project]\nname = "x"\nversion-float = 1.5 # kept\nwhen = 1979-05-27\n';
  assert.equal(readTomlAstFast(text), undefined);
  assert.equal(
    await editPyproject(text, FILE, [{ op: "set", path: ["tool", "hpm", "registry"], value: "r" }]),
    text + '\n[tool.hpm]\nregistry = "r"\n',
  );
});

Deno.test("editPyproject: an edit whose result the fast reader declines is done again with the full parser", async () => {
  // The first operation writes a float, which the fast reader declines: the second must read
  // that text, and the edit is done again from the start with toml-eslint-parser loaded. Run in
  // a process of its own, where nothing has loaded that parser yet.
  const text = '[project]\nname = "x" # mine\n\n[tool.hpm]\nregistry = "r"\n';
  assert.ok(readTomlAstFast(text));
  const ops: EditOp[] = [
    { op: "set", path: ["tool", "hpm", "ratio"], value: 1.5 },
    { op: "set", path: ["tool", "hpm", "registry"], value: "s" },
  ];
  const editor = new URL("../../src/pyproject/editor.ts", import.meta.url).href;
  const code = `const { editPyproject } = await import(${JSON.stringify(editor)});\n` +
    `console.log(JSON.stringify(await editPyproject(${JSON.stringify(text)}, "pyproject.toml", ` +
    `${JSON.stringify(ops)})));`;
  const ran = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--frozen", code],
    cwd: new URL("../../", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(ran.stderr);
  assert.equal(ran.code, 0, stderr);
  const out = JSON.parse(new TextDecoder().decode(ran.stdout));
  assert.equal(readTomlAstFast(out), undefined);
  assert.equal(out, '[project]\nname = "x" # mine\n\n[tool.hpm]\nregistry = "s"\nratio = 1.5\n');
});
