/**
 * runUv / runProcess with the real uv, a missing binary, and a fake "uv" (a bash script via
 * HPM_UV) for the faults real uv cannot produce on demand: a slow run interrupted by a signal.
 * Signal tests run in a child Deno so a signal never reaches the test runner itself.
 */
import assert from "node:assert/strict";
import { InterruptedError, runProcess, runUv } from "../../src/uv/run.ts";
import { HpmError } from "../../src/errors.ts";
import { configureOutput } from "../../src/output.ts";

// `$ uv ...` lines are checked in the child-process tests; keep this runner's output clean.
configureOutput({ quiet: true });

const runModule = new URL("../../src/uv/run.ts", import.meta.url).href;
const outputModule = new URL("../../src/output.ts", import.meta.url).href;
const isWindows = Deno.build.os === "windows";

async function withEnv<T>(
  name: string,
  value: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const before = Deno.env.get(name);
  if (value === undefined) Deno.env.delete(name);
  else Deno.env.set(name, value);
  try {
    return await fn();
  } finally {
    if (before === undefined) Deno.env.delete(name);
    else Deno.env.set(name, before);
  }
}

/** Writes an executable bash script standing in for uv; returns its path. */
async function fakeUv(dir: string, body: string): Promise<string> {
  const path = `${dir}/fake-uv`;
  await Deno.writeTextFile(path, `#!/usr/bin/env bash\n${body}\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

Deno.test("runUv: real uv --version", async () => {
  const result = await runUv(["--version"], { cwd: Deno.cwd(), label: "Checking uv" });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^uv \d+\.\d+\.\d+/);
  assert.ok(result.durationMs >= 0);
});

Deno.test("runUv: a non-zero exit is returned, not thrown; output is captured plain", {
  ignore: isWindows,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const uv = await fakeUv(
      dir,
      'echo "args=$* NO_COLOR=$NO_COLOR UV_NO_WRAP=$UV_NO_WRAP X=$X"\necho "error: boom" >&2\nexit 2',
    );
    const result = await withEnv(
      "HPM_UV",
      uv,
      () => runUv(["lock", "--dry-run"], { cwd: dir, env: { X: "y" } }),
    );
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "args=lock --dry-run NO_COLOR=1 UV_NO_WRAP=1 X=y\n");
    assert.equal(result.stderr, "error: boom\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runUv: HPM_UV pointing nowhere is uv-not-found, exit 1, with a hint", async () => {
  const error = await withEnv(
    "HPM_UV",
    "/nonexistent/uv",
    () => runUv(["--version"], { cwd: Deno.cwd() }),
  )
    .then(() => undefined, (e) => e);
  assert.ok(error instanceof HpmError);
  assert.equal(error.code, "uv-not-found");
  assert.equal(error.exitCode, 1);
  assert.match(error.message, /\/nonexistent\/uv/);
  assert.match(error.hint ?? "", /HPM_UV/);
});

Deno.test("runUv: no uv on PATH is uv-not-found with install instructions", async () => {
  const error = await withEnv(
    "HPM_UV",
    undefined,
    () => withEnv("PATH", "/nonexistent", () => runUv(["--version"], { cwd: Deno.cwd() })),
  )
    .then(() => undefined, (e) => e);
  assert.ok(error instanceof HpmError);
  assert.equal(error.code, "uv-not-found");
  assert.match(error.hint ?? "", /pip install uv/);
  assert.match(error.hint ?? "", /https:\/\/docs\.astral\.sh\/uv\//);
});

Deno.test("runProcess: a missing program without onSpawnError throws Deno.errors.NotFound", async () => {
  await assert.rejects(
    () => runProcess("/nonexistent/program", [], { cwd: Deno.cwd() }),
    Deno.errors.NotFound,
  );
});

/**
 * A child Deno that runs `runUv` on a fake uv which traps the signal, sends itself `signal`
 * once the fake is running, reports what it caught, then checks that a second signal kills it
 * the default way (the listeners are gone).
 */
function interruptScript(signal: Deno.Signal): string {
  return `
import { InterruptedError, runUv } from "${runModule}";
const [dir] = Deno.args;
const started = runUv(["lock"], { cwd: dir, label: "Resolving" });
while (true) {
  try { Deno.statSync(dir + "/started"); break; } catch { await new Promise((r) => setTimeout(r, 20)); }
}
Deno.kill(Deno.pid, "${signal}");
try {
  await started;
  console.log("not interrupted");
} catch (error) {
  const ok = error instanceof InterruptedError;
  console.log(JSON.stringify({ ok, code: error.code, exitCode: error.exitCode, signal: error.signal }));
}
console.log("child saw: " + Deno.readTextFileSync(dir + "/received").trim());
Deno.kill(Deno.pid, "${signal}");
await new Promise((r) => setTimeout(r, 5000));
console.log("survived a second signal");
`;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test({
    name: `runUv: ${signal} is forwarded to uv, waited for, then InterruptedError (exit 130)`,
    ignore: isWindows,
    async fn() {
      const dir = await Deno.makeTempDir();
      try {
        const uv = await fakeUv(
          dir,
          [
            `trap 'kill $sleeper 2>/dev/null; echo ${signal} > "$PWD/received"; exit 130' ${
              signal.slice(3)
            }`,
            "sleep 30 & sleeper=$!",
            'touch "$PWD/started"',
            "wait $sleeper",
            'echo "finished without a signal" > "$PWD/received"',
          ].join("\n"),
        );
        await Deno.writeTextFile(`${dir}/child.ts`, interruptScript(signal));
        const output = await new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", "--no-check", `${dir}/child.ts`, dir],
          env: { HPM_UV: uv, NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const stdout = new TextDecoder().decode(output.stdout);
        const lines = stdout.trim().split("\n");
        assert.deepEqual(JSON.parse(lines[0]), {
          ok: true,
          code: "interrupted",
          exitCode: 130,
          signal,
        });
        assert.equal(lines[1], `child saw: ${signal}`);
        assert.ok(!stdout.includes("survived"), stdout);
        assert.notEqual(output.code, 0);
        assert.match(new TextDecoder().decode(output.stderr), /\$ uv lock/);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "runUv --verbose: uv's stderr is streamed live and still returned",
  ignore: isWindows,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const uv = await fakeUv(
        dir,
        'echo "Resolved 3 packages" >&2\necho "" >&2\necho "last line" >&2',
      );
      await Deno.writeTextFile(
        `${dir}/child.ts`,
        `import { runUv } from "${runModule}";
import { configureOutput } from "${outputModule}";
configureOutput({ verbose: true });
const result = await runUv(["sync"], { cwd: Deno.args[0], label: "Syncing" });
console.log(JSON.stringify(result.stderr));`,
      );
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-check", `${dir}/child.ts`, dir],
        env: { HPM_UV: uv, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      const stderr = new TextDecoder().decode(output.stderr);
      assert.match(stderr, /\$ uv sync\n/);
      assert.match(stderr, /uv binary: .*fake-uv \(from HPM_UV\)\n/);
      assert.match(stderr, /\nResolved 3 packages\n\nlast line\n/);
      assert.equal(
        JSON.parse(new TextDecoder().decode(output.stdout)),
        "Resolved 3 packages\n\nlast line\n",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("InterruptedError is an HpmError with exit 130", () => {
  const error = new InterruptedError("SIGINT", "uv lock");
  assert.ok(error instanceof HpmError);
  assert.equal(error.exitCode, 130);
  assert.equal(error.code, "interrupted");
});
