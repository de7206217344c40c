/** Hand-broken selections, missing manifests and paths, collisions: clear errors, nothing changed. */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { fileState, listDir } from "../support/project.ts";

async function seedWith(groupsToml: string, extra = ""): Promise<string> {
  const dir = await copyFixture("seed-project");
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + `\n[tool.hpm.groups]\n${groupsToml}\n${extra}`,
  );
  return dir;
}

const BROKEN: Array<[string, string, RegExp]> = [
  [
    "two options in a 1-of-N group",
    'inference = ["vlm-adapter-qwen", "vlm-adapter-deepseek"]',
    /pyproject\.toml:9:1: error: group 'inference' is 1-of-N but selects 2 options \(vlm-adapter-qwen, vlm-adapter-deepseek\)/,
  ],
  [
    "an unknown option",
    'inference = "vlm-adapter-qwn"',
    /error: 'vlm-adapter-qwn' is not an option of group 'inference'\n {2}hint: did you mean 'vlm-adapter-qwen'\?/,
  ],
  [
    "an unknown group",
    'inferense = "vlm-adapter-qwen"',
    /error: \[tool\.hpm\.groups\] names unknown group 'inferense'\n {2}hint: did you mean 'inference'\?/,
  ],
  [
    "an M-of-N group below its min",
    "metrics = []",
    /error: group 'metrics' needs at least 1 option, selects 0/,
  ],
];

for (const [name, toml, expected] of BROKEN) {
  Deno.test(`hand-broken selection (${name}): check and sync exit 2, nothing changed`, async () => {
    const dir = await seedWith(toml);
    const before = await fileState(dir);
    const entries = await listDir(dir);
    for (const command of ["check", "sync", "status"]) {
      const result = await hpm([command], { cwd: dir });
      assert.equal(result.code, 2, `${command}: ${result.stderr}`);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /\$ uv/, "uv never ran");
    }
    assert.deepEqual(await fileState(dir), before);
    assert.deepEqual(await listDir(dir), entries);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("every static problem is reported at once", async () => {
  const dir = await seedWith(
    'inference = ["vlm-adapter-qwen", "vlm-adapter-deepseek"]\nmetrics = ["metric-nope"]\nextra = "x"',
  );
  await using _dir = removing(dir);
  const result = await hpm(["check", "--json"], { cwd: dir });
  assert.equal(result.code, 2);
  const error = JSON.parse(result.stdout).error;
  assert.equal(error.code, "selection-invalid");
  assert.deepEqual(
    error.problems.map((p: { line: number; message: string }) => [p.line, p.message]),
    [
      [
        9,
        "group 'inference' is 1-of-N but selects 2 options (vlm-adapter-qwen, vlm-adapter-deepseek)",
      ],
      [10, "'metric-nope' is not an option of group 'metrics'"],
      [11, "[tool.hpm.groups] names unknown group 'extra'"],
    ],
  );
});

Deno.test("a missing manifest, a missing local path, a name mismatch: errors before uv runs", async () => {
  const dir = await seedWith(
    'inference = "vlm-adapter-qwen"\nmetrics = ["metric-accuracy", "metric-latency"]',
  );
  await using _dir = removing(dir);
  await Deno.remove(`${dir}/registry/packages/metric-latency.yaml`);
  await Deno.remove(`${dir}/packages/metric_accuracy`, { recursive: true });
  const qwen = `${dir}/packages/vlm_adapter/pyproject.toml`;
  await Deno.writeTextFile(
    qwen,
    (await Deno.readTextFile(qwen)).replace('name = "vlm-adapter-qwen"', 'name = "qwen-adapter"'),
  );
  const before = await fileState(dir);
  const result = await hpm(["sync"], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  // The registry itself is invalid (an option without a manifest): that is reported first.
  assert.match(
    result.stderr,
    /registry\/groups\/metrics\.yaml:7:11: error: option 'metric-latency' of group 'metrics' has no package manifest/,
  );
  await Deno.writeTextFile(
    `${dir}/registry/packages/metric-latency.yaml`,
    'name: "metric-latency"\nversion: "0.1.0"\nsources:\n  prod:\n    type: "local"\n    path: "../../packages/metric_latency"\n',
  );
  const second = await hpm(["sync"], { cwd: dir });
  assert.equal(second.code, 2, second.stderr);
  assert.match(
    second.stderr,
    /local path '\.\.\/\.\.\/packages\/metric_accuracy' of package 'metric-accuracy' \(mode 'prod'\) does not exist/,
  );
  assert.match(
    second.stderr,
    /package 'vlm-adapter-qwen' points at '\.\.\/\.\.\/packages\/vlm_adapter', whose pyproject\.toml names the distribution 'qwen-adapter'/,
  );
  assert.match(second.stderr, /error: 2 problems to fix first; nothing was changed/);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("a selected package that is already the user's own dependency is not taken over", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)).replace(
      "dependencies = []",
      'dependencies = ["vlm-adapter-qwen"]  # added by hand',
    ) + '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n',
  );
  const before = await fileState(dir);
  const result = await hpm(["sync"], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /'vlm-adapter-qwen' is already in \[project\]\.dependencies and was not added by hpm/,
  );
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("group add: unknown group or option, 1-of-N with two options, no option without a terminal", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const before = await fileState(dir);
  const cases: Array<[string[], RegExp]> = [
    [
      ["group", "add", "inferenc", "-o", "x"],
      /no group 'inferenc' in the registry\nhint: did you mean 'inference'\?/,
    ],
    [
      ["group", "add", "inference", "-o", "vlm-adapter-qwn"],
      /'vlm-adapter-qwn' is not an option of group 'inference'\nhint: did you mean 'vlm-adapter-qwen'\?/,
    ],
    [
      ["group", "add", "inference", "-o", "vlm-adapter-qwen", "-o", "vlm-adapter-deepseek"],
      /group 'inference' is 1-of-N: choose one option, not 2/,
    ],
    [
      ["group", "add", "inference"],
      /'hpm group add inference' needs --option \(the group has no default\)\nhint: options of 'inference': vlm-adapter-qwen, vlm-adapter-deepseek/,
    ],
    [
      ["group", "remove", "inference"],
      /group 'inference' has no selection in \[tool\.hpm\.groups\]/,
    ],
  ];
  for (const [args, expected] of cases) {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 2, args.join(" "));
    assert.match(result.stderr, expected);
  }
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("list and show warn about a broken selection, unknown [tool.hpm] keys and modes (exit 0)", async () => {
  const dir = await seedWith(
    'inference = ["vlm-adapter-qwen", "vlm-adapter-deepseek"]\nmetrics = ["nope"]',
    '[tool.hpm.modes]\nvlm-adapter-qwn = "dev"\n',
  );
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)).replace(
      "[tool.hpm.groups]",
      '[tool.hpm]\nregistyr = "x"\n\n[tool.hpm.groups]',
    ),
  );
  const before = await fileState(dir);
  for (const args of [["list"], ["show", "inference"]]) {
    const result = await hpm(args, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /vlm-adapter-qwen/);
    assert.match(
      result.stderr,
      /pyproject\.toml:9:1: warning: \[tool\.hpm\] has an unknown key 'registyr'; hpm ignores it\n {2}hint: did you mean 'registry'\?/,
    );
    assert.match(
      result.stderr,
      /pyproject\.toml:12:1: warning: group 'inference' is 1-of-N but selects 2 options/,
    );
    assert.match(
      result.stderr,
      /pyproject\.toml:13:1: warning: 'nope' is not an option of group 'metrics'/,
    );
    assert.match(
      result.stderr,
      /pyproject\.toml:15:1: warning: \[tool\.hpm\.modes\] names 'vlm-adapter-qwn', which is not a package of the registry\n {2}hint: did you mean 'vlm-adapter-qwen'\?/,
    );
  }
  // JSON stays one document on stdout, without the warnings.
  const json = await hpm(["list", "--json"], { cwd: dir });
  assert.equal(json.code, 0);
  assert.equal(JSON.parse(json.stdout).ok, true);
  assert.deepEqual(await fileState(dir), before);
});

Deno.test("no [project] name, or dependencies declared dynamic: check and sync exit 2 before uv", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const path = `${dir}/pyproject.toml`;
  const cases: Array<[string, RegExp]> = [
    [
      "",
      /pyproject\.toml:1:1: error: pyproject\.toml has no \[project\] table; uv needs one with a name to lock/,
    ],
    ['[project]\nversion = "1.0"\n', /pyproject\.toml:1:1: error: \[project\] has no name/],
    [
      '[project]\nname = "x"\nversion = "1.0"\ndynamic = ["dependencies"]\n',
      /pyproject\.toml:4:1: error: \[project\] dynamic lists "dependencies"; hpm writes \[project\]\.dependencies, which must then be static/,
    ],
  ];
  for (const [text, expected] of cases) {
    await Deno.writeTextFile(path, text + '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n');
    const before = await fileState(dir);
    for (const command of ["check", "sync"]) {
      const result = await hpm([command], { cwd: dir });
      assert.equal(result.code, 2, `${command}: ${result.stderr}`);
      assert.match(result.stderr, expected);
      assert.match(result.stderr, /error: 1 problem to fix first; nothing was changed/);
      assert.doesNotMatch(result.stderr, /\$ uv /);
      assert.deepEqual(await fileState(dir), before);
    }
  }
});

Deno.test("group add records an option without a source for the mode in force, and warns", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const manifest = `${dir}/registry/packages/vlm-adapter-deepseek.yaml`;
  await Deno.writeTextFile(
    manifest,
    (await Deno.readTextFile(manifest)).replace("  prod:", "  dev:"),
  );
  const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-deepseek"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  assert.match(
    add.stderr,
    /warning: package 'vlm-adapter-deepseek' \(group 'inference'\) has no source for mode 'prod' \(it has: dev\); sync and check will refuse it in that mode\nhint: add a 'prod' source to registry\/packages\/vlm-adapter-deepseek\.yaml, or set its mode: 'hpm mode set vlm-adapter-deepseek dev'\n/,
  );
  assert.match(
    await Deno.readTextFile(`${dir}/pyproject.toml`),
    /inference = "vlm-adapter-deepseek"/,
  );
});
