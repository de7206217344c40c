/**
 * Managed entries changed outside hpm (by hand, `uv add`, `uv remove`) are never reverted
 * silently: sync shows them and stops, status reports them, `--reset-edits` takes the
 * registry's version; hpm's own text is updated in place; the last removal gives back the
 * original bytes.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, REPO, testEnv } from "../support/hpm.ts";
import { fileState, fixtureWheels } from "../support/project.ts";

const PYPROJECT = `[project]
name = "vlm-bench"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = [
    "helper-tool>=1.0",  # ours
]
`;

/** The seed project with an index package `shared-lib` (group `lib`) and a multi-line array. */
async function project(version = "==1.0.0"): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await copyFixture("seed-project");
  await Deno.writeTextFile(`${dir}/pyproject.toml`, PYPROJECT);
  await manifest(dir, version);
  await Deno.writeTextFile(
    `${dir}/registry/groups/lib.yaml`,
    'name: "lib"\nstrategy: "1-of-N"\noptions:\n  - name: "shared-lib"\n',
  );
  return { dir, env: { UV_FIND_LINKS: await fixtureWheels() } };
}

function manifest(dir: string, version: string): Promise<void> {
  return Deno.writeTextFile(
    `${dir}/registry/packages/shared-lib.yaml`,
    `name: "shared-lib"\nversion: "1.0.0"\nsources:\n  prod:\n    type: "index"\n    version: "${version}"\n`,
  );
}

async function ok(args: string[], dir: string, env: Record<string, string>) {
  const result = await hpm(args, { cwd: dir, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}: ${result.stderr}`);
  return result;
}

async function synced() {
  const { dir, env } = await project();
  await ok(["group", "add", "lib", "-o", "shared-lib"], dir, env);
  await ok(["group", "add", "inference", "-o", "vlm-adapter-qwen"], dir, env);
  await ok(["sync"], dir, env);
  return { dir, env };
}

async function uv(dir: string, env: Record<string, string>, ...args: string[]) {
  const output = await new Deno.Command("uv", {
    args,
    cwd: dir,
    env: testEnv(env),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
}

Deno.test("a hand-edited managed line: sync shows it and hpm's, writes nothing; --reset-edits takes the registry's", async () => {
  const { dir, env } = await synced();
  await using _dir = removing(dir);
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(
    text,
    /written = \{ shared-lib = "[0-9a-f]{8}", vlm-adapter-qwen = "[0-9a-f]{8}" \}/,
  );
  const edited = text.replace('"shared-lib==1.0.0",', '"shared-lib==2.0.0",  # bumped by hand');
  assert.notEqual(edited, text);
  await Deno.writeTextFile(`${dir}/pyproject.toml`, edited);
  const before = await fileState(dir);

  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(
    sync.stderr,
    /pyproject\.toml:7:5: error: 'shared-lib' \(lib = shared-lib\) was changed outside hpm since hpm wrote it/,
  );
  assert.match(sync.stderr, /pyproject\.toml:7 +"shared-lib==2\.0\.0", {2}# bumped by hand\n/);
  assert.match(sync.stderr, /hpm would write +"shared-lib==1\.0\.0"\n/);
  assert.match(sync.stderr, /put it into the manifest \(registry\/packages\/shared-lib\.yaml\)/);
  assert.match(sync.stderr, /'hpm sync --reset-edits'/);
  assert.doesNotMatch(sync.stderr, /\$ uv lock/);
  assert.deepEqual(await fileState(dir), before);

  // --dry-run stops the same way; --json says it exactly.
  assert.equal((await hpm(["sync", "--dry-run"], { cwd: dir, env })).code, 1);
  const json = JSON.parse((await hpm(["sync", "--json"], { cwd: dir, env })).stdout);
  assert.equal(json.error.code, "hand-edited");
  assert.deepEqual(json.error.edits[0].parts, [{
    part: "dependency",
    now: '"shared-lib==2.0.0"',
    planned: '"shared-lib==1.0.0"',
  }]);
  assert.deepEqual(await fileState(dir), before);

  const status = await hpm(["status"], { cwd: dir, env });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /pyproject\.toml: edited outside hpm \(pyproject\.toml:7\)/);
  const check = await hpm(["status", "--check", "--json"], { cwd: dir, env });
  assert.equal(check.code, 1);
  const report = JSON.parse(check.stdout);
  assert.equal(report.inSync, false);
  assert.equal(
    report.entries.find((e: { option: string }) => e.option === "shared-lib").edited.kind,
    "edited",
  );

  const reset = await ok(["sync", "--reset-edits"], dir, env);
  assert.match(
    reset.stderr,
    /wrote the registry's version over 1 entry changed outside hpm: shared-lib/,
  );
  // In place: same line, its comment kept (the comment is the user's text).
  assert.equal(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    edited.replace('"shared-lib==2.0.0",', '"shared-lib==1.0.0",'),
  );
  await ok(["status", "--check"], dir, env);
});

Deno.test("a new constraint in the manifest updates hpm's own line in place", async () => {
  const { dir, env } = await synced();
  await using _dir = removing(dir);
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await manifest(dir, "==2.0.0");
  const sync = await ok(["sync"], dir, env);
  assert.match(sync.stderr, /~ lib = shared-lib/);
  const after = await Deno.readTextFile(`${dir}/pyproject.toml`);
  const lines = (t: string) => t.split("\n").filter((l) => !l.startsWith("written = "));
  assert.deepEqual(
    lines(after),
    lines(text.replace('"shared-lib==1.0.0"', '"shared-lib==2.0.0"')),
  );
  assert.match(
    await Deno.readTextFile(`${dir}/uv.lock`),
    /name = "shared-lib"\nversion = "2\.0\.0"/,
  );
});

Deno.test("uv add / uv remove of a managed package: status reports it, sync stops, group remove is the way out", async () => {
  const { dir, env } = await synced();
  await using _dir = removing(dir);
  const uvEnv = { ...env };
  await uv(dir, uvEnv, "add", "--no-sync", "vlm-adapter-qwen>=0.1");
  let status = await hpm(["status"], { cwd: dir, env });
  assert.match(
    status.stdout,
    /inference = vlm-adapter-qwen.*\n.*pyproject\.toml: edited outside hpm/,
  );
  let sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1);
  assert.match(sync.stderr, /"vlm-adapter-qwen>=0\.1",\n\s+hpm would write\s+"vlm-adapter-qwen"\n/);

  await uv(dir, uvEnv, "remove", "--no-sync", "vlm-adapter-qwen");
  const before = await fileState(dir);
  status = await hpm(["status"], { cwd: dir, env });
  assert.match(status.stdout, /pyproject\.toml: removed outside hpm/);
  assert.match(status.stderr, /'hpm group remove inference --option vlm-adapter-qwen'/);
  sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1);
  assert.match(sync.stderr, /was removed from \[project\]\.dependencies outside hpm/);
  assert.deepEqual(await fileState(dir), before);

  await ok(["group", "remove", "inference"], dir, env);
  await ok(["sync"], dir, env);
  await ok(["status", "--check"], dir, env);
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.doesNotMatch(text, /vlm-adapter-qwen/);
});

Deno.test("uv add --editable elsewhere changes hpm's source: shown, not undone", async () => {
  const { dir, env } = await synced();
  await using _dir = removing(dir);
  const other = await Deno.makeTempDir({ prefix: "hpm-other-checkout-" });
  await using _other = removing(other);
  await Deno.copyFile(
    `${REPO}/registry-fixtures/seed-project/packages/vlm_adapter/pyproject.toml`,
    `${other}/pyproject.toml`,
  );
  await Deno.mkdir(`${other}/src/vlm_adapter_qwen`, { recursive: true });
  await Deno.writeTextFile(`${other}/src/vlm_adapter_qwen/__init__.py`, "");
  await uv(dir, env, "add", "--no-sync", "--editable", other);
  const before = await fileState(dir);
  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(
    sync.stderr,
    new RegExp(`vlm-adapter-qwen = \\{ path = "${other}", editable = true \\}`),
  );
  assert.match(
    sync.stderr,
    /hpm would write\s+vlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}/,
  );
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("add/sync/remove/sync gives back the original bytes, a dependencies key hpm added included", async () => {
  const { dir, env } = await project();
  await using _dir = removing(dir);
  const original =
    '# no dependencies key\r\n[project]\r\nname = "vlm-bench"\r\nversion = "0.1.0"\r\n' +
    'requires-python = ">=3.11"\r\n\r\n[tool.ruff]\r\nline-length = 100\r\n';
  await Deno.writeTextFile(`${dir}/pyproject.toml`, original);
  await ok(["group", "add", "lib", "-o", "shared-lib"], dir, env);
  await ok(["group", "add", "inference", "-o", "vlm-adapter-qwen"], dir, env);
  await ok(["sync"], dir, env);
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(text, /dependencies = \["shared-lib==1\.0\.0", "vlm-adapter-qwen"\]\r\n/);
  assert.match(text, /created = \["project\.dependencies", "tool\.uv\.sources"\]\r\n/);
  await ok(["group", "remove", "lib"], dir, env);
  await ok(["group", "remove", "inference"], dir, env);
  await ok(["sync"], dir, env);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), original);
});

Deno.test("a project an older hpm synced (no record): hpm's text is adopted; a difference is said once", async () => {
  const { dir, env } = await synced();
  await using _dir = removing(dir);
  const withRecord = await Deno.readTextFile(`${dir}/pyproject.toml`);
  const older = withRecord.replace(/written = .*\n/, "").replace(/created = .*\n/, "");
  await Deno.writeTextFile(`${dir}/pyproject.toml`, older);
  // Not drift: only the record is missing.
  await ok(["status", "--check"], dir, env);
  const sync = await ok(["sync"], dir, env);
  assert.match(sync.stderr, /recorded what hpm wrote \(\[tool\.hpm\] written\)/);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), withRecord);

  // Without a record and with a manifest that changed, hpm cannot tell its text from an edit.
  await Deno.writeTextFile(`${dir}/pyproject.toml`, older);
  await manifest(dir, "==2.0.0");
  const stopped = await hpm(["sync"], { cwd: dir, env });
  assert.equal(stopped.code, 1, stopped.stderr);
  assert.match(stopped.stderr, /no record of what hpm wrote \(an older hpm synced it\)/);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), older);
  await ok(["sync", "--reset-edits"], dir, env);
  assert.match(await Deno.readTextFile(`${dir}/pyproject.toml`), /"shared-lib==2\.0\.0",\n/);
  await ok(["sync"], dir, env);
});
