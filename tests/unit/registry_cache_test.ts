/**
 * The registry cache (src/registry/cache/read.ts) on real files in temporary directories: a hit
 * equals a fresh load, and every change the loaded registry depends on is a miss.
 *
 * A cache is written only when no file changed in the last 3 s (ctime included, which utime
 * cannot set back). So that no test waits for copies to age, the window is set to 0 for this
 * file (`setRacyMs`); the tests of the rule itself set RACY_MS back, and the one test that edits
 * a file after a cache was written first lets the clock pass the second of the file's ctime
 * (Deno gives ctime in whole seconds, which is what the 3 s stand guard over).
 */
import assert from "node:assert/strict";
import {
  cacheDirectory,
  fnv1a64,
  isRacy,
  LOADER_MODULES,
  RACY_MS,
  setRacyMs,
  type Stamp,
} from "../../src/registry/cache/read.ts";
import { EVICT_AFTER_MS, sealCache, unfaithful } from "../../src/registry/cache/write.ts";
import { privateProblem } from "../../src/registry/cache/trust.ts";
import { loadRegistry } from "../../src/registry/load.ts";
import { loadRegistryFiles } from "../../src/registry/load_files.ts";
import type { Registry } from "../../src/registry/types.ts";
import { FIXTURES, REPO } from "../support/hpm.ts";
import { pastCtimeOf } from "../support/project.ts";

const WORK = Deno.makeTempDirSync({ prefix: "hpm-cache-test-" });
globalThis.addEventListener("unload", () => Deno.removeSync(WORK, { recursive: true }));

/** Copies a fixture's registry and the local packages beside it (what its paths point at). */
function copyTree(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const entry of Deno.readDirSync(from)) {
    if (entry.name === ".venv" || entry.name === "__pycache__") continue;
    if (entry.isDirectory) copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else Deno.copyFileSync(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

const PROJECTS = ["seed-project", "matrix-project", "conflict-project", "implies-project"];

// Copies are used at once: the racy window is 0 unless a test sets RACY_MS back (`withRacyMs`).
setRacyMs(0);

/** Runs `body` with the racy window set to `ms`, then sets 0 again. */
async function withRacyMs<T>(ms: number, body: () => Promise<T>): Promise<T> {
  setRacyMs(ms);
  try {
    return await body();
  } finally {
    setRacyMs(0);
  }
}

/** Registry roots by name, each its own copy, ready to be cached once `ready()` resolved. */
const roots = new Map<string, string>();
let prepared: Promise<void> | undefined;

function ready(): Promise<void> {
  prepared ??= (() => {
    const copy = (name: string, fixture: string, registry = "registry") => {
      copyTree(`${FIXTURES}/${fixture}`, `${WORK}/${name}`);
      roots.set(name, registry ? `${WORK}/${name}/${registry}` : `${WORK}/${name}`);
    };
    for (const project of PROJECTS) copy(project, project);
    copy("many-problems", "invalid/many-problems", "");
    for (
      const name of [
        "edit",
        "add",
        "remove",
        "rename",
        "add-remove",
        "local-gone",
        "local-back",
        "corrupt",
        "no-cache",
        "tamper",
        "cwd",
      ]
    ) copy(name, "seed-project");
    Deno.removeSync(`${WORK}/local-back/packages/metric_latency`, { recursive: true });
    // A `.yaml` name that is a directory behind a symlink: listed, and unreadable.
    copy("unreadable", "seed-project");
    Deno.mkdirSync(`${WORK}/unreadable/elsewhere`);
    Deno.symlinkSync(
      `${WORK}/unreadable/elsewhere`,
      `${WORK}/unreadable/registry/packages/odd.yaml`,
    );
    // `implies` naming the group `__proto__`: the reader's record gets another prototype, which
    // JSON would not carry back.
    copy("proto", "seed-project");
    Deno.writeTextFileSync(
      `${WORK}/proto/registry/groups/metrics.yaml`,
      Deno.readTextFileSync(`${WORK}/proto/registry/groups/metrics.yaml`).replace(
        '    description: "Latency percentiles"\n',
        '    description: "Latency percentiles"\n    implies: {__proto__: [x]}\n',
      ),
    );
    // Old mtimes, as the brief's edits force them back; ctime can only age by waiting.
    const past = new Date(Date.now() - 3600_000);
    const age = (dir: string) => {
      for (const entry of Deno.readDirSync(dir)) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory) age(path);
        if (!entry.isSymlink) Deno.utimeSync(path, past, past);
      }
    };
    age(WORK);
    return Promise.resolve();
  })();
  return prepared;
}

/** Runs `body` with HPM_CACHE_DIR set to a fresh directory (and HPM_NO_CACHE unset). */
async function withCache(body: (cacheDir: string) => Promise<void>): Promise<void> {
  await ready();
  const saved = { dir: Deno.env.get("HPM_CACHE_DIR"), off: Deno.env.get("HPM_NO_CACHE") };
  const cacheDir = Deno.makeTempDirSync({ dir: WORK, prefix: "cache-" });
  Deno.env.set("HPM_CACHE_DIR", cacheDir);
  Deno.env.delete("HPM_NO_CACHE");
  try {
    await body(cacheDir);
  } finally {
    if (saved.dir === undefined) Deno.env.delete("HPM_CACHE_DIR");
    else Deno.env.set("HPM_CACHE_DIR", saved.dir);
    if (saved.off !== undefined) Deno.env.set("HPM_NO_CACHE", saved.off);
  }
}

/** The cache files in `cacheDir` (temporary files of a write excluded). */
function cacheFiles(cacheDir: string): string[] {
  return [...Deno.readDirSync(cacheDir)].map((e) => e.name).filter((n) => n.endsWith(".cache"))
    .map((name) => `${cacheDir}/${name}`);
}

/** The one cache file in `cacheDir`, with its text. */
function theCache(cacheDir: string): { file: string; text: string } {
  const files = cacheFiles(cacheDir);
  assert.equal(files.length, 1, `one cache file in ${cacheDir}: ${files}`);
  return { file: files[0], text: Deno.readTextFileSync(files[0]) };
}

/** A fresh load, the cache bypassed. */
async function fresh(root: string): Promise<Registry> {
  return (await loadRegistryFiles(root)).registry;
}

/** Equal, including Map order, key order and absent (not undefined) fields. */
function assertSame(actual: Registry, expected: Registry): void {
  assert.deepStrictEqual(actual, expected);
  assert.deepEqual([...actual.groups.keys()], [...expected.groups.keys()]);
  assert.deepEqual([...actual.packages.keys()], [...expected.packages.keys()]);
  const json = (r: Registry) =>
    JSON.stringify([r.root, [...r.groups], [...r.packages], r.problems]);
  assert.equal(json(actual), json(expected));
}

const POISON = "served from the cache";

/**
 * Rewrites the registry stored in the cache file with one more problem, so that a hit shows:
 * a test that then expects a fresh load's result proves a miss.
 */
async function poison(file: string): Promise<void> {
  const lines = body(file).split("\n");
  const stored = JSON.parse(lines[2]);
  stored.problems.push({ file: "x", line: 1, column: 1, message: POISON, severity: "error" });
  lines[2] = JSON.stringify(stored);
  await reseal(file, lines.join("\n"));
}

/** A cache file's text after its seal (the first line): fingerprint, paths, registry. */
function body(file: string): string {
  const text = Deno.readTextFileSync(file);
  return text.slice(text.indexOf("\n") + 1);
}

/** Writes `text` as the body of cache file `file`, sealed with the user's key beside it. */
async function reseal(file: string, text: string): Promise<void> {
  const sealed = await sealCache(file.slice(0, file.lastIndexOf("/")), text);
  assert.equal(typeof sealed, "string");
  Deno.writeTextFileSync(file, sealed as string);
}

function poisoned(registry: Registry): boolean {
  return registry.problems.some((p) => p.message === POISON);
}

/** Loads `root` once to write its cache; returns the cache file. */
async function primed(root: string, cacheDir: string): Promise<string> {
  assertSame(await loadRegistry(root), await fresh(root));
  return theCache(cacheDir).file;
}

Deno.test("registry cache: a hit equals a fresh load (fixtures, problems included)", async () => {
  await withCache(async (cacheDir) => {
    for (const name of [...PROJECTS, "many-problems"]) {
      const root = roots.get(name)!;
      const expected = await fresh(root);
      const before = new Set(cacheFiles(cacheDir));
      assertSame(await loadRegistry(root), expected);
      const written = cacheFiles(cacheDir).filter((f) => !before.has(f));
      assert.equal(written.length, 1, `${name}: a cache file was written`);
      const text = Deno.readTextFileSync(written[0]);
      assertSame(await loadRegistry(root), expected);
      assert.equal(Deno.readTextFileSync(written[0]), text, `${name}: a hit does not rewrite`);
      if (name === "many-problems") assert.ok(expected.problems.length > 10);
    }
  });
});

Deno.test("registry cache: a hit is served from the cache file", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("tamper")!;
    await poison(await primed(root, cacheDir));
    assert.ok(poisoned(await loadRegistry(root)));
  });
});

Deno.test("registry cache: a cache file changed by anyone but hpm is a miss (its seal fails)", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("tamper")!;
    const file = await primed(root, cacheDir);
    const good = Deno.readTextFileSync(file);
    // A forged source, the rest of the file as hpm wrote it: the seal no longer matches.
    const forged = good.replace(/"name":"vlm-adapter-qwen"/, '"name":"vlm-adapter-qwen","x":1');
    assert.notEqual(forged, good);
    Deno.writeTextFileSync(file, forged);
    assertSame(await loadRegistry(root), await fresh(root));
    assert.equal(Deno.readTextFileSync(file), good, "written again, sealed");
    // Sealed with another key (another user's, another machine's): a miss too.
    await poison(file);
    const otherKey = Deno.makeTempDirSync({ dir: WORK, prefix: "other-" });
    const elsewhere = await sealCache(otherKey, body(file));
    Deno.writeTextFileSync(file, elsewhere as string);
    assert.ok(!poisoned(await loadRegistry(root)));
  });
});

Deno.test("registry cache: a cache directory others can write, or a foreign file, is never used", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("tamper")!;
    const file = await primed(root, cacheDir);
    await poison(file);
    const sealedText = Deno.readTextFileSync(file);
    // Shared (mode 0777, a CI cache, /tmp): neither read nor written.
    Deno.chmodSync(cacheDir, 0o777);
    assert.ok(!poisoned(await loadRegistry(root)));
    assert.equal(
      Deno.readTextFileSync(file),
      sealedText,
      "nothing written into a shared directory",
    );
    Deno.chmodSync(cacheDir, 0o700);
    assert.ok(poisoned(await loadRegistry(root)), "the same file, once the directory is private");
    // A cache file or key readable or writable by others: a miss.
    for (const path of [file, `${cacheDir}/key`]) {
      Deno.chmodSync(path, 0o644);
      assert.ok(!poisoned(await loadRegistry(root)), `${path} at 0644`);
      Deno.chmodSync(path, 0o600);
    }
    // Another user's file (only root can make one): a miss.
    if (Deno.uid() === 0) {
      Deno.writeTextFileSync(file, sealedText);
      Deno.chownSync(file, 65534, 65534);
      assert.ok(!poisoned(await loadRegistry(root)), "a file of uid 65534");
      Deno.removeSync(file);
      Deno.writeTextFileSync(file, sealedText, { mode: 0o600 });
      Deno.chownSync(cacheDir, 65534, 65534);
      assert.ok(!poisoned(await loadRegistry(root)), "a directory of uid 65534");
      Deno.chownSync(cacheDir, 0, 0);
    }
    // A symbolic link for the directory: not used.
    const link = `${WORK}/cache-link-${crypto.randomUUID()}`;
    Deno.symlinkSync(cacheDir, link);
    Deno.env.set("HPM_CACHE_DIR", link);
    assert.ok(!poisoned(await loadRegistry(root)));
  });
});

Deno.test("registry cache: the trust checks, each", () => {
  const base: Deno.FileInfo = { ...Deno.statSync(WORK), isDirectory: true, isFile: false };
  const uid = 1000;
  const dir = (over: Partial<Deno.FileInfo>) =>
    privateProblem({ ...base, uid, mode: 0o40700, isSymlink: false, ...over }, "directory", uid);
  assert.equal(dir({}), undefined);
  assert.match(dir({ mode: 0o40755 })!, /mode 0755 lets other users in/);
  assert.match(dir({ mode: 0o41777 })!, /mode 1777/);
  assert.match(dir({ uid: 0 })!, /owned by uid 0, not by the running user \(uid 1000\)/);
  assert.match(dir({ isSymlink: true })!, /symbolic link/);
  assert.match(dir({ isDirectory: false, isFile: true })!, /not a directory/);
  // Windows: no uid, no mode; only the seal holds.
  assert.equal(dir({ uid: null, mode: null }), undefined);
  assert.equal(
    privateProblem({ ...base, isDirectory: false, isFile: true, uid, mode: 0o100600 }, "file", uid),
    undefined,
  );
});

Deno.test("registry cache: an edit of the same size with the old mtime is a miss", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("edit")!;
    const file = `${root}/groups/metrics.yaml`;
    const cache = await primed(root, cacheDir);
    await poison(cache);
    const stored = Deno.readTextFileSync(cache);
    const before = Deno.statSync(file);
    await pastCtimeOf(file, WORK);
    const text = Deno.readTextFileSync(file);
    const edited = text.replace("Evaluation metrics", "Evaluation METRICS");
    assert.equal(edited.length, text.length);
    Deno.writeTextFileSync(file, edited);
    Deno.utimeSync(file, before.atime!, before.mtime!);
    const after = Deno.statSync(file);
    assert.deepEqual([after.size, after.mtime, after.ino], [before.size, before.mtime, before.ino]);
    // The rule in force: the file changed just now, so the cache is not rewritten, and the
    // stale one is not used.
    await withRacyMs(RACY_MS, async () => {
      const registry = await loadRegistry(root);
      assert.equal(
        registry.groups.get("metrics")!.description,
        "Evaluation METRICS; pick one or more",
      );
      assertSame(registry, await fresh(root));
      assert.equal(Deno.readTextFileSync(cache), stored);
      assertSame(await loadRegistry(root), await fresh(root));
    });
  });
});

/**
 * Writes the cache of registry `name` and poisons it, applies `change`, then loads: asserts a
 * miss, equal to a fresh load, and returns it.
 */
async function afterChange(name: string, change: (root: string) => void): Promise<Registry> {
  let registry: Registry | undefined;
  await withCache(async (cacheDir) => {
    const root = roots.get(name)!;
    await poison(await primed(root, cacheDir));
    change(root);
    registry = await loadRegistry(root);
    assert.ok(!poisoned(registry), `${name}: a miss`);
    assertSame(registry, await fresh(root));
  });
  return registry!;
}

Deno.test("registry cache: adding, removing or renaming a file is a miss", async () => {
  const added = await afterChange("add", (root) => {
    Deno.writeTextFileSync(
      `${root}/groups/extra.yaml`,
      'name: "extra"\nstrategy: "1-of-N"\noptions: [{name: "metric-latency"}]\n',
    );
  });
  assert.deepEqual([...added.groups.keys()], ["extra", "inference", "metrics"]);
  const removed = await afterChange("remove", (root) => {
    Deno.removeSync(`${root}/packages/metric-latency.yaml`);
  });
  assert.ok(!removed.packages.has("metric-latency"));
  assert.ok(removed.problems.some((p) => p.message.includes("metric-latency")));
  const renamed = await afterChange("rename", (root) => {
    Deno.renameSync(`${root}/groups/metrics.yaml`, `${root}/groups/measures.yaml`);
  });
  assert.ok(renamed.problems.some((p) => p.message.includes("differs from its file name")));
  // Back to the same names: the directory's own stamp still tells.
  await afterChange("add-remove", (root) => {
    Deno.writeTextFileSync(`${root}/packages/tmp.yaml`, "");
    Deno.removeSync(`${root}/packages/tmp.yaml`);
  });
});

Deno.test("registry cache: a local source directory disappearing or appearing is a miss", async () => {
  const gone = await afterChange("local-gone", (root) => {
    Deno.removeSync(`${root}/../packages/metric_latency`, { recursive: true });
  });
  assert.ok(gone.problems.some((p) => p.message.includes("metric_latency")));
  const missing = await fresh(roots.get("local-back")!);
  assert.ok(missing.problems.some((p) => p.message.includes("metric_latency")));
  const back = await afterChange("local-back", (root) => {
    Deno.mkdirSync(`${root}/../packages/metric_latency`);
  });
  assert.deepEqual(back.problems, []);
});

Deno.test("registry cache: a corrupt cache file is a miss and is written again", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("corrupt")!;
    const file = await primed(root, cacheDir);
    const good = Deno.readTextFileSync(file);
    const [fingerprint, paths, stored] = body(file).split("\n");
    const corrupt = [
      "",
      "garbage",
      good.slice(0, good.length / 2),
      [fingerprint, paths, "{}", ""].join("\n"),
      [fingerprint, paths, '{"root":"x","groups":[1],"packages":[],"problems":[]}', ""].join("\n"),
      [fingerprint, "{}", stored, ""].join("\n"),
      [fingerprint, '[["/nowhere", 7]]', stored, ""].join("\n"),
    ];
    for (const [index, text] of corrupt.entries()) {
      // The first three unsealed, the others sealed: what the seal lets through is checked too.
      if (index < 3) Deno.writeTextFileSync(file, text);
      else await reseal(file, text);
      assertSame(await loadRegistry(root), await fresh(root));
      assert.equal(
        Deno.readTextFileSync(file),
        good,
        `rewritten after ${JSON.stringify(text.slice(0, 40))}`,
      );
    }
  });
});

Deno.test("registry cache: a cache directory that cannot be made is a miss, not an error", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("tamper")!;
    Deno.writeTextFileSync(`${cacheDir}/file`, "");
    Deno.env.set("HPM_CACHE_DIR", `${cacheDir}/file/cache`);
    assertSame(await loadRegistry(root), await fresh(root));
    assertSame(await loadRegistry(root), await fresh(root));
  });
});

Deno.test("registry cache: HPM_NO_CACHE=1 neither reads nor writes", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("no-cache")!;
    Deno.env.set("HPM_NO_CACHE", "1");
    try {
      assertSame(await loadRegistry(root), await fresh(root));
      assert.deepEqual(cacheFiles(cacheDir), []);
      Deno.env.delete("HPM_NO_CACHE");
      await poison(await primed(root, cacheDir));
      Deno.env.set("HPM_NO_CACHE", "1");
      assert.ok(!poisoned(await loadRegistry(root)));
    } finally {
      Deno.env.delete("HPM_NO_CACHE");
    }
  });
});

Deno.test("registry cache: files changed in the last 3 s keep it from being written", async () => {
  await withCache(async (cacheDir) => {
    const root = `${WORK}/racy/registry`;
    copyTree(`${FIXTURES}/seed-project`, `${WORK}/racy`);
    const past = new Date(Date.now() - 3600_000);
    Deno.utimeSync(`${root}/groups/metrics.yaml`, past, past);
    await withRacyMs(RACY_MS, async () => {
      assertSame(await loadRegistry(root), await fresh(root));
      assertSame(await loadRegistry(root), await fresh(root));
    });
    assert.deepEqual(cacheFiles(cacheDir), []);
    // The same copy with no window: written, so it was the window that kept it out.
    assertSame(await loadRegistry(root), await fresh(root));
    assert.equal(cacheFiles(cacheDir).length, 1);
  });
  const now = 1_800_000_000_000;
  const at = (mtime: number, ctime: number): Stamp => [1, mtime, ctime, 2, 3];
  await withRacyMs(RACY_MS, () => {
    assert.equal(isRacy(at(now - RACY_MS - 1, now - RACY_MS - 1), now), false);
    assert.equal(isRacy(at(now - RACY_MS + 1, now - 10_000), now), true);
    assert.equal(isRacy(at(now - 10_000, now - RACY_MS + 1), now), true);
    assert.equal(isRacy(at(now + 60_000, now - 10_000), now), true, "mtime in the future");
    return Promise.resolve();
  });
  assert.equal(isRacy(at(now - 1, now - 1), now), false, "the window set to 0 by the hook");
});

Deno.test("registry cache: not written for unreadable files or what JSON cannot carry", async () => {
  // "proto" is cached since a file with an error is left out of the registry (its group's
  // `implies: {__proto__: ...}` is one): what JSON cannot carry is kept out by `unfaithful`
  // (tested below on such a value).
  for (const name of ["unreadable"]) {
    await withCache(async (cacheDir) => {
      const root = roots.get(name)!;
      const expected = await fresh(root);
      assertSame(await loadRegistry(root), expected);
      assert.deepEqual(cacheFiles(cacheDir), [], name);
    });
  }
});

Deno.test("registry cache: paths shown relative to the working directory are keyed by it", async () => {
  await withCache(async (cacheDir) => {
    const root = roots.get("cwd")!;
    const cwd = Deno.cwd();
    try {
      Deno.chdir(`${root}/..`);
      const inside = await loadRegistry("registry");
      assert.equal(inside.groups.get("metrics")!.position.file, "registry/groups/metrics.yaml");
      Deno.chdir(WORK);
      const outside = await loadRegistry(root);
      assert.equal(
        outside.groups.get("metrics")!.position.file,
        "cwd/registry/groups/metrics.yaml",
      );
      assert.equal(cacheFiles(cacheDir).length, 2);
      Deno.chdir(`${root}/..`);
      assertSame(await loadRegistry("registry"), inside);
      Deno.chdir(WORK);
      assertSame(await loadRegistry(root), outside);
    } finally {
      Deno.chdir(cwd);
    }
  });
});

Deno.test("registry cache: a missing registry throws and writes nothing", async () => {
  await withCache(async (cacheDir) => {
    await assert.rejects(loadRegistry(`${WORK}/nowhere`), /registry not found/);
    assert.deepEqual(cacheFiles(cacheDir), []);
  });
});

Deno.test("registry cache: where the cache lives", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(cacheDirectory(env({ HPM_CACHE_DIR: "/c", HOME: "/h" }), "linux"), "/c");
  assert.equal(cacheDirectory(env({ XDG_CACHE_HOME: "/x", HOME: "/h" }), "linux"), "/x/hpm");
  assert.equal(
    cacheDirectory(env({ XDG_CACHE_HOME: "rel", HOME: "/h" }), "linux"),
    "/h/.cache/hpm",
  );
  assert.equal(cacheDirectory(env({ HOME: "/h" }), "darwin"), "/h/.cache/hpm");
  assert.equal(
    cacheDirectory(env({ LOCALAPPDATA: "C:/L", HOME: "/h" }), "windows"),
    "C:/L/hpm/cache",
  );
  assert.equal(cacheDirectory(env({}), "linux"), undefined);
  assert.equal(fnv1a64(""), "cbf29ce484222325");
  assert.equal(fnv1a64("a"), "af63dc4c8601ec8c");
});

Deno.test("registry cache: what JSON carries back exactly", () => {
  assert.equal(unfaithful({ a: [1, "x", true, null, { b: -1.5 }] }), undefined);
  assert.match(unfaithful({ a: undefined })!, /undefined/);
  assert.match(unfaithful({ a: -0 })!, /number/);
  assert.match(unfaithful([NaN])!, /number/);
  assert.match(unfaithful([Infinity])!, /number/);
  const shared = { x: 1 };
  assert.match(unfaithful([shared, shared])!, /twice/);
  // deno-lint-ignore no-sparse-arrays
  assert.match(unfaithful([1, , 2])!, /sparse/);
  assert.match(unfaithful(Object.assign([1], { extra: 2 }))!, /extra/);
  assert.match(unfaithful(new Map())!, /class/);
  assert.match(unfaithful(Object.create(null))!, /class/);
  assert.match(unfaithful(JSON.parse('{"__proto__": 1}'))!, /__proto__/);
  const hidden = {};
  Object.defineProperty(hidden, "h", { value: 1, enumerable: false });
  assert.match(unfaithful(hidden)!, /hidden/);
});

Deno.test("registry cache: LOADER_MODULES is the loader's module graph", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", `${REPO}/src/registry/load.ts`],
    cwd: REPO,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.ok(output.success);
  const info = JSON.parse(new TextDecoder().decode(output.stdout));
  const local = info.modules.map((m: { specifier: string }) => m.specifier)
    .filter((s: string) => s.startsWith("file:"))
    .map((s: string) => decodeURIComponent(new URL(s).pathname).slice(REPO.length + 1))
    .filter((path: string) => path !== "src/registry/cache/read.ts")
    .sort();
  assert.deepEqual(local, [...LOADER_MODULES].sort());
});

Deno.test("registry cache: a write removes cache files unused for 30 days, and only those", async () => {
  await withCache(async (cacheDir) => {
    const old = `${cacheDir}/registry-00000000000000aa.cache`;
    const recent = `${cacheDir}/registry-00000000000000bb.cache`;
    const other = `${cacheDir}/notes.txt`;
    for (const file of [old, recent, other]) Deno.writeTextFileSync(file, "x");
    const long = new Date(Date.now() - EVICT_AFTER_MS - 3600_000);
    Deno.utimeSync(old, long, long);
    Deno.utimeSync(other, long, long);
    const root = roots.get("tamper")!;
    assertSame(await loadRegistry(root), await fresh(root)); // a miss: written, then evicted
    const names = [...Deno.readDirSync(cacheDir)].map((e) => e.name).sort();
    assert.equal(names.length, 4, names.join(", "));
    assert.ok(names.includes("key"), "the user's key stays");
    assert.ok(!names.includes("registry-00000000000000aa.cache"), "the old one is gone");
    assert.ok(names.includes("registry-00000000000000bb.cache"), "a recent one stays");
    assert.ok(names.includes("notes.txt"), "what is not a cache file stays");
  });
});
