/**
 * Extras and markers end to end, offline (tiny wheels built with real uv): the requirement hpm
 * writes is uv's spelling, the extra's dependency is installed, the Windows-only package is
 * locked but not installed, `check` and `check --all` pass, and a `dev` source's own extras
 * replace the package's.
 */
import assert from "node:assert/strict";
import { buildFixtureWheels } from "../support/build_wheels.ts";
import { hpm, removing, UV_CACHE } from "../support/hpm.ts";

const WHEELS = await Deno.makeTempDir({ prefix: "hpm-extras-wheels-" });
await buildFixtureWheels(WHEELS, [
  { name: "fast-lib", version: "1.0.0" },
  { name: "fast-lib", version: "2.0.0" },
  { name: "slow-lib", version: "1.0.0" },
  {
    name: "feature-host",
    version: "1.2.0",
    optionalDependencies: { fast: ["fast-lib==1.0.0"], slow: ["slow-lib==1.0.0"] },
  },
  { name: "win-only", version: "0.5.0" },
], { cacheDir: UV_CACHE });
const env = { UV_FIND_LINKS: WHEELS, UV_NO_INDEX: "1" };

async function project(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-extras-" });
  const write = async (path: string, lines: string[]) => {
    await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, lines.join("\n") + "\n");
  };
  await write("pyproject.toml", [
    "[project]",
    'name = "extras-offline"',
    'version = "0.1.0"',
    'requires-python = ">=3.11"',
    "dependencies = []",
  ]);
  await write("registry/groups/host.yaml", [
    "name: host",
    "strategy: 1-of-N",
    "options:",
    "  - name: feature-host",
    "  - name: win-only",
  ]);
  await write("registry/groups/extra.yaml", [
    "name: extra",
    "strategy: M-of-N",
    "options:",
    "  - name: win-only",
  ]);
  await write("registry/packages/feature-host.yaml", [
    "name: feature-host",
    "extras: [Fast]",
    "sources:",
    "  prod: {type: index, version: '>=1.0'}",
    "  dev: {type: index, version: '>=1.0', extras: [slow]}",
  ]);
  await write("registry/packages/win-only.yaml", [
    "name: win-only",
    `marker: "sys_platform == 'win32'"`,
    "sources:",
    "  prod: {type: index}",
  ]);
  return dir;
}

function installed(dir: string): string[] {
  const lib = `${dir}/.venv/lib`;
  const python = [...Deno.readDirSync(lib)].find((e) => e.name.startsWith("python"))!.name;
  return [...Deno.readDirSync(`${lib}/${python}/site-packages`)]
    .map((e) => e.name).filter((n) => n.endsWith(".dist-info")).sort();
}

Deno.test("extras and markers: written as uv writes them, installed (or not) as they say", async () => {
  const dir = await project();
  await using _dir = removing(dir);
  assert.equal((await hpm(["registry", "validate"], { cwd: dir })).code, 0);
  for (const [group, option] of [["host", "feature-host"], ["extra", "win-only"]]) {
    const add = await hpm(["group", "add", group, "-o", option], { cwd: dir, env });
    assert.equal(add.code, 0, add.stderr);
  }
  const check = await hpm(["check"], { cwd: dir, env });
  assert.equal(check.code, 0, check.stderr);
  const sync = await hpm(["sync"], { cwd: dir, env });
  assert.equal(sync.code, 0, sync.stderr);
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(text, /"feature-host\[fast\]>=1\.0"/);
  assert.match(text, /"win-only ; sys_platform == 'win32'"/);
  assert.deepEqual(
    installed(dir).filter((n) => !n.startsWith("extras_offline")),
    ["fast_lib-1.0.0.dist-info", "feature_host-1.2.0.dist-info"],
  );
  const lock = await Deno.readTextFile(`${dir}/uv.lock`);
  assert.match(lock, /name = "win-only"/);

  // The dev source's extras replace the package's: slow instead of fast.
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    await Deno.readTextFile(`${dir}/pyproject.toml`) + '\n[tool.hpm.modes]\nfeature-host = "dev"\n',
  );
  const dev = await hpm(["sync"], { cwd: dir, env });
  assert.equal(dev.code, 0, dev.stderr);
  assert.match(await Deno.readTextFile(`${dir}/pyproject.toml`), /"feature-host\[slow\]>=1\.0"/);
  assert.ok(installed(dir).includes("slow_lib-1.0.0.dist-info"), installed(dir).join(" "));
  assert.ok(!installed(dir).includes("fast_lib-1.0.0.dist-info"), installed(dir).join(" "));
  const status = await hpm(["status", "--check"], { cwd: dir, env });
  assert.equal(status.code, 0, status.stdout + status.stderr);
});

Deno.test("extras and markers: check --all proves the combinations with them", async () => {
  const dir = await project();
  await using _dir = removing(dir);
  const add = await hpm(["group", "add", "host", "-o", "feature-host"], { cwd: dir, env });
  assert.equal(add.code, 0, add.stderr);
  const all = await hpm(["check", "--all", "--json"], { cwd: dir, env });
  assert.equal(all.code, 0, all.stdout + all.stderr);
  const report = JSON.parse(all.stdout);
  assert.equal(report.ok, true);
});

Deno.test("extras and markers: a conflict through an extra is named by check and check --all", async () => {
  const dir = await project();
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/registry/groups/pin.yaml`,
    "name: pin\nstrategy: 1-of-N\noptions:\n  - name: fast-lib\n",
  );
  await Deno.writeTextFile(
    `${dir}/registry/packages/fast-lib.yaml`,
    'name: fast-lib\nsources:\n  prod: {type: index, version: "==2.0.0"}\n',
  );
  for (const [group, option] of [["host", "feature-host"], ["pin", "fast-lib"]]) {
    const add = await hpm(["group", "add", group, "-o", option], { cwd: dir, env });
    assert.equal(add.code, 0, add.stderr);
  }
  const check = await hpm(["check"], { cwd: dir, env });
  assert.equal(check.code, 1, check.stderr);
  assert.match(
    check.stderr,
    /error: the selection does not resolve: option 'fast-lib' \(group 'pin'\) is fast-lib==2\.0\.0; option 'feature-host' \(group 'host'\) needs fast-lib==1\.0\.0\n/,
  );
  const all = await hpm(["check", "--all", "--json"], { cwd: dir, env });
  const report = JSON.parse(all.stdout);
  const conflict = report.conflicts.find((c: { options: Array<{ option: string }> }) =>
    c.options.some((o) => o.option === "fast-lib")
  );
  assert.ok(conflict, all.stdout);
  // The reason comes from uv's "feature-host[fast] depend on fast-lib==1.0.0".
  assert.match(conflict.reason, /option 'feature-host' \(group 'host'\) needs fast-lib==1\.0\.0/);
});
