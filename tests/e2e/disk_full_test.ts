/**
 * A disk that fills while uv runs: the rollback needs no new space (the backups were made
 * before the first write and go back by rename), so pyproject.toml and uv.lock are left byte
 * for byte as they were, and the message says so with uv's own error. On a real full disk: a
 * small tmpfs, mounted for the test (as root: mount needs it; the test is reported as ignored where mount is not permitted).
 */
import assert from "node:assert/strict";
import { copyFixture, hpm } from "../support/hpm.ts";
import { fileState, fixtureWheels } from "../support/project.ts";

async function run(program: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${program} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function realUv(): Promise<string> {
  const out = await new Deno.Command("which", { args: ["uv"], stdout: "piped" }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

/** True when this process may mount a tmpfs (root with the capability; not in every container). */
async function canMount(): Promise<boolean> {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  const probe = await Deno.makeTempDir({ prefix: "hpm-mount-probe-" });
  try {
    await run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe);
    await run("umount", probe);
    return true;
  } catch {
    return false;
  } finally {
    await Deno.remove(probe, { recursive: true });
  }
}

const mountable = await canMount();

Deno.test({
  name:
    "a disk filled while 'uv lock' runs leaves pyproject.toml and uv.lock as they were (tmpfs, as root)",
  ignore: !mountable, // reported as ignored: mount needs root and CAP_SYS_ADMIN
  async fn() {
    const mount = await Deno.makeTempDir({ prefix: "hpm-tmpfs-" });
    await run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount);
    const fixture = await copyFixture("conflict-project");
    try {
      await run("cp", "-a", `${fixture}/.`, mount);
      const dir = mount;
      const env = { UV_FIND_LINKS: await fixtureWheels() };
      // A first selection, synced: uv.lock exists and is hpm's to restore.
      for (const args of [["group", "add", "inference", "-o", "adapter-old"], ["sync"]]) {
        const r = await hpm(args, { cwd: dir, env: { ...env, UV_NO_SYNC: "1" } });
        assert.equal(r.code, 0, r.stderr);
      }
      const add = await hpm(["group", "add", "metrics", "-o", "metric-legacy"], { cwd: dir, env });
      assert.equal(add.code, 0, add.stderr);
      const before = await fileState(dir);
      assert.ok(before["uv.lock"], "uv.lock exists");
      // uv that first fills the disk (as another program might), then locks for real.
      const fake = `${fixture}/uv-fills-disk.sh`;
      await Deno.writeTextFile(
        fake,
        `#!/usr/bin/env bash\nif [ "$1" = lock ]; then head -c 8M /dev/zero > '${dir}/filler' 2>/dev/null; fi\n` +
          `exec '${await realUv()}' "$@"\n`,
      );
      await Deno.chmod(fake, 0o755);
      const sync = await hpm(["sync"], { cwd: dir, env: { ...env, HPM_UV: fake } });
      assert.equal(sync.code, 1, sync.stderr);
      // Both files exactly as before, and nothing of hpm's left beside them.
      assert.deepEqual(await fileState(dir), before);
      const left = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.includes("hpm-"));
      assert.deepEqual(left, []);
      // The message: uv's own error (the full disk), and where each file stands.
      assert.match(
        sync.stderr,
        /^\$ uv lock\nrestored pyproject\.toml byte for byte; uv\.lock was not changed\nerror: uv lock failed: .*No space left on device \(os error 28\)\n/,
      );
    } finally {
      await run("umount", mount);
      await Deno.remove(mount, { recursive: true });
      await Deno.remove(fixture, { recursive: true });
    }
  },
});
