/**
 * A project with modes: the seed project whose vlm-adapter-qwen manifest has a git source (a
 * local repository at tag v0.1.0) for prod and the editable checkout for dev, selected in
 * group `inference`. Used by tests/e2e/modes_test.ts and tests/index/mode_fallback_test.ts.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm } from "./hpm.ts";

/** Runs git in `cwd` (a throwaway identity); fails the test on a non-zero exit. */
export async function git(cwd: string, ...args: string[]) {
  const output = await new Deno.Command("git", {
    args: ["-c", "user.email=test@example.com", "-c", "user.name=test", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
}

/** The seed project whose qwen manifest has a git source (a local repo at tag v0.1.0) for prod. */
export async function projectWithModes(): Promise<{ dir: string; repo: string }> {
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
