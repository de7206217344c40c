/**
 * README's quick start, run as written: the ```bash block after `<!-- quickstart -->` runs line
 * by line in one shell, in an empty temporary directory, with `hpm` on PATH (the hpm under test)
 * and uv hermetic and offline. Each command must exit 0; a trailing `# prints "TEXT"` must be its
 * whole stdout; the `<!-- quickstart-before -->` and `<!-- quickstart-after -->` toml excerpts
 * must be in `pyproject.toml` as `uv init` made it and as the last command left it. When the
 * README changes, this test follows it.
 */
import assert from "node:assert/strict";
import { REPO, testEnv, writeHpmShim } from "../support/hpm.ts";
import { exists } from "../support/project.ts";

/** The fenced block right after the marker comment `<!-- NAME -->` in README.md. */
function fencedBlock(readme: string, name: string, language: string): string[] {
  const lines = readme.split("\n");
  const at = lines.indexOf(`<!-- ${name} -->`);
  assert.notEqual(at, -1, `README.md has no <!-- ${name} --> marker`);
  assert.equal(
    lines[at + 1],
    "```" + language,
    `a \`\`\`${language} block follows <!-- ${name} -->`,
  );
  const end = lines.indexOf("```", at + 2);
  assert.notEqual(end, -1, `the block after <!-- ${name} --> is closed`);
  return lines.slice(at + 2, end);
}

/** A command line of the block, and the stdout its trailing comment promises (if it does). */
interface Step {
  line: string;
  prints: string | null;
}

function steps(block: string[]): Step[] {
  return block
    .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"))
    .map((line) => ({ line, prints: line.match(/#\s*prints "(.*)"\s*$/)?.[1] ?? null }));
}

/**
 * The shell script that runs each step in the same shell (so `cd` carries over), its stdout,
 * stderr and exit code in STATE/N.*, and pyproject.toml (where there is one) in STATE/N.toml;
 * the first failing step ends the script.
 */
function script(all: Step[], state: string): string {
  return all.map(({ line }, index) =>
    [
      "{",
      line,
      `} >"${state}/${index}.out" 2>"${state}/${index}.err"`,
      "code=$?",
      `echo "$code" >"${state}/${index}.code"`,
      `if [ -f pyproject.toml ]; then cp pyproject.toml "${state}/${index}.toml"; fi`,
      `[ "$code" -eq 0 ] || exit "$code"`,
    ].join("\n")
  ).join("\n") + "\n";
}

/** Asserts that `excerpt`'s lines appear in `text` in the same order (each a whole line). */
function assertExcerpt(text: string, excerpt: string[], what: string): void {
  const lines = text.split("\n");
  let from = 0;
  for (const line of excerpt.filter((line) => line.trim() !== "")) {
    const found = lines.indexOf(line, from);
    assert.notEqual(found, -1, `${what}: line ${JSON.stringify(line)} in order in\n${text}`);
    from = found + 1;
  }
}

async function sitePackages(venv: string): Promise<string[]> {
  const names: string[] = [];
  for await (const python of Deno.readDir(`${venv}/lib`)) {
    for await (const entry of Deno.readDir(`${venv}/lib/${python.name}/site-packages`)) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

Deno.test("README's quick start runs as written and ends with the switched component installed", async () => {
  const readme = await Deno.readTextFile(`${REPO}/README.md`);
  const all = steps(fencedBlock(readme, "quickstart", "bash"));
  const before = fencedBlock(readme, "quickstart-before", "toml");
  const after = fencedBlock(readme, "quickstart-after", "toml");
  assert.ok(all.length >= 10, `the quick start has its commands (${all.length})`);

  const root = await Deno.makeTempDir({ prefix: "hpm-quickstart-" });
  try {
    const [bin, state, work] = [`${root}/bin`, `${root}/state`, `${root}/work`];
    for (const dir of [bin, state, work]) await Deno.mkdir(dir);
    await writeHpmShim(bin);
    await Deno.writeTextFile(`${root}/quickstart.sh`, script(all, state));
    const run = await new Deno.Command("bash", {
      args: [`${root}/quickstart.sh`],
      cwd: work,
      env: testEnv({ PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` }),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();

    for (const [index, { line, prints }] of all.entries()) {
      const code = await Deno.readTextFile(`${state}/${index}.code`).catch(() => "(did not run)");
      const out = await Deno.readTextFile(`${state}/${index}.out`).catch(() => "");
      const err = await Deno.readTextFile(`${state}/${index}.err`).catch(() => "");
      assert.equal(code.trim(), "0", `\`${line}\` exits 0\nstdout:\n${out}\nstderr:\n${err}`);
      if (prints !== null) assert.equal(out.trim(), prints, `\`${line}\` prints "${prints}"`);
    }
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));

    // `pyproject.toml` as `uv init` made it (the first step that left one), then as hpm left it.
    let made: string | null = null;
    for (let index = 0; index < all.length && made === null; index++) {
      if (await exists(`${state}/${index}.toml`)) {
        made = await Deno.readTextFile(`${state}/${index}.toml`);
      }
    }
    assert.ok(made !== null, "a step made a pyproject.toml");
    assertExcerpt(made, before, "pyproject.toml before");
    const project = `${work}/demo`;
    const final = await Deno.readTextFile(`${project}/pyproject.toml`);
    assertExcerpt(final, after, "pyproject.toml after");
    assert.doesNotMatch(final, /adapter-a/, "nothing of the replaced option is left");

    // The registry the two `registry add` wrote, whole.
    assert.equal(
      await Deno.readTextFile(`${project}/registry/groups/inference.yaml`),
      [
        'name: "inference"',
        'strategy: "1-of-N"',
        "options:",
        '  - name: "adapter-a"',
        '  - name: "adapter-b"',
        "",
      ].join("\n"),
    );
    // The lock and the environment hold the new option only.
    const lock = await Deno.readTextFile(`${project}/uv.lock`);
    assert.match(lock, /^name = "adapter-b"$/m);
    assert.doesNotMatch(lock, /^name = "adapter-a"$/m);
    const installed = await sitePackages(`${project}/.venv`);
    assert.ok(installed.includes("adapter_b-0.1.0.dist-info"), installed.join("\n"));
    assert.ok(!installed.some((name) => name.startsWith("adapter_a")), installed.join("\n"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
