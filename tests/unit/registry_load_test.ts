import assert from "node:assert/strict";
import { HpmError } from "../../src/errors.ts";
import { displayPath, joinPath, resolvePath } from "../../src/paths.ts";
import { loadRegistry } from "../../src/registry/load.ts";
import { TEST_CACHE_DIR } from "../support/hpm.ts";

// loadRegistry caches: in this test process's directory, never the user's.
Deno.env.set("HPM_CACHE_DIR", TEST_CACHE_DIR);

const fixtures = resolvePath(
  decodeURIComponent(new URL("../../registry-fixtures", import.meta.url).pathname),
);
const seed = joinPath(fixtures, "seed-project/registry");
const many = joinPath(fixtures, "invalid/many-problems");

Deno.test("loadRegistry: the seed registry loads clean", async () => {
  const registry = await loadRegistry(seed);
  assert.deepEqual(registry.problems, []);
  assert.equal(registry.root, seed);
  assert.deepEqual([...registry.groups.keys()], ["inference", "metrics"]);
  assert.deepEqual([...registry.packages.keys()], [
    "metric-accuracy",
    "metric-latency",
    "vlm-adapter-deepseek",
    "vlm-adapter-qwen",
  ]);
  const inference = registry.groups.get("inference")!;
  assert.equal(inference.strategy, "1-of-N");
  assert.deepEqual(inference.options.map((o) => o.name), [
    "vlm-adapter-qwen",
    "vlm-adapter-deepseek",
  ]);
  assert.equal(inference.file, joinPath(seed, "groups/inference.yaml"));
  const metrics = registry.groups.get("metrics")!;
  assert.deepEqual(
    { strategy: metrics.strategy, default: metrics.default, min: metrics.min, max: metrics.max },
    { strategy: "M-of-N", default: ["metric-accuracy"], min: 1, max: undefined },
  );
  assert.deepEqual(registry.packages.get("vlm-adapter-qwen")!.sources, {
    prod: {
      type: "local",
      path: "../../packages/vlm_adapter",
      editable: true,
      position: {
        file: displayPath(joinPath(seed, "packages/vlm-adapter-qwen.yaml")),
        line: 6,
        column: 11,
      },
    },
  });
});

Deno.test("loadRegistry: every problem of the many-problems registry in one run", async () => {
  const registry = await loadRegistry(many);
  const shown = (rel: string) => displayPath(joinPath(many, rel));
  assert.deepEqual(
    registry.problems.map((p) => [p.file, p.line, p.column, p.severity]),
    [
      [shown("groups/bare.yaml"), 4, 5, "error"], // bare string option
      [shown("groups/bounds.yaml"), 6, 6, "error"], // min > max
      [shown("groups/bounds.yaml"), 6, 6, "error"], // min > number of options
      [shown("groups/misnamed.yaml"), 1, 7, "error"], // name differs from the file name
      [shown("groups/orphan.yaml"), 5, 11, "error"], // option without manifest
      [shown("groups/orphan.yaml"), 6, 20, "error"], // default not an option
      [shown("groups/syntax.yaml"), 4, 1, "error"], // YAML syntax error
      [shown("groups/typo.yaml"), 1, 1, "error"], // no strategy (because of the typo)
      [shown("groups/typo.yaml"), 2, 1, "warning"], // unknown key `stratgy` (ignored)
      [shown("groups/unknown-strategy.yaml"), 2, 11, "error"], // unknown strategy
      [shown("groups/vision.yml"), 1, 7, "error"], // duplicate name (vision.yaml)
      [shown("packages/bad-constraint.yaml"), 6, 14, "error"], // version clause without operator
      [shown("packages/bad-constraint.yaml"), 7, 12, "error"], // index URL scheme
      [shown("packages/editible.yaml"), 7, 5, "warning"], // unknown key `editible` (ignored)
      [shown("packages/git-no-url.yaml"), 4, 3, "error"], // git source without url
      [shown("packages/missing-local.yaml"), 6, 11, "warning"], // local path missing
      [shown("packages/wrong-version.yaml"), 2, 10, "error"], // version 0.1 is a number
    ],
  );
  const messages = registry.problems.map((p) => p.message);
  assert.ok(messages.includes("unknown key 'stratgy' in a group; ignored"));
  assert.ok(messages.includes("option 'metric-f1' of group 'orphan' has no package manifest"));
  assert.ok(messages.includes("unknown key 'editible' in source 'dev'; ignored"));
  // The files without an error are there, beside the problems; a file with one is left out
  // (a command that needs it fails naming it), and so is the second file of a duplicate.
  assert.deepEqual([...registry.groups.keys()], ["inference", "vision"]);
  assert.deepEqual([...registry.packages.keys()], ["alpha", "beta", "editible", "missing-local"]);
  assert.deepEqual(registry.groups.get("vision")!.options.map((o) => o.name), ["alpha"]);
});

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-registry-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function rejectsNotFound(root: string, fragment: string): Promise<void> {
  await assert.rejects(loadRegistry(root), (error: unknown) => {
    assert.ok(error instanceof HpmError);
    assert.equal(error.code, "registry-not-found");
    assert.equal(error.exitCode, 2);
    assert.ok(error.message.includes(fragment), error.message);
    assert.ok(error.hint?.includes("-r/--registry PATH"));
    assert.ok(error.hint?.includes("[tool.hpm]"));
    assert.ok(error.hint?.includes("hpm init"));
    return true;
  });
}

Deno.test("loadRegistry: a missing registry, directory or subdirectory is registry-not-found", async () => {
  await withTempDir(async (dir) => {
    const missing = joinPath(dir, "nope");
    await rejectsNotFound(missing, `registry not found: ${displayPath(missing)} does not exist`);
    await Deno.mkdir(joinPath(dir, "groups"));
    await rejectsNotFound(
      dir,
      `has no packages/ directory (looked for ${displayPath(joinPath(dir, "packages"))})`,
    );
    await Deno.writeTextFile(joinPath(dir, "file"), "");
    await rejectsNotFound(joinPath(dir, "file"), "is not a directory");
  });
});

Deno.test("loadRegistry: oversized, non-UTF-8 and broken files are reported; the rest loads", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(joinPath(dir, "groups"));
    await Deno.mkdir(joinPath(dir, "packages"));
    await Deno.writeTextFile(
      joinPath(dir, "groups/g.yml"),
      "name: g\nstrategy: 1-of-N\noptions: [{name: ok}, {name: big}]\n",
    );
    await Deno.writeTextFile(
      joinPath(dir, "packages/ok.yaml"),
      "name: ok\nversion: '1'\nsources: {prod: {type: index}}\n",
    );
    await Deno.writeTextFile(joinPath(dir, "packages/big.yaml"), "#".repeat(1024 * 1024 + 1));
    await Deno.writeFile(
      joinPath(dir, "packages/latin1.yaml"),
      new Uint8Array([0x6e, 0x3a, 0xe9, 0x0a]),
    );
    await Deno.writeTextFile(joinPath(dir, "packages/notes.txt"), "ignored");
    const registry = await loadRegistry(dir);
    assert.deepEqual(registry.problems.map((p) => [p.file, p.line, p.column, p.message]), [
      [
        displayPath(joinPath(dir, "packages/big.yaml")),
        1,
        1,
        "file is larger than 1 MiB; not read",
      ],
      [displayPath(joinPath(dir, "packages/latin1.yaml")), 1, 1, "file is not valid UTF-8 text"],
    ]);
    assert.deepEqual([...registry.groups.keys()], ["g"]);
    assert.deepEqual([...registry.packages.keys()], ["ok"]);
  });
});
