/**
 * Against the real package index, on a packaged project (a `[build-system]`): with nothing
 * changed since `hpm sync`, check finds uv.lock up to date (no resolution, so no request for
 * any package page); a changed selection keeps the locked versions that still satisfy it, as
 * `uv lock` does in the project, and what it says would be installed is what sync installs.
 */
import assert from "node:assert/strict";
import { copyFixture, removing } from "../support/hpm.ts";
import { hpmOnline } from "../support/index.ts";

async function ok(args: string[], dir: string) {
  const result = await hpmOnline(args, { cwd: dir });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}:\n${result.stderr}`);
  return result;
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

Deno.test("check on a packaged project from the index starts from uv.lock", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  // The seed made packaged (uv_build), depending on packaging>=21 itself.
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    text.replace("dependencies = []", 'dependencies = ["packaging>=21"]') +
      '\n[build-system]\nrequires = ["uv_build>=0.13.0,<0.14.0"]\nbuild-backend = "uv_build"\n',
  );
  await Deno.mkdir(`${dir}/src/vlm_bench`, { recursive: true });
  await Deno.writeTextFile(`${dir}/src/vlm_bench/__init__.py`, "");
  for (const [name, version] of [["iniconfig", "==1.0.1"], ["six", "==1.16.0"]]) {
    await Deno.writeTextFile(
      `${dir}/registry/packages/${name}.yaml`,
      `name: "${name}"\nsources:\n  prod:\n    type: "index"\n    version: "${version}"\n`,
    );
  }
  await Deno.writeTextFile(
    `${dir}/registry/groups/tools.yaml`,
    'name: "tools"\nstrategy: "1-of-N"\noptions:\n  - name: "iniconfig"\n  - name: "six"\n',
  );
  await ok(["group", "add", "tools", "-o", "iniconfig"], dir);
  // packaging held at 21.3 in the lock although newer ones satisfy `>=21`.
  await ok(["sync", "--upgrade-package", "packaging==21.3"], dir);
  assert.equal((await locked(dir)).packaging, "21.3");
  const lock = await Deno.readTextFile(`${dir}/uv.lock`);

  const steady = await ok(["check", "-v"], dir);
  assert.match(steady.stderr, /Found up-to-date lockfile at: uv\.lock/);
  assert.doesNotMatch(steady.stderr, /Would update lockfile/);

  const changed = await ok(["check", "--group", "tools", "--option", "six", "--json"], dir);
  const report = JSON.parse(changed.stdout);
  assert.deepEqual(report.wouldInstall, ["six==1.16.0"]);
  assert.deepEqual(report.wouldRemove, ["iniconfig==1.0.1"]);
  assert.equal(await Deno.readTextFile(`${dir}/uv.lock`), lock);

  await ok(["group", "add", "tools", "-o", "six"], dir);
  await ok(["sync"], dir);
  const after = await locked(dir);
  assert.equal(after.packaging, "21.3");
  assert.equal(after.six, "1.16.0");
  assert.equal(after.iniconfig, undefined);
});
