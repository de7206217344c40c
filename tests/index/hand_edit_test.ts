/**
 * Against the real package index: a hand-edited managed index line (`six>=1.15` bumped to
 * `six>=1.16` by hand) is shown by sync, which stops and writes nothing; status reports it;
 * `--reset-edits` writes the registry's version back in place.
 */
import assert from "node:assert/strict";
import { copyFixture, removing } from "../support/hpm.ts";
import { hpmOnline } from "../support/index.ts";
import { fileState } from "../support/project.ts";

Deno.test("index: a hand-edited managed index line is shown and not overwritten silently", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/registry/packages/six.yaml`,
    'name: "six"\nversion: "1.17.0"\nsources:\n  prod:\n    type: "index"\n    version: ">=1.15,<2"\n',
  );
  await Deno.writeTextFile(
    `${dir}/registry/groups/compat.yaml`,
    'name: "compat"\nstrategy: "1-of-N"\noptions:\n  - name: "six"\n',
  );
  const run = (...args: string[]) => hpmOnline(args, { cwd: dir });
  assert.equal((await run("group", "add", "compat", "-o", "six")).code, 0);
  const first = await run("sync");
  assert.equal(first.code, 0, first.stderr);
  const text = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(text, /dependencies = \["six>=1\.15,<2"\]/);

  const edited = text.replace(
    'dependencies = ["six>=1.15,<2"]',
    'dependencies = [\n    "six>=1.16,<2",  # bumped by hand\n]',
  );
  await Deno.writeTextFile(`${dir}/pyproject.toml`, edited);
  const before = await fileState(dir);
  const sync = await run("sync");
  assert.equal(sync.code, 1, sync.stderr);
  assert.match(sync.stderr, /"six>=1\.16,<2", {2}# bumped by hand/);
  assert.match(sync.stderr, /hpm would write +"six>=1\.15,<2"/);
  assert.deepEqual(await fileState(dir), before);

  const status = await run("status");
  assert.match(
    status.stdout,
    /compat = six.*\n.*pyproject\.toml: edited outside hpm \(pyproject\.toml:7\)/,
  );

  const reset = await run("sync", "--reset-edits");
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    edited.replace('"six>=1.16,<2"', '"six>=1.15,<2"'),
  );
  assert.equal((await run("status", "--check")).code, 0);
});
