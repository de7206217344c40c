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

/** The lock file name hpm uses for a project root (a hash of its real path). */
async function lockName(root: string): Promise<string> {
  const real = await Deno.realPath(root); // as hpm keys it (a temp dir may sit behind a link)
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(real));
  return [...new Uint8Array(digest)].slice(0, 12).map((b) => b.toString(16).padStart(2, "0"))
    .join("") + ".lock";
}

async function withTmpdir(body: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir();
  const before = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", tmp);
  try {
    await body(tmp);
  } finally {
    if (before === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", before);
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test({
  name: "a planted link at the lock path is refused and its target left alone",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withTmpdir(async (tmp) => {
      const project = await Deno.makeTempDir({ dir: tmp });
      const victim = `${tmp}/victim.txt`;
      await Deno.writeTextFile(victim, "precious\n");
      await Deno.mkdir(`${tmp}/hpm-locks`, { mode: 0o1777 });
      const lock = `${tmp}/hpm-locks/${await lockName(project)}`;
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
      // A lock directory that is a link is refused too.
      await Deno.remove(`${tmp}/hpm-locks`);
      await Deno.mkdir(`${tmp}/elsewhere`);
      await Deno.symlink(`${tmp}/elsewhere`, `${tmp}/hpm-locks`);
      await assert.rejects(lockProject(project, "hpm test", 0), /is not a directory/);
    });
  },
});

Deno.test({
  name: "the lock directory: made with a missing TMPDIR, and one of ours left at 0755 is shared",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withTmpdir(async (tmp) => {
      Deno.env.set("TMPDIR", `${tmp}/not/yet`);
      (await lockProject("/some/project", "hpm test", 0)).release();
      assert.equal((await Deno.stat(`${tmp}/not/yet/hpm-locks`)).mode! & 0o7777, 0o1777);
      Deno.env.set("TMPDIR", tmp);
      await Deno.mkdir(`${tmp}/hpm-locks`);
      await Deno.chmod(`${tmp}/hpm-locks`, 0o755);
      (await lockProject("/some/project", "hpm test", 0)).release();
      assert.equal((await Deno.stat(`${tmp}/hpm-locks`)).mode! & 0o7777, 0o1777);
    });
  },
});

Deno.test({
  name: "lock files removed by their holders: many takers in a row never fail or overlap",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withTmpdir(async () => {
      let inside = 0;
      let most = 0;
      // A holder removes its file as it lets go; another may be between creating and opening it.
      await Promise.all(Array.from({ length: 20 }, async () => {
        for (let round = 0; round < 5; round++) {
          const lock = await lockProject("/some/project", "hpm test", 30);
          most = Math.max(most, ++inside);
          inside--;
          lock.release();
        }
      }));
      assert.equal(most, 1);
    });
  },
});
