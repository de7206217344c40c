/**
 * `hpm init` with real uv: an empty folder (runs `uv init`), a `uv init` project, twice, and a
 * registry elsewhere (`-r`, recorded in `[tool.hpm] registry`). Every other byte of
 * pyproject.toml is kept, `[build-system]` included. In a subdirectory of a project it refuses
 * and changes nothing (`uv init` there would add it to the parent's workspace members).
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, testEnv } from "../support/hpm.ts";
import { exists } from "../support/project.ts";

async function emptyDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "hpm-init-" });
}

async function uvInit(dir: string): Promise<void> {
  const output = await new Deno.Command("uv", {
    args: ["init", "--name", "demo"],
    cwd: dir,
    env: testEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

Deno.test("init in an empty folder runs 'uv init', then creates the registry; validate accepts it", async () => {
  const dir = await emptyDir();
  await using _dir = removing(dir);
  const result = await hpm(["init"], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /\$ uv init\n/);
  assert.match(result.stderr, /created pyproject\.toml with 'uv init'/);
  assert.match(result.stderr, /created registry, registry\/groups, registry\/packages/);
  assert.ok(await isDirectory(`${dir}/registry/groups`));
  assert.ok(await isDirectory(`${dir}/registry/packages`));
  const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(pyproject, /^\[project\]\n/);
  assert.doesNotMatch(pyproject, /\[tool\.hpm\]/); // the default registry is not recorded
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /0 groups, 0 packages, no errors/);
});

Deno.test("init on a 'uv init' project keeps pyproject.toml byte for byte; twice changes nothing", async () => {
  const dir = await emptyDir();
  await using _dir = removing(dir);
  await uvInit(dir);
  const path = `${dir}/pyproject.toml`;
  // A user's comment and CRLF line endings, to be kept exactly.
  const original = ("# my project\n" + await Deno.readTextFile(path)).replaceAll("\n", "\r\n");
  await Deno.writeTextFile(path, original);
  const first = await hpm(["init", "--json"], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /uv init/);
  assert.deepEqual(JSON.parse(first.stdout), {
    ok: true,
    project: dir,
    pyproject: path,
    registry: `${dir}/registry`,
    uvInit: false,
    created: [`${dir}/registry`, `${dir}/registry/groups`, `${dir}/registry/packages`],
    recorded: null,
    changed: true,
    setuptoolsFlatLayout: false,
    discoveredAsPackage: null,
    avoided: false,
    dryRun: false,
  });
  assert.equal(await Deno.readTextFile(path), original);

  const mtime = (await Deno.stat(path)).mtime?.getTime();
  const second = await hpm(["init"], { cwd: dir });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /already hpm-ready: registry registry; nothing changed/);
  assert.equal(await Deno.readTextFile(path), original);
  assert.equal((await Deno.stat(path)).mtime?.getTime(), mtime);
  const json = await hpm(["init", "--json"], { cwd: dir });
  assert.equal(JSON.parse(json.stdout).changed, false);
});

const OWN_PYPROJECT = [
  "[project]",
  'name = "demo"  # keep me',
  'version = "0.1.0"',
  "dependencies = []",
  "",
  "[build-system]",
  'requires = ["hatchling"]',
  'build-backend = "hatchling.build"',
  "",
].join("\n");

Deno.test("init -r PATH records the registry relative to the project; [build-system] is untouched", async () => {
  const dir = await emptyDir();
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(path, OWN_PYPROJECT);
  const result = await hpm(["init", "-r", "components"], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /recorded the registry in pyproject\.toml: \[tool\.hpm\] registry = 'components'/,
  );
  assert.equal(
    await Deno.readTextFile(path),
    OWN_PYPROJECT + '\n[tool.hpm]\nregistry = "components"\n',
  );
  assert.ok(await isDirectory(`${dir}/components/groups`));
  assert.ok(await isDirectory(`${dir}/components/packages`));
  assert.equal(await exists(`${dir}/registry`), false);

  // Twice, with or without -r: nothing changes; every command now finds the registry.
  const recorded = await Deno.readTextFile(path);
  for (const args of [["init", "-r", "components"], ["init"]]) {
    const again = await hpm(args, { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /nothing changed/);
    assert.equal(await Deno.readTextFile(path), recorded);
  }
  const add = await hpm(
    ["registry", "add", "--name", "lib", "--type", "index", "--version", "1.0"],
    {
      cwd: dir,
    },
  );
  assert.equal(add.code, 0, add.stderr);
  assert.ok(await exists(`${dir}/components/packages/lib.yaml`));

  // Back to the default location: the setting is changed, not removed behind the user's back.
  const back = await hpm(["init", "-r", "registry"], { cwd: dir });
  assert.equal(back.code, 0, back.stderr);
  assert.equal(
    await Deno.readTextFile(path),
    OWN_PYPROJECT + '\n[tool.hpm]\nregistry = "registry"\n',
  );
});

Deno.test("init refuses a registry path that is a file", async () => {
  const dir = await emptyDir();
  await using _dir = removing(dir);
  await Deno.writeTextFile(`${dir}/pyproject.toml`, OWN_PYPROJECT);
  await Deno.writeTextFile(`${dir}/registry`, "not a directory");
  const result = await hpm(["init"], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /error: registry is a file, not a directory\nhint: move it away/);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), OWN_PYPROJECT);
});

/** Every file and directory under `dir`, with the bytes of each file. */
async function tree(dir: string, prefix = ""): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      found[`${path}/`] = "";
      Object.assign(found, await tree(dir, `${path}/`));
    } else {
      found[path] = await Deno.readTextFile(`${dir}/${path}`);
    }
  }
  return found;
}

Deno.test("init in a subdirectory of a project refuses and changes nothing, the parent included", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await Deno.mkdir(`${dir}/docs`);
  const before = await tree(dir);
  for (const args of [["init"], ["init", "-r", "components"]]) {
    const result = await hpm(args, { cwd: `${dir}/docs` });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(
      result.stderr,
      `error: ${dir}/docs has no pyproject.toml but is inside the project of ` +
        `${dir}/pyproject.toml; 'hpm init' here would change that file\n` +
        `hint: run 'hpm init' in the project root (${dir}), or, for a separate project here, ` +
        "run 'uv init --no-workspace' first and then 'hpm init'\n",
    );
    assert.doesNotMatch(result.stderr, /uv init\n/); // uv never ran
    assert.deepEqual(await tree(dir), before);
  }
  const json = await hpm(["init", "--json"], { cwd: `${dir}/docs` });
  assert.equal(json.code, 2);
  const error = JSON.parse(json.stdout).error;
  assert.equal(error.code, "inside-project");
  assert.equal(error.pyproject, `${dir}/pyproject.toml`);
  assert.deepEqual(await tree(dir), before);
  assert.deepEqual([...Deno.readDirSync(`${dir}/docs`)], []);

  // The ways out: init in the root; or a separate project made first with uv.
  const root = await hpm(["init"], { cwd: dir });
  assert.equal(root.code, 0, root.stderr);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), before["pyproject.toml"]);
  const uv = await new Deno.Command("uv", {
    args: ["init", "--no-workspace", "--name", "docs"],
    cwd: `${dir}/docs`,
    env: testEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(uv.code, 0, new TextDecoder().decode(uv.stderr));
  const separate = await hpm(["init"], { cwd: `${dir}/docs` });
  assert.equal(separate.code, 0, separate.stderr);
  assert.ok(await isDirectory(`${dir}/docs/registry/groups`));
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), before["pyproject.toml"]);
});

Deno.test("init warns about what check and sync would refuse, and about a registry it re-points", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hpm-poetry-" });
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    '[tool.poetry]\nname = "x"\nversion = "0.1.0"\n\n[build-system]\nrequires = ["poetry-core"]\n' +
      'build-backend = "poetry.core.masonry.api"\n',
  );
  const poetry = await hpm(["init"], { cwd: dir });
  assert.equal(poetry.code, 0, poetry.stderr);
  assert.match(
    poetry.stderr,
    /pyproject\.toml:1:1: warning: pyproject\.toml has no \[project\] table; uv needs one with a name to lock\n {2}hint: hpm works on standard \(PEP 621\) projects/,
  );
  await Deno.remove(dir, { recursive: true });

  const seed = await copyFixture("seed-project");
  await using _seed = removing(seed);
  const path = `${seed}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.hpm.groups]\ninference = "x"\n',
  );
  // From the default registry (nothing recorded) to another, with a selection: said too.
  const moved = await hpm(["init", "-r", "../elsewhere-registry"], { cwd: seed });
  assert.equal(moved.code, 0, moved.stderr);
  assert.match(
    moved.stderr,
    /warning: the project's registry changes from 'registry' to '\.\.\/elsewhere-registry'/,
  );
  const again = await hpm(["init", "-r", "../third-registry"], { cwd: seed });
  assert.equal(again.code, 0, again.stderr);
  assert.match(
    again.stderr,
    /warning: the project's registry changes from '\.\.\/elsewhere-registry' to '\.\.\/third-registry'; its selection \(inference\) now refers to that one\n/,
  );
  for (const name of ["elsewhere-registry", "third-registry"]) {
    await Deno.remove(`${seed}/../${name}`, { recursive: true });
  }
});

Deno.test("a failed 'uv init' carries uv's words, in --json too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hpm-init-fail-" });
  await using _dir = removing(dir);
  const fake = `${dir}.uv.sh`;
  await Deno.writeTextFile(
    fake,
    "#!/usr/bin/env bash\necho 'error: the disk said no' >&2\nexit 2\n",
  );
  await Deno.chmod(fake, 0o755);
  const text = await hpm(["init"], { cwd: dir, env: { HPM_UV: fake } });
  assert.equal(text.code, 1);
  assert.match(
    text.stderr,
    /error: 'uv init' failed \(exit 2\); nothing else was done\n {2}error: the disk said no\n/,
  );
  const json = await hpm(["init", "--json"], { cwd: dir, env: { HPM_UV: fake } });
  assert.equal(json.code, 1);
  const error = JSON.parse(json.stdout).error;
  assert.equal(error.details, "error: the disk said no");
  assert.equal(error.uv.exitCode, 2);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(fake);
});

const SETUPTOOLS_FLAT = [
  "[project]",
  'name = "mypkg"',
  'version = "0.1.0"',
  "",
  "[build-system]",
  'requires = ["setuptools>=61"]',
  'build-backend = "setuptools.build_meta"',
  "",
].join("\n");

Deno.test("init on a setuptools flat layout uses hpm-registry (recorded); twice changes nothing", async () => {
  const dir = await emptyDir();
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(path, SETUPTOOLS_FLAT);
  await Deno.mkdir(`${dir}/mypkg`);
  const first = await hpm(["init"], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stderr,
    "setuptools finds this project's packages by itself (flat layout) and would take a " +
      "'registry' folder for one; using 'hpm-registry', which it skips\n" +
      "✔ created hpm-registry, hpm-registry/groups, hpm-registry/packages\n" +
      "✔ recorded the registry in pyproject.toml: [tool.hpm] registry = 'hpm-registry'\n" +
      "next: 'hpm registry add' to add a package, 'hpm registry add-group' to group them\n",
  );
  assert.equal(
    await Deno.readTextFile(path),
    SETUPTOOLS_FLAT + '\n[tool.hpm]\nregistry = "hpm-registry"\n',
  );
  assert.equal(await exists(`${dir}/registry`), false);
  const again = await hpm(["init", "--json"], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  const json = JSON.parse(again.stdout);
  assert.equal(json.changed, false);
  assert.equal(json.registry, `${dir}/hpm-registry`);
  assert.equal(json.setuptoolsFlatLayout, true);
  assert.equal(json.discoveredAsPackage, null);
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
});

Deno.test("init keeps registry/ where setuptools does not discover it, and warns where it does", async () => {
  const cases: { name: string; pyproject: string; files: string[]; registry: string }[] = [
    {
      name: "packages listed",
      pyproject: SETUPTOOLS_FLAT + '\n[tool.setuptools]\npackages = ["mypkg"]\n',
      files: ["mypkg/__init__.py"],
      registry: "registry",
    },
    {
      name: "src layout",
      pyproject: SETUPTOOLS_FLAT,
      files: ["src/mypkg/__init__.py"],
      registry: "registry",
    },
    {
      name: "hatchling",
      pyproject: OWN_PYPROJECT,
      files: ["demo/__init__.py"],
      registry: "registry",
    },
    {
      name: "setup.py with packages=",
      pyproject: SETUPTOOLS_FLAT,
      files: ["setup.py", "mypkg/__init__.py"],
      registry: "registry",
    },
    // No [build-system] and no setup.py: an application uv never builds (`uv init`'s default),
    // where the guide's registry/ stays.
    {
      name: "no build-system",
      pyproject: '[project]\nname = "app"\nversion = "0.1.0"\n',
      files: ["main.py"],
      registry: "registry",
    },
    // No [build-system] but a setup.py that lists nothing: a legacy setuptools project.
    {
      name: "legacy setup.py",
      pyproject: '[project]\nname = "app"\nversion = "0.1.0"\n',
      files: ["setup.py", "mypkg/__init__.py"],
      registry: "hpm-registry",
    },
  ];
  for (const { name, pyproject, files, registry } of cases) {
    const dir = await emptyDir();
    await Deno.writeTextFile(`${dir}/pyproject.toml`, pyproject);
    for (const file of files) {
      await Deno.mkdir(`${dir}/${file}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(
        `${dir}/${file}`,
        file !== "setup.py"
          ? ""
          : name === "legacy setup.py"
          ? "from setuptools import setup\nsetup()\n"
          : "from setuptools import setup\nsetup(packages=['mypkg'])\n",
      );
    }
    const result = await hpm(["init", "--json"], { cwd: dir });
    assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    assert.equal(JSON.parse(result.stdout).registry, `${dir}/${registry}`, name);
    assert.doesNotMatch(result.stderr, /warning/, name);
    await Deno.remove(dir, { recursive: true });
  }

  // Asked for by name on a flat layout: created, with a warning giving both ways out.
  const dir = await emptyDir();
  await using _dir = removing(dir);
  await Deno.writeTextFile(`${dir}/pyproject.toml`, SETUPTOOLS_FLAT);
  await Deno.writeTextFile(`${dir}/mypkg.py`, "");
  const named = await hpm(["init", "-r", "components"], { cwd: dir });
  assert.equal(named.code, 0, named.stderr);
  assert.match(
    named.stderr,
    /^warning: setuptools finds this project's packages by itself \(flat layout\) and takes the registry's folder 'components' for one: the wheel holds it instead of your modules\nhint: move the registry to a name setuptools skips: 'mv components hpm-registry && hpm init -r hpm-registry'\n/,
  );
  assert.ok(await isDirectory(`${dir}/components/groups`));
  await Deno.remove(dir, { recursive: true });

  // A registry/ that is already there (an hpm-ready project) stays, with the warning.
  const ready = await emptyDir();
  await using _ready = removing(ready);
  await Deno.writeTextFile(`${ready}/pyproject.toml`, SETUPTOOLS_FLAT);
  await Deno.mkdir(`${ready}/mypkg`);
  await Deno.mkdir(`${ready}/registry/groups`, { recursive: true });
  const again = await hpm(["init", "--json"], { cwd: ready });
  assert.equal(again.code, 0, again.stderr);
  const json = JSON.parse(again.stdout);
  assert.equal(json.registry, `${ready}/registry`);
  assert.equal(json.recorded, null);
  assert.equal(json.discoveredAsPackage, "registry");
  // With --json the warning is the document's, not a line on stderr.
  assert.equal(json.warnings.length, 1);
  assert.match(
    json.warnings[0].message,
    /.* takes the registry's folder 'registry' for one: 'uv build' and 'hpm sync' fail \("Multiple top-level packages discovered in a flat-layout: \['mypkg', 'registry'\]"\)$/,
  );
  assert.doesNotMatch(again.stderr, /warning:/);
  assert.equal(await Deno.readTextFile(`${ready}/pyproject.toml`), SETUPTOOLS_FLAT);
});

Deno.test({
  name: "init whose registry cannot be created leaves pyproject.toml as it was, and says so",
  ignore: Deno.build.os !== "linux",
}, async () => {
  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  const before = await Deno.readTextFile(path);
  // /proc takes no new directories, whoever runs the test (root included).
  const result = await hpm(["init", "-r", "/proc/hpm-registry"], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(
    result.stderr,
    "restored pyproject.toml byte for byte\n" +
      "error: cannot create /proc/hpm-registry: no such file or directory\n" +
      "hint: check that path and run again\n",
  );
  assert.equal(await Deno.readTextFile(path), before);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
    "packages",
    "pyproject.toml",
    "registry",
  ]);
  await Deno.remove(dir, { recursive: true });
});
