/**
 * Fuzzing the loaders and parsers with mutated real inputs: registry YAML (groups, packages),
 * pyproject.toml, and uv's stderr. Every case must give a result or a clean HpmError — never
 * another exception or a hang. Counts are printed; a failure prints seed and case to replay.
 */
import assert from "node:assert/strict";
import { HpmError } from "../../src/errors.ts";
import { readPyprojectView } from "../../src/pyproject/view.ts";
import { parseGroup } from "../../src/registry/manifest/group_text.ts";
import { parsePackage } from "../../src/registry/manifest/package_text.ts";
import type { Group } from "../../src/registry/types.ts";
import { crossCheck } from "../../src/registry/validate.ts";
import { conflictProblems, effectiveSelection } from "../../src/plan/implications.ts";
import { annotate, parseUvFailure } from "../../src/uv/diagnostics.ts";
import { explainDerivation } from "../../src/uv/conflict.ts";
import { maskText } from "../../src/redact.ts";
import { tomlLimitProblem } from "../../src/pyproject/toml_limits.ts";
import { fuzzSeed, mutate, Random } from "../support/random.ts";

const CASES = 3000;
const ROOT = new URL("../../", import.meta.url).pathname;

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await filesUnder(path, suffix));
    else if (entry.name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

async function corpus(dir: string, suffix: string): Promise<string[]> {
  const files = await filesUnder(dir, suffix);
  return await Promise.all(files.map((f) => Deno.readTextFile(f)));
}

/** Runs `cases` mutated inputs through `parse`; only HpmError may escape it. */
async function fuzz(
  name: string,
  seed: number,
  inputs: string[],
  parse: (text: string) => void | Promise<void>,
) {
  const random = new Random(seed);
  let errors = 0;
  let slowest = 0;
  for (let index = 0; index < CASES; index++) {
    const text = mutate(random.pick(inputs), random);
    const started = performance.now();
    try {
      await parse(text);
    } catch (error) {
      if (!(error instanceof HpmError)) {
        assert.fail(
          `${name}: case ${index} (HPM_FUZZ_SEED=${seed}) threw ${error}\n--- input ---\n${text}`,
        );
      }
      errors++;
    }
    const took = performance.now() - started;
    slowest = Math.max(slowest, took);
    assert.ok(took < 2000, `${name}: case ${index} (HPM_FUZZ_SEED=${seed}) took ${took} ms`);
  }
  console.log(
    `${name}: ${CASES} mutated cases (seed ${seed}), ${errors} clean errors, 0 crashes, ` +
      `slowest ${slowest.toFixed(1)} ms`,
  );
}

Deno.test("fuzz: registry group and package YAML give problems, never exceptions", async () => {
  const groups = await corpus(`${ROOT}registry-fixtures`, ".yaml");
  const seed = fuzzSeed(20261124);
  await fuzz("group YAML", seed, groups, (text) => {
    const result = parseGroup(text, "/r/groups/fuzz.yaml", "groups/fuzz.yaml");
    assert.ok(Array.isArray(result.problems));
  });
  await fuzz("package YAML", seed + 7, groups, (text) => {
    const result = parsePackage(text, "/r/packages/fuzz.yaml", "packages/fuzz.yaml");
    assert.ok(Array.isArray(result.problems));
    for (const problem of result.problems) assert.ok(problem.line >= 1 && problem.column >= 1);
  });
});

Deno.test("fuzz: implies and conflicts across groups give problems, never exceptions", async () => {
  const dir = `${ROOT}registry-fixtures/implies-project/registry/groups`;
  const files = await filesUnder(dir, ".yaml");
  const texts = await Promise.all(files.map((f) => Deno.readTextFile(f)));
  const random = new Random(fuzzSeed(20261127) + 1);
  await fuzz("implies/conflicts", fuzzSeed(20261127), texts, (mutated) => {
    // The mutated text takes the place of one file; the others stay as they are.
    const replaced = random.int(texts.length);
    const groups: Group[] = [];
    texts.forEach((text, i) => {
      const name = files[i].slice(dir.length + 1);
      const group = parseGroup(i === replaced ? mutated : text, `/r/groups/${name}`).group;
      if (group) groups.push(group);
    });
    const problems = crossCheck(groups, [], () => true);
    for (const problem of problems) assert.ok(problem.line >= 1 && problem.column >= 1);
    const byName = new Map(groups.map((g) => [g.name, g]));
    const selection = new Map(groups.map((g) => [g.name, [g.options[0]?.name ?? "x"]]));
    const effective = effectiveSelection(byName, selection);
    conflictProblems(byName, effective.selection, effective.implied);
  });
});

Deno.test("fuzz: pyproject.toml gives a view or a located HpmError", async () => {
  const tomls = await corpus(`${ROOT}registry-fixtures`, "pyproject.toml");
  await fuzz("pyproject TOML", fuzzSeed(20261125), tomls, async (text) => {
    // The limits' scan sees every document first (as readTomlText runs it): never a crash.
    const limit = tomlLimitProblem(text, "pyproject.toml");
    if (limit) assert.ok(limit.line >= 1 && limit.column >= 1);
    try {
      await readPyprojectView(text, "pyproject.toml");
    } catch (error) {
      if (error instanceof HpmError) {
        assert.ok(error.problems.length > 0, "a TOML error points at a place");
        for (const p of error.problems) assert.ok(p.line >= 1 && p.column >= 1);
      }
      throw error;
    }
  });
});

Deno.test("fuzz: uv's stderr always parses into a failure kind", async () => {
  const outputs = await corpus(`${ROOT}tests/unit/fixtures/uv`, ".txt");
  const owners = new Map([["shared-lib", { group: "g", option: "o" }]]);
  await fuzz("uv stderr", fuzzSeed(20261126), outputs, (text) => {
    const failure = parseUvFailure(text);
    assert.ok(failure.kind.length > 0);
    annotate(failure, owners);
    if (failure.derivation) explainDerivation(failure.derivation, { owners });
  });
});

/** Characters a password may hold raw as uv reads a URL: everything but `/ ? #` and white space. */
const USERINFO_CHARS = "abcXYZ0189-._~!$&'()*+,;=:@%";
const CREDENTIAL_PARAMS = [
  "token",
  "key",
  "password",
  "secret",
  "auth",
  "api_key",
  "private-token",
];

/** `S<n>X` pieces cannot occur in the generated hosts, paths or contexts: a leak shows as one. */
function secretPieces(random: Random, count: number): string[] {
  return Array.from({ length: count }, () => `S${random.int(1_000_000)}X`);
}

function mixedCase(text: string, random: Random): string {
  return [...text].map((c) => random.chance(0.5) ? c.toUpperCase() : c).join("");
}

Deno.test("fuzz: generated URLs never print a credential, and clean URLs pass unchanged", () => {
  const seed = fuzzSeed(20261201);
  const random = new Random(seed);
  const schemes = ["https", "http", "git+https", "git+ssh", "ssh", "svn+http"];
  const hosts = ["host", "git.example.com", "10.0.0.1:8443", "[::1]:3128", "h"];
  const contexts: Array<(url: string) => string> = [
    (u) => u,
    (u) => `git = "${u.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`,
    (u) => JSON.stringify({ url: u, email: "a@b.c" }, null, 2),
    (u) => JSON.stringify([u, "x@y"]),
    (u) => `'${u.replaceAll("'", "'\\''")}'`,
    (u) => `error: failed to fetch (${u}): 401`,
    (u) => `${u}\n${u}`,
  ];
  let cases = 0;
  for (let index = 0; index < CASES * 3; index++) {
    const pieces = secretPieces(random, 1 + random.int(4));
    let userinfo = "";
    for (const piece of pieces) {
      userinfo += piece;
      for (let n = random.int(4); n > 0; n--) userinfo += random.pick([...USERINFO_CHARS]);
    }
    const queryPieces = random.chance(0.5) ? secretPieces(random, 1) : [];
    const query = queryPieces.length === 0
      ? ""
      : `?v=1&${mixedCase(random.pick(CREDENTIAL_PARAMS), random)}=${queryPieces[0]}${
        random.pick(["", "'x,y", "%2F"])
      }${random.chance(0.5) ? "&n=2" : ""}`;
    const url = `${random.pick(schemes)}://${userinfo}@${random.pick(hosts)}${
      random.pick(["", "/", "/simple/", "/g/p.git", "/@scope/p"])
    }${query}${random.pick(["", "#frag"])}`;
    const text = random.pick(contexts)(url);
    const masked = maskText(text);
    for (const piece of [...pieces, ...queryPieces]) {
      assert.ok(
        !masked.includes(piece),
        `URL masker: case ${index} (HPM_FUZZ_SEED=${seed}) printed ${piece}\n${text}\n${masked}`,
      );
    }
    assert.ok(masked.includes("***@"), `case ${index}: ${masked}`);
    // The same URL without credentials is left exactly as it was.
    const clean = random.pick(contexts)(
      `${random.pick(schemes)}://${random.pick(hosts)}/p?v=1&name=${random.int(9)}`,
    );
    assert.equal(maskText(clean), clean);
    cases += 2;
  }
  console.log(`URL masker: ${cases} generated cases (seed ${seed}), 0 leaks, 0 crashes`);
});
