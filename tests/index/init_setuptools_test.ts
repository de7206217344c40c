/**
 * `hpm init` on setuptools projects that discover their packages by themselves (flat layout),
 * built with the real setuptools from the index by `uv build` and `hpm sync` (which installs
 * the project itself, so setuptools builds it too). A `registry/` folder there would break the
 * build: init uses `hpm-registry/` instead, and the project keeps building; with `-r registry`
 * the build does break, as the warning says, and the warning's fix repairs it.
 */
import assert from "node:assert/strict";
import { removing, testEnv } from "../support/hpm.ts";
import { hpmOnline, ONLINE } from "../support/index.ts";

const SETUPTOOLS_PYPROJECT = [
  "# a setuptools project with a flat layout: no packages listed, no src/",
  "[project]",
  'name = "mypkg"',
  'version = "0.1.0"',
  'requires-python = ">=3.9"',
  "dependencies = []",
  "",
  "[build-system]",
  'requires = ["setuptools>=61"]',
  'build-backend = "setuptools.build_meta"',
  "",
].join("\n");

/** A flat-layout project: pyproject.toml, and either a package `mypkg/` or a module `mypkg.py`. */
async function flatProject(kind: "package" | "module"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-flat-" });
  await Deno.writeTextFile(`${dir}/pyproject.toml`, SETUPTOOLS_PYPROJECT);
  if (kind === "package") {
    await Deno.mkdir(`${dir}/mypkg`);
    await Deno.writeTextFile(`${dir}/mypkg/__init__.py`, "VALUE = 1\n");
  } else {
    await Deno.writeTextFile(`${dir}/mypkg.py`, "VALUE = 1\n");
  }
  await Deno.mkdir(`${dir}/tests`);
  await Deno.writeTextFile(`${dir}/tests/test_mypkg.py`, "def test(): pass\n");
  return dir;
}

/**
 * Runs `uv build --wheel` with the network on; the exit code and the wheel's file names. What an
 * earlier build left (setuptools' build/ and egg-info) goes first: a stale build/lib would put
 * its files into the new wheel.
 */
async function uvBuild(dir: string): Promise<{ code: number; stderr: string; files: string[] }> {
  for (const leftover of ["dist", "build", "mypkg.egg-info"]) {
    await Deno.remove(`${dir}/${leftover}`, { recursive: true }).catch(() => {});
  }
  const output = await new Deno.Command("uv", {
    args: ["build", "--wheel", "--out-dir", "dist"],
    cwd: dir,
    env: testEnv(ONLINE),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  if (!output.success) return { code: output.code, stderr, files: [] };
  const wheel = [...Deno.readDirSync(`${dir}/dist`)].find((e) => e.name.endsWith(".whl"))!.name;
  const list = await new Deno.Command("python3", {
    args: [
      "-c",
      "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
      `${dir}/dist/${wheel}`,
    ],
    stdout: "piped",
  }).output();
  const files = new TextDecoder().decode(list.stdout).split("\n")
    .filter((name) => name !== "" && !name.endsWith("/") && !name.includes(".dist-info/"));
  return { code: 0, stderr, files };
}

async function ok(args: string[], dir: string) {
  const result = await hpmOnline(args, { cwd: dir });
  assert.equal(result.code, 0, `hpm ${args.join(" ")}:\n${result.stderr}`);
  return result;
}

Deno.test("init on a setuptools flat layout: hpm-registry, and uv build, hpm sync and a selection still work", async () => {
  const dir = await flatProject("package");
  await using _dir = removing(dir);
  const before = await uvBuild(dir);
  assert.equal(before.code, 0, before.stderr);
  assert.deepEqual(before.files, ["mypkg/__init__.py"]);

  const init = await ok(["init"], dir);
  assert.match(
    init.stderr,
    /setuptools finds this project's packages by itself \(flat layout\) and would take a 'registry' folder for one; using 'hpm-registry', which it skips\n/,
  );
  assert.doesNotMatch(init.stderr, /warning/);
  assert.equal(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    SETUPTOOLS_PYPROJECT + '\n[tool.hpm]\nregistry = "hpm-registry"\n',
  );

  // Registry files in it, as a team would have them: still not discovered.
  await ok(
    ["registry", "add", "--name", "iniconfig", "--type", "index", "--constraint", "==2.0.0"],
    dir,
  );
  await ok(["registry", "add-group", "tools", "--strategy", "1-of-N", "-o", "iniconfig"], dir);
  const after = await uvBuild(dir);
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(after.files, ["mypkg/__init__.py"]);

  await ok(["group", "add", "tools", "-o", "iniconfig"], dir);
  const sync = await ok(["sync"], dir);
  assert.match(sync.stderr, /\$ uv sync --locked/);
  const lock = await Deno.readTextFile(`${dir}/uv.lock`);
  assert.match(lock, /name = "iniconfig"\nversion = "2\.0\.0"/);
  assert.match(lock, /name = "mypkg"\nversion = "0\.1\.0"\nsource = \{ editable = "\." \}/);
  await ok(["status", "--check"], dir);
});

Deno.test("init -r registry on a setuptools flat layout warns, the build breaks as it says, and its fix works", async () => {
  const dir = await flatProject("package");
  await using _dir = removing(dir);
  const init = await ok(["init", "-r", "registry"], dir);
  assert.match(
    init.stderr,
    /warning: setuptools finds this project's packages by itself \(flat layout\) and takes the registry's folder 'registry' for one: 'uv build' and 'hpm sync' fail \("Multiple top-level packages discovered in a flat-layout: \['mypkg', 'registry'\]"\)\nhint: move the registry to a name setuptools skips: 'mv registry hpm-registry && hpm init -r hpm-registry'; or list your packages: \[tool\.setuptools\.packages\.find\] include = \["mypkg", "mypkg\.\*"\]\n/,
  );
  const broken = await uvBuild(dir);
  assert.notEqual(broken.code, 0);
  assert.match(
    broken.stderr,
    /Multiple top-level packages discovered in a flat-layout: \['mypkg', 'registry'\]/,
  );
  const sync = await hpmOnline(["sync"], { cwd: dir });
  assert.equal(sync.code, 1, sync.stderr);

  // The hint's second way, word for word: the build works, without tests/ in the wheel.
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    SETUPTOOLS_PYPROJECT + '\n[tool.setuptools.packages.find]\ninclude = ["mypkg", "mypkg.*"]\n',
  );
  const listed = await uvBuild(dir);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.files, ["mypkg/__init__.py"]);

  // The first way: move it.
  await Deno.writeTextFile(`${dir}/pyproject.toml`, SETUPTOOLS_PYPROJECT);
  await Deno.rename(`${dir}/registry`, `${dir}/hpm-registry`);
  const moved = await ok(["init", "-r", "hpm-registry"], dir);
  assert.doesNotMatch(moved.stderr, /warning/);
  const built = await uvBuild(dir);
  assert.equal(built.code, 0, built.stderr);
  await ok(["sync"], dir);
});

Deno.test("init on a setuptools single-module project: the wheel still holds the module", async () => {
  const dir = await flatProject("module");
  await using _dir = removing(dir);
  await ok(["init"], dir);
  await Deno.writeTextFile(`${dir}/hpm-registry/groups/g.yaml`, "# a file in the registry\n");
  const built = await uvBuild(dir);
  assert.equal(built.code, 0, built.stderr);
  assert.deepEqual(built.files, ["mypkg.py"]);

  // What a registry/ folder would have done: the module silently replaced in the wheel.
  await Deno.rename(`${dir}/hpm-registry`, `${dir}/registry`);
  const replaced = await uvBuild(dir);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.deepEqual(replaced.files, []);
});

/** Flat-layout projects of the other backends that find a project's files by themselves. */
const OTHER_BACKENDS: { backend: string; requires: string; extra?: string }[] = [
  { backend: "hatchling.build", requires: "hatchling" },
  {
    backend: "uv_build",
    requires: "uv_build>=0.13.0,<0.14.0",
    extra: '[tool.uv.build-backend]\nmodule-root = ""\n',
  },
  { backend: "flit_core.buildapi", requires: "flit_core>=3.4" },
  { backend: "poetry.core.masonry.api", requires: "poetry-core>=2" },
  { backend: "pdm.backend", requires: "pdm-backend" },
];

Deno.test("init on flat layouts of hatchling, uv_build, flit, poetry-core, pdm-backend: registry/, and the wheel is unchanged", async () => {
  for (const { backend, requires, extra } of OTHER_BACKENDS) {
    const dir = await Deno.makeTempDir({ prefix: "hpm-flat-backend-" });
    await Deno.writeTextFile(
      `${dir}/pyproject.toml`,
      '[project]\nname = "mypkg"\nversion = "0.1.0"\ndescription = "x"\n' +
        'requires-python = ">=3.9"\n\n' +
        `[build-system]\nrequires = ["${requires}"]\nbuild-backend = "${backend}"\n` +
        (extra ? `\n${extra}` : ""),
    );
    await Deno.mkdir(`${dir}/mypkg`);
    await Deno.writeTextFile(`${dir}/mypkg/__init__.py`, '"""mypkg."""\n__version__ = "0.1.0"\n');
    const init = await ok(["init", "--json"], dir);
    const json = JSON.parse(init.stdout);
    assert.equal(json.registry, `${dir}/registry`, backend);
    assert.equal(json.setuptoolsFlatLayout, false, backend);
    assert.doesNotMatch(init.stderr, /warning/, backend);
    await Deno.writeTextFile(`${dir}/registry/groups/g.yaml`, "# a file in the registry\n");
    const built = await uvBuild(dir);
    assert.equal(built.code, 0, `${backend}: ${built.stderr}`);
    assert.deepEqual(built.files, ["mypkg/__init__.py"], backend);
    await Deno.remove(dir, { recursive: true });
  }
});
