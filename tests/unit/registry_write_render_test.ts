/**
 * The text of the registry authoring commands, from their --json documents alone (render is
 * pure): each source type in a few words with credentials masked, the next step, and remove's
 * warning naming every use.
 */
import assert from "node:assert/strict";
import type { Line } from "../../src/cli/spec.ts";
import { type RegistryAddJson, render as renderAdd } from "../../src/commands/registry_add.ts";
import {
  type RegistryRemoveJson,
  render as renderRemove,
} from "../../src/commands/registry_remove.ts";
import { render as renderOffer } from "../../src/commands/registry_offer.ts";
import { render as renderWithdraw } from "../../src/commands/registry_withdraw.ts";
import type { GroupEditJson } from "../../src/commands/group_option_edit.ts";

Deno.env.set("NO_COLOR", "1");
const MODE = { quiet: false, verbose: false };
const ROOT = `${Deno.cwd()}/registry`;

function added(
  source: Record<string, string | boolean | string[]>,
  more: Partial<RegistryAddJson> = {},
): Line[] {
  return renderAdd({
    ok: true,
    dryRun: false,
    file: `${ROOT}/packages/p.yaml`,
    created: true,
    mode: "prod",
    package: { name: "p", version: null, description: null, sources: { prod: source } },
    group: null,
    offeredBy: [],
    ...more,
  }, MODE);
}

Deno.test("registry add says each source type in a few words, credentials masked", () => {
  const cases: Array<[Record<string, string | boolean | string[]>, string]> = [
    [
      { type: "local", path: "../../packages/p", editable: true },
      "local ../../packages/p (editable)",
    ],
    [{ type: "local", path: "../../packages/p" }, "local ../../packages/p"],
    [
      {
        type: "git",
        url: "https://tok:abc@github.com/o/p.git",
        branch: "main",
        ref: "main",
        subdirectory: "pkg",
      },
      "git https://***@github.com/o/p.git at branch main (subdirectory pkg)",
    ],
    [
      { type: "git", url: "https://github.com/o/p.git", tag: "v1", ref: "v1" },
      "git https://github.com/o/p.git at tag v1",
    ],
    [
      { type: "git", url: "https://github.com/o/p.git", rev: "abc", ref: "abc" },
      "git https://github.com/o/p.git at abc",
    ],
    [
      {
        type: "index",
        version: ">=0.27",
        index: "https://u:secret@pypi.example.com/simple",
        extras: ["http2", "brotli"],
        marker: "sys_platform == 'linux'",
      },
      "index >=0.27 from https://***@pypi.example.com/simple [http2,brotli] ; sys_platform == 'linux'",
    ],
    [{ type: "index" }, "index (any version)"],
    [
      { type: "url", url: "https://example.com/p.tar.gz", subdirectory: "sub" },
      "url https://example.com/p.tar.gz",
    ],
  ];
  for (const [source, said] of cases) {
    const [first] = added(source);
    assert.deepEqual(first, {
      to: "success",
      text: `added p in registry/packages/p.yaml: 'prod' source ${said}`,
    });
  }
});

Deno.test("registry add: the group line, and the next step naming the group that offers it", () => {
  const source = { type: "index", version: ">=1" };
  assert.deepEqual(added(source).slice(1), [{
    to: "info",
    text: "next: offer it in a group ('hpm registry add-group NAME --strategy 1-of-N -o p')",
  }]);
  assert.deepEqual(
    added(source, { created: false, offeredBy: ["inference", "other"] }).map((l) =>
      "text" in l ? l.text : ""
    ),
    [
      "updated p in registry/packages/p.yaml: 'prod' source index >=1",
      "next: 'hpm group add inference --option p', then 'hpm sync'",
    ],
  );
  const group = { name: "g", file: `${ROOT}/groups/g.yaml`, created: true, added: true };
  assert.deepEqual(added(source, { group }).slice(1), [
    { to: "success", text: "created group 'g' offering 'p' (registry/groups/g.yaml)" },
    { to: "info", text: "next: 'hpm group add g --option p', then 'hpm sync'" },
  ]);
  const offered = added(source, { group: { ...group, created: false, added: false } });
  assert.deepEqual(offered[1], { to: "info", text: "group 'g' already offers 'p'" });
});

Deno.test("registry remove warns naming every use it was removed in, pyproject.toml included", () => {
  const json: RegistryRemoveJson = {
    ok: true,
    dryRun: false,
    name: "p",
    file: `${ROOT}/packages/p.yaml`,
    removed: true,
    offeredBy: [],
    selectedIn: [],
    impliedBy: [],
  };
  assert.deepEqual(renderRemove(json, MODE), [
    { to: "success", text: "removed 'p' (registry/packages/p.yaml)" },
  ]);
  const inUse = renderRemove({
    ...json,
    offeredBy: ["g"],
    selectedIn: ["g"],
    impliedBy: [{ group: "h", option: "q" }],
    pyproject: "pyproject.toml",
  }, MODE);
  assert.deepEqual(inUse[1], {
    to: "warn",
    text: "removed while in use: group 'g' offers it; the project selects it in group 'g' " +
      "(pyproject.toml); the project's choice 'q' (group 'h') implies it",
    hint: "the registry now names a package it does not have; 'hpm registry validate' shows where",
  });
});

Deno.test("registry offer and withdraw: the diff as data with --dry-run, else what changed", () => {
  const json: GroupEditJson = {
    ok: true,
    group: "g",
    option: "p",
    file: `${ROOT}/groups/g.yaml`,
    options: ["a", "p"],
    changed: true,
    dryRun: false,
  };
  assert.deepEqual(renderOffer(json, MODE), [
    { to: "success", text: "group 'g' now offers 'p' (registry/groups/g.yaml)" },
    { to: "info", text: "next: 'hpm group add g --option p' to select it, then 'hpm sync'" },
  ]);
  assert.deepEqual(renderWithdraw(json, MODE)[0], {
    to: "success",
    text: "group 'g' no longer offers 'p' (registry/groups/g.yaml)",
  });
  const diff =
    "--- a/registry/groups/g.yaml\n+++ b/registry/groups/g.yaml\n@@ -1 +1,2 @@\n a\n+p\n";
  assert.deepEqual(renderWithdraw({ ...json, dryRun: true, diff }, MODE), [
    { to: "data", text: diff.trimEnd() },
    { to: "info", text: "dry run: nothing was written" },
  ]);
});

Deno.test("registry add and remove with --dry-run: the diff as data, nothing said as done", () => {
  const lines = renderAdd({
    ok: true,
    dryRun: true,
    diff: "--- a/registry/packages/p.yaml\n+++ b/registry/packages/p.yaml\n",
    file: `${ROOT}/packages/p.yaml`,
    created: true,
    mode: "prod",
    package: { name: "p", version: null, description: null, sources: {} },
    group: null,
    offeredBy: [],
  }, { quiet: false, verbose: false });
  assert.equal(lines[0].to, "data");
  assert.match("text" in lines[0] ? lines[0].text : "", /^--- a\/registry\/packages\/p\.yaml/);
  assert.deepEqual(lines.slice(1).map((l) => l.to), ["info"]);
});
