/**
 * `--dry-run` of the commands that write the project (group add, group remove, init): the plan
 * is printed (the pyproject.toml diff; for init what it would create) and nothing is written.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm } from "../support/hpm.ts";
import { exists } from "../support/project.ts";

const DRY = "dry run: nothing was written\n";

Deno.test("group add --dry-run prints the diff and writes nothing; --json carries it", async () => {
  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  const before = await Deno.readTextFile(path);
  try {
    const dry = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen", "-n"], {
      cwd: dir,
    });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /^--- a\/pyproject\.toml\n\+\+\+ b\/pyproject\.toml\n@@ .* @@\n[^]*\n\+\[tool\.hpm\.groups\]\n\+inference = "vlm-adapter-qwen"\n$/,
    );
    assert.equal(dry.stderr, DRY);
    assert.equal(await Deno.readTextFile(path), before);

    const json = await hpm([
      "group",
      "add",
      "metrics",
      "-o",
      "metric-accuracy",
      "--dry-run",
      "--json",
    ], {
      cwd: dir,
    });
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.dryRun, true);
    assert.equal(doc.changed, true);
    assert.deepEqual(doc.selection, ["metric-accuracy"]);
    assert.match(doc.diff, /\+metrics = \["metric-accuracy"\]\n$/);
    assert.equal(await Deno.readTextFile(path), before);

    // Written for real, the same diff is what changed; a second dry run has nothing to show.
    const real = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
    assert.equal(real.code, 0, real.stderr);
    assert.match(
      await Deno.readTextFile(path),
      /\n\[tool\.hpm\.groups\]\ninference = "vlm-adapter-qwen"\n$/,
    );
    const again = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen", "-n"], {
      cwd: dir,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(
      again.stdout,
      "# pyproject.toml: 'inference' already selects vlm-adapter-qwen\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("group remove --dry-run prints the diff and writes nothing", async () => {
  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  const original = await Deno.readTextFile(path);
  try {
    const add = await hpm([
      "group",
      "add",
      "metrics",
      "-o",
      "metric-accuracy",
      "-o",
      "metric-latency",
    ], {
      cwd: dir,
    });
    assert.equal(add.code, 0, add.stderr);
    const selected = await Deno.readTextFile(path);
    const one = await hpm(["group", "remove", "metrics", "-o", "metric-latency", "--dry-run"], {
      cwd: dir,
    });
    assert.equal(one.code, 0, one.stderr);
    assert.match(
      one.stdout,
      /-metrics = \["metric-accuracy", "metric-latency"\]\n\+metrics = \["metric-accuracy"\]\n$/,
    );
    assert.equal(one.stderr, DRY);
    assert.equal(await Deno.readTextFile(path), selected);

    const all = await hpm(["group", "remove", "metrics", "--dry-run", "--json"], { cwd: dir });
    assert.equal(all.code, 0, all.stderr);
    const doc = JSON.parse(all.stdout);
    assert.deepEqual(doc.removed, ["metric-accuracy", "metric-latency"]);
    assert.equal(doc.selection, null);
    assert.equal(doc.dryRun, true);
    assert.match(doc.diff, /-\[tool\.hpm\.groups\]\n-metrics = /);
    assert.equal(await Deno.readTextFile(path), selected);

    // Refusals are the same as without --dry-run.
    const missing = await hpm(["group", "remove", "inference", "--dry-run"], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /group 'inference' has no selection/);

    const real = await hpm(["group", "remove", "metrics"], { cwd: dir });
    assert.equal(real.code, 0, real.stderr);
    assert.equal(await Deno.readTextFile(path), original);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("init --dry-run says what it would run and create, and does none of it", async () => {
  const empty = await Deno.makeTempDir({ prefix: "hpm-init-dry-" });
  try {
    const dry = await hpm(["init", "--dry-run"], { cwd: empty });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(
      dry.stdout,
      "# would run 'uv init' to create pyproject.toml\n" +
        "# would create registry, registry/groups, registry/packages\n",
    );
    assert.equal(dry.stderr, DRY); // no '$ uv init': it did not run
    assert.deepEqual([...Deno.readDirSync(empty)], []);
  } finally {
    await Deno.remove(empty, { recursive: true });
  }

  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  const before = await Deno.readTextFile(path);
  try {
    const ready = await hpm(["init", "--dry-run"], { cwd: dir });
    assert.equal(ready.code, 0, ready.stderr);
    assert.equal(ready.stdout, "# already hpm-ready: registry registry; nothing to change\n");

    const moved = await hpm(["init", "-r", "components", "--dry-run"], { cwd: dir });
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(
      moved.stdout,
      /^# would create components, components\/groups, components\/packages\n--- a\/pyproject\.toml\n[^]*\n\+\[tool\.hpm\]\n\+registry = "components"\n$/,
    );
    assert.equal(await exists(`${dir}/components`), false);
    assert.equal(await Deno.readTextFile(path), before);
    const json = JSON.parse(
      (await hpm(["init", "-r", "components", "-n", "--json"], { cwd: dir })).stdout,
    );
    assert.equal(json.dryRun, true);
    assert.equal(json.recorded, "components");
    assert.deepEqual(json.created, [
      `${dir}/components`,
      `${dir}/components/groups`,
      `${dir}/components/packages`,
    ]);
    assert.equal(await exists(`${dir}/components`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("registry add, add-group and remove --dry-run print the files' diff and write nothing", async () => {
  const dir = await copyFixture("seed-project");
  try {
    const manifest = `${dir}/registry/packages/metric-latency.yaml`;
    const text = await Deno.readTextFile(manifest);
    const remove = await hpm(["registry", "remove", "metric-latency", "--force", "-n"], {
      cwd: dir,
    });
    assert.equal(remove.code, 0, remove.stderr);
    assert.match(remove.stdout, /^--- a\/registry\/packages\/metric-latency\.yaml\n/);
    assert.match(remove.stderr, /warning: would remove it while in use: group 'metrics' offers it/);
    assert.match(remove.stderr, /dry run: nothing was written\n$/);
    assert.equal(await Deno.readTextFile(manifest), text);

    const add = await hpm([
      "registry",
      "add",
      "--no-input",
      "--name",
      "extra-pkg",
      "--type",
      "index",
      "--version",
      "1.0.0",
      "-n",
    ], { cwd: dir });
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^\+name: "extra-pkg"$/m);
    assert.equal(add.stderr, DRY);
    assert.equal(await exists(`${dir}/registry/packages/extra-pkg.yaml`), false);

    const group = await hpm([
      "registry",
      "add-group",
      "extras",
      "--no-input",
      "--strategy",
      "M-of-N",
      "-o",
      "metric-accuracy",
      "--dry-run",
      "--json",
    ], { cwd: dir });
    assert.equal(group.code, 0, group.stderr);
    const doc = JSON.parse(group.stdout);
    assert.equal(doc.dryRun, true);
    assert.match(doc.diff, /^\+strategy: "?M-of-N"?$/m);
    assert.equal(await exists(`${dir}/registry/groups/extras.yaml`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
