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

Deno.test("maskText hides the whole user info, whatever characters the password holds", () => {
  const cases: Array<[string, string]> = [
    // `,` and `'` are allowed in a password (uv accepts them); the old pattern stopped there.
    ["https://alice:SEC,RET@host/x.git", "https://***@host/x.git"],
    ["https://alice:SEC'RET@host/x.git", "https://***@host/x.git"],
    // A raw `@` in the password: the user info ends at the LAST `@` of the authority.
    ["https://alice:SEC@RETat@host/x.git", "https://***@host/x.git"],
    ['git = "https://a:b\\"c@host/r.git"', 'git = "https://***@host/r.git"'],
    ["'https://u:p'\\''q@h/simple'", "'https://***@h/simple'"],
    ["https://u:p@h", "https://***@h"],
    ["https://u:p@h:8443?x=1", "https://***@h:8443?x=1"],
    ["see (https://u:p;q=r!$&*@host/simple).", "see (https://***@host/simple)."],
  ];
  for (const [input, expected] of cases) assert.equal(maskText(input), expected, input);
});

Deno.test("maskText hides the values of credential-like query parameters, any case", () => {
  const cases: Array<[string, string]> = [
    ["https://h/simple?token=abc", "https://h/simple?token=***"],
    ["https://h/simple?x=1&API_KEY=abc&y=2", "https://h/simple?x=1&API_KEY=***&y=2"],
    ["https://h/s?Password=p'q,r#frag", "https://h/s?Password=***#frag"],
    [
      "https://h/s?secret=a&auth=b&access_token=c",
      "https://h/s?secret=***&auth=***&access_token=***",
    ],
    ['"https://h/s?token=abc", "next"', '"https://h/s?token=***", "next"'],
    // Not credentials: unchanged.
    ["https://h/s?version=1&name=x", "https://h/s?version=1&name=x"],
    ["https://h/s?token=", "https://h/s?token="],
  ];
  for (const [input, expected] of cases) assert.equal(maskText(input), expected, input);
});

Deno.test("maskText leaves text without credentials as it is", () => {
  for (
    const text of [
      "no url here: a@b.c, 'x'",
      "https://pypi.org/simple/ and https://files.example.com/@scope/pkg",
      "ssh-less git@github.com:org/repo.git",
      "",
    ]
  ) assert.equal(maskText(text), text);
});
