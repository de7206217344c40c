/**
 * Property test of the pyproject editor on random valid TOML documents and random edits:
 * the result re-parses to exactly the intended change (computed here, independently of the
 * editor), comment lines all survive, and every original line the edit did not touch is kept,
 * in order. A failure prints the seed and the case to replay (HPM_FUZZ_SEED=...).
 */
import assert from "node:assert/strict";
import { type EditOp, editPyproject, type TomlValue } from "../../src/pyproject/editor.ts";
import { HpmError } from "../../src/errors.ts";
import { parseToml } from "../../src/pyproject/parse.ts";
import { fuzzSeed, Random } from "../support/random.ts";

const CASES = 2000;
type Table = Record<string, unknown>;

const WORDS = ["alpha", "beta", "gamma", "dep", "name", "x", "tool", "uv", "hpm", "sources"];

function scalar(random: Random): TomlValue {
  switch (random.int(5)) {
    case 0:
      return random.int(1000);
    case 1:
      return random.chance(0.5);
    case 2:
      return `v${random.int(100)} "q" \\ ${random.pick(["é", "\t", "#no-comment", "a=b"])}`;
    default:
      return random.pick(WORDS) + "-" + random.int(50);
  }
}

function literal(value: TomlValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") {
    return `{ ${Object.entries(value).map(([k, v]) => `${k} = ${literal(v)}`).join(", ")} }`;
  }
  return String(value);
}

interface Generated {
  text: string;
  tables: Array<{ path: string[]; keys: string[] }>;
}

/** A random valid document: tables with scalars, arrays in several styles, inline tables, comments. */
function document(random: Random): Generated {
  const eol = random.chance(0.2) ? "\r\n" : "\n";
  const lines: string[] = [];
  const tables: Generated["tables"] = [];
  if (random.chance(0.5)) lines.push("# top comment");
  const paths = [["project"], ["tool", "uv"], ["tool", "hpm"], ["tool", "hpm", "groups"], [
    "tool",
    "ruff",
  ]];
  for (const path of paths) {
    if (!random.chance(0.7)) continue;
    lines.push("", `[${path.join(".")}]`);
    if (random.chance(0.3)) lines.push(`# about ${path.join(".")}`);
    const keys: string[] = [];
    const count = 1 + random.int(4);
    for (let i = 0; i < count; i++) {
      const key = `${random.pick(WORDS)}${i}`;
      keys.push(key);
      const comment = random.chance(0.3) ? `  # note ${i}` : "";
      const kind = random.int(4);
      if (kind === 0) lines.push(`${key} = ${literal(scalar(random))}${comment}`);
      else if (kind === 1) {
        const items = Array.from({ length: random.int(4) }, () => literal(scalar(random)));
        lines.push(`${key} = [${items.join(", ")}]${comment}`);
      } else if (kind === 2) {
        const items = Array.from({ length: 1 + random.int(3) }, () => literal(scalar(random)));
        const trailing = random.chance(0.5) ? "," : "";
        lines.push(`${key} = [`);
        items.forEach((item, n) => {
          const sep = n < items.length - 1 ? "," : trailing;
          lines.push(`    ${item}${sep}${random.chance(0.3) ? "  # element" : ""}`);
        });
        lines.push("]");
      } else {
        lines.push(`${key} = { a = ${literal(scalar(random))}, b = ${literal(scalar(random))} }`);
      }
    }
    tables.push({ path, keys });
  }
  return { text: lines.join(eol) + (random.chance(0.9) ? eol : ""), tables };
}

function getIn(root: Table, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Table | undefined)?.[key], root);
}

function parentOf(root: Table, path: string[]): Table {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Table;
  return node;
}

/** A random edit of the generated document, applied to `model` (the intended meaning). */
function randomOp(random: Random, doc: Generated, model: Table): EditOp {
  const table = random.pick(doc.tables);
  const key = random.pick(table.keys);
  const path = [...table.path, key];
  const current = getIn(model, path);
  const choice = random.int(5);
  if (choice === 0 || (choice === 3 && !Array.isArray(current))) {
    const value = random.chance(0.3) ? [scalar(random), scalar(random)] : scalar(random);
    parentOf(model, path)[key] = structuredClone(value);
    return { op: "set", path, value };
  }
  if (choice === 1) {
    const fresh = [...table.path, `new${random.int(5)}`];
    const value = random.chance(0.3) ? { path: "packages/x", editable: true } : scalar(random);
    parentOf(model, fresh)[fresh[fresh.length - 1]] = structuredClone(value);
    return { op: "set", path: fresh, value };
  }
  if (choice === 2) {
    delete parentOf(model, path)[key];
    return { op: "delete", path };
  }
  if (choice === 3) {
    const value = scalar(random);
    (current as unknown[]).push(value);
    return { op: "arrayPush", path, value };
  }
  const values = Array.isArray(current) ? current as unknown[] : [];
  const victim = values.length ? random.pick(values) : undefined;
  if (Array.isArray(current)) parentOf(model, path)[key] = values.filter((v) => v !== victim);
  else {
    parentOf(model, path)[key] = 7;
    return { op: "set", path, value: 7 };
  }
  return { op: "arrayRemoveWhere", path, predicate: (v) => v === victim };
}

function isSubsequence(needles: string[], haystack: string[]): boolean {
  let at = 0;
  for (const line of haystack) if (at < needles.length && line === needles[at]) at++;
  return at === needles.length;
}

Deno.test("property: random edits of random documents mean exactly what was intended", async () => {
  const seed = fuzzSeed(424242);
  const random = new Random(seed);
  let edits = 0;
  let conflicts = 0;
  for (let index = 0; index < CASES; index++) {
    const doc = document(random);
    if (doc.tables.length === 0) continue;
    const model = structuredClone(parseToml(doc.text, "p.toml").value);
    const ops = Array.from({ length: 1 + random.int(3) }, () => randomOp(random, doc, model));
    const replay = `case ${index} (HPM_FUZZ_SEED=${seed})`;
    let result: string;
    try {
      result = await editPyproject(doc.text, "p.toml", ops);
    } catch (error) {
      // The editor may refuse an edit the file's shape does not allow; it must say so cleanly.
      if (error instanceof HpmError && error.code === "edit-conflict") {
        conflicts++;
        continue;
      }
      assert.fail(
        `${replay}: ${error}\n--- document ---\n${doc.text}\n--- ops ---\n${JSON.stringify(ops)}`,
      );
    }
    edits += ops.length;
    assert.deepEqual(
      parseToml(result, "p.toml").value,
      model,
      `${replay}: meaning\n${doc.text}\n--- ops ---\n${
        JSON.stringify(ops)
      }\n--- result ---\n${result}`,
    );
    const before = doc.text.split(/\r?\n/);
    const after = result.split(/\r?\n/);
    const comments = before.filter((l) => l.trimStart().startsWith("#"));
    assert.ok(isSubsequence(comments, after), `${replay}: a comment line was lost\n${result}`);
    const touched = ops.map((op) => op.path[op.path.length - 1]);
    const untouched = before.filter((line) =>
      !touched.some((key) => line.includes(key)) && !/^\s+\S/.test(line) && line !== "]"
    );
    assert.ok(isSubsequence(untouched, after), `${replay}: an untouched line changed\n${result}`);
    if (doc.text.includes("\r\n")) {
      assert.ok(!/[^\r]\n/.test(result), `${replay}: CRLF file got a bare LF`);
    }
  }
  console.log(
    `editor property: ${CASES} random documents (seed ${seed}), ${edits} edits verified, ` +
      `${conflicts} refused cleanly as edit conflicts`,
  );
});
