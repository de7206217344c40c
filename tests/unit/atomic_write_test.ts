/** Atomic writes keep what the user's file is: a symbolic link stays a link to the same file. */
import assert from "node:assert/strict";
import { writeFileAtomic } from "../../src/fs/atomic.ts";
import { Transaction } from "../../src/fs/transaction.ts";

Deno.test({
  name: "writeFileAtomic writes through a symbolic link (and so does a transaction's restore)",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    await Deno.mkdir(`${dir}/real`);
    await Deno.mkdir(`${dir}/project`);
    await Deno.writeTextFile(`${dir}/real/pyproject.toml`, "before\n");
    await Deno.chmod(`${dir}/real/pyproject.toml`, 0o640);
    await Deno.symlink("../real/pyproject.toml", `${dir}/project/pyproject.toml`);
    await writeFileAtomic(`${dir}/project/pyproject.toml`, "after\n");
    assert.ok((await Deno.lstat(`${dir}/project/pyproject.toml`)).isSymlink);
    assert.equal(await Deno.readTextFile(`${dir}/real/pyproject.toml`), "after\n");
    assert.equal((await Deno.stat(`${dir}/real/pyproject.toml`)).mode! & 0o777, 0o640);
    const path = `${dir}/project/pyproject.toml`;
    const tx = await Transaction.begin([{ path, read: "after\n", writer: "hpm" }]);
    await tx.write(path, "third\n");
    assert.equal(await Deno.readTextFile(`${dir}/real/pyproject.toml`), "third\n");
    assert.deepEqual((await tx.rollback()).map((o) => o.state), ["restored"]);
    assert.ok((await Deno.lstat(`${dir}/project/pyproject.toml`)).isSymlink);
    assert.equal(await Deno.readTextFile(`${dir}/real/pyproject.toml`), "after\n");
    assert.equal((await Deno.stat(`${dir}/real/pyproject.toml`)).mode! & 0o777, 0o640);
    // No temporary file or backup is left beside the target or the link.
    assert.deepEqual([...Deno.readDirSync(`${dir}/real`)].map((e) => e.name), ["pyproject.toml"]);
    assert.deepEqual([...Deno.readDirSync(`${dir}/project`)].map((e) => e.name), [
      "pyproject.toml",
    ]);
    await Deno.remove(dir, { recursive: true });
  },
});
