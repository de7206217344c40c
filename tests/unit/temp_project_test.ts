/**
 * check's temporary mirror (src/execute/temp_project.ts): links to the project's entries, a
 * copy of uv.lock, the new pyproject.toml, no .venv; a workspace member mirrored inside its
 * workspace; paths above the root start the mirror higher; the mirror is gone afterwards.
 */
import assert from "node:assert/strict";
import { removing } from "../support/temp.ts";
import { levelsUp, withMaterialized } from "../../src/execute/temp_project.ts";
import type { Project } from "../../src/project/discover.ts";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "hpm-mirror-test-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, text);
  }
  return root;
}

const project = (root: string) => ({ root }) as Project;

Deno.test("levelsUp: the most leading '..' of any quoted path", () => {
  assert.equal(levelsUp(['path = "packages/x"']), 0);
  assert.equal(levelsUp(['path = "../shared/x"', "editable = '../../a'"]), 2);
  assert.equal(levelsUp(['{ directory = "./../x" }', 'x = ".."']), 1);
});

Deno.test("the mirror: links, a copy of uv.lock, the new pyproject.toml, no .venv", async () => {
  const root = await tree({
    "pyproject.toml": "old",
    "uv.lock": "lock\r\n",
    ".python-version": "3.11",
    "src/app/__init__.py": "",
    ".venv/pyvenv.cfg": "",
  });
  await using _root = removing(root);
  let seen = "";
  await withMaterialized(project(root), "new", async (dir, realPaths) => {
    seen = dir;
    assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), "new");
    assert.equal((await Deno.lstat(`${dir}/pyproject.toml`)).isSymlink, false);
    assert.equal(await Deno.readTextFile(`${dir}/uv.lock`), "lock\r\n");
    assert.equal((await Deno.lstat(`${dir}/uv.lock`)).isSymlink, false);
    assert.equal(await Deno.readLink(`${dir}/src`), `${root}/src`);
    assert.equal(await Deno.readLink(`${dir}/.python-version`), `${root}/.python-version`);
    await assert.rejects(() => Deno.lstat(`${dir}/.venv`), Deno.errors.NotFound);
    assert.equal(realPaths(`file://${dir}/src`), `file://${root}/src`);
  }, { workspace: { root, member: false, members: [], exclude: [] } });
  await assert.rejects(() => Deno.lstat(seen), Deno.errors.NotFound);
  // The project itself is as it was.
  assert.equal(await Deno.readTextFile(`${root}/pyproject.toml`), "old");
});

Deno.test("a member: mirrored inside its workspace, the lock at the root", async () => {
  const root = await tree({
    "pyproject.toml": '[tool.uv.workspace]\nmembers = ["apps/*", "libs/*"]\n',
    "uv.lock": "lock",
    "apps/web/pyproject.toml": "old",
    "apps/web/src/web/__init__.py": "",
    "apps/api/pyproject.toml": "api",
    "libs/core/pyproject.toml": "core",
  });
  await using _root = removing(root);
  await withMaterialized(project(`${root}/apps/web`), "new", async (dir) => {
    const top = dir.replace(/\/apps\/web$/, "");
    assert.notEqual(top, dir);
    assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), "new");
    assert.equal(await Deno.readLink(`${dir}/src`), `${root}/apps/web/src`);
    assert.equal(await Deno.readLink(`${top}/apps/api`), `${root}/apps/api`);
    assert.equal(await Deno.readLink(`${top}/libs`), `${root}/libs`);
    assert.equal(await Deno.readLink(`${top}/pyproject.toml`), `${root}/pyproject.toml`);
    assert.equal(await Deno.readTextFile(`${top}/uv.lock`), "lock");
  });
});

Deno.test("paths above the project: the mirror starts that many levels higher", async () => {
  const base = await tree({
    "app/pyproject.toml": "old",
    "shared/packages/x/pyproject.toml": "x",
  });
  await using _base = removing(base);
  const text = '[tool.uv.sources]\nx = { path = "../shared/packages/x" }\n';
  await withMaterialized(project(`${base}/app`), text, async (dir, realPaths) => {
    assert.match(dir, /\/app$/);
    const top = dir.replace(/\/app$/, "");
    assert.equal(await Deno.readLink(`${top}/shared`), `${base}/shared`);
    assert.equal(
      await Deno.readTextFile(`${dir}/../shared/packages/x/pyproject.toml`),
      "x",
    );
    assert.equal(realPaths(`${top}/shared/packages/x`), `${base}/shared/packages/x`);
  }, { workspace: { root: `${base}/app`, member: false, members: [], exclude: [] } });
});

Deno.test("a member whose workspace root uv would build: the root is a virtual copy", async () => {
  const rootText = '[project]\nname = "r"\ndynamic = ["version"]\n\n' +
    '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n' +
    '[tool.uv.workspace]\nmembers = ["apps/*"]\n';
  const root = await tree({ "pyproject.toml": rootText, "apps/web/pyproject.toml": "old" });
  await using _root = removing(root);
  await withMaterialized(project(`${root}/apps/web`), "new", async (dir) => {
    const top = dir.replace(/\/apps\/web$/, "");
    assert.equal((await Deno.lstat(`${top}/pyproject.toml`)).isSymlink, false);
    const copied = await Deno.readTextFile(`${top}/pyproject.toml`);
    assert.match(copied, /^package = false$/m);
    assert.match(copied, /members = \["apps\/\*"\]/);
  });
  assert.equal(await Deno.readTextFile(`${root}/pyproject.toml`), rootText);
});
