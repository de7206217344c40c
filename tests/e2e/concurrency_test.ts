/** Two hpm processes on one project never interleave their writes; a killed holder leaves no lock. */
import assert from "node:assert/strict";
import { copyFixture, hpm, readOrNull, removing, spawnHpm, stderrUntil } from "../support/hpm.ts";
import { conflictProject, fileState, stallingUv, waitForFile } from "../support/project.ts";
import { parseToml } from "../../src/pyproject/parse.ts";

async function ok(dir: string, env: Record<string, string>, ...args: string[]) {
  const result = await hpm(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
}

Deno.test("two concurrent syncs on one project: both complete, files consistent", async () => {
  const { dir, env } = await conflictProject();
  await using _dir = removing(dir);
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
});

Deno.test("a second writer refuses with --wait 0, waits with a message, and a kill -9 frees the lock", async () => {
  const { dir, env } = await conflictProject();
  await using _dir = removing(dir);
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
  // Killed only once the second writer says it is waiting for this very holder.
  const waiting = spawnHpm(["group", "add", "metrics", "-o", "metric-legacy", "--wait", "20"], {
    cwd: dir,
    env,
  });
  const { seen, rest } = await stderrUntil(waiting, /waiting for another hpm .*\n/);
  assert.match(seen, new RegExp(`waiting for another hpm \\(pid ${holder.pid}, hpm sync\\)`));
  holder.kill("SIGKILL");
  await holder.output();
  const second = await rest;
  assert.equal(second.code, 0, seen + second.stderr);
  assert.match((await fileState(dir))["pyproject.toml"]!, /metrics = \["metric-legacy"\]/);
  await Deno.remove(fake.path);
  await Deno.remove(fake.marker);
});

Deno.test("registry add run in parallel into one group: writers take turns, no option is lost", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const names = ["metric-a", "metric-b", "metric-c", "metric-d", "metric-e", "metric-f"];
  for (const name of names) {
    await Deno.mkdir(`${dir}/packages/${name}`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/packages/${name}/pyproject.toml`,
      `[project]\nname = "${name}"\nversion = "0.1.0"\n`,
    );
  }
  // Each adds its package to the same group file, read and rewritten by every one of them.
  const results = await Promise.all(
    names.map((name) =>
      spawnHpm([
        "registry",
        "add",
        "--name",
        name,
        "--type",
        "local",
        "--path",
        `packages/${name}`,
        "--group",
        "metrics",
      ], { cwd: dir }).output()
    ),
  );
  for (const result of results) {
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
  }
  const group = await Deno.readTextFile(`${dir}/registry/groups/metrics.yaml`);
  for (const name of names) {
    assert.match(group, new RegExp(`- name: "${name}"`), group);
    assert.notEqual(await readOrNull(`${dir}/registry/packages/${name}.yaml`), null);
  }
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /2 groups, 10 packages, no errors/);
});

Deno.test("8 concurrent 'group add plugins -o pN' with two different TMPDIRs keep 8 of 8", async () => {
  const dir = await copyFixture("seed-project");
  const names = Array.from({ length: 8 }, (_, i) => `p${i + 1}`);
  const options = names.map((n) => `  - name: "${n}"`).join("\n");
  await Deno.writeTextFile(
    `${dir}/registry/groups/plugins.yaml`,
    `name: "plugins"\nstrategy: "M-of-N"\noptions:\n${options}\n`,
  );
  for (const name of names) {
    await Deno.mkdir(`${dir}/packages/${name}`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/registry/packages/${name}.yaml`,
      `name: "${name}"\nversion: "0.1.0"\nsources:\n  prod:\n    type: "local"\n` +
        `    path: "../../packages/${name}"\n`,
    );
  }
  const tmps = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  try {
    const runs = names.map((name, i) =>
      spawnHpm(["group", "add", "plugins", "-o", name], {
        cwd: dir,
        env: { TMPDIR: tmps[i % 2] },
      }).output()
    );
    for (const result of await Promise.all(runs)) {
      assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    }
    const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
    const groups = (parseToml(text, "pyproject.toml").value.tool as {
      hpm: { groups: Record<string, string[]> };
    }).hpm.groups;
    assert.deepEqual([...groups.plugins].sort(), names);
    // The lock was the project's own, and went with its last holder.
    assert.equal(await readOrNull(`${dir}/.hpm/lock`), null);
  } finally {
    for (const tmp of tmps) await Deno.remove(tmp, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});
