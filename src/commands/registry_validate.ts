/**
 * `hpm registry validate`: every problem of the whole registry, exit 2 when any is an error.
 * `--strict` makes the keys hpm reads past errors (for CI); `--fix` first rewrites the files
 * the original hpm wrote as `!!python/object` as plain YAML. What the original hpm would read
 * differently is listed as warnings (original_compat.ts).
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { ExitCode, HpmError, type Problem } from "../errors.ts";
import { displayPath } from "../paths.ts";
import { loadContext } from "./context.ts";
import { plural } from "../plural.ts";
import { originalCompatProblems } from "../registry/original_compat.ts";
import { compareProblems } from "../registry/yaml/doc.ts";
import { NOTICE_CODES } from "./registry_report.ts";
import { withRegistryWrites } from "./registry_writes.ts";
import type { FixOutcome, NotFixedReason } from "./registry_fix.ts";

/** Warnings about the original hpm shown in text mode before the rest are counted. */
const MAX_ORIGINAL = 10;

/** `hpm registry validate --json`, and what the text output says. */
export interface ValidateJson extends FixOutcome {
  ok: true;
  registry: string;
  groups: number;
  packages: number;
  /** Every problem (warnings only: an error fails the command). */
  problems: Problem[];
}

/** Runs `hpm registry validate`. */
export async function run(input: InputOf<"registry_validate">): Promise<Outcome<ValidateJson>> {
  if (input.options.fix === true) {
    return await withRegistryWrites(input, false, async () => {
      const { rewritePythonObjects } = await import("./registry_fix.ts");
      return await validate(input, await rewritePythonObjects(input));
    });
  }
  return await validate(input, { fixed: [], notFixed: [] });
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

async function validate(
  input: InputOf<"registry_validate">,
  fix: FixOutcome,
): Promise<Outcome<ValidateJson>> {
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
  if (errors.length > 0) {
    throw new HpmError(
      `the registry at ${displayPath(location.root)} has ${plural(errors.length, "error")}`,
      {
        hint: strict && errors.some((p) => p.code)
          ? "fix each problem at the file:line:column shown (--strict: keys hpm ignores are errors)"
          : "fix each problem at the file:line:column shown",
        code: "registry-invalid",
        problems,
        details: fixDetails(fix),
        data: { ...fix },
      },
    );
  }
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      registry: location.root,
      groups: registry.groups.size,
      packages: registry.packages.size,
      ...fix,
      problems,
    },
  };
}

/**
 * `hpm registry validate` in text: what --fix did, the problems (the original hpm's notes for
 * the first files only), and the counts.
 */
export function render(json: ValidateJson, _mode: RenderMode): Line[] {
  const { problems } = json;
  const lines: Line[] = [...fixLines(json)];
  const noteFiles = [
    ...new Set(problems.filter((p) => p.code === "original-ignores").map((p) => p.file)),
  ];
  const listed = new Set(noteFiles.slice(0, MAX_ORIGINAL));
  lines.push({
    to: "problems",
    problems: problems.filter((p) => p.code !== "original-ignores" || listed.has(p.file)),
  });
  if (noteFiles.length > MAX_ORIGINAL) {
    lines.push({
      to: "warn",
      text: `and ${plural(noteFiles.length - MAX_ORIGINAL, "more file")} the original hpm would ` +
        "read differently",
      hint: "'hpm registry validate --json' lists them all",
    });
  }
  const counts = `${plural(json.groups, "group")}, ${plural(json.packages, "package")}`;
  const warnings = problems.length;
  lines.push({
    to: "success",
    text: `${displayPath(json.registry)}: ${counts}, no errors${
      warnings ? `, ${plural(warnings, "warning")}` : ""
    }`,
  });
  return lines;
}

/** What `--fix` did, in text: the files left as they are, then the ones rewritten. */
function fixLines(fix: FixOutcome): Line[] {
  return [
    ...fix.notFixed.map(({ file, reason }): Line => ({
      to: "warn",
      text: `${file} not rewritten: ${NOT_FIXED[reason].why}`,
      hint: NOT_FIXED[reason].hint,
    })),
    ...fix.fixed.map((file): Line => ({
      to: "success",
      text: `rewrote ${file} as plain YAML (it was the original hpm's !!python/object form)`,
    })),
  ];
}

/** What `--fix` did, under the error that follows it (the files are rewritten all the same). */
function fixDetails(fix: FixOutcome): string | undefined {
  const lines = [
    ...fix.fixed.map((file) => `--fix rewrote ${file} as plain YAML first`),
    ...fix.notFixed.map(({ file, reason }) =>
      `--fix left ${file} as it is: ${NOT_FIXED[reason].why}`
    ),
  ];
  return lines.length ? lines.join("\n") : undefined;
}

/** Why --fix left a `!!python/object` manifest, and the way out. */
const NOT_FIXED: Record<NotFixedReason, { why: string; hint: string }> = {
  "unusable": {
    why: "it cannot be used",
    hint: "fix its errors first ('hpm registry validate')",
  },
  "holds-more": {
    why: "it holds more than the original hpm's 'registry add' writes",
    hint: "rewrite it by hand ('hpm registry validate' lists what it holds)",
  },
};
