/** A unified diff of two texts, for `--dry-run`. Pure. */

type Op = { kind: " " | "-" | "+"; line: string };

function lines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Line operations turning `a` into `b` (longest common subsequence; files here are small). */
function diffLines(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: most edits touch a few lines of a long file.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head && tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const table: Uint32Array[] = Array.from(
    { length: x.length + 1 },
    () => new Uint32Array(y.length + 1),
  );
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      table[i][j] = x[i] === y[j]
        ? table[i + 1][j + 1] + 1
        : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: " ", line }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ kind: " ", line: x[i] });
      i++;
      j++;
    } else if (i < x.length && (j === y.length || table[i + 1][j] >= table[i][j + 1])) {
      ops.push({ kind: "-", line: x[i++] });
    } else {
      ops.push({ kind: "+", line: y[j++] });
    }
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: " ", line });
  return ops;
}

/** A unified diff (`--- a/file`, `+++ b/file`, hunks with 3 lines of context); "" if equal. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === after) return "";
  const ops = diffLines(
    lines(before.replaceAll("\r\n", "\n")),
    lines(after.replaceAll("\r\n", "\n")),
  );
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let index = 0;
  while (index < ops.length) {
    while (index < ops.length && ops[index].kind === " ") index++;
    if (index >= ops.length) break;
    let start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while the next change is within 2 * context lines.
    while (end < ops.length) {
      let next = end;
      while (next < ops.length && ops[next].kind !== " ") next++;
      let gap = next;
      while (gap < ops.length && ops[gap].kind === " ") gap++;
      if (gap < ops.length && gap - next <= 2 * context) end = gap;
      else {
        end = Math.min(ops.length, next + context);
        break;
      }
    }
    const hunk = ops.slice(start, end);
    let oldStart = 1;
    let newStart = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== "+") oldStart++;
      if (op.kind !== "-") newStart++;
    }
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(
      `@@ -${oldCount ? oldStart : oldStart - 1},${oldCount} +${
        newCount ? newStart : newStart - 1
      },${newCount} @@`,
    );
    for (const op of hunk) out.push(op.kind + op.line);
    index = end;
    start = end;
  }
  return out.join("\n") + "\n";
}
