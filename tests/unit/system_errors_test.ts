/**
 * Operating-system errors are the user's environment, not hpm's bugs: they become one-line
 * HpmErrors (exit 1) naming the path; and the shared lock directory lets every user lock.
 */
import assert from "node:assert/strict";
import { ExitCode, HpmError, systemError } from "../../src/errors.ts";
import { writeFileAtomic } from "../../src/fs/atomic.ts";
import { lockProject } from "../../src/fs/project_lock.ts";

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

Deno.test("systemError: a real OS error becomes 'cannot <verb> <path>: <reason>', exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/file`, "x");
  const notDir = systemError(caught(() => Deno.readTextFileSync(`${dir}/file/pyproject.toml`)));
  assert.ok(notDir instanceof HpmError);
  assert.equal(notDir.message, `cannot read ${dir}/file/pyproject.toml: not a directory`);
  assert.equal(notDir.hint, "a part of that path is a file, not a directory");
  assert.equal(notDir.exitCode, ExitCode.Failure);
  assert.equal(notDir.code, "system");
  const listing = systemError(caught(() => [...Deno.readDirSync(`${dir}/file`)]));
  assert.match(listing!.message, new RegExp(`^cannot list ${dir}/file: not a directory$`));
  // A write names the file written, not the temporary file it goes through.
  const write = await writeFileAtomic(`${dir}/file/new.toml`, "x").catch((error) => error);
  assert.ok(write instanceof HpmError, String(write));
  assert.equal(write.message, `cannot write ${dir}/file/new.toml: not a directory`);
  // Anything else is left alone (it is a bug, reported as one).
  assert.equal(systemError(new TypeError("x is undefined")), undefined);
  assert.equal(systemError("text"), undefined);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "the lock directory is shared (1777), lock files lockable by all (0666), removed after",
  ignore: Deno.build.os === "windows",
  async fn() {
    const tmp = await Deno.makeTempDir();
    const before = Deno.env.get("TMPDIR");
    Deno.env.set("TMPDIR", tmp);
    const dir = `${tmp}/hpm-locks`;
    try {
      const lock = await lockProject("/some/project", "hpm test", 0);
      assert.equal((await Deno.stat(dir)).mode! & 0o7777, 0o1777);
      const [entry] = [...Deno.readDirSync(dir)];
      assert.equal((await Deno.stat(`${dir}/${entry.name}`)).mode! & 0o777, 0o666);
      assert.match(await Deno.readTextFile(`${dir}/${entry.name}`), /^pid \d+, hpm test$/);
      lock.release();
      assert.deepEqual([...Deno.readDirSync(dir)], [], "the holder removes its lock file");
      // Many holders one after another, each waiting on the last: one at a time, nothing left.
      let inside = 0;
      let most = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        const held = await lockProject("/some/project", "hpm test", 10);
        most = Math.max(most, ++inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside--;
        held.release();
      }));
      assert.equal(most, 1);
      assert.deepEqual([...Deno.readDirSync(dir)], []);
    } finally {
      if (before === undefined) Deno.env.delete("TMPDIR");
      else Deno.env.set("TMPDIR", before);
    }
    await Deno.remove(tmp, { recursive: true });
  },
});
