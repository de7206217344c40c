/**
 * `hpm lock`, the command added as one table entry plus one file on the pipeline: sync's plan
 * without the install. Real uv, offline wheels.
 */
import assert from "node:assert/strict";
import { hpm } from "../support/hpm.ts";
import { conflictProject, exists, fileState } from "../support/project.ts";

Deno.test("hpm lock writes pyproject.toml and uv.lock and installs nothing", async () => {
  const { dir, env } = await conflictProject();
  try {
    const add = await hpm(["group", "add", "inference", "-o", "adapter-old"], { cwd: dir, env });
    assert.equal(add.code, 0, add.stderr);
    const before = await fileState(dir);

    // --dry-run: the diff and the one uv command, nothing written.
    const dry = await hpm(["lock", "--dry-run"], { cwd: dir, env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^\+ {4}"adapter-old",$/m);
    assert.match(dry.stdout, /^\$ uv lock\b.*$/m);
    assert.doesNotMatch(dry.stdout, /\$ uv sync/);
    assert.match(dry.stderr, /dry run: nothing was written/);
    assert.deepEqual(await fileState(dir), before);

    const lock = await hpm(["lock"], { cwd: dir, env });
    assert.equal(lock.code, 0, lock.stderr);
    assert.match(
      lock.stderr,
      /✔ synced pyproject\.toml and uv\.lock \(1 package from hpm\); not installed \(hpm lock\)\n$/,
    );
    const after = await fileState(dir);
    assert.match(after["pyproject.toml"]!, /^ {4}"adapter-old",$/m);
    assert.match(after["uv.lock"]!, /name = "adapter-old"/);
    assert.equal(await exists(`${dir}/.venv`), false, "hpm lock installed an environment");

    const again = await hpm(["lock", "--json"], { cwd: dir, env });
    assert.equal(again.code, 0, again.stderr);
    const json = JSON.parse(again.stdout);
    assert.equal(json.ok, true);
    assert.equal(json.notInstalled, "hpm lock");
    assert.equal(json.changed, false);
    assert.equal(json.uvChanged, false);
    assert.deepEqual(await fileState(dir), after);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hpm lock --help tells what it is; hpm --help lists it", async () => {
  const help = await hpm(["lock", "--help"], { cwd: Deno.cwd() });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /install nothing/);
  assert.match(help.stdout, /--dry-run/);
  const root = await hpm(["--help"], { cwd: Deno.cwd() });
  assert.match(root.stdout, /^\s+lock\s+write the selection into pyproject\.toml and lock it/m);
});
