import assert from "node:assert/strict";
import { HpmError } from "../../src/errors.ts";
import { parseToml, parseTomlFull } from "../../src/pyproject/parse.ts";
import { positionOf } from "../../src/pyproject/locate.ts";
import { type HpmSettings, readPyprojectView } from "../../src/pyproject/view.ts";

const FILE = "pyproject.toml";

const TEXT = `# A project using hpm.
[project]
name = "vlm-bench"
requires-python = ">=3.11"
dependencies = [
    "numpy>=1.26",
    "vlm-adapter-qwen", # hpm
]

[tool.hpm]
registry = "./registry"
mode = "editable"
managed = ["vlm-adapter-qwen"]

[tool.hpm.groups]
inference = "vlm-adapter-qwen"
metrics = ["metric-latency", "metric-accuracy"]

[tool.hpm.modes]
metric-latency = "index"

[tool.uv.sources]
vlm-adapter-qwen = { path = "packages/vlm_adapter", editable = true }
`;

/** The settings with their prototype-less records as plain objects, to compare. */
function plain(hpm: HpmSettings): HpmSettings {
  return { ...hpm, groups: { ...hpm.groups }, modes: { ...hpm.modes } };
}

Deno.test("readPyprojectView: reads project and [tool.hpm] settings", async () => {
  const view = await readPyprojectView(TEXT, FILE);
  assert.equal(view.file, FILE);
  assert.equal(view.projectName, "vlm-bench");
  assert.equal(view.requiresPython, ">=3.11");
  assert.deepEqual(view.dependencies, ["numpy>=1.26", "vlm-adapter-qwen"]);
  // groups and modes have no prototype (a group named `constructor` is a plain name).
  assert.equal(Object.getPrototypeOf(view.hpm.groups), null);
  assert.equal(view.hpm.groups["constructor"], undefined);
  assert.deepEqual(plain(view.hpm), {
    registry: "./registry",
    mode: "editable",
    managed: ["vlm-adapter-qwen"],
    groups: { inference: "vlm-adapter-qwen", metrics: ["metric-latency", "metric-accuracy"] },
    modes: { "metric-latency": "index" },
  });
  assert.deepEqual(view.uvSources, {
    "vlm-adapter-qwen": { path: "packages/vlm_adapter", editable: true },
  });
  assert.equal((view.value.project as Record<string, unknown>).name, "vlm-bench");
});

Deno.test("readPyprojectView: a project without hpm settings gets empty defaults", async () => {
  const view = await readPyprojectView('[project]\nname = "x"\n', FILE);
  assert.deepEqual(view.dependencies, []);
  assert.equal(view.requiresPython, undefined);
  assert.equal("requiresPython" in view, false);
  assert.deepEqual(plain(view.hpm), { groups: {}, modes: {}, managed: [] });
  assert.deepEqual(view.uvSources, {});
  assert.deepEqual({ ...(await readPyprojectView("", FILE)).hpm.groups }, {});
});

Deno.test("readPyprojectView: lists every wrong type with the value's place", async () => {
  const text = `[project]
name = 3
dependencies = ["ok", 4]

[tool.hpm]
registry = 1
managed = "all"
groups.x = 3
groups.y = ["a", true]
modes = { a = "editable", b = false }

[tool.uv]
sources = []
`;
  await assert.rejects(() => readPyprojectView(text, FILE), (error: unknown) => {
    assert.ok(error instanceof HpmError);
    assert.equal(error.exitCode, 2);
    assert.equal(error.code, "pyproject-invalid");
    assert.match(error.message, /^pyproject\.toml has 8 invalid values: /);
    assert.deepEqual(
      error.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`),
      [
        "pyproject.toml:2:8 `project.name` must be a string, found a number (3)",
        "pyproject.toml:3:23 `project.dependencies[1]` must be a string, found a number (4)",
        "pyproject.toml:6:12 `tool.hpm.registry` must be a string, found a number (1)",
        'pyproject.toml:7:11 `tool.hpm.managed` must be an array of strings, found a string ("all")',
        "pyproject.toml:8:12 `tool.hpm.groups.x` must be a string or an array of strings, " +
        "found a number (3)",
        "pyproject.toml:9:18 `tool.hpm.groups.y[1]` must be a string, found a boolean (true)",
        "pyproject.toml:10:31 `tool.hpm.modes.b` must be a string, found a boolean (false)",
        "pyproject.toml:13:11 `tool.uv.sources` must be a table, found an array",
      ],
    );
    assert.ok(error.problems.every((p) => p.severity === "error"));
    return true;
  });
});

Deno.test("readPyprojectView: a table where a string belongs points at its header", async () => {
  const text = '[project]\nname = "x"\n\n[tool.hpm.registry]\nurl = "x"\n';
  await assert.rejects(() => readPyprojectView(text, FILE), (error: unknown) => {
    assert.ok(error instanceof HpmError);
    assert.deepEqual(
      error.problems.map((p) => [p.line, p.column, p.message]),
      [[4, 1, "`tool.hpm.registry` must be a string, found a table"]],
    );
    return true;
  });
});

Deno.test("positionOf: tables, dotted keys, inline tables, quoted keys", () => {
  const text = `[tool.hpm.groups]
inference = "a"

[tool]
uv.sources.x = { path = "p" }
other = { sub = { "my.key" = 1 } }

[[tool.uv.index]]
name = "i"
`;
  const { ast } = parseToml(text, FILE);
  const at = (...path: string[]) => positionOf(ast, path);
  assert.deepEqual(at("tool", "hpm", "groups"), { line: 1, column: 1 });
  assert.deepEqual(at("tool", "hpm", "groups", "inference"), { line: 2, column: 1 });
  assert.deepEqual(at("tool", "hpm"), { line: 1, column: 1 });
  assert.deepEqual(at("tool"), { line: 4, column: 1 });
  assert.deepEqual(at("tool", "uv"), { line: 5, column: 1 });
  assert.deepEqual(at("tool", "uv", "sources"), { line: 5, column: 4 });
  assert.deepEqual(at("tool", "uv", "sources", "x"), { line: 5, column: 12 });
  assert.deepEqual(at("tool", "uv", "sources", "x", "path"), { line: 5, column: 18 });
  assert.deepEqual(at("tool", "other", "sub", "my.key"), { line: 6, column: 19 });
  assert.deepEqual(at("tool", "uv", "index"), { line: 8, column: 1 });
  assert.equal(at("tool", "absent"), undefined);
});

Deno.test("parseToml: invalid TOML gives the file, line and 1-based column", () => {
  const cases: [string, number, number, RegExp][] = [
    ['[project]\nname = "x\n', 2, 10, /Unterminated string/],
    ["[a]\nx = 1\nx = 2\n", 3, 1, /multiple times/],
    ["a = { b = 1,\n c = 2 }\n", 2, 2, /newlines/i],
    ["[a]\nx = 012\n", 2, 5, /leading zero/i],
  ];
  for (const [text, line, column, message] of cases) {
    assert.throws(() => parseToml(text, "dir/pyproject.toml"), (error: unknown) => {
      assert.ok(error instanceof HpmError);
      assert.equal(error.exitCode, 2);
      assert.equal(error.code, "toml-invalid");
      assert.match(error.message, /^invalid TOML in dir\/pyproject\.toml: /);
      assert.match(error.message, message);
      assert.equal(error.hint, `fix the syntax at dir/pyproject.toml:${line}:${column}`);
      assert.equal(error.problems.length, 1);
      const [problem] = error.problems;
      assert.deepEqual(
        [problem.file, problem.line, problem.column, problem.severity],
        ["dir/pyproject.toml", line, column, "error"],
      );
      return true;
    });
  }
});

Deno.test("parseToml: accepts a byte order mark and TOML 1.0 values", () => {
  const { value } = parseToml('\uFEFF# c\na = 0o17\nb = 1979-05-27\nc = "\\u00e9"\n', FILE);
  assert.equal(value.a, 15);
  assert.ok(value.b instanceof Date);
  assert.equal(value.c, "é");
});

Deno.test("parseTomlFull: a stack overflow in the parser is an HpmError, not a crash", () => {
  for (
    const text of [
      'a = "' + "x".repeat(1_000_000) + '"\n',
      `a = ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
    ]
  ) {
    assert.throws(() => parseTomlFull(text, "p.toml"), (error: unknown) => {
      assert.ok(error instanceof HpmError);
      assert.equal(error.code, "toml-too-complex");
      assert.equal(error.exitCode, 1);
      assert.match(error.message, /^p\.toml is too large or too deeply nested/);
      return true;
    });
  }
});
