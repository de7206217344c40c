/** Atomic writes keep what the user's file is: a symbolic link stays a link to the same file. */
import assert from "node:assert/strict";
import { restoreSnapshot, takeSnapshot, writeFileAtomic } from "../../src/fs/atomic.ts";

Deno.test({
  name: "writeFileAtomic writes through a symbolic link (and so does a restore)",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    await Deno.mkdir(`${dir}/real`);
    await Deno.mkdir(`${dir}/project`);
    await Deno.writeTextFile(`${dir}/real/pyproject.toml`, "before\n");
    await Deno.chmod(`${dir}/real/pyproject.toml`, 0o640);
    await Deno.symlink("../real/pyproject.toml", `${dir}/project/pyproject.toml`);
    const snapshot = await takeSnapshot([`${dir}/project/pyproject.toml`]);
    await writeFileAtomic(`${dir}/project/pyproject.toml`, "after\n");
    assert.ok((await Deno.lstat(`${dir}/project/pyproject.toml`)).isSymlink);
    assert.equal(await Deno.readTextFile(`${dir}/real/pyproject.toml`), "after\n");
    assert.equal((await Deno.stat(`${dir}/real/pyproject.toml`)).mode! & 0o777, 0o640);
    assert.deepEqual(await restoreSnapshot(snapshot), [`${dir}/project/pyproject.toml`]);
    assert.ok((await Deno.lstat(`${dir}/project/pyproject.toml`)).isSymlink);
    assert.equal(await Deno.readTextFile(`${dir}/real/pyproject.toml`), "before\n");
    // No temporary file is left beside the target or the link.
    assert.deepEqual([...Deno.readDirSync(`${dir}/real`)].map((e) => e.name), ["pyproject.toml"]);
    assert.deepEqual([...Deno.readDirSync(`${dir}/project`)].map((e) => e.name), [
      "pyproject.toml",
    ]);
    await Deno.remove(dir, { recursive: true });
  },
});
