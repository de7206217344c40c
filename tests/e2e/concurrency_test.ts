/** Two hpm processes on one project never interleave their writes; a killed holder leaves no lock. */
import assert from "node:assert/strict";
import { hpm, spawnHpm } from "../support/hpm.ts";
import { conflictProject, fileState, stallingUv, waitForFile } from "../support/project.ts";
import { parseToml } from "../../src/pyproject/parse.ts";

async function ok(dir: string, env: Record<string, string>, ...args: string[]) {
  const result = await hpm(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
}

Deno.test("two concurrent syncs on one project: both complete, files consistent", async () => {
  const { dir, env } = await conflictProject();
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-old");
  await ok(dir, env, "group", "add", "metrics", "-o", "metric-legacy");
  const runs = [spawnHpm(["sync"], { cwd: dir, env }), spawnHpm(["sync"], { cwd: dir, env })];
  const results = await Promise.all(runs.map((child) => child.output()));
  for (const result of results) {
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
  }
  const state = await fileState(dir);
  const pyproject = parseToml(state["pyproject.toml"]!, "pyproject.toml").value;
  assert.deepEqual((pyproject.project as { dependencies: string[] }).dependencies, [
    "helper-tool>=1.0",
    "adapter-old",
    "metric-legacy",
  ]);
  assert.match(state["uv.lock"]!, /name = "adapter-old"/);
  parseToml(state["uv.lock"]!, "uv.lock");
  // One of them found the other's work done.
  const messages = results.map((r) => new TextDecoder().decode(r.stderr)).join("\n");
  assert.match(messages, /already in sync/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a second writer refuses with --wait 0, waits with a message, and a kill -9 frees the lock", async () => {
  const { dir, env } = await conflictProject();
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-old");
  const fake = await stallingUv(dir);
  const holder = spawnHpm(["sync"], { cwd: dir, env: { ...env, HPM_UV: fake.path } });
  await waitForFile(fake.marker); // the holder is inside `uv sync`, holding the lock
  const refused = await hpm(["group", "add", "metrics", "-o", "metric-legacy", "--wait", "0"], {
    cwd: dir,
    env,
  });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /error: another hpm \(pid \d+, hpm sync\) is changing /);
  assert.match(refused.stderr, /hint: wait for it to finish, or pass --wait SECONDS/);
  const waited = await hpm(["sync", "--wait", "0.5"], { cwd: dir, env });
  assert.equal(waited.code, 1);
  assert.match(waited.stderr, /waiting for another hpm \(pid \d+, hpm sync\) to finish/);
  assert.match(waited.stderr, /after waiting 0\.5 s/);

  // A writer that is killed outright leaves no stale lock behind.
  const waiting = spawnHpm(["group", "add", "metrics", "-o", "metric-legacy", "--wait", "20"], {
    cwd: dir,
    env,
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  holder.kill("SIGKILL");
  await holder.output();
  const second = await waiting.output();
  assert.equal(second.code, 0, new TextDecoder().decode(second.stderr));
  assert.match((await fileState(dir))["pyproject.toml"]!, /metrics = \["metric-legacy"\]/);
  await Deno.remove(fake.path);
  await Deno.remove(fake.marker);
  await Deno.remove(dir, { recursive: true });
});
