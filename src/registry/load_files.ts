/**
 * The thin I/O around the pure registry parsers: find the files, read them, check. Loaded by
 * `load.ts` only when its cache (`cache/read.ts`) cannot answer, with the YAML reader and the
 * validators behind it.
 */
import { HpmError, type Problem } from "../errors.ts";
import { displayPath, fileStem, joinPath, pathExists, resolvePath } from "../paths.ts";
import { readGroup } from "./manifest/group.ts";
import { readPackage } from "./manifest/package.ts";
import { registryFileNames } from "./cache/read.ts";
import { readRegularFileSync, UnreadableFile } from "../fs/regular_file.ts";
import type { Group, LoadedRegistry, Package, Registry } from "./types.ts";
import { crossCheck, localSourcePaths } from "./validate.ts";
import { filesWithErrors, impliesBroken } from "./broken.ts";
import { compareProblems, fileProblem, MAX_YAML_BYTES } from "./yaml/doc.ts";
import { readYaml } from "./yaml/read.ts";

const NOT_FOUND_HINT =
  "pass the registry with '-r/--registry PATH', set 'registry' under '[tool.hpm]' in " +
  "pyproject.toml, or create one with 'hpm init'";

async function requireDirectory(path: string, what: string, root: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    const message = what === "registry"
      ? `registry not found: ${displayPath(path)} does not exist`
      : `not a registry: ${displayPath(root)} has no ${what}/ directory (looked for ${
        displayPath(path)
      })`;
    throw new HpmError(message, { code: "registry-not-found", hint: NOT_FOUND_HINT, cause: error });
  }
  if (!info.isDirectory) {
    throw new HpmError(`not a registry: ${displayPath(path)} is not a directory`, {
      code: "registry-not-found",
      hint: NOT_FOUND_HINT,
    });
  }
}

interface RegistryFile {
  file: string;
  display: string;
}

/** The `.yaml` / `.yml` files directly in `dir`, sorted by name (as the cache lists them). */
function listYaml(dir: string, cwd: string): RegistryFile[] {
  const names = registryFileNames(dir);
  // One displayPath per directory: computing it per file costs more than parsing some of them.
  const shown = displayPath(dir, cwd);
  // `dir` is absolute and normalized and a name holds no `/`: plain concatenation is the join.
  const base = dir.endsWith("/") ? dir : `${dir}/`;
  return names.map((name) => ({ file: base + name, display: `${shown}/${name}` }));
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a file as UTF-8 text, or says why it cannot be used. Synchronous on purpose: for
 * 10,000 manifests a loop of `readFileSync` took about half the time of `Promise.all` over
 * `Deno.readFile` (2 cores, local disk). Counts the files that could not be read in `failures`.
 */
function readText(
  { file: path, display }: RegistryFile,
  failures: { count: number },
): string | Problem {
  let bytes: Uint8Array;
  try {
    // Only a regular file, its size checked before it is read: a FIFO would hang the command,
    // a link to /dev/zero exhaust its memory.
    bytes = readRegularFileSync(path, MAX_YAML_BYTES);
  } catch (error) {
    if (error instanceof UnreadableFile && error.reason === "large") {
      return fileProblem(
        display,
        `file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB; not read`,
        "a registry file describes one group or package and is a few hundred bytes",
      );
    }
    failures.count++;
    if (error instanceof UnreadableFile) {
      return fileProblem(
        display,
        `${error.message}; not read`,
        "a registry holds only regular .yaml files: remove this entry",
      );
    }
    return fileProblem(display, `cannot read the file: ${(error as Error).message}`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return fileProblem(display, "file is not valid UTF-8 text", "save it as UTF-8");
  }
}

/**
 * Loads the registry at `root`: every group and package file, read, parsed and
 * cross-checked. Problems (all of them, sorted by file and line) are returned, not thrown;
 * only a missing registry or a missing `groups/` or `packages/` directory throws
 * (`registry-not-found`, exit 2).
 */
export async function loadRegistryFiles(
  root: string,
  cwd: string = Deno.cwd(),
): Promise<LoadedRegistry> {
  const absolute = resolvePath(cwd, root);
  await requireDirectory(absolute, "registry", absolute);
  const groupsDir = joinPath(absolute, "groups");
  const packagesDir = joinPath(absolute, "packages");
  await Promise.all([
    requireDirectory(groupsDir, "groups", absolute),
    requireDirectory(packagesDir, "packages", absolute),
  ]);
  // Listing and reading are synchronous: with thousands of small files, one promise per
  // entry costs more than the I/O it would overlap (see docs/performance.md).
  const groupFiles = listYaml(groupsDir, cwd);
  const packageFiles = listYaml(packagesDir, cwd);
  const failures = { count: 0 };
  const readAll = (files: RegistryFile[]) => files.map((file) => readText(file, failures));
  const groupTexts = readAll(groupFiles);
  const packageTexts = readAll(packageFiles);

  const problems: Problem[] = [];
  const groups: Group[] = [];
  const groupDisplays: string[] = [];
  const unreadableGroups = new Set<string>();
  for (let i = 0; i < groupFiles.length; i++) {
    const { file, display } = groupFiles[i];
    const text = groupTexts[i];
    const result = typeof text === "string"
      ? readGroup(await readYaml(text, file, display), file)
      : { group: undefined, problems: [text] };
    for (const problem of result.problems) problems.push(problem);
    if (result.group) {
      groups.push(result.group);
      groupDisplays.push(display);
    } else unreadableGroups.add(fileStem(file));
  }
  const packages: Package[] = [];
  const packageDisplays: string[] = [];
  const unreadablePackages = new Set<string>();
  for (let i = 0; i < packageFiles.length; i++) {
    const { file, display } = packageFiles[i];
    const text = packageTexts[i];
    const result = typeof text === "string"
      ? readPackage(await readYaml(text, file, display), file)
      : { pkg: undefined, problems: [text] };
    for (const problem of result.problems) problems.push(problem);
    // A manifest with an error is not used, even when its essentials could be read.
    if (result.pkg && !result.problems.some((p) => p.severity === "error")) {
      packages.push(result.pkg);
      packageDisplays.push(display);
    } else unreadablePackages.add(fileStem(file));
  }

  const paths = localSourcePaths(packages);
  // Missing or unreadable: reported as missing. Synchronous on purpose: for 10,000 paths, a
  // loop of `statSync` took 40 ms here and `Promise.all` over `Deno.stat` 220 ms.
  const found = paths.map(pathExists);
  const existing = new Set(paths.filter((_, i) => found[i]));
  const exists = (path: string) => existing.has(path);
  for (
    const problem of crossCheck(groups, packages, exists, { unreadablePackages, unreadableGroups })
  ) {
    problems.push(problem);
  }
  // A file with an error is left out (a command that needs it fails naming it: context.ts),
  // and so is a group whose implications lead into a group left out.
  let broken = filesWithErrors(problems);
  const usableGroups = new Map<string, { group: Group; display: string }>();
  const brokenGroups = new Set<string>();
  groups.forEach((group, i) => {
    const display = groupDisplays[i];
    if (broken.has(display)) brokenGroups.add(group.name);
    else if (!usableGroups.has(group.name)) usableGroups.set(group.name, { group, display });
  });
  for (const problem of impliesBroken(usableGroups, brokenGroups)) problems.push(problem);
  broken = filesWithErrors(problems);
  problems.sort(compareProblems);
  const registry: Registry = { root: absolute, groups: new Map(), packages: new Map(), problems };
  for (const [name, { group, display }] of usableGroups) {
    if (!broken.has(display)) registry.groups.set(name, group);
  }
  packages.forEach((pkg, i) => {
    if (broken.has(packageDisplays[i]) || registry.packages.has(pkg.name)) return;
    registry.packages.set(pkg.name, pkg);
  });
  const localPaths = paths.map((path, i): [string, boolean] => [path, found[i]]);
  return { registry, localPaths, unreadable: failures.count };
}
