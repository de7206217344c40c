/**
 * An editor saving pyproject.toml while hpm works never loses the save: a sweep of timed saves
 * (10-120 ms after hpm starts, in 2 ms steps) during `sync` and `group add`. Each save either
 * survives in the file with hpm's success, or hpm stopped, said which file changed, and the
 * file holds the save. The editor had the file open from before hpm ran (its buffer is the old
 * text), and saves in place on even steps and by rename (like most editors) on odd ones.
 * (hpm may read the file in the middle of an in-place save: then it stops on the half-saved
 * file's problem, having changed nothing.)
 */
import assert from "node:assert/strict";
import { spawnHpm } from "../support/hpm.ts";
import { conflictProject } from "../support/project.ts";

const DELAYS = Array.from({ length: 56 }, (_, i) => 10 + 2 * i);

interface Outcome {
  delay: number;
  code: number;
  stderr: string;
  kept: boolean;
}

async function save(path: string, text: string, inPlace: boolean): Promise<void> {
  if (inPlace) return await Deno.writeTextFile(path, text);
  const temp = `${path}.editor-${crypto.randomUUID()}`;
  await Deno.writeTextFile(temp, text);
  await Deno.rename(temp, path);
}

/** Runs `args` once per delay, each from the same starting files, with one save at `delay`. */
async function sweep(
  args: string[],
  setup: (dir: string, env: Record<string, string>) => Promise<void>,
) {
  const { dir, env } = await conflictProject();
  try {
    await setup(dir, env);
    const file = `${dir}/pyproject.toml`;
    const start = await Deno.readTextFile(file);
    const startLock = await Deno.readTextFile(`${dir}/uv.lock`).catch(() => null);
    const outcomes: Outcome[] = [];
    for (const [i, delay] of DELAYS.entries()) {
      await Deno.writeTextFile(file, start);
      if (startLock === null) await Deno.remove(`${dir}/uv.lock`).catch(() => {});
      else await Deno.writeTextFile(`${dir}/uv.lock`, startLock);
      const mark = `# editor save ${i}`;
      const child = spawnHpm(args, { cwd: dir, env });
      const saved = new Promise<void>((resolve, reject) =>
        setTimeout(() => save(file, `${start}${mark}\n`, i % 2 === 0).then(resolve, reject), delay)
      );
      const [output] = await Promise.all([child.output(), saved]);
      const stderr = new TextDecoder().decode(output.stderr);
      outcomes.push({
        delay,
        code: output.code,
        stderr,
        kept: (await Deno.readTextFile(file)).includes(mark),
      });
    }
    return outcomes;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function check(name: string, outcomes: Outcome[]) {
  const lost = outcomes.filter((o) => !o.kept);
  const stopped = outcomes.filter((o) => o.code !== 0);
  console.log(
    `${name}: ${outcomes.length} saves, ${lost.length} lost, ${stopped.length} stopped ` +
      `(said so), ${outcomes.length - stopped.length} succeeded`,
  );
  assert.deepEqual(
    lost.map((o) => `${o.delay} ms (exit ${o.code}): ${JSON.stringify(o.stderr)}`),
    [],
  );
  for (const o of stopped) {
    // Stopped: says that the file changed (the error, or where the rollback left it), never
    // with a success mark. The first line that differs is the save's mark, or an earlier one
    // when hpm read the file halfway through an in-place save (a truncated prefix).
    // The forms seen: "pyproject.toml changed since hpm read it (line N now reads '...')",
    // "... changed while uv ran (...)", "left pyproject.toml as it is: another program changed
    // it while uv ran", or a half-saved file's own problem (pyproject.toml:L:C: error: ...).
    assert.match(
      o.stderr,
      /(^|\n)(error: .*pyproject\.toml|pyproject\.toml:\d+:\d+: error: |.*left pyproject\.toml as it is)/,
      o.stderr,
    );
    assert.doesNotMatch(o.stderr, /✔/, o.stderr);
  }
}

Deno.test("timed editor saves during 'hpm sync': none is lost", async () => {
  const outcomes = await sweep(["sync"], async (dir, env) => {
    const added = await spawnHpm(["group", "add", "inference", "-o", "adapter-old"], {
      cwd: dir,
      env,
    }).output();
    assert.equal(added.code, 0, new TextDecoder().decode(added.stderr));
  });
  check("sync", outcomes);
});

Deno.test("timed editor saves during 'hpm group add': none is lost", async () => {
  const outcomes = await sweep(["group", "add", "inference", "-o", "adapter-old"], async () => {});
  check("group add", outcomes);
});
