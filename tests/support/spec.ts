/**
 * Whole-output assertions for end-to-end tests: a command's complete stdout, stderr and exit
 * code compared with the text a user sees, after the parts that change from run to run are
 * filtered (like uv's `TestContext` filters for its snapshots). A mismatch prints a line diff.
 *
 * To write or update expected texts: run the test with HPM_SPEC_SHOW=1; each mismatch then
 * prints the run's output as source to paste (read it before you do) instead of failing.
 */
import { AssertionError } from "node:assert";
import type { HpmResult } from "./hpm.ts";

/** What to filter besides the generic volatile parts. */
export interface NormalizeOptions {
  /** The project or working directory of the run, shown as `[ROOT]`. */
  root?: string;
  /** More directories to show by name, e.g. `{ "[CACHE]": cacheDir }`. */
  dirs?: Record<string, string>;
}

const TMP = (Deno.env.get("TMPDIR") ?? "/tmp").replace(/\/+$/, "");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `text` with its volatile parts replaced: the given directories (as given and as resolved,
 * longest first) by their names, other temporary paths by `[TMP]/...`, durations after " in "
 * (`in 12ms`, `in 1.20s`) by `in [TIME]`, process ids after "pid " by `pid [PID]`, and an
 * interpreter's absolute path after `--python` (sync passes on the one uv lock found) by
 * `[PYTHON]`.
 */
export function normalize(text: string, options: NormalizeOptions = {}): string {
  const names: [string, string][] = [];
  const add = (name: string, dir: string) => {
    names.push([dir.replace(/\/+$/, ""), name]);
    try {
      names.push([Deno.realPathSync(dir), name]);
    } catch {
      // Gone already: the path as given is enough.
    }
  };
  if (options.root !== undefined) add("[ROOT]", options.root);
  for (const [name, dir] of Object.entries(options.dirs ?? {})) add(name, dir);
  names.sort((a, b) => b[0].length - a[0].length);
  let result = text;
  for (const [dir, name] of names) {
    result = result.replace(new RegExp(`${escapeRegExp(dir)}(?=/|\\b|$)`, "g"), name);
  }
  return result
    .replace(new RegExp(`(?:/private)?${escapeRegExp(TMP)}/[^/\\s'"()\\]]+`, "g"), "[TMP]")
    .replace(/ in \d+(?:\.\d+)?(?:µs|ms|s|m)\b/g, " in [TIME]")
    .replace(/\bpid \d+/g, "pid [PID]")
    .replace(/ --python \/\S+/g, " --python [PYTHON]");
}

/**
 * A unified-style diff of two texts by lines: `-` expected, `+` actual, two lines of context
 * around each change. Line ends are shown as `⏎` only where the last line lacks one.
 */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  // Longest common subsequence table, from the ends.
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: [" " | "-" | "+", string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push([" ", a[i++]]);
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.push(["-", a[i++]]);
    } else {
      lines.push(["+", b[j++]]);
    }
  }
  const changed = lines.map(([mark]) => mark !== " ");
  const near = (index: number) =>
    changed.slice(Math.max(0, index - 2), index + 3).some((value) => value);
  const out: string[] = [];
  let skipped = false;
  lines.forEach(([mark, line], index) => {
    if (near(index)) {
      out.push(`${mark} ${JSON.stringify(line).slice(1, -1)}`);
      skipped = false;
    } else if (!skipped) {
      out.push("  ...");
      skipped = true;
    }
  });
  return out.join("\n");
}

/** Asserts that two whole texts are equal; on mismatch the message is a line diff. */
export function assertText(actual: string, expected: string, what = "text"): void {
  if (actual === expected) return;
  if (Deno.env.get("HPM_SPEC_SHOW")) {
    const where = new Error().stack?.split("\n")[2]?.trim() ?? "";
    console.error(`HPM_SPEC_SHOW ${what} ${where}\n${textSource(actual)}`);
    return;
  }
  throw new AssertionError({
    message: `${what} differs (- expected, + actual):\n${lineDiff(expected, actual)}`,
    actual,
    expected,
    operator: "strictEqual",
  });
}

/** The whole output a run must give: exit code, stdout and stderr, each compared in full. */
export interface ExpectedOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Asserts a run's exit code, stdout and stderr, after `normalize` with `options`; one error
 * names every part that differs, each with its diff.
 */
export function assertOutput(
  result: HpmResult,
  expected: ExpectedOutput,
  options: NormalizeOptions = {},
): void {
  const problems: string[] = [];
  if (result.code !== expected.code) {
    problems.push(`exit code ${result.code}, expected ${expected.code}`);
  }
  for (const stream of ["stdout", "stderr"] as const) {
    const actual = normalize(result[stream], options);
    if (actual !== expected[stream]) {
      problems.push(
        `${stream} differs (- expected, + actual):\n${lineDiff(expected[stream], actual)}`,
      );
    }
  }
  if (problems.length === 0) return;
  if (Deno.env.get("HPM_SPEC_SHOW")) {
    // Writing the expected texts: print what the run gave, as source, and go on.
    const where = new Error().stack?.split("\n")[2]?.trim() ?? "";
    console.error(`HPM_SPEC_SHOW ${where}\n${expectedSource(result, options)}`);
    return;
  }
  throw new AssertionError({ message: problems.join("\n\n") });
}

/** A run's normalized output as the source of an `ExpectedOutput` (for HPM_SPEC_SHOW=1). */
export function expectedSource(result: HpmResult, options: NormalizeOptions = {}): string {
  const text = (stream: "stdout" | "stderr") => textSource(normalize(result[stream], options));
  return `{ code: ${result.code}, stdout: ${text("stdout")}, stderr: ${text("stderr")} }`;
}

/** A text as source: `""`, a string, or `lines(...)` when it ends with a line break. */
function textSource(body: string): string {
  if (body === "") return '""';
  if (!body.endsWith("\n")) return JSON.stringify(body);
  return `lines(\n${
    body.slice(0, -1).split("\n").map((line) => `  ${JSON.stringify(line)},`).join("\n")
  }\n)`;
}

/** Lines joined with a final line break: `lines("a", "b")` is `"a\nb\n"`; no lines, "". */
export function lines(...texts: string[]): string {
  return texts.length === 0 ? "" : `${texts.join("\n")}\n`;
}
