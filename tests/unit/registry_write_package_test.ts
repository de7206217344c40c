/** Writing package manifests: whole-text comparisons, read back by the registry's own parser. */
import assert from "node:assert/strict";
import type { HpmError } from "../../src/errors.ts";
import { parsePackage } from "../../src/registry/parse_package.ts";
import {
  editPackageText,
  newPackageText,
  type PackageDraft,
} from "../../src/registry/write_package.ts";

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
        'subdirectory: "python"',
      ],
    ],
    [{ type: "git", url: "ssh://git@host/r.git", branch: "main" }, [
      'type: "git"',
      'url: "ssh://git@host/r.git"',
      'branch: "main"',
    ]],
    [{ type: "index", version: ">=2.1,<3", index: "https://pypi.example.org/simple" }, [
      'type: "index"',
      'version: ">=2.1,<3"',
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
