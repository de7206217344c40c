/**
 * `hpm sync` of an option switch on a real project (packages from the index) against the same
 * change made by hand and materialized with `uv lock && uv sync`, side by side: medians of
 * interleaved runs. Not part of the test suite (it needs the network once, to fill the cache).
 *
 *   deno run -A scripts/bench_switch.ts [--runs N]
 *
 * The project depends on a few common pure-Python stacks itself and selects one option of a
 * 1-of-N group `docs` (sphinx or mkdocs-material); each round switches the option. hpm runs in
 * one copy of the project; the hand-made run in another copy gets exactly the pyproject.toml
 * hpm wrote for the same option, then `uv lock` and `uv sync`.
 */
const REPO = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const runsFlag = Deno.args.indexOf("--runs");
const RUNS = runsFlag >= 0 ? Number(Deno.args[runsFlag + 1]) : 5;
const OPTIONS = ["sphinx", "mkdocs-material"];
const BASE = [
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

const work = await Deno.makeTempDir({ prefix: "hpm-bench-switch-" });
const env: Record<string, string> = {
  ...Deno.env.toObject(),
  NO_COLOR: "1",
  HPM_CACHE_DIR: `${work}/hpm-cache`,
  UV_CACHE_DIR: `${work}/uv-cache`,
  UV_PYTHON_DOWNLOADS: "never",
};
delete env.UV_OFFLINE;

async function run(cwd: string, program: string, args: string[]): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(program, {
    args,
    cwd,
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const ms = performance.now() - started;
  if (!output.success) {
    throw new Error(
      `${program} ${args.join(" ")} failed:\n${new TextDecoder().decode(output.stderr)}`,
    );
  }
  return ms;
}

const hpm = (cwd: string, ...args: string[]) =>
  run(cwd, Deno.execPath(), ["run", "-A", "--quiet", `${REPO}/main.ts`, ...args]);

async function project(name: string): Promise<string> {
  const dir = `${work}/${name}`;
  await Deno.mkdir(`${dir}/registry/groups`, { recursive: true });
  await Deno.mkdir(`${dir}/registry/packages`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    `[project]\nname = "bench"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n` +
      `dependencies = [${BASE.map((d) => `"${d}"`).join(", ")}]\n`,
  );
  await Deno.writeTextFile(
    `${dir}/registry/groups/docs.yaml`,
    `name: "docs"\nstrategy: "1-of-N"\noptions:\n${
      OPTIONS.map((o) => `  - name: "${o}"\n`).join("")
    }`,
  );
  for (const option of OPTIONS) {
    await Deno.writeTextFile(
      `${dir}/registry/packages/${option}.yaml`,
      `name: "${option}"\nversion: "1.0.0"\nsources:\n  prod:\n    type: "index"\n    version: ">=1"\n`,
    );
  }
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const withHpm = await project("with-hpm");
const byHand = await project("by-hand");
// The texts hpm writes for each option (used verbatim by the hand-made runs), warm-up included.
const texts = new Map<string, string>();
for (const option of [...OPTIONS, ...OPTIONS]) {
  await hpm(withHpm, "group", "add", "docs", "-o", option);
  await hpm(withHpm, "sync");
  texts.set(option, await Deno.readTextFile(`${withHpm}/pyproject.toml`));
  await Deno.writeTextFile(`${byHand}/pyproject.toml`, texts.get(option)!);
  await run(byHand, "uv", ["lock"]);
  await run(byHand, "uv", ["sync"]);
}
const lock = await Deno.readTextFile(`${withHpm}/uv.lock`);
const packages = (lock.match(/^\[\[package\]\]$/gm) ?? []).length;

const hpmTimes: number[] = [];
const handTimes: number[] = [];
for (let round = 0; round < RUNS * 2; round++) {
  const option = OPTIONS[round % 2];
  await hpm(withHpm, "group", "add", "docs", "-o", option);
  await Deno.writeTextFile(`${byHand}/pyproject.toml`, texts.get(option)!);
  const pair = [
    async () => hpmTimes.push(await hpm(withHpm, "sync")),
    async () =>
      handTimes.push(await run(byHand, "uv", ["lock"]) + await run(byHand, "uv", ["sync"])),
  ];
  if (round % 2) pair.reverse();
  for (const step of pair) await step();
}
const [h, u] = [median(hpmTimes), median(handTimes)];
console.log(`uv.lock: ${packages} packages; ${hpmTimes.length} switches each, interleaved`);
console.log(`hpm sync (switch)            median ${h.toFixed(0)} ms`);
console.log(`uv lock && uv sync (by hand) median ${u.toFixed(0)} ms`);
console.log(`ratio ${(h / u).toFixed(2)}x, difference ${(h - u).toFixed(0)} ms`);
// Where hpm's time goes in one more switch: its uv runs, as --verbose reports them.
await hpm(withHpm, "group", "add", "docs", "-o", OPTIONS[0]);
const verbose = await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "--quiet", `${REPO}/main.ts`, "sync", "-v"],
  cwd: withHpm,
  env,
  stderr: "piped",
}).output();
const steps = new TextDecoder().decode(verbose.stderr).split("\n")
  .filter((line) => /^\$ uv|exited with/.test(line));
console.log(steps.join("\n"));
await Deno.remove(work, { recursive: true });
