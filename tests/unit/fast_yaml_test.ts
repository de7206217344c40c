/**
 * The fast YAML path against the `yaml` package: wherever the fast path reads a file, it must
 * give exactly what the `yaml` package gives (every node's kind, offset, value and source, no
 * error or warning), and the group and package checks must report the same problems at the
 * same lines and columns. Inputs: every YAML file under registry-fixtures/, generated files in
 * many styles, and random mutations of both. A failure prints the seed and the input.
 */
import assert from "node:assert/strict";
import { LineCounter } from "yaml";
import { linePosition, parseFastYaml, readYamlFast } from "../../src/registry/yaml/fast.ts";
import { readWithYamlPackage, readYamlSync } from "../../src/registry/yaml/full.ts";
import { readGroup } from "../../src/registry/manifest/group.ts";
import { readPackage } from "../../src/registry/manifest/package.ts";
import { readYaml } from "../../src/registry/yaml/read.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SEED = Number(Deno.env.get("HPM_FAST_YAML_SEED") ?? 20260601);

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed by its seed. */
class Random {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/**
 * Compares the two paths on one text. Returns whether the fast path read it (false: it
 * declined, and the `yaml` package alone decides, which is always correct).
 */
function compare(text: string, label: string): boolean {
  const fast = parseFastYaml(text);
  if (!fast) return false;
  const context = () => `${label}\n--- input (JSON) ---\n${JSON.stringify(text)}`;
  const full = readWithYamlPackage(text, "/reg/groups/g.yaml", "groups/g.yaml");
  assert.deepEqual(full.problems, [], `the fast path read a text yaml objects to: ${context()}`);
  assert.deepEqual(fast.root, full.root, `different nodes: ${context()}`);
  // Line and column of every offset, as the yaml package's LineCounter counts them.
  const counter = new LineCounter();
  counter.addNewLine(0); // as the yaml package's Parser does before the first line
  let at = text.indexOf("\n");
  while (at >= 0) {
    counter.addNewLine(at + 1);
    at = text.indexOf("\n", at + 1);
  }
  for (let offset = 0; offset <= text.length; offset++) {
    const mine = linePosition(fast.lineStarts, offset);
    const theirs = counter.linePos(offset);
    if (mine.line !== theirs.line || mine.col !== theirs.col) {
      assert.fail(`line/column of offset ${offset} differ: ${context()}`);
    }
  }
  // The same problems from the checks, whichever path read the text.
  for (
    const [kind, file, display] of [
      ["group", "/reg/groups/g.yaml", "groups/g.yaml"],
      ["package", "/reg/packages/p.yaml", "packages/p.yaml"],
    ] as const
  ) {
    const viaFast = readYamlFast(text, file, display)!;
    const viaYaml = readWithYamlPackage(text, file, display);
    const check = kind === "group" ? readGroup : readPackage;
    assert.deepEqual(check(viaFast, file), check(viaYaml, file), `${kind} checks: ${context()}`);
  }
  return true;
}

// ---- generated registry files, in many styles ----

const WORDS = [
  "qwen",
  "metric-accuracy",
  "vlm_adapter",
  "Exact-match accuracy",
  "it's fine",
  'say "hi"',
  "path/to/x",
  "https://example.com/org/repo.git",
  "file:///tmp/x.tar.gz",
  ">=2.1,<3",
  "0.1.0",
  "1.0",
  "2",
  "-1",
  "0.5",
  "true",
  "False",
  "null",
  "~",
  "yes",
  "1e3",
  "0x1F",
  ".inf",
  "+1",
  "01",
  "a: b",
  "a #b",
  "a#b",
  "ünïcødé ✓",
  "tab\there",
  "",
  " padded ",
  "x:y",
  "[x]",
  "{x}",
  "- x",
  "*alias",
  "&anchor",
  "!tag",
  "%pct",
  "@at",
  "`tick`",
  "back\\slash",
  "line\nbreak",
];

function scalar(random: Random, word: string, flow = false): string {
  const style = random.int(4);
  if (style === 0) return JSON.stringify(word);
  if (style === 1) return `'${word.replaceAll("'", "''")}'`;
  if (flow && /[,\[\]{}]/.test(word)) return JSON.stringify(word);
  return word; // plain: the fast path must decline or agree, whatever the word
}

function comment(random: Random): string {
  return random.chance(0.15) ? random.pick([" # note", "  #x", " #", " # a: b"]) : "";
}

function key(random: Random, name: string): string {
  return random.chance(0.03) ? random.pick([`"${name}"`, `${name} `, "true", "null", "1"]) : name;
}

const OPTION_NAMES = ["a", "b", "metric-latency", "x", "tokenizer-fast"];

/** A list of option names: flow (`[a, "b"]`), block (`- a` lines) or one scalar. */
function names(random: Random, push: (line: string) => void, key: string, inner: string): void {
  const list = Array.from({ length: random.int(3) }, () => random.pick(OPTION_NAMES));
  const style = random.int(3);
  if (style === 0 || list.length === 0) {
    push(`${key} [${list.map((n) => scalar(random, n, true)).join(", ")}]${comment(random)}`);
  } else if (style === 1) {
    push(`${key}${comment(random)}`);
    for (const name of list) push(`${inner}- ${scalar(random, name)}${comment(random)}`);
  } else {
    push(`${key} ${scalar(random, list[0])}${comment(random)}`);
  }
}

/** An option's `implies` (a mapping of group to names) and `conflicts` (names), many shapes. */
function relations(
  random: Random,
  push: (line: string) => void,
  inner: string,
  indent: string,
): void {
  if (random.chance(0.7)) {
    if (random.chance(0.1)) {
      push(`${inner}implies: ${random.pick(["{metrics: a}", "[a]", "a", "", "{}"])}`);
    } else {
      push(`${inner}implies:${comment(random)}`);
      const groups = ["metrics", "tokenizer", "g"].slice(0, 1 + random.int(3));
      for (const group of groups) {
        const deeper = inner + indent + (random.chance(0.3) ? indent : "");
        names(random, push, `${inner}${indent}${group}:`, deeper);
      }
    }
  }
  if (random.chance(0.6)) {
    names(random, push, `${inner}conflicts:`, inner + (random.chance(0.5) ? indent : ""));
  }
}

/** A group file: name, strategy, options in one of several layouts, default, min/max. */
function groupText(random: Random): string {
  const indent = " ".repeat(random.pick([2, 2, 4, 1, 3]));
  const seqIndent = random.chance(0.3) ? "" : indent;
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(line);
    if (random.chance(0.08)) lines.push(random.pick(["", "# comment", `${indent}# deeper`, "   "]));
  };
  if (random.chance(0.1)) push("# a group");
  push(
    `${key(random, "name")}: ${scalar(random, random.pick(["g", "inference", "metrics"]))}${
      comment(random)
    }`,
  );
  push(
    `strategy: ${scalar(random, random.pick(["1-of-N", "M-of-N", "1-of-n"]))}${comment(random)}`,
  );
  if (random.chance(0.5)) push(`description: ${scalar(random, random.pick(WORDS))}`);
  const count = random.int(4);
  if (random.chance(0.1)) {
    push(
      `options: [${
        Array.from({ length: count }, () => scalar(random, random.pick(WORDS), true)).join(", ")
      }]`,
    );
  } else if (count === 0) {
    push(random.pick(["options:", "options: []", "options: [ ]"]));
  } else {
    push(`options:${comment(random)}`);
    for (let i = 0; i < count; i++) {
      const name = scalar(random, random.pick(["a", "b", "metric-latency", "x"]));
      if (random.chance(0.1)) {
        push(`${seqIndent}- ${name}`);
        continue;
      }
      const gap = random.chance(0.1) ? "   " : " ";
      push(`${seqIndent}-${gap}name: ${name}${comment(random)}`);
      const inner = seqIndent + " ".repeat(1 + gap.length);
      if (random.chance(0.5)) push(`${inner}description: ${scalar(random, random.pick(WORDS))}`);
      if (random.chance(0.3)) relations(random, push, inner, indent);
      if (random.chance(0.05)) push(`${inner}extra:`);
    }
  }
  if (random.chance(0.5)) {
    const names = ["a", "b", "x", "zz"].slice(0, 1 + random.int(3));
    push(
      random.chance(0.5)
        ? `default: [${
          names.map((n) => scalar(random, n, true)).join(random.pick([", ", ",", " , "]))
        }]`
        : `default: ${scalar(random, names[0])}`,
    );
  }
  if (random.chance(0.3)) push(`min: ${random.pick(["1", "0", "-1", '"2"', "1.5", "", "~"])}`);
  if (random.chance(0.3)) push(`max: ${random.pick(["2", "0", "3", "'3'", ""])}`);
  if (random.chance(0.05)) push("name: duplicate");
  return lines.join(random.chance(0.1) ? "\r\n" : "\n") + (random.chance(0.9) ? "\n" : "");
}

/** A package manifest: name, version, description, sources of every type, legacy keys. */
const EXTRAS = ["http2", "Fast_Embed", "socks", "-bad", "a.b"];
const MARKERS = [
  "sys_platform == 'win32'",
  `python_version < "3.12" and os_name == 'nt'`,
  "sys_platfrom == 'x'",
  "(os.name=='nt' or sys_platform == \"linux\")",
  "",
];

/** `extras` and `marker` lines, as a manifest or a source may hold them. */
function extrasAndMarker(random: Random, push: (line: string) => void, indent: string): void {
  if (random.chance(0.4)) {
    const list = Array.from({ length: random.int(3) }, () => random.pick(EXTRAS));
    if (random.chance(0.5)) {
      push(`${indent}extras: [${list.map((e) => scalar(random, e, true)).join(", ")}]`);
    } else {
      push(`${indent}extras:${comment(random)}`);
      for (const extra of list) push(`${indent}  - ${scalar(random, extra)}`);
    }
  }
  if (random.chance(0.4)) push(`${indent}marker: ${scalar(random, random.pick(MARKERS))}`);
}

function packageText(random: Random): string {
  const indent = " ".repeat(random.pick([2, 2, 4, 3]));
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(line);
    if (random.chance(0.06)) lines.push(random.pick(["", "# comment", `${indent}# deeper`]));
  };
  push(`name: ${scalar(random, random.pick(["p", "vlm-adapter-qwen", "-p_"]))}`);
  push(`version: ${scalar(random, random.pick(["0.1.0", "1.0", "0.1", "2"]))}${comment(random)}`);
  if (random.chance(0.4)) push(`description: ${scalar(random, random.pick(WORDS))}`);
  if (random.chance(0.1)) push(random.pick(["type: package", "dependencies: []", "entrypoints:"]));
  extrasAndMarker(random, push, "");
  if (random.chance(0.05)) {
    push("sources:");
  } else {
    push("sources:");
    const modes = ["prod", "dev", "prod env", "ci"].slice(0, 1 + random.int(3));
    for (const mode of modes) {
      push(`${indent}${mode}:${comment(random)}`);
      const inner = indent + indent;
      const type = random.pick(["local", "git", "index", "url", "pypi", "gti"]);
      push(`${inner}type: ${scalar(random, type)}`);
      extrasAndMarker(random, push, inner);
      if (type === "local") {
        push(`${inner}path: ${scalar(random, random.pick(["../../packages/x", "", "/opt/x"]))}`);
        if (random.chance(0.6)) {
          push(`${inner}editable: ${random.pick(["true", "false", '"true"', "yes"])}`);
        }
      } else if (type === "git") {
        push(
          `${inner}url: ${scalar(random, random.pick(["https://example.com/r.git", "ftp://x"]))}`,
        );
        push(
          `${inner}${random.pick(["tag", "branch", "rev", "ref"])}: ${scalar(random, "v0.1.0")}`,
        );
        if (random.chance(0.2)) push(`${inner}branch: main`);
      } else if (type === "index") {
        push(`${inner}version: ${scalar(random, random.pick([">=2.1,<3", "2.1", "latest"]))}`);
        if (random.chance(0.3)) push(`${inner}index: https://pypi.example.com/simple`);
      } else {
        push(`${inner}url: ${scalar(random, "https://example.com/dist/x-0.1.0.tar.gz")}`);
        if (random.chance(0.2)) push(`${inner}ulr: typo`);
      }
    }
  }
  return lines.join(random.chance(0.1) ? "\r\n" : "\n") + "\n";
}

const MUTATION_CHARS = [
  ":",
  " ",
  "-",
  "#",
  "'",
  '"',
  "[",
  "]",
  "{",
  "}",
  ",",
  "\n",
  "\t",
  "\r",
  "&",
  "*",
  "!",
  "|",
  ">",
  "?",
  "\\",
  "~",
  "%",
  "x",
  "0",
];

/** One random edit: insert, delete or replace a character, or duplicate, drop or re-indent a line. */
function mutate(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  switch (random.int(7)) {
    case 0:
      return text.slice(0, at) + random.pick(MUTATION_CHARS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + random.pick(MUTATION_CHARS) + text.slice(at + 1);
    default: {
      const lines = text.split("\n");
      const i = random.int(lines.length);
      const op = random.int(4);
      if (op === 0) lines.splice(i, 0, lines[i]);
      else if (op === 1) lines.splice(i, 1);
      else if (op === 2) lines[i] = " " + lines[i];
      else lines[i] = lines[i].replace(/^ /, "");
      return lines.join("\n");
    }
  }
}

Deno.test("fast YAML: every registry fixture reads the same as with the yaml package", async () => {
  const files = await yamlFilesUnder(`${ROOT}registry-fixtures`);
  assert.ok(files.length > 20);
  let read = 0;
  for (const file of files) {
    if (compare(await Deno.readTextFile(file), file)) read++;
  }
  console.log(`fixtures: ${files.length} files, ${read} read by the fast path`);
  // The seed project's files are what real registries look like: all on the fast path, and
  // so are the implies/conflicts shapes of the implies project.
  const typical = files.filter((f) => /\/(seed|implies)-project\//.test(f));
  assert.ok(typical.some((f) => f.endsWith("implies-project/registry/groups/tokenizer.yaml")));
  for (const file of typical) {
    assert.ok(parseFastYaml(await Deno.readTextFile(file)), `declined: ${file}`);
  }
});

Deno.test("fast YAML: generated files and their mutations read the same as with the yaml package", () => {
  const random = new Random(SEED);
  let cases = 0;
  let read = 0;
  let relations = 0;
  for (let i = 0; i < 3000; i++) {
    const base = i % 2 === 0 ? groupText(random) : packageText(random);
    let text = base;
    for (let round = 0; round < 4; round++) {
      cases++;
      if (compare(text, `case ${i} round ${round} (HPM_FAST_YAML_SEED=${SEED})`)) {
        read++;
        if (/^ *(implies|conflicts):/m.test(text)) relations++;
      }
      text = mutate(text, random);
    }
  }
  console.log(
    `generated: ${cases} texts (seed ${SEED}), ${read} read by the fast path ` +
      `(${relations} with implies/conflicts)`,
  );
  assert.ok(read > cases / 4, "the fast path should read a good share of the cases");
  assert.ok(relations > cases / 50, "the fast path should read implies/conflicts shapes too");
});

Deno.test("fast YAML: declines what it does not know, so the yaml package reports it", async () => {
  const declined = [
    "a: |\n  text\n", // block scalar
    "a: &x 1\nb: *x\n", // anchor and alias
    "a: !!str 1\n", // tag
    "a: 1\na: 2\n", // duplicate key (the yaml package reports it)
    "a: b: c\n", // a colon that makes a mapping
    "a: one\n  two\n", // a folded plain scalar
    'a: "x\n  y"\n', // a quoted scalar over two lines
    "a: {b: 1}\n", // flow mapping
    "a: [[1]]\n", // nested flow sequence
    "- a\n", // a sequence at the root
    "plain\n", // a scalar at the root
    "---\na: 1\n", // document marker
    "a:\t1\n", // tab
    "\ufeffa: 1\n", // BOM
    "a: 0x1F\n", // hex
    "a: 1e3\n", // exponent
    "true: 1\n", // a key that is no string
    'a: "\\u00e9"\n', // an escape the fast path skips
    "a:\n  - - x\n", // nested compact sequence
    "a: x\n b: y\n", // deeper line after a value
  ];
  for (const text of declined) {
    assert.equal(parseFastYaml(text), undefined, JSON.stringify(text));
    // The answer then comes from the yaml package, through the lazy import.
    const lazy = await readYaml(text, "/f.yaml", "f.yaml");
    const direct = readWithYamlPackage(text, "/f.yaml", "f.yaml");
    assert.deepEqual([lazy.root, lazy.problems], [direct.root, direct.problems]);
  }
  const read = ["", "# only a comment\n", "a:\n", "a: [ ]\n", "a: 'it''s'\n", 'a: "q\\"x"\n'];
  for (const text of read) {
    assert.ok(parseFastYaml(text), JSON.stringify(text));
    compare(text, JSON.stringify(text));
  }
});

Deno.test("fast YAML: a duplicate key still gets the yaml package's message and position", () => {
  const result = readYamlSync("name: g\nname: h\n", "/reg/groups/g.yaml", "groups/g.yaml");
  assert.deepEqual(
    result.problems.map((p) => [p.line, p.column, p.message]),
    [[2, 1, "YAML: key 'name' appears twice in the same mapping"]],
  );
});
