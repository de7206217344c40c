/** The read side on the seed example: list, show, search, registry list/validate; text and JSON. */
import assert from "node:assert/strict";
import { copyFixture, FIXTURES, hpm, removing } from "../support/hpm.ts";
import { pastCtimeOf } from "../support/project.ts";
import { assertOutput, type ExpectedOutput, lines } from "../support/spec.ts";

const SEED = `${FIXTURES}/seed-project`;

/** Runs hpm in `cwd` and asserts its whole output (the fixture's path shown as [ROOT]). */
async function step(cwd: string, args: string[], expected: ExpectedOutput) {
  const result = await hpm(args, { cwd });
  assertOutput(result, expected, { root: cwd, dirs: { "[FIXTURES]": FIXTURES } });
  return result;
}

Deno.test("--version and --help", async () => {
  const version = await hpm(["--version"], { cwd: SEED });
  const config = JSON.parse(await Deno.readTextFile(`${FIXTURES}/../deno.json`));
  assert.equal(version.stdout, `hpm ${config.version}\n`);
  assert.equal(version.code, 0);
  await step(SEED, ["--help"], {
    code: 0,
    stdout: lines(
      "hpm: choose interchangeable components of a Python project by group and option, and",
      "materialize the choice with uv.",
      "",
      `Usage: hpm COMMAND [options]   (hpm ${config.version})`,
      "",
      "Commands:",
      "  init                make a project hpm-ready: registry/groups, registry/packages (runs 'uv init' if needed)",
      "  list                list the registry's groups, their options and the project's selection",
      "  show                show a group's options with description, version and sources per mode",
      "  search              search groups and packages by name and description (case-insensitive)",
      "  group add           select an option of a group in pyproject.toml ([tool.hpm.groups])",
      "  group remove        remove an option, or a group's whole selection, from pyproject.toml",
      "  check               prove the selection resolves and uv can plan its install, changing nothing",
      "  sync                write the selection into dependencies and [tool.uv.sources], then uv lock + sync",
      "  lock                write the selection into pyproject.toml and lock it (uv lock); install nothing",
      "  status              per selected group: choice, mode, source, and whether it is written, locked, installed",
      "  mode list           each selected package's mode, and where it comes from (flag, package, project)",
      "  mode set            install one package from its MODE source ([tool.hpm.modes])",
      "  mode clear          remove a package's mode (or all: --all) from [tool.hpm.modes]",
      "  registry add        add a package manifest (asks in a terminal; every answer has a flag)",
      "  registry add-group  add a group of options (asks in a terminal; every answer has a flag)",
      "  registry remove     remove a package manifest (refused while a group offers it or the project selects it)",
      "  registry offer      offer an existing package as an option of an existing group",
      "  registry withdraw   remove an option from a group (the package's manifest stays)",
      "  registry list       list the registry's packages",
      "  registry validate   check every group and package manifest; exit 2 listing every problem",
      "  completions         print a shell completion script (bash, zsh or fish)",
      "",
      "Global options:",
      "  -r, --registry PATH  registry directory (default: [tool.hpm] registry in pyproject.toml, else <project>/registry)",
      "      --json           print one JSON document on stdout (results and errors)",
      "  -v, --verbose        show uv's output and internals",
      "  -q, --quiet          print only data and errors",
      "  -h, --help           show help",
      "  -V, --version        print hpm's version",
      "",
      "Exit codes: 0 success, 1 the operation failed, 2 bad usage or bad input, 130 interrupted.",
      "Run 'hpm COMMAND --help' (or 'hpm help COMMAND') for a command's arguments and options.",
    ),
    stderr: "",
  });
  await step(SEED, ["group", "add", "--help"], {
    code: 0,
    stdout: lines(
      "Usage: hpm group add GROUP [options]",
      "",
      "select an option of a group in pyproject.toml ([tool.hpm.groups])",
      "",
      "A 1-of-N group holds one option (a new choice replaces the old one); an M-of-N",
      "group holds a list (an option is added once, within the group's max). Without",
      "--option: the group's default, else a choice in a terminal, else an error listing",
      "the options. Nothing is installed until 'hpm sync'.",
      "",
      "Arguments:",
      "  GROUP  group name",
      "",
      "Options:",
      "      --wait SECONDS   wait this long for another hpm changing the project (default 60; 0 refuses)",
      "  -o, --option OPTION  option to select (repeatable)",
      "  -n, --dry-run        print the pyproject.toml diff; write nothing",
      "",
      "Global options:",
      "  -r, --registry PATH  registry directory (default: [tool.hpm] registry in pyproject.toml, else <project>/registry)",
      "      --json           print one JSON document on stdout (results and errors)",
      "  -v, --verbose        show uv's output and internals",
      "  -q, --quiet          print only data and errors",
      "  -h, --help           show help",
      "",
      "Examples:",
      "  hpm group add inference --option vlm-adapter-qwen",
      "  hpm group add metrics -o metric-accuracy -o metric-latency",
    ),
    stderr: "",
  });
  await step(SEED, ["sync", "--help"], {
    code: 0,
    stdout: lines(
      "Usage: hpm sync [options] [-- UV_OPTIONS...]",
      "",
      "write the selection into dependencies and [tool.uv.sources], then uv lock + sync",
      "",
      "Only entries hpm owns change (listed in [tool.hpm] managed); dependencies you",
      "added yourself are never touched. On any failure (uv error, Ctrl-C, SIGTERM, a",
      "closed terminal) pyproject.toml and uv.lock are restored byte for byte. A managed",
      "entry changed outside hpm (by hand, uv add, uv remove) stops sync (exit 1), showing",
      "its text and hpm's, until the change is in the manifest or --reset-edits is given.",
      "A project the original hpm synced is taken over in the same run: its dependencies",
      "and sources of the selected groups' options (replaced ones removed) and the",
      "[tool.uv.workspace] members its uv add wrote. In a uv workspace, local packages",
      "that are members get { workspace = true }, and the shared .venv keeps what the",
      "rest of the workspace installed (uv sync --inexact; options sync removes are",
      "uninstalled unless something there needs them).",
      "",
      "Options:",
      "      --wait SECONDS          wait this long for another hpm changing the project (default 60; 0 refuses)",
      "  -m, --mode MODE             source mode for every package, prod for one without it (default: per-package [tool.hpm.modes], then [tool.hpm] mode, then prod)",
      "      --strict-modes          a package without a source for its mode is an error, not installed from its prod source",
      "  -n, --dry-run               print the pyproject.toml diff and the uv commands; write nothing",
      "      --reset-edits           write the registry's version over managed entries changed outside hpm (by hand, uv add/remove)",
      "  -U, --upgrade               uv: lock the newest versions the constraints allow, of every package",
      "  -P, --upgrade-package NAME  uv: the same for this package only, the other locked versions kept (repeatable)",
      "      --offline               uv: no network (passed to every uv run)",
      "      --no-dev                uv: do not install the dev dependency group (passed to every uv sync)",
      "",
      "After '--' (options for uv):",
      "  Options of uv lock / uv sync, added to hpm's uv runs and shown in their '$ uv ...'",
      "  lines: resolver, index, build, cache and Python options go to every run, upgrades to",
      "  the locking one, extras and dependency groups (--extra, --all-extras, --group,",
      "  --all-groups, --no-default-groups, ...) to the installing ones. [tool.hpm] sync-args",
      '  gives options every run takes (e.g. sync-args = ["--all-extras"] keeps your extras',
      "  installed). Refused (exit 2): --frozen, --locked, --check, --dry-run, --project,",
      "  --directory, --package, --script, --active, --only-dev, --only-group, --output-format,",
      "  -q, -v, --color, and anything uv lock and uv sync do not have (--no-sync).",
      "",
      "Global options:",
      "  -r, --registry PATH  registry directory (default: [tool.hpm] registry in pyproject.toml, else <project>/registry)",
      "      --json           print one JSON document on stdout (results and errors)",
      "  -v, --verbose        show uv's output and internals",
      "  -q, --quiet          print only data and errors",
      "  -h, --help           show help",
      "",
      "Examples:",
      "  hpm sync",
      "  hpm sync --mode dev",
      "  hpm sync --dry-run",
      "  hpm sync --upgrade-package httpx",
      "  hpm sync -- --all-extras --group docs",
      "  hpm sync --reset-edits",
    ),
    stderr: "",
  });
});

Deno.test("list shows groups, strategies, options and the selection", async () => {
  const project = await copyFixture("seed-project");
  await using _project = removing(project);
  await Deno.writeTextFile(
    `${project}/pyproject.toml`,
    (await Deno.readTextFile(`${project}/pyproject.toml`)) +
      '\n[tool.hpm.groups]\ninference = "vlm-adapter-deepseek"\n',
  );
  await step(project, ["list"], {
    code: 0,
    stdout: lines(
      "inference (1-of-N)",
      "    vlm-adapter-qwen",
      "  * vlm-adapter-deepseek",
      "metrics (M-of-N, at least 1)  Evaluation metrics; pick one or more",
      "    metric-accuracy  Exact-match accuracy (default)",
      "    metric-latency   Latency percentiles",
      "* selected in pyproject.toml",
    ),
    stderr: "",
  });
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
  await step(project, ["list", "-q"], {
    code: 0,
    stdout: lines(
      "inference (1-of-N)",
      "    vlm-adapter-qwen",
      "  * vlm-adapter-deepseek",
      "metrics (M-of-N, at least 1)  Evaluation metrics; pick one or more",
      "    metric-accuracy  Exact-match accuracy (default)",
      "    metric-latency   Latency percentiles",
    ),
    stderr: "",
  });
  // Nothing selected: no marks, so no legend.
  await step(SEED, ["list"], {
    code: 0,
    stdout: lines(
      "inference (1-of-N)",
      "    vlm-adapter-qwen",
      "    vlm-adapter-deepseek",
      "metrics (M-of-N, at least 1)  Evaluation metrics; pick one or more",
      "    metric-accuracy  Exact-match accuracy (default)",
      "    metric-latency   Latency percentiles",
    ),
    stderr: "",
  });
});

Deno.test("show GROUP lists each option's version and sources per mode", async () => {
  await step(SEED, ["show", "inference"], {
    code: 0,
    stdout: lines(
      "inference (1-of-N)",
      "    vlm-adapter-qwen 0.1.0",
      "      prod: local ../../packages/vlm_adapter (editable)",
      "    vlm-adapter-deepseek 0.1.0  DeepSeek-VL adapter",
      "      prod: local ../../packages/vlm_adapter_deepseek (editable)",
    ),
    stderr: "",
  });
  await step(SEED, ["show", "metrics"], {
    code: 0,
    stdout: lines(
      "metrics (M-of-N, at least 1)",
      "Evaluation metrics; pick one or more",
      "    metric-accuracy 0.1.0 (default)  Exact-match accuracy",
      "      prod: local ../../packages/metric_accuracy (editable)",
      "    metric-latency 0.1.0  Latency percentiles",
      "      prod: local ../../packages/metric_latency (editable)",
    ),
    stderr: "",
  });
  const json = JSON.parse((await hpm(["show", "inference", "--json"], { cwd: SEED })).stdout);
  assert.deepEqual(json.group.options[0].package.sources.prod, {
    type: "local",
    path: "../../packages/vlm_adapter",
    editable: true,
  });
  await step(SEED, ["show", "infer"], {
    code: 2,
    stdout: "",
    stderr: lines(
      "error: no group 'infer' in the registry",
      "hint: did you mean 'inference'?",
    ),
  });
});

Deno.test("search is case-insensitive over names and descriptions; no match exits 0", async () => {
  await step(SEED, ["search", "QWEN"], {
    code: 0,
    stdout: lines(
      "Packages:",
      "  vlm-adapter-qwen 0.1.0 [inference]",
    ),
    stderr: "",
  });
  await step(SEED, ["search", "metric"], {
    code: 0,
    stdout: lines(
      "Groups:",
      "  metrics  Evaluation metrics; pick one or more",
      "Packages:",
      "  metric-accuracy 0.1.0 [metrics]  The accuracy metric",
      "  metric-latency 0.1.0 [metrics]  The latency metric",
    ),
    stderr: "",
  });
  const byDescription = JSON.parse(
    (await hpm(["search", "percentiles", "--json"], { cwd: SEED })).stdout,
  );
  assert.deepEqual(byDescription.packages.map((p: { name: string }) => p.name), ["metric-latency"]);
  await step(SEED, ["search", "nothing-like-this"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "no groups or packages match 'nothing-like-this'",
    ),
  });
});

Deno.test("registry list and validate on the seed registry", async () => {
  const list = await hpm(["registry", "list", "--json"], { cwd: SEED });
  assert.deepEqual(
    JSON.parse(list.stdout).packages.map((p: { name: string }) => p.name),
    ["metric-accuracy", "metric-latency", "vlm-adapter-deepseek", "vlm-adapter-qwen"],
  );
  await step(SEED, ["registry", "validate"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "registry/groups/metrics.yaml:1:7: warning: the original hpm ignores 'min'/'max' of group 'metrics'",
      "  hint: docs/formats.md, 'Working beside the original hpm', says which tool reads what",
      "✔ registry: 2 groups, 4 packages, no errors, 1 warning",
    ),
  });
  await step(SEED, ["registry", "list"], {
    code: 0,
    stdout: lines(
      "metric-accuracy       0.1.0     modes: prod  groups: metrics",
      "metric-latency        0.1.0     modes: prod  groups: metrics",
      "vlm-adapter-deepseek  0.1.0     modes: prod  groups: inference",
      "vlm-adapter-qwen      0.1.0     modes: prod  groups: inference",
    ),
    stderr: "",
  });
  // --quiet leaves out the verdict line, not the warnings: they are what a script looks for.
  const quiet = await hpm(["registry", "validate", "-q"], { cwd: SEED });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(
    quiet.stderr,
    "registry/groups/metrics.yaml:1:7: warning: the original hpm ignores 'min'/'max' of group " +
      "'metrics'\n  hint: docs/formats.md, 'Working beside the original hpm', says which tool reads what\n",
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
  await using _project = removing(project);
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
  await using _outside = removing(outside);
  const flag = await hpm(["registry", "validate", "-r", `${project}/components`], { cwd: outside });
  assert.equal(flag.code, 0, flag.stderr);
  const relative = await hpm(["list", "--registry", "components", "--json"], { cwd: project });
  assert.equal(JSON.parse(relative.stdout).groups.length, 2);
});

Deno.test("usage errors exit 2 with a hint and no stack trace; --json errors parse", async () => {
  for (
    const args of [
      ["lst"],
      ["group", "ad", "x"],
      ["list", "--jsn"],
      ["show"],
      ["list", "--registry"],
    ]
  ) {
    const result = await hpm(args, { cwd: SEED });
    assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/);
  }
  await step(SEED, ["lst"], {
    code: 2,
    stdout: "",
    stderr: lines(
      "error: unknown command 'lst' for hpm",
      "hint: did you mean 'list'?",
    ),
  });
  await step(SEED, ["group", "ad", "x"], {
    code: 2,
    stdout: "",
    stderr: lines(
      "error: unknown command 'ad' for 'hpm group'",
      "hint: did you mean 'group add'?",
    ),
  });
  await step(SEED, ["list", "--jsn"], {
    code: 2,
    stdout: "",
    stderr: lines(
      "error: unknown option '--jsn' for 'hpm list'",
      "hint: did you mean '--json'?",
    ),
  });
  await step(SEED, ["show"], {
    code: 2,
    stdout: "",
    stderr: lines(
      "error: 'hpm show' needs GROUP",
      "hint: usage: hpm show GROUP [options]",
    ),
  });
  await step(SEED, ["list", "--registry"], {
    code: 2,
    stdout: "",
    stderr: lines(
      "error: option '--registry' needs a value",
      "hint: write '--registry PATH'",
    ),
  });
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
  await using _outside = removing(outside);
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
});

Deno.test("list from the registry cache, not while files are new, and after an edit that kept size and mtime", async () => {
  const project = await copyFixture("seed-project");
  const cache = await Deno.makeTempDir({ prefix: "hpm-cache-" });
  try {
    const run = (env: Record<string, string> = {}) =>
      hpm(["list", "--verbose"], { cwd: project, env: { HPM_CACHE_DIR: cache, ...env } });
    const past = new Date(Date.now() - 3600_000);
    for (const dir of ["groups", "packages"]) {
      for (const entry of Deno.readDirSync(`${project}/registry/${dir}`)) {
        await Deno.utime(`${project}/registry/${dir}/${entry.name}`, past, past);
      }
    }
    // Just copied: old mtimes, but ctimes of now. No cache is written within 3 s of a change.
    const fresh = await run();
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(
      fresh.stderr,
      /registry cache: not written \(\S+\/registry\/\S+ changed in the last 3 s\)\n/,
    );
    assert.doesNotMatch(fresh.stderr, /registry cache: written /);
    // The test hook HPM_CACHE_RACY_MS=0 lifts the rule, so the test need not wait 3 s.
    const first = await run({ HPM_CACHE_RACY_MS: "0" });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /registry cache: written /);
    assert.equal(first.stdout, fresh.stdout);
    const second = await run();
    assert.match(second.stderr, /registry cache: hit /);
    assert.equal(second.stdout, first.stdout);
    assert.match(second.stdout, /metrics \(M-of-N, at least 1\) {2}Evaluation metrics;/);

    // An edit of the same size, mtime set back: only the ctime tells, so it must fall in a
    // later second than the one the cache recorded.
    const file = `${project}/registry/groups/metrics.yaml`;
    await pastCtimeOf(file, cache);
    const text = await Deno.readTextFile(file);
    const edited = text.replace("Evaluation metrics", "Evaluation METRICS");
    assert.equal(edited.length, text.length);
    await Deno.writeTextFile(file, edited);
    await Deno.utime(file, past, past);
    const third = await run();
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stderr, /registry cache: miss /);
    assert.match(
      third.stderr,
      /registry cache: not written \(\S+\/registry\/\S+ changed in the last 3 s\)\n/,
    );
    assert.equal(third.stdout, first.stdout.replace("Evaluation metrics", "Evaluation METRICS"));
  } finally {
    await Deno.remove(project, { recursive: true });
    await Deno.remove(cache, { recursive: true });
  }
});

Deno.test("a missing registry is reported with where its path came from", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
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
});

Deno.test("--json: the warnings a command gives are in its document (warnings, last), not on stderr", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/registry/groups/broken.yaml`,
    'name: "broken"\nstrategy: "1-of-Q"\noptions: []\n',
  );
  const text = await hpm(["list"], { cwd: dir });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /^warning: registry\/groups\/broken\.yaml cannot be used/m);

  const json = await hpm(["list", "--json"], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stderr, "");
  const document = JSON.parse(json.stdout);
  assert.equal(Object.keys(document).at(-1), "warnings");
  assert.deepEqual(document.warnings, [{
    message: "registry/groups/broken.yaml cannot be used (2 errors); commands that need group " +
      "'broken' fail",
    hint: "'hpm registry validate' lists every problem",
  }]);
  // Without a warning, no such key.
  await Deno.remove(`${dir}/registry/groups/broken.yaml`);
  const clean = JSON.parse((await hpm(["list", "--json"], { cwd: dir })).stdout);
  assert.equal("warnings" in clean, false);
});
