/**
 * The seed guide's workflow with real uv: group add -> check -> sync, switches, M-of-N.
 *
 * Each step asserts the whole output a user sees (exit code, stdout, stderr; the project's
 * path shown as [ROOT]) and the files it leaves, so that the text of these tests is the guide.
 * To update an expected text after a deliberate change: HPM_SPEC_SHOW=1 (tests/support/spec.ts).
 */
import assert from "node:assert/strict";
import { copyFixture, hpm, removing } from "../support/hpm.ts";
import { exists, listDir, venvPython } from "../support/project.ts";
import { assertOutput, assertText, type ExpectedOutput, lines } from "../support/spec.ts";

/** Runs hpm in `dir` and asserts its whole output. */
async function step(dir: string, args: string[], expected: ExpectedOutput, env = {}) {
  const result = await hpm(args, { cwd: dir, env });
  assertOutput(result, expected, { root: dir });
  return result;
}

/** Asserts a file's whole text. */
async function assertFile(dir: string, name: string, expected: string) {
  assertText(await Deno.readTextFile(`${dir}/${name}`), expected, name);
}

const PROJECT_HEAD = [
  "[project]",
  'name = "vlm-bench"',
  'version = "0.1.0"',
  `description = "The seed guide's example project: pick a VLM adapter and metrics with hpm"`,
  'requires-python = ">=3.11"',
];

const NEXT_CHECK = "next: 'hpm check' to prove it resolves, 'hpm sync' to install it";

Deno.test("the seed workflow exactly as the guide shows it; the package imports in .venv", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await step(dir, ["group", "add", "inference", "--option", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines("✔ selected vlm-adapter-qwen in group 'inference'", NEXT_CHECK),
  });
  await assertFile(
    dir,
    "pyproject.toml",
    lines(
      ...PROJECT_HEAD,
      "dependencies = []",
      "",
      "[tool.hpm.groups]",
      'inference = "vlm-adapter-qwen"',
    ),
  );

  // check is a true dry run: no uv.lock, no .venv, no new files, pyproject.toml unchanged.
  const before = await listDir(dir);
  const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await step(dir, ["check"], {
    code: 0,
    stdout: lines(
      "  inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))",
      "  would install vlm-adapter-qwen @ file://[ROOT]/packages/vlm_adapter",
    ),
    stderr: lines(
      "$ uv sync --dry-run --no-install-project",
      "✔ the selection resolves (2 packages, the project included) and uv planned its install; nothing was changed",
      "local and git packages are built by 'hpm sync', not by check",
      "run 'hpm sync' to apply it",
    ),
  });
  assert.deepEqual(await listDir(dir), before);
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), pyproject);

  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked --python [PYTHON]",
      "  + inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))",
      "✔ synced pyproject.toml and the environment (1 package from hpm)",
    ),
  });
  await assertFile(
    dir,
    "pyproject.toml",
    lines(
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'description = "The seed guide\'s example project: pick a VLM adapter and metrics with hpm"',
      'requires-python = ">=3.11"',
      'dependencies = ["vlm-adapter-qwen"]',
      "",
      "[tool.hpm]",
      'managed = ["vlm-adapter-qwen"]',
      'written = { vlm-adapter-qwen = "1afeabc4" }',
      'created = ["tool.uv.sources"]',
      "",
      "[tool.hpm.groups]",
      'inference = "vlm-adapter-qwen"',
      "",
      "[tool.uv.sources]",
      'vlm-adapter-qwen = { path = "packages/vlm_adapter", editable = true }',
    ),
  );
  await assertFile(
    dir,
    "uv.lock",
    lines(
      "version = 1",
      "revision = 5",
      'requires-python = ">=3.11"',
      "",
      "[[package]]",
      'name = "vlm-adapter-qwen"',
      'version = "0.1.0"',
      'source = { editable = "packages/vlm_adapter" }',
      "",
      "[[package]]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'source = { virtual = "." }',
      "dependencies = [",
      '    { name = "vlm-adapter-qwen" },',
      "]",
      "",
      "[package.metadata]",
      'requires-dist = [{ name = "vlm-adapter-qwen", editable = "packages/vlm_adapter" }]',
    ),
  );
  assert.equal(
    await venvPython(dir, "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())"),
    "vlm-adapter-qwen ready",
  );

  // Already in sync: nothing is rewritten.
  const stat = await Deno.stat(`${dir}/pyproject.toml`);
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked",
      "✔ already in sync (1 package from hpm)",
    ),
  });
  assert.equal((await Deno.stat(`${dir}/pyproject.toml`)).mtime?.getTime(), stat.mtime?.getTime());
  await step(dir, ["status", "--check"], {
    code: 0,
    stdout: lines(
      "inference = vlm-adapter-qwen  prod: local packages/vlm_adapter (editable)",
      "    pyproject.toml: yes  uv.lock: 0.1.0  .venv: 0.1.0",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
      "✔ in sync",
    ),
  });
  await step(dir, ["status", "--check", "--json"], {
    code: 0,
    stdout: lines(
      "{",
      '  "ok": true,',
      '  "inSync": true,',
      '  "entries": [',
      "    {",
      '      "group": "inference",',
      '      "option": "vlm-adapter-qwen",',
      '      "mode": "prod",',
      '      "modeFrom": "default",',
      '      "fellBackFrom": null,',
      '      "source": "local packages/vlm_adapter (editable)",',
      '      "distribution": "vlm-adapter-qwen",',
      '      "inPyproject": true,',
      '      "locked": "0.1.0",',
      '      "installed": "0.1.0",',
      '      "impliedBy": null,',
      '      "adopted": false,',
      '      "edited": null,',
      '      "requirement": "vlm-adapter-qwen",',
      '      "impliedVia": []',
      "    }",
      "  ],",
      '  "stale": [],',
      '  "adopted": {',
      '    "names": [],',
      '    "stale": [],',
      '    "removeMembers": [],',
      '    "dropWorkspace": false',
      "  },",
      '  "uvCheck": null,',
      '  "edits": [],',
      '  "syncCommand": "hpm sync",',
      '  "environment": "[ROOT]/.venv"',
      "}",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
    ),
  });
});

Deno.test("a 1-of-N switch removes the old option from dependencies, sources, uv.lock and .venv", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-qwen in group 'inference'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked --python [PYTHON]",
      "  + inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))",
      "✔ synced pyproject.toml and the environment (1 package from hpm)",
    ),
  });
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-deepseek"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-deepseek in group 'inference' (replacing vlm-adapter-qwen)",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked",
      "  + inference = vlm-adapter-deepseek (prod: local packages/vlm_adapter_deepseek (editable))",
      "  - vlm-adapter-qwen",
      "✔ synced pyproject.toml and the environment (1 package from hpm)",
    ),
  });
  await assertFile(
    dir,
    "pyproject.toml",
    lines(
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'description = "The seed guide\'s example project: pick a VLM adapter and metrics with hpm"',
      'requires-python = ">=3.11"',
      'dependencies = ["vlm-adapter-deepseek"]',
      "",
      "[tool.hpm]",
      'managed = ["vlm-adapter-deepseek"]',
      'written = { vlm-adapter-deepseek = "00cce26f" }',
      'created = ["tool.uv.sources"]',
      "",
      "[tool.hpm.groups]",
      'inference = "vlm-adapter-deepseek"',
      "",
      "[tool.uv.sources]",
      'vlm-adapter-deepseek = { path = "packages/vlm_adapter_deepseek", editable = true }',
    ),
  );
  await assertFile(
    dir,
    "uv.lock",
    lines(
      "version = 1",
      "revision = 5",
      'requires-python = ">=3.11"',
      "",
      "[[package]]",
      'name = "vlm-adapter-deepseek"',
      'version = "0.1.0"',
      'source = { editable = "packages/vlm_adapter_deepseek" }',
      "",
      "[[package]]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'source = { virtual = "." }',
      "dependencies = [",
      '    { name = "vlm-adapter-deepseek" },',
      "]",
      "",
      "[package.metadata]",
      'requires-dist = [{ name = "vlm-adapter-deepseek", editable = "packages/vlm_adapter_deepseek" }]',
    ),
  );
  const site = `${dir}/.venv/lib/python3.11/site-packages`;
  assert.equal(await exists(`${site}/vlm_adapter_qwen-0.1.0.dist-info`), false);
  assert.equal(await exists(`${site}/vlm_adapter_deepseek-0.1.0.dist-info`), true);
  await step(dir, ["status"], {
    code: 0,
    stdout: lines(
      "inference = vlm-adapter-deepseek  prod: local packages/vlm_adapter_deepseek (editable)",
      "    pyproject.toml: yes  uv.lock: 0.1.0  .venv: 0.1.0",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
      "✔ in sync",
    ),
  });
});

Deno.test("M-of-N: add, add twice changes nothing, remove one, remove the group", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const original = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await step(dir, ["group", "add", "metrics", "-o", "metric-accuracy"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected metric-accuracy in group 'metrics'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["group", "add", "metrics", "-o", "metric-latency"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected metric-latency in group 'metrics'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await assertFile(
    dir,
    "pyproject.toml",
    lines(
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'description = "The seed guide\'s example project: pick a VLM adapter and metrics with hpm"',
      'requires-python = ">=3.11"',
      "dependencies = []",
      "",
      "[tool.hpm.groups]",
      'metrics = ["metric-accuracy", "metric-latency"]',
    ),
  );
  const both = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await step(dir, ["group", "add", "metrics", "-o", "metric-latency"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ 'metrics' already selects metric-accuracy, metric-latency; nothing changed",
    ),
  });
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), both);
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked --python [PYTHON]",
      "  + metrics = metric-accuracy (prod: local packages/metric_accuracy (editable))",
      "  + metrics = metric-latency (prod: local packages/metric_latency (editable))",
      "✔ synced pyproject.toml and the environment (2 packages from hpm)",
    ),
  });
  assert.equal(await venvPython(dir, "import metric_accuracy, metric_latency; print('ok')"), "ok");

  await step(dir, ["group", "remove", "metrics", "--option", "metric-latency"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ removed metric-latency from group 'metrics'",
      "next: 'hpm sync' to uninstall it",
    ),
  });
  await assertFile(
    dir,
    "pyproject.toml",
    lines(
      "[project]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'description = "The seed guide\'s example project: pick a VLM adapter and metrics with hpm"',
      'requires-python = ">=3.11"',
      'dependencies = ["metric-accuracy", "metric-latency"]',
      "",
      "[tool.hpm]",
      'managed = ["metric-accuracy", "metric-latency"]',
      'written = { metric-accuracy = "70c201ad", metric-latency = "b90f5308" }',
      'created = ["tool.uv.sources"]',
      "",
      "[tool.hpm.groups]",
      'metrics = ["metric-accuracy"]',
      "",
      "[tool.uv.sources]",
      'metric-accuracy = { path = "packages/metric_accuracy", editable = true }',
      'metric-latency = { path = "packages/metric_latency", editable = true }',
    ),
  );
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked",
      "  - metric-latency",
      "✔ synced pyproject.toml and the environment (1 package from hpm)",
    ),
  });
  const site = `${dir}/.venv/lib/python3.11/site-packages`;
  assert.equal(await exists(`${site}/metric_latency-0.1.0.dist-info`), false);

  // Removing the last option of the group removes the group's selection.
  await step(dir, ["group", "remove", "metrics", "-o", "metric-accuracy"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ removed metric-accuracy from group 'metrics'; nothing is selected in it now",
      "next: 'hpm sync' to uninstall it",
    ),
  });
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked",
      "  - metric-accuracy",
      "✔ synced pyproject.toml and the environment (0 packages from hpm)",
    ),
  });
  await assertFile(dir, "pyproject.toml", original);
  await assertFile(
    dir,
    "uv.lock",
    lines(
      "version = 1",
      "revision = 5",
      'requires-python = ">=3.11"',
      "",
      "[[package]]",
      'name = "vlm-bench"',
      'version = "0.1.0"',
      'source = { virtual = "." }',
    ),
  );
});

Deno.test("sync --dry-run prints the diff and the uv commands and writes nothing", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-qwen in group 'inference'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  const entries = await listDir(dir);
  const pyproject = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await step(dir, ["sync", "--dry-run"], {
    code: 0,
    stdout: lines(
      "--- a/pyproject.toml",
      "+++ b/pyproject.toml",
      "@@ -3,7 +3,15 @@",
      ' version = "0.1.0"',
      ' description = "The seed guide\'s example project: pick a VLM adapter and metrics with hpm"',
      ' requires-python = ">=3.11"',
      "-dependencies = []",
      '+dependencies = ["vlm-adapter-qwen"]',
      " ",
      "+[tool.hpm]",
      '+managed = ["vlm-adapter-qwen"]',
      '+written = { vlm-adapter-qwen = "1afeabc4" }',
      '+created = ["tool.uv.sources"]',
      "+",
      " [tool.hpm.groups]",
      ' inference = "vlm-adapter-qwen"',
      "+",
      "+[tool.uv.sources]",
      '+vlm-adapter-qwen = { path = "packages/vlm_adapter", editable = true }',
      "$ uv lock",
      "$ uv sync --locked",
    ),
    stderr: lines(
      "dry run: nothing was written",
    ),
  });
  await step(dir, ["sync", "--dry-run", "--json"], {
    code: 0,
    stdout: lines(
      "{",
      '  "ok": true,',
      '  "dryRun": true,',
      '  "changed": true,',
      '  "diff": "--- a/pyproject.toml\\n+++ b/pyproject.toml\\n@@ -3,7 +3,15 @@\\n version = \\"0.1.0\\"\\n description = \\"The seed guide\'s example project: pick a VLM adapter and metrics with hpm\\"\\n requires-python = \\">=3.11\\"\\n-dependencies = []\\n+dependencies = [\\"vlm-adapter-qwen\\"]\\n \\n+[tool.hpm]\\n+managed = [\\"vlm-adapter-qwen\\"]\\n+written = { vlm-adapter-qwen = \\"1afeabc4\\" }\\n+created = [\\"tool.uv.sources\\"]\\n+\\n [tool.hpm.groups]\\n inference = \\"vlm-adapter-qwen\\"\\n+\\n+[tool.uv.sources]\\n+vlm-adapter-qwen = { path = \\"packages/vlm_adapter\\", editable = true }\\n",',
      '  "commands": [',
      "    [",
      '      "uv",',
      '      "lock"',
      "    ],",
      "    [",
      '      "uv",',
      '      "sync",',
      '      "--locked"',
      "    ]",
      "  ],",
      '  "entries": [',
      "    {",
      '      "group": "inference",',
      '      "option": "vlm-adapter-qwen",',
      '      "mode": "prod",',
      '      "modeFrom": "default",',
      '      "fellBackFrom": null,',
      '      "distribution": "vlm-adapter-qwen",',
      '      "requirement": "vlm-adapter-qwen",',
      '      "source": {',
      '        "path": "packages/vlm_adapter",',
      '        "editable": true',
      "      },",
      '      "impliedBy": null,',
      '      "summary": "inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))"',
      "    }",
      "  ],",
      '  "adopted": {',
      '    "names": [],',
      '    "stale": [],',
      '    "removeMembers": [],',
      '    "dropWorkspace": false',
      "  },",
      '  "file": "pyproject.toml",',
      '  "workspace": null,',
      '  "notInstalled": null,',
      '  "removed": []',
      "}",
    ),
    stderr: "",
  });
  assert.equal(await Deno.readTextFile(`${dir}/pyproject.toml`), pyproject);
  assert.deepEqual(await listDir(dir), entries);
});

Deno.test("check runs uv once, on the document sync writes", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    (await Deno.readTextFile(`${dir}/pyproject.toml`)) +
      '\n[tool.hpm.groups]\ninference = "vlm-adapter-qwen"\n',
  );
  await step(dir, ["check"], {
    code: 0,
    stdout: lines(
      "  inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))",
      "  would install vlm-adapter-qwen @ file://[ROOT]/packages/vlm_adapter",
    ),
    stderr: lines(
      "$ uv sync --dry-run --no-install-project",
      "✔ the selection resolves (2 packages, the project included) and uv planned its install; nothing was changed",
      "local and git packages are built by 'hpm sync', not by check",
      "run 'hpm sync' to apply it",
    ),
  });

  // hpm managed qwen, the selection no longer has it, and [tool.uv.sources] holds a comment:
  // sync keeps that table (empty), and check resolves that very document, once.
  const edited = lines(
    "[project]",
    'name = "vlm-bench"',
    'version = "0.1.0"',
    'requires-python = ">=3.11"',
    'dependencies = ["vlm-adapter-qwen"]',
    "",
    "[tool.uv.sources]",
    "# sources of the team's packages",
    'vlm-adapter-qwen = { path = "packages/vlm_adapter", editable = true }',
    "",
    "[tool.hpm]",
    'managed = ["vlm-adapter-qwen"]',
  );
  await Deno.writeTextFile(`${dir}/pyproject.toml`, edited);
  await step(dir, ["check"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "nothing is selected in [tool.hpm.groups]; checking the project's own dependencies",
      "$ uv sync --dry-run --no-install-project",
      "✔ the selection resolves (1 package, the project included) and uv planned its install; nothing was changed",
      "run 'hpm sync' to apply it",
    ),
  });
  await assertFile(dir, "pyproject.toml", edited);
});

Deno.test("status --json: out of sync is ok without --check, an error (exit 1) with it", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-qwen in group 'inference'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["status", "--json"], {
    code: 0,
    stdout: lines(
      "{",
      '  "ok": true,',
      '  "inSync": false,',
      '  "entries": [',
      "    {",
      '      "group": "inference",',
      '      "option": "vlm-adapter-qwen",',
      '      "mode": "prod",',
      '      "modeFrom": "default",',
      '      "fellBackFrom": null,',
      '      "source": "local packages/vlm_adapter (editable)",',
      '      "distribution": "vlm-adapter-qwen",',
      '      "inPyproject": false,',
      '      "locked": null,',
      '      "installed": null,',
      '      "impliedBy": null,',
      '      "adopted": false,',
      '      "edited": null,',
      '      "requirement": "vlm-adapter-qwen",',
      '      "impliedVia": []',
      "    }",
      "  ],",
      '  "stale": [],',
      '  "adopted": {',
      '    "names": [],',
      '    "stale": [],',
      '    "removeMembers": [],',
      '    "dropWorkspace": false',
      "  },",
      '  "uvCheck": null,',
      '  "edits": [],',
      '  "syncCommand": "hpm sync",',
      '  "environment": "[ROOT]/.venv"',
      "}",
    ),
    stderr: "",
  });
  await step(dir, ["status", "--check", "--json"], {
    code: 1,
    stdout: lines(
      "{",
      '  "ok": false,',
      '  "inSync": false,',
      '  "entries": [',
      "    {",
      '      "group": "inference",',
      '      "option": "vlm-adapter-qwen",',
      '      "mode": "prod",',
      '      "modeFrom": "default",',
      '      "fellBackFrom": null,',
      '      "source": "local packages/vlm_adapter (editable)",',
      '      "distribution": "vlm-adapter-qwen",',
      '      "inPyproject": false,',
      '      "locked": null,',
      '      "installed": null,',
      '      "impliedBy": null,',
      '      "adopted": false,',
      '      "edited": null,',
      '      "requirement": "vlm-adapter-qwen",',
      '      "impliedVia": []',
      "    }",
      "  ],",
      '  "stale": [],',
      '  "adopted": {',
      '    "names": [],',
      '    "stale": [],',
      '    "removeMembers": [],',
      '    "dropWorkspace": false',
      "  },",
      '  "uvCheck": null,',
      '  "error": {',
      '    "code": "not-in-sync",',
      '    "message": "the project is not in sync with the selection",',
      '    "hint": "run \'hpm sync\'",',
      '    "exitCode": 1,',
      '    "problems": []',
      "  },",
      '  "edits": [],',
      '  "syncCommand": "hpm sync",',
      '  "environment": "[ROOT]/.venv"',
      "}",
    ),
    stderr: "",
  });
  await step(dir, ["status", "--check"], {
    code: 1,
    stdout: lines(
      "inference = vlm-adapter-qwen  prod: local packages/vlm_adapter (editable)",
      "    pyproject.toml: no  uv.lock: no  .venv: no",
    ),
    stderr: lines(
      "warning: the project is not in sync with the selection",
      "hint: run 'hpm sync'",
    ),
  });
});

Deno.test("group add then remove gives back the original bytes; sync says what it changed", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const original = await Deno.readTextFile(`${dir}/pyproject.toml`);
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-qwen in group 'inference'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["group", "add", "metrics", "-o", "metric-accuracy"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected metric-accuracy in group 'metrics'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["group", "remove", "inference"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ removed vlm-adapter-qwen from group 'inference'; nothing is selected in it now",
      "next: 'hpm sync' to uninstall it",
    ),
  });
  await step(dir, ["group", "remove", "metrics"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ removed metric-accuracy from group 'metrics'; nothing is selected in it now",
      "next: 'hpm sync' to uninstall it",
    ),
  });
  // hpm created [tool.hpm.groups]; the last removal takes the bare header away again.
  await assertFile(dir, "pyproject.toml", original);
  // Nothing selected: pyproject.toml already matches, but uv.lock and .venv are new.
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked --python [PYTHON]",
      "✔ pyproject.toml already matched the selection; synced uv.lock and the environment (0 packages from hpm)",
    ),
  });
  await assertFile(dir, "pyproject.toml", original);
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked",
      "✔ already in sync (0 packages from hpm)",
    ),
  });
});

Deno.test("status looks for the environment where uv put it (UV_PROJECT_ENVIRONMENT)", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const env = { UV_PROJECT_ENVIRONMENT: `${dir}/elsewhere-env` };
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-qwen in group 'inference'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  }, env);
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked --python [PYTHON]",
      "  + inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))",
      "✔ synced pyproject.toml and the environment (1 package from hpm)",
    ),
  }, env);
  assert.equal(await exists(`${dir}/.venv`), false);
  await step(dir, ["status", "--check"], {
    code: 0,
    stdout: lines(
      "inference = vlm-adapter-qwen  prod: local packages/vlm_adapter (editable)",
      "    pyproject.toml: yes  uv.lock: 0.1.0  env: 0.1.0",
      "env: elsewhere-env",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
      "✔ in sync",
    ),
  }, env);
  const json = await hpm(["status", "--json"], { cwd: dir, env });
  assert.equal(JSON.parse(json.stdout).environment, `${dir}/elsewhere-env`);
});

Deno.test("status asks uv when every name is in place: a changed uv.lock or environment is drift", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  await step(dir, ["group", "add", "inference", "-o", "vlm-adapter-qwen"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "✔ selected vlm-adapter-qwen in group 'inference'",
      "next: 'hpm check' to prove it resolves, 'hpm sync' to install it",
    ),
  });
  await step(dir, ["sync"], {
    code: 0,
    stdout: "",
    stderr: lines(
      "$ uv lock",
      "$ uv sync --locked --python [PYTHON]",
      "  + inference = vlm-adapter-qwen (prod: local packages/vlm_adapter (editable))",
      "✔ synced pyproject.toml and the environment (1 package from hpm)",
    ),
  });
  // A lock edited behind hpm's back (another version), the name still in it.
  const lock = await Deno.readTextFile(`${dir}/uv.lock`);
  const other = lock.replace(/(name = "vlm-adapter-qwen"\nversion = )"0\.1\.0"/, '$1"9.9.9"');
  assert.notEqual(other, lock);
  await Deno.writeTextFile(`${dir}/uv.lock`, other);
  await step(dir, ["status", "--check"], {
    code: 1,
    stdout: lines(
      "inference = vlm-adapter-qwen  prod: local packages/vlm_adapter (editable)",
      "    pyproject.toml: yes  uv.lock: 9.9.9  .venv: 0.1.0",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
      "warning: uv: uv.lock does not match pyproject.toml",
      "hint: run 'hpm sync'",
    ),
  });
  await Deno.writeTextFile(`${dir}/uv.lock`, lock);
  // Another version installed in the environment.
  const site = `${dir}/.venv/lib/python3.11/site-packages`;
  const info = `${site}/vlm_adapter_qwen-0.1.0.dist-info`;
  const metadata = await Deno.readTextFile(`${info}/METADATA`);
  await Deno.writeTextFile(
    `${info}/METADATA`,
    metadata.replace("Version: 0.1.0", "Version: 0.0.9"),
  );
  await Deno.rename(info, `${site}/vlm_adapter_qwen-0.0.9.dist-info`);
  await step(dir, ["status", "--check"], {
    code: 1,
    stdout: lines(
      "inference = vlm-adapter-qwen  prod: local packages/vlm_adapter (editable)",
      "    pyproject.toml: yes  uv.lock: 0.1.0  .venv: 0.0.9",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
      "warning: uv: the environment does not match uv.lock",
      "hint: run 'hpm sync'",
    ),
  });
  await step(dir, ["status", "--check", "--json"], {
    code: 1,
    stdout: lines(
      "{",
      '  "ok": false,',
      '  "inSync": false,',
      '  "entries": [',
      "    {",
      '      "group": "inference",',
      '      "option": "vlm-adapter-qwen",',
      '      "mode": "prod",',
      '      "modeFrom": "default",',
      '      "fellBackFrom": null,',
      '      "source": "local packages/vlm_adapter (editable)",',
      '      "distribution": "vlm-adapter-qwen",',
      '      "inPyproject": true,',
      '      "locked": "0.1.0",',
      '      "installed": "0.0.9",',
      '      "impliedBy": null,',
      '      "adopted": false,',
      '      "edited": null,',
      '      "requirement": "vlm-adapter-qwen",',
      '      "impliedVia": []',
      "    }",
      "  ],",
      '  "stale": [],',
      '  "adopted": {',
      '    "names": [],',
      '    "stale": [],',
      '    "removeMembers": [],',
      '    "dropWorkspace": false',
      "  },",
      '  "uvCheck": "the environment does not match uv.lock",',
      '  "error": {',
      '    "code": "not-in-sync",',
      '    "message": "the project is not in sync with the selection",',
      '    "hint": "run \'hpm sync\'",',
      '    "exitCode": 1,',
      '    "problems": []',
      "  },",
      '  "edits": [],',
      '  "syncCommand": "hpm sync",',
      '  "environment": "[ROOT]/.venv"',
      "}",
    ),
    stderr: lines(
      "$ uv sync --locked --check",
    ),
  });
});
