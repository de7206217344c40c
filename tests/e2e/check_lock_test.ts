/**
 * check starts from the lock, on a packaged project (one with a `[build-system]`): with
 * nothing changed since `hpm sync` uv runs in the project itself and finds its uv.lock up to
 * date, touching no file, mtime or `.venv`; a changed selection resolves in a mirror of the
 * project that keeps the locked versions still allowed; in a uv workspace check works at the
 * root and in a member. Each verdict is compared with what `hpm sync` then does.
 */
import assert from "node:assert/strict";
import { hpm, removing } from "../support/hpm.ts";
import { fixtureWheels, venvPython } from "../support/project.ts";

const UV_BUILD = '[build-system]\nrequires = ["uv_build>=0.13.0,<0.14.0"]\n' +
  'build-backend = "uv_build"\n';

async function write(path: string, text: string): Promise<void> {
  await Deno.mkdir(path.replace(/\/[^/]+$/, ""), { recursive: true });
  await Deno.writeTextFile(path, text);
}

/** A tiny uv_build package `name` in `dir` with `dependencies`. */
async function localPackage(dir: string, name: string, dependencies: string[]): Promise<void> {
  const module = name.replaceAll("-", "_");
  await write(
    `${dir}/pyproject.toml`,
    `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n` +
      `dependencies = ${JSON.stringify(dependencies)}\n\n${UV_BUILD}`,
  );
  await write(`${dir}/src/${module}/__init__.py`, "");
}

/**
 * A registry in `root/registry`: group `adapter` (1-of-N) offers `adapter-a` (needs
 * shared-lib 1.0.0) and `adapter-b` (needs shared-lib 2.0.0), local packages in
 * `root/packages`; manifests' paths are relative to them.
 */
async function registry(root: string): Promise<void> {
  for (const [name, version] of [["adapter-a", "1.0.0"], ["adapter-b", "2.0.0"]]) {
    const dir = name.replace("-", "_");
    await localPackage(`${root}/packages/${dir}`, name, [`shared-lib==${version}`]);
    await write(
      `${root}/registry/packages/${name}.yaml`,
      `name: ${name}\nversion: "0.1.0"\nsources:\n  prod:\n    type: local\n` +
        `    path: ../../packages/${dir}\n    editable: true\n`,
    );
  }
  await write(
    `${root}/registry/groups/adapter.yaml`,
    "name: adapter\nstrategy: 1-of-N\noptions:\n  - name: adapter-a\n  - name: adapter-b\n",
  );
}

/** A packaged project (`app`) in `dir` with `extra` appended to its pyproject.toml. */
async function packagedProject(dir: string, extra = ""): Promise<void> {
  await write(
    `${dir}/pyproject.toml`,
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n' +
      'dependencies = ["helper-tool>=1.0"]  # ours\n\n' + UV_BUILD + extra,
  );
  await write(`${dir}/src/app/__init__.py`, "");
}

/** Every path under `dir` (`.venv` included) with its kind, size and mtime. */
async function treeState(dir: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const walk = async (path: string) => {
    const info = await Deno.lstat(path);
    state.set(path, `${info.isDirectory ? "d" : "f"} ${info.size} ${info.mtime?.getTime()}`);
    if (info.isDirectory) {
      for await (const entry of Deno.readDir(path)) await walk(`${path}/${entry.name}`);
    }
  };
  await walk(dir);
  return state;
}

function assertSameTree(before: Map<string, string>, after: Map<string, string>): void {
  const changed = [...new Set([...before.keys(), ...after.keys()])]
    .filter((path) => before.get(path) !== after.get(path))
    .map((path) => `${path}: ${before.get(path) ?? "absent"} -> ${after.get(path) ?? "absent"}`);
  assert.deepEqual(changed, []);
}

async function run(argv: string[], cwd: string, env: Record<string, string>): Promise<void> {
  const output = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd,
    env: { UV_OFFLINE: "1", UV_NO_PROGRESS: "1", UV_PYTHON_DOWNLOADS: "never", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
}

async function copyTree(from: string, to: string): Promise<void> {
  await run(["cp", "-a", from, to], "/", {});
}

async function ok(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  const result = await hpm(args, { cwd, env });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}:\n${result.stderr}`);
  return result;
}

Deno.test("check on a packaged project starts from the lock and touches nothing", async (t) => {
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  const dir = await Deno.makeTempDir({ prefix: "hpm-lockproj-" });
  await using _dir = removing(dir);
  await registry(dir);
  await packagedProject(dir);
  // helper-tool is locked at 1.0.0 although the project allows 2.0.0 too.
  await ok(["group", "add", "adapter", "--option", "adapter-a"], dir, env);
  await ok(["sync", "--upgrade-package", "helper-tool==1.0.0"], dir, env);
  assert.equal(
    await venvPython(dir, "import helper_tool; print(helper_tool.__version__)"),
    "1.0.0",
  );

  await t.step("nothing changed: uv in the project finds uv.lock up to date", async () => {
    const before = await treeState(dir);
    const result = await ok(["check", "-v"], dir, env);
    assert.match(result.stderr, /Found up-to-date lockfile at: uv\.lock/);
    assert.doesNotMatch(result.stderr, /Would update lockfile/);
    assert.match(result.stderr, /the selection resolves \(\d+ packages, the project included\)/);
    assertSameTree(before, await treeState(dir));
  });

  await t.step("a changed selection keeps the versions still allowed; sync agrees", async () => {
    const before = await treeState(dir);
    const result = await ok(["check", "--group", "adapter", "--option", "adapter-b"], dir, env);
    assertSameTree(before, await treeState(dir));
    // Local packages are named by their real paths, not the temporary mirror's.
    assert.match(result.stdout, new RegExp(`would install adapter-b @ file://${dir}/packages/`));
    assert.match(result.stdout, /would install shared-lib==2\.0\.0/);
    assert.match(result.stdout, /would remove shared-lib==1\.0\.0/);
    assert.doesNotMatch(result.stdout, /helper-tool/);
    const synced = `${dir}-synced`;
    await copyTree(dir, synced);
    await ok(["group", "add", "adapter", "--option", "adapter-b"], synced, env);
    await ok(["sync"], synced, env);
    const versions = await venvPython(
      synced,
      "import helper_tool, shared_lib; print(helper_tool.__version__, shared_lib.__version__)",
    );
    assert.equal(versions, "1.0.0 2.0.0");
  });

  await t.step("a change that does not resolve fails in check and in sync alike", async () => {
    // The user's own pin against adapter-b's: shared-lib 1.0.0 and 2.0.0 at once.
    const pinned = `${dir}-pinned`;
    await copyTree(dir, pinned);
    const text = await Deno.readTextFile(`${pinned}/pyproject.toml`);
    await Deno.writeTextFile(
      `${pinned}/pyproject.toml`,
      text.replace('"helper-tool>=1.0"', '"helper-tool>=1.0", "shared-lib==1.0.0"'),
    );
    const before = await treeState(pinned);
    const checked = await hpm(["check", "--group", "adapter", "--option", "adapter-b"], {
      cwd: pinned,
      env,
    });
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stderr, /shared-lib/);
    assertSameTree(before, await treeState(pinned));
    await ok(["group", "add", "adapter", "--option", "adapter-b"], pinned, env);
    const synced = await hpm(["sync"], { cwd: pinned, env });
    assert.equal(synced.code, 1, synced.stderr);
  });
});

/**
 * A uv workspace at `root` with the registry's local packages in `packages/`, the project's
 * own member `libs/core` (a `{ workspace = true }` source the user wrote) and a member
 * `apps/web` that selects options itself; `members` also takes in `packages/*` when
 * `coverPackages`. Returns the member's directory.
 */
async function workspace(root: string, coverPackages: boolean): Promise<string> {
  await registry(root);
  await localPackage(`${root}/libs/core`, "core", ["helper-tool>=1.0"]);
  const members = [...(coverPackages ? ["packages/*"] : []), "libs/*", "apps/*"];
  await packagedProject(
    root,
    `\n[tool.uv.workspace]\nmembers = ${JSON.stringify(members)}\n\n` +
      "[tool.uv.sources]\ncore = { workspace = true }\n",
  );
  const text = await Deno.readTextFile(`${root}/pyproject.toml`);
  await Deno.writeTextFile(
    `${root}/pyproject.toml`,
    text.replace('"helper-tool>=1.0"', '"helper-tool>=1.0", "core"'),
  );
  const member = `${root}/apps/web`;
  await localPackage(member, "web", ["helper-tool>=1.0"]);
  await Deno.writeTextFile(
    `${member}/pyproject.toml`,
    (await Deno.readTextFile(`${member}/pyproject.toml`)) +
      '\n[tool.hpm]\nregistry = "../../registry"\n',
  );
  return member;
}

/**
 * check's verdict and sync's on the same inputs: `args` checked in `dir` (nothing under
 * `root` may change), then the same selection synced in a copy of `root`. Returns check's run.
 */
async function checkThenSync(
  root: string,
  dir: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const before = await treeState(root);
  const checked = await hpm(["check", ...args], { cwd: dir, env });
  assertSameTree(before, await treeState(root));
  const copy = `${root}-synced-${crypto.randomUUID().slice(0, 8)}`;
  await copyTree(root, copy);
  const there = `${copy}${dir.slice(root.length)}`;
  if (args.length) await ok(["group", "add", args[1], "--option", args[3]], there, env);
  const synced = await hpm(["sync"], { cwd: there, env });
  assert.equal(
    checked.code,
    synced.code,
    `check: ${checked.code}\n${checked.stderr}\nsync: ${synced.code}\n${synced.stderr}`,
  );
  return checked;
}

Deno.test("check works in a uv workspace, at the root and in a member, as sync does", async (t) => {
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  const root = await Deno.makeTempDir({ prefix: "hpm-wsroot-" });
  await using _root = removing(root);
  const member = await workspace(root, false);
  await run(["uv", "lock"], root, env);

  await t.step("at the root, nothing selected: in place, from the workspace's lock", async () => {
    const result = await checkThenSync(root, root, env);
    assert.equal(result.code, 0, result.stderr);
  });

  await t.step("at the root, an option: in the mirror of the workspace", async () => {
    await ok(["group", "add", "adapter", "--option", "adapter-a"], root, env);
    const result = await checkThenSync(root, root, env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /would install shared-lib==1\.0\.0/);
  });

  await t.step(
    "check --all at the root: every combination, in mirrors of the workspace",
    async () => {
      const before = await treeState(root);
      const result = await hpm(["check", "--all"], { cwd: root, env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /2 of 2 combinations resolve/);
      assertSameTree(before, await treeState(root));
    },
  );

  await t.step("in a member: the whole workspace resolves with the member's choice", async () => {
    await ok(["sync"], root, env);
    await ok(["group", "add", "adapter", "--option", "adapter-a"], member, env);
    const result = await checkThenSync(root, member, env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /member of the uv workspace at .*: check resolves the whole/);
    // A member's sync keeps the rest of the workspace in the shared environment (uv sync
    // --inexact), and check reports the same: the root's own member stays.
    assert.doesNotMatch(result.stdout, /would remove core/);
    assert.doesNotMatch(result.stdout + result.stderr, /hpm-check-/);
  });

  await t.step(
    "in a member, a choice that conflicts with the root's fails as sync does",
    async () => {
      const result = await checkThenSync(root, member, env, [
        "--group",
        "adapter",
        "--option",
        "adapter-b",
      ]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /shared-lib/);
    },
  );
});

Deno.test("a workspace whose members are the registry's packages: check says what sync does", async () => {
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  const root = await Deno.makeTempDir({ prefix: "hpm-wsmembers-" });
  await using _root = removing(root);
  const member = await workspace(root, true);
  await ok(["group", "add", "adapter", "--option", "adapter-a"], root, env);
  await checkThenSync(root, root, env);
  await ok(["group", "add", "adapter", "--option", "adapter-a"], member, env);
  await checkThenSync(root, member, env);
});

Deno.test("check with local packages above the project (../shared): the mirror starts higher", async () => {
  const env = { UV_FIND_LINKS: await fixtureWheels() };
  const top = await Deno.makeTempDir({ prefix: "hpm-above-" });
  await using _top = removing(top);
  await registry(`${top}/shared`);
  const dir = `${top}/app`;
  await packagedProject(dir, '\n[tool.hpm]\nregistry = "../shared/registry"\n');
  await ok(["group", "add", "adapter", "--option", "adapter-a"], dir, env);
  await ok(["sync"], dir, env);
  assert.match(await Deno.readTextFile(`${dir}/pyproject.toml`), /path = "\.\.\/shared\/packages/);
  const before = await treeState(top);
  const steady = await ok(["check", "-v"], dir, env);
  assert.match(steady.stderr, /Found up-to-date lockfile at: uv\.lock/);
  const changed = await ok(
    ["check", "--group", "adapter", "--option", "adapter-b", "-v"],
    dir,
    env,
  );
  assertSameTree(before, await treeState(top));
  assert.match(
    changed.stdout,
    new RegExp(`would install adapter-b @ file://${top}/shared/packages/adapter_b`),
  );
  assert.match(changed.stdout, /would install shared-lib==2\.0\.0/);
});
