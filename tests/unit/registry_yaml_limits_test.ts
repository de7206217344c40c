import assert from "node:assert/strict";
import {
  isDistributionName,
  isVersion,
  versionSpecifierProblem,
} from "../../src/registry/manifest/python_specs.ts";
import { estimateNesting, utf8Length } from "../../src/registry/yaml/doc.ts";
import { readYaml } from "../../src/registry/yaml/read.ts";

Deno.test("isDistributionName follows PEP 508", () => {
  for (const name of ["a", "A1", "vlm-adapter-qwen", "ruamel.yaml", "zope_interface", "x.y-z_1"]) {
    assert.ok(isDistributionName(name), name);
  }
  for (const name of ["", "-a", "a-", ".a", "a b", "a/b", "ä", "a+b"]) {
    assert.ok(!isDistributionName(name), name);
  }
});

Deno.test("isVersion accepts PEP 440 versions", () => {
  for (
    const v of ["1", "1.2.3", "2.0.0rc1", "1.0a1", "1!3.0.post2.dev4", "1.0+cpu", "v1.0", "1.0-1"]
  ) {
    assert.ok(isVersion(v), v);
  }
  for (const v of ["", "a", "1..2", "1.0+", "1.0 beta", "*"]) assert.ok(!isVersion(v), v);
});

const specifiers: [string, string | undefined][] = [
  ["", undefined],
  [">=2.1,<3", undefined],
  [">= 2.1 , < 3", undefined],
  ["==0.4.1", undefined],
  ["==1.4.*", undefined],
  ["!=1.3.*", undefined],
  ["~=1.2", undefined],
  ["===foo-bar", undefined],
  ["==1.0+cpu", undefined],
  ["2.1", "'2.1' has no comparison operator; write '==2.1'"],
  [
    "latest",
    "'latest' is not a version clause; expected an operator (==, !=, <=, >=, <, >, ~=, ===) and a version",
  ],
  [">=1,", "empty clause in '>=1,' (a stray comma?)"],
  [">=", "'>=' has an operator but no version"],
  ["==1.x", "'1.x' in '==1.x' is not a valid version"],
  [">=1.*", "'>=1.*': wildcards and local versions are allowed only after == or !="],
  ["~=1", "'~=1': ~= needs at least two release numbers, e.g. '~=1.0'"],
  [
    "=>1.0",
    "'=>1.0' is not a version clause; expected an operator (==, !=, <=, >=, <, >, ~=, ===) and a version",
  ],
];

for (const [specifier, expected] of specifiers) {
  Deno.test(`versionSpecifierProblem(${JSON.stringify(specifier)})`, () => {
    assert.equal(versionSpecifierProblem(specifier), expected);
  });
}

Deno.test("utf8Length counts bytes", () => {
  assert.equal(utf8Length("abc"), 3);
  assert.equal(utf8Length("é"), 2);
  assert.equal(utf8Length("€"), 3);
  assert.equal(utf8Length("😀"), 4);
  assert.equal(utf8Length("a😀é"), new TextEncoder().encode("a😀é").length);
});

Deno.test("estimateNesting: ordinary files are shallow", () => {
  const manifest = [
    "name: p # comment with [ bracket",
    "sources:",
    "  prod:",
    "    type: local",
    "    path: ../x",
    "options:",
    "  - name: a",
    "    description: |",
    "      a literal block",
    "          indented deeper [[[[",
    "          and deeper",
    "  - {name: b, tags: [x, y]}",
  ].join("\n");
  const depth = estimateNesting(manifest);
  assert.ok(depth >= 3 && depth <= 5, `depth ${depth}`);
});

Deno.test("estimateNesting: deep flow and block nesting are caught", () => {
  assert.ok(estimateNesting("a: " + "[".repeat(70) + "]".repeat(70)) > 64);
  const block = Array.from({ length: 70 }, (_, i) => " ".repeat(i) + "k:").join("\n");
  assert.ok(estimateNesting(block) > 64);
  assert.ok(estimateNesting("- ".repeat(70) + "x") > 64);
});

Deno.test("readYaml refuses deep nesting before parsing, and parses 60 levels", async () => {
  const deep = await readYaml(
    "a: " + "[".repeat(200_000) + "]".repeat(200_000),
    "/f.yaml",
    "f.yaml",
  );
  assert.equal(deep.yaml, undefined);
  assert.equal(deep.problems[0].message, "YAML nests deeper than 64 levels; not read");
  const ok = await readYaml("a: " + "[".repeat(60) + "]".repeat(60) + "\n", "/f.yaml", "f.yaml");
  assert.deepEqual(ok.problems, []);
});
