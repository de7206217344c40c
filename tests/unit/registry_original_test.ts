/**
 * The original hpm's files, byte for byte (tests/unit/fixtures/original-hpm/README.md says
 * where each came from), read for what they mean; what hpm writes, in the form the original
 * reads; what `registry validate` says about the original.
 */
import assert from "node:assert/strict";
import { parseGroup } from "../../src/registry/manifest/group_text.ts";
import { parsePackage } from "../../src/registry/manifest/package_text.ts";
import { originalCompatProblems } from "../../src/registry/original_compat.ts";
import { editPackageText, newPackageText } from "../../src/registry/write/package.ts";
import { newGroupText } from "../../src/registry/write/group.ts";
import { validationProblems } from "../../src/commands/registry_validate.ts";
import { noticeLines } from "../../src/commands/registry_report.ts";
import { brokenFiles } from "../../src/registry/broken.ts";

const FIXTURES = new URL("./fixtures/original-hpm/", import.meta.url);
const fixture = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

function read(name: string, stem: string) {
  const result = parsePackage(
    fixture(name),
    `/r/registry/packages/${stem}.yaml`,
    `packages/${stem}.yaml`,
  );
  return {
    pkg: result.pkg,
    lines: result.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`),
  };
}

Deno.test("the original's 'registry add' (local): read for its data, one warning naming the fix", () => {
  const { pkg, lines } = read("registry-add-local.yaml", "vlm-adapter-deepseek");
  assert.deepEqual(lines, [
    "2:1 warning python-object written by the original hpm's 'registry add' as Python objects " +
    "(!!python/object); read for the data it holds",
  ]);
  const { file: _f, position: _p, ...rest } = pkg!;
  assert.deepEqual(rest, { name: "vlm-adapter-deepseek", version: "0.1.0", sources: rest.sources });
  const { position: _s, ...prod } = pkg!.sources.prod;
  // `__pydantic_fields_set__` says what was given: type, path, editable (not the nulls).
  assert.deepEqual(prod, {
    type: "local",
    path: "../../packages/vlm_adapter_deepseek",
    editable: true,
  });
  assert.deepEqual(Object.keys(pkg!.sources), ["prod"]); // `dev: null` is no source
  const hint = parsePackage(fixture("registry-add-local.yaml"), "/r/p/vlm-adapter-deepseek.yaml")
    .problems[0].hint;
  assert.equal(hint, "rewrite it as plain YAML: 'hpm registry validate --fix'");
});

Deno.test("the original's 'registry add' (git): only the fields it was given", () => {
  const { pkg, lines } = read("registry-add-git.yaml", "vlm-adapter-llava");
  assert.equal(lines.length, 1);
  const { position: _s, ...prod } = pkg!.sources.prod;
  // `editable: false` and `path: null` of its __dict__ were not given: not read (on a git
  // source, `editable` would be an error).
  assert.deepEqual(prod, { type: "git", url: "https://github.com/org/llava.git" });
  assert.equal(pkg!.version, "0.3.0");
});

Deno.test("the original's specification manifest: install_args is one warning; ref is the rev", () => {
  const { pkg, lines } = read("spec-manifest.yaml", "vlm-adapter-qwen");
  assert.deepEqual(lines, [
    "17:1 warning original-key 'install_args' is a field of the original hpm that hpm does not use; ignored",
  ]);
  assert.equal((pkg!.sources.prod as { rev?: string }).rev, "v0.2.0");
  assert.equal(pkg!.sources.dev.type, "local");
});

Deno.test("the later original's (HSM) group: 'type: package_group' and 'comment' are warnings", () => {
  const result = parseGroup(
    fixture("hsm-group.yaml"),
    "/r/registry/groups/vector-db-client.yaml",
    "groups/vector-db-client.yaml",
  );
  assert.deepEqual(result.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code}`), [
    "2:1 warning original-key",
    "4:1 warning original-key",
  ]);
  assert.deepEqual(result.group!.options.map((o) => o.name), ["qdrant-adapter", "milvus-adapter"]);
  // Commands say it once for the file: the first, with the count of the rest.
  const { lines, more } = noticeLines(result.problems);
  assert.equal(more, 0);
  assert.equal(lines.length, 1);
  assert.match(lines[0].message, /\(and 1 more here\)$/);
});

Deno.test("what hpm writes, the original reads the same: a 1-of-N default as a list, git refs as 'ref'", async () => {
  const group = await newGroupText(
    { name: "g", strategy: "1-of-N", options: [{ name: "a" }, { name: "b" }], default: ["b"] },
    "/r/groups/g.yaml",
  );
  // The original's RegistryGroup: `default: Optional[List[str]]` (a string fails to load).
  assert.match(group, /^default: \["b"\]$/m);
  assert.deepEqual(parseGroup(group, "/r/groups/g.yaml").group!.default, ["b"]);
  for (const [key, value] of [["tag", "v0.2.0"], ["branch", "main"], ["rev", "0123abc"]]) {
    const text = await newPackageText(
      {
        name: "p",
        version: "1",
        sources: { prod: { type: "git", url: "https://x/r.git", [key]: value } },
      },
      "/r/packages/p.yaml",
    );
    // The original installs `git+URL@ref`, HEAD without it.
    assert.match(text, new RegExp(`^    ${key}: "${value}"\\n    ref: "${value}"$`, "m"));
    const { pkg, problems } = parsePackage(text, "/r/packages/p.yaml");
    assert.deepEqual(problems, []);
    const { position: _p, ...source } = pkg!.sources.prod;
    assert.deepEqual(source, { type: "git", url: "https://x/r.git", [key]: value });
  }
});

Deno.test("registry validate: --strict makes the read-past keys errors; the original's notes stay warnings", () => {
  const { problems } = parsePackage(
    fixture("spec-manifest.yaml"),
    "/r/packages/vlm-adapter-qwen.yaml",
    "q.yaml",
  );
  const note = {
    file: "q.yaml",
    line: 1,
    column: 1,
    severity: "warning" as const,
    code: "original-ignores" as const,
    message: "x",
  };
  const strict = validationProblems(problems, [note], true);
  assert.deepEqual(strict.map((p) => `${p.severity} ${p.code}`), [
    "warning original-ignores",
    "error original-key",
  ]);
  assert.match(strict[1].message, /\(an error with --strict\)$/);
  assert.deepEqual(validationProblems(problems, [note], false).map((p) => p.severity), [
    "warning",
    "warning",
  ]);
});

Deno.test("what the original hpm would read differently, one warning per file", () => {
  const base = {
    file: "/r/packages/x.yaml",
    position: { file: "packages/x.yaml", line: 1, column: 7 },
  };
  const at = { file: "packages/x.yaml", line: 4, column: 5 };
  const messages = originalCompatProblems([], [
    { ...base, name: "a", sources: { prod: { type: "index", version: ">=1", position: at } } },
    {
      ...base,
      name: "b",
      version: "1",
      sources: { dev: { type: "local", path: ".", editable: true, position: at } },
    },
    {
      ...base,
      name: "c",
      version: "1",
      extras: ["x"],
      sources: { prod: { type: "index", version: ">=1", position: at } },
    },
    {
      ...base,
      name: "d",
      version: "1",
      sources: { prod: { type: "local", path: ".", editable: true, position: at } },
    },
  ]).map((p) => `${p.line} ${p.message}`);
  assert.deepEqual(messages, [
    "1 the original hpm cannot load this manifest: its model requires 'version' (its sync stops)",
    "1 the original hpm reads only the 'prod' source: its sync skips 'b' (sources here: dev)",
    "4 the original hpm ignores 'index' sources (its sync skips the package and reports success), " +
    "'extras' of this package's 'prod' source",
  ]);
  const group = parseGroup(
    'name: g\nstrategy: "1-of-N"\noptions: [{name: a}]\ndefault: a\n',
    "/r/groups/g.yaml",
    "g.yaml",
  );
  assert.deepEqual(group.problems, []);
  assert.deepEqual(
    originalCompatProblems([group.group!], []).map((p) =>
      `${p.line}:${p.column} ${p.code} ${p.hint}`
    ),
    [`4:10 original-ignores write 'default: ["a"]': both tools read that`],
  );
});

Deno.test("brokenFiles: the files holding an error, by kind and name", () => {
  const problem = (file: string, severity: "error" | "warning") => ({
    file,
    line: 1,
    column: 1,
    severity,
    message: "m",
  });
  const broken = brokenFiles([
    problem("registry/packages/a.yaml", "error"),
    problem("registry/packages/b.yaml", "warning"),
    problem("registry/groups/g.yml", "error"),
  ]);
  assert.deepEqual([...broken.packages], [["a", "registry/packages/a.yaml"]]);
  assert.deepEqual([...broken.groups], [["g", "registry/groups/g.yml"]]);
});

Deno.test("registry add of a new mode to a !!python/object manifest writes it as plain YAML", async () => {
  const text = await editPackageText(
    fixture("registry-add-git.yaml"),
    "/r/registry/packages/vlm-adapter-llava.yaml",
    { mode: "dev", source: { type: "local", path: "../../packages/llava", editable: true } },
  );
  assert.equal(
    text,
    [
      'name: "vlm-adapter-llava"',
      'version: "0.3.0"',
      "sources:",
      "  prod:",
      '    type: "git"',
      '    url: "https://github.com/org/llava.git"',
      "  dev:",
      '    type: "local"',
      '    path: "../../packages/llava"',
      "    editable: true",
      "",
    ].join("\n"),
  );
});
