/**
 * End-to-end test support: run the real hpm CLI as a user would, on temporary copies of the
 * fixture projects, with real uv kept hermetic (offline, its own cache, no Python downloads).
 *
 * HPM_TEST_CMD selects what runs (default `deno run -A <repo>/main.ts`), so the same suite can
 * run against a bundle or a compiled binary, e.g. HPM_TEST_CMD="deno run -A dist/hpm.js".
 */
import { fromFileUrl } from "./paths.ts";
export { removing } from "./temp.ts";

/** The repository root. */
export const REPO = fromFileUrl(new URL("../../", import.meta.url)).replace(/\/$/, "");
/** The fixtures directory. */
export const FIXTURES = `${REPO}/registry-fixtures`;

/** The shared uv cache of the test suite (warm after the first run; git-ignored). */
export const UV_CACHE = Deno.env.get("HPM_TEST_UV_CACHE") ?? `${REPO}/.tools/uv-cache`;

/**
 * The registry cache of this test process (HPM_CACHE_DIR of every hpm run, and of in-process
 * loads in the unit tests that set it): tests share nothing with the user's cache.
 */
export const TEST_CACHE_DIR = Deno.makeTempDirSync({ prefix: "hpm-test-cache-" });
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(TEST_CACHE_DIR, { recursive: true });
  } catch {
    // Already gone.
  }
});

/** What a finished hpm run left behind. */
export interface HpmResult {
  code: number;
  stdout: string;
  stderr: string;
}

function hpmCommand(): string[] {
  const custom = Deno.env.get("HPM_TEST_CMD");
  if (custom) return custom.split(" ").filter(Boolean);
  return [Deno.execPath(), "run", "-A", "--quiet", `${REPO}/main.ts`];
}

/**
 * The environment every hpm run in the tests gets: hermetic uv, its own registry cache, no
 * colour, no terminal.
 */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NO_COLOR: "1",
    HPM_CACHE_DIR: TEST_CACHE_DIR,
    UV_CACHE_DIR: UV_CACHE,
    UV_OFFLINE: "1",
    UV_PYTHON_DOWNLOADS: "never",
    UV_NO_PROGRESS: "1",
    ...extra,
  };
}

/** Runs hpm with `args` in `cwd`; never throws on a non-zero exit. */
export async function hpm(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<HpmResult> {
  const output = await spawnHpm(args, options).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: withoutDenoDownloads(decoder.decode(output.stderr)),
  };
}

/**
 * stderr without Deno's own `Download https://...` lines. Run from JSR (`deno run -A
 * --no-config jsr:@hpm/cli`, no --quiet, as users type it), Deno fetches each command's module
 * the first time that command runs and says so; which test is first depends on the order the
 * tests run in, so these lines are not hpm's output to assert on. (From source, --quiet hides
 * them.)
 */
function withoutDenoDownloads(stderr: string): string {
  return stderr.replace(/^Download https?:\/\/\S+\n/gm, "");
}

/** Copies a fixture directory (e.g. `seed-project`) into a fresh temporary directory. */
export async function copyFixture(name: string): Promise<string> {
  const target = await Deno.makeTempDir({ prefix: `hpm-${name.replaceAll("/", "-")}-` });
  await copyDir(`${FIXTURES}/${name}`, target);
  return target;
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === ".venv" || entry.name === "__pycache__") continue;
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyDir(source, target);
    else await Deno.copyFile(source, target);
  }
}

/** Reads a file as text, or null when it does not exist. */
export async function readOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Starts hpm without waiting (for signals and concurrency); output is piped. */
export function spawnHpm(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Deno.ChildProcess {
  const [program, ...prefix] = hpmCommand();
  return new Deno.Command(program, {
    args: [...prefix, ...args],
    cwd: options.cwd,
    env: testEnv(options.env),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/**
 * Writes an executable `hpm` into `dir` that runs the hpm under test (HPM_TEST_CMD, else the
 * source) with the arguments it is given, so a shell script can call `hpm` as a user types it.
 * Returns its path; put `dir` first on PATH.
 */
export async function writeHpmShim(dir: string): Promise<string> {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const path = `${dir}/hpm`;
  await Deno.writeTextFile(path, `#!/bin/sh\nexec ${hpmCommand().map(quote).join(" ")} "$@"\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

/** What a spawned hpm printed on stderr up to a line that was awaited, and the rest of its run. */
export interface AwaitedOutput {
  /** stderr read until the awaited text appeared. */
  seen: string;
  /** The rest of the run once it ends: its exit code, its whole stdout and the rest of stderr. */
  rest: Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * Reads `child`'s stderr until `pattern` matches what it printed so far (a fact to wait on,
 * instead of a sleep); throws with what it printed when the child ends or `timeoutMs` passes
 * first. The child's stdout and the rest of its stderr are collected in `rest`.
 */
export async function stderrUntil(
  child: Deno.ChildProcess,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<AwaitedOutput> {
  const stdout = new Response(child.stdout).text();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no ${pattern} on stderr after ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
  });
  try {
    while (!pattern.test(seen)) {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`hpm ended before printing ${pattern}; its stderr:\n${seen}`);
      seen += value;
    }
  } finally {
    clearTimeout(timer);
  }
  const rest = (async () => {
    let stderr = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    return { code: (await child.status).code, stdout: await stdout, stderr };
  })();
  return { seen, rest };
}
