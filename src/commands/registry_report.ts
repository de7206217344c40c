/**
 * What a command says about the registry's files once per run: one warning per file that
 * cannot be used (and is not needed), and one per file with keys hpm reads past (unknown keys,
 * the original hpm's fields and `!!python/object` form; hidden by `-q`). A command that needs
 * a file that cannot be used fails naming it (`requireUsable`).
 */
import { HpmError, type Problem } from "../errors.ts";
import { isQuiet, printProblems, warn } from "../output.ts";
import { plural } from "../plural.ts";
import { brokenFiles, problemsOf } from "../registry/broken.ts";
import type { Registry } from "../registry/types.ts";

/** Warnings `registry validate --strict` makes errors, and commands summarize per file. */
export const NOTICE_CODES: ReadonlySet<string> = new Set([
  "unknown-key",
  "original-key",
  "python-object",
]);

/** Files listed one line each before the rest are counted. */
const MAX_FILES = 10;
const VALIDATE_HINT = "'hpm registry validate' lists every problem";

let reported = false;

/** What a command needs of the registry: groups and packages, by name. */
export interface RegistryNeeds {
  groups?: Iterable<string>;
  packages?: Iterable<string>;
}

/**
 * Fails (exit 2) when a needed group or package is in a file that cannot be used, naming it
 * with that file's problems; otherwise reports the registry (once).
 */
export function requireUsable(registry: Registry, needs: RegistryNeeds): void {
  const broken = brokenFiles(registry.problems);
  const hits: { kind: string; name: string; file: string }[] = [];
  const seen = new Set<string>();
  const add = (kind: string, map: Map<string, string>, names: Iterable<string> | undefined) => {
    for (const name of names ?? []) {
      const file = map.get(name);
      if (file && !seen.has(file)) {
        seen.add(file);
        hits.push({ kind, name, file });
      }
    }
  };
  add("group", broken.groups, needs.groups);
  add("package", broken.packages, needs.packages);
  if (hits.length === 0) {
    reportRegistry(registry);
    return;
  }
  const problems = problemsOf(registry.problems, seen);
  const errors = problems.filter((p) => p.severity === "error").length;
  const first = hits[0];
  const message = hits.length === 1
    ? `${first.kind} '${first.name}' cannot be used: ${first.file} has ${plural(errors, "error")}`
    : `${hits.length} registry files this command needs cannot be used (${
      hits.map((hit) => `${hit.kind} '${hit.name}'`).join(", ")
    }): ${plural(errors, "error")}`;
  throw new HpmError(message, {
    code: "registry-invalid",
    hint: `fix ${hits.length === 1 ? "it" : "them"} (the rest of the registry is usable); ` +
      VALIDATE_HINT,
    problems,
  });
}

/**
 * Once per command: a warning per file that cannot be used, then, unless `-q`, one per file
 * with keys hpm ignores (its first such problem, with the count of the others).
 */
export function reportRegistry(registry: Registry): void {
  if (reported) return;
  reported = true;
  const broken = brokenFiles(registry.problems);
  const unusable = [
    ...[...broken.groups].map(([name, file]) => ({ kind: "group", name, file })),
    ...[...broken.packages].map(([name, file]) => ({ kind: "package", name, file })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  unusable.slice(0, MAX_FILES).forEach(({ kind, name, file }, i) => {
    const errors = registry.problems.filter((p) => p.file === file && p.severity === "error");
    const last = i === Math.min(unusable.length, MAX_FILES) - 1 && unusable.length <= MAX_FILES;
    warn(
      `${file} cannot be used (${plural(errors.length, "error")}); commands that need ${kind} ` +
        `'${name}' fail`,
      last ? VALIDATE_HINT : undefined,
    );
  });
  if (unusable.length > MAX_FILES) {
    warn(
      `and ${plural(unusable.length - MAX_FILES, "more file")} that cannot be used`,
      VALIDATE_HINT,
    );
  }
  if (isQuiet()) return;
  const brokenSet = new Set(unusable.map((u) => u.file));
  const { lines, more } = noticeLines(registry.problems.filter((p) => !brokenSet.has(p.file)));
  printProblems(lines);
  if (more > 0) warn(`and ${plural(more, "more file")} with keys hpm ignores`, VALIDATE_HINT);
}

/**
 * One problem per file among the notices (the first, with how many more the file holds), for
 * the first files; `more` counts the files left out.
 */
export function noticeLines(problems: readonly Problem[]): { lines: Problem[]; more: number } {
  const byFile = new Map<string, Problem[]>();
  for (const problem of problems) {
    if (!problem.code || !NOTICE_CODES.has(problem.code)) continue;
    const list = byFile.get(problem.file) ?? [];
    list.push(problem);
    byFile.set(problem.file, list);
  }
  const lines = [...byFile.values()].slice(0, MAX_FILES).map(([first, ...more]) =>
    more.length ? { ...first, message: `${first.message} (and ${more.length} more here)` } : first
  );
  return { lines, more: Math.max(0, byFile.size - MAX_FILES) };
}

/** Warnings without a code, outside the files that cannot be used (strict commands print them). */
export function otherWarnings(registry: Registry): Problem[] {
  const broken = brokenFiles(registry.problems);
  const files = new Set([...broken.groups.values(), ...broken.packages.values()]);
  // Notices are summarized (`reportRegistry`); what the original hpm would read differently is
  // for `registry validate` alone.
  return registry.problems.filter((p) => p.severity === "warning" && !files.has(p.file) && !p.code);
}
