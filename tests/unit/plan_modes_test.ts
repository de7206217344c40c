/** Mode choice in the plan: a package without a source for its mode falls back to prod. */
import assert from "node:assert/strict";
import { buildPlan, type PlanInput, sourceFor } from "../../src/plan/plan.ts";
import type { Package, Registry, Source } from "../../src/registry/types.ts";
import { fallbackLines } from "../../src/commands/entries.ts";

const at = (file: string) => ({ file, line: 1, column: 1 });

function pkg(name: string, sources: Record<string, Source>): Package {
  return {
    name,
    version: "1.0",
    sources,
    file: `/reg/packages/${name}.yaml`,
    position: at(`packages/${name}.yaml`),
  };
}

const index = (version: string): Source => ({ type: "index", version, position: at("x") });
const git = (tag: string): Source => ({
  type: "git",
  url: "https://example.com/inhouse.git",
  tag,
  position: at("x"),
});

const REGISTRY: Registry = {
  root: "/reg",
  groups: new Map(),
  packages: new Map([
    ["openai", pkg("openai", { prod: index(">=1.50") })],
    ["httpx", pkg("httpx", { prod: index(">=0.27") })],
    ["inhouse", pkg("inhouse", { prod: git("v1.0.0"), dev: git("main") })],
    ["staging-only", pkg("staging-only", { staging: index("==2.0") })],
  ]),
  problems: [],
};

function input(options: string[], extra: Partial<PlanInput> = {}): PlanInput {
  return {
    registry: REGISTRY,
    projectRoot: "/project",
    selection: new Map([["deps", options]]),
    packageModes: {},
    locals: new Map(),
    pyprojectFile: "pyproject.toml",
    ...extra,
  };
}

const modes = (plan: ReturnType<typeof buildPlan>) =>
  plan.entries.map((e) => [e.option, e.mode, e.modeFrom, e.fellBackFrom ?? null]);

Deno.test("--mode dev: packages with only prod use it, and say they fell back; dev ones use dev", () => {
  const plan = buildPlan(input(["openai", "httpx", "inhouse"], { modeFlag: "dev" }));
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(modes(plan), [
    ["openai", "prod", "flag", "dev"],
    ["httpx", "prod", "flag", "dev"],
    ["inhouse", "dev", "flag", null],
  ]);
  assert.deepEqual(plan.entries[2].uvSource, {
    git: "https://example.com/inhouse.git",
    tag: "main",
  });
  assert.equal(plan.entries[0].requirement, "openai>=1.50");
});

Deno.test("fallback applies to [tool.hpm] mode and [tool.hpm.modes] too, and keeps where it came from", () => {
  const plan = buildPlan(
    input(["openai", "inhouse"], { projectMode: "dev", packageModes: { OpenAI: "edge" } }),
  );
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(modes(plan), [
    ["openai", "prod", "package", "edge"],
    ["inhouse", "dev", "project", null],
  ]);
});

Deno.test("strict modes: no fallback, one error per package naming where strictness came from", () => {
  for (
    const [strictModes, hint] of [["flag", /drop --strict-modes/], [
      "project",
      /strict-modes = false/,
    ]] as const
  ) {
    const plan = buildPlan(input(["openai", "inhouse"], { modeFlag: "dev", strictModes }));
    assert.deepEqual(plan.entries.map((e) => e.option), ["inhouse"]);
    assert.equal(plan.problems.length, 1);
    const [problem] = plan.problems;
    assert.equal(problem.file, "packages/openai.yaml");
    assert.equal(
      problem.message,
      "package 'openai' (group 'deps') has no source for mode 'dev' (it has: prod), and strict " +
        "modes keep it from falling back to prod",
    );
    assert.match(problem.hint!, hint);
  }
});

Deno.test("neither the mode nor prod: an error with a way out, fallback or not", () => {
  for (const strictModes of [undefined, "flag"] as const) {
    const plan = buildPlan(input(["staging-only"], { modeFlag: "dev", strictModes }));
    assert.deepEqual(plan.entries, []);
    assert.deepEqual(plan.problems.map((p) => [p.message, p.hint]), [[
      "package 'staging-only' (group 'deps') has no source for mode 'dev' (it has: staging), " +
      "nor one for prod to fall back to",
      "add a 'dev' source to packages/staging-only.yaml, or use --mode staging",
    ]]);
  }
  // prod asked for and missing: nothing to fall back to, said as before.
  const plan = buildPlan(input(["staging-only"]));
  assert.deepEqual(plan.problems.map((p) => [p.message, p.hint]), [[
    "package 'staging-only' (group 'deps') has no source for mode 'prod' (it has: staging)",
    "add a 'prod' source to packages/staging-only.yaml, or set its mode: " +
    "'hpm mode set staging-only staging'",
  ]]);
});

Deno.test("sourceFor: the mode's own source wins; prod is only the fallback", () => {
  const inhouse = REGISTRY.packages.get("inhouse")!;
  const base = { packageModes: {} };
  assert.deepEqual(sourceFor(inhouse, { ...base, modeFlag: "dev" }).source, inhouse.sources.dev);
  const fell = sourceFor(inhouse, { ...base, modeFlag: "edge" });
  assert.equal(fell.source, inhouse.sources.prod);
  assert.equal(fell.source && fell.fellBackFrom, "edge");
  assert.equal(fell.mode, "prod");
});

Deno.test("fallbackLines: one line per mode asked for, cut after 12 names unless all are wanted", () => {
  const entries = Array.from({ length: 15 }, (_, i) => ({ option: `p${i}`, fellBackFrom: "dev" }));
  entries.push({ option: "q", fellBackFrom: "edge" }, { option: "r", fellBackFrom: undefined! });
  const [dev, edge] = fallbackLines(entries, false);
  assert.equal(
    dev,
    "mode dev: 15 packages have no dev source and use prod: p0, p1, p2, p3, p4, p5, p6, p7, " +
      "p8, p9, p10, p11, and 3 more (-v or --json names them all)",
  );
  assert.equal(edge, "mode edge: 1 package has no edge source and uses prod: q");
  assert.match(fallbackLines(entries, true)[0], /p11, p12, p13, p14$/);
  assert.deepEqual(fallbackLines([{ option: "r" }], false), []);
});
