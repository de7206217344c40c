/** Named modes: a git tag for prod, an editable checkout for dev, per-package overrides. */
import assert from "node:assert/strict";
import { copyFixture, hpm } from "../support/hpm.ts";
import { fileState, venvPython } from "../support/project.ts";

async function git(cwd: string, ...args: string[]) {
  const output = await new Deno.Command("git", {
    args: ["-c", "user.email=test@example.com", "-c", "user.name=test", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
}

/** The seed project whose qwen manifest has a git source (a local repo at tag v0.1.0) for prod. */
async function projectWithModes(): Promise<{ dir: string; repo: string }> {
  const dir = await copyFixture("seed-project");
  const repo = await Deno.makeTempDir({ prefix: "hpm-git-repo-" });
  await Deno.mkdir(`${repo}/src/vlm_adapter_qwen`, { recursive: true });
  await Deno.copyFile(`${dir}/packages/vlm_adapter/pyproject.toml`, `${repo}/pyproject.toml`);
  await Deno.writeTextFile(
    `${repo}/src/vlm_adapter_qwen/__init__.py`,
    'def describe() -> str:\n    return "released v0.1.0"\n',
  );
  await git(repo, "init", "-q");
  await git(repo, "add", "-A");
  await git(repo, "commit", "-qm", "release");
  await git(repo, "tag", "v0.1.0");
  await Deno.writeTextFile(
    `${dir}/registry/packages/vlm-adapter-qwen.yaml`,
    [
      'name: "vlm-adapter-qwen"',
      'version: "0.1.0"',
      "sources:",
      "  prod:",
      '    type: "git"',
      `    url: "file://${repo}"`,
      '    tag: "v0.1.0"',
      "  dev:",
      '    type: "local"',
      '    path: "../../packages/vlm_adapter"',
      "    editable: true",
      "",
    ].join("\n"),
  );
  const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  return { dir, repo };
}

const DESCRIBE = "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())";

Deno.test("prod installs the git tag; --mode dev swaps to the editable checkout, edits show at once", async () => {
  const { dir, repo } = await projectWithModes();
  const prod = await hpm(["sync"], { cwd: dir });
  assert.equal(prod.code, 0, prod.stderr);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    new RegExp(`vlm-adapter-qwen = \\{ git = "file://${repo}", tag = "v0\\.1\\.0" \\}`),
  );
  assert.equal(await venvPython(dir, DESCRIBE), "released v0.1.0");

  const dev = await hpm(["sync", "--mode", "dev"], { cwd: dir });
  assert.equal(dev.code, 0, dev.stderr);
  assert.match(
    dev.stderr,
    /~ inference = vlm-adapter-qwen \(dev: local \.\.\/\.\.\/packages\/vlm_adapter \(editable\)\)/,
  );
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /vlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}/,
  );
  assert.equal(await venvPython(dir, DESCRIBE), "vlm-adapter-qwen ready");
  // An edit to the dev checkout shows without a new sync.
  await Deno.writeTextFile(
    `${dir}/packages/vlm_adapter/src/vlm_adapter_qwen/__init__.py`,
    'def describe() -> str:\n    return "edited in place"\n',
  );
  assert.equal(await venvPython(dir, DESCRIBE), "edited in place");

  // Back to prod by default.
  const back = await hpm(["sync"], { cwd: dir });
  assert.equal(back.code, 0, back.stderr);
  assert.equal(await venvPython(dir, DESCRIBE), "released v0.1.0");
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(repo, { recursive: true });
});

Deno.test("[tool.hpm.modes] overrides one package; [tool.hpm] mode sets the default", async () => {
  const { dir, repo } = await projectWithModes();
  const pyproject = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    pyproject,
    (await Deno.readTextFile(pyproject)) + '\n[tool.hpm.modes]\nvlm-adapter-qwen = "dev"\n',
  );
  const dry = await hpm(["sync", "--dry-run", "--json"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  const entry = JSON.parse(dry.stdout).entries[0];
  assert.equal(entry.mode, "dev");
  assert.deepEqual(entry.source, { path: "packages/vlm_adapter", editable: true });
  // --mode wins over the per-package override: one flag swaps every source.
  const flag = JSON.parse(
    (await hpm(["sync", "-n", "--json", "--mode", "prod"], { cwd: dir })).stdout,
  );
  assert.equal(flag.entries[0].mode, "prod");
  assert.deepEqual(flag.entries[0].source, { git: `file://${repo}`, tag: "v0.1.0" });
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(repo, { recursive: true });
});

Deno.test("a package without a source for the mode: an error naming package, mode and modes", async () => {
  const { dir, repo } = await projectWithModes();
  const before = await fileState(dir);
  for (const command of [["sync", "--mode", "staging"], ["check", "--mode", "staging"]]) {
    const result = await hpm(command, { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /vlm-adapter-qwen\.yaml:\d+:\d+: error: package 'vlm-adapter-qwen' \(group 'inference'\) has no source for mode 'staging' \(it has: prod, dev\)/,
    );
    assert.match(result.stderr, /error: 1 problem to fix first; nothing was changed/);
  }
  // status never writes, so it does not say it changed nothing.
  const status = await hpm(["status", "--mode", "staging"], { cwd: dir });
  assert.equal(status.code, 2, status.stderr);
  assert.match(status.stderr, /\nerror: 1 problem to fix first\nhint: /);
  assert.deepEqual(await fileState(dir), before);
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(repo, { recursive: true });
});

Deno.test("[tool.hpm.modes] names a package however the user spells it (normalized)", async () => {
  const { dir, repo } = await projectWithModes();
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.hpm.modes]\nVlm_Adapter_Qwen = "dev"\n',
  );
  const dry = await hpm(["sync", "--dry-run"], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    /\+vlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}/,
  );
  assert.doesNotMatch(dry.stderr, /warning/);
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(repo, { recursive: true });
});
