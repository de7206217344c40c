/**
 * `hpm registry validate`: every problem of the whole registry, exit 2 when any is an error.
 * `--strict` makes the keys hpm reads past errors (for CI); `--fix` first rewrites the files
 * the original hpm wrote as `!!python/object` as plain YAML. What the original hpm would read
 * differently is listed as warnings (original_compat.ts).
 */
import type { ParsedInput } from "../cli/spec.ts";
import { HpmError, type Problem } from "../errors.ts";
import { isJsonMode, printJson, printProblems, success, warn } from "../output.ts";
import { displayPath } from "../paths.ts";
import { loadContext } from "./context.ts";
import { plural } from "../plural.ts";
import { originalCompatProblems } from "../registry/original_compat.ts";
import { compareProblems } from "../registry/yaml_doc.ts";
import { NOTICE_CODES } from "./registry_report.ts";
import { withRegistryWrites } from "./registry_writes.ts";

/** Warnings about the original hpm shown in text mode before the rest are counted. */
const MAX_ORIGINAL = 10;

/** Runs `hpm registry validate`. */
export async function run(input: ParsedInput): Promise<number> {
  if (input.options.fix === true) {
    return await withRegistryWrites(input, false, async (commit) => {
      const { rewritePythonObjects } = await import("./registry_fix.ts");
      const fixed = await rewritePythonObjects(input, commit);
      return await validate(input, fixed);
    });
  }
  return await validate(input, []);
}

/** The registry's problems, with `--strict` applied and the original hpm's notes added. */
export function validationProblems(
  problems: readonly Problem[],
  original: readonly Problem[],
  strict: boolean,
): Problem[] {
  const all = [...problems, ...original].sort(compareProblems);
  if (!strict) return all;
  return all.map((problem) =>
    problem.code && NOTICE_CODES.has(problem.code) && problem.severity === "warning"
      ? {
        ...problem,
        severity: "error" as const,
        message: `${problem.message} (an error with --strict)`,
      }
      : problem
  );
}

async function validate(input: ParsedInput, fixed: string[]): Promise<number> {
  const { registry, location } = await loadContext(input, {
    project: false,
    strict: false,
    report: false,
    // A verdict on the files themselves: never on a cache of them.
    fresh: true,
  });
  const strict = input.options.strict === true;
  const original = originalCompatProblems(registry.groups.values(), registry.packages.values());
  const problems = validationProblems(registry.problems, original, strict);
  const errors = problems.filter((problem) => problem.severity === "error");
  const where = displayPath(location.root);
  if (errors.length > 0) {
    throw new HpmError(`the registry at ${where} has ${plural(errors.length, "error")}`, {
      hint: strict && errors.some((p) => p.code)
        ? "fix each problem at the file:line:column shown (--strict: keys hpm ignores are errors)"
        : "fix each problem at the file:line:column shown",
      code: "registry-invalid",
      problems,
      data: { fixed },
    });
  }
  const counts = `${plural(registry.groups.size, "group")}, ${
    plural(registry.packages.size, "package")
  }`;
  if (isJsonMode()) {
    printJson({
      ok: true,
      registry: location.root,
      groups: registry.groups.size,
      packages: registry.packages.size,
      fixed,
      problems,
    });
    return 0;
  }
  const noteFiles = [
    ...new Set(problems.filter((p) => p.code === "original-ignores").map((p) => p.file)),
  ];
  const listed = new Set(noteFiles.slice(0, MAX_ORIGINAL));
  printProblems(problems.filter((p) => p.code !== "original-ignores" || listed.has(p.file)));
  if (noteFiles.length > MAX_ORIGINAL) {
    warn(
      `and ${plural(noteFiles.length - MAX_ORIGINAL, "more file")} the original hpm would read ` +
        "differently",
      "'hpm registry validate --json' lists them all",
    );
  }
  const warnings = problems.length;
  success(`${where}: ${counts}, no errors${warnings ? `, ${plural(warnings, "warning")}` : ""}`);
  return 0;
}
