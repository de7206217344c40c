/**
 * Pure builders of uv argument lists (never a shell string).
 *
 * Where uv runs: hpm starts uv with its working directory set to the project directory
 * (`runUv(args, { cwd: projectDir })`) instead of passing `--project <dir>`. The command hpm
 * shows (`$ uv lock`) is then exactly what the user would type in the project to reproduce it,
 * and relative paths (sources, `--find-links` in uv.toml or the environment) resolve the same
 * way as in the user's own runs.
 *
 * Output: captured runs get `uvCaptureEnv` (no colour, no line wrapping) so stderr can be
 * parsed by `diagnostics.ts`; that environment is internal and never shown to the user.
 */

/** Environment added to every uv run hpm captures: plain, unwrapped diagnostics. */
export const uvCaptureEnv: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  UV_NO_WRAP: "1",
};

/** Options of `uv lock`. */
export interface LockOptions {
  /** Resolve and report, write nothing (`--dry-run`). */
  dryRun?: boolean;
  /** Fail when `uv.lock` would change (`--locked`, the same as `uv lock --check`). */
  locked?: boolean;
  /** No network: only the cache and local files (`--offline`). */
  offline?: boolean;
  /** Allow upgrades of every package (`--upgrade`). */
  upgrade?: boolean;
  /** Allow upgrades of these packages only (`--upgrade-package`, repeated). */
  upgradePackages?: readonly string[];
}

/** Arguments of `uv lock` (without the program name). */
export function lockArgs(options: LockOptions = {}): string[] {
  const args = ["lock"];
  if (options.locked) args.push("--locked");
  if (options.dryRun) args.push("--dry-run");
  if (options.offline) args.push("--offline");
  if (options.upgrade) args.push("--upgrade");
  for (const name of options.upgradePackages ?? []) args.push("--upgrade-package", name);
  return args;
}

/** Options of `uv sync`. */
export interface SyncOptions {
  /** Fail when `uv.lock` is out of date instead of updating it (`--locked`). */
  locked?: boolean;
  /** Install from `uv.lock` as it is, without checking it (`--frozen`). */
  frozen?: boolean;
  /** Report what would change, change nothing (`--dry-run`). */
  dryRun?: boolean;
  /** Install the dependencies but not the project itself (`--no-install-project`). */
  noInstallProject?: boolean;
  /** Extras to install (`--extra`, repeated). */
  extras?: readonly string[];
  /** Dependency groups to install (`--group`, repeated). */
  groups?: readonly string[];
  /** Do not install the default groups (`--no-default-groups`). */
  noDefaultGroups?: boolean;
  /** Keep packages that are not in the lock (`--inexact`). */
  inexact?: boolean;
  /** No network (`--offline`). */
  offline?: boolean;
}

/**
 * Arguments of `uv sync` (without the program name). `locked` and `frozen` exclude each
 * other; asking for both is a bug in the caller.
 */
export function syncArgs(options: SyncOptions = {}): string[] {
  if (options.locked && options.frozen) {
    throw new Error("syncArgs: `locked` and `frozen` exclude each other");
  }
  const args = ["sync"];
  if (options.locked) args.push("--locked");
  if (options.frozen) args.push("--frozen");
  if (options.dryRun) args.push("--dry-run");
  if (options.noInstallProject) args.push("--no-install-project");
  for (const extra of options.extras ?? []) args.push("--extra", extra);
  if (options.noDefaultGroups) args.push("--no-default-groups");
  for (const group of options.groups ?? []) args.push("--group", group);
  if (options.inexact) args.push("--inexact");
  if (options.offline) args.push("--offline");
  return args;
}

/**
 * Arguments of `uv pip uninstall` from the environment `venv` (a directory): what a member's
 * `uv sync --inexact` keeps but nothing needs any more.
 */
export function pipUninstallArgs(venv: string, names: readonly string[]): string[] {
  return ["pip", "uninstall", "--python", venv, ...names];
}

/** Arguments of `uv --version`. */
export function versionArgs(): string[] {
  return ["--version"];
}
