/**
 * On a terminal, `hpm sync` lets uv draw its own output for the install (progress, what it
 * built and installed) instead of a spinner; without one, and with --quiet or --json, uv's
 * output stays captured (and parsed for failures), as before.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { Terminal, TMUX } from "../support/terminal.ts";

async function selected(): Promise<string> {
  const dir = await copyFixture("seed-project");
  assert.equal(
    (await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir })).code,
    0,
  );
  return dir;
}

Deno.test({
  name: "sync on a terminal: uv's own install output is on the screen; --quiet keeps it captured",
  ignore: !TMUX,
  async fn() {
    const dir = await selected();
    const terminal = await Terminal.start(dir, ["sync"], { unset: ["UV_NO_PROGRESS"] });
    try {
      assert.equal(await terminal.exitCode(), 0, await terminal.screen());
      const screen = await terminal.screen();
      // uv's lines, which hpm never prints itself when it captures uv's output.
      assert.match(screen, /\$ uv sync --locked --python \S+\n(.*\n)*Installed 1 package in/);
      assert.match(screen, /synced pyproject\.toml and the environment/);
    } finally {
      await terminal.close();
    }
    // Remove the package again (deselect, sync quietly): uv's output stays captured.
    assert.equal((await hpm(["group", "remove", "inference"], { cwd: dir })).code, 0);
    const quiet = await Terminal.start(dir, ["sync", "--quiet"], { unset: ["UV_NO_PROGRESS"] });
    try {
      assert.equal(await quiet.exitCode(), 0, await quiet.screen());
      assert.doesNotMatch(await quiet.screen(), /Uninstalled|Installed|Resolved/);
    } finally {
      await quiet.close();
    }
  },
});

Deno.test("sync without a terminal: uv's output is captured, as before", async () => {
  const dir = await selected();
  await using _dir = removing(dir);
  const result = await hpm(["sync"], { cwd: dir, env: { UV_NO_PROGRESS: "0" } });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /Installed 1 package/);
});
