/**
 * uv's options and environment through hpm: extras and dependency groups that survive `hpm
 * sync` (`[tool.hpm] sync-args`, uv's `default-groups`), options after `--` and their refusals,
 * and UV_FROZEN, UV_LOCKED, UV_NO_SYNC and UV_PROJECT_ENVIRONMENT in check, sync and status.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, testEnv } from "../support/hpm.ts";
import { fileState } from "../support/project.ts";

/** Writes a tiny uv_build package `name` (builds offline) at `dir`. */
async function tinyPackage(dir: string, name: string): Promise<void> {
  const module = name.replaceAll("-", "_");
  await Deno.mkdir(`${dir}/src/${module}`, { recursive: true });
  await Deno.writeTextFile(`${dir}/src/${module}/__init__.py`, "");
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n` +
      `dependencies = []\n\n[build-system]\nrequires = ["uv_build>=0.13.0,<0.14.0"]\n` +
      `build-backend = "uv_build"\n`,
  );
}

/**
 * The seed project with an extra (`plots` -> plot-helper) and a dependency group (`lint` ->
 * lint-helper) of the user's own, both local packages, and an option selected and synced.
 */
async function projectWithExtras(hpmSettings = ""): Promise<string> {
  const dir = await copyFixture("seed-project");
  await tinyPackage(`${dir}/extras/plot_helper`, "plot-helper");
  await tinyPackage(`${dir}/extras/lint_helper`, "lint-helper");
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    text + '\n[project.optional-dependencies]\nplots = ["plot-helper"]\n\n' +
      '[dependency-groups]\nlint = ["lint-helper"]\n\n' +
      "[tool.uv.sources]\n" +
      'plot-helper = { path = "extras/plot_helper" }\n' +
      'lint-helper = { path = "extras/lint_helper" }\n' + hpmSettings,
  );
  assert.equal(
    (await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir })).code,
    0,
  );
  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  return dir;
}

/** Distribution names installed in a virtual environment (from its `*.dist-info`). */
async function installed(venv: string): Promise<string[]> {
  const names: string[] = [];
  for await (const lib of Deno.readDir(`${venv}/lib`)) {
    for await (const entry of Deno.readDir(`${venv}/lib/${lib.name}/site-packages`)) {
      const match = /^(.+?)-[^-]+\.dist-info$/.exec(entry.name);
      if (match) names.push(match[1].replaceAll("_", "-"));
    }
  }
  return names.sort();
}

/** Runs uv itself in `cwd`, as a user would next to hpm. */
async function uv(cwd: string, ...args: string[]) {
  const output = await new Deno.Command("uv", { args, cwd, env: testEnv(), stderr: "piped" })
    .output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
}

Deno.test("extras and groups: lost by a plain 'hpm sync', kept by sync-args; status agrees", async () => {
  const plain = await projectWithExtras();
  await using _plain = removing(plain);
  await uv(plain, "sync", "--all-extras", "--all-groups");
  assert.ok((await installed(`${plain}/.venv`)).includes("plot-helper"));
  // Without the setting, status says sync would change the environment, and sync does.
  const drift = await hpm(["status", "--check"], { cwd: plain });
  assert.equal(drift.code, 1, drift.stderr);
  assert.match(drift.stderr, /the environment does not match uv\.lock/);
  // The same options after '--' make status agree for that run.
  assert.equal(
    (await hpm(["status", "--check", "--", "--all-extras", "--all-groups"], { cwd: plain })).code,
    0,
  );
  assert.equal((await hpm(["sync"], { cwd: plain })).code, 0);
  const after = await installed(`${plain}/.venv`);
  assert.ok(!after.includes("plot-helper") && !after.includes("lint-helper"), after.join(" "));

  const kept = await projectWithExtras(
    '\n[tool.hpm]\nsync-args = ["--all-extras", "--all-groups"]\n',
  );
  await using _kept = removing(kept);
  assert.deepEqual(
    (await installed(`${kept}/.venv`)).filter((n) => n.endsWith("-helper")),
    ["lint-helper", "plot-helper"],
  );
  await uv(kept, "sync", "--all-extras", "--all-groups");
  const sync = await hpm(["sync"], { cwd: kept });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /\$ uv sync --locked --all-extras --all-groups/);
  assert.match(sync.stderr, /already in sync/);
  assert.ok((await installed(`${kept}/.venv`)).includes("plot-helper"));
  const status = await hpm(["status", "--check"], { cwd: kept });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stderr, /\$ uv sync --locked --check --all-extras --all-groups/);
  // check plans with the same options: nothing to install or remove.
  const check = await hpm(["check", "--json"], { cwd: kept });
  assert.equal(check.code, 0, check.stderr);
  assert.deepEqual(JSON.parse(check.stdout).wouldRemove, []);
});

Deno.test("uv's own default-groups keeps a dependency group through 'hpm sync'", async () => {
  const dir = await projectWithExtras('\n[tool.uv]\ndefault-groups = "all"\n');
  await using _dir = removing(dir);
  await uv(dir, "sync");
  assert.ok((await installed(`${dir}/.venv`)).includes("lint-helper"));
  assert.equal((await hpm(["sync"], { cwd: dir })).code, 0);
  assert.ok((await installed(`${dir}/.venv`)).includes("lint-helper"));
  assert.equal((await hpm(["status", "--check"], { cwd: dir })).code, 0);
});

Deno.test("options after '--': shown in the uv lines; refused ones are usage errors that change nothing", async () => {
  const dir = await projectWithExtras();
  await using _dir = removing(dir);
  const dry = await hpm([
    "sync",
    "--dry-run",
    "--offline",
    "-P",
    "plot-helper",
    "--",
    "--extra",
    "plots",
  ], {
    cwd: dir,
  });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^\$ uv lock --offline --upgrade-package plot-helper$/m);
  assert.match(dry.stdout, /^\$ uv sync --locked --offline --extra plots$/m);
  const sync = await hpm(["sync", "--", "--extra", "plots"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  assert.ok((await installed(`${dir}/.venv`)).includes("plot-helper"));

  const before = await fileState(dir);
  for (
    const [args, message] of [
      [["sync", "--", "--frozen"], /does not pass '--frozen'/],
      [["sync", "--", "--no-sync"], /uv lock and uv sync have no such option/],
      [["check", "--", "--project", "/elsewhere"], /does not pass '--project'/],
      [["status", "--", "--dry-run"], /does not pass '--dry-run'/],
      [["sync", "--", "--reinstal"], /did you mean '--reinstall'/],
    ] as Array<[string[], RegExp]>
  ) {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.match(result.stderr, /^hint: /m);
    assert.doesNotMatch(result.stderr, /\$ uv/);
  }
  assert.deepEqual(await fileState(dir), before);

  // A refused option in sync-args is located in pyproject.toml.
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    text.replace("[tool.hpm]\n", '[tool.hpm]\nsync-args = ["--frozen"]\n'),
  );
  const located = await hpm(["sync"], { cwd: dir });
  assert.equal(located.code, 2, located.stderr);
  assert.match(
    located.stderr,
    /pyproject\.toml:\d+:\d+: error: \[tool\.hpm\] sync-args: hpm does not pass '--frozen'/,
  );
});

Deno.test("UV_FROZEN: check and sync work (with a notice); UV_LOCKED: sync refuses to change uv.lock and says why", async () => {
  const dir = await projectWithExtras();
  await using _dir = removing(dir);
  const frozen = { UV_FROZEN: "1" };
  const check = await hpm(["check"], { cwd: dir, env: frozen });
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stderr, /UV_FROZEN=1 is set: check resolves anyway/);
  assert.equal(
    (await hpm(["group", "add", "metrics", "-o", "metric-latency"], { cwd: dir })).code,
    0,
  );
  assert.equal((await hpm(["check"], { cwd: dir, env: frozen })).code, 0);

  const before = await fileState(dir);
  const locked = await hpm(["sync"], { cwd: dir, env: { UV_LOCKED: "1" } });
  assert.equal(locked.code, 1, locked.stderr);
  assert.match(locked.stderr, /UV_LOCKED=1/);
  assert.match(locked.stderr, /hint: UV_LOCKED is set, so uv\.lock may not change: unset it/);
  assert.deepEqual(await fileState(dir), before);
  // check is not bound by it: it resolves a temporary copy.
  assert.equal((await hpm(["check"], { cwd: dir, env: { UV_LOCKED: "1" } })).code, 0);

  const sync = await hpm(["sync"], { cwd: dir, env: frozen });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /UV_FROZEN=1 is set: 'hpm sync' locks anyway/);
  assert.ok((await installed(`${dir}/.venv`)).includes("metric-latency"));
  assert.match(await Deno.readTextFile(`${dir}/uv.lock`), /name = "metric-latency"/);
  assert.equal((await hpm(["status", "--check"], { cwd: dir, env: frozen })).code, 0);
  // In sync now, UV_LOCKED passes.
  assert.equal((await hpm(["sync"], { cwd: dir, env: { UV_LOCKED: "1" } })).code, 0);
});

Deno.test("UV_NO_SYNC: sync locks without installing; UV_PROJECT_ENVIRONMENT: everything uses that environment", async () => {
  const dir = await projectWithExtras();
  await using _dir = removing(dir);
  assert.equal(
    (await hpm(["group", "add", "metrics", "-o", "metric-latency"], { cwd: dir })).code,
    0,
  );
  const noSync = await hpm(["sync"], { cwd: dir, env: { UV_NO_SYNC: "1" } });
  assert.equal(noSync.code, 0, noSync.stderr);
  assert.match(noSync.stderr, /not installed \(UV_NO_SYNC\)/);
  assert.doesNotMatch(noSync.stderr, /\$ uv sync/);
  assert.match(await Deno.readTextFile(`${dir}/uv.lock`), /name = "metric-latency"/);
  assert.ok(!(await installed(`${dir}/.venv`)).includes("metric-latency"));
  assert.equal((await hpm(["status", "--check"], { cwd: dir })).code, 1);

  const other = await Deno.makeTempDir({ prefix: "hpm-env-" });
  await using _other = removing(other);
  const env = { UV_PROJECT_ENVIRONMENT: `${other}/venv` };
  const check = await hpm(["check", "--json"], { cwd: dir, env });
  assert.equal(check.code, 0, check.stderr);
  assert.ok(
    JSON.parse(check.stdout).wouldInstall.some((l: string) => l.startsWith("metric-latency")),
  );
  assert.equal((await hpm(["sync"], { cwd: dir, env })).code, 0);
  assert.ok((await installed(`${other}/venv`)).includes("metric-latency"));
  assert.ok(!(await installed(`${dir}/.venv`)).includes("metric-latency"));
  const again = await hpm(["check", "--json"], { cwd: dir, env });
  assert.deepEqual(JSON.parse(again.stdout).wouldInstall, []);
  assert.equal((await hpm(["status", "--check"], { cwd: dir, env })).code, 0);
});
