/** `group add` without --option and without a default asks in a terminal (tmux), and only there. */
import assert from "node:assert/strict";
import { copyFixture, hpm } from "../support/hpm.ts";
import { Terminal, TMUX } from "../support/terminal.ts";

Deno.test({
  name: "group add asks for a 1-of-N option in a terminal; Ctrl-C writes nothing",
  ignore: !TMUX,
  fn: async () => {
    const dir = await copyFixture("seed-project");
    const before = await Deno.readTextFile(`${dir}/pyproject.toml`);
    const cancelled = await Terminal.start(dir, ["group", "add", "inference"]);
    try {
      await cancelled.waitFor(/Option of 'inference' \(1-of-N\)/);
      await cancelled.press("C-c");
      assert.equal(await cancelled.exitCode(), 130);
    } finally {
      await cancelled.close();
    }
    assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), before);

    const terminal = await Terminal.start(dir, ["group", "add", "inference"]);
    try {
      const screen = await terminal.waitFor(/vlm-adapter-deepseek/);
      assert.match(screen, /vlm-adapter-qwen/);
      await terminal.press("Down");
      await terminal.press("Enter");
      assert.equal(await terminal.exitCode(), 0);
    } finally {
      await terminal.close();
    }
    assert.match(
      await Deno.readTextFile(`${dir}/pyproject.toml`),
      /\[tool\.hpm\.groups\]\ninference = "vlm-adapter-deepseek"\n/,
    );
    // Without a terminal the same command is an error listing the options (tested elsewhere too).
    const piped = await hpm(["group", "add", "inference"], { cwd: dir });
    assert.equal(piped.code, 2);
    await Deno.remove(dir, { recursive: true });
  },
});
