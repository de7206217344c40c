import assert from "node:assert/strict";
import {
  codePointName,
  colour,
  escapeInvisibleJson,
  firstInvisible,
  inline,
  neutralize,
  withColours,
} from "../../src/neutralize.ts";

Deno.test("neutralize shows every control character, CR and ESC included; tab and LF pass", () => {
  assert.equal(neutralize("a\x1b[31mred\x1b[0m"), "a^[[31mred^[[0m");
  assert.equal(neutralize("fake\r✔ ok"), "fake^M✔ ok");
  assert.equal(neutralize("a\r\nb\tc\n"), "a\nb\tc\n");
  assert.equal(neutralize("\x07\x08\x00"), "^G^H^@");
  assert.equal(neutralize("\x7f\x9b"), "<U+007F><U+009B>");
  assert.equal(neutralize("plain ünïcödé ✔"), "plain ünïcödé ✔");
});

Deno.test("neutralize shows bidi controls and zero-width characters by their code point", () => {
  for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
    const char = String.fromCodePoint(code);
    assert.equal(neutralize(`abc${char}def`), `abc${codePointName(char)}def`);
    assert.equal(firstInvisible(`x${char}`), char);
  }
  assert.equal(neutralize("a\u200bb\u200dc\ufeffd"), "a<U+200B>b<U+200D>c<U+FEFF>d");
  assert.equal(firstInvisible("plain"), undefined);
});

Deno.test("inline keeps a file name or a key on its line", () => {
  assert.equal(inline("x\n\x1b[32m✔ registry: no errors"), "x^J^[[32m✔ registry: no errors");
});

Deno.test("only hpm's own colour markers become escape sequences", () => {
  const ours = colour("31", "error");
  assert.equal(withColours(neutralize(ours)), "\x1b[31merror\x1b[0m");
  // Text holding a marker of its own (it cannot know the nonce) is shown, never coloured.
  const forged = "\ue00031\ue001hidden\ue000" + "8\ue001";
  assert.equal(withColours(neutralize(forged)), "<U+E000>31<U+E001>hidden<U+E000>8<U+E001>");
});

Deno.test("escapeInvisibleJson keeps the value, escaped", () => {
  const value = { d: "a\u202eb\u200bc\u{e0041}" };
  const json = escapeInvisibleJson(JSON.stringify(value));
  assert.equal(json, '{"d":"a\\u202eb\\u200bc\\udb40\\udc41"}');
  assert.deepEqual(JSON.parse(json), value);
  assert.equal(neutralize(json), json);
});
