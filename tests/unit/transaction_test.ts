/** The transaction every writer uses: never over a changed file, restore by rename only. */
import assert from "node:assert/strict";
import { describeRollback, Transaction } from "../../src/fs/transaction.ts";
import { HpmError } from "../../src/errors.ts";

async function withFile(text: string, fn: (dir: string, path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/pyproject.toml`, text);
    await fn(dir, `${dir}/pyproject.toml`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a file changed after it was read is not written over, and the error names it", async () => {
  await withFile("old\n", async (_dir, path) => {
    const tx = await Transaction.begin([{ path, read: "old\n", writer: "hpm" }]);
    await Deno.writeTextFile(path, "editor\n");
    await assert.rejects(() => tx.write(path, "hpm\n"), (e: unknown) => {
      assert.ok(e instanceof HpmError);
      assert.equal(e.code, "file-changed");
      assert.match(
        e.message,
        /pyproject\.toml changed since hpm read it \(line 1 now reads 'editor'\); hpm did not write/,
      );
      return true;
    });
    assert.equal(await Deno.readTextFile(path), "editor\n");
    assert.deepEqual((await tx.rollback()).map((o) => o.state), ["left"]);
    assert.equal(await Deno.readTextFile(path), "editor\n");
  });
});

Deno.test("begin refuses a file that no longer holds what was read: nothing written", async () => {
  await withFile("editor\n", async (dir, path) => {
    await assert.rejects(
      () => Transaction.begin([{ path, read: "old\n", writer: "hpm" }]),
      /pyproject\.toml changed since hpm read it \(line 1 now reads 'editor'\); nothing was written/,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["pyproject.toml"]);
  });
});

Deno.test("a save after hpm's write wins over the rollback, and is said", async () => {
  await withFile("old\n", async (_dir, path) => {
    const tx = await Transaction.begin([{ path, read: "old\n", writer: "hpm" }]);
    await tx.write(path, "hpm\n");
    await Deno.writeTextFile(path, "editor\n");
    const outcomes = await tx.rollback();
    assert.equal(await Deno.readTextFile(path), "editor\n");
    assert.equal(
      describeRollback(outcomes, "while uv ran"),
      `left ${path} as it is: another program changed it while uv ran`,
    );
  });
});

Deno.test("the backup is a hard link made before the first write; restore is a rename", async () => {
  await withFile("old\n", async (dir, path) => {
    const before = await Deno.stat(path);
    const tx = await Transaction.begin([{ path, read: "old\n", writer: "hpm" }]);
    const backup = `${dir}/.pyproject.toml.hpm-backup`;
    assert.equal((await Deno.stat(backup)).ino, before.ino); // same file: no new space
    await tx.write(path, "hpm\n");
    assert.deepEqual((await tx.rollback()).map((o) => o.state), ["restored"]);
    assert.equal((await Deno.stat(path)).ino, before.ino); // the old file itself, renamed back
    assert.equal(await Deno.readTextFile(path), "old\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["pyproject.toml"]);
  });
});

Deno.test("a file uv writes is restored whenever it changed; one that cannot be says so", async () => {
  await withFile("old\n", async (dir, path) => {
    const lock = `${dir}/uv.lock`;
    await Deno.writeTextFile(lock, "lock\n");
    const tx = await Transaction.begin([
      { path, read: "old\n", writer: "hpm" },
      { path: lock, read: "lock\n", writer: "uv" },
    ]);
    await Deno.writeTextFile(lock, "uv's\n"); // in place, as a child process may
    await Deno.remove(`${dir}/.uv.lock.hpm-backup`); // a restore that cannot happen
    await Deno.mkdir(`${dir}/.uv.lock.hpm-backup`);
    const outcomes = await tx.rollback();
    assert.deepEqual(outcomes.map((o) => o.state), ["unchanged", "unrestored"]);
    assert.match(
      describeRollback(outcomes),
      new RegExp(`^could not restore ${lock} \\(.+\\): it holds the new version; the old one`),
    );
  });
});
