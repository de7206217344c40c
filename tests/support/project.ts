/** Fixture projects for end-to-end tests: copies, wheels for offline resolution, file reads. */
import { buildFixtureWheels } from "./build_wheels.ts";
import { copyFixture, REPO, UV_CACHE } from "./hpm.ts";

const WHEELS = `${REPO}/.tools/test-wheels`;

/**
 * A find-links directory with the wheels the conflict fixture resolves against: shared-lib 1.0.0
 * and 2.0.0 (two options pin different ones), helper-tool 1.0.0 and 2.0.0, and either-lib
 * 1.0.0 (needs shared-lib 1.0.0) and 2.0.0 (needs helper-tool 1.0.0).
 * Built once with real uv, offline, then reused.
 */
export async function fixtureWheels(): Promise<string> {
  const marker = `${WHEELS}/.complete-3`;
  try {
    await Deno.stat(marker);
    return WHEELS;
  } catch {
    // build below
  }
  await Deno.remove(WHEELS, { recursive: true }).catch(() => {});
  await buildFixtureWheels(WHEELS, [
    { name: "shared-lib", version: "1.0.0" },
    { name: "shared-lib", version: "2.0.0" },
    { name: "helper-tool", version: "1.0.0" },
    { name: "helper-tool", version: "2.0.0" },
    // Needs one of two pins, either will do: with options pinning both the other way, three
    // options conflict while every two of them resolve (check --all's wider conflicts).
    { name: "either-lib", version: "1.0.0", dependencies: ["shared-lib==1.0.0"] },
    { name: "either-lib", version: "2.0.0", dependencies: ["helper-tool==1.0.0"] },
  ], { cacheDir: UV_CACHE });
  await Deno.writeTextFile(marker, "");
  return WHEELS;
}

/** A copy of the conflict fixture project and the env that lets uv find its wheels. */
export async function conflictProject(): Promise<{ dir: string; env: Record<string, string> }> {
  const wheels = await fixtureWheels();
  return { dir: await copyFixture("conflict-project"), env: { UV_FIND_LINKS: wheels } };
}

/** Bytes of the files a failed command must leave untouched (null: absent). */
export async function fileState(dir: string, names = ["pyproject.toml", "uv.lock"]) {
  const state: Record<string, string | null> = {};
  for (const name of names) {
    try {
      state[name] = await Deno.readTextFile(`${dir}/${name}`);
    } catch {
      state[name] = null;
    }
  }
  return state;
}

/** True when a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs the project's venv Python with `code`; returns stdout (trimmed) or throws with stderr. */
export async function venvPython(dir: string, code: string): Promise<string> {
  const output = await new Deno.Command(`${dir}/.venv/bin/python`, {
    args: ["-c", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trim();
}

/** Lists the entries of a directory, sorted (for "no new files" checks). */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** A uv stand-in that runs the real uv, except that `uv sync` first stalls until killed. */
export async function stallingUv(dir: string): Promise<{ path: string; marker: string }> {
  const realUv = new TextDecoder().decode(
    (await new Deno.Command("which", { args: ["uv"], stdout: "piped" }).output()).stdout,
  ).trim() || `${REPO}/.tools/uv/bin/uv`;
  const marker = `${dir}/../stall-${crypto.randomUUID()}`;
  const path = `${marker}.sh`;
  await Deno.writeTextFile(
    path,
    `#!/usr/bin/env bash\nif [ "$1" = sync ]; then touch '${marker}'; exec sleep 30; fi\nexec '${realUv}' "$@"\n`,
  );
  await Deno.chmod(path, 0o755);
  return { path, marker };
}

/** Waits (up to 15 s) until a file exists. */
export async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await exists(path)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${path}`);
}

/**
 * Waits until a file written now gets a later ctime than `path` has (at most about 1 s: Deno
 * gives ctime in whole seconds), so that an in-place edit of `path` after it shows in its
 * stamp. The probe file is written in `probeDir`, which must not be watched by the test.
 */
export async function pastCtimeOf(path: string, probeDir: string): Promise<void> {
  const ctime = (await Deno.stat(path)).ctime!.getTime();
  const probe = `${probeDir}/ctime-probe-${crypto.randomUUID()}`;
  try {
    for (let i = 0; i < 200; i++) {
      await Deno.writeTextFile(probe, String(i));
      if ((await Deno.stat(probe)).ctime!.getTime() > ctime) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the ctime of ${path} did not fall behind`);
  } finally {
    await Deno.remove(probe).catch(() => {});
  }
}
