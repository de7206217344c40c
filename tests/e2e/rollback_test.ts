/**
 * Failures leave the user's files as they were: conflicts found by check (nothing changes) and
 * by sync (both files restored byte for byte), a package that fails to build, and SIGINT or
 * SIGTERM while uv runs. Real uv; the only fake is a uv wrapper that stalls so a signal can land.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, spawnHpm } from "../support/hpm.ts";
import {
  conflictProject,
  exists,
  fileState,
  listDir,
  stallingUv,
  waitForFile,
} from "../support/project.ts";

async function ok(dir: string, env: Record<string, string>, ...args: string[]) {
  const result = await hpm(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
  return result;
}

/** A synced project selecting adapter-old and metric-legacy (they agree on shared-lib 1.0.0). */
async function syncedProject() {
  const project = await conflictProject();
  await ok(project.dir, project.env, "group", "add", "inference");
  await ok(project.dir, project.env, "group", "add", "metrics", "-o", "metric-legacy");
  await ok(project.dir, project.env, "sync");
  return project;
}

Deno.test("check names both options and their groups on a conflict, and changes nothing", async () => {
  const { dir, env } = await syncedProject();
  await using _dir = removing(dir);
  const before = await fileState(dir);
  const entries = await listDir(dir);
  const venv = await listDir(`${dir}/.venv/lib/python3.11/site-packages`);
  const check = await hpm(["check", "--group", "inference", "--option", "adapter-new"], {
    cwd: dir,
    env,
  });
  assert.equal(check.code, 1, check.stderr);
  assert.match(
    check.stderr,
    /error: the selection does not resolve: option 'adapter-new' \(group 'inference'\) needs shared-lib==2\.0\.0; option 'metric-legacy' \(group 'metrics'\) needs shared-lib==1\.0\.0\n/,
  );
  assert.match(check.stderr, /adapter-new==0\.1\.0 \(option 'adapter-new' of group 'inference'\)/);
  assert.match(check.stderr, /depends on shared-lib==2\.0\.0/);
  assert.deepEqual(await fileState(dir), before);
  assert.deepEqual(await listDir(dir), entries);
  assert.deepEqual(await listDir(`${dir}/.venv/lib/python3.11/site-packages`), venv);

  const json = await hpm(["check", "-g", "inference", "-o", "adapter-new", "--json"], {
    cwd: dir,
    env,
  });
  assert.equal(json.code, 1);
  const error = JSON.parse(json.stdout).error;
  assert.equal(error.code, "uv-no-solution");
  // Replacing the 1-of-N option and dropping the M-of-N one both resolve, each checked.
  assert.deepEqual(error.suggestions, [
    {
      group: "inference",
      option: "adapter-old",
      action: "replace",
      command: "hpm group add inference --option adapter-old",
    },
    {
      group: "metrics",
      option: "metric-legacy",
      action: "drop",
      command: "hpm group remove metrics -o metric-legacy",
    },
  ]);
  assert.deepEqual(error.rejected, []);
  assert.deepEqual(error.uv.conflict, {
    package: "shared-lib",
    when: null,
    sides: [
      { group: "inference", option: "adapter-new", needs: "shared-lib==2.0.0", via: [] },
      { group: "metrics", option: "metric-legacy", needs: "shared-lib==1.0.0", via: [] },
    ],
  });
  assert.deepEqual(error.uv.involved, [
    { group: "inference", option: "adapter-new" },
    { group: "metrics", option: "metric-legacy" },
  ]);
});

Deno.test("sync of a conflicting selection fails and restores both files byte for byte", async () => {
  const { dir, env } = await syncedProject();
  await using _dir = removing(dir);
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-new");
  const before = await fileState(dir);
  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(
    sync.stderr,
    /error: uv lock failed: option 'adapter-new' \(group 'inference'\) needs shared-lib==2\.0\.0; option 'metric-legacy' \(group 'metrics'\) needs shared-lib==1\.0\.0\n/,
  );
  assert.match(
    sync.stderr,
    /\$ uv lock\nrestored pyproject\.toml byte for byte; uv\.lock was not changed\n/,
  );
  assert.match(
    sync.stderr,
    /\nhint: 'adapter-old' in group 'inference' resolves with your other choices: 'hpm group add inference --option adapter-old'; dropping 'metric-legacy' from group 'metrics' resolves with your other choices: 'hpm group remove metrics -o metric-legacy'\n/,
  );
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("a package that fails to build: lock succeeds, sync fails, both files restored", async () => {
  const { dir, env } = await syncedProject();
  await using _dir = removing(dir);
  await ok(dir, env, "group", "add", "metrics", "-o", "metric-broken");
  const before = await fileState(dir);
  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(sync.stderr, /\$ uv lock\n(.|\n)*\$ uv sync --locked\n/);
  assert.match(sync.stderr, /error: uv sync failed: .*metric-broken/);
  assert.match(sync.stderr, /restored pyproject\.toml and uv\.lock byte for byte/);
  assert.deepEqual(await fileState(dir), before);
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.test(`${signal} while uv runs restores pyproject.toml and uv.lock`, async () => {
    const { dir, env } = await syncedProject();
    await ok(dir, env, "group", "add", "inference", "-o", "adapter-old");
    await ok(dir, env, "group", "remove", "metrics");
    const before = await fileState(dir);
    const fake = await stallingUv(dir);
    const child = spawnHpm(["sync"], { cwd: dir, env: { ...env, HPM_UV: fake.path } });
    // Wait until uv lock has rewritten uv.lock and the stalled uv sync is running.
    await waitForFile(fake.marker);
    assert.notDeepEqual(
      await fileState(dir),
      before,
      "hpm had changed the files before the signal",
    );
    child.kill(signal);
    const output = await child.output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 130, stderr);
    assert.match(stderr, new RegExp(`interrupted \\(${signal}\\)`));
    assert.deepEqual(await fileState(dir), before);
    await Deno.remove(fake.path);
    await Deno.remove(fake.marker);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("an edit another program makes to pyproject.toml while uv runs survives the rollback", async () => {
  const { dir, env } = await syncedProject();
  await using _dir = removing(dir);
  await ok(dir, env, "group", "remove", "metrics");
  const before = await fileState(dir);
  const fake = await stallingUv(dir);
  const child = spawnHpm(["sync"], { cwd: dir, env: { ...env, HPM_UV: fake.path } });
  await waitForFile(fake.marker);
  const written = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.notEqual(written, before["pyproject.toml"], "hpm had written pyproject.toml");
  await Deno.writeTextFile(`${dir}/pyproject.toml`, written + "# edited while uv ran\n");
  child.kill("SIGINT");
  const output = await child.output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 130, stderr);
  assert.match(
    stderr,
    /restored uv\.lock byte for byte; left pyproject\.toml as it is: another program changed it while uv ran/,
  );
  const after = await fileState(dir);
  assert.equal(after["pyproject.toml"], written + "# edited while uv ran\n");
  assert.equal(after["uv.lock"], before["uv.lock"]);
  await Deno.remove(fake.path);
  await Deno.remove(fake.marker);
});

Deno.test("comments and formatting of a realistic pyproject.toml survive add, sync, switch, remove", async () => {
  const { dir, env } = await conflictProject();
  await using _dir = removing(dir);
  const original = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-old");
  await ok(dir, env, "group", "add", "metrics", "-o", "metric-legacy");
  await ok(dir, env, "sync");
  const synced = await Deno.readTextFile(`${dir}/pyproject.toml`);
  // Every line of the original is still there, in order.
  const lines = original.split("\n");
  let at = 0;
  for (const line of synced.split("\n")) if (line === lines[at]) at++;
  assert.equal(at, lines.length, `original line kept: ${lines[at]}`);
  assert.match(synced, / {4}"helper-tool>=1\.0", {2}# loose on purpose\n/);
  assert.match(synced, / {4}"adapter-old",\n {4}"metric-legacy",\n\]/);

  await ok(dir, env, "group", "remove", "metrics");
  await ok(dir, env, "group", "remove", "inference");
  await ok(dir, env, "sync");
  const back = await Deno.readTextFile(`${dir}/pyproject.toml`);
  // Back to the original bytes: the emptied selection table hpm created goes too.
  assert.equal(back, original);
});

Deno.test("a workspace member's sync snapshots the workspace's uv.lock (at its root), and status reads it", async () => {
  const root = await Deno.makeTempDir({ prefix: "hpm-workspace-" });
  await using _root = removing(root);
  await Deno.writeTextFile(
    `${root}/pyproject.toml`,
    '[project]\nname = "root"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n' +
      '[tool.uv.workspace]\nmembers = ["apps/*"]\n',
  );
  const seed = await copyFixture("seed-project");
  await using _seed = removing(seed);
  await Deno.mkdir(`${root}/apps`);
  await Deno.rename(seed, `${root}/apps/app`);
  const dir = `${root}/apps/app`;
  await ok(dir, {}, "group", "add", "inference", "-o", "vlm-adapter-qwen");
  await ok(dir, {}, "sync");
  assert.equal(await exists(`${dir}/uv.lock`), false, "uv keeps a member's lock at the root");
  const status = await hpm(["status", "--check", "--json"], { cwd: dir });
  assert.equal(status.code, 0, status.stdout);
  assert.deepEqual(
    [JSON.parse(status.stdout).entries[0].locked, JSON.parse(status.stdout).entries[0].installed],
    ["0.1.0", "0.1.0"],
  );
  await ok(dir, {}, "group", "add", "inference", "-o", "vlm-adapter-deepseek");
  const before = await fileState(root, ["uv.lock", "apps/app/pyproject.toml"]);
  const fake = await stallingUv(dir);
  const child = spawnHpm(["sync"], { cwd: dir, env: { HPM_UV: fake.path } });
  await waitForFile(fake.marker); // uv lock has rewritten the root's uv.lock; uv sync stalls
  assert.notDeepEqual(await fileState(root, ["uv.lock"]), { "uv.lock": before["uv.lock"] });
  child.kill("SIGINT");
  const output = await child.output();
  assert.equal(output.code, 130, new TextDecoder().decode(output.stderr));
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(stderr.includes(`restored pyproject.toml and ${root}/uv.lock byte for byte\n`), stderr);
  // A member keeps the rest of the workspace installed in the shared .venv: --inexact.
  assert.match(
    stderr,
    /error: interrupted \(SIGINT\) while running uv sync --locked --inexact\n/,
  );
  assert.deepEqual(await fileState(root, ["uv.lock", "apps/app/pyproject.toml"]), before);
  await Deno.remove(fake.path);
  await Deno.remove(fake.marker);
});

Deno.test("a failed sync that changed nothing in pyproject.toml leaves another program's edit there too", async () => {
  const { dir, env } = await syncedProject();
  await using _dir = removing(dir);
  const before = await fileState(dir);
  // A uv whose lock step fails after someone else edited pyproject.toml.
  const fake = `${dir}/../edit-then-fail-${crypto.randomUUID()}.sh`;
  await Deno.writeTextFile(
    fake,
    `#!/usr/bin/env bash\nif [ "$1" = lock ]; then echo '# edited meanwhile' >> pyproject.toml; ` +
      `echo 'error: boom' >&2; exit 2; fi\nexec uv "$@"\n`,
  );
  await Deno.chmod(fake, 0o755);
  const sync = await hpm(["sync"], { cwd: dir, env: { ...env, HPM_UV: fake } });
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(
    sync.stderr,
    /left pyproject\.toml as it is: another program changed it while uv ran/,
  );
  const after = await fileState(dir);
  assert.equal(after["pyproject.toml"], before["pyproject.toml"] + "# edited meanwhile\n");
  assert.equal(after["uv.lock"], before["uv.lock"]);
  await Deno.remove(fake);
});

Deno.test("--verbose shows uv's failure once, each run under its own command", async () => {
  const { dir, env } = await conflictProject();
  await using _dir = removing(dir);
  await ok(dir, env, "group", "add", "inference", "-o", "adapter-new");
  await ok(dir, env, "group", "add", "metrics", "-o", "metric-legacy");
  const check = await hpm(["check", "-v"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  assert.equal(check.stderr.match(/requirements are unsatisfiable/g)?.length, 1, check.stderr);
  // The alternatives tried after the failure are uv runs too: shown with their command.
  // The check, then one lock per alternative (replace adapter-new, drop metric-legacy).
  assert.equal(check.stderr.match(/^\$ uv /gm)?.length, 3, check.stderr);
});
