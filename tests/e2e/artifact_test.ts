/**
 * The shipped forms of hpm, as far as this machine can build them: the JSR package
 * (`deno publish --dry-run`), the compiled binaries (`scripts/compile.ts`: what they embed, what
 * happens without a runtime to build on), the single-file bundle, and the install from source.
 * Not run against HPM_TEST_CMD (scripts/test.sh leaves this file out of the bundle run).
 */
import assert from "node:assert/strict";
import {
  binaryName,
  binaryTarget,
  checksumsName,
  parseEmbeddedReport,
  runtimePackages,
  TARGETS,
} from "../../scripts/compile.ts";
import { FIXTURES, removing, REPO, TEST_CACHE_DIR } from "../support/hpm.ts";

const decoder = new TextDecoder();
const CONFIG = JSON.parse(await Deno.readTextFile(`${REPO}/deno.json`));
const VERSION: string = CONFIG.version;

async function run(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; clear?: string[] } = {},
) {
  const env: Record<string, string> = { ...Deno.env.toObject(), NO_COLOR: "1", ...options.env };
  for (const name of options.clear ?? []) delete env[name];
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd ?? REPO,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function listing(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return names.sort();
}

/** No proxy reaches anything: dl.deno.land is unreachable even on a machine with internet. */
const UNREACHABLE = {
  HTTPS_PROXY: "http://127.0.0.1:9",
  HTTP_PROXY: "http://127.0.0.1:9",
  NO_PROXY: "",
};

Deno.test("deno publish --dry-run: the JSR package @hpm/cli is clean (license, no slow types)", async () => {
  // --allow-dirty: a working checkout has uncommitted files; CI's fresh clone has none.
  const result = await run(["publish", "--dry-run", "--allow-dirty"]);
  const text = result.stdout + result.stderr;
  assert.equal(result.code, 0, text);
  assert.match(
    text,
    new RegExp(`Simulating publish of @hpm/cli@${VERSION.replaceAll(".", "\\.")}`),
  );
  assert.match(text, /Success Dry run complete/);
  const messages = text.split("\n").filter((line) => !line.trim().startsWith("file:///"));
  assert.doesNotMatch(messages.join("\n"), /warning|error/i, text);
  for (const file of ["main.ts", "deno.json", "src/cli/commands.ts", "README.md"]) {
    assert.ok(text.includes(`${REPO}/${file}`), `${file} is published`);
  }
  for (const dir of ["tests/", "scripts/", "registry-fixtures/", ".github/", "dist/"]) {
    assert.ok(!text.includes(`${REPO}/${dir}`), `${dir} is not published`);
  }
});

Deno.test("compile without DENORT_BIN and without dl.deno.land: says what to do, exit 1, no files", async () => {
  const parent = await Deno.makeTempDir({ prefix: "hpm-dist-" });
  await using _parent = removing(parent);
  const fresh = `${parent}/dist`; // does not exist yet
  const existing = `${parent}/existing`;
  await Deno.mkdir(existing);
  await Deno.writeTextFile(`${existing}/hpm.bundle.js`, "// an earlier build\n");
  for (const out of [fresh, existing]) {
    const before = await listing(out);
    const result = await run(["run", "-A", "scripts/compile.ts", "--out", out], {
      env: UNREACHABLE,
      clear: ["DENORT_BIN"],
    });
    assert.equal(result.code, 1, result.stderr);
    const target = TARGETS[0];
    assert.match(
      result.stderr,
      new RegExp(`cannot get the Deno runtime \\(denort [\\d.]+\\) for ${target}`),
    );
    assert.match(result.stderr, /dl\.deno\.land/);
    assert.match(
      result.stderr,
      /hint: .*DENORT_BIN|DENORT_BIN=\/path\/to\/denort deno task compile/,
    );
    assert.match(result.stderr, new RegExp(`--target ${target}`));
    assert.equal(result.stdout, "");
    assert.deepEqual(await listing(out), before, `nothing left in ${out}`);
  }
  assert.deepEqual(await listing(parent), ["existing"], "no output directory was created");
});

Deno.test("compile refuses a DENORT_BIN that cannot build the target", async () => {
  const dir = await Deno.makeTempDir();
  await using _dir = removing(dir);
  const out = `${dir}/dist`;
  // The deno CLI under other names: identified by what it is, not by its path.
  await Deno.copyFile(Deno.execPath(), `${dir}/copy-of-deno`);
  await Deno.link(Deno.execPath(), `${dir}/denort`).catch(() =>
    Deno.copyFile(Deno.execPath(), `${dir}/denort`) // another file system: a copy too
  );
  const cases: Array<[Record<string, string>, string[], RegExp]> = [
    [{ DENORT_BIN: Deno.execPath() }, [], /is the deno CLI .*, not the denort runtime/],
    [{ DENORT_BIN: `${dir}/copy-of-deno` }, [], /copy-of-deno is the deno CLI/],
    [{ DENORT_BIN: `${dir}/denort` }, [], /denort is the deno CLI/],
    [{ DENORT_BIN: "/no/such/denort" }, [], /does not exist/],
    [
      { DENORT_BIN: Deno.execPath() },
      ["--target", TARGETS[0], "--target", TARGETS[1]],
      /builds one target, not 2/,
    ],
  ];
  for (const [env, args, message] of cases) {
    const result = await run(["run", "-A", "scripts/compile.ts", "--out", out, ...args], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /type errors/);
    assert.deepEqual(await listing(out), []);
  }
});

Deno.test("compile: an empty DENORT_BIN= is unset (the runtime is downloaded, here: cannot be)", async () => {
  const parent = await Deno.makeTempDir({ prefix: "hpm-dist-" });
  try {
    const result = await run(["run", "-A", "scripts/compile.ts", "--out", `${parent}/dist`], {
      env: { ...UNREACHABLE, DENORT_BIN: "" },
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /cannot get the Deno runtime \(denort [\d.]+\) for /);
    assert.doesNotMatch(result.stderr, /DENORT_BIN= /);
    assert.deepEqual(await listing(parent), []);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("binaryTarget reads the platform of a runtime from its header", async () => {
  const elf = new Uint8Array(64);
  elf.set([0x7f, 0x45, 0x4c, 0x46]);
  elf[18] = 0xb7;
  assert.equal(binaryTarget(elf), "aarch64-unknown-linux-gnu");
  const macho = new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 0x01]);
  assert.equal(binaryTarget(macho), "aarch64-apple-darwin");
  const pe = new Uint8Array(0x90);
  pe.set([0x4d, 0x5a]);
  pe[0x3c] = 0x80;
  pe.set([0x50, 0x45, 0, 0, 0x64, 0x86], 0x80);
  assert.equal(binaryTarget(pe), "x86_64-pc-windows-msvc");
  assert.equal(binaryTarget(new TextEncoder().encode("#!/bin/sh\n")), undefined);
  const self = await Deno.open(Deno.execPath());
  const header = new Uint8Array(4096);
  const n = (await self.read(header)) ?? 0;
  self.close();
  assert.equal(binaryTarget(header.subarray(0, n)), Deno.build.target);
  assert.equal(
    binaryName("1.2.3", "x86_64-pc-windows-msvc"),
    "hpm-1.2.3-x86_64-pc-windows-msvc.exe",
  );
});

Deno.test("parseEmbeddedReport: packages under .deno_compile_node_modules, sizes", () => {
  const report = parseEmbeddedReport(
    [
      "Embedded Files",
      "",
      "hpm",
      "├─┬ .deno_compile_node_modules (1.5MB - 1.4MB unique)",
      "│ └─┬ localhost (1.5MB - 1.4MB unique)",
      "│   ├─┬ @inquirer (285.42KB - 269.38KB unique)",
      "│   │ ├── ansi/* (6.08KB)",
      "│   │ └── core/* (59.73KB - 58.7KB unique)",
      "│   ├── @xterm/headless/* (1.87MB - 1.87MB unique)",
      "│   ├─┬ mute-stream (13.23KB - 8.06KB unique)",
      "│   │ ├── 3.0.0/* (6.53KB - 6.51KB unique)",
      "│   │ └── 4.0.0/* (6.7KB - 1.55KB unique)",
      "│   └── yaml/2.9.1/* (675.49KB - 673.98KB unique)",
      "├── deno.json (896B)",
      "└─┬ src (624.81KB - 624.06KB unique)",
      "  └── cli/* (62.26KB)",
      "",
      "Files: 2.36MB",
    ].join("\n"),
  );
  assert.deepEqual(report.packages, [
    "@inquirer/ansi",
    "@inquirer/core",
    "@xterm/headless",
    "mute-stream",
    "yaml",
  ]);
  assert.equal(report.totalBytes, Math.round(2.36 * 1024 * 1024));
  assert.equal(report.npmBytes, Math.round(1.5 * 1024 * 1024));
});

Deno.test("a compiled hpm embeds only runtime npm packages (measured with deno as a stand-in runtime)", async () => {
  const result = await run(["run", "-A", "scripts/compile.ts", "--embedded-report"]);
  assert.equal(result.code, 0, result.stderr);
  const measured = JSON.parse(result.stdout);
  const lock = JSON.parse(await Deno.readTextFile(`${REPO}/deno.lock`));
  const runtime = runtimePackages(CONFIG, lock);
  for (const name of ["yaml", "toml-eslint-parser"]) assert.ok(runtime.includes(name), name);
  assert.ok(!runtime.includes("@inquirer/testing") && !runtime.includes("@xterm/headless"));
  for (const name of measured.packages) {
    assert.ok(runtime.includes(name), `${name} is embedded but is not a runtime dependency`);
  }
  for (const name of ["yaml", "toml-eslint-parser"]) assert.ok(measured.packages.includes(name));
  assert.ok(
    !measured.packages.some((name: string) => name === "deno" || name.startsWith("@deno/")),
  );
  assert.ok(measured.npmBytes < 4 * 1024 * 1024, `npm packages: ${measured.npmBytes} bytes`);
  assert.ok(measured.embeddedBytes < 8 * 1024 * 1024, `all files: ${measured.embeddedBytes} bytes`);
  console.log(
    `embedded: ${(measured.embeddedBytes / 1024 / 1024).toFixed(2)} MB in all, ` +
      `npm packages ${
        (measured.npmBytes / 1024 / 1024).toFixed(2)
      } MB (${measured.packages.length})`,
  );
});

Deno.test("compile with DENORT_BIN (packaging only, a stand-in runtime): one binary and its checksum moved into the output, nothing else", async () => {
  // Packaging only: the real denort is not on this machine, so a small native program of this
  // platform (coreutils' `true`, not the deno CLI) stands in for it. The build goes through
  // every step (checks, deno compile, embedded report, checksums, the move into the output);
  // the file it makes is `true` with hpm attached, not a working hpm.
  const dir = await Deno.makeTempDir({ prefix: "hpm-compile-" });
  const standIn = `${dir}/denort`;
  const native = ["/usr/bin/true", "/bin/true"].find((path) => {
    try {
      return Deno.statSync(path).isFile;
    } catch {
      return false;
    }
  });
  assert.ok(native, "coreutils' true is needed as the stand-in runtime");
  await Deno.copyFile(native, standIn);
  const out = `${dir}/dist`;
  await Deno.mkdir(out);
  await Deno.writeTextFile(`${out}/hpm.bundle.js`, "// an earlier build\n");
  try {
    const result = await run(["run", "-A", "scripts/compile.ts", "--out", out], {
      env: { DENORT_BIN: standIn },
    });
    assert.equal(result.code, 0, result.stderr);
    const binary = binaryName(VERSION, Deno.build.target);
    const sums = checksumsName(VERSION);
    assert.deepEqual(await listing(out), [binary, sums, "hpm.bundle.js"].sort());
    assert.equal(result.stdout, `${out}/${binary}\n${out}/${sums}\n`);
    assert.match(result.stderr, new RegExp(`built ${binary.replaceAll(".", "\\.")} \\(`));
    const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(`${out}/${binary}`));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    assert.equal(await Deno.readTextFile(`${out}/${sums}`), `${hex}  ${binary}\n`);
    const built = await new Deno.Command(`${out}/${binary}`, { args: ["--version"] }).output();
    assert.doesNotMatch(decoder.decode(built.stdout), /^deno /, "the result is not deno itself");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the bundle: built offline once esbuild is cached, runs alone with deno.json's version", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hpm-bundle-" });
  try {
    // scripts/test.sh bundles first (that fetches esbuild); here nothing may be downloaded.
    const built = await run(
      ["bundle", "--frozen", "--platform=deno", "-o", `${dir}/hpm.bundle.js`, "main.ts"],
      { env: UNREACHABLE },
    );
    assert.equal(built.code, 0, built.stderr);
    assert.doesNotMatch(built.stderr, /Download/);
    assert.deepEqual(await listing(dir), ["hpm.bundle.js"]);
    const version = await run(["run", "-A", `${dir}/hpm.bundle.js`, "--version"], { cwd: dir });
    assert.equal(version.stdout, `hpm ${VERSION}\n`);
    assert.equal(version.stderr, "");
    assert.deepEqual(await listing(dir), ["hpm.bundle.js"], "no node_modules appeared");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("install from source: deno install -g -n hpm --config deno.json main.ts", async () => {
  const root = await Deno.makeTempDir({ prefix: "hpm-install-" });
  try {
    const installed = await run(
      [
        "install",
        "-g",
        "-A",
        "-f",
        "-n",
        "hpm",
        "--root",
        root,
        "--config",
        `${REPO}/deno.json`,
        `${REPO}/main.ts`,
      ],
      { cwd: root },
    );
    assert.equal(installed.code, 0, installed.stderr);
    const shim = `${root}/bin/hpm`;
    const version = await new Deno.Command(shim, { args: ["--version"], cwd: root }).output();
    assert.equal(decoder.decode(version.stdout), `hpm ${VERSION}\n`);
    const list = await new Deno.Command(shim, {
      args: ["list"],
      cwd: `${FIXTURES}/seed-project`,
      env: { NO_COLOR: "1", HPM_CACHE_DIR: TEST_CACHE_DIR },
    }).output();
    assert.equal(list.code, 0, decoder.decode(list.stderr));
    assert.match(decoder.decode(list.stdout), /^inference \(1-of-N\)/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
