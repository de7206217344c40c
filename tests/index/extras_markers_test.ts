/**
 * Extras, markers and versions from the lock, against the real package index (small pinned
 * packages): `httpx` with `extras: [http2]` installs `h2`; a package with a Windows-only
 * marker is written with its marker and not installed on Linux; an index manifest without
 * `version` validates, and `show`/`registry list`/`status` print the locked version.
 */
import assert from "node:assert/strict";
import { hpmOnline } from "../support/index.ts";
import { exists } from "../support/project.ts";

async function project(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hpm-index-extras-" });
  await Deno.mkdir(`${dir}/registry/groups`, { recursive: true });
  await Deno.mkdir(`${dir}/registry/packages`, { recursive: true });
  const write = (path: string, lines: string[]) =>
    Deno.writeTextFile(`${dir}/${path}`, lines.join("\n") + "\n");
  await write("pyproject.toml", [
    "[project]",
    'name = "extras-demo"',
    'version = "0.1.0"',
    'requires-python = ">=3.11"',
    "dependencies = []",
  ]);
  await write("registry/groups/http.yaml", [
    "name: http",
    "strategy: 1-of-N",
    "options:",
    "  - name: httpx",
  ]);
  await write("registry/groups/console.yaml", [
    "name: console",
    "strategy: 1-of-N",
    "options:",
    "  - name: colorama",
  ]);
  // No version: the constraint says it, and after sync the lock.
  await write("registry/packages/httpx.yaml", [
    "name: httpx",
    "extras: [http2]",
    "sources:",
    "  prod:",
    "    type: index",
    '    version: "==0.27.2"',
  ]);
  await write("registry/packages/colorama.yaml", [
    "name: colorama",
    'version: "0.4.6"',
    `marker: "sys_platform == 'win32'"`,
    "sources:",
    "  prod:",
    "    type: index",
    '    version: ">=0.4"',
  ]);
  return dir;
}

function sitePackages(dir: string): string[] {
  const lib = `${dir}/.venv/lib`;
  const python = [...Deno.readDirSync(lib)].find((e) => e.name.startsWith("python"))!.name;
  return [...Deno.readDirSync(`${lib}/${python}/site-packages`)].map((e) => e.name.toLowerCase());
}

Deno.test({
  name:
    "index: extras install what they bring, a marker keeps a package out, versions from uv.lock",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await project();
    const validate = await hpmOnline(["registry", "validate"], { cwd: dir });
    assert.equal(validate.code, 0, validate.stderr);
    assert.match(validate.stderr, /no errors/);
    // The only warnings: what the original hpm would read differently (an index source, a
    // marker, no version), which validate lists for registries both tools read.
    const warnings = validate.stderr.split("\n").filter((line) => /warning:/.test(line));
    assert.equal(warnings.length, 2, validate.stderr);
    for (const line of warnings) assert.match(line, /warning: the original hpm /);

    // Before any lock: the constraint is what there is to show.
    const before = await hpmOnline(["show", "http"], { cwd: dir });
    assert.match(before.stdout, /httpx ==0\.27\.2/);

    for (const [group, option] of [["http", "httpx"], ["console", "colorama"]]) {
      const add = await hpmOnline(["group", "add", group, "-o", option], { cwd: dir });
      assert.equal(add.code, 0, add.stderr);
    }
    const sync = await hpmOnline(["sync"], { cwd: dir });
    assert.equal(sync.code, 0, sync.stderr);

    const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
    assert.match(pyproject, /"httpx\[http2\]==0\.27\.2"/);
    assert.match(pyproject, /"colorama>=0\.4 ; sys_platform == 'win32'"/);

    const installed = sitePackages(dir);
    assert.ok(installed.some((n) => /^h2-[\d.]+\.dist-info$/.test(n)), installed.join(" "));
    assert.ok(installed.some((n) => /^httpx-0\.27\.2\.dist-info$/.test(n)));
    assert.ok(!installed.some((n) => n.startsWith("colorama")), installed.join(" "));
    assert.ok(await exists(`${dir}/uv.lock`));
    // uv locks colorama (universal lock) though it is not installed here.
    const lock = await Deno.readTextFile(`${dir}/uv.lock`);
    const colorama = /\[\[package\]\]\nname = "colorama"\nversion = "([^"]+)"/.exec(lock)?.[1];
    assert.ok(colorama, "colorama is in uv.lock");

    const show = await hpmOnline(["show", "http"], { cwd: dir });
    assert.match(show.stdout, /\* httpx 0\.27\.2\n/);
    assert.match(show.stdout, /prod: index ==0\.27\.2 \[http2\]/);
    const showJson = JSON.parse(
      (await hpmOnline(["show", "console", "--json"], { cwd: dir })).stdout,
    );
    const pkg = showJson.group.options[0].package;
    assert.equal(pkg.version, "0.4.6");
    assert.equal(pkg.locked, colorama);
    assert.equal(pkg.marker, "sys_platform == 'win32'");

    const list = await hpmOnline(["registry", "list", "--json"], { cwd: dir });
    const httpx = JSON.parse(list.stdout).packages.find((p: { name: string }) =>
      p.name === "httpx"
    );
    assert.equal(httpx.version, null);
    assert.equal(httpx.locked, "0.27.2");
    assert.deepEqual(httpx.extras, ["http2"]);

    const status = JSON.parse((await hpmOnline(["status", "--json"], { cwd: dir })).stdout);
    const entry = status.entries.find((e: { option: string }) => e.option === "httpx");
    assert.equal(entry.locked, "0.27.2");
    assert.equal(entry.installed, "0.27.2");
    const win = status.entries.find((e: { option: string }) => e.option === "colorama");
    assert.equal(win.installed, null);
    // Not installed because of its marker is no drift: uv agrees the environment is in sync.
    assert.equal(status.inSync, true, JSON.stringify(status));
    const check = await hpmOnline(["status", "--check"], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /\.venv: no \(its marker\)/);
    await Deno.remove(dir, { recursive: true });
  },
});
