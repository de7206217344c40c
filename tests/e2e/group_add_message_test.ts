/**
 * `group add` names the option it selected, also when the change only rewrites a hand-edited
 * selection: a 1-of-N array cut down to one of its options, or an M-of-N string made a list.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";

async function seedWith(groups: string): Promise<string> {
  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + `\n[tool.hpm.groups]\n${groups}`,
  );
  return dir;
}

Deno.test("group add on a hand-edited 1-of-N array names the option kept and the one replaced", async () => {
  const dir = await seedWith('inference = ["vlm-adapter-qwen", "vlm-adapter-deepseek"]\n');
  await using _dir = removing(dir);
  const result = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /^✔ selected vlm-adapter-qwen in group 'inference' \(replacing vlm-adapter-deepseek\)$/m,
  );
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /\[tool\.hpm\.groups\]\ninference = "vlm-adapter-qwen"\n$/,
  );
});

Deno.test("group add on a one-element 1-of-N array names the option", async () => {
  const dir = await seedWith('inference = ["vlm-adapter-deepseek"]\n');
  await using _dir = removing(dir);
  const result = await hpm(["group", "add", "inference", "-o", "vlm-adapter-deepseek"], {
    cwd: dir,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^✔ selected vlm-adapter-deepseek in group 'inference'$/m);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /\ninference = "vlm-adapter-deepseek"\n$/,
  );
});

Deno.test("group add on an M-of-N string names the option", async () => {
  const dir = await seedWith('metrics = "metric-latency"\n');
  await using _dir = removing(dir);
  const result = await hpm(["group", "add", "metrics", "-o", "metric-latency"], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^✔ selected metric-latency in group 'metrics'$/m);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /\nmetrics = \["metric-latency"\]\n$/,
  );
  // Adding a second option names only the new one, as before.
  const second = await hpm(["group", "add", "metrics", "-o", "metric-accuracy"], { cwd: dir });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /^✔ selected metric-accuracy in group 'metrics'$/m);
});
