/** tests/support/spec.ts: what is filtered from outputs, and the diff a mismatch prints. */
import assert from "node:assert/strict";
import { assertOutput, lineDiff, lines, normalize } from "../support/spec.ts";

Deno.test("normalize: the root, other temporary paths, durations and pids", () => {
  const root = "/tmp/hpm-seed-project-1a2b";
  assert.equal(
    normalize(
      `file://${root}/packages/x\n${root}\n/tmp/hpm-cache-9f/key\nResolved 2 packages in 12ms\n` +
        "built in 1.20s\nanother hpm (pid 4242, hpm sync)\nafter waiting 0.5 s\n",
      { root },
    ),
    "file://[ROOT]/packages/x\n[ROOT]\n[TMP]/key\nResolved 2 packages in [TIME]\n" +
      "built in [TIME]\nanother hpm (pid [PID], hpm sync)\nafter waiting 0.5 s\n",
  );
  // A longer name that only starts like the root is not the root.
  assert.equal(normalize("/tmp/hpm-seed-project-1a2bc/x", { root }), "[TMP]/x");
});

Deno.test("lineDiff: removed lines first, context of two lines, the rest elided", () => {
  const expected = lines("a", "b", "c", "d", "e", "f", "g");
  const actual = lines("a", "b", "c", "d", "E", "f", "g");
  assert.equal(lineDiff(expected, actual), "  ...\n  c\n  d\n- e\n+ E\n  f\n  g\n  ...");
});

Deno.test("assertOutput: names each part that differs, with its diff", () => {
  assert.doesNotThrow(() =>
    assertOutput({ code: 0, stdout: "x\n", stderr: "" }, { code: 0, stdout: "x\n", stderr: "" })
  );
  assert.throws(
    () =>
      assertOutput({ code: 1, stdout: "x\n", stderr: "warning\n" }, {
        code: 0,
        stdout: "x\n",
        stderr: "",
      }),
    (error: Error) =>
      error.message === "exit code 1, expected 0\n\nstderr differs (- expected, + actual):\n" +
          "+ warning\n  ",
  );
});
