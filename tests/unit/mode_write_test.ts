/** `[tool.hpm.modes]` edits (hpm mode set/clear): whole text in, whole text out. */
import assert from "node:assert/strict";
import { editModes, modeKeysFor } from "../../src/commands/mode_write.ts";

const set = (text: string, key: string, mode: string) =>
  editModes(text, "pyproject.toml", [[key, mode]]);
const clear = (text: string, ...keys: string[]) =>
  editModes(text, "pyproject.toml", keys.map((key) => [key, undefined] as const));

Deno.test("mode set on a file without [tool.hpm.modes] appends the table; clear gives the bytes back", async () => {
  const original = '[project]\nname = "x"\n\n[tool.hpm.groups]\ninference = "qwen"  # mine\n';
  const withMode = await set(original, "qwen", "dev");
  assert.equal(
    withMode,
    '[project]\nname = "x"\n\n[tool.hpm.groups]\ninference = "qwen"  # mine\n\n' +
      '[tool.hpm.modes]\nqwen = "dev"\n',
  );
  assert.equal(await clear(withMode, "qwen"), original);
});

Deno.test("mode set replaces a value in place, keeping its comment, order and the user's spelling", async () => {
  const text =
    '[project]\nname = "x"\n\n[tool.hpm.modes]\n# checkouts\nVLM_Qwen = "prod"   # for now\nother = "dev"\n\n[tool.uv]\nx = 1\n';
  assert.equal(
    await set(text, "VLM_Qwen", "dev"),
    '[project]\nname = "x"\n\n[tool.hpm.modes]\n# checkouts\nVLM_Qwen = "dev"   # for now\nother = "dev"\n\n[tool.uv]\nx = 1\n',
  );
  assert.deepEqual(modeKeysFor({ VLM_Qwen: "prod", other: "dev" }, "vlm-qwen"), ["VLM_Qwen"]);
});

Deno.test("mode clear of one entry leaves the others; a table with comments stays when emptied", async () => {
  const text = '[tool.hpm.modes]\n# checkouts\na = "dev"\nb = "dev"\n';
  assert.equal(await clear(text, "a"), '[tool.hpm.modes]\n# checkouts\nb = "dev"\n');
  assert.equal(await clear(text, "a", "b"), "[tool.hpm.modes]\n# checkouts\n");
});

Deno.test("modes as an inline table and CRLF line endings are edited in their own style", async () => {
  const inline = '[project]\nname = "x"\n\n[tool.hpm]\nmodes = { a = "dev" }\n';
  assert.equal(
    await set(inline, "b", "dev"),
    '[project]\nname = "x"\n\n[tool.hpm]\nmodes = { a = "dev", b = "dev" }\n',
  );
  const crlf = '[project]\r\nname = "x"\r\n';
  const added = await set(crlf, "a", "dev");
  assert.equal(added, '[project]\r\nname = "x"\r\n\r\n[tool.hpm.modes]\r\na = "dev"\r\n');
  assert.equal(await clear(added, "a"), crlf);
});

Deno.test("no change asked: the same string back", async () => {
  const text = '[tool.hpm.modes]\na = "dev"\n';
  assert.equal(await editModes(text, "pyproject.toml", []), text);
  assert.equal(await set(text, "a", "dev"), text);
});
