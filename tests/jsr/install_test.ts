/**
 * The command `deno install -g -A -n hpm jsr:@hpm/cli` installs (README's Install section),
 * from the checkout published to a local stand-in of JSR (tests/support/jsr.ts), with a fresh
 * DENO_DIR and DENO_INSTALL_ROOT in a temporary directory (the command is typed as users type
 * it; only where it installs differs).
 */
import assert from "node:assert/strict";
import { FIXTURES, REPO, testEnv } from "../support/hpm.ts";
import {
  copyTree,
  denoFiles,
  JSR_INSTALL_ARGS,
  runDeno,
  withPublishedHpm,
} from "../support/jsr.ts";

const VERSION: string = JSON.parse(await Deno.readTextFile(`${REPO}/deno.json`)).version;

Deno.test("deno install -g -A -n hpm jsr:@hpm/cli: the installed hpm works, also under a package.json", async (t) => {
  await withPublishedHpm(REPO, async (published) => {
    const root = await Deno.makeTempDir({ prefix: "hpm-jsr-install-" });
    try {
      const env = { ...published.env, DENO_INSTALL_ROOT: `${root}/install` };
      await t.step("without -n hpm, Deno cannot name the command", async () => {
        const args = JSR_INSTALL_ARGS.filter((arg, i, all) => arg !== "-n" && all[i - 1] !== "-n");
        const result = await runDeno(args, { cwd: root, env });
        assert.notEqual(result.code, 0);
        assert.match(result.stderr, /Invalid executable name: @hpm/);
      });
      const installed = await runDeno(JSR_INSTALL_ARGS, { cwd: root, env });
      assert.equal(installed.code, 0, installed.stderr);
      const shim = `${root}/install/bin/hpm`;
      const version = await runDeno(["--version"], { cwd: root, env, program: shim });
      assert.equal(version.stdout, `hpm ${VERSION}\n`);
      await t.step(
        "group add, check, sync under a package.json, no Deno file in the tree",
        async () => {
          const tree = `${root}/monorepo`;
          const project = `${tree}/py`;
          await copyTree(`${FIXTURES}/seed-project`, project);
          await Deno.writeTextFile(`${tree}/package.json`, '{ "name": "web" }\n');
          const hpm = (args: string[]) =>
            runDeno(args, { cwd: project, env: testEnv(env), program: shim });
          for (
            const args of [
              ["group", "add", "inference", "--option", "vlm-adapter-qwen"],
              ["check"],
              ["sync"],
            ]
          ) {
            const result = await hpm(args);
            assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
          }
          assert.match(await Deno.readTextFile(`${project}/pyproject.toml`), /vlm-adapter-qwen/);
          const list = await hpm(["list"]);
          assert.match(list.stdout, /^inference \(1-of-N\)/);
          assert.deepEqual(await denoFiles(tree), []);
        },
      );
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});
