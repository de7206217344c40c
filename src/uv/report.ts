/**
 * Pure reader of the error report uv prints on stderr. Two layouts are understood:
 *
 * - uv 0.13 (plain chain):  `error: X` / `  cause: Y` / continuation lines / `hint: Z`
 * - uv up to 0.12 (miette): `  × X` / `  ├─▶ Y` / `  ╰─▶ Z` / `      hint: ...`, or the ASCII
 *   fallback `  x X` / `  |-> Y` / `` `-> Z ``, with lines wrapped at the terminal width.
 *
 * Colour codes are removed first. Lines before the report (`Resolved 3 packages`, `Building
 * ...`, warnings) are skipped.
 */

/** uv's error report: the chain of messages (outermost first) and the hints after it. */
export interface UvReport {
  /** Each message of the chain; continuation lines kept, dedented, joined with `\n`. */
  chain: string[];
  /** Each `hint:` text, in order. */
  hints: string[];
}

// CSI (colours, cursor) and OSC (hyperlinks) escape sequences.
// deno-lint-ignore no-control-regex -- matching ESC and BEL is the point
const ansiPattern = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Removes ANSI escape sequences and carriage returns. */
export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, "").replaceAll("\r", "");
}

const plainHeader = /^error: (.*)$/;
const mietteHeader = /^\s+[×x] (.*)$/;
const causeLine = /^\s+(?:cause: |├─▶ ?|╰─▶ ?|\|-> ?|`-> ?)(.*)$/;
const hintLine = /^\s*(?:hint|help): (.*)$/;
const barLine = /^(\s*)(?:│|\|)(?: |$)(.*)$/;

interface Item {
  lines: string[];
  /** Column where the item's text starts; continuation lines are dedented up to it. */
  column: number;
}

/** Finds and splits uv's error report; `undefined` when the text holds none. */
export function parseReport(stderr: string): UvReport | undefined {
  const lines = stripAnsi(stderr).split("\n");
  let start = lines.findIndex((line) => plainHeader.test(line));
  if (start < 0) start = lines.findIndex((line) => mietteHeader.test(line));
  if (start < 0) return undefined;

  const first = lines[start];
  const header = (plainHeader.exec(first) ?? mietteHeader.exec(first))!;
  const items: Item[] = [{ lines: [header[1]], column: first.length - header[1].length }];
  const hints: Item[] = [];
  let inHint = false;
  let blankLines = 0;

  for (const raw of lines.slice(start + 1)) {
    const line = raw.trimEnd();
    const hint = hintLine.exec(line);
    if (hint) {
      hints.push({ lines: [hint[1]], column: line.length - hint[1].length });
      inHint = true;
      blankLines = 0;
      continue;
    }
    if (plainHeader.test(line)) break; // A second report: the first one is the failure.
    if (inHint) {
      hints[hints.length - 1].lines.push(line);
      continue;
    }
    if (line.trim() === "") {
      blankLines++;
      continue;
    }
    const cause = causeLine.exec(line);
    if (cause) {
      items.push({ lines: [cause[1]], column: line.length - cause[1].length });
      blankLines = 0;
      continue;
    }
    const bar = barLine.exec(line);
    const text = bar ? bar[1] + "  " + bar[2] : line;
    if (!/^\s/.test(text)) break; // Unindented text after the chain is not part of it.
    const item = items[items.length - 1];
    for (; blankLines > 0; blankLines--) item.lines.push("");
    item.lines.push(dedent(text, item.column));
  }
  return { chain: items.map(joinItem), hints: hints.map(joinHint) };
}

function dedent(line: string, column: number): string {
  const leading = line.length - line.trimStart().length;
  return line.slice(Math.min(leading, column));
}

function joinItem(item: Item): string {
  return item.lines.join("\n").trimEnd();
}

/**
 * A hint whose following lines are indented was wrapped by miette: join it into one line.
 * Unindented following lines (uv 0.13's TOML snippets) are laid out on purpose: keep them.
 */
function joinHint(item: Item): string {
  const rest = item.lines.slice(1);
  while (rest.length > 0 && rest[rest.length - 1].trim() === "") rest.pop();
  if (rest.length > 0 && rest.every((line) => /^\s/.test(line))) {
    return [item.lines[0], ...rest.map((line) => line.trim())].join(" ");
  }
  return [item.lines[0], ...rest].join("\n");
}

/** Joins wrapped lines and puts each sentence of a PubGrub explanation on its own line. */
export function unwrapSentences(text: string): string {
  return text.replace(/\s+/g, " ").trim().split(/(?<=\.)\s+(?=[A-Z])/).join("\n");
}
