/**
 * Whether setuptools would take a folder at the project root for a package of the project: its
 * automatic discovery in a flat layout (setuptools >= 61, `setuptools/discovery.py`) takes every
 * top-level directory whose name is a Python identifier and not one of the names it reserves
 * (`docs`, `tests`, `scripts`, ...; anything starting with `.` or `_`), with or without an
 * `__init__.py`. A `registry/` folder there then either breaks the build ("Multiple top-level
 * packages discovered in a flat-layout") or, next to a single module, replaces it in the wheel.
 *
 * Automatic discovery runs when the backend is setuptools (named, or the PEP 517 fallback when
 * `[build-system]` names none) and nothing lists the packages: no `packages`, `py-modules` or
 * `package-dir` under `[tool.setuptools]`, none in setup.cfg's `[options]` or in a setup.py call,
 * and no `src/` folder (that is setuptools' src-layout, which looks only there). The other
 * backends that find packages by themselves (hatchling, uv_build, flit_core, poetry-core,
 * pdm-backend) look for the project's own name or for `__init__.py`, so a registry folder is
 * invisible to them. Pure, apart from `readSetuptoolsLayout`.
 */
import { joinPath } from "../paths.ts";

/** The setuptools backend names (the modern one and the PEP 517 fallback). */
const SETUPTOOLS_BACKENDS = ["setuptools.build_meta", "setuptools.build_meta:__legacy__"];

/** Names setuptools' flat-layout discovery never takes for a top-level package. */
const RESERVED = new Set([
  "ci",
  "bin",
  "debian",
  "doc",
  "docs",
  "documentation",
  "manpages",
  "news",
  "newsfragments",
  "changelog",
  "test",
  "tests",
  "unit_test",
  "unit_tests",
  "example",
  "examples",
  "scripts",
  "tools",
  "util",
  "utils",
  "python",
  "build",
  "dist",
  "venv",
  "env",
  "requirements",
  "tasks",
  "fabfile",
  "site_scons",
  "benchmark",
  "benchmarks",
  "exercise",
  "exercises",
  "htmlcov",
]);

/** What decides setuptools' discovery, read from the project (see `readSetuptoolsLayout`). */
export interface LayoutFacts {
  /** The parsed pyproject.toml. */
  pyproject: Record<string, unknown>;
  /** The directories at the project root. */
  directories: string[];
  /** The text of setup.py and setup.cfg, when they exist. */
  setupPy?: string;
  setupCfg?: string;
}

/** How setuptools finds the project's packages. */
export type SetuptoolsLayout =
  | { auto: false }
  | {
    /** Flat-layout automatic discovery at the project root. */
    auto: true;
    /** The backend named in `[build-system]`, or undefined for the PEP 517 fallback. */
    backend?: string;
    /** The top-level directories it takes for packages now. */
    packages: string[];
  };

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python's `str.isidentifier()`, closely enough for folder names. */
function isIdentifier(name: string): boolean {
  return /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name);
}

/** Whether flat-layout discovery takes a top-level directory named `name` for a package. */
export function discoveredAsPackage(name: string): boolean {
  if (name.startsWith(".") || name.startsWith("_") || RESERVED.has(name)) return false;
  return isIdentifier(name) || name.endsWith("-stubs");
}

/** Whether setup.cfg's `[options]` section lists packages, modules or a package directory. */
function setupCfgLists(text: string): boolean {
  let inOptions = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) inOptions = section[1].trim() === "options";
    else if (inOptions && /^(packages|py_modules|package_dir)\s*[=:]/.test(line)) return true;
  }
  return false;
}

/**
 * Whether a setup.py passes packages, modules or a package directory to `setup()`. A text
 * search (hpm does not run Python): a mention is taken as a listing, so hpm errs towards
 * leaving the project's layout alone.
 */
function setupPyLists(text: string): boolean {
  return /\b(packages|py_modules|package_dir)\s*=/.test(text);
}

/** How setuptools would find the packages of the project these facts describe. */
export function setuptoolsLayout(facts: LayoutFacts): SetuptoolsLayout {
  const buildSystem = facts.pyproject["build-system"];
  const named = isTable(buildSystem) && typeof buildSystem["build-backend"] === "string"
    ? buildSystem["build-backend"]
    : undefined;
  if (named !== undefined && !SETUPTOOLS_BACKENDS.includes(named)) return { auto: false };
  // No [build-system] and no setup.py/setup.cfg: an application uv never builds (`uv init`'s
  // default); the guide's `registry/` stays the default there.
  if (
    !isTable(buildSystem) && facts.setupPy === undefined && facts.setupCfg === undefined
  ) return { auto: false };
  const tool = facts.pyproject.tool;
  const setuptools = isTable(tool) ? tool.setuptools : undefined;
  if (isTable(setuptools)) {
    for (const key of ["packages", "py-modules", "package-dir"]) {
      if (setuptools[key] !== undefined) return { auto: false };
    }
  }
  if (facts.setupCfg !== undefined && setupCfgLists(facts.setupCfg)) return { auto: false };
  if (facts.setupPy !== undefined && setupPyLists(facts.setupPy)) return { auto: false };
  if (facts.directories.includes("src")) return { auto: false };
  return {
    auto: true,
    ...(named !== undefined && { backend: named }),
    packages: facts.directories.filter(discoveredAsPackage).sort(),
  };
}

/** Reads the facts at `root` (its directories, setup.py, setup.cfg) and answers. */
export async function readSetuptoolsLayout(
  root: string,
  pyproject: Record<string, unknown>,
): Promise<SetuptoolsLayout> {
  const directories: string[] = [];
  for await (const entry of Deno.readDir(root)) {
    if (entry.isDirectory) directories.push(entry.name);
    else if (entry.isSymlink) {
      const target = await Deno.stat(joinPath(root, entry.name)).catch(() => undefined);
      if (target?.isDirectory) directories.push(entry.name);
    }
  }
  const read = (name: string) =>
    Deno.readTextFile(joinPath(root, name)).catch((error) => {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    });
  const [setupPy, setupCfg] = await Promise.all([read("setup.py"), read("setup.cfg")]);
  return setuptoolsLayout({
    pyproject,
    directories,
    ...(setupPy !== undefined && { setupPy }),
    ...(setupCfg !== undefined && { setupCfg }),
  });
}
