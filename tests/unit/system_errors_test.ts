/**
 * Operating-system errors are the user's environment, not hpm's bugs: they become one-line
 * HpmErrors (exit 1) naming the path; and the project lock is
 * the project's own (in it, private to its owner, the same whatever the environment).
 */
import assert from "node:assert/strict";
import { removing } from "../support/temp.ts";
import { ExitCode, HpmError, systemError } from "../../src/errors.ts";
import { writeFileAtomic } from "../../src/fs/atomic.ts";
import { holderOf, lockProject, MAX_HOLDER_CHARS } from "../../src/fs/project_lock.ts";

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
  await using _dir = removing(dir);
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
});

async function withProject(body: (project: string) => Promise<void>): Promise<void> {
  const project = await Deno.makeTempDir();
  try {
    await body(project);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
}

Deno.test({
  name: "the lock is in the project (.hpm/lock, 0700/0600, git-ignored), the same for any TMPDIR",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (project) => {
      const before = Deno.env.get("TMPDIR");
      const lock = await lockProject(project, "hpm test", 0);
      try {
        assert.equal((await Deno.stat(`${project}/.hpm`)).mode! & 0o7777, 0o700);
        assert.equal((await Deno.stat(`${project}/.hpm/lock`)).mode! & 0o777, 0o600);
        assert.equal(
          await Deno.readTextFile(`${project}/.hpm/.gitignore`),
          "# made by hpm: its lock\n*\n",
        );
        assert.match(await Deno.readTextFile(`${project}/.hpm/lock`), /^pid \d+, hpm test$/);
        // Another environment finds the same lock: it is busy.
        Deno.env.set("TMPDIR", await Deno.makeTempDir());
        await assert.rejects(
          lockProject(project, "hpm other", 0),
          /another hpm \(pid \d+, hpm test\)/,
        );
      } finally {
        lock.release();
        if (before === undefined) Deno.env.delete("TMPDIR");
        else Deno.env.set("TMPDIR", before);
      }
      assert.deepEqual(
        [...Deno.readDirSync(project)],
        [],
        "the holder removes .hpm: the project is left as it was",
      );
      // Many holders one after another, each waiting on the last: one at a time.
      let inside = 0;
      let most = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        const held = await lockProject(project, "hpm test", 10);
        most = Math.max(most, ++inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside--;
        held.release();
      }));
      assert.equal(most, 1);
      assert.deepEqual([...Deno.readDirSync(project)], []);
    });
  },
});

Deno.test({
  name: "a planted link at the lock path is refused and its target left alone; .hpm of others too",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (project) => {
      const victim = `${project}/victim.txt`;
      await Deno.writeTextFile(victim, "precious\n");
      await Deno.mkdir(`${project}/.hpm`, { mode: 0o700 });
      const lock = `${project}/.hpm/lock`;
      for (const plant of [() => Deno.symlink(victim, lock), () => Deno.link(victim, lock)]) {
        await plant();
        await assert.rejects(lockProject(project, "hpm test", 0), (error: unknown) => {
          assert.ok(error instanceof HpmError);
          assert.equal(error.code, "lock-unsafe");
          assert.match(error.message, /is not a plain file of its own/);
          return true;
        });
        assert.equal(await Deno.readTextFile(victim), "precious\n");
        await Deno.remove(lock);
      }
      // A .hpm that is a link is refused; so is one of another user (not the project's owner).
      await Deno.remove(`${project}/.hpm`, { recursive: true });
      await Deno.mkdir(`${project}/elsewhere`);
      await Deno.symlink(`${project}/elsewhere`, `${project}/.hpm`);
      await assert.rejects(lockProject(project, "hpm test", 0), /is not a directory/);
      await Deno.remove(`${project}/.hpm`);
      if (Deno.uid() === 0) {
        await Deno.mkdir(`${project}/.hpm`, { mode: 0o777 });
        await Deno.chown(`${project}/.hpm`, 4242, 4242);
        await assert.rejects(lockProject(project, "hpm test", 0), (error: unknown) => {
          assert.ok(error instanceof HpmError);
          assert.equal(
            error.message,
            `refusing to use the lock ${project}/.hpm: it belongs to another user (uid 4242)`,
          );
          return true;
        });
      }
    });
  },
});

Deno.test({
  name: "root locking a user's project makes .hpm theirs; a .hpm others may enter is made private",
  ignore: Deno.build.os === "windows" || Deno.uid() !== 0,
  async fn() {
    await withProject(async (project) => {
      await Deno.chown(project, 4242, 4242);
      const lock = await lockProject(project, "hpm test", 0);
      assert.equal((await Deno.stat(`${project}/.hpm`)).uid, 4242);
      assert.equal((await Deno.stat(`${project}/.hpm/lock`)).uid, 4242);
      lock.release();
      await Deno.mkdir(`${project}/.hpm`);
      await Deno.chmod(`${project}/.hpm`, 0o777);
      await Deno.chown(`${project}/.hpm`, 4242, 4242);
      const again = await lockProject(project, "hpm test", 0);
      assert.equal((await Deno.stat(`${project}/.hpm`)).mode! & 0o7777, 0o700);
      again.release();
    });
  },
});

Deno.test("a holder note is shown bounded, with nothing a terminal would act on", async () => {
  await withProject(async (project) => {
    await Deno.mkdir(`${project}/.hpm`, { mode: 0o700 });
    await Deno.writeTextFile(`${project}/.hpm/lock`, "evil\r\x1b[31mred" + "x".repeat(5_000_000));
    const note = await holderOf(`${project}/.hpm/lock`);
    assert.ok(note.length <= MAX_HOLDER_CHARS + 8, `${note.length} chars`);
    assert.ok(note.startsWith(" (evil^M^[[31mredxxx"), note);
    assert.ok(note.endsWith("...)"), note);
  });
});
