/**
 * Against the real package index (small pure-Python wheels): `--upgrade-package` moves one
 * package within its constraint and nothing else; UV_FROZEN does not break check or sync; and
 * `[tool.hpm] sync-args` keeps the extras `uv sync --all-extras` installed.
 */
import assert from "node:assert/strict";
import { copyFixture, removing, testEnv } from "../support/hpm.ts";
import { hpmOnline } from "../support/index.ts";

/** A group `tools` offering iniconfig and packaging from the index, with these constraints. */
async function writeRegistry(dir: string, iniconfig: string, packaging: string): Promise<void> {
  const manifest = (name: string, version: string, constraint: string) =>
    `name: "${name}"\nversion: "${version}"\nsources:\n  prod:\n    type: "index"\n` +
    `    version: "${constraint}"\n`;
  await Deno.writeTextFile(
    `${dir}/registry/packages/iniconfig.yaml`,
    manifest("iniconfig", "1.0.1", iniconfig),
  );
  await Deno.writeTextFile(
    `${dir}/registry/packages/packaging.yaml`,
    manifest("packaging", "21.3", packaging),
  );
  await Deno.writeTextFile(
    `${dir}/registry/groups/tools.yaml`,
    'name: "tools"\nstrategy: "M-of-N"\noptions:\n  - name: "iniconfig"\n  - name: "packaging"\n',
  );
}

/** name -> version of every package in uv.lock. */
async function locked(dir: string): Promise<Record<string, string>> {
  const text = await Deno.readTextFile(`${dir}/uv.lock`);
  const versions: Record<string, string> = {};
  for (const match of text.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g)) {
    versions[match[1]] = match[2];
  }
  return versions;
}

async function ok(args: string[], dir: string, env?: Record<string, string>) {
  const result = await hpmOnline(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}:\n${result.stderr}`);
  return result;
}

Deno.test("sync --upgrade-package X: X moves within its constraint, every other locked version stays", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await writeRegistry(dir, "==1.0.1", "==21.3");
  await ok(["group", "add", "tools", "-o", "iniconfig", "-o", "packaging"], dir);
  await ok(["sync"], dir);
  const old = await locked(dir);
  assert.equal(old.iniconfig, "1.0.1");
  assert.equal(old.packaging, "21.3");
  assert.ok(old.pyparsing, "packaging 21.3 brings pyparsing");

  // Relaxed constraints: the lock keeps what it has until an upgrade is asked for.
  await writeRegistry(dir, ">=1.0,<2", ">=21");
  await ok(["sync"], dir);
  assert.deepEqual(await locked(dir), old);

  const check = await ok(["check", "--json", "--upgrade-package", "iniconfig"], dir);
  assert.ok(
    JSON.parse(check.stdout).wouldInstall.some((l: string) => l.startsWith("iniconfig==1.1.1")),
    check.stdout,
  );
  const sync = await ok(["sync", "--upgrade-package", "iniconfig"], dir);
  assert.match(sync.stderr, /\$ uv lock --upgrade-package iniconfig/);
  const now = await locked(dir);
  assert.equal(now.iniconfig, "1.1.1", "the newest below 2");
  assert.deepEqual({ ...now, iniconfig: old.iniconfig }, old, "nothing else moved");
  const status = await ok(["status", "--check", "--json"], dir);
  assert.equal(
    JSON.parse(status.stdout).entries.find((e: { option: string }) => e.option === "iniconfig")
      .installed,
    "1.1.1",
  );
});

Deno.test("UV_FROZEN=1: check and sync work on an index project; sync-args keeps extras uv installed", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await writeRegistry(dir, ">=1.0,<2", ">=21");
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    text + '\n[project.optional-dependencies]\ncompat = ["six==1.16.0"]\n',
  );
  await ok(["group", "add", "tools", "-o", "iniconfig"], dir);
  await ok(["sync"], dir);
  const frozen = { UV_FROZEN: "1" };
  const check = await ok(["check"], dir, frozen);
  assert.match(check.stderr, /UV_FROZEN=1 is set/);
  await ok(["group", "add", "tools", "-o", "packaging"], dir);
  await ok(["check"], dir, frozen);
  await ok(["sync"], dir, frozen);
  assert.ok((await locked(dir)).packaging);

  // uv sync --all-extras installs six; a plain hpm sync would take it out again.
  const uv = await new Deno.Command("uv", {
    args: ["sync", "--all-extras"],
    cwd: dir,
    env: testEnv({ UV_OFFLINE: "false" }),
    stderr: "piped",
  }).output();
  assert.ok(uv.success, new TextDecoder().decode(uv.stderr));
  assert.equal((await hpmOnline(["status", "--check"], { cwd: dir })).code, 1);
  const withSetting = (await Deno.readTextFile(`${dir}/pyproject.toml`)).replace(
    "[tool.hpm]\n",
    '[tool.hpm]\nsync-args = ["--all-extras"]\n',
  );
  await Deno.writeTextFile(`${dir}/pyproject.toml`, withSetting);
  await ok(["status", "--check"], dir);
  const sync = await ok(["sync"], dir);
  assert.match(sync.stderr, /already in sync/);
  await ok(["status", "--check"], dir);
  const site = [...Deno.readDirSync(`${dir}/.venv/lib`)][0].name;
  assert.ok(
    [...Deno.readDirSync(`${dir}/.venv/lib/${site}/site-packages`)].some((e) =>
      e.name.startsWith("six-1.16.0.dist-info")
    ),
  );
});
