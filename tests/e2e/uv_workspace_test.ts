/**
 * uv workspaces: a project whose workspace covers its local packages (`members =
 * ["packages/*"]`), worked at the root and in a member that shares the root's uv.lock and
 * .venv. Real uv, offline.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { listDir } from "../support/project.ts";

/** The seed project with a uv workspace over packages/*, and a member `packages/app`. */
async function workspaceProject(): Promise<{ root: string; app: string }> {
  const root = await copyFixture("seed-project");
  const path = `${root}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
  );
  const app = `${root}/packages/app`;
  await Deno.mkdir(app);
  await Deno.writeTextFile(
    `${app}/pyproject.toml`,
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n',
  );
  return { root, app };
}

async function installed(root: string): Promise<string[]> {
  return (await listDir(`${root}/.venv/lib/python3.11/site-packages`))
    .filter((n) => n.endsWith(".dist-info")).map((n) => n.replace(/-[^-]+\.dist-info$/, ""));
}

async function ok(cwd: string, ...args: string[]) {
  const result = await hpm(args, { cwd });
  assert.equal(result.code, 0, `${args.join(" ")}: ${result.stdout}${result.stderr}`);
  return result;
}

Deno.test("a workspace over packages/*: at the root, sources are { workspace = true }; group add, sync, a switch, status --check", async () => {
  const { root } = await workspaceProject();
  await using _root = removing(root);
  await ok(root, "group", "add", "inference", "-o", "vlm-adapter-qwen");
  const sync = await ok(root, "sync");
  assert.match(sync.stderr, /\$ uv sync --locked --inexact --python \S+\n/);
  assert.match(
    sync.stderr,
    /this project is the root of a uv workspace: installed into its shared \.venv and kept what the rest of the workspace installed there \(uv sync --inexact\)\n/,
  );
  const text = await Deno.readTextFile(`${root}/pyproject.toml`);
  assert.match(text, /\[tool\.uv\.sources\]\nvlm-adapter-qwen = \{ workspace = true \}\n/);
  assert.match(text, /\[tool\.uv\.workspace\]\nmembers = \["packages\/\*"\]\n/);
  assert.deepEqual(await installed(root), ["vlm_adapter_qwen"]);

  await ok(root, "group", "add", "inference", "-o", "vlm-adapter-deepseek");
  const dry = await ok(root, "sync", "--dry-run");
  assert.match(
    dry.stderr,
    /then uninstalls vlm-adapter-qwen unless the rest of the workspace needs it\n/,
  );
  const sw = await ok(root, "sync");
  assert.match(sw.stderr, /\$ uv pip uninstall --python \S+\/\.venv vlm-adapter-qwen\n/);
  assert.match(sw.stderr, /uninstalled vlm-adapter-qwen \(nothing else there needs it\)\n/);
  const switched = await Deno.readTextFile(`${root}/pyproject.toml`);
  assert.match(switched, /vlm-adapter-deepseek = \{ workspace = true \}\n/);
  assert.doesNotMatch(switched, /vlm-adapter-qwen/);
  assert.deepEqual(await installed(root), ["vlm_adapter_deepseek"]);
  assert.match((await ok(root, "sync")).stderr, /already in sync/);
  await ok(root, "status", "--check");
});

Deno.test("a workspace member: the registry error names where it looked; sync keeps the root's packages in the shared .venv", async () => {
  const { root, app } = await workspaceProject();
  await using _root = removing(root);
  await ok(root, "group", "add", "inference", "-o", "vlm-adapter-qwen");
  await ok(root, "sync");

  const missing = await hpm(["group", "add", "metrics", "-o", "metric-latency"], { cwd: app });
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    `error: registry not found: ${app}/registry does not exist (pyproject.toml sets no ` +
      "[tool.hpm] registry and no -r/--registry was given, so hpm looked in the project's own " +
      "registry/)\n" +
      `hint: this project is a member of the uv workspace at ${root}, whose registry is ` +
      `${root}/registry: set registry = "../../registry" under [tool.hpm] in pyproject.toml, ` +
      "or pass -r ../../registry\n",
  );

  await Deno.writeTextFile(
    `${app}/pyproject.toml`,
    (await Deno.readTextFile(`${app}/pyproject.toml`)) +
      '\n[tool.hpm]\nregistry = "../../registry"\n',
  );
  await ok(app, "group", "add", "metrics", "-o", "metric-latency");
  const sync = await ok(app, "sync");
  assert.doesNotMatch(sync.stderr, /outside the project/);
  assert.match(sync.stderr, /\$ uv sync --locked --inexact\n/);
  assert.match(
    sync.stderr,
    new RegExp(
      `this project is a member of the uv workspace at ${root}: installed into its shared ` +
        `${root}/\\.venv and kept what the rest of the workspace installed there ` +
        "\\(uv sync --inexact\\)\n",
    ),
  );
  assert.match(
    await Deno.readTextFile(`${app}/pyproject.toml`),
    /\[tool\.uv\.sources\]\nmetric-latency = \{ workspace = true \}\n/,
  );
  // The root's choice is still installed beside the member's.
  assert.deepEqual(await installed(root), ["metric_latency", "vlm_adapter_qwen"]);

  // A switch in the member: the old option goes, the root's stays.
  await ok(app, "group", "add", "metrics", "-o", "metric-accuracy");
  await ok(app, "group", "remove", "metrics", "-o", "metric-latency");
  const sw = await ok(app, "sync");
  assert.match(sw.stderr, /uninstalled metric-latency \(nothing else there needs it\)\n/);
  assert.deepEqual(await installed(root), ["metric_accuracy", "vlm_adapter_qwen"]);
  assert.match((await ok(app, "sync")).stderr, /already in sync/);
  await ok(app, "status", "--check");
  // And the root agrees: its packages are installed, the member's do not count as drift.
  await ok(root, "status", "--check");
  assert.match((await ok(root, "sync")).stderr, /already in sync/);
  assert.deepEqual(await installed(root), ["metric_accuracy", "vlm_adapter_qwen"]);
});

Deno.test("hpm check in a uv workspace: at the root and in a member", async () => {
  const { root, app } = await workspaceProject();
  await using _root = removing(root);
  await ok(root, "group", "add", "inference", "-o", "vlm-adapter-qwen");
  const atRoot = await ok(root, "check");
  assert.match(atRoot.stderr, /the selection resolves/);
  await Deno.writeTextFile(
    `${app}/pyproject.toml`,
    (await Deno.readTextFile(`${app}/pyproject.toml`)) +
      '\n[tool.hpm]\nregistry = "../../registry"\n',
  );
  await ok(app, "group", "add", "metrics", "-o", "metric-latency");
  const inMember = await ok(app, "check");
  assert.match(inMember.stderr, /the selection resolves/);
});
