import assert from "node:assert/strict";
import { maskText, maskUrl } from "../../src/redact.ts";

Deno.test("maskUrl hides user info of any scheme, keeps the rest", () => {
  const cases: Array<[string, string]> = [
    ["https://user:token@example.com/x.git", "https://***@example.com/x.git"],
    [
      "git+https://oauth2:abc@gitlab.example.com/g/p.git",
      "git+https://***@gitlab.example.com/g/p.git",
    ],
    ["ssh://git@example.com/x.git", "ssh://***@example.com/x.git"],
    ["https://example.com/simple", "https://example.com/simple"],
    ["file:///tmp/repo", "file:///tmp/repo"],
  ];
  for (const [input, expected] of cases) assert.equal(maskUrl(input), expected);
});

Deno.test("maskText masks every URL in a text, including TOML and JSON", () => {
  assert.equal(
    maskText('x = { git = "https://u:p@h/r.git", tag = "v1" }\n"url": "https://t@i/simple"'),
    'x = { git = "https://***@h/r.git", tag = "v1" }\n"url": "https://***@i/simple"',
  );
});

Deno.test("maskText does not reach across quotes to a later @", () => {
  const text = '{"url": "https://example.com/simple", "email": "a@b.c"}';
  assert.equal(maskText(text), text);
});
