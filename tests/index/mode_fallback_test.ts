/**
 * `--mode dev` on a realistic registry, against the real package index: packages from the index
 * have only a prod source and fall back to it; the in-house package has a dev checkout (local,
 * editable) and a prod git tag (a local git repository made here). Small, pinned packages only.
 */
import assert from "node:assert/strict";
import { hpm, removing } from "../support/hpm.ts";
import { hpmOnline } from "../support/index.ts";
import { projectWithModes } from "../support/modes.ts";
import { venvPython } from "../support/project.ts";

/** Index packages (pure-Python wheels, pinned), prod only. */
const INDEX = [["six", "1.16.0"], ["idna", "3.7"], ["typing-extensions", "4.12.2"]];

/** The in-house package's PEP 610 `direct_url.json`, as installed in the project's .venv. */
async function directUrl(dir: string): Promise<Record<string, Record<string, unknown>>> {
  return JSON.parse(
    await venvPython(
      dir,
      "import importlib.metadata as m; " +
        "print(m.distribution('vlm-adapter-qwen').read_text('direct_url.json'))",
    ),
  );
}

Deno.test("sync --mode dev: index packages fall back to prod, the checkout is installed editable; sync returns to the tag", async () => {
  const { dir, repo } = await projectWithModes();
  await using _dir = removing(dir);
  const registry = `${dir}/registry`;
  for (const [name, version] of INDEX) {
    await Deno.writeTextFile(
      `${registry}/packages/${name}.yaml`,
      `name: ${name}\nversion: "${version}"\nsources:\n  prod:\n    type: index\n` +
        `    version: "==${version}"\n`,
    );
  }
  await Deno.writeTextFile(
    `${registry}/groups/deps.yaml`,
    "name: deps\nstrategy: M-of-N\noptions:\n" + INDEX.map(([n]) => `  - name: ${n}\n`).join(""),
  );
  const options = INDEX.flatMap(([name]) => ["-o", name]);
  const add = await hpm(["group", "add", "deps", ...options], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);

  const dev = await hpmOnline(["sync", "--mode", "dev"], { cwd: dir });
  assert.equal(dev.code, 0, dev.stderr);
  assert.match(
    dev.stderr,
    /^mode dev: 3 packages have no dev source and use prod: six, idna, typing-extensions$/m,
  );
  const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
  assert.match(
    pyproject,
    /vlm-adapter-qwen = \{ path = "packages\/vlm_adapter", editable = true \}/,
  );
  for (const [name, version] of INDEX) assert.match(pyproject, new RegExp(`"${name}==${version}"`));
  const editable = await directUrl(dir);
  assert.equal(editable.dir_info?.editable, true);
  assert.equal(editable.url, `file://${await Deno.realPath(`${dir}/packages/vlm_adapter`)}`);
  assert.equal(await venvPython(dir, "import six; print(six.__version__)"), "1.16.0");

  const json = await hpmOnline(["status", "--mode", "dev", "--json"], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  const status = JSON.parse(json.stdout);
  assert.equal(status.inSync, true);
  assert.deepEqual(
    status.entries.map((e: Record<string, unknown>) => [e.option, e.mode, e.fellBackFrom]),
    [
      ["vlm-adapter-qwen", "dev", null],
      ["six", "prod", "dev"],
      ["idna", "prod", "dev"],
      ["typing-extensions", "prod", "dev"],
    ],
  );

  const prod = await hpmOnline(["sync"], { cwd: dir });
  assert.equal(prod.code, 0, prod.stderr);
  assert.doesNotMatch(prod.stderr, /no dev source/);
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    new RegExp(`vlm-adapter-qwen = \\{ git = "file://${repo}", tag = "v0\\.1\\.0" \\}`),
  );
  const tagged = await directUrl(dir);
  assert.equal(tagged.vcs_info?.vcs, "git");
  assert.equal(tagged.vcs_info?.requested_revision, "v0.1.0");
  assert.equal(
    await venvPython(dir, "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())"),
    "released v0.1.0",
  );
  await Deno.remove(repo, { recursive: true });
});
