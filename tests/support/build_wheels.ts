/**
 * Builds tiny wheels with the real uv, offline, for tests that need an index-free package
 * source: point uv at the output with `UV_FIND_LINKS=<outDir>` and `UV_NO_INDEX=1`.
 *
 * Each package is written to a temp dir (`pyproject.toml` with the `uv_build` backend and an
 * empty module) and built with `uv build --wheel --out-dir <outDir>`; uv builds `uv_build`
 * projects itself, so no network is needed.
 */

/** One tiny package to build. */
export interface WheelSpec {
  /** Distribution name, e.g. `shared-lib`. */
  name: string;
  /** Version, e.g. `1.0.0`. */
  version: string;
  /** PEP 508 requirements of the package. */
  dependencies?: string[];
  /** Its extras: extra name -> PEP 508 requirements. */
  optionalDependencies?: Record<string, string[]>;
  /** `requires-python`; defaults to `>=3.8`. */
  requiresPython?: string;
}

/** Options of `buildFixtureWheels`. */
export interface BuildWheelsOptions {
  /** uv cache to use; defaults to a fresh temp dir (removed afterwards). */
  cacheDir?: string;
  /** The uv program; defaults to `$HPM_UV`, else `uv` on PATH. */
  uv?: string;
}

/** The environment that keeps uv hermetic in tests. */
export function hermeticUvEnv(cacheDir: string): Record<string, string> {
  return {
    UV_OFFLINE: "1",
    UV_CACHE_DIR: cacheDir,
    UV_PYTHON_DOWNLOADS: "never",
    UV_NO_PROGRESS: "1",
    NO_COLOR: "1",
  };
}

/** The pyproject.toml of a tiny `uv_build` package. */
export function tinyPyproject(spec: WheelSpec): string {
  const deps = (spec.dependencies ?? []).map((dep) => JSON.stringify(dep)).join(", ");
  return [
    "[project]",
    `name = ${JSON.stringify(spec.name)}`,
    `version = ${JSON.stringify(spec.version)}`,
    `requires-python = ${JSON.stringify(spec.requiresPython ?? ">=3.8")}`,
    `dependencies = [${deps}]`,
    "",
    ...(spec.optionalDependencies
      ? [
        "[project.optional-dependencies]",
        ...Object.entries(spec.optionalDependencies).map(([extra, reqs]) =>
          `${extra} = [${reqs.map((r) => JSON.stringify(r)).join(", ")}]`
        ),
        "",
      ]
      : []),
    "[build-system]",
    'requires = ["uv_build>=0.13.0,<0.14.0"]',
    'build-backend = "uv_build"',
    "",
  ].join("\n");
}

/** The import name `uv_build` expects for a distribution: `shared-lib` -> `shared_lib`. */
export function moduleName(name: string): string {
  return name.replace(/[-.]+/g, "_").toLowerCase();
}

/** Builds one wheel per spec into `outDir` (created if missing); returns the wheel paths. */
export async function buildFixtureWheels(
  outDir: string,
  specs: readonly WheelSpec[],
  options: BuildWheelsOptions = {},
): Promise<string[]> {
  await Deno.mkdir(outDir, { recursive: true });
  const sourceRoot = await Deno.makeTempDir({ prefix: "hpm-wheel-src-" });
  const cacheDir = options.cacheDir ?? await Deno.makeTempDir({ prefix: "hpm-uv-cache-" });
  const uv = options.uv ?? Deno.env.get("HPM_UV") ?? "uv";
  const wheels: string[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const dir = `${sourceRoot}/${index}-${moduleName(spec.name)}`;
      const moduleDir = `${dir}/src/${moduleName(spec.name)}`;
      await Deno.mkdir(moduleDir, { recursive: true });
      await Deno.writeTextFile(`${dir}/pyproject.toml`, tinyPyproject(spec));
      await Deno.writeTextFile(`${moduleDir}/__init__.py`, `__version__ = "${spec.version}"\n`);
      const output = await new Deno.Command(uv, {
        args: ["build", "--wheel", "--out-dir", outDir, dir],
        env: hermeticUvEnv(cacheDir),
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(output.stderr);
      if (!output.success) {
        throw new Error(`uv build of ${spec.name} ${spec.version} failed:\n${stderr}`);
      }
      const built = /Successfully built (.+\.whl)/.exec(stderr)?.[1];
      wheels.push(built ?? `${outDir}/${moduleName(spec.name)}-${spec.version}-py3-none-any.whl`);
    }
  } finally {
    await Deno.remove(sourceRoot, { recursive: true });
    if (!options.cacheDir) await Deno.remove(cacheDir, { recursive: true });
  }
  return wheels;
}
