/**
 * The reader of uv's derivations (src/uv/derivation.ts) and the sides of a conflict it gives
 * (src/uv/conflict.ts) on real uv 0.13.9 output, recorded
 * with `uv lock` against the real package index on Python 3.11 (NO_COLOR=1) in throw-away
 * projects: `real_*.txt` in tests/unit/fixtures/uv/. Each case names the project's
 * dependencies; the `_universal` ones are check --all's universal lock (options as extras
 * `hpm-oN`), recorded from `hpm check --all -v`. `scripts/record_uv_conflicts.sh` records them
 * again (they came out byte for byte the same on 2026-12-02).
 */
import assert from "node:assert/strict";
import {
  type ExplainContext,
  explainDerivation,
  explanationJson,
  explanationText,
} from "../../src/uv/conflict.ts";
import { parseDerivation } from "../../src/uv/derivation.ts";
import { parseReport } from "../../src/uv/report.ts";

const fixtures = new URL("./fixtures/uv/", import.meta.url);

function derivationOf(name: string) {
  const report = parseReport(Deno.readTextFileSync(new URL(`${name}.txt`, fixtures)))!;
  const because = report.chain.findLast((item) => item.startsWith("Because "))!;
  return parseDerivation(report.chain[0], because);
}

const owners = new Map([
  ["faiss-cpu", { group: "vector", option: "faiss-cpu" }],
  ["numba", { group: "metrics", option: "numba" }],
]);
const extras = new Map([
  ["hpm-o1", { group: "vector", option: "faiss-cpu" }],
  ["hpm-o2", { group: "vector", option: "voyager" }],
  ["hpm-o3", { group: "metrics", option: "numba" }],
  ["hpm-o4", { group: "metrics", option: "tabulate" }],
]);

const cases: Array<[string, string, ExplainContext?]> = [
  [ // faiss-cpu>=1.9, numba==0.57.1 (both options)
    "real_faiss_numba",
    "option 'faiss-cpu' (group 'vector') needs numpy>=1.25.0; " +
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25",
  ],
  [ // the same in check --all's universal lock: the options are extras
    "real_faiss_numba_universal",
    "option 'faiss-cpu' (group 'vector') needs numpy>=1.25; " +
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25",
    { owners, extras },
  ],
  [ // fastembed>=0.4 (the project's own), numba==0.57.1; requires-python >=3.11: a 4-step
    // chain over fastembed's versions, with marker clauses, failing in the 3.14 fork
    "real_fastembed_numba",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'fastembed>=0.4' needs numpy>=1.26 " +
    "— where python_full_version >= '3.14'",
  ],
  [
    "real_fastembed_numba_universal",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'fastembed>=0.4' needs numpy>=1.26 " +
    "— where python_full_version >= '3.14'",
    { owners, extras },
  ],
  [ // numpy==2.3.0 with requires-python >=3.10: a Python clause
    "real_python_numpy",
    "your own dependency 'numpy==2.3.0' needs Python>=3.11; " +
    "the project's requires-python allows >=3.10 — where python_full_version == '3.10.*'",
  ],
  [ // numpy>=1.26 ; sys_platform == 'linux': a marker clause
    "real_marker_numpy",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'numpy>=1.26' (for sys_platform == 'linux')",
  ],
  [ // numba===0.57.1, numpy~=1.26.0: uv writes them as == and a range; the user's words win
    "real_operators",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'numpy~=1.26.0'",
    { owners, own: new Map([["numpy", "numpy~=1.26.0"]]) },
  ],
  [ // numpy>=2.1.0rc1: a pre-release bound
    "real_prerelease",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'numpy>=2.1.0rc1'",
  ],
  [ // numpy!=1.24.*,...,<2: uv's "one of:" list
    "real_one_of",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'numpy (<1.21.dev0 || >=1.25.dev0,<2)'",
  ],
  [ // numpy>=1.24.3,!=1.24.3,!=1.24.4: "only the following versions ... are available:"
    "real_not_equal",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<=1.24.4; " +
    "your own dependency 'numpy>1.24.4'",
  ],
  [ // numpy===1.26.4
    "real_arbitrary_equal",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'numpy==1.26.4'",
  ],
  [ // numba~=0.57.0, numpy>=1.26,!=1.26.1
    "real_compatible_release",
    "option 'numba' (group 'metrics') needs numpy>=1.21,<1.25; " +
    "your own dependency 'numpy (>=1.26,<1.26.1 || >1.26.1)'",
  ],
  [ // umap-learn==0.5.3, numba==0.57.1, llvmlite==0.43.0
    "real_chain_umap_pinned",
    "option 'numba' (group 'metrics') needs llvmlite>=0.40.0.dev0,<0.41; " +
    "your own dependency 'llvmlite==0.43.0'",
  ],
  [ // umap-learn==0.5.3, llvmlite==0.43.0, numba<0.58: umap-learn -> numba -> llvmlite over
    // 9 sentences with "all of:" lists and a "no wheels" clause
    "real_chain_umap",
    "your own dependency 'llvmlite==0.43.0'; " +
    "your own dependency 'numba<0.58' needs llvmlite>=0.31.0.dev0,<0.41; " +
    "your own dependency 'umap-learn==0.5.3' needs numba>=0.49, which needs " +
    "llvmlite>=0.31.0.dev0,<0.41",
    { owners: new Map() },
  ],
];

for (const [file, expected, context] of cases) {
  Deno.test(`derivation: ${file}`, () => {
    const derivation = derivationOf(file);
    // Every clause of real output is understood.
    const unread = derivation.steps.flatMap((s) => [...s.premises, ...s.conclusions])
      .filter((c) => c.kind === "text");
    assert.deepEqual(unread, []);
    const explanation = explainDerivation(derivation, context ?? { owners });
    assert.ok(explanation, "an explanation");
    assert.equal(explanationText(explanation), expected);
  });
}

Deno.test("derivation: clauses keep commas, markers, pre-releases and lists", () => {
  const faiss = derivationOf("real_faiss_numba");
  assert.equal(faiss.steps.length, 3);
  assert.deepEqual(faiss.steps[0].premises[0], {
    kind: "depends",
    subjects: [{
      name: "faiss-cpu",
      key: "faiss-cpu",
      extras: [],
      marker: undefined,
      range: ">=1.9.0,<=1.13.2",
    }],
    on: [{ name: "numpy", key: "numpy", extras: [], marker: undefined, range: ">=1.25.0,<3.0" }],
  });
  const last = faiss.steps[2];
  assert.deepEqual(last.premises[0].kind, "project");
  assert.deepEqual(last.conclusions, [{ kind: "unsatisfiable" }]);

  const fastembed = derivationOf("real_fastembed_numba");
  assert.equal(fastembed.splitMarkers, "python_full_version >= '3.14'");
  const first = fastembed.steps[0].premises[0];
  assert.equal(first.kind, "depends");
  if (first.kind === "depends") {
    assert.equal(first.on[0].marker, "python_full_version >= '3.12'");
    assert.equal(first.on[0].range, ">=1.26,<2");
  }

  const universal = derivationOf("real_faiss_numba_universal");
  assert.deepEqual(universal.included, ["conflict-demo[hpm-o1]"]);

  const python = derivationOf("real_python_numpy").steps[0].premises[0];
  assert.deepEqual(python, { kind: "python", requested: ">=3.10", range: ">=3.11" });

  const umap = derivationOf("real_chain_umap");
  assert.equal(umap.steps.length, 9);
  const wheels = umap.steps.flatMap((s) => s.premises).find((c) => c.kind === "unavailable");
  assert.equal(wheels?.kind === "unavailable" && wheels.term.range, "==0.54.1rc1");
  const all = umap.steps[2].conclusions[0];
  assert.equal(all.kind === "depends" && all.subjects.length, 2);
});

Deno.test("derivation: JSON carries each side's owner, need and path", () => {
  const explanation = explainDerivation(derivationOf("real_fastembed_numba_universal"), {
    owners,
    extras,
  })!;
  assert.deepEqual(explanationJson(explanation), {
    package: "numpy",
    when: "python_full_version >= '3.14'",
    sides: [
      { group: "metrics", option: "numba", needs: "numpy>=1.21,<1.25", via: [] },
      { own: "fastembed>=0.4", needs: "numpy>=1.26", via: [] },
    ],
  });
});

Deno.test("derivation: no contested package gives no explanation", () => {
  const derivation = parseDerivation(
    "No solution found when resolving dependencies",
    "Because there is no version of foo==9 and your project depends on foo==9, we can " +
      "conclude that your project's requirements are unsatisfiable.",
  );
  assert.equal(explainDerivation(derivation, { owners }), undefined);
});
