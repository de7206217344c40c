import assert from "node:assert/strict";
import { parsePackage } from "../../src/registry/manifest/package_text.ts";

function run(text: string, stem = "p") {
  const result = parsePackage(text, `/reg/packages/${stem}.yaml`, `packages/${stem}.yaml`);
  for (const problem of result.problems) assert.equal(problem.file, `packages/${stem}.yaml`);
  return {
    lines: result.problems.map((p) =>
      `${p.line}:${p.column} ${p.severity} ${p.message}${p.hint ? ` (hint: ${p.hint})` : ""}`
    ),
    pkg: result.pkg,
  };
}

const yaml = (...lines: string[]) => lines.join("\n") + "\n";
const head = ["name: p", 'version: "1.0"', "sources:"];
const at = (line: number, column: number) => ({ file: "packages/p.yaml", line, column });

Deno.test("parsePackage reads the seed manifest", () => {
  const { lines, pkg } = run(
    yaml(
      'name: "vlm-adapter-qwen"',
      'version: "0.1.0"',
      "sources:",
      "  prod:",
      '    type: "local"',
      '    path: "../../packages/vlm_adapter"',
      "    editable: true",
    ),
    "vlm-adapter-qwen",
  );
  assert.deepEqual(lines, []);
  assert.deepEqual(pkg, {
    name: "vlm-adapter-qwen",
    version: "0.1.0",
    sources: {
      prod: {
        type: "local",
        path: "../../packages/vlm_adapter",
        editable: true,
        position: { file: "packages/vlm-adapter-qwen.yaml", line: 6, column: 11 },
      },
    },
    file: "/reg/packages/vlm-adapter-qwen.yaml",
    position: { file: "packages/vlm-adapter-qwen.yaml", line: 1, column: 7 },
  });
});

Deno.test("parsePackage reads extras and markers: normalized, a source's replacing the package's", () => {
  const { lines, pkg } = run(yaml(
    "name: p",
    "extras: [Socks, http2]",
    `marker: 'sys_platform=="linux" or(os.name == "nt")'`,
    "sources:",
    "  prod: {type: index}",
    "  dev:",
    "    type: local",
    "    path: ../p",
    "    extras: []",
    '    marker: ""',
  ));
  assert.deepEqual(lines, []);
  assert.deepEqual(pkg?.extras, ["http2", "socks"]);
  assert.equal(pkg?.marker, "sys_platform == 'linux' or (os_name == 'nt')");
  assert.equal(pkg?.sources.prod.extras, undefined);
  assert.deepEqual(pkg?.sources.dev.extras, []);
  assert.equal(pkg?.sources.dev.marker, "");
});

Deno.test("parsePackage reads every source type; 'ref' is stored as 'rev'", () => {
  const { lines, pkg } = run(yaml(
    ...head,
    "  # modes may be in flow or block style",
    "  dev: {type: local, path: ../src}",
    "  prod:",
    "    type: git",
    "    url: https://github.com/org/p",
    "    ref: 0123abc",
    "    subdirectory: python",
    "  tagged: {type: git, url: https://github.com/org/p, tag: v1.0}",
    "  branch: {type: git, url: https://github.com/org/p, branch: main}",
    "  pypi:",
    "    type: index",
    '    version: ">=1.0,<3"',
    "    index: https://pypi.org/simple",
    "  any: {type: index}",
    "  wheel: {type: url, url: 'file:///tmp/p-1.0-py3-none-any.whl', subdirectory: sub}",
  ));
  assert.deepEqual(lines, []);
  assert.deepEqual(pkg?.sources, {
    dev: { type: "local", path: "../src", editable: false, position: at(5, 28) },
    prod: {
      type: "git",
      url: "https://github.com/org/p",
      rev: "0123abc",
      subdirectory: "python",
      position: at(8, 10),
    },
    tagged: { type: "git", url: "https://github.com/org/p", tag: "v1.0", position: at(11, 28) },
    branch: { type: "git", url: "https://github.com/org/p", branch: "main", position: at(12, 28) },
    pypi: {
      type: "index",
      version: ">=1.0,<3",
      index: "https://pypi.org/simple",
      position: at(15, 14),
    },
    any: { type: "index", version: "", position: at(17, 8) },
    wheel: {
      type: "url",
      url: "file:///tmp/p-1.0-py3-none-any.whl",
      subdirectory: "sub",
      position: at(18, 27),
    },
  });
});

const cases: { name: string; text: string; stem?: string; expected: string[]; usable?: boolean }[] =
  [
    {
      name: "version written as a number",
      text: yaml("name: p", "version: 0.1", "sources: {prod: {type: index}}"),
      expected: [
        `2:10 error 'version' must be a string, found the number 0.1 (hint: quote it: 'version: "0.1"')`,
      ],
    },
    {
      name: "no version: optional (the lock, the constraint or the tag tells it)",
      text: yaml("name: p", "sources: {prod: {type: index}}"),
      expected: [],
      usable: true,
    },
    {
      name: "a version its own index constraint excludes is a warning",
      text: yaml("name: p", 'version: "1.0.0"', 'sources: {prod: {type: index, version: ">=2.2"}}'),
      expected: [
        "2:10 warning version '1.0.0' is outside the constraint '>=2.2' of source 'prod' (hint: an index package's version comes from its constraint and the lock: fix 'version' or leave it out)",
      ],
      usable: true,
    },
    {
      name: "invalid distribution name",
      text: yaml("name: -p_", 'version: "1"', "sources: {prod: {type: index}}"),
      stem: "-p_",
      expected: [
        "1:7 error '-p_' is not a valid Python distribution name (hint: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (PEP 508))",
      ],
      usable: true,
    },
    {
      name: "name differing from the file name",
      text: yaml("name: q", 'version: "1"', "sources: {prod: {type: index}}"),
      expected: [
        `1:7 error package name 'q' differs from its file name 'p.yaml' (hint: rename the file to 'q.yaml', or write 'name: "p"')`,
      ],
      usable: true,
    },
    {
      name: "unknown top-level key",
      text: yaml("name: p", 'version: "1"', "descripion: x", "sources: {prod: {type: index}}"),
      expected: [
        "3:1 warning unknown key 'descripion' in a package manifest; ignored (hint: did you mean 'description'?)",
      ],
      usable: true,
    },
    {
      name: "fields of the original hpm are warnings",
      text: yaml(
        "name: p",
        'version: "1"',
        "type: library",
        "dependencies: [numpy]",
        "entrypoints: {serve: x}",
        "sources: {prod: {type: index}}",
      ),
      expected: [
        "3:1 warning 'type' is a field of the original hpm that hpm does not use; ignored (hint: remove 'type')",
        "4:1 warning 'dependencies' is a field of the original hpm that hpm does not use; ignored (hint: remove 'dependencies')",
        "5:1 warning 'entrypoints' is a field of the original hpm that hpm does not use; ignored (hint: remove 'entrypoints')",
      ],
      usable: true,
    },
    {
      name: "missing sources",
      text: yaml("name: p", 'version: "1"'),
      expected: [
        "1:1 error the manifest has no 'sources' (hint: add 'sources:' with a mode such as 'prod:' holding 'type: local' and 'path: ...')",
      ],
    },
    {
      name: "empty sources",
      text: yaml(...head.slice(0, 2), "sources: {}"),
      expected: [
        "3:10 error 'sources' is empty; a package needs at least one source (hint: add 'sources:' with a mode such as 'prod:' holding 'type: local' and 'path: ...')",
      ],
    },
    {
      name: "sources as a list",
      text: yaml(...head, "  - prod"),
      expected: [
        "4:3 error 'sources' must be a mapping of mode names to sources, found a list (hint: add 'sources:' with a mode such as 'prod:' holding 'type: local' and 'path: ...')",
      ],
    },
    {
      name: "an empty source",
      text: yaml(...head, "  prod:"),
      expected: ["4:3 error source 'prod' must be a mapping, found an empty value"],
    },
    {
      name: "invalid mode name",
      text: yaml(...head, "  prod env: {type: index}", "  dev: {type: index}"),
      expected: [
        "4:3 error 'prod env' is not a valid mode name (hint: use letters, digits, '-', '_' and '.', e.g. 'prod' or 'dev')",
      ],
      usable: true,
    },
    {
      name: "source without type",
      text: yaml(...head, "  prod:", "    path: ../p"),
      expected: [
        "4:3 error source 'prod' has no 'type' (hint: add 'type:' with one of 'local', 'git', 'index', 'url')",
      ],
    },
    {
      name: "unknown source type with a near miss, and typos still reported",
      text: yaml(...head, "  prod:", "    type: gti", "    ulr: https://x"),
      expected: [
        "5:11 error unknown source type 'gti'; allowed: 'local', 'git', 'index', 'url' (hint: did you mean 'git'?)",
        "6:5 warning unknown key 'ulr' in source 'prod'; ignored (hint: did you mean 'url'?)",
      ],
    },
    {
      name: "pypi as a source type",
      text: yaml(...head, "  prod: {type: pypi}"),
      expected: [
        `4:16 error unknown source type 'pypi'; allowed: 'local', 'git', 'index', 'url' (hint: a release from PyPI is 'type: index' with an optional 'version: ">=1.0"')`,
      ],
    },
    {
      name: "local source: key typo",
      text: yaml(...head, "  dev:", "    type: local", "    path: ../p", "    editible: true"),
      expected: [
        "7:5 warning unknown key 'editible' in source 'dev'; ignored (hint: did you mean 'editable'?)",
      ],
      usable: true,
    },
    {
      name: "local source: no path, quoted boolean",
      text: yaml(...head, "  dev:", "    type: local", '    editable: "true"'),
      expected: [
        "4:3 error local source 'dev' has no 'path' (hint: add 'path:', relative to this manifest's directory)",
        `6:15 error 'editable' must be a boolean (true or false), found the string "true" (hint: write 'editable: true' unquoted)`,
      ],
    },
    {
      name: "local source: empty path",
      text: yaml(...head, '  dev: {type: local, path: ""}'),
      expected: [
        "4:28 error 'path' must not be empty (hint: add 'path:', relative to this manifest's directory)",
      ],
    },
    {
      name: "git source without url",
      text: yaml(...head, "  prod:", "    type: git", "    tag: v1"),
      expected: [
        "4:3 error git source 'prod' has no 'url' (hint: add 'url:' with the repository URL, e.g. 'https://github.com/org/repo')",
      ],
    },
    {
      name: "git source with two refs",
      text: yaml(
        ...head,
        "  prod:",
        "    type: git",
        "    url: https://x",
        "    tag: v1",
        "    branch: main",
      ),
      expected: [
        "8:5 error a git source takes at most one of 'rev', 'tag', 'branch'; found 'tag' and 'branch' (hint: keep only one)",
      ],
      usable: false,
    },
    {
      name: "git source: a 'ref' that differs from its tag",
      text: yaml(...head, "  prod: {type: git, url: https://x, tag: v1, ref: v2}"),
      expected: [
        `4:51 error 'ref' (v2) differs from 'tag' (v1); the original hpm would install 'v2', hpm 'v1' (hint: write the same revision in both, e.g. 'ref: "v1"', or remove 'ref')`,
      ],
      usable: false,
    },
    {
      name: "git source with a number tag",
      text: yaml(...head, "  prod: {type: git, url: https://x, tag: 1.0}"),
      expected: [
        `4:42 error 'tag' must be a string, found the number 1.0 (hint: quote it: 'tag: "1.0"')`,
      ],
    },
    {
      name: "a key of another source type",
      text: yaml(...head, "  prod:", "    type: git", "    url: https://x", "    editable: true"),
      expected: [
        "7:5 error 'editable' does not apply to a git source (source 'prod') (hint: it belongs to local sources; a git source takes 'url', 'rev', 'tag', 'branch', 'ref', 'subdirectory', 'extras', 'marker')",
      ],
      usable: true,
    },
    {
      name: "index source: a version without operator",
      text: yaml(...head, "  prod: {type: index, version: '2.1'}"),
      expected: [
        "4:32 error invalid version constraint: '2.1' has no comparison operator; write '==2.1'",
      ],
    },
    {
      name: "index source: a version written as a number",
      text: yaml(...head, "  prod: {type: index, version: 2.1}"),
      expected: [
        `4:32 error 'version' must be a string, found the number 2.1 (hint: quote it: 'version: "2.1"')`,
      ],
    },
    {
      name: "index source: an index that is not a URL",
      text: yaml(...head, "  prod: {type: index, index: pypi.org/simple}"),
      expected: [
        `4:30 error 'index' must be an http, https or file URL, found the string "pypi.org/simple"`,
      ],
    },
    {
      name: "url source: missing url and unknown scheme",
      text: yaml(...head, "  a: {type: url}", "  b: {type: url, url: 'ssh://host/p.whl'}"),
      expected: [
        "4:3 error source 'a' has no 'url' (hint: an 'http://', 'https://' or 'file://' URL)",
        `5:23 error 'url' must be an http, https or file URL, found the string "ssh://host/p.whl"`,
      ],
    },
    {
      name: "one bad source of two keeps the package",
      text: yaml(...head, "  prod: {type: index}", "  dev: {type: local}"),
      expected: [
        "5:3 error local source 'dev' has no 'path' (hint: add 'path:', relative to this manifest's directory)",
      ],
      usable: true,
    },
    {
      name: "extras: an invalid name, a value that is no list, a repeat (PEP 685)",
      text: yaml(
        "name: p",
        "extras: [http2, '-bad']",
        "sources:",
        "  prod: {type: index, extras: http2}",
        "  dev: {type: index, extras: [Fast_Embed, fast-embed]}",
      ),
      expected: [
        "2:17 error '-bad' is not a valid extra name (hint: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (PEP 508))",
        "4:31 error 'extras' in source 'prod' must be a list of extra names, found the string \"http2\" (hint: write it as 'extras: [name, ...]', e.g. 'extras: [http2]')",
        "5:43 warning extra 'fast-embed' is listed twice in source 'dev' ('Fast_Embed' is the same extra, PEP 685) (hint: remove one)",
      ],
      usable: true,
    },
    {
      name: "marker: syntax and variables, located at the value",
      text: yaml(
        "name: p",
        `marker: "sys_platfrom == 'win32'"`,
        "sources:",
        `  prod: {type: index, marker: "python_version >= 'three'"}`,
        `  dev: {type: index, marker: "os_name == 'nt' and"}`,
        `  ci: {type: index, marker: "extra == 'x'"}`,
      ),
      expected: [
        `2:9 error invalid marker "sys_platfrom == 'win32'": unknown marker variable 'sys_platfrom' (at character 1) (hint: did you mean 'sys_platform'?)`,
        `4:31 error invalid marker "python_version >= 'three'": 'three' is not a version, and 'python_version' compares versions (at character 19) (hint: e.g. "python_version >= '3.11'")`,
        `5:30 error invalid marker "os_name == 'nt' and": expected a marker variable or a quoted string at the end (hint: e.g. "sys_platform == 'win32'")`,
        `6:29 error invalid marker "extra == 'x'": the marker variable 'extra' never holds in [project].dependencies, where hpm writes it (at character 1) (hint: choose extras of the package with 'extras: [...]'; leave 'extra' out of 'marker')`,
      ],
    },
    {
      name: "a file too large to read",
      text: "name: p\n" + "#".repeat(1024 * 1024) + "\n",
      expected: [
        "1:1 error file is larger than 1 MiB; not read (hint: a registry file describes one group or package and is a few hundred bytes)",
      ],
    },
    {
      name: "flow nesting past the limit",
      text: "name: " + "[".repeat(100) + "]".repeat(100) + "\n",
      expected: [
        "1:1 error YAML nests deeper than 64 levels; not read (hint: registry files need only a few levels of nesting)",
      ],
    },
    {
      name: "two documents",
      text: yaml("name: p", 'version: "1"', "sources: {prod: {type: index}}", "---", "name: q"),
      expected: ["4:1 error YAML syntax: a registry file holds one document, found a second '---'"],
    },
  ];

for (const c of cases) {
  Deno.test(`parsePackage: ${c.name}`, () => {
    const { lines, pkg } = run(c.text, c.stem);
    assert.deepEqual(lines, c.expected);
    assert.equal(pkg !== undefined, c.usable ?? false, "whether the package is returned");
  });
}

Deno.test("parsePackage treats empty optional fields as absent", () => {
  const { lines, pkg } = run(
    yaml(
      "name: p",
      'version: "1"',
      "description:",
      "sources:",
      "  prod: {type: local, path: ., editable: ~}",
    ),
  );
  assert.deepEqual(lines, []);
  assert.equal(pkg?.description, undefined);
  assert.deepEqual(pkg?.sources.prod, {
    type: "local",
    path: ".",
    editable: false,
    position: at(5, 29),
  });
});
