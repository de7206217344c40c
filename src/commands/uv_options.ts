/**
 * The uv options of one command: `[tool.hpm] sync-args`, hpm's own uv flags (`--offline`,
 * `--no-dev`, `--upgrade`, `--upgrade-package`) and what follows `--`, routed by
 * `uv/pass_through.ts`; and the command's treatment of uv's environment (`uv/env.ts`).
 */
import { HpmError } from "../errors.ts";
import { info } from "../output.ts";
import { isAbsolutePath, joinPath } from "../paths.ts";
import { syncArgsOf } from "../plan/project_check.ts";
import type { Project } from "../project/discover.ts";
import { type UvCommand, type UvEnvPolicy, uvEnvPolicy } from "../uv/env.ts";
import { type PassedOption, type ResolvePath, routeUvOptions } from "../uv/pass_through.ts";
import { configureUvEnv } from "../uv/run.ts";

/** Path values are absolute for uv, which hpm may run in a temporary copy of the project. */
function pathsFrom(base: string): ResolvePath {
  return (flag, value) => {
    if (isAbsolutePath(value)) return value;
    if (flag === "--find-links" && /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
    // `--python 3.12` asks for a version; only something path-like is a path.
    if (flag === "--python" && !/[\\/]/.test(value) && !value.startsWith(".")) return value;
    return joinPath(base, value);
  };
}

/** hpm's own uv flags (those of the commands that run uv on the project). */
export interface UvFlags {
  offline?: boolean;
  "no-dev"?: boolean;
  upgrade?: boolean;
  "upgrade-package"?: string[];
}

/** What a command that runs uv on the project was given: its uv flags and what follows `--`. */
export interface UvInput {
  options: UvFlags;
  passThrough?: string[];
}

/** hpm's own uv flags, as the uv options they stand for. */
function namedFlags(flags: UvFlags): string[] {
  const tokens: string[] = [];
  if (flags.offline) tokens.push("--offline");
  if (flags["no-dev"]) tokens.push("--no-dev");
  if (flags.upgrade) tokens.push("--upgrade");
  for (const name of flags["upgrade-package"] ?? []) {
    if (name.trim() === "") {
      throw new HpmError("--upgrade-package needs a package name, not an empty string", {
        hint: "write '--upgrade-package NAME'",
        code: "usage",
      });
    }
    tokens.push("--upgrade-package", name);
  }
  return tokens;
}

/**
 * The uv options the command passes on, in order: sync-args (paths relative to the project
 * root), hpm's flags, then what follows `--` (paths relative to the working directory). A
 * refused option after `--` is a usage error (exit 2); sync-args was validated with the
 * project's other problems.
 */
export function uvOptionsOf(input: UvInput, project: Project): PassedOption[] {
  const setting = routeUvOptions(syncArgsOf(project.view), pathsFrom(project.root));
  const named = routeUvOptions(namedFlags(input.options));
  const given = routeUvOptions(input.passThrough ?? [], pathsFrom(Deno.cwd()));
  const problem = given.problems[0];
  if (problem) {
    const more = given.problems.length > 1
      ? ` (and ${given.problems.length - 1} more after '--')`
      : "";
    throw new HpmError(problem.message + more, { hint: problem.hint, code: "usage" });
  }
  return [...setting.options, ...named.options, ...given.options];
}

/**
 * Applies the command's treatment of uv's environment to every uv run it makes, and says what
 * it neutralized (unless `quiet`: JSON mode says nothing on stderr but progress).
 */
export function applyUvEnv(command: UvCommand): UvEnvPolicy {
  const policy = uvEnvPolicy(command, Deno.env.toObject());
  configureUvEnv(policy.unset);
  for (const notice of policy.notices) info(notice);
  return policy;
}
