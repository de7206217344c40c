/** Writing package manifests: whole-text comparisons, read back by the registry's own parser. */
import assert from "node:assert/strict";
import type { HpmError } from "../../src/errors.ts";
import { parsePackage } from "../../src/registry/manifest/package_text.ts";
import {
  editPackageText,
  newPackageText,
  type PackageDraft,
  type PackageEdit,
} from "../../src/registry/write/package.ts";

const FILE = "/r/packages/vlm-adapter-qwen.yaml";

Deno.test("a new manifest: the seed guide's field order, plain YAML, double-quoted strings", async () => {
  const text = await newPackageText({
    name: "vlm-adapter-qwen",
    version: "0.1.0",
    sources: { prod: { type: "local", path: "../../packages/vlm_adapter", editable: true } },
  }, FILE);
  assert.equal(
    text,
    [
      'name: "vlm-adapter-qwen"',
      'version: "0.1.0"',
      "sources:",
      "  prod:",
      '    type: "local"',
      '    path: "../../packages/vlm_adapter"',
      "    editable: true",
      "",
    ].join("\n"),
  );
});

Deno.test("each source type in its field order; optional fields left out when empty", async () => {
  const cases: [PackageDraft["sources"][string], string[]][] = [
    [
      {
        type: "git",
        url: "https://github.com/org/qwen.git",
        tag: "v0.2.0",
        subdirectory: "python",
      },
      [
        'type: "git"',
        'url: "https://github.com/org/qwen.git"',
        'tag: "v0.2.0"',
        'ref: "v0.2.0"', // the same revision, for the original hpm (which reads only `ref`)
        'subdirectory: "python"',
      ],
    ],
    [{ type: "git", url: "ssh://git@host/r.git", branch: "main" }, [
      'type: "git"',
      'url: "ssh://git@host/r.git"',
      'branch: "main"',
      'ref: "main"',
    ]],
    [{ type: "index", version: ">=1.0,<3", index: "https://pypi.example.org/simple" }, [
      'type: "index"',
      'version: ">=1.0,<3"',
      'index: "https://pypi.example.org/simple"',
    ]],
    [{ type: "index", version: "" }, ['type: "index"']],
    [{ type: "url", url: "https://files.example.org/q-1.0.tar.gz" }, [
      'type: "url"',
      'url: "https://files.example.org/q-1.0.tar.gz"',
    ]],
    [{ type: "local", path: "/abs/checkout", editable: false }, [
      'type: "local"',
      'path: "/abs/checkout"',
      "editable: false",
    ]],
  ];
  for (const [source, lines] of cases) {
    const text = await newPackageText({
      name: "vlm-adapter-qwen",
      version: "1.0",
      description: "Qwen: the adapter # not a comment",
      sources: { dev: source },
    }, FILE);
    assert.equal(
      text,
      [
        'name: "vlm-adapter-qwen"',
        'version: "1.0"',
        'description: "Qwen: the adapter # not a comment"',
        "sources:",
        "  dev:",
        ...lines.map((line) => "    " + line),
        "",
      ].join("\n"),
    );
    const { pkg, problems } = await parsePackage(text, FILE);
    assert.deepEqual(problems, []);
    assert.equal(pkg?.description, "Qwen: the adapter # not a comment");
  }
});

const EXISTING = [
  "# Qwen adapter, maintained by the vision team",
  'name: "vlm-adapter-qwen"',
  'version: "0.1.0" # bumped by CI',
  "sources:",
  "  prod: # the release",
  '    type: "git"',
  '    url: "https://github.com/org/qwen.git"',
  "    ref: abc123",
  "",
].join("\n");

Deno.test("adding a mode keeps the other sources, the comments and the style", async () => {
  const text = await editPackageText(EXISTING, FILE, {
    mode: "dev",
    source: { type: "local", path: "../../packages/vlm_adapter", editable: true },
  });
  assert.equal(
    text,
    // The yaml library keeps a comment after a key that opens a mapping on its own line.
    EXISTING.replace("  prod: # the release\n", "  prod:\n    # the release\n") +
      [
        "  dev:",
        '    type: "local"',
        '    path: "../../packages/vlm_adapter"',
        "    editable: true",
        "",
      ].join("\n"),
  );
});

Deno.test("a new version and description go to their place in the field order", async () => {
  const text = await editPackageText(EXISTING, FILE, {
    mode: "prod",
    source: { type: "git", url: "https://github.com/org/qwen.git", tag: "v0.2.0" },
    version: "0.2.0",
    description: "Qwen2-VL adapter",
  });
  assert.equal(
    text,
    [
      "# Qwen adapter, maintained by the vision team",
      'name: "vlm-adapter-qwen"',
      'version: "0.2.0" # bumped by CI',
      'description: "Qwen2-VL adapter"',
      "sources:",
      "  prod:",
      '    type: "git"',
      '    url: "https://github.com/org/qwen.git"',
      '    tag: "v0.2.0"',
      '    ref: "v0.2.0"',
      "",
    ].join("\n"),
  );
});

Deno.test("an existing manifest that is not valid is not edited", async () => {
  await assert.rejects(
    editPackageText("name: [unclosed\n", FILE, {
      mode: "dev",
      source: { type: "index", version: "" },
    }),
    (error: HpmError) =>
      error.code === "registry-invalid" && /is not valid YAML/.test(error.message),
  );
  await assert.rejects(
    editPackageText('name: "vlm-adapter-qwen"\nsources: {}\n', FILE, {
      mode: "dev",
      source: { type: "index", version: "" },
    }),
    (error: HpmError) =>
      error.code === "registry-invalid" && /has problems; not changed/.test(error.message),
  );
});

Deno.test("the guard: a manifest that would not read back is never returned", async () => {
  // The file name decides the package name: writing another name there is refused.
  await assert.rejects(
    newPackageText({
      name: "other",
      version: "1.0",
      sources: { prod: { type: "index", version: "" } },
    }, FILE),
    (error: HpmError) => error.code === "write-verify" && error.exitCode === 1,
  );
  await assert.rejects(
    newPackageText({
      name: "vlm-adapter-qwen",
      version: "1.0",
      sources: { prod: { type: "index", version: "latest" } },
    }, FILE),
    (error: HpmError) => error.code === "write-verify",
  );
});

/** `text` as a Windows editor may save it: a byte order mark and CRLF line endings. */
function windows(text: string): string {
  return "\uFEFF" + text.replace(/\n/g, "\r\n");
}

const COMMENTED = [
  "# Qwen adapter, maintained by the vision team",
  'name: "vlm-adapter-qwen"   # the file name must match',
  'version: "0.1.0"  # bumped by CI',
  "sources:",
  "  prod:",
  '    type: "git"',
  '    url: "https://github.com/org/qwen.git"  # the mirror',
  "# end of manifest",
  "",
].join("\n");

const DEV_SOURCE: PackageEdit = {
  mode: "dev",
  source: { type: "local", path: "../../packages/vlm_adapter", editable: true },
};

const COMMENTED_WITH_DEV = COMMENTED.replace(
  "# end of manifest",
  [
    "  dev:",
    '    type: "local"',
    '    path: "../../packages/vlm_adapter"',
    "    editable: true",
    "# end of manifest",
  ].join("\n"),
);

Deno.test("an LF manifest: the gap before a trailing comment and a footer comment are kept", async () => {
  const text = await editPackageText(COMMENTED, FILE, DEV_SOURCE);
  assert.equal(text, COMMENTED_WITH_DEV);
  assert.ok(!text.includes("\r") && !text.startsWith("\uFEFF"));
  // a blank line before the footer stays one blank line
  const spaced = COMMENTED.replace("# end of manifest", "\n# end of manifest");
  assert.equal(
    await editPackageText(spaced, FILE, DEV_SOURCE),
    COMMENTED_WITH_DEV.replace("# end of manifest", "\n# end of manifest"),
  );
});

Deno.test("a CRLF manifest with a BOM keeps its BOM, CRLF on every line and every comment", async () => {
  const text = await editPackageText(windows(COMMENTED), FILE, {
    ...DEV_SOURCE,
    version: "0.2.0",
  });
  assert.ok(text.startsWith("\uFEFF"), "keeps the byte order mark");
  assert.ok(!text.slice(1).includes("\uFEFF"));
  assert.equal(text.match(/(?<!\r)\n/g), null, "no line ends with LF alone");
  assert.ok(text.endsWith("\r\n"));
  for (const line of COMMENTED.split("\n").filter((line) => line.includes("#"))) {
    const comment = line.slice(line.indexOf("#"));
    assert.ok(text.includes(comment + "\r\n"), `keeps '${comment}'`);
  }
  assert.equal(
    text,
    windows(COMMENTED_WITH_DEV.replace('version: "0.1.0"', 'version: "0.2.0"')),
  );
  const { pkg, problems } = await parsePackage(text, FILE);
  assert.deepEqual(problems, []);
  assert.equal(pkg?.version, "0.2.0");
  assert.deepEqual(Object.keys(pkg?.sources ?? {}), ["prod", "dev"]);
});

Deno.test("line endings: the dominant one is kept; a BOM alone is kept on LF", async () => {
  // two CRLF breaks against one LF: written back all CRLF
  const mostlyCrlf = 'name: "vlm-adapter-qwen"\r\nversion: "0.1.0"\r\nsources: {}\n';
  const edited = await editPackageText(
    mostlyCrlf.replace("sources: {}\n", 'sources:\r\n  prod:\r\n    type: "index"\n'),
    FILE,
    DEV_SOURCE,
  );
  assert.equal(edited.match(/(?<!\r)\n/g), null);
  assert.equal(edited.match(/\r\n/g)?.length, 9);
  const bomOnly = await editPackageText("\uFEFF" + EXISTING, FILE, DEV_SOURCE);
  assert.equal(bomOnly, "\uFEFF" + (await editPackageText(EXISTING, FILE, DEV_SOURCE)));
  assert.ok(!bomOnly.includes("\r"));
});

Deno.test("a new manifest can be written in a given layout", async () => {
  const draft: PackageDraft = {
    name: "vlm-adapter-qwen",
    version: "0.1.0",
    sources: { prod: { type: "index", version: "" } },
  };
  const plain = await newPackageText(draft, FILE);
  assert.equal(await newPackageText(draft, FILE, { bom: true, eol: "\r\n" }), windows(plain));
});
