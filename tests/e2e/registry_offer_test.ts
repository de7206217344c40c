/**
 * `hpm registry offer GROUP PACKAGE` and `hpm registry withdraw GROUP OPTION` on the seed
 * project: the group file keeps its comments, order and formatting byte for byte apart from
 * the one option; `--dry-run` shows the diff and writes nothing; every refusal (unknown names,
 * already offered, the default, a selected option, `min`, the last option, an `implies`
 * naming it) is exit 2 with what to do, and leaves the file as it was.
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";

/** A group file with the comments, blank lines and styles people write (and no final newline). */
const INFERENCE = [
  "# Inference adapters: the team's choice of VLM backend",
  'name: "inference"',
  "strategy: 1-of-N   # exactly one",
  "",
  "options:",
  "  # in-house",
  '  - name: "vlm-adapter-qwen"',
  "    description: Qwen2-VL   # ours",
  "",
  "  # external",
  "  - name: vlm-adapter-deepseek",
  "# the end",
].join("\n");

async function project(): Promise<{ dir: string; file: string }> {
  const dir = await copyFixture("seed-project");
  const file = `${dir}/registry/groups/inference.yaml`;
  await Deno.writeTextFile(file, INFERENCE);
  for (const name of ["vlm-adapter-llava", "metric-bleu"]) {
    await Deno.writeTextFile(
      `${dir}/registry/packages/${name}.yaml`,
      `name: "${name}"\nsources:\n  prod: {type: "index", version: ">=1"}\n`,
    );
  }
  return { dir, file };
}

Deno.test("registry offer appends the option, keeping the file; --dry-run writes nothing; group add selects it", async () => {
  const { dir, file } = await project();
  await using _dir = removing(dir);
  const dry = await hpm(["registry", "offer", "inference", "VLM_Adapter.LLaVA", "--dry-run"], {
    cwd: dir,
  });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    [
      "--- a/registry/groups/inference.yaml",
      "+++ b/registry/groups/inference.yaml",
      "@@ -9,4 +9,5 @@",
      " ",
      "   # external",
      "   - name: vlm-adapter-deepseek",
      '+  - name: "vlm-adapter-llava"',
      " # the end",
      "",
    ].join("\n"),
  );
  assert.equal(dry.stderr, "dry run: nothing was written\n");
  assert.equal(await Deno.readTextFile(file), INFERENCE);

  const offer = await hpm(
    ["registry", "offer", "inference", "vlm-adapter-llava", "--description", "LLaVA 1.6"],
    { cwd: dir },
  );
  assert.equal(offer.code, 0, offer.stderr);
  assert.equal(
    offer.stderr,
    "✔ group 'inference' now offers 'vlm-adapter-llava' (registry/groups/inference.yaml)\n" +
      "next: 'hpm group add inference --option vlm-adapter-llava' to select it, then 'hpm sync'\n",
  );
  assert.equal(
    await Deno.readTextFile(file),
    INFERENCE.replace(
      "# the end",
      '  - name: "vlm-adapter-llava"\n    description: "LLaVA 1.6"\n# the end',
    ),
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);
  const add = await hpm(["group", "add", "inference", "-o", "vlm-adapter-llava"], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);

  const json = await hpm(["registry", "offer", "metrics", "metric-bleu", "--json"], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), {
    ok: true,
    group: "metrics",
    option: "metric-bleu",
    file: `${dir}/registry/groups/metrics.yaml`,
    options: ["metric-accuracy", "metric-latency", "metric-bleu"],
    changed: true,
    dryRun: false,
  });
});

Deno.test("registry offer refuses unknown names (with a guess) and an option already offered", async () => {
  const { dir, file } = await project();
  await using _dir = removing(dir);
  const cases: [string[], string][] = [
    [
      ["inferenc", "vlm-adapter-llava"],
      "error: no group 'inferenc' in the registry at registry\nhint: did you mean 'inference'?\n",
    ],
    [
      ["inference", "vlm-adapter-lava"],
      "error: no package 'vlm-adapter-lava' in the registry at registry\n" +
      "hint: did you mean 'vlm-adapter-llava'?\n",
    ],
    [
      ["inference", "VLM_adapter_qwen"],
      "error: group 'inference' already offers 'vlm-adapter-qwen'\n" +
      "hint: nothing to do; 'hpm show inference' lists its options\n",
    ],
  ];
  for (const [args, stderr] of cases) {
    const result = await hpm(["registry", "offer", ...args], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, stderr);
  }
  // A group or manifest file that does not load is named, with its problems.
  await Deno.writeTextFile(
    `${dir}/registry/groups/bad.yaml`,
    'name: "bad"\nstrategy: 1-of-Q\noptions:\n  - name: x\n',
  );
  await Deno.writeTextFile(`${dir}/registry/packages/broken.yaml`, 'name: "broken"\nsources: 3\n');
  const badGroup = await hpm(["registry", "offer", "bad", "vlm-adapter-llava"], { cwd: dir });
  assert.equal(badGroup.code, 2);
  assert.match(
    badGroup.stderr,
    /^registry\/groups\/bad\.yaml:2:11: error: unknown strategy '1-of-Q'.*\n.*\nerror: registry\/groups\/bad\.yaml has problems; its options cannot be changed\n/,
  );
  const badPackage = await hpm(["registry", "offer", "inference", "broken"], { cwd: dir });
  assert.equal(badPackage.code, 2);
  assert.match(
    badPackage.stderr,
    /^registry\/packages\/broken\.yaml:2:10: error: .*\n.*\nerror: registry\/packages\/broken\.yaml has problems; the package cannot be offered until it loads\n/,
  );
  const json = await hpm(["registry", "offer", "inference", "vlm-adapter-qwen", "--json"], {
    cwd: dir,
  });
  assert.equal(json.code, 2);
  assert.equal(JSON.parse(json.stdout).error.code, "already-offered");
  assert.equal(await Deno.readTextFile(file), INFERENCE);
});

Deno.test("registry withdraw removes one option and keeps the rest of the file, comments included", async () => {
  const { dir, file } = await project();
  await using _dir = removing(dir);
  const first = await hpm(["registry", "withdraw", "inference", "vlm-adapter-qwen"], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stderr,
    "✔ group 'inference' no longer offers 'vlm-adapter-qwen' (registry/groups/inference.yaml)\n" +
      "the manifest stays; 'hpm registry remove vlm-adapter-qwen' deletes it once no group " +
      "offers it\n",
  );
  // The heading comment of the first option stays, above the option that is now first.
  assert.equal(
    await Deno.readTextFile(file),
    [
      "# Inference adapters: the team's choice of VLM backend",
      'name: "inference"',
      "strategy: 1-of-N   # exactly one",
      "",
      "options:",
      "  # in-house",
      "",
      "  # external",
      "  - name: vlm-adapter-deepseek",
      "# the end",
    ].join("\n"),
  );
  const validate = await hpm(["registry", "validate"], { cwd: dir });
  assert.equal(validate.code, 0, validate.stderr);

  // The seed's M-of-N group: the middle of three, --json and --dry-run.
  await hpm(["registry", "offer", "metrics", "metric-bleu"], { cwd: dir });
  const metrics = `${dir}/registry/groups/metrics.yaml`;
  const before = await Deno.readTextFile(metrics);
  const dry = await hpm(
    ["registry", "withdraw", "metrics", "metric-latency", "--dry-run", "--json"],
    { cwd: dir },
  );
  assert.equal(dry.code, 0, dry.stderr);
  const json = JSON.parse(dry.stdout);
  assert.deepEqual(json.options, ["metric-accuracy", "metric-bleu"]);
  assert.equal(json.dryRun, true);
  assert.match(
    json.diff,
    /\n- {2}- name: "metric-latency"\n- {4}description: "Latency percentiles"\n/,
  );
  assert.equal(await Deno.readTextFile(metrics), before);
  const real = await hpm(["registry", "withdraw", "metrics", "metric-latency"], { cwd: dir });
  assert.equal(real.code, 0, real.stderr);
  assert.equal(
    await Deno.readTextFile(metrics),
    before.replace('  - name: "metric-latency"\n    description: "Latency percentiles"\n', ""),
  );
});

Deno.test("registry withdraw refuses the default, a selected option, min, the last option and a referenced one", async () => {
  const { dir, file } = await project();
  await using _dir = removing(dir);
  const metrics = `${dir}/registry/groups/metrics.yaml`;
  const pyproject = `${dir}/pyproject.toml`;
  const refuse = async (args: string[], stderr: string | RegExp) => {
    const files = [file, metrics, pyproject];
    const before = await Promise.all(files.map((f) => Deno.readTextFile(f)));
    const result = await hpm(["registry", "withdraw", ...args], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    if (typeof stderr === "string") assert.equal(result.stderr, stderr);
    else assert.match(result.stderr, stderr);
    assert.deepEqual(await Promise.all(files.map((f) => Deno.readTextFile(f))), before);
  };
  await refuse(
    ["inference", "vlm-adapter-dpseek"],
    "error: group 'inference' does not offer 'vlm-adapter-dpseek'\n" +
      "hint: did you mean 'vlm-adapter-deepseek'? its options: vlm-adapter-qwen, " +
      "vlm-adapter-deepseek\n",
  );
  await refuse(
    ["metrics", "metric-accuracy"],
    "error: 'metric-accuracy' is the default of group 'metrics'\n" +
      "hint: change or remove 'default' in registry/groups/metrics.yaml:9 first, then withdraw it\n",
  );
  // min: 1 with the default dropped and one option left after the first withdrawal.
  await Deno.writeTextFile(
    metrics,
    'name: "metrics"\nstrategy: "M-of-N"\noptions:\n  - name: "metric-accuracy"\n' +
      '  - name: "metric-latency"\n  - name: "metric-bleu"\nmin: 3\n',
  );
  await refuse(
    ["metrics", "metric-bleu"],
    "error: group 'metrics' needs at least 3 options ('min'); withdrawing 'metric-bleu' leaves 2\n" +
      "hint: lower 'min' in registry/groups/metrics.yaml first, or offer another option " +
      "('hpm registry offer metrics PACKAGE')\n",
  );

  const select = await hpm(["group", "add", "inference", "-o", "vlm-adapter-deepseek"], {
    cwd: dir,
  });
  assert.equal(select.code, 0, select.stderr);
  await refuse(
    ["inference", "vlm-adapter-deepseek"],
    "error: the project selects 'vlm-adapter-deepseek' in group 'inference' (pyproject.toml)\n" +
      "hint: first 'hpm group remove inference --option vlm-adapter-deepseek' or choose " +
      "another: 'hpm group add inference --option vlm-adapter-qwen', then 'hpm sync'; then " +
      "withdraw it\n",
  );

  // An option of another group implies it: withdrawing would leave a dangling reference.
  await Deno.writeTextFile(
    metrics,
    'name: "metrics"\nstrategy: "M-of-N"\noptions:\n  - name: "metric-accuracy"\n' +
      '    implies: {inference: vlm-adapter-qwen}\n  - name: "metric-latency"\n',
  );
  await refuse(
    ["inference", "vlm-adapter-qwen"],
    "registry/groups/metrics.yaml:5:26: error: 'metric-accuracy' (group 'metrics') implies " +
      "'vlm-adapter-qwen', which is not an option of group 'inference'\n" +
      "  hint: options of 'inference': vlm-adapter-deepseek\n" +
      "error: withdrawing 'vlm-adapter-qwen' from group 'inference' would leave 1 reference " +
      "to it\nhint: remove it from those 'implies' and 'conflicts' first, then withdraw it\n",
  );

  await hpm(["group", "remove", "inference"], { cwd: dir });
  await Deno.writeTextFile(
    file,
    'name: "inference"\nstrategy: "1-of-N"\noptions:\n  - name: "vlm-adapter-qwen"\n',
  );
  await refuse(
    ["inference", "vlm-adapter-qwen"],
    /^error: 'vlm-adapter-qwen' is the only option of group 'inference'\nhint: a group needs at least one option: offer another first \('hpm registry offer inference PACKAGE'\), or delete registry\/groups\/inference\.yaml to drop the group\n/,
  );
});
