/**
 * hpm from JSR (the checkout published to a local stand-in of the registry, tests/support/jsr.ts)
 * inside monorepos: a package.json or a deno.json in the project or a parent directory. Run as
 * README documents it, `deno run -A --no-config jsr:@hpm/cli COMMAND`, with a fresh DENO_DIR
 * (Deno downloads hpm from the stand-in and its npm packages from the npm registry).
 */
import assert from "node:assert/strict";
import { FIXTURES, REPO, testEnv } from "../support/hpm.ts";
import {
  copyTree,
  denoFiles,
  JSR_RUN_ARGS,
  type PublishedHpm,
  runDeno,
  withPublishedHpm,
} from "../support/jsr.ts";

/** Where the other ecosystem's config file is, relative to the Python project. */
const LAYOUTS = [
  { file: "package.json", text: '{ "name": "web", "private": true }\n', inProject: false },
  { file: "package.json", text: '{ "name": "web", "private": true }\n', inProject: true },
  {
    file: "deno.json",
    text: '{ "tasks": { "dev": "deno run -A server.ts" } }\n',
    inProject: false,
  },
  { file: "deno.json", text: '{ "tasks": { "dev": "deno run -A server.ts" } }\n', inProject: true },
];

async function groupAddCheckSync(
  published: PublishedHpm,
  layout: typeof LAYOUTS[number],
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "hpm-monorepo-" });
  try {
    const project = layout.inProject ? root : `${root}/python/app`;
    await copyTree(`${FIXTURES}/seed-project`, project);
    await Deno.writeTextFile(`${root}/${layout.file}`, layout.text);
    const hpm = (args: string[]) =>
      runDeno([...JSR_RUN_ARGS, ...args], { cwd: project, env: testEnv(published.env) });
    const added = await hpm(["group", "add", "inference", "--option", "vlm-adapter-qwen"]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout + added.stderr, /selected vlm-adapter-qwen in group 'inference'/);
    const checked = await hpm(["check"]);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout + checked.stderr, /the selection resolves/);
    const synced = await hpm(["sync"]);
    assert.equal(synced.code, 0, synced.stderr);
    const pyproject = await Deno.readTextFile(`${project}/pyproject.toml`);
    assert.match(pyproject, /vlm-adapter-qwen/);
    await Deno.stat(`${project}/uv.lock`);
    await Deno.stat(`${project}/.venv`);
    assert.deepEqual(await denoFiles(root), [], "Deno wrote nothing into the user's tree");
    assert.equal(await Deno.readTextFile(`${root}/${layout.file}`), layout.text);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("hpm from JSR in a monorepo: group add, check and sync under a package.json or deno.json, no Deno file in the tree", async (t) => {
  await withPublishedHpm(REPO, async (published) => {
    for (const layout of LAYOUTS) {
      const where = layout.inProject ? "in the project" : "in a parent directory";
      await t.step(`${layout.file} ${where}`, () => groupAddCheckSync(published, layout));
    }
    await t.step(
      "without --no-config under a package.json: the way out, not 'a bug in hpm'",
      async () => {
        const root = await Deno.makeTempDir({ prefix: "hpm-monorepo-" });
        try {
          const project = `${root}/app`;
          await copyTree(`${FIXTURES}/seed-project`, project);
          await Deno.writeTextFile(`${root}/package.json`, '{ "name": "web" }\n');
          const args = JSR_RUN_ARGS.filter((arg) => arg !== "--no-config");
          // What the fast readers take needs no npm package: that works even so.
          const plain = await runDeno(
            [...args, "group", "add", "metrics", "-o", "metric-latency"],
            {
              cwd: project,
              env: testEnv(published.env),
            },
          );
          assert.equal(plain.code, 0, plain.stderr);
          // A float is outside hpm's fast TOML reader: the edit needs toml-eslint-parser, an
          // npm package, which Deno then looks for in the package.json's node_modules.
          await Deno.writeTextFile(`${project}/pyproject.toml`, "[tool.other]\nratio = 1.5\n", {
            append: true,
          });
          const before = await Deno.readTextFile(`${project}/pyproject.toml`);
          const result = await runDeno(
            [...args, "group", "add", "inference", "--option", "vlm-adapter-qwen"],
            { cwd: project, env: testEnv(published.env) },
          );
          assert.equal(result.code, 1, result.stderr);
          assert.match(result.stderr, /error: Deno looked for hpm's npm:toml-eslint-parser@/);
          assert.match(result.stderr, /hint: run hpm from JSR with --no-config/);
          assert.doesNotMatch(result.stderr, /internal error|a bug in hpm/);
          assert.equal(await Deno.readTextFile(`${project}/pyproject.toml`), before);
        } finally {
          await Deno.remove(root, { recursive: true });
        }
      },
    );
  });
});
