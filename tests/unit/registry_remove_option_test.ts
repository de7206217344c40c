/** removeOptionText: one option out of a group file, everything else kept. */
import assert from "node:assert/strict";
import { removeOptionText } from "../../src/registry/write/group.ts";

const FILE = "/registry/groups/g.yaml";

Deno.test("removeOptionText keeps CRLF, a byte order mark, flow lists and end-of-line comments", async () => {
  const crlf = "\uFEFFname: g\r\nstrategy: M-of-N  # several\r\noptions:\r\n  - name: a\r\n" +
    "  - name: b   # bee\r\n  - name: c\r\n";
  assert.equal(
    await removeOptionText(crlf, FILE, "a"),
    "\uFEFFname: g\r\nstrategy: M-of-N  # several\r\noptions:\r\n  - name: b   # bee\r\n" +
      "  - name: c\r\n",
  );
  // The end-of-line comment of the withdrawn option goes with it.
  assert.equal(
    await removeOptionText(crlf, FILE, "b"),
    "\uFEFFname: g\r\nstrategy: M-of-N  # several\r\noptions:\r\n  - name: a\r\n  - name: c\r\n",
  );
  const flow = "name: g\nstrategy: 1-of-N\noptions: [{name: a}, {name: b, description: B}]\n";
  assert.equal(
    await removeOptionText(flow, FILE, "a"),
    "name: g\nstrategy: 1-of-N\noptions: [{name: b, description: B}]\n",
  );
});

Deno.test("removeOptionText: comments above the withdrawn option stay; the last one's go to the end", async () => {
  const text = "name: g\nstrategy: 1-of-N\noptions:\n  - name: a\n  # about b\n  - name: b\n";
  assert.equal(
    await removeOptionText(text, FILE, "b"),
    "name: g\nstrategy: 1-of-N\noptions:\n  - name: a\n  # about b\n",
  );
  const middle = "name: g\nstrategy: 1-of-N\noptions:\n  - name: a\n\n  # b and c\n" +
    "  - name: b\n  - name: c\n";
  assert.equal(
    await removeOptionText(middle, FILE, "b"),
    "name: g\nstrategy: 1-of-N\noptions:\n  - name: a\n\n  # b and c\n  - name: c\n",
  );
});

Deno.test("removeOptionText refuses a group file with problems", async () => {
  await assert.rejects(
    () => removeOptionText("name: g\nstrategy: 2-of-N\noptions:\n  - name: a\n", FILE, "a"),
    /g\.yaml has problems; not changed/,
  );
});
