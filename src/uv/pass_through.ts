/**
 * Pure: the uv arguments a user passes through hpm (after `--`, in `[tool.hpm] sync-args`, or
 * through hpm's own `--offline`, `--no-dev`, `--upgrade`, `--upgrade-package`), checked and
 * routed to the uv runs that take them.
 *
 * The policy is an allow list. Every option of `uv lock` and `uv sync` (uv 0.13) is known here:
 * resolver, index, build, cache and interpreter options go to every uv run (`uv lock`, and the
 * `uv sync` after it, whose `--locked` compares the lock with the same settings); `--upgrade`
 * and its kin go to the locking run only; what selects the install (extras, dependency groups,
 * editables, reinstalls) goes to the `uv sync` runs only. Options that would break hpm's own
 * steps (they freeze or only check the lock, run elsewhere, or change the output hpm reads) are
 * refused with the reason and the way out, and so is anything uv lock and uv sync do not have.
 */

/** Which uv runs an option goes to. */
export type Destination = "all" | "lock" | "sync";

interface Known {
  to: Destination;
  /** The option takes a value (`--extra NAME`, `--extra=NAME`). */
  value?: boolean;
  /** Its value is a path (made absolute, since hpm runs uv elsewhere than where it was given). */
  path?: boolean;
}

const ALL_VALUE = [
  "--index",
  "--default-index",
  "--index-url",
  "--extra-index-url",
  "--index-strategy",
  "--keyring-provider",
  "--resolution",
  "--prerelease",
  "--prerelease-package",
  "--fork-strategy",
  "--exclude-newer",
  "--exclude-newer-package",
  "--no-sources-package",
  "--config-setting",
  "--config-settings-package",
  "--no-build-isolation-package",
  "--no-build-package",
  "--no-binary-package",
  "--link-mode",
  "--refresh-package",
  "--allow-insecure-host",
];
const ALL_FLAGS = [
  "--no-index",
  "--no-sources",
  "--no-build-isolation",
  "--no-build",
  "--no-binary",
  "--require-build-hashes",
  "--no-require-build-hashes",
  "--no-cache",
  "--refresh",
  "--managed-python",
  "--no-managed-python",
  "--no-python-downloads",
  "--system-certs",
  "--offline",
  "--no-progress",
  "--no-config",
];
const SYNC_VALUE = [
  "--extra",
  "--no-extra",
  "--group",
  "--no-group",
  "--no-editable-package",
  "--no-install-package",
  "--reinstall-package",
  "--python-platform",
];
const SYNC_FLAGS = [
  "--all-extras",
  "--no-dev",
  "--no-default-groups",
  "--all-groups",
  "--no-editable",
  "--inexact",
  "--no-install-project",
  "--no-install-workspace",
  "--no-install-local",
  "--reinstall",
  "--compile-bytecode",
  "--all-packages",
];

const KNOWN = new Map<string, Known>([
  ...ALL_VALUE.map((n): [string, Known] => [n, { to: "all", value: true }]),
  ...ALL_FLAGS.map((n): [string, Known] => [n, { to: "all" }]),
  ...SYNC_VALUE.map((n): [string, Known] => [n, { to: "sync", value: true }]),
  ...SYNC_FLAGS.map((n): [string, Known] => [n, { to: "sync" }]),
  ["--find-links", { to: "all", value: true, path: true }],
  ["--cache-dir", { to: "all", value: true, path: true }],
  ["--config-file", { to: "all", value: true, path: true }],
  ["--python", { to: "all", value: true, path: true }],
  ["--upgrade", { to: "lock" }],
  ["--upgrade-package", { to: "lock", value: true }],
  ["--upgrade-group", { to: "lock", value: true }],
]);

/** uv's short options, by the long option they stand for. */
const SHORT: Record<string, string> = {
  "-i": "--index-url",
  "-f": "--find-links",
  "-U": "--upgrade",
  "-P": "--upgrade-package",
  "-C": "--config-setting",
  "-n": "--no-cache",
  "-p": "--python",
};

const STEPS = "hpm runs 'uv lock', then 'uv sync --locked' (check: 'uv sync --dry-run')";

/** Options of uv lock/sync hpm refuses, with the reason (the message) and the way out. */
const REFUSED: Record<string, { why: string; hint: string }> = {
  "--frozen": {
    why: `it would install uv.lock without updating it; ${STEPS}`,
    hint: "'hpm sync' must lock what it writes; use 'uv sync --frozen' yourself to skip locking",
  },
  "--locked": {
    why: `hpm passes it itself where it applies; ${STEPS}`,
    hint: "to fail when uv.lock would change, set UV_LOCKED=1 for 'hpm sync'",
  },
  "--check": {
    why: "it only checks; hpm's steps write",
    hint: "'hpm status --check' asks uv whether uv.lock and the environment are up to date",
  },
  "--check-exists": {
    why: "it only checks; hpm's steps write",
    hint: "'hpm status --check' asks uv whether uv.lock and the environment are up to date",
  },
  "--dry-run": {
    why: "hpm has its own",
    hint: "'hpm sync --dry-run' shows the diff and the uv commands; 'hpm check' is uv's dry run",
  },
  "--project": {
    why: "hpm runs uv in the project it found (the nearest pyproject.toml, as uv does)",
    hint: "run hpm in that project's directory",
  },
  "--directory": {
    why: "hpm runs uv in the project it found (the nearest pyproject.toml, as uv does)",
    hint: "run hpm in that directory",
  },
  "--package": {
    why: "hpm installs the project it found, not another member of its workspace",
    hint: "run hpm in that member's directory",
  },
  "--script": {
    why: "hpm works on a project, not on a script",
    hint: "use 'uv lock --script' / 'uv sync --script' yourself",
  },
  "--active": {
    why: "status and check read the project's environment",
    hint: "set UV_PROJECT_ENVIRONMENT to install elsewhere (hpm honours it everywhere)",
  },
  "--only-dev": {
    why: "it leaves out the project's dependencies, where hpm's packages are",
    hint: "use --no-dev or --group NAME instead",
  },
  "--only-group": {
    why: "it leaves out the project's dependencies, where hpm's packages are",
    hint: "use --group NAME instead",
  },
  "--output-format": {
    why: "hpm reads uv's text output",
    hint: "use hpm's own --json",
  },
  "--quiet": { why: "hpm reads uv's output", hint: "use hpm's own -q/--quiet" },
  "--verbose": { why: "hpm reads uv's output", hint: "use hpm's own -v/--verbose" },
  "--color": { why: "hpm reads uv's output", hint: "hpm colours on a terminal unless NO_COLOR" },
  "--help": { why: "hpm runs uv, it does not show uv's help", hint: "run 'uv sync --help'" },
  "--no-sync": {
    why: "uv lock and uv sync have no such option",
    hint: "set UV_NO_SYNC=1 for 'hpm sync' to lock without installing, as 'uv add' does",
  },
};
const SHORT_REFUSED: Record<string, string> = {
  "-q": "--quiet",
  "-v": "--verbose",
  "-h": "--help",
};

/** One option as given, routed. */
export interface PassedOption {
  /** The tokens to add to uv's argv (`["--extra", "gpu"]`). */
  tokens: string[];
  to: Destination;
}

/** A refused or malformed token, in words (the caller locates it or makes it a usage error). */
export interface PassProblem {
  token: string;
  message: string;
  hint: string;
}

/** The routed options, in the order given. */
export interface UvPassThrough {
  options: PassedOption[];
  problems: PassProblem[];
}

/** Makes a path value absolute against `base` (URLs and bare names like `3.12` stay). */
export type ResolvePath = (flag: string, value: string) => string;

/**
 * Checks and routes `tokens` (uv options as written after `--`). `resolvePath` turns a path
 * value into the one uv should get (relative to where the user gave it).
 */
export function routeUvOptions(
  tokens: readonly string[],
  resolvePath: ResolvePath = (_flag, value) => value,
): UvPassThrough {
  const options: PassedOption[] = [];
  const problems: PassProblem[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const written = eq > 0 ? token.slice(0, eq) : token;
    let name = SHORT[written] ?? SHORT_REFUSED[written] ?? written;
    let inline = eq > 0 ? token.slice(eq + 1) : undefined;
    // `-Pname`: a short option with its value attached.
    if (!written.startsWith("--") && written.length > 2 && SHORT[written.slice(0, 2)]) {
      name = SHORT[written.slice(0, 2)];
      inline = written.slice(2);
    }
    if (!token.startsWith("-") || token === "-" || token === "--") {
      problems.push({
        token,
        message: `'${token}' is not a uv option (hpm passes only options to uv lock and uv sync)`,
        hint: "write uv's options after '--', e.g. 'hpm sync -- --all-extras'",
      });
      continue;
    }
    const refused = REFUSED[name];
    if (refused) {
      problems.push({
        token: written,
        message: `hpm does not pass '${written}' to uv: ${refused.why}`,
        hint: refused.hint,
      });
      if (KNOWN_VALUE_REFUSED.has(name) && inline === undefined) i++;
      continue;
    }
    const known = KNOWN.get(name);
    if (!known) {
      problems.push({
        token: written,
        message: `'${written}' is not an option of uv lock or uv sync`,
        hint: suggestion(name) ?? "see 'uv sync --help' for the options hpm can pass",
      });
      continue;
    }
    if (!known.value) {
      if (inline !== undefined) {
        problems.push({ token, message: `'${written}' takes no value`, hint: `write '${name}'` });
        continue;
      }
      options.push({ tokens: [name], to: known.to });
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        problems.push({
          token: written,
          message: `'${written}' needs a value`,
          hint: `write '${name} VALUE' or '${name}=VALUE'`,
        });
        continue;
      }
      value = next;
      i++;
    }
    if (value === "") {
      problems.push({
        token: written,
        message: `'${written}' needs a value`,
        hint: `write '${name}=VALUE'`,
      });
      continue;
    }
    options.push({
      tokens: [name, known.path ? resolvePath(name, value) : value],
      to: known.to,
    });
  }
  return { options, problems };
}

/** Refused options that take a value (their value is skipped with them). */
const KNOWN_VALUE_REFUSED = new Set([
  "--project",
  "--directory",
  "--package",
  "--script",
  "--only-group",
  "--output-format",
  "--color",
]);

function suggestion(name: string): string | undefined {
  if (!name.startsWith("--")) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of [...KNOWN.keys(), ...Object.keys(REFUSED)]) {
    const d = distance(name, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best ? `did you mean '${best}'?` : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/**
 * The options for one kind of uv run, each flag once (uv refuses a repeated flag), leaving out
 * flags hpm's own `base` arguments already hold.
 */
function pick(
  options: readonly PassedOption[],
  wanted: (to: Destination) => boolean,
  base: readonly string[],
): string[] {
  const seen = new Set<string>(base);
  const args: string[] = [];
  for (const option of options) {
    if (!wanted(option.to)) continue;
    const key = option.tokens.join("\0");
    if (option.tokens.length === 1 && seen.has(key)) continue;
    seen.add(key);
    args.push(...option.tokens);
  }
  return args;
}

/** What to append to `uv lock` (and to the `uv lock` runs of check --all and suggestions). */
export function lockExtras(
  options: readonly PassedOption[],
  base: readonly string[] = [],
): string[] {
  return pick(options, (to) => to !== "sync", base);
}

/** What to append to `uv sync --locked` (install) and `uv sync --locked --check` (status). */
export function syncExtras(
  options: readonly PassedOption[],
  base: readonly string[] = [],
): string[] {
  return pick(options, (to) => to !== "lock", base);
}

/** What to append to check's `uv sync --dry-run`, which locks and plans the install at once. */
export function dryRunExtras(
  options: readonly PassedOption[],
  base: readonly string[] = [],
): string[] {
  return pick(options, () => true, base);
}
