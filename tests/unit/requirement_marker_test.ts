/**
 * Requirements as uv writes them (extras, markers), the marker parser (syntax, variables, uv's
 * spelling), PEP 440 comparison for the version-vs-constraint warning, and uv.lock's versions.
 */
import assert from "node:assert/strict";
import { requirementFor } from "../../src/plan/plan.ts";
import { parseMarker } from "../../src/registry/manifest/marker.ts";
import { requirementText } from "../../src/registry/requirement.ts";
import { compareVersions, satisfies } from "../../src/registry/manifest/version_compare.ts";
import { lockedVersions } from "../../src/project/uv_lock.ts";
import { shownVersion } from "../../src/registry/shown_version.ts";
import type { Package, Source } from "../../src/registry/types.ts";

Deno.test("requirementText: the spelling uv add writes (checked with uv 0.13.9)", () => {
  const cases: Array<[Parameters<typeof requirementText>[0], string]> = [
    [{ name: "httpx", extras: ["http2"], specifier: ">=0.27" }, "httpx[http2]>=0.27"],
    [
      { name: "colorama", specifier: ">=0.4", marker: "sys_platform == 'win32'" },
      "colorama>=0.4 ; sys_platform == 'win32'",
    ],
    [{ name: "requests", extras: ["socks", "security"] }, "requests[security,socks]"],
    [{ name: "idna", extras: ["X_Y.z"] }, "idna[x-y-z]"],
    [
      { name: "attrs", marker: "python_full_version >= '3.8'" },
      "attrs ; python_full_version >= '3.8'",
    ],
    [{ name: "torch", specifier: "2.3.1" }, "torch==2.3.1"],
    [{ name: "p", extras: [], specifier: "", marker: "" }, "p"],
    [{ name: "p", extras: ["a", "A"] }, "p[a]"],
  ];
  for (const [parts, expected] of cases) assert.equal(requirementText(parts), expected);
});

Deno.test("parseMarker: valid markers in uv's spelling", () => {
  const cases: Array<[string, string]> = [
    ["sys_platform == 'win32'", "sys_platform == 'win32'"],
    [`sys_platform=="win32"`, "sys_platform == 'win32'"],
    ["python_version<'3.12'", "python_version < '3.12'"],
    [`os.name == "nt"`, "os_name == 'nt'"],
    ["python_implementation == 'CPython'", "platform_python_implementation == 'CPython'"],
    ["'linux' == sys_platform", "sys_platform == 'linux'"],
    ["'x86' in platform_machine", "'x86' in platform_machine"],
    ["platform_machine in 'x86_64 aarch64'", "platform_machine in 'x86_64 aarch64'"],
    ["python_version not  in '3.8 3.9'", "python_version not in '3.8 3.9'"],
    ["python_version == '3.*'", "python_version == '3.*'"],
    ["python_full_version ~= '3.11.2'", "python_full_version ~= '3.11.2'"],
    [
      `sys_platform == "win32" or(os_name=='nt' and implementation_name=="cpython")`,
      "sys_platform == 'win32' or (os_name == 'nt' and implementation_name == 'cpython')",
    ],
    [`platform_release >= '5'`, "platform_release >= '5'"],
    [`platform_version == "it's"`, `platform_version == "it's"`],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(parseMarker(text), { ok: true, marker: expected }, text);
  }
});

Deno.test("parseMarker: each mistake named, at its offset", () => {
  const cases: Array<[string, string, number]> = [
    ["", "the marker is empty", 0],
    ["sys_platfrom == 'x'", "unknown marker variable 'sys_platfrom'", 0],
    ["python_version > '3.8' and", "expected a marker variable or a quoted string at the end", 26],
    ["sys_platform = 'linux'", "unexpected '='", 13],
    ["sys_platform == 'linux", "unclosed quote '", 16],
    ["(os_name == 'nt'", "expected ')' at the end", 16],
    ["os_name == 'nt')", "expected 'and', 'or' or the end, found ')'", 15],
    ["'a' == 'b'", "'a' == 'b' compares two strings, no marker variable", 0],
    ["os_name == sys_platform", "'os_name == sys_platform' compares two variables", 0],
    ["sys_platform ~= 'linux'", "'~=' compares versions, and 'sys_platform' is a string", 13],
    [
      "python_version >= 'foo'",
      "'foo' is not a version, and 'python_version' compares versions",
      18,
    ],
    ["python_version ~= '3'", "'~=' needs at least two release numbers, found '3'", 18],
    [
      "os_name is 'nt'",
      "expected a comparison (==, !=, <, <=, >, >=, ~=, ===, in, not in), found 'is'",
      8,
    ],
    [
      "extra == 'test'",
      "the marker variable 'extra' never holds in [project].dependencies, where hpm writes it",
      0,
    ],
    ["os_name == 'nt' or", "expected a marker variable or a quoted string at the end", 18],
  ];
  for (const [text, message, offset] of cases) {
    const result = parseMarker(text);
    assert.equal(result.ok, false, text);
    if (result.ok) continue;
    assert.equal(result.message, message, text);
    assert.equal(result.offset, offset, text);
  }
});

Deno.test("satisfies / compareVersions: PEP 440 order and specifiers", () => {
  assert.equal(compareVersions("1.0", "1.0.0"), 0);
  assert.equal(compareVersions("1.0rc1", "1.0"), -1);
  assert.equal(compareVersions("1.0.dev1", "1.0a1"), -1);
  assert.equal(compareVersions("1.0.post1", "1.0"), 1);
  assert.equal(compareVersions("1!0.1", "2.0"), 1);
  assert.equal(compareVersions("x", "1"), undefined);
  const cases: Array<[string, string, boolean | undefined]> = [
    ["1.0.0", ">=2.2", false],
    ["2.2", ">=2.2", true],
    ["2.5", ">=2.2,<3", true],
    ["3.0", ">=2.2,<3", false],
    ["1.4.2", "~=1.4", true],
    ["2.0", "~=1.4", false],
    ["1.4.9", "==1.4.*", true],
    ["1.5", "==1.4.*", false],
    ["1.5", "!=1.4.*", true],
    ["0.27.2", "==0.27.2", true],
    ["1.0", "===1.0", undefined],
    ["1.0", "", true],
  ];
  for (const [version, spec, expected] of cases) {
    assert.equal(satisfies(version, spec), expected, `${version} ${spec}`);
  }
});

Deno.test("lockedVersions: [[package]] name and version; forks joined; other tables ignored", () => {
  const lock = [
    "version = 1",
    "revision = 3",
    'requires-python = ">=3.11"',
    "",
    "[[package]]",
    'name = "H2"',
    'version = "4.1.0"',
    'source = { registry = "https://pypi.org/simple" }',
    "dependencies = [",
    '    { name = "hpack" },',
    "]",
    "",
    "[package.metadata]",
    'requires-dist = [{ name = "x", version = "9" }]',
    "",
    "[[package]]",
    'name = "numpy"',
    'version = "1.26.4"',
    "",
    "[[package]]",
    'name = "numpy"',
    'version = "2.1.0"',
    "",
    "[[package]]",
    'name = "dynamic"',
    'source = { editable = "." }',
    "",
  ].join("\r\n");
  assert.deepEqual(
    [...lockedVersions(lock)],
    [["h2", "4.1.0"], ["numpy", "1.26.4, 2.1.0"]],
  );
});

Deno.test("shownVersion: uv.lock's, else the constraint or the tag, else the manifest's", () => {
  const at = { file: "p.yaml", line: 1, column: 1 };
  const pkg = (version?: string): Package => ({
    name: "p",
    ...(version ? { version } : {}),
    sources: {},
    file: "/r/packages/p.yaml",
    position: at,
  });
  const index: Source = { type: "index", version: ">=2.2", position: at };
  const any: Source = { type: "index", version: "", position: at };
  const tagged: Source = { type: "git", url: "https://x.org/p.git", tag: "v1.2.0", position: at };
  const branch: Source = { type: "git", url: "https://x.org/p.git", branch: "main", position: at };
  const local: Source = { type: "local", path: "../p", editable: true, position: at };
  assert.equal(shownVersion(pkg("1.0.0"), index, "2.5.1"), "2.5.1");
  assert.equal(shownVersion(pkg("1.0.0"), index), ">=2.2");
  assert.equal(shownVersion(pkg(), any), "any version");
  assert.equal(shownVersion(pkg("1.2.0"), tagged), "v1.2.0");
  assert.equal(shownVersion(pkg(), branch), "main");
  assert.equal(shownVersion(pkg("0.3.0"), local), "0.3.0");
  assert.equal(shownVersion(pkg(), local), "");
});

Deno.test("requirementFor: a source's extras and marker replace the package's, even empty", () => {
  const at = { file: "p.yaml", line: 1, column: 1 };
  const pkg: Package = {
    name: "httpx",
    extras: ["http2"],
    marker: "sys_platform != 'win32'",
    sources: {},
    file: "/r/packages/httpx.yaml",
    position: at,
  };
  const prod: Source = { type: "index", version: ">=0.27", position: at };
  const dev: Source = {
    type: "index",
    version: ">=0.27",
    extras: ["socks"],
    marker: "",
    position: at,
  };
  const local: Source = { type: "local", path: "../h", editable: true, extras: [], position: at };
  assert.equal(requirementFor("httpx", prod, pkg), "httpx[http2]>=0.27 ; sys_platform != 'win32'");
  assert.equal(requirementFor("httpx", dev, pkg), "httpx[socks]>=0.27");
  assert.equal(requirementFor("httpx", local, pkg), "httpx ; sys_platform != 'win32'");
  assert.equal(requirementFor("httpx", prod), "httpx>=0.27");
});
