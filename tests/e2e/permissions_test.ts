/**
 * A file the user may not write is refused before anything changes, with one error and a way
 * out, as `uv add` refuses it (hpm writes by rename, which the file's own mode would not stop).
 * Run as a user who is not root (root may write any file): hpm as `nobody`, via setpriv.
 */
import assert from "node:assert/strict";
import { copyFixture, REPO, testEnv } from "../support/hpm.ts";
import { fileState } from "../support/project.ts";

const NOBODY = 65534;

async function setprivWorks(): Promise<boolean> {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  try {
    const out = await new Deno.Command("setpriv", { args: ["--version"], stdout: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

const canDrop = await setprivWorks();

async function npmCache(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).npmCache;
}

/** hpm run as `nobody` in `dir` (its own DENO_DIR; no uv runs in these cases). */
async function hpmAsNobody(dir: string, args: string[]) {
  const denoDir = await Deno.makeTempDir({ prefix: "hpm-nobody-deno-" });
  // hpm's npm packages, from this user's cache (nobody may not read it, nor download).
  await new Deno.Command("cp", { args: ["-a", await npmCache(), `${denoDir}/npm`] }).output();
  await new Deno.Command("chown", { args: ["-R", `${NOBODY}:${NOBODY}`, denoDir] }).output();
  try {
    const env = { ...testEnv(), DENO_DIR: denoDir, HOME: denoDir, HPM_CACHE_DIR: denoDir };
    const out = await new Deno.Command("setpriv", {
      args: [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        "--clear-groups",
        "--",
        Deno.execPath(),
        "run",
        "-A",
        "--quiet",
        `${REPO}/main.ts`,
        ...args,
      ],
      cwd: dir,
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
}

async function nobodysSeed(): Promise<string> {
  const dir = await copyFixture("seed-project");
  await new Deno.Command("chown", { args: ["-R", `${NOBODY}:${NOBODY}`, dir] }).output();
  await Deno.chmod(dir, 0o755);
  return dir;
}

async function names(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) found.push(entry.name);
  return found.sort();
}

Deno.test({
  name: "a read-only pyproject.toml or uv.lock is refused before anything changes (as nobody)",
  ignore: !canDrop,
  async fn() {
    const dir = await nobodysSeed();
    try {
      await Deno.chmod(`${dir}/pyproject.toml`, 0o444);
      const before = await fileState(dir);
      const entries = await names(dir);
      const add = await hpmAsNobody(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"]);
      assert.equal(add.code, 1, add.stderr);
      assert.equal(
        add.stderr,
        "error: cannot write pyproject.toml: permission denied (mode 0444)\n" +
          "hint: nothing was changed: make it writable ('chmod u+w pyproject.toml') and run " +
          "the command again\n",
      );
      assert.deepEqual(await fileState(dir), before);
      assert.deepEqual(await names(dir), entries);

      // uv.lock read-only: sync refuses before it writes pyproject.toml or runs uv.
      await Deno.chmod(`${dir}/pyproject.toml`, 0o644);
      await Deno.writeTextFile(`${dir}/uv.lock`, "version = 1\nrevision = 3\n");
      await Deno.chown(`${dir}/uv.lock`, NOBODY, NOBODY);
      await Deno.chmod(`${dir}/uv.lock`, 0o444);
      const selected = await hpmAsNobody(dir, [
        "group",
        "add",
        "inference",
        "-o",
        "vlm-adapter-qwen",
      ]);
      assert.equal(selected.code, 0, selected.stderr);
      const synced = await fileState(dir);
      const sync = await hpmAsNobody(dir, ["sync"]);
      assert.equal(sync.code, 1, sync.stderr);
      assert.match(sync.stderr, /^error: cannot write uv\.lock: permission denied \(mode 0444\)\n/);
      assert.doesNotMatch(sync.stderr, /\$ uv/, "uv never ran");
      assert.deepEqual(await fileState(dir), synced);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a read-only registry file is refused before anything changes (as nobody)",
  ignore: !canDrop,
  async fn() {
    const dir = await nobodysSeed();
    try {
      const group = `${dir}/registry/groups/metrics.yaml`;
      await Deno.chmod(group, 0o444);
      const before = await Deno.readTextFile(group);
      const packages = await names(`${dir}/registry/packages`);
      const offer = await hpmAsNobody(dir, ["registry", "offer", "metrics", "vlm-adapter-qwen"]);
      assert.equal(offer.code, 1, offer.stderr);
      assert.match(
        offer.stderr,
        /^error: cannot write registry\/groups\/metrics\.yaml: permission denied \(mode 0444\)\nhint: nothing was changed/,
      );
      assert.equal(await Deno.readTextFile(group), before);
      assert.deepEqual(await names(`${dir}/registry/packages`), packages);
      assert.deepEqual(await names(`${dir}/registry`), ["groups", "packages"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
