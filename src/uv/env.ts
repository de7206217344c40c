/**
 * Pure: how hpm treats uv's environment variables in the uv runs of each command.
 *
 * Every variable is left to uv (so each run honours it the same way) except those that would
 * break one of hpm's steps; those are removed from that command's uv runs, with a notice:
 *
 * - `UV_FROZEN` (use uv.lock without updating it): `check` must resolve, and `sync` must lock
 *   what it writes, so neither passes it on; `status` runs `uv sync --locked --check`, where
 *   uv ignores it anyway.
 * - `UV_LOCKED` (fail when uv.lock would change): honoured by `sync` (it then fails instead of
 *   changing uv.lock, and says why) and by `status`; `check` resolves a temporary copy of the
 *   project, whose lock always differs, so it does not pass it on.
 * - `UV_PROJECT`, `UV_WORKING_DIR`: hpm runs uv in the project it found (or in check's
 *   temporary copy), so it never passes them on.
 * - `UV_NO_SYNC` (lock without installing, as `uv add` does): `sync` writes and locks but does
 *   not install. uv lock and uv sync themselves do not read it.
 * - `UV_PROJECT_ENVIRONMENT`: honoured everywhere; check plans against that environment.
 */

/** The commands whose uv runs this module decides for. */
export type UvCommand = "check" | "sync" | "status";

/** What a command does with the environment. */
export interface UvEnvPolicy {
  /** Variables removed from the command's uv runs. */
  unset: string[];
  /** One line per neutralized (or specially honoured) variable that is set, for the user. */
  notices: string[];
  /** `sync`: lock but do not install (UV_NO_SYNC). */
  noInstall: boolean;
  /** `sync`: UV_LOCKED is set, so uv.lock must not change. */
  locked: boolean;
}

/** uv's reading of a boolean variable: set and not one of its false words. */
export function truthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !["", "0", "false", "no", "off", "n", "f"].includes(value.trim().toLowerCase());
}

const ELSEWHERE = ["UV_PROJECT", "UV_WORKING_DIR"];

/** The policy for `command` given the environment hpm runs in. */
export function uvEnvPolicy(
  command: UvCommand,
  env: Readonly<Record<string, string | undefined>>,
): UvEnvPolicy {
  const unset: string[] = [];
  const notices: string[] = [];
  const drop = (name: string, notice: string) => {
    if (env[name] === undefined) return;
    unset.push(name);
    if (truthy(env[name])) notices.push(`${name}=${env[name]} is set: ${notice}`);
  };
  drop(
    "UV_FROZEN",
    command === "check"
      ? "check resolves anyway (it asks uv what 'hpm sync' would lock); not passed to uv"
      : command === "sync"
      ? "'hpm sync' locks anyway (its uv lock writes what the selection needs); not passed to uv"
      : "not passed to 'uv sync --locked --check'",
  );
  if (command === "check") {
    drop(
      "UV_LOCKED",
      "check resolves a temporary copy of the project, not passed to uv there " +
        "('hpm sync' honours it: it fails rather than change uv.lock)",
    );
  }
  for (const name of ELSEWHERE) {
    if (env[name] === undefined) continue;
    unset.push(name);
    notices.push(
      `${name}=${env[name]} is set: hpm runs uv in the project it found from the working ` +
        "directory; not passed to uv",
    );
  }
  const noInstall = command === "sync" && truthy(env.UV_NO_SYNC);
  if (noInstall) {
    notices.push(
      `UV_NO_SYNC=${env.UV_NO_SYNC} is set: 'hpm sync' writes and locks, but does not ` +
        "install (as 'uv add' does)",
    );
  }
  const locked = command === "sync" && truthy(env.UV_LOCKED);
  return { unset, notices, noInstall, locked };
}
