/**
 * hpm's benchmark suite (`deno task bench`): whole-process runs of hpm side by side with what it
 * is compared to, interleaved (every round runs each compared command once, in a rotating
 * order, so drift in machine load hits all of them alike), after warm-up rounds; medians and
 * ratios are printed and written to BENCHMARKS.md with the machine and the versions.
 *
 *   deno task bench [NAME...] [--runs N] [--warmup N] [--only NAME[,NAME]] [--no-write]
 *
 * NAME is one of startup, scale, sync, check, check-packaged, check-packaged-index, bundle, jsr
 * (`deno task bench check-packaged` runs that section alone; check-packaged-index needs the
 * network and is left out, with a note, when pypi.org does not answer). Everything runs in a
 * temporary directory:
 * generated registries (scripts/gen_registry.ts: 1,000 and 10,000 manifests, 100 and 1,000
 * groups) and copies of registry-fixtures/seed-project, with uv kept hermetic as in the tests
 * (UV_OFFLINE=1, the shared cache in .tools/uv-cache, no Python downloads) and hpm's registry
 * cache in the work directory (HPM_CACHE_DIR). Needs deno and uv
 * on PATH (`source scripts/bootstrap.sh` installs both). HPM_BENCH_CMD runs another build of
 * hpm, e.g. HPM_BENCH_CMD="deno run -A /elsewhere/main.ts" to measure an older checkout.
 */
import { interpreterUsed } from "../src/uv/interpreter.ts";

const REPO = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");
const SEED = `${REPO}/registry-fixtures/seed-project`;
const BUNDLE = `${REPO}/dist/hpm.bundle.js`;
const SECTIONS = [
  "startup",
  "scale",
  "sync",
  "check",
  "check-packaged",
  "check-packaged-index",
  "bundle",
  "jsr",
] as const;
type Section = typeof SECTIONS[number];

interface Options {
  runs: number;
  warmup: number;
  only: Set<Section>;
  write: boolean;
}

function parseOptions(args: string[]): Options {
  const options: Options = { runs: 15, warmup: 3, only: new Set(SECTIONS), write: true };
  const named: Section[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) fail(`${arg} needs a value`);
      return next;
    };
    if (arg === "--runs") options.runs = positive(arg, value());
    else if (arg === "--warmup") options.warmup = positive(arg, value(), 0);
    else if (arg === "--only") {
      const names = value().split(",");
      for (const name of names) {
        if (!(SECTIONS as readonly string[]).includes(name)) {
          fail(`unknown section '${name}'; sections: ${SECTIONS.join(", ")}`);
        }
      }
      options.only = new Set(names as Section[]);
    } else if (arg === "--no-write") options.write = false;
    else if ((SECTIONS as readonly string[]).includes(arg)) named.push(arg as Section);
    else fail(`unknown argument '${arg}'`);
  }
  if (named.length) options.only = new Set(named);
  return options;
}

function positive(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) fail(`${flag} needs an integer >= ${min}`);
  return value;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  console.error(
    "usage: deno task bench [NAME...] [--runs N] [--warmup N] [--only NAME[,NAME]] [--no-write]",
  );
  Deno.exit(2);
}

// ---- running and timing processes ----

/** One process: program and arguments, where it runs. */
interface Step {
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Expected exit code (default 0): a benchmark of a failing command measures nothing. */
  code?: number;
}

/** A compared command: one or more processes run one after the other and timed together. */
interface Subject {
  label: string;
  steps: Step[];
  /** Untimed preparation before every run (e.g. a fresh copy of a project). */
  setup?: () => Promise<void>;
}

// uv from PATH, else the pinned one scripts/bootstrap.sh installs into .tools/.
const TOOLS_UV = `${REPO}/.tools/uv/bin`;
const PATH = [TOOLS_UV, Deno.env.get("PATH") ?? ""].join(Deno.build.os === "windows" ? ";" : ":");

const ENV: Record<string, string> = {
  PATH,
  NO_COLOR: "1",
  UV_CACHE_DIR: Deno.env.get("HPM_TEST_UV_CACHE") ?? `${REPO}/.tools/uv-cache`,
  UV_OFFLINE: "1",
  UV_PYTHON_DOWNLOADS: "never",
  UV_NO_PROGRESS: "1",
};

async function runStep(step: Step): Promise<void> {
  const output = await new Deno.Command(step.argv[0], {
    args: step.argv.slice(1),
    cwd: step.cwd,
    env: { ...ENV, ...step.env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const expected = step.code ?? 0;
  if (output.code !== expected) {
    throw new Error(
      `'${step.argv.join(" ")}' in ${step.cwd} exited ${output.code} (expected ${expected}):\n` +
        new TextDecoder().decode(output.stderr),
    );
  }
}

async function timeOnce(subject: Subject): Promise<number> {
  await subject.setup?.();
  const started = performance.now();
  for (const step of subject.steps) await runStep(step);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians (ms) of `subjects`, measured interleaved: round r starts at subject r mod n. */
async function measure(subjects: Subject[], options: Options): Promise<number[]> {
  const times: number[][] = subjects.map(() => []);
  const rounds = options.warmup + options.runs;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const index = (round + k) % subjects.length;
      const ms = await timeOnce(subjects[index]);
      if (round >= options.warmup) times[index].push(ms);
    }
    Deno.stderr.writeSync(new TextEncoder().encode("."));
  }
  Deno.stderr.writeSync(new TextEncoder().encode("\n"));
  return times.map(median);
}

// ---- the table ----

interface Row {
  measurement: string;
  median: string;
  versus: string;
  result: string;
  goal: string;
  met: boolean | null;
}

const rows: Row[] = [];

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

function addRatio(
  measurement: string,
  value: number,
  versus: string,
  base: number,
  limit: number | null,
): void {
  const ratio = value / base;
  rows.push({
    measurement,
    median: ms(value),
    versus: `${versus}: ${ms(base)}`,
    result: `${ratio.toFixed(2)}x`,
    goal: limit === null ? "(no goal)" : `<= ${limit}x`,
    met: limit === null ? null : ratio <= limit,
  });
  printRow(rows[rows.length - 1]);
}

function addOverhead(
  measurement: string,
  value: number,
  versus: string,
  base: number,
  limit: number | null,
) {
  const over = value - base;
  rows.push({
    measurement,
    median: ms(value),
    versus: `${versus}: ${ms(base)}`,
    result: `${over < 0 ? "-" : "+"}${ms(Math.abs(over))}`,
    goal: limit === null ? "(no goal)" : `<= +${limit} ms`,
    met: limit === null ? null : over <= limit,
  });
  printRow(rows[rows.length - 1]);
}

function addAbsolute(measurement: string, value: number, limit: number | null) {
  rows.push({
    measurement,
    median: ms(value),
    versus: "",
    result: ms(value),
    goal: limit === null ? "(no goal)" : `< ${ms(limit)}`,
    met: limit === null ? null : value < limit,
  });
  printRow(rows[rows.length - 1]);
}

function addNote(measurement: string, note: string) {
  rows.push({ measurement, median: "-", versus: note, result: "-", goal: "-", met: null });
  printRow(rows[rows.length - 1]);
}

function status(row: Row): string {
  return row.met === null ? "" : row.met ? "met" : "NOT MET";
}

function printRow(row: Row): void {
  console.log(
    `  ${row.measurement.padEnd(46)} ${row.median.padStart(9)}  ${row.result.padStart(9)}  ` +
      `${row.goal.padEnd(11)} ${status(row).padEnd(7)}  ${row.versus}`,
  );
}

function markdownTable(): string {
  const lines = [
    "| measurement | median | compared with (median) | result | goal | |",
    "| --- | ---: | --- | ---: | --- | --- |",
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.measurement} | ${row.median} | ${row.versus} | ${row.result} | ${row.goal} | ${
        status(row)
      } |`,
    );
  }
  return lines.join("\n");
}

// ---- the setup ----

function hpmArgv(): string[] {
  const custom = Deno.env.get("HPM_BENCH_CMD");
  if (custom) return custom.split(" ").filter(Boolean);
  return [Deno.execPath(), "run", "-A", `${REPO}/main.ts`];
}

async function run(argv: string[], cwd: string): Promise<string> {
  const output = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd,
    env: ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new Error(`'${argv.join(" ")}' failed:\n${decoder.decode(output.stderr)}`);
  }
  return decoder.decode(output.stdout).trim();
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyTree(source, target);
    else if (entry.isSymlink) await Deno.symlink(await Deno.readLink(source), target);
    else await Deno.copyFile(source, target);
  }
}

async function fresh(from: string, to: string): Promise<void> {
  await Deno.remove(to, { recursive: true }).catch(() => {});
  await copyTree(from, to);
}

async function machine(): Promise<string[]> {
  const memory = Deno.systemMemoryInfo();
  let uv: string;
  try {
    uv = await run(["uv", "--version"], REPO);
  } catch {
    fail("uv not found: run 'source scripts/bootstrap.sh' (it installs the pinned uv), then again");
  }
  let commit = "unknown";
  try {
    commit = await run(["git", "rev-parse", "--short", "HEAD"], REPO);
    if (await run(["git", "status", "--porcelain", "--untracked-files=no"], REPO)) {
      commit += " (with uncommitted changes)";
    }
  } catch { /* not a git checkout */ }
  let cpu = "";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? "";
  } catch { /* not Linux */ }
  return [
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}`,
    `- machine: ${navigator.hardwareConcurrency} CPUs (nproc)${cpu ? `, ${cpu}` : ""}, ` +
    `${(memory.total / 2 ** 30).toFixed(1)} GiB memory`,
    `- OS: ${Deno.build.os} ${Deno.osRelease()} (${Deno.build.arch})`,
    `- deno ${Deno.version.deno} (V8 ${Deno.version.v8}), ${uv}`,
    `- hpm: \`${hpmArgv().join(" ").replaceAll(REPO, "<repo>")}\`; repository at commit ${commit}`,
  ];
}

// ---- the measurements ----

/** hpm's registry cache off: every run reads and validates the registry (the cold path). */
const NO_CACHE = { HPM_NO_CACHE: "1" };

/**
 * Waits until files written now are old enough for hpm to cache the registry they belong to
 * (it writes no cache while a registry file changed in the last 3 s), then runs `argv` once
 * in each directory so that the cache is written before the measured runs.
 */
async function settle(argv: string[], dirs: string[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 3200));
  for (const dir of dirs) await run(argv, dir);
}

async function startup(work: string, options: Options, hpm: string[]): Promise<void> {
  console.log("start-up (seed example) against an empty Deno program");
  const project = `${work}/seed`;
  await fresh(SEED, project);
  await settle([...hpm, "list"], [project]);
  const empty = `${work}/empty.ts`;
  const subjects: Subject[] = [
    { label: "empty", steps: [{ argv: [Deno.execPath(), "run", "-A", empty], cwd: project }] },
    { label: "version", steps: [{ argv: [...hpm, "--version"], cwd: project }] },
    { label: "list", steps: [{ argv: [...hpm, "list"], cwd: project }] },
    { label: "list, no cache", steps: [{ argv: [...hpm, "list"], cwd: project, env: NO_CACHE }] },
  ];
  // Start-up runs are short and the most sensitive to other load: twice the rounds.
  const [floor, version, list, cold] = await measure(subjects, {
    ...options,
    runs: options.runs * 2,
  });
  addRatio("hpm --version", version, "empty Deno program", floor, 1.5);
  addRatio("hpm list (seed example)", list, "empty Deno program", floor, 2.0);
  addRatio("hpm list (seed example), HPM_NO_CACHE=1", cold, "empty Deno program", floor, null);
}

async function scale(work: string, options: Options, hpm: string[]): Promise<void> {
  console.log("scale: generated registries");
  const sizes = [[1000, 100], [10000, 1000]] as const;
  for (const [packages, groups] of sizes) {
    await run([
      Deno.execPath(),
      "run",
      "-A",
      `${REPO}/scripts/gen_registry.ts`,
      `${work}/r${packages}`,
      "--packages",
      String(packages),
      "--groups",
      String(groups),
    ], REPO);
  }
  const dirs = sizes.map(([packages]) => `${work}/r${packages}`);
  await settle([...hpm, "list", "-r", "registry"], dirs);
  for (const command of [["registry", "validate"], ["list"]]) {
    for (const env of [undefined, NO_CACHE]) {
      // The goals are on the runs with the cache (written above); without it, no goal.
      const name = `hpm ${command.join(" ")}` + (env ? ", HPM_NO_CACHE=1" : "");
      const [small, large] = await measure(
        sizes.map(([packages]) => ({
          label: `${name} ${packages}`,
          steps: [{
            argv: [...hpm, ...command, "-r", "registry"],
            cwd: `${work}/r${packages}`,
            env,
          }],
        })),
        { ...options, runs: Math.max(3, Math.ceil(options.runs / 2)), warmup: 1 },
      );
      addAbsolute(`${name}, 10,000 manifests / 1,000 groups`, large, env ? null : 1000);
      addRatio(`${name}, 10k / 1k`, large, "1,000 manifests / 100 groups", small, env ? null : 12);
    }
  }
}

/** A copy of the seed project with the demo's selection recorded (not synced). */
async function selectedProject(work: string, hpm: string[]): Promise<string> {
  const template = `${work}/selected`;
  await fresh(SEED, template);
  await run([...hpm, "group", "add", "inference", "--option", "vlm-adapter-qwen"], template);
  await run([...hpm, "group", "add", "metrics", "--option", "metric-accuracy"], template);
  return template;
}

async function sync(work: string, options: Options, hpm: string[]): Promise<void> {
  console.log("sync: no-op and first sync");
  const selected = await selectedProject(work, hpm);
  const synced = `${work}/synced`;
  await fresh(selected, synced);
  await run([...hpm, "sync"], synced);
  const empty = `${work}/empty.ts`;
  const [noop, bare] = await measure([
    { label: "hpm sync (no-op)", steps: [{ argv: [...hpm, "sync"], cwd: synced }] },
    {
      label: "empty + uv lock + uv sync --locked",
      steps: [
        { argv: [Deno.execPath(), "run", "-A", empty], cwd: synced },
        { argv: ["uv", "lock"], cwd: synced },
        { argv: ["uv", "sync", "--locked"], cwd: synced },
      ],
    },
  ], options);
  addOverhead(
    "hpm sync, no-op (already in sync)",
    noop,
    "empty Deno program + uv lock + uv sync --locked",
    bare,
    150,
  );

  // The first sync of the demo's selection: hpm, the same uv commands alone on the project
  // hpm would write (its floor), and what a user would type instead.
  const materialized = `${work}/materialized`;
  await fresh(synced, materialized);
  await Deno.remove(`${materialized}/uv.lock`);
  await Deno.remove(`${materialized}/.venv`, { recursive: true });
  const first = `${work}/first-hpm`;
  const floorDir = `${work}/first-floor`;
  const byHand = `${work}/first-uv`;
  // sync gives its install the interpreter its lock reported (src/uv/interpreter.ts); so does
  // the floor, found here once, untimed.
  await fresh(materialized, floorDir);
  const locked = await new Deno.Command("uv", {
    args: ["lock"],
    cwd: floorDir,
    env: ENV,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const reported = interpreterUsed(new TextDecoder().decode(locked.stderr));
  const python = reported ? ["--python", reported] : [];
  const [hpmFirst, floorFirst, singleFirst, uvFirst] = await measure([
    {
      label: "first hpm sync",
      setup: () => fresh(selected, first),
      steps: [{ argv: [...hpm, "sync"], cwd: first }],
    },
    {
      label: "empty + uv lock + uv sync --locked",
      setup: () => fresh(materialized, floorDir),
      steps: [
        { argv: [Deno.execPath(), "run", "-A", empty], cwd: floorDir },
        { argv: ["uv", "lock"], cwd: floorDir },
        { argv: ["uv", "sync", "--locked", ...python], cwd: floorDir },
      ],
    },
    {
      label: "empty + uv sync",
      setup: () => fresh(materialized, floorDir),
      steps: [
        { argv: [Deno.execPath(), "run", "-A", empty], cwd: floorDir },
        { argv: ["uv", "sync"], cwd: floorDir },
      ],
    },
    {
      label: "uv add",
      setup: () => fresh(SEED, byHand),
      steps: [{
        argv: ["uv", "add", "--editable", "./packages/vlm_adapter", "./packages/metric_accuracy"],
        cwd: byHand,
      }],
    },
  ], { ...options, runs: Math.max(3, Math.ceil(options.runs / 2)), warmup: 1 });
  addRatio(
    "first hpm sync of the demo selection",
    hpmFirst,
    "uv add --editable (both packages, one command)",
    uvFirst,
    null,
  );
  addOverhead(
    "first hpm sync of the demo selection",
    hpmFirst,
    `its floor: empty Deno program + uv lock + uv sync --locked${
      python.length ? " --python (the interpreter uv lock reported)" : ""
    }`,
    floorFirst,
    null,
  );
  addRatio(
    "alternative floor: empty Deno + one uv sync (locks and installs)",
    singleFirst,
    "uv add --editable",
    uvFirst,
    null,
  );
}

async function check(work: string, options: Options, hpm: string[]): Promise<void> {
  console.log("check: hpm check against a bare uv lock of the materialized project");
  const selected = await selectedProject(work, hpm);
  // The materialized project: what `hpm sync` writes, without its uv.lock and .venv.
  const materialized = `${work}/materialized-check`;
  await fresh(selected, materialized);
  await run([...hpm, "sync"], materialized);
  await Deno.remove(`${materialized}/uv.lock`);
  await Deno.remove(`${materialized}/.venv`, { recursive: true });
  const empty = `${work}/empty.ts`;
  const floorDir = `${work}/check-floor`;
  // The interpreter uv picks, to measure a second uv run that need not look for it again.
  const projectEnv = { UV_PROJECT_ENVIRONMENT: `${selected}/.venv` };
  const freshCopy = () => fresh(materialized, floorDir);
  const emptyStep = { argv: [Deno.execPath(), "run", "-A", empty], cwd: floorDir };
  // The least a Deno program can do to run that uv command: spawn it, collect its output.
  const spawner = `${work}/spawn-uv.ts`;
  await Deno.writeTextFile(
    spawner,
    `await new Deno.Command("uv", { args: ["sync", "--dry-run", "--no-install-project"], ` +
      `stdin: "null", stdout: "piped", stderr: "piped" }).output();\n`,
  );
  const [checked, locked, floor, spawned] = await measure([
    { label: "hpm check", steps: [{ argv: [...hpm, "check"], cwd: selected }] },
    {
      label: "uv lock",
      setup: () => Deno.remove(`${materialized}/uv.lock`).catch(() => {}),
      steps: [{ argv: ["uv", "lock"], cwd: materialized }],
    },
    {
      // What check runs, without hpm: a fresh directory and one `uv sync --dry-run` (it locks
      // without writing uv.lock, then plans the install against the project's environment).
      label: "empty + uv sync --dry-run",
      setup: freshCopy,
      steps: [
        emptyStep,
        {
          argv: ["uv", "sync", "--dry-run", "--no-install-project"],
          cwd: floorDir,
          env: projectEnv,
        },
      ],
    },
    {
      label: "Deno spawning uv sync --dry-run",
      setup: freshCopy,
      steps: [{ argv: [Deno.execPath(), "run", "-A", spawner], cwd: floorDir, env: projectEnv }],
    },
  ], options);
  const bare = "uv lock of the materialized project";
  addRatio("hpm check (new selection, no uv.lock yet)", checked, bare, locked, 1.3);
  addRatio("check's floor: empty Deno + uv sync --dry-run", floor, bare, locked, null);
  addOverhead("hpm check", checked, "check's floor", floor, null);
  const inProcess = "a Deno program that only spawns that uv sync --dry-run";
  addRatio(inProcess, spawned, bare, locked, null);
  addOverhead("hpm check", checked, inProcess, spawned, null);
}

/** True when `url` answers within 5 s (the network sections need it). */
async function reachable(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * check on a packaged project of 64 packages (scripts/bench_packaged.ts, generated wheels):
 * nothing changed since `hpm sync`, against its floor (an empty Deno program and the same
 * no-op uv command) and a bare `uv lock`; and a changed selection (`--group engine --option
 * engine-y`) against a bare `uv lock` of the project as sync would write that change, with the
 * same uv.lock to start from.
 */
async function checkPackaged(
  work: string,
  options: Options,
  hpm: string[],
  index: boolean,
): Promise<void> {
  const { packagedWheels, writeIndexProject, writePackagedProject } = await import(
    "./bench_packaged.ts"
  );
  const [from, to] = index ? ["sphinx", "mkdocs-material"] : ["engine-x", "engine-y"];
  const name = index ? "packaged, index" : "packaged (64)";
  let env: Record<string, string>;
  const synced = `${work}/packaged${index ? "-index" : ""}`;
  if (index) {
    console.log("check-packaged-index: hpm check on a packaged project from the package index");
    if (!await reachable("https://pypi.org/simple/")) {
      addNote("check-packaged-index", "the package index is not reachable: not measured");
      return;
    }
    // The network on, in the bench's own uv cache: uv revalidates what it fetched.
    env = { UV_OFFLINE: "false", UV_CACHE_DIR: `${work}/uv-cache-index` };
    await writeIndexProject(synced);
  } else {
    console.log("check-packaged: hpm check on a packaged project of 64 packages");
    const wheels = await packagedWheels(
      Deno.env.get("HPM_BENCH_WHEELS") ?? `${work}/packaged-wheels`,
      ENV.UV_CACHE_DIR,
    );
    env = { UV_FIND_LINKS: wheels, UV_NO_INDEX: "1" };
    await writePackagedProject(synced);
  }
  const step = (argv: string[], cwd: string): Step => ({ argv, cwd, env });
  for (
    const args of [
      ["group", "add", "engine", "--option", from],
      ["group", "add", "plugins", "--option", "bench-plugin"],
      ["sync"],
    ]
  ) await runStep(step([...hpm, ...args], synced));
  // The change as sync would write it, with the lock of the synced project to start from.
  const changed = `${synced}-changed`;
  await fresh(synced, changed);
  await runStep(step([...hpm, "group", "add", "engine", "--option", to], changed));
  await runStep(step([...hpm, "sync"], changed));
  const restoreLock = () => Deno.copyFile(`${synced}/uv.lock`, `${changed}/uv.lock`);
  await settle([...hpm, "list"], [synced]);
  const empty = `${work}/empty.ts`;
  const dryRun = ["uv", "sync", "--dry-run", "--no-install-project"];
  const [steady, floor, noop, switched, locked] = await measure([
    { label: "hpm check", steps: [step([...hpm, "check"], synced)] },
    {
      label: "empty + uv sync --dry-run",
      steps: [step([Deno.execPath(), "run", "-A", empty], synced), step(dryRun, synced)],
    },
    { label: "uv lock (no-op)", steps: [step(["uv", "lock"], synced)] },
    {
      label: `hpm check --group engine --option ${to}`,
      steps: [step([...hpm, "check", "--group", "engine", "--option", to], synced)],
    },
    {
      label: "uv lock of the change",
      setup: restoreLock,
      steps: [step(["uv", "lock"], changed)],
    },
  ], options);
  addOverhead(
    `hpm check, ${name}, nothing changed`,
    steady,
    "its floor: empty Deno + uv sync --dry-run --no-install-project in the project",
    floor,
    60,
  );
  addRatio(`hpm check, ${name}, nothing changed`, steady, "bare uv lock", noop, null);
  addRatio(
    `hpm check --group engine --option ${to}, ${name}`,
    switched,
    "bare uv lock of the change as sync writes it",
    locked,
    1.3,
  );
}

async function bundle(work: string, options: Options, hpm: string[]): Promise<void> {
  console.log("bundle: dist/hpm.bundle.js against deno run of the source");
  try {
    await Deno.stat(BUNDLE);
  } catch {
    addNote("bundle start-up", "dist/hpm.bundle.js is absent: not built, not measured");
    return;
  }
  const project = `${work}/seed`;
  await fresh(SEED, project);
  const bundled = [Deno.execPath(), "run", "-A", BUNDLE];
  const [sourceVersion, bundleVersion, sourceList, bundleList] = await measure([
    { label: "source --version", steps: [{ argv: [...hpm, "--version"], cwd: project }] },
    { label: "bundle --version", steps: [{ argv: [...bundled, "--version"], cwd: project }] },
    { label: "source list", steps: [{ argv: [...hpm, "list"], cwd: project }] },
    { label: "bundle list", steps: [{ argv: [...bundled, "list"], cwd: project }] },
  ], options);
  addRatio("bundle: hpm --version", bundleVersion, "deno run of the source", sourceVersion, null);
  addRatio(
    "bundle: hpm list (seed example)",
    bundleList,
    "deno run of the source",
    sourceList,
    null,
  );
}

/**
 * hpm from JSR against the source: the checkout published to a local stand-in of the registry
 * (tests/support/jsr.ts), run as README documents it (`deno run -A --no-config jsr:@hpm/cli`)
 * and as the command `deno install -g -A -n hpm jsr:@hpm/cli` installs, with their own
 * DENO_DIR (warmed by one run each: the measured runs download nothing).
 */
async function jsr(work: string, options: Options, hpm: string[]): Promise<void> {
  console.log("jsr: hpm from a local JSR stand-in against deno run of the source");
  const { JSR_INSTALL_ARGS, JSR_RUN_ARGS, publish, startJsrStandIn } = await import(
    "../tests/support/jsr.ts"
  );
  const standIn = await startJsrStandIn();
  try {
    const published = await publish(standIn, REPO);
    if (published.code !== 0) throw new Error(`deno publish failed:\n${published.output}`);
    const env = { JSR_URL: standIn.url, DENO_DIR: `${work}/deno-dir` };
    const root = `${work}/deno-install`;
    await runStep({
      argv: [Deno.execPath(), ...JSR_INSTALL_ARGS],
      cwd: work,
      env: { ...env, DENO_INSTALL_ROOT: root },
    });
    const project = `${work}/seed-jsr`;
    await fresh(SEED, project);
    const fromJsr = [Deno.execPath(), ...JSR_RUN_ARGS];
    const installed = [`${root}/bin/hpm`];
    for (const argv of [fromJsr, installed, hpm]) {
      await runStep({ argv: [...argv, "list"], cwd: project, env });
    }
    await settle([...hpm, "list"], [project]);
    const subject = (label: string, argv: string[], args: string[]): Subject => ({
      label,
      steps: [{ argv: [...argv, ...args], cwd: project, env }],
    });
    for (const [name, args] of [["hpm --version", ["--version"]], ["hpm list (seed)", ["list"]]]) {
      const [source, run, shim] = await measure([
        subject("source", hpm, args as string[]),
        subject("jsr", fromJsr, args as string[]),
        subject("installed", installed, args as string[]),
      ], { ...options, runs: options.runs * 2 });
      addRatio(`jsr: ${name}, deno run -A --no-config`, run, "deno run of the source", source, 1.2);
      addRatio(`jsr: ${name}, installed command`, shim, "deno run of the source", source, 1.2);
    }
  } finally {
    await standIn.close();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(Deno.args);
  const hpm = hpmArgv();
  const work = await Deno.makeTempDir({ prefix: "hpm-bench-" });
  // hpm's registry cache in the work directory: the user's is neither read nor filled.
  ENV.HPM_CACHE_DIR = `${work}/hpm-cache`;
  try {
    await Deno.writeTextFile(`${work}/empty.ts`, "");
    const about = await machine();
    console.log(about.join("\n"));
    console.log(
      `${options.warmup} warm-up rounds, ${options.runs} measured rounds (fewer for slow ones), ` +
        "interleaved; medians\n",
    );
    const loadBefore = Deno.loadavg()[0];
    const sections: Record<Section, typeof startup> = {
      startup,
      scale,
      sync,
      check,
      "check-packaged": (work, options, hpm) => checkPackaged(work, options, hpm, false),
      "check-packaged-index": (work, options, hpm) => checkPackaged(work, options, hpm, true),
      bundle,
      jsr,
    };
    for (const name of SECTIONS) {
      if (options.only.has(name)) await sections[name](work, options, hpm);
    }
    if (!options.write || options.only.size < SECTIONS.length) {
      console.log("\nBENCHMARKS.md not written (--no-write, or only some sections ran)");
      return;
    }
    const markdown = [
      "# hpm benchmarks",
      "",
      "Written by `deno task bench` (scripts/bench.ts): whole-process runs, interleaved, after",
      "warm-up rounds; the medians of each command and what it is compared with.",
      "",
      ...about,
      `- ${options.warmup} warm-up rounds, ${options.runs} measured rounds (twice as many for ` +
      "start-up, half as many for the 10k registries and the first sync)",
      `- load average (1 min) of the machine: ${loadBefore.toFixed(2)} before, ` +
      `${Deno.loadavg()[0].toFixed(2)} after (other work on the machine inflates absolute ` +
      "times; the interleaved ratios suffer less)",
      "",
      markdownTable(),
      "",
      "Rows without a goal are the floors and alternatives that explain a goal not met; the",
      "decisions and what stops those goals are in docs/performance.md.",
      "",
    ].join("\n");
    await Deno.writeTextFile(`${REPO}/BENCHMARKS.md`, markdown);
    console.log(`\nwrote ${REPO}/BENCHMARKS.md`);
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main();
