/**
 * Taking over projects the original hpm (VLMHyperBenchTeam/hpm) synced, with its files exactly
 * as it left them (registry-fixtures/original-synced*, see ORIGINAL.md there): real uv, offline.
 */
import assert from "node:assert/strict";
import { readToml } from "../../src/pyproject/read.ts";
import { copyFixture, hpm, removing, testEnv } from "../support/hpm.ts";
import { exists, fileState, listDir } from "../support/project.ts";

const SITE = ".venv/lib/python3.11/site-packages";

/** Runs the real uv in `cwd` (hermetic); fails the test on a non-zero exit. */
async function uv(cwd: string, ...args: string[]): Promise<string> {
  const output = await new Deno.Command("uv", { args, cwd, env: testEnv(), stderr: "piped" })
    .output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  return stderr;
}

/** The distributions installed in the project's .venv (dist-info names, sorted). */
async function installed(dir: string): Promise<string[]> {
  return (await listDir(`${dir}/${SITE}`)).filter((n) => n.endsWith(".dist-info"))
    .map((n) => n.replace(/-[^-]+\.dist-info$/, ""));
}

/** The project in the state the original's sync left: its files, and its .venv. */
async function originalSynced(fixture = "original-synced"): Promise<string> {
  const dir = await copyFixture(fixture);
  // The original's `uv add` installed what this lock holds; the same install, from the lock.
  await uv(dir, "sync", "--locked");
  return dir;
}

const ADOPTED =
  "hpm sync takes over what the original hpm's sync left: vlm-adapter-deepseek (selected), " +
  "vlm-adapter-qwen (replaced: removed); the [tool.uv.workspace] members its 'uv add' wrote: " +
  "packages/vlm_adapter, packages/vlm_adapter_deepseek (the table goes with them)";

Deno.test("the original's group add -o A; sync; group add -o B; sync: hpm sync leaves only B, as if hpm had synced it", async () => {
  const dir = await originalSynced();
  await using _dir = removing(dir);
  assert.deepEqual(await installed(dir), ["vlm_adapter_deepseek", "vlm_adapter_qwen"]);
  const before = await fileState(dir);

  // status and the dry run name everything at once, and change nothing.
  const status = await hpm(["status", "--check"], { cwd: dir });
  assert.equal(status.code, 1, status.stderr);
  assert.match(
    status.stdout,
    /pyproject\.toml: as the original hpm wrote it \(sync takes it over\) {2}uv\.lock: 0\.1\.0 {2}\.venv: 0\.1\.0\n/,
  );
  assert.match(status.stdout, /vlm-adapter-qwen: no longer selected, still in pyproject\.toml\n/);
  assert.ok(status.stdout.includes(ADOPTED), status.stdout);
  const json = JSON.parse((await hpm(["status", "--json"], { cwd: dir })).stdout);
  assert.deepEqual(json.entries.map((e: { adopted: boolean }) => e.adopted), [true]);
  assert.deepEqual(json.adopted, {
    names: ["vlm-adapter-deepseek", "vlm-adapter-qwen"],
    stale: ["vlm-adapter-qwen"],
    removeMembers: ["packages/vlm_adapter", "packages/vlm_adapter_deepseek"],
    dropWorkspace: true,
  });
  const dry = await hpm(["sync", "--dry-run"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.ok(dry.stderr.includes(ADOPTED), dry.stderr);
  assert.ok(
    dry.stdout.includes(
      [
        " [tool.hpm.groups]",
        ' inference = "vlm-adapter-deepseek"',
        " ",
        "-[tool.uv.workspace]",
        "-members = [",
        '-    "packages/vlm_adapter",',
        '-    "packages/vlm_adapter_deepseek",',
        "-]",
        "-",
        " [tool.uv.sources]",
        "-vlm-adapter-deepseek = { workspace = true }",
        "-",
        "-[tool.uv.sources.vlm-adapter-qwen]",
        "-workspace = true",
        '+vlm-adapter-deepseek = { path = "packages/vlm_adapter_deepseek", editable = true }',
      ].join("\n"),
    ),
    dry.stdout,
  );
  assert.deepEqual(await fileState(dir), before);

  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /\n {2}- vlm-adapter-qwen\n/);
  assert.match(sync.stderr, /took over what the original hpm's sync left: vlm-adapter-deepseek/);
  const synced = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.equal(
    synced,
    [
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      `description = "The seed guide's example project: pick a VLM adapter and metrics with hpm"`,
      'requires-python = ">=3.11"',
      "dependencies = [",
      '    "vlm-adapter-deepseek",',
      "]",
      "",
      "[tool.hpm]",
      'managed = ["vlm-adapter-deepseek"]',
      'written = { vlm-adapter-deepseek = "00cce26f" }',
      'created = ["tool.uv.sources"]',
      "",
      "[tool.hpm.groups]",
      'inference = "vlm-adapter-deepseek"',
      "",
      "[tool.uv.sources]",
      'vlm-adapter-deepseek = { path = "packages/vlm_adapter_deepseek", editable = true }',
      "",
    ].join("\n"),
  );
  const lock = await Deno.readTextFile(`${dir}/uv.lock`);
  assert.doesNotMatch(lock, /vlm-adapter-qwen|\[manifest\]/);
  assert.deepEqual(await installed(dir), ["vlm_adapter_deepseek"]);

  // Exactly as if hpm had synced it: hpm's own group add -o A; sync; group add -o B; sync.
  const own = await copyFixture("seed-project");
  await using _own = removing(own);
  for (const option of ["vlm-adapter-qwen", "vlm-adapter-deepseek"]) {
    assert.equal((await hpm(["group", "add", "inference", "-o", option], { cwd: own })).code, 0);
    assert.equal((await hpm(["sync"], { cwd: own })).code, 0);
  }
  const value = async (text: string) => (await readToml(text, "pyproject.toml")).value;
  assert.deepEqual(
    await value(synced),
    await value(await Deno.readTextFile(`${own}/pyproject.toml`)),
  );
  assert.equal(lock, await Deno.readTextFile(`${own}/uv.lock`));
  assert.deepEqual(await installed(own), await installed(dir));

  // A second sync changes nothing; status agrees.
  const state = await fileState(dir);
  const again = await hpm(["sync"], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /already in sync \(1 package from hpm\)/);
  assert.doesNotMatch(again.stderr, /took over/);
  assert.deepEqual(await fileState(dir), state);
  const check = await hpm(["status", "--check"], { cwd: dir });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stderr, /in sync/);
});

Deno.test("the original's synced project: hpm check passes before the takeover, and changes nothing", async () => {
  const dir = await originalSynced();
  await using _dir = removing(dir);
  const before = await fileState(dir);
  const check = await hpm(["check"], { cwd: dir });
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stderr, /the selection resolves/);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("the original synced a project with a workspace of the user's: the user's member, dependency and source stay", async () => {
  const dir = await originalSynced("original-synced-own-workspace");
  await using _dir = removing(dir);
  assert.deepEqual(await installed(dir), ["helper", "vlm_adapter_deepseek", "vlm_adapter_qwen"]);
  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  // The user's workspace stays, so its environment is shared: uv keeps what it does not know
  // of, and hpm uninstalls the option it removed, which nothing there needs.
  assert.match(
    sync.stderr,
    /\$ uv sync --locked --inexact\n\$ uv pip uninstall --python \S+\/\.venv vlm-adapter-qwen\n/,
  );
  assert.match(
    sync.stderr,
    /this project is the root of a uv workspace: installed into its shared \.venv and kept what the rest of the workspace installed there \(uv sync --inexact\); uninstalled vlm-adapter-qwen \(nothing else there needs it\)\n/,
  );
  assert.match(
    sync.stderr,
    /took over what the original hpm's sync left: vlm-adapter-deepseek \(selected\), vlm-adapter-qwen \(replaced: removed\); the \[tool\.uv\.workspace\] members its 'uv add' wrote: packages\/vlm_adapter, packages\/vlm_adapter_deepseek\n/,
  );
  assert.equal(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    [
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      `description = "The seed guide's example project: pick a VLM adapter and metrics with hpm"`,
      'requires-python = ">=3.11"',
      "dependencies = [",
      '    "helper",',
      '    "vlm-adapter-deepseek",',
      "]",
      "",
      "[tool.uv.workspace]",
      "members = [",
      '    "tools/helper",',
      "]",
      "",
      "[tool.uv.sources]",
      'vlm-adapter-deepseek = { path = "packages/vlm_adapter_deepseek", editable = true }',
      "",
      "[tool.uv.sources.helper]",
      "workspace = true",
      "",
      "[tool.hpm]",
      'managed = ["vlm-adapter-deepseek"]',
      'written = { vlm-adapter-deepseek = "00cce26f" }',
      "",
      "[tool.hpm.groups]",
      'inference = "vlm-adapter-deepseek"',
      "",
    ].join("\n"),
  );
  assert.deepEqual(await installed(dir), ["helper", "vlm_adapter_deepseek"]);
  assert.equal(await exists(`${dir}/${SITE}/vlm_adapter_qwen-0.1.0.dist-info`), false);
  const state = await fileState(dir);
  assert.match((await hpm(["sync"], { cwd: dir })).stderr, /already in sync/);
  assert.deepEqual(await fileState(dir), state);
  const status = await hpm(["status", "--check"], { cwd: dir });
  assert.equal(status.code, 0, status.stdout + status.stderr);
});

Deno.test("a dependency without the original's signature stays the user's: every collision is reported in one run", async () => {
  const dir = await copyFixture("original-synced");
  await using _dir = removing(dir);
  const text = (await Deno.readTextFile(`${dir}/pyproject.toml`))
    // A pin and a path of the user's own: not what the original's `uv add` writes.
    .replace('    "vlm-adapter-deepseek",', '    "vlm-adapter-deepseek>=0.1",')
    .replace(
      "[tool.uv.sources.vlm-adapter-qwen]\nworkspace = true",
      '[tool.uv.sources.vlm-adapter-qwen]\npath = "elsewhere"',
    );
  await Deno.writeTextFile(`${dir}/pyproject.toml`, text);
  const before = await fileState(dir);
  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 2, sync.stderr);
  assert.match(
    sync.stderr,
    /pyproject\.toml:7:5: error: 'vlm-adapter-deepseek>=0\.1' is already in \[project\]\.dependencies and was not added by hpm/,
  );
  assert.match(
    sync.stderr,
    /error: \[tool\.uv\.sources\] already has 'vlm-adapter-deepseek', which hpm did not add/,
  );
  assert.match(sync.stderr, /error: 2 problems to fix first; nothing was changed\n/);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("the original synced a git option: its `rev` source is taken over and recorded; the next sync changes nothing", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const repo = await Deno.makeTempDir({ prefix: "hpm-git-pkg-" });
  await using _repo = removing(repo);
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", {
      args: ["-c", "user.email=t@t", "-c", "user.name=t", ...args],
      cwd: repo,
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  };
  for (const name of ["pyproject.toml", "src/metric_latency/__init__.py"]) {
    await Deno.mkdir(`${repo}/${name.slice(0, name.lastIndexOf("/") + 1)}`, { recursive: true });
    await Deno.copyFile(`${dir}/packages/metric_latency/${name}`, `${repo}/${name}`);
  }
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "init");
  await git("tag", "v0.1.0");
  const url = `file://${repo}`;
  await Deno.writeTextFile(
    `${dir}/registry/packages/metric-latency.yaml`,
    `name: "metric-latency"\nversion: "0.1.0"\nsources:\n  prod:\n    type: "git"\n` +
      `    url: "${url}"\n    ref: "v0.1.0"\n`,
  );
  // As the original's `group add metrics -o metric-latency; sync` (uv add git+URL@v0.1.0)
  // leaves it, byte for byte (with this repository's URL).
  const original = (await Deno.readTextFile(`${dir}/pyproject.toml`))
    .replace("dependencies = []", 'dependencies = [\n    "metric-latency",\n]') +
    '\n[tool.hpm.groups]\nmetrics = [\n    "metric-latency",\n]\n\n[tool.uv.sources]\n' +
    `metric-latency = { git = "${url}", rev = "v0.1.0" }\n`;
  await Deno.writeTextFile(`${dir}/pyproject.toml`, original);
  await uv(dir, "sync");
  const sync = await hpm(["sync"], { cwd: dir });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(
    sync.stderr,
    /took over what the original hpm's sync left: metric-latency \(selected\)\n/,
  );
  const synced = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(synced, /\[tool\.hpm\]\nmanaged = \["metric-latency"\]\nwritten = /);
  assert.match(
    synced,
    new RegExp(`metric-latency = \\{ git = "${url}", rev = "v0\\.1\\.0" \\}\\n$`),
  );
  const state = await fileState(dir);
  const again = await hpm(["sync"], { cwd: dir });
  assert.match(again.stderr, /already in sync/);
  assert.doesNotMatch(again.stderr, /took over/);
  assert.deepEqual(await fileState(dir), state);
  const status = await hpm(["status", "--check"], { cwd: dir });
  assert.equal(status.code, 0, status.stdout + status.stderr);
  assert.doesNotMatch(status.stdout, /takes over/);
});
