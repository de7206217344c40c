import assert from "node:assert/strict";
import { unifiedDiff } from "../../src/diff.ts";

Deno.test("unifiedDiff: equal texts give an empty diff", () => {
  assert.equal(unifiedDiff("a\nb\n", "a\nb\n", "f"), "");
});

Deno.test("unifiedDiff: a replaced line, removals before additions, with context", () => {
  const before = "a\nb\nc\nd\ne\nf\ng\nh\n";
  const after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
  assert.equal(
    unifiedDiff(before, after, "pyproject.toml"),
    [
      "--- a/pyproject.toml",
      "+++ b/pyproject.toml",
      "@@ -1,8 +1,9 @@",
      " a",
      " b",
      " c",
      "-d",
      "+D",
      " e",
      " f",
      " g",
      " h",
      "+i",
      "",
    ].join("\n"),
  );
});

Deno.test("unifiedDiff: distant changes make separate hunks", () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
  const after = before.replace("line 2\n", "line two\n").replace("line 19\n", "");
  assert.equal(
    unifiedDiff(before, after, "f"),
    [
      "--- a/f",
      "+++ b/f",
      "@@ -1,5 +1,5 @@",
      " line 1",
      "-line 2",
      "+line two",
      " line 3",
      " line 4",
      " line 5",
      "@@ -16,5 +16,4 @@",
      " line 16",
      " line 17",
      " line 18",
      "-line 19",
      " line 20",
      "",
    ].join("\n"),
  );
});
