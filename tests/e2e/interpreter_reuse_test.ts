/**
 * The interpreter one uv run reported is handed to the next one of the same command
 * (src/uv/interpreter.ts), so that uv does not look for it again: sync's install gets the one
 * `uv lock` found when the environment does not exist yet (the environment is the one plain uv
 * makes), check --all's later locks the one its first lock found; nothing is passed when uv
 * would not search (an environment exists) or when the user chose (UV_PYTHON, `-- --python`).
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, testEnv } from "../support/hpm.ts";
import { conflictProject } from "../support/project.ts";

/** The lines of `.venv/pyvenv.cfg` that say which interpreter made it. */
async function interpreterOf(dir: string): Promise<string[]> {
  const cfg = await Deno.readTextFile(`${dir}/.venv/pyvenv.cfg`);
  return cfg.split("\n").filter((line) => /^(home|version_info|implementation)\s*=/.test(line));
}

async function selected(): Promise<string> {
  const dir = await copyFixture("seed-project");
  const added = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(added.code, 0, added.stderr);
  return dir;
}

Deno.test("first sync: the install gets the interpreter uv lock reported, and makes the environment plain uv makes", async () => {
  const dir = await selected();
  await using _dir = removing(dir);
  const first = await hpm(["sync"], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  const passed = /^\$ uv sync --locked --python (\S+)$/m.exec(first.stderr)?.[1];
  assert.ok(passed, first.stderr);
  assert.ok(passed.startsWith("/"), passed);

  // The same project synced by uv alone: the same interpreter behind its environment.
  const plain = await copyFixture("seed-project");
  await using _plain = removing(plain);
  await Deno.copyFile(`${dir}/pyproject.toml`, `${plain}/pyproject.toml`);
  await Deno.copyFile(`${dir}/uv.lock`, `${plain}/uv.lock`);
  const uv = await new Deno.Command("uv", {
    args: ["sync", "--locked"],
    cwd: plain,
    env: testEnv(),
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(uv.code, 0, new TextDecoder().decode(uv.stderr));
  assert.deepEqual(await interpreterOf(dir), await interpreterOf(plain));
  assert.equal((await interpreterOf(dir)).length, 3);

  // Once the environment exists, uv uses it without searching: nothing is passed.
  const again = await hpm(["sync"], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /^\$ uv sync --locked$/m);
});

Deno.test("first sync: an interpreter the user chose is left to uv (UV_PYTHON, -- --python)", async () => {
  const found = await new Deno.Command("uv", {
    args: ["python", "find", "--system"],
    env: testEnv(),
    stdout: "piped",
    stderr: "null",
  }).output();
  const python = new TextDecoder().decode(found.stdout).trim();
  assert.ok(python.startsWith("/"), python);

  const byEnv = await selected();
  await using _byEnv = removing(byEnv);
  const env = await hpm(["sync"], { cwd: byEnv, env: { UV_PYTHON: python } });
  assert.equal(env.code, 0, env.stderr);
  assert.match(env.stderr, /^\$ uv sync --locked$/m);

  const byFlag = await selected();
  await using _byFlag = removing(byFlag);
  const flag = await hpm(["sync", "--", "--python", python], { cwd: byFlag });
  assert.equal(flag.code, 0, flag.stderr);
  const install = flag.stderr.split("\n").find((line) => line.startsWith("$ uv sync"));
  assert.equal(install?.match(/--python/g)?.length, 1, install);
});

Deno.test("check --all: the locks after the first are given the interpreter it found, unless UV_PYTHON chooses", async () => {
  const dir = await selected();
  await using _dir = removing(dir);
  const args = ["check", "--all", "--exhaustive", "--jobs", "1", "--verbose"];
  const uvLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("$ uv lock"));
  const all = await hpm(args, { cwd: dir });
  assert.equal(all.code, 0, all.stderr);
  const [first, second, ...rest] = uvLines(all.stderr);
  assert.equal(first, "$ uv lock");
  const reported = /^Using \S+ \S+ interpreter at: (\S+)$/m.exec(all.stderr)?.[1];
  assert.equal(second, `$ uv lock --python ${reported}`);
  assert.deepEqual(rest, []);

  const chosen = await hpm(args, { cwd: dir, env: { UV_PYTHON: reported! } });
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual(uvLines(chosen.stderr), ["$ uv lock", "$ uv lock"]);
});

Deno.test("a check that does not resolve: the locks trying its alternatives are given the interpreter the check found", async () => {
  const { dir, env } = await conflictProject();
  await using _dir = removing(dir);
  // The project's own either-lib==1.0.0 needs shared-lib 1.0.0, adapter-new needs 2.0.0.
  const path = `${dir}/pyproject.toml`;
  const text = await Deno.readTextFile(path);
  const own = text.replace(
    `"helper-tool>=1.0",  # loose on purpose`,
    `"helper-tool>=1.0",  # loose on purpose\n    "either-lib==1.0.0",`,
  );
  assert.notEqual(own, text);
  await Deno.writeTextFile(path, own);
  const added = await hpm(["group", "add", "inference", "-o", "adapter-new"], { cwd: dir, env });
  assert.equal(added.code, 0, added.stderr);
  const check = await hpm(["check", "--verbose"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  const reported = /^Using \S+ \S+ interpreter at: (\S+)$/m.exec(check.stderr)?.[1];
  assert.ok(reported, check.stderr);
  const locks = check.stderr.split("\n").filter((line) => line.startsWith("$ uv lock"));
  assert.ok(locks.length >= 1, check.stderr);
  for (const lock of locks) assert.equal(lock, `$ uv lock --python ${reported}`);
});
