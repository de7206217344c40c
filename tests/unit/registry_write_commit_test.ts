/**
 * How the registry authoring commands write (commands/registry_writes.ts): a plan's files go
 * through `execute` under the registry's lock, each only if it is still as the command saw it;
 * one changed meanwhile stops the whole write with `registry-changed`, and nothing is written.
 */
import assert from "node:assert/strict";
import { HpmError } from "../../src/errors.ts";
import type { ParsedInput } from "../../src/cli/spec.ts";
import { displayPath } from "../../src/paths.ts";
import {
  type Commit,
  registryEdit,
  see,
  withRegistryWrites,
} from "../../src/commands/registry_writes.ts";

const GROUP = "name: g\nstrategy: 1-of-N\noptions:\n  - name: p\n";
const PACKAGE = 'name: "p"\nsources:\n  prod: {type: "index", version: ">=1"}\n';

/** A registry with one group and one package; `body` commits through it (without prompts). */
async function inRegistry(
  body: (paths: { root: string; group: string; pkg: string }, commit: Commit) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "hpm-registry-writes-" });
  await Deno.mkdir(`${root}/groups`);
  await Deno.mkdir(`${root}/packages`);
  const group = `${root}/groups/g.yaml`;
  const pkg = `${root}/packages/p.yaml`;
  await Deno.writeTextFile(group, GROUP);
  await Deno.writeTextFile(pkg, PACKAGE);
  const input: ParsedInput = {
    command: {
      path: ["registry", "add"],
      summary: "",
      args: [],
      options: [],
      load: () => ({}) as never,
    },
    args: {},
    options: { wait: 0 },
    globals: { registry: root, json: false, verbose: false, quiet: true },
  };
  try {
    await withRegistryWrites(input, false, (commit) => body({ root, group, pkg }, commit));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** The files under `dir` (backups and temporary files included), sorted. */
async function files(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

async function rejection(promise: Promise<unknown>): Promise<HpmError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HpmError, String(error));
    return error;
  }
  assert.fail("the write was not refused");
}

Deno.test("a plan's edits are written and a removal removes, leaving no backup behind", async () => {
  await inRegistry(async ({ root, group, pkg }, commit) => {
    const added = `${root}/packages/q.yaml`;
    await commit({
      what: "hpm registry add",
      edits: [
        registryEdit(group, see(group), GROUP + "  - name: q\n"),
        registryEdit(added, see(added), 'name: "q"\n'),
      ],
    });
    assert.equal(await Deno.readTextFile(group), GROUP + "  - name: q\n");
    assert.equal(await Deno.readTextFile(added), 'name: "q"\n');
    await commit({ what: "hpm registry remove", edits: [registryEdit(pkg, see(pkg), null)] });
    assert.deepEqual(await files(`${root}/packages`), ["q.yaml"]);
    assert.deepEqual(await files(`${root}/groups`), ["g.yaml"]);
  });
});

Deno.test("a file changed since it was seen stops the write: registry-changed, nothing written", async () => {
  await inRegistry(async ({ root, group, pkg }, commit) => {
    const plan = {
      what: "hpm registry add",
      edits: [
        registryEdit(pkg, see(pkg), PACKAGE + "description: new\n"),
        registryEdit(group, see(group), GROUP + "  - name: q\n"),
      ],
    };
    const theirs = "# edited meanwhile\n" + GROUP;
    await Deno.writeTextFile(group, theirs);
    const error = await rejection(commit(plan));
    assert.equal(error.code, "registry-changed");
    assert.equal(
      error.message,
      `${displayPath(group)} changed while hpm was working on it; nothing was written`,
    );
    assert.equal(error.hint, "run the command again: it starts from the file as it is now");
    // The other file of the plan is not written either, and no backup is left.
    assert.equal(await Deno.readTextFile(pkg), PACKAGE);
    assert.equal(await Deno.readTextFile(group), theirs);
    assert.deepEqual(await files(`${root}/packages`), ["p.yaml"]);
    assert.deepEqual(await files(`${root}/groups`), ["g.yaml"]);
  });
});

Deno.test("a new file someone made meanwhile is theirs: registry-changed", async () => {
  await inRegistry(async ({ root }, commit) => {
    const file = `${root}/packages/q.yaml`;
    const seen = see(file);
    assert.equal(seen.kind, "absent");
    await Deno.writeTextFile(file, "# theirs\n");
    const error = await rejection(
      commit({ what: "hpm registry add", edits: [registryEdit(file, seen, 'name: "q"\n')] }),
    );
    assert.equal(error.code, "registry-changed");
    assert.equal(await Deno.readTextFile(file), "# theirs\n");
  });
});

Deno.test("a path that cannot be read any more is said as such, not as a change", async () => {
  await inRegistry(async ({ root }, commit) => {
    const file = `${root}/packages/q.yaml`;
    const edit = registryEdit(file, see(file), 'name: "q"\n');
    await Deno.mkdir(file);
    const error = await rejection(commit({ what: "hpm registry add", edits: [edit] }));
    assert.notEqual(error.code, "registry-changed");
    assert.match(error.message, /packages\/q\.yaml/);
    assert.ok((await Deno.stat(file)).isDirectory);
  });
});
