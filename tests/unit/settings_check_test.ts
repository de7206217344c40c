/** Checks of pyproject.toml beyond types: located warnings and errors, pure, on real files. */
import assert from "node:assert/strict";
import { settingsWarnings } from "../../src/plan/settings_check.ts";
import { projectProblems, sharedSourceWarnings } from "../../src/plan/project_check.ts";
import type { PlannedEntry } from "../../src/plan/plan.ts";
import { type KeyPath, positionOf } from "../../src/pyproject/locate.ts";
import { parseTomlFull } from "../../src/pyproject/parse.ts";
import { readPyprojectView } from "../../src/pyproject/view.ts";
import type { Problem } from "../../src/errors.ts";
import { loadRegistryFiles } from "../../src/registry/load_files.ts";
import { FIXTURES } from "../support/hpm.ts";

async function viewOf(text: string) {
  const view = await readPyprojectView(text, "pyproject.toml");
  const ast = parseTomlFull(text, "pyproject.toml").ast;
  // Where each problem's key is, as locatePositions finds it before printing.
  const locate = (problems: Problem[]) =>
    problems.map((p) => ({ ...p, ...(p.keyPath && positionOf(ast, p.keyPath as KeyPath)) }));
  return { view, locate };
}

Deno.test("settingsWarnings: unknown [tool.hpm] keys and modes, with suggestions and lines", async () => {
  const { registry } = await loadRegistryFiles(`${FIXTURES}/seed-project/registry`);
  const { view, locate } = await viewOf(
    '[project]\nname = "x"\n\n[tool.hpm]\nregistyr = "r"\nmode = ""\n\n' +
      '[tool.hpm.modes]\nvlm-adapter-qwn = "dev"\nVLM_Adapter_Qwen = ""\n',
  );
  const found = locate(settingsWarnings(view, registry))
    .map((p) => `${p.line}:${p.severity}:${p.message} / ${p.hint}`);
  assert.deepEqual(found, [
    "5:warning:[tool.hpm] has an unknown key 'registyr'; hpm ignores it / did you mean 'registry'?",
    "6:warning:[tool.hpm] mode is empty, so hpm uses the default mode, prod / name a mode " +
    '(e.g. mode = "dev"), or remove the key',
    "10:warning:[tool.hpm.modes] gives 'VLM_Adapter_Qwen' an empty mode, so it follows the " +
    'project\'s / name a mode (e.g. VLM_Adapter_Qwen = "dev"), or remove the entry',
    "9:warning:[tool.hpm.modes] names 'vlm-adapter-qwn', which is not a package of the registry " +
    "/ did you mean 'vlm-adapter-qwen'?",
  ]);
});

Deno.test("projectProblems: no [project], no name, dynamic dependencies", async () => {
  const cases: Array<[string, string[]]> = [
    ['name = "x"\n', ["1:pyproject.toml has no [project] table; uv needs one with a name to lock"]],
    ['[project]\nversion = "1"\n', ["1:[project] has no name; uv needs one to lock"]],
    [
      '[project]\nname = "x"\ndynamic = ["version", "dependencies"]\n',
      [
        '3:[project] dynamic lists "dependencies"; hpm writes [project].dependencies, which ' +
        "must then be static",
      ],
    ],
    ['[project]\nname = "x"\ndynamic = ["version"]\n', []],
  ];
  for (const [text, expected] of cases) {
    const { view, locate } = await viewOf(text);
    assert.deepEqual(locate(projectProblems(view)).map((p) => `${p.line}:${p.message}`), expected);
  }
});

Deno.test("sharedSourceWarnings: the user's extras and dependency groups on a sourced name", async () => {
  const { view, locate } = await viewOf(
    '[project]\nname = "x"\ndependencies = []\n\n[project.optional-dependencies]\n' +
      'gpu = ["Adapter_Old[cuda]>=1", "numpy"]\n\n[dependency-groups]\ndev = ["pytest"]\n' +
      'bench = ["adapter-old"]\n',
  );
  const entry = {
    group: "inference",
    option: "adapter-old",
    distribution: "adapter-old",
    uvSource: { path: "packages/adapter_old", editable: true },
  } as unknown as PlannedEntry;
  const found = locate(sharedSourceWarnings(view, [entry])).map((p) => `${p.line}:${p.message}`);
  assert.deepEqual(found, [
    "6:your extra 'gpu' also requires 'Adapter_Old[cuda]>=1': hpm's [tool.uv.sources] entry " +
    "for it (option 'adapter-old' of group 'inference') applies there too",
    "10:your dependency group 'bench' also requires 'adapter-old': hpm's [tool.uv.sources] " +
    "entry for it (option 'adapter-old' of group 'inference') applies there too",
  ]);
  // No source, nothing shared: an index package from the default index.
  assert.deepEqual(sharedSourceWarnings(view, [{ ...entry, uvSource: undefined }]), []);
});

Deno.test("settingsWarnings: strict-modes that is not a boolean is a located warning; booleans read", async () => {
  const { registry } = await loadRegistryFiles(`${FIXTURES}/seed-project/registry`);
  for (
    const [value, expected] of [["true", true], ["false", false], ['"yes"', undefined]] as const
  ) {
    const { view, locate } = await viewOf(
      `[project]\nname = "x"\n\n[tool.hpm]\nmode = "dev"\nstrict-modes = ${value}\n`,
    );
    assert.equal(view.hpm.strictModes, expected);
    const found = locate(settingsWarnings(view, registry)).map((p) => `${p.line}:${p.message}`);
    assert.deepEqual(
      found,
      expected === undefined
        ? [
          '6:[tool.hpm] strict-modes must be true or false, not "yes"; hpm ignores it ' +
          "(packages without a source for their mode use prod)",
        ]
        : [],
    );
  }
});

Deno.test("projectProblems: [tool.hpm] sync-args holds uv options hpm passes on, located", async () => {
  const cases: Array<[string, string[]]> = [
    ['sync-args = ["--all-extras", "--group", "docs"]\n', []],
    ['sync-args = "--all-extras"\n', [
      "5:[tool.hpm] sync-args must be a list of strings (uv options)",
    ]],
    ['sync-args = ["--frozen", "--extras"]\n', [
      "5:[tool.hpm] sync-args: hpm does not pass '--frozen' to uv: it would install uv.lock " +
      "without updating it; hpm runs 'uv lock', then 'uv sync --locked' (check: 'uv sync " +
      "--dry-run')",
      "5:[tool.hpm] sync-args: '--extras' is not an option of uv lock or uv sync",
    ]],
  ];
  for (const [setting, expected] of cases) {
    const { view, locate } = await viewOf(`[project]\nname = "x"\n\n[tool.hpm]\n${setting}`);
    assert.deepEqual(locate(projectProblems(view)).map((p) => `${p.line}:${p.message}`), expected);
  }
});
