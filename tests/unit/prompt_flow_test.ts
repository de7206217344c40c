/**
 * The question flows of `registry add` and `registry add-group` with a scripted prompter: the
 * order of the questions, answers refused as typed, defaults offered, flags that skip questions,
 * the missing-flags error without a terminal, and Ctrl-C.
 */
import assert from "node:assert/strict";
import { HpmError } from "../../src/errors.ts";
import { normalizeName } from "../../src/names.ts";
import {
  checkGitUrl,
  checkSubdirectory,
  checkVersion,
  checkWebUrl,
} from "../../src/prompts/answers.ts";
import { collectGroupAnswers, type GroupFlags } from "../../src/prompts/group_flow.ts";
import { collectPackageAnswers, type PackageFlags } from "../../src/prompts/package_flow.ts";
import type { KnownPackage, PackageFlowFacts } from "../../src/prompts/flow_facts.ts";
import { pathChoices } from "../../src/prompts/path_completion.ts";
import { type Prompter, promptInterrupted } from "../../src/prompts/questions.ts";

type Answer = string | boolean | string[] | "^C";
type Step = [RegExp, Answer];

/** A prompter that answers from a script; a refused answer is recorded and the next one tried. */
class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  readonly refused: string[] = [];
  constructor(private readonly steps: Step[]) {}

  private take(message: string): Answer {
    const step = this.steps.shift();
    assert.ok(step, `unexpected question: ${message}`);
    assert.match(message, step[0], `asked '${message}', the script expected ${step[0]}`);
    if (step[1] === "^C") throw promptInterrupted();
    return step[1];
  }

  private answer<T>(message: string, validate?: (value: T) => string | true, fallback?: T): T {
    this.asked.push(message);
    for (;;) {
      let value = this.take(message) as T;
      if (value === "" && fallback !== undefined) value = fallback;
      const verdict = validate ? validate(value) : true;
      if (verdict === true) return value;
      this.refused.push(verdict);
    }
  }

  text(q: { message: string; default?: string; validate?: (v: string) => string | true }) {
    return Promise.resolve(this.answer(q.message, q.validate, q.default));
  }
  path(q: { message: string; default?: string; validate?: (v: string) => string | true }) {
    return this.text(q);
  }
  select<T extends string>(q: { message: string; choices: { value: T }[]; default?: T }) {
    const value = this.answer<T>(q.message, undefined, q.default);
    assert.ok(q.choices.some((c) => c.value === value), `'${value}' is not a choice`);
    return Promise.resolve(value);
  }
  multiSelect(q: { message: string; validate?: (v: string[]) => string | true }) {
    return Promise.resolve(this.answer<string[]>(q.message, q.validate));
  }
  confirm(q: { message: string; default?: boolean }) {
    return Promise.resolve(this.answer<boolean>(q.message, undefined, q.default));
  }
  done() {
    assert.deepEqual(this.steps, [], "the script has answers left");
  }
}

const ROOT = "/work/demo";
const PACKAGES = `${ROOT}/registry/packages`;

function facts(extra: { packages?: KnownPackage[]; dirs?: string[] } = {}): PackageFlowFacts {
  const packages = new Map(
    [
      { name: "vlm-adapter-qwen", readable: true, modes: ["prod"], version: "0.1.0" },
      ...(extra.packages ?? []),
    ].map((p) => [normalizeName(p.name), p]),
  );
  const dirs = new Set([`${ROOT}/packages/foo`, `${ROOT}/packages/other`, ...(extra.dirs ?? [])]);
  return {
    cwd: ROOT,
    packagesDir: PACKAGES,
    lookup: (name) => packages.get(normalizeName(name)),
    groups: [{ name: "inference", strategy: "1-of-N", options: ["vlm-adapter-qwen"] }],
    exists: (path) => dirs.has(path),
    localProject: (dir) =>
      dir === `${ROOT}/packages/foo`
        ? { name: "foo", version: "0.3.0" }
        : dir === `${ROOT}/packages/other`
        ? { name: "something-else", version: "1.0" }
        : undefined,
  };
}

const run = (flags: Partial<PackageFlags>, script?: ScriptedPrompter, known = facts()) =>
  collectPackageAnswers(
    { force: false, ...flags },
    known,
    script ? () => Promise.resolve(script) : undefined,
  );

async function usageError(promise: Promise<unknown>): Promise<HpmError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HpmError, String(error));
    assert.equal(error.exitCode, 2);
    return error;
  }
  assert.fail("expected an error");
}

Deno.test("flags only: nothing is asked; local paths are stored relative to the manifest", async () => {
  const script = new ScriptedPrompter([]);
  const answers = await run({ name: "foo", type: "local", path: "packages/foo" }, script);
  assert.deepEqual(answers, {
    name: "foo",
    mode: "prod",
    source: { type: "local", path: "../../packages/foo", editable: true },
    version: "0.3.0", // offered by packages/foo/pyproject.toml
    asked: false,
  });
  assert.deepEqual(script.asked, []);
});

Deno.test("no terminal: every missing flag is listed at once (exit 2), nothing is asked", async () => {
  const none = await usageError(run({}));
  assert.equal(
    none.message,
    "'hpm registry add' needs --name, --type (nothing is asked without a terminal or with --no-input)",
  );
  assert.match(none.hint!, /local needs --path; git --url and --version; index --version/);
  assert.deepEqual(none.data, { missing: ["--name", "--type"] });
  const git = await usageError(run({ name: "bar", type: "git" }));
  assert.deepEqual(git.data, { missing: ["--url", "--version"] });
  const url = await usageError(run({ name: "bar", type: "url", group: "new-group" }));
  assert.deepEqual(url.data, { missing: ["--url", "--version", "--strategy"] });
  const local = await usageError(
    run(
      { name: "bar", type: "local", path: "packages/x" },
      undefined,
      facts({ dirs: [`${ROOT}/packages/x`] }),
    ),
  );
  assert.deepEqual(local.data, { missing: ["--version"] }); // no pyproject.toml to offer one
});

Deno.test("interactive local source: refused answers are asked again; the version is offered", async () => {
  const script = new ScriptedPrompter([
    [/^Package name/, "../x"],
    [/^Package name/, "foo"],
    [/^Source type/, "local"],
    [/^Path of the package/, "nowhere"],
    [/^Path of the package/, "packages/other"],
    [/^Path of the package/, "packages/foo/"],
    [/^Version/, ""],
    [/^Description/, "The foo adapter"],
    [/^Install it editable/, false],
    [/^Extras to install/, "fast, -bad"],
    [/^Extras to install/, "Fast, socks"],
    [/^Environment marker/, "sys_platfrom == 'x'"],
    [/^Environment marker/, `os.name=="posix"`],
    [/^Mode of this source/, ""],
    [/^Offer it as an option of a group/, "inference"],
  ]);
  const answers = await run({}, script);
  script.done();
  assert.deepEqual(answers, {
    name: "foo",
    mode: "prod",
    source: {
      type: "local",
      path: "../../packages/foo",
      editable: false,
      extras: ["fast", "socks"],
      marker: "os_name == 'posix'",
    },
    version: "0.3.0",
    description: "The foo adapter",
    group: { name: "inference" },
    asked: true,
  });
  assert.deepEqual(script.refused, [
    "'../x' is not a valid Python distribution name: use letters, digits, '-', '_' and '.', " +
    "starting and ending with a letter or digit",
    `'nowhere' does not exist (looked for ${ROOT}/nowhere)`,
    "'packages/other' holds the Python project 'something-else', not 'foo'",
    "'-bad' is not a valid extra name: use letters, digits, '-', '_' and '.' (PEP 508)",
    "invalid marker: unknown marker variable 'sys_platfrom' (did you mean 'sys_platform'?)",
  ]);
});

Deno.test("interactive git source: URL checked, a revision kind then its value, a new group", async () => {
  const script = new ScriptedPrompter([
    [/^Source type/, "git"],
    [/^Repository URL/, "git@github.com:org/bar.git"],
    [/^Repository URL/, "https://github.com/org/bar.git"],
    [/^Which revision/, "tag"],
    [/^Tag/, "v1.0.0"],
    [/^Subdirectory/, ""],
    [/^Version \(optional/, ""], // a tagged git source: the tag tells it
    [/^Description/, ""],
    [/^Extras to install/, ""],
    [/^Environment marker/, ""],
    [/^Mode of this source/, "dev"],
    [/^Offer it as an option of a group/, "\u0000new"],
    [/^Name of the new group/, "inference"],
    [/^Name of the new group/, "adapters"],
    [/^Strategy of the new group 'adapters'/, "M-of-N"],
  ]);
  const answers = await run({ name: "bar" }, script);
  script.done();
  assert.deepEqual(answers, {
    name: "bar",
    mode: "dev",
    source: { type: "git", url: "https://github.com/org/bar.git", tag: "v1.0.0" },
    group: { name: "adapters", strategy: "M-of-N" },
    asked: true,
  });
  assert.deepEqual(script.refused, [
    "write 'git@github.com:org/bar.git' as a URL: 'ssh://git@github.com/org/bar.git'",
    "group 'inference' exists; choose it from the list instead",
  ]);
});

Deno.test("an existing package: the mode comes next, a taken mode is refused, the rest is kept", async () => {
  const script = new ScriptedPrompter([
    [/^'vlm-adapter-qwen' has a source 'prod'; mode of the new source/, "prod"],
    [/mode of the new source/, ""], // the offered default: dev
    [/^Source type/, "index"],
    [/^Version constraint/, ">=1.0,<2"],
    [/^Index URL/, "not a url"],
    [/^Index URL/, ""],
    [/^Extras to install/, ""],
    [/^Environment marker/, ""],
    [/^Offer it as an option of a group/, "\u0000none"],
  ]);
  const answers = await run({ name: "vlm-adapter-qwen" }, script);
  script.done();
  assert.deepEqual(answers, {
    name: "vlm-adapter-qwen",
    mode: "dev",
    source: { type: "index", version: ">=1.0,<2" },
    existing: { name: "vlm-adapter-qwen", readable: true, modes: ["prod"], version: "0.1.0" },
    asked: true,
  });
  assert.deepEqual(script.refused, [
    "'vlm-adapter-qwen' already has a 'prod' source; pass --force to replace it, or choose " +
    "another mode to add a source for it",
    "'not a url' is not an http, https or file URL",
  ]);
});

Deno.test("duplicates: refused without --force; --force replaces that mode's source", async () => {
  const taken = await usageError(
    run({ name: "vlm-adapter-qwen", type: "git", url: "https://x.org/q.git", version: "1" }),
  );
  assert.equal(taken.message, "'vlm-adapter-qwen' already has a 'prod' source");
  assert.match(taken.hint!, /--mode MODE to add a source for another mode .*or --force/);
  const flagged = await usageError(run({ name: "vlm-adapter-qwen", mode: "prod" }));
  assert.match(flagged.message, /^invalid --name: 'vlm-adapter-qwen' already has a 'prod' source/);
  const forced = await run({
    name: "vlm-adapter-qwen",
    type: "git",
    url: "https://x.org/q.git",
    force: true,
  });
  assert.equal(forced.mode, "prod");
  assert.equal(forced.version, "0.1.0"); // kept from the manifest being replaced
  const added = await run({
    name: "vlm-adapter-qwen",
    mode: "dev",
    type: "git",
    url: "https://x.org/q.git",
  });
  assert.equal(added.version, undefined); // adding a mode keeps version and description
  const spelled = await usageError(run({ name: "VLM_Adapter_Qwen" }));
  assert.match(spelled.message, /same distribution as the existing package 'vlm-adapter-qwen'/);
});

Deno.test("path-like and invalid names are refused before anything else", async () => {
  for (const name of ["../x", "/x", "a/b", "x/../../y", ".hidden", "-x", ""]) {
    const error = await usageError(run({ name, type: "index", version: "1.0" }));
    assert.match(error.message, /^invalid --name: /, name);
  }
});

Deno.test("flags are checked: unknown type, flags of another type, two revisions", async () => {
  const type = await usageError(run({ name: "x", type: "pypi" }));
  assert.equal(type.message, "invalid --type: 'pypi' is not a source type: local, git, index, url");
  const foreign = await usageError(run({ name: "x", type: "git", path: "packages/foo" }));
  assert.equal(foreign.message, "invalid --path: it does not apply to a git source");
  const refs = await usageError(
    run({ name: "x", type: "git", url: "https://x.org/r", tag: "v1", branch: "main" }),
  );
  assert.match(refs.message, /^invalid --branch: give at most one of --tag, --branch, --rev/);
  const strategy = await usageError(
    run({ name: "x", type: "index", version: "1", strategy: "M-of-N" }),
  );
  assert.match(strategy.message, /^invalid --strategy: it applies only with --group/);
  const version = await usageError(run({ name: "x", type: "index", version: "latest" }));
  assert.match(version.message, /^invalid --version: 'latest' is not a valid version/);
});

Deno.test("index: a pinned constraint offers the version; an optional index URL", async () => {
  const answers = await run({
    name: "numpy",
    type: "index",
    constraint: "==2.1.0",
    indexUrl: "https://pypi.example.org/simple",
  });
  assert.deepEqual(answers.source, {
    type: "index",
    version: "==2.1.0",
    index: "https://pypi.example.org/simple",
  });
  assert.equal(answers.version, "2.1.0");
});

Deno.test("Ctrl-C at any question stops the flow with exit 130", async () => {
  const script = new ScriptedPrompter([[/^Package name/, "foo"], [/^Source type/, "^C"]]);
  await assert.rejects(run({}, script), (error: HpmError) => error.exitCode === 130);
});

const groupFacts = {
  groups: ["inference"],
  packages: [
    { name: "metric-a", description: "A" },
    { name: "metric-b" },
    { name: "metric-c" },
  ],
};
const runGroup = (flags: Partial<GroupFlags>, script?: ScriptedPrompter) =>
  collectGroupAnswers(
    { force: false, ...flags },
    groupFacts,
    script ? () => Promise.resolve(script) : undefined,
  );

Deno.test("add-group: flags only, missing flags, and checks of options, default and bounds", async () => {
  const { draft, asked } = await runGroup({
    name: "metrics",
    strategy: "M-of-N",
    options: ["metric-a", "metric-b"],
    default: ["metric-a"],
    min: "1",
  });
  assert.equal(asked, false);
  assert.deepEqual(draft, {
    name: "metrics",
    strategy: "M-of-N",
    options: [{ name: "metric-a", description: "A" }, { name: "metric-b" }],
    default: ["metric-a"],
    min: 1,
  });
  const missing = await usageError(runGroup({ name: "metrics" }));
  assert.deepEqual(missing.data, { missing: ["--strategy", "--option"] });
  const exists = await usageError(
    runGroup({ name: "inference", strategy: "1-of-N", options: ["metric-a"] }),
  );
  assert.match(exists.message, /group 'inference' exists; pass --force/);
  const unknown = await usageError(
    runGroup({ name: "g", strategy: "1-of-N", options: ["metric-x"] }),
  );
  assert.match(
    unknown.message,
    /no package 'metric-x' in the registry \(did you mean 'metric-a'\?\)/,
  );
  const twoDefaults = await usageError(
    runGroup({
      name: "g",
      strategy: "1-of-N",
      options: ["metric-a", "metric-b"],
      default: ["metric-a", "metric-b"],
    }),
  );
  assert.match(twoDefaults.message, /a 1-of-N group takes one default/);
  const bounds = await usageError(
    runGroup({ name: "g", strategy: "M-of-N", options: ["metric-a"], min: "2" }),
  );
  assert.match(bounds.message, /2 is more than the 1 option/);
  const oneOfN = await usageError(
    runGroup({ name: "g", strategy: "1-of-N", options: ["metric-a"], max: "2" }),
  );
  assert.match(oneOfN.message, /^invalid --max: it applies only to M-of-N groups/);
});

Deno.test("add-group interactive: name, strategy, description, options, default", async () => {
  const script = new ScriptedPrompter([
    [/^Group name/, "inference"],
    [/^Group name/, "judges"],
    [/^Strategy/, "1-of-N"],
    [/^Description/, "Who grades the answers"],
    [/^Options/, []],
    [/^Options/, ["metric-b", "metric-c"]],
    [/^Default option/, "metric-c"],
  ]);
  const { draft, asked } = await runGroup({}, script);
  script.done();
  assert.equal(asked, true);
  assert.deepEqual(draft, {
    name: "judges",
    strategy: "1-of-N",
    description: "Who grades the answers",
    options: [{ name: "metric-b" }, { name: "metric-c" }],
    default: ["metric-c"],
  });
  assert.deepEqual(script.refused, [
    "group 'inference' exists; pass --force to replace it",
    "select at least one package",
  ]);
});

Deno.test("path completion: matches first when the typed path does not exist, else it first", () => {
  const tree: Record<string, string[]> = {
    "/p": ["packages", "registry", ".git"],
    "/p/packages": ["vlm_adapter", "vlm_adapter_deepseek", "metric"],
  };
  const list = (dir: string) => tree[dir] ?? [];
  const exists = (path: string) => path in tree || path === "/p/packages/vlm_adapter";
  assert.deepEqual(pathChoices("", "/p", list, exists), ["packages/", "registry/"]);
  assert.deepEqual(pathChoices("packages/vlm", "/p", list, exists), [
    "packages/vlm_adapter/",
    "packages/vlm_adapter_deepseek/",
    "packages/vlm",
  ]);
  assert.deepEqual(pathChoices("packages/vlm_adapter", "/p", list, exists), [
    "packages/vlm_adapter",
    "packages/vlm_adapter_deepseek/",
  ]);
  assert.deepEqual(pathChoices(".g", "/p", list, exists), [".git/", ".g"]);
  assert.deepEqual(pathChoices("/p/packages/m", "/elsewhere", list, exists), [
    "/p/packages/metric/",
    "/p/packages/m",
  ]);
});

Deno.test("answer checks: URLs, versions, subdirectories", () => {
  assert.equal(checkGitUrl("https://github.com/org/repo.git"), true);
  assert.equal(checkGitUrl("ssh://git@github.com/org/repo.git"), true);
  assert.equal(checkGitUrl("file:///srv/git/repo"), true);
  assert.match(String(checkGitUrl("github.com/org/repo")), /is not a git URL/);
  assert.match(String(checkGitUrl("ftp://host/repo")), /is not a git URL/);
  assert.equal(checkWebUrl("https://files.example.org/x-1.0.tar.gz"), true);
  assert.match(String(checkWebUrl("ssh://host/x.whl")), /not an http, https or file URL/);
  assert.equal(checkVersion("1.2.3rc1"), true);
  assert.match(String(checkVersion("")), /a version is required/);
  assert.equal(checkSubdirectory("python/pkg"), true);
  assert.match(String(checkSubdirectory("../up")), /leaves the repository/);
  assert.match(String(checkSubdirectory("/abs")), /must be relative/);
});

Deno.test("flags: an index source needs no --version; --extra and --marker go into the source", async () => {
  const answers = await run({
    name: "foo",
    type: "index",
    constraint: ">=0.27",
    extras: ["Http2", "socks"],
    marker: `sys_platform=="linux"`,
  });
  assert.equal(answers.version, undefined);
  assert.deepEqual(answers.source, {
    type: "index",
    version: ">=0.27",
    extras: ["http2", "socks"],
    marker: "sys_platform == 'linux'",
  });
  assert.equal(answers.asked, false);
  const tagged = await run({ name: "foo", type: "git", url: "https://x.org/f.git", tag: "v1.2.0" });
  assert.equal(tagged.version, undefined);
  const marker = await usageError(
    run({ name: "foo", type: "index", marker: "sys_platform = 'linux'" }),
  );
  assert.match(marker.message, /^invalid --marker: invalid marker: unexpected '='/);
  const extra = await usageError(run({ name: "foo", type: "index", extras: ["-x"] }));
  assert.match(extra.message, /^--extra: '-x' is not a valid extra name/);
  // A url source still needs a version.
  const url = await usageError(run({ name: "foo", type: "url", url: "https://x.org/f.whl" }));
  assert.match(url.message, /--version/);
});
