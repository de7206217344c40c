/**
 * The packaged project of the bench's `check-packaged` section: a project with a
 * `[build-system]` (uv_build) whose resolution holds 64 packages, all from wheels generated
 * here with the real uv (tests/support/build_wheels.ts), offline, served by `UV_FIND_LINKS`
 * with `UV_NO_INDEX=1`. Generated rather than from the package index so that the bench runs
 * offline and its numbers do not depend on the network.
 *
 * - `lib-00`..`lib-71`: `lib-i` (i >= 10) depends on `lib-(i mod 10)` and `lib-(i div 2)`;
 *   `lib-00`..`lib-09` have two versions (1.0.0 and 1.1.0), so a lock has versions to keep.
 * - the project depends on `lib-10`..`lib-49` itself (50 packages with their dependencies);
 * - group `engine` (1-of-N): `engine-x` (needs `lib-50`..`lib-59`) or `engine-y` (needs
 *   `lib-60`..`lib-69`), index packages;
 * - group `plugins` (M-of-N): `bench-plugin`, a local package (needs `lib-70`).
 *
 * With `engine-x` and `bench-plugin` selected the lock holds 64 packages; switching to
 * `engine-y` removes 11 and adds 11.
 */
import { buildFixtureWheels, type WheelSpec } from "../tests/support/build_wheels.ts";

const lib = (i: number) => `lib-${String(i).padStart(2, "0")}`;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** The wheels of the project (86 of them). */
export function packagedWheelSpecs(): WheelSpec[] {
  const specs: WheelSpec[] = [];
  for (const i of range(0, 71)) {
    const dependencies = i < 10 ? [] : [`${lib(i % 10)}>=1.0`, `${lib(Math.floor(i / 2))}>=1.0`];
    const versions = i < 10 ? ["1.0.0", "1.1.0"] : ["1.0.0"];
    for (const version of versions) specs.push({ name: lib(i), version, dependencies });
  }
  specs.push({ name: "engine-x", version: "1.0.0", dependencies: range(50, 59).map(lib) });
  specs.push({ name: "engine-y", version: "1.0.0", dependencies: range(60, 69).map(lib) });
  return specs;
}

/**
 * Builds the wheels into `dir` unless a previous run left them complete there (a marker file
 * names the spec), so `HPM_BENCH_WHEELS=DIR` saves the 15-30 s of building on later runs.
 */
export async function packagedWheels(dir: string, uvCache: string): Promise<string> {
  const specs = packagedWheelSpecs();
  const marker = `${dir}/.complete-${specs.length}`;
  try {
    await Deno.stat(marker);
    return dir;
  } catch {
    // build below
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await buildFixtureWheels(dir, specs, { cacheDir: uvCache });
  await Deno.writeTextFile(marker, "");
  return dir;
}

const UV_BUILD = [
  "[build-system]",
  'requires = ["uv_build>=0.13.0,<0.14.0"]',
  'build-backend = "uv_build"',
  "",
];

/** Writes the project (not yet selected, not synced) into `dir`. */
export async function writePackagedProject(dir: string): Promise<void> {
  const write = async (path: string, text: string) => {
    await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  };
  await write(
    "pyproject.toml",
    [
      "[project]",
      'name = "bench-app"',
      'version = "0.1.0"',
      'requires-python = ">=3.11"',
      "dependencies = [",
      ...range(10, 49).map((i) => `    "${lib(i)}>=1.0",`),
      "]",
      "",
      ...UV_BUILD,
    ].join("\n"),
  );
  await write("src/bench_app/__init__.py", "");
  await write(
    "packages/bench_plugin/pyproject.toml",
    [
      "[project]",
      'name = "bench-plugin"',
      'version = "0.1.0"',
      'requires-python = ">=3.11"',
      `dependencies = ["${lib(70)}>=1.0"]`,
      "",
      ...UV_BUILD,
    ].join("\n"),
  );
  await write("packages/bench_plugin/src/bench_plugin/__init__.py", "");
  for (const engine of ["engine-x", "engine-y"]) {
    await write(
      `registry/packages/${engine}.yaml`,
      `name: ${engine}\nversion: "1.0.0"\nsources:\n  prod:\n    type: index\n    version: ">=1.0"\n`,
    );
  }
  await write(
    "registry/packages/bench-plugin.yaml",
    'name: bench-plugin\nversion: "0.1.0"\nsources:\n  prod:\n    type: local\n' +
      "    path: ../../packages/bench_plugin\n    editable: true\n",
  );
  await write(
    "registry/groups/engine.yaml",
    "name: engine\nstrategy: 1-of-N\noptions:\n  - name: engine-x\n  - name: engine-y\n",
  );
  await write(
    "registry/groups/plugins.yaml",
    "name: plugins\nstrategy: M-of-N\noptions:\n  - name: bench-plugin\n",
  );
}

/** The real-index variant's own dependencies (common pure-Python stacks). */
const INDEX_BASE = [
  "boto3",
  "rich",
  "httpx",
  "flask",
  "pydantic",
  "pytest",
  "click",
  "pyyaml",
  "aiohttp",
  "sqlalchemy",
  "tqdm",
];

/**
 * The same shape from the package index (`check-packaged-index`, needs the network): a packaged
 * project depending on INDEX_BASE, group `engine` offering `sphinx` or `mkdocs-material`, and
 * the local `bench-plugin` (needs `six`); versions held still by `exclude-newer`.
 */
export async function writeIndexProject(dir: string): Promise<void> {
  await writePackagedProject(dir);
  const deps = INDEX_BASE.map((name) => `    "${name}",`).join("\n");
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    [
      "[project]",
      'name = "bench-app"',
      'version = "0.1.0"',
      'requires-python = ">=3.11"',
      `dependencies = [\n${deps}\n]`,
      "",
      "[tool.uv]",
      'exclude-newer = "2025-06-01T00:00:00Z"',
      "",
      ...UV_BUILD,
    ].join("\n"),
  );
  const plugin = `${dir}/packages/bench_plugin/pyproject.toml`;
  await Deno.writeTextFile(
    plugin,
    (await Deno.readTextFile(plugin)).replace(`"${lib(70)}>=1.0"`, '"six"'),
  );
  for (const engine of ["engine-x", "engine-y"]) {
    await Deno.remove(`${dir}/registry/packages/${engine}.yaml`);
  }
  for (const name of ["sphinx", "mkdocs-material"]) {
    await Deno.writeTextFile(
      `${dir}/registry/packages/${name}.yaml`,
      `name: ${name}\nsources:\n  prod:\n    type: index\n    version: ">=1.0"\n`,
    );
  }
  await Deno.writeTextFile(
    `${dir}/registry/groups/engine.yaml`,
    "name: engine\nstrategy: 1-of-N\noptions:\n  - name: sphinx\n  - name: mkdocs-material\n",
  );
}
