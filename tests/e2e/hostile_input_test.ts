/** Hostile input: credentials never printed, values never escape their TOML string, huge YAML refused. */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing, REPO, spawnHpm } from "../support/hpm.ts";
import { fileState } from "../support/project.ts";
import { parseToml } from "../../src/pyproject/parse.ts";

const SECRET = "s3cr3t-t0ken";

async function seedWithGitQwen(url: string, extra = ""): Promise<string> {
  const dir = await copyFixture("seed-project");
  await Deno.writeTextFile(
    `${dir}/registry/packages/vlm-adapter-qwen.yaml`,
    `name: vlm-adapter-qwen\nversion: "0.1.0"\nsources:\n  prod:\n    type: git\n    url: ${
      JSON.stringify(url)
    }\n    tag: "v1"${extra}\n`,
  );
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n',
  );
  return dir;
}

Deno.test("credentials in git URLs are masked in every output: show, dry-run diff, JSON, uv errors", async () => {
  const dir = await seedWithGitQwen(`https://deploy:${SECRET}@git.example.com/qwen.git`);
  await using _dir = removing(dir);
  const runs = [
    ["show", "inference"],
    ["show", "inference", "--json"],
    ["registry", "list", "--json"],
    ["sync", "--dry-run"],
    ["sync", "--dry-run", "--json"],
    ["check"],
    ["check", "--json"],
    ["sync", "--verbose"],
  ];
  for (const args of runs) {
    const result = await hpm(args, { cwd: dir });
    const all = result.stdout + result.stderr;
    assert.doesNotMatch(all, new RegExp(SECRET), `hpm ${args.join(" ")} printed the token`);
    assert.match(all, /https:\/\/\*\*\*@git\.example\.com\/qwen\.git/, `hpm ${args.join(" ")}`);
  }
  // The file itself keeps the real URL (it is the user's to keep): only output is masked.
  const dry = await hpm(["sync", "--dry-run"], { cwd: dir });
  assert.match(
    dry.stdout,
    /\+vlm-adapter-qwen = \{ git = "https:\/\/\*\*\*@git\.example\.com\/qwen\.git", tag = "v1" \}/,
  );
});

Deno.test("quotes, backslashes and newlines in manifest values stay inside their TOML string", async () => {
  const hostile = 'https://example.com/x.git"\n[tool.evil]\npwned = true\n#\\';
  const dir = await seedWithGitQwen(hostile, '\n    subdirectory: "a\\"]\\n[b]"');
  await using _dir = removing(dir);
  const before = await fileState(dir);
  const dry = await hpm(["sync", "--dry-run", "--json"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  const entry = JSON.parse(dry.stdout).entries[0];
  assert.deepEqual(entry.source, { git: hostile, tag: "v1", subdirectory: 'a"]\n[b]' });
  // What sync would write parses back to exactly those strings, and nothing else appears.
  const diff: string = JSON.parse(dry.stdout).diff;
  const added = diff.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"));
  assert.ok(added.every((l) => !l.startsWith("+[tool.evil]")), diff);
  const text = before["pyproject.toml"]!.replace(
    "dependencies = []",
    'dependencies = ["vlm-adapter-qwen"]',
  ) + `\n[tool.uv.sources]\n${added.find((l) => l.startsWith("+vlm-adapter-qwen ="))!.slice(1)}\n`;
  const parsed = parseToml(text, "p.toml").value as {
    tool: { uv: { sources: Record<string, unknown> }; evil?: unknown };
  };
  assert.equal(parsed.tool.evil, undefined);
  assert.deepEqual(parsed.tool.uv.sources["vlm-adapter-qwen"], entry.source);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("names that could escape the registry or the project are refused", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/registry/groups/inference.yaml`,
    'name: "inference"\nstrategy: "1-of-N"\noptions:\n  - name: "../../../etc/passwd"\n  - name: "vlm-adapter-qwen"\n',
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 2);
  assert.match(validate.stderr, /\.\.\/\.\.\/\.\.\/etc\/passwd/);
  const add = await hpm(["group", "add", "inference", "-o", "../../../etc/passwd"], { cwd: dir });
  assert.equal(add.code, 2);
});

Deno.test("very large or deeply nested YAML is refused with a clear problem", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const deep = "name: deep\nversion: '1'\nsources:\n" +
    Array.from({ length: 200 }, (_, i) => "  ".repeat(i + 1) + `k${i}:`).join("\n") + " x\n";
  await Deno.writeTextFile(`${dir}/registry/packages/deep.yaml`, deep);
  await Deno.writeTextFile(
    `${dir}/registry/packages/huge.yaml`,
    "name: huge\nversion: '1'\ndescription: " + "x".repeat(2 * 1024 * 1024) + "\n",
  );
  const started = performance.now();
  const result = await hpm(["registry", "validate", "--json"], { cwd: dir });
  assert.ok(performance.now() - started < 10_000);
  assert.equal(result.code, 2);
  const problems = JSON.parse(result.stdout).error.problems as Array<
    { file: string; message: string }
  >;
  assert.ok(
    problems.some((p) => p.file.endsWith("deep.yaml") && /nest/i.test(p.message)),
    JSON.stringify(problems),
  );
  assert.ok(
    problems.some((p) => p.file.endsWith("huge.yaml") && /MiB|large|size/i.test(p.message)),
    JSON.stringify(problems),
  );
});

Deno.test("a pyproject.toml that is not UTF-8 is refused at its first bad byte, never rewritten", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  const latin1 = new Uint8Array([
    ...new TextEncoder().encode("# caf"),
    0xe9,
    ...new TextEncoder().encode(" (Latin-1)\n"),
    ...await Deno.readFile(path),
  ]);
  await Deno.writeFile(path, latin1);
  for (
    const args of [["group", "add", "inference", "-o", "vlm-adapter-qwen"], ["sync"], ["list"]]
  ) {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /pyproject\.toml:1:6: error: byte 0xe9 is not UTF-8 \(TOML files are UTF-8\)\nerror: pyproject\.toml is not valid UTF-8\nhint: save pyproject\.toml as UTF-8/,
    );
    assert.deepEqual(await Deno.readFile(path), latin1);
  }
});

Deno.test("terminal control characters in registry text are refused, never printed", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const manifest = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
  const text = await Deno.readTextFile(manifest);
  await Deno.writeTextFile(
    manifest,
    text.replace(
      'version: "0.1.0"\n',
      'version: "0.1.0"\ndescription: "\\e]0;pwned\\a\\e[2J\\e[31mRED"\n',
    ),
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 2);
  assert.match(
    validate.stderr,
    /vlm-adapter-qwen\.yaml:\d+:\d+: error: 'description' holds a control character \(U\+001B\), which a terminal would act on/,
  );
  // Also where no field check looks: a list item, shown in messages and in list's relations.
  const group = `${dir}/registry/groups/inference.yaml`;
  await Deno.writeTextFile(
    group,
    (await Deno.readTextFile(group)).replace(
      /(- name: "?vlm-adapter-deepseek"?\n)/,
      '$1    conflicts: ["\\e]0;PWNED\\aevil"]\n',
    ),
  );
  for (
    const args of [["show", "inference"], ["list"], ["search", "qwen"], ["registry", "validate"]]
  ) {
    const result = await hpm(args, { cwd: dir });
    const all = result.stdout + result.stderr;
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(all, /\x1b\]0;|\x1b\[2J|\x07/, args.join(" "));
  }
  // The group's file now holds an error (a conflict with no such option): a command that needs
  // it names its problems, neutralized.
  assert.match((await hpm(["show", "inference"], { cwd: dir })).stderr, /\^\[\]0;PWNED\^Gevil/);
});

Deno.test("output cut short by its reader (| head -1) ends quietly, JSON too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hpm-pipe-" });
  await using _dir = removing(dir);
  const gen = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${REPO}/scripts/gen_registry.ts`,
      dir,
      "--packages",
      "1500",
      "--groups",
      "150",
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.ok(gen.success, new TextDecoder().decode(gen.stderr));
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    '[project]\nname = "big"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n',
  );
  for (const args of [["registry", "list"], ["list", "--json"]]) {
    const child = spawnHpm(args, { cwd: dir });
    const reader = child.stdout.getReader();
    await reader.read(); // the first chunk, then the reader goes away
    await reader.cancel();
    const stderr = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
    const status = await child.status;
    assert.equal(status.code, 0, stderr);
    assert.equal(stderr, "", args.join(" "));
  }
});

Deno.test("a closed pipe does not change what a command does or its exit code", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  // Drift, with nobody reading stdout: status --check still fails.
  const status = spawnHpm(["status", "--check", "--json"], { cwd: dir });
  await status.stdout.cancel();
  await status.stderr.cancel();
  assert.equal((await status.status).code, 1);
  // sync whose stderr reader went away at once still syncs, and says so by its exit code.
  const sync = spawnHpm(["sync"], { cwd: dir });
  await sync.stderr.cancel();
  await sync.stdout.cancel();
  assert.equal((await sync.status).code, 0);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /dependencies = \["vlm-adapter-qwen"\]/,
  );
  assert.match(await Deno.readTextFile(`${dir}/uv.lock`), /name = "vlm-adapter-qwen"/);
});

// ---- round 2: shared registries and caches as untrusted input ------------------------------

const EVIL = "https://127.0.0.1:9/attacker/evil.git";

/** Waits until files just written are old enough for hpm to write its registry cache. */
async function letCacheBeWritten(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 3200));
}

Deno.test("a registry cache file forged by someone else is a miss: show, sync and validate read the files", async () => {
  const dir = await seedWithGitQwen("https://git.example.com/qwen.git");
  await using _dir = removing(dir);
  const cacheDir = await Deno.makeTempDir({ prefix: "hpm-forged-cache-" });
  await using _cacheDir = removing(cacheDir);
  const env = { HPM_CACHE_DIR: cacheDir };
  await letCacheBeWritten();
  const first = await hpm(["show", "inference", "--verbose"], { cwd: dir, env });
  assert.match(first.stderr, /registry cache: written/, first.stderr);
  const [cache] = [...Deno.readDirSync(cacheDir)].filter((e) => e.name.endsWith(".cache"));
  const path = `${cacheDir}/${cache.name}`;
  // The attacker rewrites the cached source, keeping everything else as hpm wrote it.
  const text = Deno.readTextFileSync(path);
  assert.ok(text.includes("https://git.example.com/qwen.git"));
  Deno.writeTextFileSync(path, text.replaceAll("https://git.example.com/qwen.git", EVIL));
  const before = await fileState(dir);
  for (
    const args of [["show", "inference", "--verbose"], ["sync", "--dry-run"], [
      "registry",
      "list",
      "--json",
    ]]
  ) {
    const result = await hpm(args, { cwd: dir, env });
    assert.doesNotMatch(result.stdout + result.stderr, /attacker/, args.join(" "));
    assert.match(result.stdout, /git\.example\.com\/qwen\.git/, args.join(" "));
    if (args.includes("--verbose")) {
      assert.match(result.stderr, /registry cache: miss \(not sealed with this user's key/);
    }
  }
  // registry validate never trusts a cache: a forged one that claims a clean registry is not
  // read, and the registry's real problem is reported.
  Deno.writeTextFileSync(path, Deno.readTextFileSync(path).replaceAll("qwen.git", "qwen2.git"));
  await Deno.writeTextFile(`${dir}/registry/groups/broken.yaml`, "name: broken\n");
  const validate = await hpm(["registry", "validate", "--verbose"], { cwd: dir, env });
  assert.equal(validate.code, 2, validate.stderr);
  assert.doesNotMatch(validate.stderr, /registry cache: (hit|miss)/);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("a registry cache in a directory other users can write is neither read nor written", async () => {
  const dir = await seedWithGitQwen("https://git.example.com/qwen.git");
  await using _dir = removing(dir);
  const shared = await Deno.makeTempDir({ prefix: "hpm-shared-cache-" });
  await using _shared = removing(shared);
  await Deno.chmod(shared, 0o1777);
  await letCacheBeWritten();
  const result = await hpm(["list", "--verbose"], { cwd: dir, env: { HPM_CACHE_DIR: shared } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /registry cache: not used \(the cache directory .*: its mode 1777 lets other users in \(hpm needs 0700\)\)/,
  );
  assert.deepEqual([...Deno.readDirSync(shared)], []);
});

Deno.test("passwords with , ' or a raw @ and ?token= index URLs are masked in every output", async () => {
  for (const password of ["Zk7q,Wv9p", "Zk7q'Wv9p", "Zk7q@Wv9p", "Zk7q%40Wv9p"]) {
    const dir = await seedWithGitQwen(`https://alice:${password}@git.example.com/qwen.git`);
    // An index URL whose credential is a query parameter, in the group the project selects.
    await Deno.writeTextFile(
      `${dir}/registry/packages/vlm-adapter-deepseek.yaml`,
      'name: vlm-adapter-deepseek\nversion: "0.1.0"\nsources:\n  prod:\n    type: index\n' +
        '    version: ">=0.1"\n    index: "https://pypi.example.com/simple?Token=Tq8zJx2"\n',
    );
    const runs = [
      ["show", "inference"],
      ["show", "inference", "--json"],
      ["registry", "list", "--json"],
      ["sync", "--dry-run"],
      ["sync", "--dry-run", "--json"],
      ["status"],
      ["status", "--json"],
      ["sync", "--verbose"],
    ];
    for (const args of runs) {
      const result = await hpm(args, { cwd: dir });
      const all = result.stdout + result.stderr;
      assert.doesNotMatch(all, /Zk7q|Wv9p|Tq8zJx2/, `hpm ${args.join(" ")} (${password}):\n${all}`);
      assert.match(all, /https:\/\/\*\*\*@git\.example\.com\/qwen\.git/, `hpm ${args.join(" ")}`);
    }
    const list = await hpm(["registry", "list", "--json"], { cwd: dir });
    assert.match(list.stdout, /https:\/\/pypi\.example\.com\/simple\?Token=\*\*\*/);
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs hpm, killing it after `ms` (a hang is a failure, not a stuck test run). */
async function hpmWithin(
  ms: number,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string; hung: boolean }> {
  const child = spawnHpm(args, options);
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, ms);
  const output = await child.output();
  clearTimeout(timer);
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
    hung,
  };
}

Deno.test("a FIFO, a device or a link to /dev/zero in the registry is a located error, never a hang", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const fifo = await new Deno.Command("mkfifo", { args: [`${dir}/registry/packages/pipe.yaml`] })
    .output();
  assert.ok(fifo.success);
  await Deno.symlink("/dev/zero", `${dir}/registry/groups/zero.yaml`);
  const before = await fileState(dir);
  // sync --dry-run: with nothing selected, a real sync now works (and writes uv.lock).
  const runs = [["list"], ["registry", "validate"], ["sync", "--dry-run"], ["show", "inference"]];
  for (const args of runs) {
    const result = await hpmWithin(20_000, args, { cwd: dir });
    assert.ok(!result.hung, `hpm ${args.join(" ")} hung`);
    const all = result.stdout + result.stderr;
    if (args[0] !== "registry") {
      // A file that cannot be used costs only what needs it: one warning each, then the work.
      assert.equal(result.code, 0, all);
      assert.match(
        result.stderr,
        /warning: registry\/groups\/zero\.yaml cannot be used \(1 error\); commands that need group 'zero' fail\nwarning: registry\/packages\/pipe\.yaml cannot be used \(1 error\); commands that need package 'pipe' fail\n/,
      );
    } else {
      assert.equal(result.code, 2, all);
      assert.match(
        all,
        /registry\/packages\/pipe\.yaml:1:1: error: it is a FIFO \(named pipe\), not a regular file; not read/,
      );
      assert.match(
        all,
        /registry\/groups\/zero\.yaml:1:1: error: it is a character device, not a regular file; not read/,
      );
    }
  }
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("a pyproject.toml or uv.lock that is no regular file or is huge is refused at once", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  // uv.lock as a FIFO: sync would snapshot it while holding the project lock.
  const fifo = await new Deno.Command("mkfifo", { args: [`${dir}/uv.lock`] }).output();
  assert.ok(fifo.success);
  for (const args of [["sync"], ["status"]]) {
    const result = await hpmWithin(20_000, args, { cwd: dir });
    assert.ok(!result.hung, `hpm ${args.join(" ")} hung`);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /uv\.lock: it is a FIFO \(named pipe\), not a regular file/);
  }
  await Deno.remove(`${dir}/uv.lock`);
  // A 64 MB pyproject.toml: refused before it is read, in well under a second's work.
  const path = `${dir}/pyproject.toml`;
  const big = (await Deno.readTextFile(path)) + `# ${"x".repeat(64 * 1024 * 1024)}\n`;
  await Deno.writeTextFile(path, big);
  for (
    const args of [["group", "add", "inference", "-o", "vlm-adapter-qwen"], ["sync", "--dry-run"]]
  ) {
    const started = performance.now();
    const result = await hpmWithin(20_000, args, { cwd: dir });
    assert.ok(!result.hung && performance.now() - started < 10_000, args.join(" "));
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /pyproject\.toml:1:1: error: it is larger than 4 MiB; not read\nerror: pyproject\.toml: it is larger than 4 MiB; not read/,
    );
  }
  assert.equal((await Deno.stat(path)).size, new TextEncoder().encode(big).length);
});

Deno.test("file names and unknown keys cannot draw on the terminal; bidi text is a warning, shown", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  // A planted file name that would end the line and draw a fake verdict in green.
  const planted = "x\n\x1b[32m✔ registry: 2 groups, 4 packages, no errors\x1b[0m\r.yaml";
  await Deno.writeTextFile(`${dir}/registry/packages/${planted}`, "name: x\nversion: '1'\n");
  const manifest = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
  await Deno.writeTextFile(
    manifest,
    (await Deno.readTextFile(manifest)) +
      '"\\e[8mhidden\\e[0m\\rkey": 1\ndescription: "safe \\u202Etxt.exe\\u2066 and a\\u200Bb"\n',
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 2);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(validate.stderr, /\x1b|\r/);
  assert.ok(
    validate.stderr.split("\n").every((line) => !line.startsWith("✔") && !line.startsWith("^[")),
    validate.stderr,
  );
  assert.match(validate.stderr, /x\^J\^\[\[32m✔ registry: 2 groups/);
  assert.match(validate.stderr, /\^\[\[8mhidden\^\[\[0m\^Mkey/);
  assert.match(
    validate.stderr,
    /vlm-adapter-qwen\.yaml:\d+:\d+: warning: 'description' holds an invisible or text-reordering character \(U\+202E\), shown as <U\+202E>/,
  );
  const show = await hpm(["show", "inference"], { cwd: dir });
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(show.stdout + show.stderr, /[\u202e\u2066\u200b\x1b]/);
  assert.match(show.stdout, /safe <U\+202E>txt\.exe<U\+2066> and a<U\+200B>b/);
  // In JSON the value is kept, escaped: a reader gets the text as it is, a terminal nothing raw.
  const json = await hpm(["registry", "list", "--json"], { cwd: dir });
  assert.doesNotMatch(json.stdout, /[\u202e\u2066\u200b]/);
  assert.match(json.stdout, /safe \\u202etxt\.exe\\u2066 and a\\u200bb/);
});

Deno.test("registry validate reports package names equal under PEP 503, naming both files", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/registry/packages/VLM_Adapter.Qwen.yaml`,
    'name: VLM_Adapter.Qwen\nversion: "0.2.0"\nsources:\n  prod:\n    type: index\n',
  );
  const result = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /packages\/vlm-adapter-qwen\.yaml:1:\d+: error: package 'vlm-adapter-qwen' is the same name as 'VLM_Adapter\.Qwen' in registry\/packages\/VLM_Adapter\.Qwen\.yaml \(names equal under PEP 503 normalization/,
  );
  assert.match(
    result.stderr,
    /hint: remove or rename one of registry\/packages\/vlm-adapter-qwen\.yaml and registry\/packages\/VLM_Adapter\.Qwen\.yaml/,
  );
});

Deno.test("groups named constructor, __proto__, toString or hasOwnProperty are plain names", async () => {
  for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
    const dir = await copyFixture("seed-project");
    await Deno.writeTextFile(
      `${dir}/registry/groups/${name}.yaml`,
      `name: "${name}"\nstrategy: "M-of-N"\noptions:\n  - name: "metric-accuracy"\n  - name: "metric-latency"\n`,
    );
    await Deno.remove(`${dir}/registry/groups/metrics.yaml`);
    const validate = await hpm(["registry", "validate"], { cwd: dir });
    if (name === "__proto__") {
      // Not a valid group name by hpm's own rule: refused, not mistaken for anything.
      assert.equal(validate.code, 2, validate.stderr);
      await Deno.remove(dir, { recursive: true });
      continue;
    }
    assert.equal(validate.code, 0, validate.stderr);
    const removeUnset = await hpm(["group", "remove", name], { cwd: dir });
    assert.doesNotMatch(removeUnset.stderr, /native code|function/, removeUnset.stderr);
    assert.notEqual(removeUnset.code, 0);
    const show = await hpm(["show", name, "--json"], { cwd: dir });
    assert.equal(show.code, 0, show.stderr);
    assert.equal(JSON.parse(show.stdout).selection ?? null, null, show.stdout);
    const add = await hpm(["group", "add", name, "-o", "metric-latency"], { cwd: dir });
    assert.equal(add.code, 0, `${name}: ${add.stderr}`);
    assert.match(
      await Deno.readTextFile(`${dir}/pyproject.toml`),
      new RegExp(`${name} = \\["metric-latency"\\]`),
    );
    const list = await hpm(["list"], { cwd: dir });
    assert.equal(list.code, 0, list.stderr);
    assert.doesNotMatch(list.stdout + list.stderr, /native code|internal error/);
    const remove = await hpm(["group", "remove", name], { cwd: dir });
    assert.equal(remove.code, 0, remove.stderr);
    assert.match(remove.stderr, new RegExp(`removed.*${name}|${name}.*removed`));
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a pyproject.toml with a 3000-part table header or 3000 nested arrays is a located error", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  const seed = await Deno.readTextFile(path);
  const hostile = [
    `[${Array.from({ length: 3000 }, () => "a").join(".")}]\nx = 1\n`,
    `y = ${"[".repeat(3000)}${"]".repeat(3000)}\n`,
  ];
  for (const tail of hostile) {
    await Deno.writeTextFile(path, seed + tail);
    for (
      const args of [
        ["group", "add", "inference", "-o", "vlm-adapter-qwen"],
        ["sync", "--dry-run"],
        ["list"],
      ]
    ) {
      const result = await hpm(args, { cwd: dir });
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /internal error|Maximum call stack|deserialize/);
      assert.match(
        result.stderr,
        /pyproject\.toml:7:\d+: error: (a key or table header of more than 128 dotted parts|arrays or inline tables nested deeper than 128 levels)\n/,
      );
      assert.equal(await Deno.readTextFile(path), seed + tail);
    }
  }
});

Deno.test("a uv killed by a signal is reported with the signal's name", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const uv = `${dir}/killed-uv`;
  await Deno.writeTextFile(uv, "#!/bin/sh\nkill -KILL $$\n");
  await Deno.chmod(uv, 0o755);
  const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  const before = await fileState(dir);
  const result = await hpm(["sync"], { cwd: dir, env: { HPM_UV: uv } });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /error: .*uv was killed by SIGKILL/);
  assert.match(result.stderr, /hint: something outside hpm stopped uv \(SIGKILL/);
  const json = await hpm(["sync", "--json"], { cwd: dir, env: { HPM_UV: uv } });
  assert.equal(JSON.parse(json.stdout).error.uv.signal, "SIGKILL", json.stdout);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("registry add with a name too long for the file system says so", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const name = "a".repeat(300);
  const result = await hpm(
    [
      "registry",
      "add",
      "--name",
      name,
      "--type",
      "index",
      "--constraint",
      ">=1",
      "--version",
      "1.0",
    ],
    { cwd: dir },
  );
  assert.equal(result.code, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /changed while hpm was working on it/);
  assert.match(
    result.stderr,
    /error: cannot write registry\/packages\/a{300}\.yaml: file name too long/,
  );
  assert.match(result.stderr, /hint: that file name is too long for the file system/);
});

Deno.test("a selected local source outside the project and the registry is a warning naming it", async () => {
  for (const path of ["../../../../../../../../etc", "/etc"]) {
    const dir = await copyFixture("seed-project");
    const manifest = `${dir}/registry/packages/vlm-adapter-qwen.yaml`;
    await Deno.writeTextFile(
      manifest,
      (await Deno.readTextFile(manifest)).replace('"../../packages/vlm_adapter"', `"${path}"`),
    );
    const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
    assert.equal(add.code, 0, add.stderr);
    for (const args of [["list"], ["sync", "--dry-run"], ["status"]]) {
      const result = await hpm(args, { cwd: dir });
      assert.match(
        result.stderr,
        new RegExp(
          `vlm-adapter-qwen\\.yaml:\\d+:\\d+: warning: local path '${
            path.replaceAll(".", "\\.")
          }' of package 'vlm-adapter-qwen' \\(mode 'prod'\\) is outside the project and the registry: /etc`,
        ),
        `${args.join(" ")}: ${result.stderr}`,
      );
    }
    await Deno.remove(dir, { recursive: true });
  }
  // The fixture's own layout (packages beside the registry, in the project) warns of nothing.
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.doesNotMatch((await hpm(["list"], { cwd: dir })).stderr, /outside the project/);
});
