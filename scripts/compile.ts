/**
 * `deno task compile`: standalone hpm binaries with `deno compile`, into dist/, named
 * `hpm-<version>-<target>[.exe]`, with `hpm-<version>-SHA256SUMS` (sha256sum format).
 *
 *   deno task compile                      all five targets (needs dl.deno.land)
 *   deno task compile --target T [...]     some of them
 *   DENORT_BIN=/path/to/denort deno task compile [--target T]
 *                                          one target, from a local Deno runtime
 *   deno task compile --embedded-report    what a binary embeds, measured with this deno as a
 *                                          stand-in runtime; writes nothing to dist/
 *   --out DIR                              instead of <repo>/dist
 *
 * `deno compile` downloads the runtime (`denort`) of each target from dl.deno.land. Everything
 * is built in a staging directory and moved into dist/ only when every target and the
 * checksums are done, so a failure leaves no partial file behind. Only hpm's runtime npm
 * packages are embedded (`--exclude-unused-npm`, checked against deno.lock after each build).
 */

const REPO = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** The release targets: Linux x86-64 and arm64, macOS x86-64 and arm64, Windows x86-64. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;
export type Target = typeof TARGETS[number];

/** Imports in deno.json that only tests use: never embedded in a binary. */
export const TEST_ONLY_IMPORTS = ["@inquirer/testing"];

/** An embedded-files total above this means something that is not hpm got in. */
export const MAX_EMBEDDED_BYTES = 8 * 1024 * 1024;

/** A failure with the one thing to do about it. */
export class CompileError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** `hpm-0.1.0-x86_64-pc-windows-msvc.exe` */
export function binaryName(version: string, target: string): string {
  return `hpm-${version}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

export function checksumsName(version: string): string {
  return `hpm-${version}-SHA256SUMS`;
}

/** The denort download deno compile uses for `target`. */
export function denortUrl(denoVersion: string, target: string): string {
  return `https://dl.deno.land/release/v${denoVersion}/denort-${target}.zip`;
}

// ---------------------------------------------------------------------------------------------
// What a binary embeds: deno compile prints an "Embedded Files" tree; npm packages sit under
// .deno_compile_node_modules/localhost/.

/** The embedded npm packages and the total size, parsed from deno compile's report. */
export interface EmbeddedReport {
  packages: string[];
  /** All embedded files (hpm's modules, deno.json, npm packages). */
  totalBytes: number;
  /** The npm packages alone. */
  npmBytes: number;
  text: string;
}

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

function parseSize(text: string): number {
  const match = /^([\d.]+)(B|KB|MB|GB)$/.exec(text);
  return match ? Math.round(Number(match[1]) * UNITS[match[2]]) : NaN;
}

/** Parses the "Embedded Files" tree of `deno compile` (colours stripped). */
export function parseEmbeddedReport(text: string): EmbeddedReport {
  const packages = new Set<string>();
  const stack: Array<{ indent: number; name: string }> = [];
  let totalBytes = NaN;
  let npmBytes = 0;
  for (const line of text.split("\n")) {
    const total = /^Files: (\S+)/.exec(line);
    if (total) totalBytes = parseSize(total[1]);
    const node = /^([│├└─┬ ]*[├└]─[─┬] )(.+?) \(([\d.]+[KMG]?B)/.exec(line);
    if (!node) continue;
    const indent = node[1].length;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    stack.push({ indent, name: node[2] });
    const parts = stack.map((entry) => entry.name).join("/").split("/").filter((p) => p !== "*");
    if (parts[0] !== ".deno_compile_node_modules") continue;
    if (parts.length === 1) npmBytes = parseSize(node[3]);
    const at = parts.indexOf("localhost");
    if (at < 0) continue;
    const rest = parts.slice(at + 1);
    if (rest[0]?.startsWith("@")) {
      if (rest[1]) packages.add(`${rest[0]}/${rest[1]}`);
    } else if (rest[0]) packages.add(rest[0]);
  }
  return { packages: [...packages].sort(), totalBytes, npmBytes, text };
}

interface DenoConfig {
  version: string;
  imports: Record<string, string>;
}

interface Lockfile {
  specifiers: Record<string, string>;
  npm: Record<string, { dependencies?: string[] }>;
}

function packageName(key: string): string {
  const at = key.indexOf("@", 1);
  return at < 0 ? key : key.slice(0, at);
}

/** The npm packages hpm needs at run time: the lockfile closure of the non-test imports. */
export function runtimePackages(config: DenoConfig, lock: Lockfile): string[] {
  const keys = Object.keys(lock.npm);
  const resolve = (dependency: string): string | undefined =>
    lock.npm[dependency] ? dependency : keys.find((key) => packageName(key) === dependency);
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const [name, specifier] of Object.entries(config.imports)) {
    if (TEST_ONLY_IMPORTS.includes(name) || !specifier.startsWith("npm:")) continue;
    const version = lock.specifiers[specifier];
    const bare = specifier.slice(4);
    const key = version === undefined ? undefined : `${packageName(bare)}@${version}`;
    if (key && lock.npm[key]) queue.push(key);
  }
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const dependency of lock.npm[key].dependencies ?? []) {
      const found = resolve(dependency);
      if (found) queue.push(found);
    }
  }
  return [...new Set([...seen].map(packageName))].sort();
}

/** Refuses an embedded set with anything but runtime packages, or that is far too large. */
export function checkEmbedded(report: EmbeddedReport, allowed: string[]): void {
  const extra = report.packages.filter((name) => !allowed.includes(name));
  if (extra.length > 0) {
    throw new CompileError(
      `the binary would embed npm packages hpm does not use at run time: ${extra.join(", ")}`,
      `runtime packages are the closure of deno.json's imports minus ${
        TEST_ONLY_IMPORTS.join(", ")
      } in deno.lock; keep test-only packages out of what main.ts imports`,
    );
  }
  if (Number.isNaN(report.totalBytes)) {
    throw new CompileError(
      "cannot read the size of the embedded files from deno compile's report",
      "run with --verbose to see the report; its format may have changed with Deno",
    );
  }
  if (report.totalBytes > MAX_EMBEDDED_BYTES) {
    throw new CompileError(
      `the binary would embed ${(report.totalBytes / 1024 / 1024).toFixed(1)} MB of files ` +
        `(limit ${MAX_EMBEDDED_BYTES / 1024 / 1024} MB)`,
      "a node_modules directory or a package.json next to deno.json can pull in large " +
        "packages (the deno CLI binary itself is 95 MB); see the Embedded Files report",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// DENORT_BIN: a local runtime for one target.

/** The target a runtime binary is built for, read from its header, or undefined. */
export function binaryTarget(header: Uint8Array): Target | undefined {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length >= 20 && view.getUint32(0) === 0x7f454c46) {
    const machine = view.getUint16(18, true);
    if (machine === 0x3e) return "x86_64-unknown-linux-gnu";
    if (machine === 0xb7) return "aarch64-unknown-linux-gnu";
    return undefined;
  }
  if (header.length >= 8 && view.getUint32(0, true) === 0xfeedfacf) {
    const cpu = view.getUint32(4, true);
    if (cpu === 0x01000007) return "x86_64-apple-darwin";
    if (cpu === 0x0100000c) return "aarch64-apple-darwin";
    return undefined;
  }
  if (header.length >= 0x40 && header[0] === 0x4d && header[1] === 0x5a) {
    const pe = view.getUint32(0x3c, true);
    if (pe + 6 <= header.length && view.getUint32(pe) === 0x50450000) {
      return view.getUint16(pe + 4, true) === 0x8664 ? "x86_64-pc-windows-msvc" : undefined;
    }
  }
  return undefined;
}

async function readHeader(path: string): Promise<Uint8Array> {
  const file = await Deno.open(path);
  try {
    const buffer = new Uint8Array(4096);
    const n = await file.read(buffer);
    return buffer.subarray(0, n ?? 0);
  } finally {
    file.close();
  }
}

/**
 * Text only the deno CLI carries (the help of its `compile` subcommand): the runtime `denort`
 * has no subcommands, so a binary with it is the CLI, whatever its path or name.
 */
export const DENO_CLI_MARKER = "Compile the script into a self contained executable";

/** Whether `<binary> --version` printed the deno CLI's answer (`deno 2.9.6 (stable, ...)`). */
export function isDenoCliVersion(text: string): boolean {
  return /^deno \d+\.\d+\.\d+/m.test(text);
}

/** Whether the file at `path` contains `marker` (read in chunks, never whole). */
export async function fileContains(path: string, marker: string): Promise<boolean> {
  const needle = new TextEncoder().encode(marker);
  const file = await Deno.open(path);
  try {
    const chunk = new Uint8Array(1 << 20);
    let carry = new Uint8Array(0);
    while (true) {
      const n = await file.read(chunk);
      if (n === null) return false;
      const window = new Uint8Array(carry.length + n);
      window.set(carry);
      window.set(chunk.subarray(0, n), carry.length);
      let at = window.indexOf(needle[0]);
      while (at >= 0 && at + needle.length <= window.length) {
        if (needle.every((byte, i) => window[at + i] === byte)) return true;
        at = window.indexOf(needle[0], at + 1);
      }
      carry = window.slice(Math.max(0, window.length - needle.length + 1));
    }
  } finally {
    file.close();
  }
}

/**
 * Checks that DENORT_BIN can build `target`: it exists, it is a binary for the target, and it
 * is not the deno CLI: identified by what it is, not its path (a copy or a hard link of deno
 * is deno): its content, and, for this machine's target, what its `--version` prints.
 */
export async function checkDenort(path: string, target: string): Promise<void> {
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch {
    throw new CompileError(
      `DENORT_BIN=${path} does not exist`,
      "point DENORT_BIN at the unzipped denort binary, or unset it to download",
    );
  }
  const found = binaryTarget(await readHeader(real));
  if (found !== target) {
    throw new CompileError(
      `DENORT_BIN=${path} is ${found ? `a ${found} binary` : "not a binary deno can use"}, ` +
        `not one for ${target}`,
      `use the denort of ${target} (${denortUrl(Deno.version.deno, target)}), ` +
        `or pass --target ${found ?? "TARGET"}`,
    );
  }
  const notCli = `unzip ${denortUrl(Deno.version.deno, target)} and point DENORT_BIN at the ` +
    "denort in it";
  if (await fileContains(real, DENO_CLI_MARKER)) {
    throw new CompileError(
      `DENORT_BIN=${path} is the deno CLI (it has deno's subcommands), not the denort ` +
        "runtime: the result would be deno itself",
      notCli,
    );
  }
  if (target !== Deno.build.target) return; // it cannot run here
  let text: string;
  try {
    const output = await new Deno.Command(real, {
      args: ["--version"],
      clearEnv: true,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(10_000),
    }).output();
    text = decoder.decode(output.stdout) + decoder.decode(output.stderr);
  } catch (error) {
    throw new CompileError(
      `DENORT_BIN=${path} cannot be run: ${error instanceof Error ? error.message : error}`,
      notCli,
    );
  }
  if (isDenoCliVersion(text)) {
    throw new CompileError(
      `DENORT_BIN=${path} is the deno CLI ('--version' says '${text.split("\n")[0]}'), not ` +
        "the denort runtime: the result would be deno itself",
      notCli,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Building.

interface Options {
  targets: Target[];
  out: string;
  embeddedReport: boolean;
  verbose: boolean;
}

export function parseOptions(args: string[], denort: string | undefined): Options {
  const options: Options = {
    targets: [],
    out: `${REPO}/dist`,
    embeddedReport: false,
    verbose: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) {
        throw new CompileError(`${arg} needs a value`, "see scripts/compile.ts");
      }
      return next;
    };
    if (arg === "--target") {
      const target = value();
      if (!(TARGETS as readonly string[]).includes(target)) {
        throw new CompileError(`unknown target '${target}'`, `targets: ${TARGETS.join(", ")}`);
      }
      options.targets.push(target as Target);
    } else if (arg === "--out") options.out = value();
    else if (arg === "--embedded-report") options.embeddedReport = true;
    else if (arg === "--verbose") options.verbose = true;
    else {throw new CompileError(
        `unknown argument '${arg}'`,
        "see the comment atop scripts/compile.ts",
      );}
  }
  if (options.targets.length === 0) {
    options.targets = denort || options.embeddedReport
      ? [Deno.build.target as Target]
      : [...TARGETS];
  }
  if ((denort || options.embeddedReport) && options.targets.length > 1) {
    throw new CompileError(
      `${options.embeddedReport ? "--embedded-report" : "DENORT_BIN"} builds one target, ` +
        `not ${options.targets.length}`,
      "pass one --target (DENORT_BIN is the runtime of one target)",
    );
  }
  return options;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(path)) as T;
}

const decoder = new TextDecoder();

/** Runs deno compile for one target; returns its report, or throws a CompileError. */
async function compileOne(
  target: Target,
  output: string,
  env: Record<string, string>,
): Promise<EmbeddedReport> {
  // deno.json asks for lazy dynamic imports (faster start-up of `deno run`), but with that
  // setting deno compile leaves every dynamically imported module, and so every command and npm
  // package, out of the binary. Compile with the same config minus that setting.
  const config = `${REPO}/.deno.compile.${Deno.pid}.json`;
  const settings = await readJson<Record<string, unknown>>(`${REPO}/deno.json`);
  delete settings.unstable;
  await Deno.writeTextFile(config, JSON.stringify(settings, null, 2));
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command(Deno.execPath(), {
      args: [
        "compile",
        "--allow-all",
        "--frozen",
        "--exclude-unused-npm",
        "--config",
        config,
        "--target",
        target,
        "--output",
        output,
        "main.ts",
      ],
      cwd: REPO,
      // DENORT_BIN only when given here: an empty one in this environment is unset.
      env: { ...withoutDenort(Deno.env.toObject()), NO_COLOR: "1", ...env },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
  } finally {
    await Deno.remove(config).catch(() => {});
  }
  const text = decoder.decode(result.stdout) + decoder.decode(result.stderr);
  if (result.success) return parseEmbeddedReport(text);
  const url = denortUrl(Deno.version.deno, target);
  if (text.includes(`denort-${target}`)) {
    const cause = /error sending request[^\n]*|HTTP status[^\n]*|\d{3} [A-Z][^\n]*/.exec(text);
    throw new CompileError(
      `cannot get the Deno runtime (denort ${Deno.version.deno}) for ${target}: ` +
        `deno compile downloads it from dl.deno.land, which this machine cannot reach\n` +
        `  deno said: ${cause ? cause[0] : text.trim().split("\n").slice(-3).join(" ")}`,
      `run 'deno task compile' on a machine with internet access (the release workflow ` +
        `does), or download ${url} elsewhere, unzip it, and run\n` +
        `  DENORT_BIN=/path/to/denort deno task compile --target ${target}`,
    );
  }
  throw new CompileError(
    `deno compile failed for ${target}:\n${text.trim()}`,
    env.DENORT_BIN
      ? `deno compile could not build on DENORT_BIN=${env.DENORT_BIN}: use the denort of ` +
        `Deno ${Deno.version.deno} for ${target} (unzip ${url})`
      : /\bTS\d{4}\b|Type checking failed/.test(text)
      ? "fix the type errors above ('deno check main.ts' shows them)"
      : "the message above is deno compile's; run with --verbose for its whole report",
  );
}

function withoutDenort(env: Record<string, string>): Record<string, string> {
  delete env.DENORT_BIN;
  return env;
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What was allowed and measured, for `--embedded-report`. */
export interface Measurement {
  target: string;
  packages: string[];
  runtimePackages: string[];
  embeddedBytes: number;
  npmBytes: number;
}

/** Builds with this deno as a stand-in runtime into a temporary directory, and deletes it. */
async function measure(target: Target, allowed: string[]): Promise<Measurement> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-embedded-" });
  try {
    // The output is the deno CLI with hpm attached: only the report is kept, never the file.
    const report = await compileOne(target, `${dir}/measure`, { DENORT_BIN: Deno.execPath() });
    checkEmbedded(report, allowed);
    return {
      target,
      packages: report.packages,
      runtimePackages: allowed,
      embeddedBytes: report.totalBytes,
      npmBytes: report.npmBytes,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Builds every target into a staging directory, then moves the results into `out`. */
async function build(
  options: Options,
  version: string,
  allowed: string[],
  denort: string | undefined,
): Promise<string[]> {
  if (denort) await checkDenort(denort, options.targets[0]);
  const createdOut = !(await exists(options.out));
  await Deno.mkdir(options.out, { recursive: true });
  const staging = await Deno.makeTempDir({ dir: options.out, prefix: ".compile-" });
  const cleanup = async () => {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    if (createdOut) await Deno.remove(options.out).catch(() => {}); // only when empty
  };
  const onSignal = () => {
    cleanup().finally(() => Deno.exit(130));
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  try {
    const names: string[] = [];
    for (const target of options.targets) {
      const name = binaryName(version, target);
      const report = await compileOne(
        target,
        `${staging}/${name}`,
        denort ? { DENORT_BIN: denort } : {},
      );
      if (options.verbose) console.error(report.text);
      checkEmbedded(report, allowed);
      const size = (await Deno.stat(`${staging}/${name}`)).size;
      console.error(
        `built ${name} (${megabytes(size)}; embeds ${megabytes(report.totalBytes)}, ` +
          `npm ${megabytes(report.npmBytes)}: ` +
          `${report.packages.join(", ")})`,
      );
      names.push(name);
    }
    const sums = [];
    for (const name of names) sums.push(`${await sha256(`${staging}/${name}`)}  ${name}\n`);
    const checksums = checksumsName(version);
    await Deno.writeTextFile(`${staging}/${checksums}`, sums.join(""));
    for (const name of [...names, checksums]) {
      await Deno.rename(`${staging}/${name}`, `${options.out}/${name}`);
    }
    return [...names, checksums];
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

async function main(args: string[]): Promise<number> {
  const denort = Deno.env.get("DENORT_BIN") || undefined; // DENORT_BIN= is unset
  const options = parseOptions(args, denort);
  const config = await readJson<DenoConfig>(`${REPO}/deno.json`);
  const allowed = runtimePackages(config, await readJson<Lockfile>(`${REPO}/deno.lock`));
  if (options.embeddedReport) {
    const measurement = await measure(options.targets[0], allowed);
    console.log(JSON.stringify(measurement, null, 2));
    return 0;
  }
  const written = await build(options, config.version, allowed, denort);
  for (const name of written) console.log(`${options.out}/${name}`);
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    console.error(`error: ${error.message}\nhint: ${error.hint}`);
    console.error("nothing was written to the output directory");
    Deno.exit(1);
  }
}
