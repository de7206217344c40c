import assert from "node:assert/strict";
import { MAX_KEY_PARTS, MAX_NESTING, tomlLimitProblem } from "../../src/pyproject/toml_limits.ts";
import { parseToml } from "../../src/pyproject/parse.ts";

const dotted = (n: number) => Array.from({ length: n }, () => "a").join(".");

Deno.test("tomlLimitProblem: keys and headers of too many dotted parts, located", () => {
  const header = `[project]\nname = "x"\n[${dotted(3000)}]\nx = 1\n`;
  const problem = tomlLimitProblem(header, "pyproject.toml")!;
  assert.equal(problem.line, 3);
  assert.equal(problem.column, 2 + MAX_KEY_PARTS * 2 - 1);
  assert.match(problem.message, /more than 128 dotted parts/);
  assert.ok(tomlLimitProblem(`${dotted(500)} = 1\n`, "f"));
  assert.ok(tomlLimitProblem(`x = { ${dotted(500)} = 1 }\n`, "f"));
  assert.equal(tomlLimitProblem(`${dotted(MAX_KEY_PARTS)} = 1\n`, "f"), undefined);
});

Deno.test("tomlLimitProblem: arrays and inline tables nested too deeply", () => {
  const deep = `y = ${"[".repeat(3000)}${"]".repeat(3000)}\n`;
  assert.match(tomlLimitProblem(deep, "f")!.message, /nested deeper than 128 levels/);
  const tables = `y = ${"{a = ".repeat(200)}1${"}".repeat(200)}\n`;
  assert.ok(tomlLimitProblem(tables, "f"));
  const ok = `y = ${"[".repeat(MAX_NESTING)}${"]".repeat(MAX_NESTING)}\n`;
  assert.equal(tomlLimitProblem(ok, "f"), undefined);
});

Deno.test("tomlLimitProblem: dots and brackets in strings, comments and values do not count", () => {
  const text = [
    `[tool.hpm]`,
    `a = "${".".repeat(500)}"`,
    `b = '${"[".repeat(500)}'`,
    `c = """\n${"{".repeat(500)}\n"""`,
    `# ${".".repeat(500)} ${"[".repeat(500)}`,
    `d = [${Array.from({ length: 500 }, (_, i) => `${i}.5`).join(", ")}]`,
    `e = {}`,
    `f = { x = 1, y = [1, 2], }`,
    `[[tool.list]]`,
    `"quoted.key".x = 1`,
    "",
  ].join("\n");
  assert.equal(tomlLimitProblem(text, "f"), undefined);
  parseToml(text.replace("f = { x = 1, y = [1, 2], }", "f = { x = 1 }"), "f");
});
