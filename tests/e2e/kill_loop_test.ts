/**
 * The kill loop: `hpm sync` (real uv) is interrupted at many points — before uv, during
 * `uv lock`, during `uv sync`, between the writes — with SIGINT, SIGTERM and SIGKILL.
 * SIGINT/SIGTERM must leave pyproject.toml and uv.lock exactly as before the command, or (when
 * the signal came after the sync finished) exactly as a complete sync leaves them. SIGKILL may
 * stop between the two files, but never leaves a truncated or half-written file.
 */
import assert from "node:assert/strict";
import { hpm, removing, spawnHpm } from "../support/hpm.ts";
import { conflictProject, fileState } from "../support/project.ts";

const ROUNDS_PER_SIGNAL = 20;
const MAX_DELAY_MS = 400;

async function ok(dir: string, env: Record<string, string>, ...args: string[]) {
  const result = await hpm(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
}

/**
 * Processes (other than this test) working in `dir`. After `kill -9` of hpm its uv child is
 * orphaned and finishes on its own; it must be gone before the next round restores the files.
 */
async function processesIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    try {
      if ((await Deno.readLink(`/proc/${entry.name}/cwd`)) === dir) pids.push(Number(entry.name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function waitForOrphans(dir: string): Promise<void> {
  for (let i = 0; i < 200 && (await processesIn(dir)).length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A project one `hpm sync` away from a new state; returns the states before and after. */
async function pendingProject() {
  const project = await conflictProject();
  const { dir, env } = project;
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-old");
  await ok(dir, env, "sync");
  await ok(dir, env, "group", "add", "metrics", "-o", "metric-legacy");
  const before = await fileState(dir);
  // The state a complete sync leaves, computed on a copy.
  const reference = await conflictProject();
  await Deno.writeTextFile(`${reference.dir}/pyproject.toml`, before["pyproject.toml"]!);
  await Deno.writeTextFile(`${reference.dir}/uv.lock`, before["uv.lock"]!);
  await ok(reference.dir, reference.env, "sync");
  const after = await fileState(reference.dir);
  await Deno.remove(reference.dir, { recursive: true });
  assert.notDeepEqual(before, after);
  return { dir, env, before, after };
}

Deno.test("kill loop: SIGINT, SIGTERM and SIGKILL at many points of sync lose nothing", async () => {
  const { dir, env, before, after } = await pendingProject();
  await using _dir = removing(dir);
  const seen = { before: 0, after: 0, mixed: 0 };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGKILL"];
  let tried = 0;
  for (let round = 0; round < ROUNDS_PER_SIGNAL; round++) {
    for (const signal of signals) {
      await Deno.writeTextFile(`${dir}/pyproject.toml`, before["pyproject.toml"]!);
      await Deno.writeTextFile(`${dir}/uv.lock`, before["uv.lock"]!);
      // Spread the kill points over the whole run, a different offset for each signal.
      const delay = Math.round(
        ((round + signals.indexOf(signal) / signals.length) / ROUNDS_PER_SIGNAL) * MAX_DELAY_MS,
      );
      const child = spawnHpm(["sync"], { cwd: dir, env });
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        child.kill(signal);
      } catch {
        // it had already exited
      }
      const result = await child.output();
      if (signal === "SIGKILL") await waitForOrphans(dir);
      tried++;
      const state = await fileState(dir);
      const label = `${signal} after ${delay} ms (exit ${result.code})`;
      for (const name of ["pyproject.toml", "uv.lock"] as const) {
        assert.ok(
          state[name] === before[name] || state[name] === after[name],
          `${label}: ${name} is neither the old nor the new file:\n${state[name]}`,
        );
      }
      const whole = JSON.stringify(state);
      if (whole === JSON.stringify(before)) seen.before++;
      else if (whole === JSON.stringify(after)) seen.after++;
      else {
        assert.equal(signal, "SIGKILL", `${label}: only SIGKILL may stop between the two files`);
        seen.mixed++;
      }
      if (signal !== "SIGKILL" && result.code !== 0) {
        assert.ok([130, 143].includes(result.code), `${label}: unexpected exit`);
      }
    }
  }
  console.log(
    `kill loop: ${tried} kill points tried (${ROUNDS_PER_SIGNAL} per signal, 0-${MAX_DELAY_MS} ms); ` +
      `left as before: ${seen.before}, as after a full sync: ${seen.after}, ` +
      `SIGKILL between the files: ${seen.mixed}; lost or corrupted files: 0`,
  );
  assert.ok(seen.before > 0, "some kills landed before the sync finished");
});
