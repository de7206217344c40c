/** Finding a project's uv workspace as uv does: the nearest [tool.uv.workspace] that takes it in. */
import assert from "node:assert/strict";
import { globMatches, workspaceOf } from "../../src/project/workspace.ts";

Deno.test("globMatches: * within a segment, ** across, ? one character, ./ and / trimmed", () => {
  const cases: Array<[string, string, boolean]> = [
    ["apps/*", "apps/web", true],
    ["apps/*", "apps/web/api", false],
    ["apps/**", "apps/web/api", true],
    ["**/svc", "a/b/svc", true],
    ["app?", "app1", true],
    ["app?", "app12", false],
    ["./libs/one/", "libs/one", true],
    ["libs.old/*", "libsxold/a", false],
  ];
  for (const [glob, path, expected] of cases) {
    assert.equal(globMatches(glob, path), expected, `${glob} ~ ${path}`);
  }
});

Deno.test("workspaceOf: a member, an excluded one, one outside the members, a standalone", async () => {
  const root = await Deno.makeTempDir();
  const project = (dir: string) => {
    Deno.mkdirSync(`${root}/${dir}`, { recursive: true });
    Deno.writeTextFileSync(`${root}/${dir}/pyproject.toml`, `[project]\nname = "x"\n`);
    return `${root}/${dir}`;
  };
  Deno.writeTextFileSync(
    `${root}/pyproject.toml`,
    '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["apps/*"]\nexclude = ["apps/old"]\n',
  );
  assert.deepEqual(workspaceOf(project("apps/web")), { root, member: true });
  assert.deepEqual(workspaceOf(project("apps/old")), { root: `${root}/apps/old`, member: false });
  assert.deepEqual(workspaceOf(project("tools/cli")), { root: `${root}/tools/cli`, member: false });
  assert.deepEqual(workspaceOf(root), { root, member: false });
  await Deno.remove(root, { recursive: true });
});
