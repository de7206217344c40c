/** Reading the interpreter a uv run reported, and what counts as the user's own choice of one. */
import assert from "node:assert/strict";
import { choosesPython, interpreterUsed } from "../../src/uv/interpreter.ts";

Deno.test("interpreterUsed reads uv's 'Using ... interpreter at:' line, absolute paths only", () => {
  assert.equal(
    interpreterUsed(
      "Using CPython 3.11.7 interpreter at: /root/.pyenv/versions/3.11.7/bin/python3\n" +
        "Resolved 2 packages in 1ms\n",
    ),
    "/root/.pyenv/versions/3.11.7/bin/python3",
  );
  assert.equal(
    interpreterUsed("Using PyPy 3.10.14 interpreter at: /opt/pypy/bin/pypy3\n"),
    "/opt/pypy/bin/pypy3",
  );
  assert.equal(
    interpreterUsed("Using CPython 3.12.4 interpreter at: C:\\Python312\\python.exe\r\n"),
    "C:\\Python312\\python.exe",
  );
  assert.equal(interpreterUsed("Resolved 2 packages in 1ms\n"), undefined);
  assert.equal(interpreterUsed("Using CPython 3.11.7 interpreter at: python3\n"), undefined);
  // Only a line of its own: a package's message quoting it is not uv's.
  assert.equal(
    interpreterUsed("  warning: Using CPython 3.11.7 interpreter at: /x/python\n"),
    undefined,
  );
});

Deno.test("choosesPython: UV_PYTHON and uv's interpreter options are the user's choice", () => {
  const none = () => undefined;
  assert.equal(choosesPython([], none), false);
  assert.equal(choosesPython(["--extra", "gpu", "--offline"], none), false);
  assert.equal(choosesPython([], (name) => (name === "UV_PYTHON" ? "3.12" : undefined)), true);
  for (const token of ["--python", "-p", "--python=3.12", "--managed-python", "--no-config"]) {
    assert.equal(choosesPython([token, "3.12"], none), true, token);
  }
  // A longer option that merely starts the same is not one of them.
  assert.equal(choosesPython(["--python-platform", "linux"], none), false);
});
