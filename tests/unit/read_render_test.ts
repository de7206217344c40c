/** The read commands' text comes from their --json documents alone: render tables. */
import assert from "node:assert/strict";
import { type ListJson, render as renderList } from "../../src/commands/list.ts";
import { render as renderShow, type ShowJson } from "../../src/commands/show.ts";
import { type ModeListJson, render as renderModes } from "../../src/commands/mode_list.ts";
import {
  render as renderValidate,
  type ValidateJson,
} from "../../src/commands/registry_validate.ts";
import type { Line } from "../../src/cli/spec.ts";

Deno.env.set("NO_COLOR", "1");

const text = { quiet: false, verbose: false };
const quiet = { quiet: true, verbose: false };
const data = (lines: Line[]) => lines.map((l) => (l.to === "data" ? l.text : `<${l.to}>`));

const group = {
  name: "metrics",
  strategy: "M-of-N" as const,
  description: null,
  default: ["accuracy"],
  min: 1,
  max: null,
};
const option = (name: string, marks: { selected?: boolean; implied?: boolean } = {}) => ({
  name,
  description: null,
  selected: marks.selected ?? false,
  implied: marks.implied ?? false,
  implies: {},
  conflicts: [],
});

Deno.test("list: marks, an unknown selected group, the legend only with marks and not with -q", () => {
  const json: ListJson = {
    ok: true,
    registry: "/r",
    project: "/p",
    groups: [{
      ...group,
      selection: null,
      options: [option("accuracy"), option("latency", { implied: true })],
    }],
    unknownGroups: [{ name: "ghost", selection: ["a", "b"] }],
  };
  const table = [
    "metrics (M-of-N, at least 1)",
    "    accuracy   (default)",
    "  + latency",
    "ghost (not in the registry): a, b",
  ];
  assert.deepEqual(data(renderList(json, text)), [
    [...table, "* selected in pyproject.toml, + implied by a selected option"].join("\n"),
  ]);
  assert.deepEqual(data(renderList(json, quiet)), [table.join("\n")]);
  const bare: ListJson = { ...json, groups: [{ ...json.groups[0], options: [option("x")] }] };
  assert.deepEqual(data(renderList({ ...bare, unknownGroups: [] }, text)), [
    "metrics (M-of-N, at least 1)\n    x",
  ]);
  assert.deepEqual(data(renderList({ ...json, groups: [] }, text)), [
    "no groups in the registry at /r",
  ]);
});

Deno.test("show: the source in use (and a fallback), a manifest that cannot be used", () => {
  const json: ShowJson = {
    ok: true,
    group: {
      ...group,
      selection: ["accuracy"],
      options: [
        {
          ...option("accuracy", { selected: true }),
          default: true,
          package: {
            name: "accuracy",
            version: "1.0",
            locked: null,
            extras: [],
            marker: null,
            description: null,
            sources: {},
          },
          mode: { mode: "prod", modeFrom: "default", fellBackFrom: "dev", available: true },
          shownVersion: "1.0",
          shownSources: [{ mode: "prod", text: "local ../a (editable)" }, {
            mode: "gpu",
            text: "index >=2",
          }],
          unusableManifest: null,
        },
        {
          ...option("latency"),
          default: false,
          package: null,
          mode: null,
          shownVersion: "",
          shownSources: [],
          unusableManifest: "registry/packages/latency.yaml",
        },
      ],
    },
  };
  assert.deepEqual(data(renderShow(json, text)), [
    [
      "metrics (M-of-N, at least 1)",
      "  * accuracy 1.0 (default)",
      "      prod: local ../a (editable)  (in use: no dev source)",
      "      gpu: index >=2",
      "    latency",
      "      manifest cannot be used: registry/packages/latency.yaml",
      "* selected in pyproject.toml",
    ].join("\n"),
  ]);
});

Deno.test("mode list: an implied package names the chain it came through", () => {
  const json: ModeListJson = {
    ok: true,
    modeFlag: null,
    projectMode: null,
    strictModes: null,
    packages: [{
      group: "metrics",
      option: "latency",
      mode: "prod",
      modeFrom: "default",
      fellBackFrom: null,
      modes: ["prod"],
      impliedBy: {
        group: "inference",
        option: "qwen",
        via: [{ group: "tokenizer", option: "fast" }],
      },
      error: null,
    }],
    unselected: [{ package: "other", mode: "dev" }],
  };
  assert.deepEqual(data(renderModes(json, text)), [
    "metrics = latency  prod  default (implied by qwen via fast)\n" +
    "[tool.hpm.modes] also sets, for packages not selected: other = dev",
  ]);
});

Deno.test("registry validate: what --fix did, the problems, then the verdict", () => {
  const warning = {
    file: "registry/groups/g.yaml",
    line: 1,
    column: 7,
    message: "m",
    severity: "warning" as const,
  };
  const json: ValidateJson = {
    ok: true,
    registry: "/r",
    groups: 1,
    packages: 2,
    fixed: ["registry/packages/a.yaml"],
    notFixed: [{ file: "registry/packages/b.yaml", reason: "holds-more" }],
    problems: [warning],
  };
  assert.deepEqual(renderValidate(json, text), [
    {
      to: "warn",
      text: "registry/packages/b.yaml not rewritten: it holds more than the original hpm's " +
        "'registry add' writes",
      hint: "rewrite it by hand ('hpm registry validate' lists what it holds)",
    },
    {
      to: "success",
      text: "rewrote registry/packages/a.yaml as plain YAML (it was the original hpm's " +
        "!!python/object form)",
    },
    { to: "problems", problems: [warning] },
    { to: "success", text: "/r: 1 group, 2 packages, no errors, 1 warning" },
  ]);
});
