/** Finding a project's uv workspace as uv does: the nearest [tool.uv.workspace] that takes it in. */
import assert from "node:assert/strict";
import { removing } from "../support/temp.ts";
import { coversDir, globMatches, workspaceOf } from "../../src/project/workspace.ts";

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
    ["p[kx]gs/*", "pkgs/a", true],
    ["p[kx]gs/*", "pygs/a", false],
    ["p[!k]gs/*", "pkgs/a", false],
  ];
  for (const [glob, path, expected] of cases) {
    assert.equal(globMatches(glob, path), expected, `${glob} ~ ${path}`);
  }
});

Deno.test("workspaceOf: a member, an excluded one, one outside the members, a standalone", async () => {
  const root = await Deno.makeTempDir();
  await using _root = removing(root);
  const project = (dir: string) => {
    Deno.mkdirSync(`${root}/${dir}`, { recursive: true });
    Deno.writeTextFileSync(`${root}/${dir}/pyproject.toml`, `[project]\nname = "x"\n`);
    return `${root}/${dir}`;
  };
  Deno.writeTextFileSync(
    `${root}/pyproject.toml`,
    '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["apps/*"]\nexclude = ["apps/old"]\n',
  );
  const globs = { members: ["apps/*"], exclude: ["apps/old"] };
  const none = { members: [], exclude: [] };
  assert.deepEqual(await workspaceOf(project("apps/web")), { root, member: true, ...globs });
  assert.deepEqual(await workspaceOf(project("apps/old")), {
    root: `${root}/apps/old`,
    member: false,
    ...none,
  });
  assert.deepEqual(await workspaceOf(project("tools/cli")), {
    root: `${root}/tools/cli`,
    member: false,
    ...none,
  });
  // The root is its own workspace's root: its globs, to tell which directories are members.
  assert.deepEqual(await workspaceOf(root), { root, member: false, ...globs });
  const ws = await workspaceOf(root);
  assert.equal(coversDir(ws, `${root}/apps/web`), true);
  assert.equal(coversDir(ws, `${root}/apps/old`), false);
  assert.equal(coversDir(ws, `${root}/tools/cli`), false);
  assert.equal(coversDir(ws, root), false);
  assert.equal(coversDir(ws, `${root}/../apps/web`), false);
  // The nearest pyproject.toml decides, as in uv: a plain project between keeps it on its own.
  Deno.writeTextFileSync(
    `${root}/pyproject.toml`,
    '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["mid/proj", "apps/*"]\n',
  );
  project("mid");
  assert.deepEqual(await workspaceOf(project("mid/proj")), {
    root: `${root}/mid/proj`,
    member: false,
    members: [],
    exclude: [],
  });
  // A root the fast reader declines (a float) is read by the full parser, still a workspace.
  Deno.writeTextFileSync(
    `${root}/pyproject.toml`,
    '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["apps/*"]\n\n' +
      "[tool.coverage.report]\nfail_under = 90.5\n",
  );
  assert.deepEqual(await workspaceOf(`${root}/apps/web`), {
    root,
    member: true,
    members: ["apps/*"],
    exclude: [],
  });
});
