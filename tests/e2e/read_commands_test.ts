/** The read side on the seed example: list, show, search, registry list/validate; text and JSON. */
import assert from "node:assert/strict";
import { copyFixture, FIXTURES, hpm } from "../support/hpm.ts";

const SEED = `${FIXTURES}/seed-project`;

Deno.test("--version and --help", async () => {
  const version = await hpm(["--version"], { cwd: SEED });
  const config = JSON.parse(await Deno.readTextFile(`${FIXTURES}/../deno.json`));
  assert.equal(version.stdout, `hpm ${config.version}\n`);
  assert.equal(version.code, 0);
  const help = await hpm(["--help"], { cwd: SEED });
  assert.equal(help.code, 0);
  for (const command of ["list", "show", "search", "group add", "group remove", "check", "sync"]) {
    assert.match(help.stdout, new RegExp(`\\n  ${command} `), `--help lists ${command}`);
  }
  const sub = await hpm(["group", "add", "--help"], { cwd: SEED });
  assert.match(sub.stdout, /Usage: hpm group add GROUP \[options\]/);
  assert.match(sub.stdout, /-o, --option OPTION/);
  assert.match(sub.stdout, /-r, --registry PATH/);
});

Deno.test("list shows groups, strategies, options and the selection", async () => {
  const project = await copyFixture("seed-project");
  await Deno.writeTextFile(
    `${project}/pyproject.toml`,
    (await Deno.readTextFile(`${project}/pyproject.toml`)) +
      '\n[tool.hpm.groups]\ninference = "vlm-adapter-deepseek"\n',
  );
  const result = await hpm(["list"], { cwd: project });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      "inference (1-of-N)",
      "    vlm-adapter-qwen",
      "  * vlm-adapter-deepseek",
      "metrics (M-of-N, at least 1)  Evaluation metrics; pick one or more",
      "    metric-accuracy  Exact-match accuracy (default)",
      "    metric-latency   Latency percentiles",
      "* selected in pyproject.toml",
      "",
    ].join("\n"),
  );
  const json = JSON.parse((await hpm(["list", "--json"], { cwd: project })).stdout);
  assert.equal(json.ok, true);
  assert.deepEqual(json.groups.map((g: { name: string }) => g.name), ["inference", "metrics"]);
  assert.equal(json.groups[0].selection, "vlm-adapter-deepseek");
  assert.deepEqual(
    json.groups[0].options.map((o: { selected: boolean }) => o.selected),
    [false, true],
  );
  assert.equal(json.groups[1].min, 1);
  // --quiet prints data only: the table without its legend.
  const quiet = await hpm(["list", "-q"], { cwd: project });
  assert.doesNotMatch(quiet.stdout, /selected in pyproject\.toml/);
  assert.match(quiet.stdout, /\* vlm-adapter-deepseek/);
  // Nothing selected: no marks, so no legend.
  for (const args of [["list"], ["show", "inference"]]) {
    const plain = await hpm(args, { cwd: SEED });
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /selected in pyproject\.toml/);
  }
  await Deno.remove(project, { recursive: true });
});

Deno.test("show GROUP lists each option's version and sources per mode", async () => {
  const result = await hpm(["show", "inference"], { cwd: SEED });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /vlm-adapter-qwen 0\.1\.0\n\s+prod: local \.\.\/\.\.\/packages\/vlm_adapter \(editable\)/,
  );
  assert.match(result.stdout, /vlm-adapter-deepseek 0\.1\.0 {2}DeepSeek-VL adapter/);
  const json = JSON.parse((await hpm(["show", "inference", "--json"], { cwd: SEED })).stdout);
  assert.deepEqual(json.group.options[0].package.sources.prod, {
    type: "local",
    path: "../../packages/vlm_adapter",
    editable: true,
  });
  const unknown = await hpm(["show", "infer"], { cwd: SEED });
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /error: no group 'infer' in the registry\nhint: did you mean 'inference'\?/,
  );
});

Deno.test("search is case-insensitive over names and descriptions; no match exits 0", async () => {
  const qwen = await hpm(["search", "QWEN"], { cwd: SEED });
  assert.equal(qwen.code, 0);
  assert.equal(qwen.stdout, "Packages:\n  vlm-adapter-qwen 0.1.0 [inference]\n");
  const byDescription = JSON.parse(
    (await hpm(["search", "percentiles", "--json"], { cwd: SEED })).stdout,
  );
  assert.deepEqual(byDescription.packages.map((p: { name: string }) => p.name), ["metric-latency"]);
  const none = await hpm(["search", "nothing-like-this"], { cwd: SEED });
  assert.equal(none.code, 0);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /no groups or packages match 'nothing-like-this'/);
});

Deno.test("registry list and validate on the seed registry", async () => {
  const list = await hpm(["registry", "list", "--json"], { cwd: SEED });
  assert.deepEqual(
    JSON.parse(list.stdout).packages.map((p: { name: string }) => p.name),
    ["metric-accuracy", "metric-latency", "vlm-adapter-deepseek", "vlm-adapter-qwen"],
  );
  const validate = await hpm(["registry", "validate"], { cwd: SEED });
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /registry: 2 groups, 4 packages, no errors/);
  // --quiet leaves out the verdict line, not the warnings: they are what a script looks for.
  const quiet = await hpm(["registry", "validate", "-q"], { cwd: SEED });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(
    quiet.stderr,
    "registry/groups/metrics.yaml:1:7: warning: the original hpm ignores 'min'/'max' of group " +
      "'metrics'\n  hint: README 'Working beside the original hpm' says which tool reads what\n",
  );
  const json = JSON.parse((await hpm(["registry", "validate", "--json"], { cwd: SEED })).stdout);
  assert.deepEqual({ ok: json.ok, groups: json.groups, packages: json.packages }, {
    ok: true,
    groups: 2,
    packages: 4,
  });
});

Deno.test("the registry is found from a subdirectory, via [tool.hpm] registry, and via -r", async () => {
  const project = await copyFixture("seed-project");
  // From a subdirectory: the nearest pyproject.toml above wins.
  const sub = await hpm(["search", "qwen"], { cwd: `${project}/packages/vlm_adapter/src` });
  // packages/vlm_adapter has its own pyproject.toml, with no registry next to it.
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /packages\/vlm_adapter\/registry/);
  await Deno.mkdir(`${project}/notes/deep`, { recursive: true });
  const deep = await hpm(["search", "qwen"], { cwd: `${project}/notes/deep` });
  assert.equal(deep.code, 0, deep.stderr);
  assert.match(deep.stdout, /vlm-adapter-qwen/);

  // [tool.hpm] registry, relative to the project root.
  await Deno.rename(`${project}/registry`, `${project}/components`);
  const missing = await hpm(["list"], { cwd: project });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /hint: .*-r\/--registry/);
  const pyproject = await Deno.readTextFile(`${project}/pyproject.toml`);
  await Deno.writeTextFile(
    `${project}/pyproject.toml`,
    pyproject + '\n[tool.hpm]\nregistry = "components"\n',
  );
  const configured = await hpm(["show", "inference", "--json"], { cwd: `${project}/notes` });
  assert.equal(configured.code, 0, configured.stderr);
  assert.equal(JSON.parse(configured.stdout).group.name, "inference");

  // -r wins, relative to the working directory, and works outside any project.
  const outside = await Deno.makeTempDir();
  const flag = await hpm(["registry", "validate", "-r", `${project}/components`], { cwd: outside });
  assert.equal(flag.code, 0, flag.stderr);
  const relative = await hpm(["list", "--registry", "components", "--json"], { cwd: project });
  assert.equal(JSON.parse(relative.stdout).groups.length, 2);
  await Deno.remove(project, { recursive: true });
  await Deno.remove(outside, { recursive: true });
});

Deno.test("usage errors exit 2 with a hint and no stack trace; --json errors parse", async () => {
  const cases: Array<[string[], RegExp]> = [
    [["lst"], /error: unknown command 'lst' for hpm\nhint: did you mean 'list'\?/],
    [["group", "ad", "x"], /hint: did you mean 'group add'\?/],
    [
      ["list", "--jsn"],
      /error: unknown option '--jsn' for 'hpm list'\nhint: did you mean '--json'\?/,
    ],
    [["show"], /error: 'hpm show' needs GROUP\nhint: usage: hpm show GROUP \[options\]/],
    [["list", "--registry"], /error: option '--registry' needs a value/],
  ];
  for (const [args, expected] of cases) {
    const result = await hpm(args, { cwd: SEED });
    assert.equal(result.code, 2, args.join(" "));
    assert.match(result.stderr, expected);
    assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/);
  }
  const json = await hpm(["show", "nope", "--json"], { cwd: SEED });
  assert.equal(json.code, 2);
  const error = JSON.parse(json.stdout);
  assert.equal(error.ok, false);
  assert.equal(error.error.code, "group-not-found");
  assert.equal(error.error.exitCode, 2);
});

Deno.test("registry validate on a broken registry: every problem at file:line:column, exit 2", async () => {
  const broken = `${FIXTURES}/invalid/many-problems`;
  const outside = await Deno.makeTempDir();
  const text = await hpm(["registry", "validate", "-r", broken], { cwd: outside });
  assert.equal(text.code, 2);
  const located = text.stderr.split("\n").filter((l) =>
    /^\S+\.ya?ml:\d+:\d+: (error|warning): /.test(l)
  );
  const json = await hpm(["registry", "validate", "-r", broken, "--json"], { cwd: outside });
  assert.equal(json.code, 2);
  const problems = JSON.parse(json.stdout).error.problems as Array<{ file: string; line: number }>;
  assert.ok(problems.length >= 15, `${problems.length} problems`);
  assert.equal(located.length, problems.length, "one located line per problem in text mode");
  assert.match(text.stderr, /groups\/syntax\.yaml:4:1: error: /);
  assert.match(
    text.stderr,
    /groups\/typo\.yaml:2:1: warning: .*'stratgy'.*\n {2}hint: did you mean 'strategy'\?/,
  );
  assert.match(text.stderr, /\nerror: the registry at .* has \d+ errors\nhint: /);
  assert.doesNotMatch(text.stderr, /\bat .*\.ts:\d+/);
  // Read commands still work on what loaded, with one warning per file that cannot be used.
  const list = await hpm(["list", "-r", broken], { cwd: outside });
  assert.equal(list.code, 0, list.stderr);
  assert.match(
    list.stderr,
    /warning: \S+groups\/bare\.yaml cannot be used \(1 error\); commands that need group 'bare' fail\n/,
  );
  assert.equal(list.stderr.match(/groups\/bounds\.yaml cannot be used/g)?.length, 1);
  await Deno.remove(outside, { recursive: true });
});

Deno.test("list from the registry cache, and after an edit that kept size and mtime", async () => {
  const project = await copyFixture("seed-project");
  const cache = await Deno.makeTempDir({ prefix: "hpm-cache-" });
  const run = () => hpm(["list", "--verbose"], { cwd: project, env: { HPM_CACHE_DIR: cache } });
  // A cache is written only once no registry file changed in the last 3 s (ctime included).
  const past = new Date(Date.now() - 3600_000);
  for (const dir of ["groups", "packages"]) {
    for (const entry of Deno.readDirSync(`${project}/registry/${dir}`)) {
      await Deno.utime(`${project}/registry/${dir}/${entry.name}`, past, past);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 3200));
  const first = await run();
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /registry cache: written /);
  const second = await run();
  assert.match(second.stderr, /registry cache: hit /);
  assert.equal(second.stdout, first.stdout);
  assert.match(second.stdout, /metrics \(M-of-N, at least 1\) {2}Evaluation metrics;/);

  const file = `${project}/registry/groups/metrics.yaml`;
  const text = await Deno.readTextFile(file);
  const edited = text.replace("Evaluation metrics", "Evaluation METRICS");
  assert.equal(edited.length, text.length);
  await Deno.writeTextFile(file, edited);
  await Deno.utime(file, past, past);
  const third = await run();
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /registry cache: miss /);
  assert.match(third.stdout, /metrics \(M-of-N, at least 1\) {2}Evaluation METRICS;/);
  assert.equal(third.stdout, first.stdout.replace("Evaluation metrics", "Evaluation METRICS"));
  await Deno.remove(project, { recursive: true });
  await Deno.remove(cache, { recursive: true });
});

Deno.test("a missing registry is reported with where its path came from", async () => {
  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + '\n[tool.hpm]\nregistry = "nope"\n',
  );
  const configured = await hpm(["list"], { cwd: dir });
  assert.equal(configured.code, 2);
  assert.equal(
    configured.stderr,
    "pyproject.toml:9:1: error: the registry this names is not there\n" +
      "error: registry not found: nope does not exist ([tool.hpm] registry in pyproject.toml)\n" +
      "hint: fix [tool.hpm] registry in pyproject.toml, or create the registry there with " +
      "'hpm init -r PATH'\n",
  );
  const flagged = await hpm(["-r", "elsewhere", "list"], { cwd: dir });
  assert.equal(flagged.code, 2);
  assert.equal(
    flagged.stderr,
    "error: registry not found: elsewhere does not exist\n" +
      "hint: check the path given to -r/--registry\n",
  );
  await Deno.remove(dir, { recursive: true });
});
