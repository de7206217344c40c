/** The command table: every command hpm has, its arguments, options and help. */
import { type CommandModule, type CommandSpec, defineCommand, type Input, option } from "./spec.ts";

/**
 * Loads src/commands/NAME.ts when the command runs. A template specifier on purpose (as in
 * main.ts): Deno does not follow it when it builds the module graph of hpm run from JSR, so a
 * command loads only its own modules; deno compile and deno bundle expand it to every file.
 */
function command(name: string): () => Promise<CommandModule> {
  return () => import(`../commands/${name}.ts`);
}

const modeOption = option({
  long: "mode",
  short: "m",
  kind: "string",
  placeholder: "MODE",
  description: "source mode for every package, prod for one without it (default: per-package " +
    "[tool.hpm.modes], then [tool.hpm] mode, then prod)",
});

/** `--strict-modes`, for every command that plans (see docs/formats.md "Modes"). */
const strictModesOption = option({
  long: "strict-modes",
  kind: "boolean",
  description:
    "a package without a source for its mode is an error, not installed from its prod source",
});

/** `--dry-run`, for the commands that write pyproject.toml. */
function dryRunOption(description: string) {
  return option({ long: "dry-run", short: "n", kind: "boolean", description });
}

/** `--wait SECONDS`, for every command that writes the project (see src/execute/lock.ts). */
const waitOption = option({
  long: "wait",
  kind: "seconds",
  placeholder: "SECONDS",
  description: "wait this long for another hpm changing the project (default 60; 0 refuses)",
});

/** `--wait SECONDS` for the commands that write the registry (see src/commands/registry_writes.ts). */
const registryWaitOption = option({
  ...waitOption,
  description: "wait this long for another hpm changing the registry (default 60; 0 refuses)",
});

/** uv's own options every command that runs uv on the project passes on (src/uv/pass_through.ts). */
const uvOptions = [
  { long: "offline", kind: "boolean", description: "uv: no network (passed to every uv run)" },
  {
    long: "no-dev",
    kind: "boolean",
    description: "uv: do not install the dev dependency group (passed to every uv sync)",
  },
] as const;

/** Upgrades, for the commands that lock (`sync`, and `check`, which answers for it). */
const upgradeOptions = [
  {
    long: "upgrade",
    short: "U",
    kind: "boolean",
    description: "uv: lock the newest versions the constraints allow, of every package",
  },
  {
    long: "upgrade-package",
    short: "P",
    kind: "multiple",
    placeholder: "NAME",
    description: "uv: the same for this package only, the other locked versions kept",
  },
] as const;

/** Help for what `check`, `sync` and `status` take after `--`. */
const passThroughHelp =
  "  Options of uv lock / uv sync, added to hpm's uv runs and shown in their '$ uv ...'\n" +
  "  lines: resolver, index, build, cache and Python options go to every run, upgrades to\n" +
  "  the locking one, extras and dependency groups (--extra, --all-extras, --group,\n" +
  "  --all-groups, --no-default-groups, ...) to the installing ones. [tool.hpm] sync-args\n" +
  '  gives options every run takes (e.g. sync-args = ["--all-extras"] keeps your extras\n' +
  "  installed). Refused (exit 2): --frozen, --locked, --check, --dry-run, --project,\n" +
  "  --directory, --package, --script, --active, --only-dev, --only-group, --output-format,\n" +
  "  -q, -v, --color, and anything uv lock and uv sync do not have (--no-sync).";

/** `-o/--option OPTION`, repeatable. */
function optionFlag(description: string) {
  return option({
    long: "option",
    short: "o",
    kind: "multiple",
    placeholder: "OPTION",
    description,
  });
}

/**
 * The command table: one entry per command, keyed by its file in src/commands/ (NAME.ts
 * exports `run` and `render`), in the order `hpm --help` lists them.
 */
export const SPECS = {
  init: defineCommand({
    path: ["init"],
    summary:
      "make a project hpm-ready: registry/groups, registry/packages (runs 'uv init' if needed)",
    description: "Creates the registry directories (or the path given by -r, recorded as\n" +
      "[tool.hpm] registry when it is not the default). Every other byte of an existing\n" +
      "pyproject.toml is kept; [build-system] is never touched. Running it twice changes nothing.\n" +
      "On a setuptools project that finds its packages by itself (flat layout: no packages,\n" +
      "py-modules or src/), where a registry/ folder would be taken for a package and break\n" +
      "the build, the registry is hpm-registry/ (recorded); a registry folder setuptools\n" +
      "would take is a warning with the fix.",
    args: [],
    options: [
      waitOption,
      dryRunOption("print what it would create and the pyproject.toml diff; write nothing"),
    ],
    examples: ["hpm init", "hpm init -r components"],
    load: command("init"),
  }),
  list: defineCommand({
    path: ["list"],
    summary: "list the registry's groups, their options and the project's selection",
    args: [],
    options: [],
    load: command("list"),
  }),
  show: defineCommand({
    path: ["show"],
    summary: "show a group's options with description, version and sources per mode",
    args: [{ name: "group", required: true, description: "group name" }],
    options: [],
    examples: ["hpm show inference"],
    load: command("show"),
  }),
  search: defineCommand({
    path: ["search"],
    summary: "search groups and packages by name and description (case-insensitive)",
    args: [{ name: "query", required: true, description: "text to look for" }],
    options: [],
    examples: ["hpm search qwen"],
    load: command("search"),
  }),
  group_add: defineCommand({
    path: ["group", "add"],
    summary: "select an option of a group in pyproject.toml ([tool.hpm.groups])",
    description:
      "A 1-of-N group holds one option (a new choice replaces the old one); an M-of-N\n" +
      "group holds a list (an option is added once, within the group's max). Without\n" +
      "--option: the group's default, else a choice in a terminal, else an error listing\n" +
      "the options. Nothing is installed until 'hpm sync'.",
    args: [{ name: "group", required: true, description: "group name" }],
    options: [
      waitOption,
      optionFlag("option to select"),
      dryRunOption("print the pyproject.toml diff; write nothing"),
    ],
    examples: [
      "hpm group add inference --option vlm-adapter-qwen",
      "hpm group add metrics -o metric-accuracy -o metric-latency",
    ],
    load: command("group_add"),
  }),
  group_remove: defineCommand({
    path: ["group", "remove"],
    summary: "remove an option, or a group's whole selection, from pyproject.toml",
    args: [{ name: "group", required: true, description: "group name" }],
    options: [
      waitOption,
      optionFlag("option to remove (default: the whole selection)"),
      dryRunOption("print the pyproject.toml diff; write nothing"),
    ],
    examples: ["hpm group remove metrics --option metric-latency", "hpm group remove inference"],
    load: command("group_remove"),
  }),
  check: defineCommand({
    path: ["check"],
    summary: "prove the selection resolves and uv can plan its install, changing nothing",
    description: "Static checks first (registry, selection, sources for the mode, local paths,\n" +
      "names), all problems at once; then the selection, materialized as 'hpm sync' would\n" +
      "write it, is resolved and install-checked by 'uv sync --dry-run' (which locks\n" +
      "first, from uv.lock): in the project itself when sync would change nothing, else in\n" +
      "a temporary mirror of the project (or its uv workspace) holding the new\n" +
      "pyproject.toml and a copy of uv.lock. pyproject.toml, uv.lock and .venv are not\n" +
      "touched.\n" +
      "Nothing is built: a local or git package that fails to build fails in 'hpm sync'.\n" +
      "--all resolves every allowed combination: one universal lock with every option as an\n" +
      "extra and each conflict found declared, repeated until it succeeds (or, with\n" +
      "--exhaustive, one lock per combination in parallel, pruned by known conflicts); it\n" +
      "reports the minimal conflicting sets and exits 1 if any combination fails.\n" +
      "A conflict names each side (option and group, or your own dependency) and the\n" +
      "range it needs, then the ways out that were locked and resolve (another option of a\n" +
      "1-of-N group, dropping an M-of-N option), or why each one tried does not.\n" +
      "(Not to be confused with 'uv check', which type-checks.)",
    args: [],
    options: [
      modeOption,
      strictModesOption,
      {
        long: "group",
        short: "g",
        kind: "string",
        placeholder: "GROUP",
        description: "check a change without recording it: this group...",
      },
      {
        long: "option",
        short: "o",
        kind: "multiple",
        placeholder: "OPTION",
        description: "...with this option selected (replacing a 1-of-N choice)",
      },
      {
        long: "all",
        kind: "boolean",
        description: "check every allowed combination of the groups the project selects",
      },
      {
        long: "depth",
        kind: "count",
        placeholder: "N",
        description: "with --all: M-of-N subsets up to N options (default 2, within min/max)",
      },
      {
        long: "jobs",
        short: "j",
        kind: "count",
        placeholder: "N",
        description: "with --all: uv runs at once (default: the number of cores)",
      },
      {
        long: "exhaustive",
        kind: "boolean",
        description: "with --all: lock every combination on its own instead of all at once",
      },
      ...upgradeOptions,
      ...uvOptions,
    ],
    passThrough: passThroughHelp,
    examples: [
      "hpm check",
      "hpm check --group inference --option vlm-adapter-deepseek",
      "hpm check --all",
    ],
    load: command("check"),
  }),
  sync: defineCommand({
    path: ["sync"],
    summary: "write the selection into dependencies and [tool.uv.sources], then uv lock + sync",
    description: "Only entries hpm owns change (listed in [tool.hpm] managed); dependencies you\n" +
      "added yourself are never touched. On any failure (uv error, Ctrl-C, SIGTERM, a\n" +
      "closed terminal) pyproject.toml and uv.lock are restored byte for byte. A managed\n" +
      "entry changed outside hpm (by hand, uv add, uv remove) stops sync (exit 1), showing\n" +
      "its text and hpm's, until the change is in the manifest or --reset-edits is given.\n" +
      "A project the original hpm synced is taken over in the same run: its dependencies\n" +
      "and sources of the selected groups' options (replaced ones removed) and the\n" +
      "[tool.uv.workspace] members its uv add wrote. In a uv workspace, local packages\n" +
      "that are members get { workspace = true }, and the shared .venv keeps what the\n" +
      "rest of the workspace installed (uv sync --inexact; options sync removes are\n" +
      "uninstalled unless something there needs them).",
    args: [],
    options: [
      waitOption,
      modeOption,
      strictModesOption,
      dryRunOption("print the pyproject.toml diff and the uv commands; write nothing"),
      {
        long: "reset-edits",
        kind: "boolean",
        description:
          "write the registry's version over managed entries changed outside hpm (by hand, uv add/remove)",
      },
      ...upgradeOptions,
      ...uvOptions,
    ],
    passThrough: passThroughHelp,
    examples: [
      "hpm sync",
      "hpm sync --mode dev",
      "hpm sync --dry-run",
      "hpm sync --upgrade-package httpx",
      "hpm sync -- --all-extras --group docs",
      "hpm sync --reset-edits",
    ],
    load: command("sync"),
  }),
  lock: defineCommand({
    path: ["lock"],
    summary: "write the selection into pyproject.toml and lock it (uv lock); install nothing",
    description: "'hpm sync' without the install: pyproject.toml and uv.lock as sync leaves\n" +
      "them, the environment untouched (for CI that commits uv.lock, or a prod lock made\n" +
      "on a laptop). The same transaction, hand-edit rule and --dry-run as sync.",
    args: [],
    options: [
      waitOption,
      modeOption,
      strictModesOption,
      dryRunOption("print the pyproject.toml diff and the uv command; write nothing"),
      ...upgradeOptions,
      ...uvOptions,
    ],
    passThrough: passThroughHelp,
    examples: ["hpm lock", "hpm lock --mode prod --dry-run", "hpm lock --upgrade-package httpx"],
    load: command("lock"),
  }),
  status: defineCommand({
    path: ["status"],
    summary:
      "per selected group: choice, mode, source, and whether it is written, locked, installed",
    args: [],
    options: [
      modeOption,
      strictModesOption,
      { long: "check", kind: "boolean", description: "exit 1 when anything has drifted" },
      ...uvOptions,
    ],
    passThrough: passThroughHelp,
    load: command("status"),
  }),
  mode_list: defineCommand({
    path: ["mode", "list"],
    summary: "each selected package's mode, and where it comes from (flag, package, project)",
    description: "A package's mode is --mode when given, else its [tool.hpm.modes] entry, else\n" +
      "[tool.hpm] mode, else prod. A package with no source for its mode uses its prod\n" +
      "source ('fallback'), unless --strict-modes or [tool.hpm] strict-modes = true.",
    args: [],
    options: [modeOption, strictModesOption],
    examples: ["hpm mode list", "hpm mode list --mode dev"],
    load: command("mode_list"),
  }),
  mode_set: defineCommand({
    path: ["mode", "set"],
    summary: "install one package from its MODE source ([tool.hpm.modes])",
    description:
      'Writes PACKAGE = "MODE" under [tool.hpm.modes], keeping the rest of pyproject.toml\n' +
      "byte for byte (an existing entry keeps its spelling). MODE must be one the package\n" +
      "has a source for, or it falls back to prod (refused under strict-modes). Nothing is\n" +
      "installed until 'hpm sync'; --mode on a command wins over the entry.",
    args: [
      { name: "package", required: true, description: "package name (as in the registry)" },
      { name: "mode", required: true, description: "mode, e.g. dev" },
    ],
    options: [waitOption, dryRunOption("print the pyproject.toml diff; write nothing")],
    examples: ["hpm mode set vlm-adapter-qwen dev"],
    load: command("mode_set"),
  }),
  mode_clear: defineCommand({
    path: ["mode", "clear"],
    summary: "remove a package's mode (or all: --all) from [tool.hpm.modes]",
    description:
      "The package then follows [tool.hpm] mode (default prod). Removing the last entry\n" +
      "removes the [tool.hpm.modes] header hpm wrote, giving back the original bytes.",
    args: [{ name: "package", required: false, description: "package name" }],
    options: [
      waitOption,
      { long: "all", kind: "boolean", description: "clear every entry" },
      dryRunOption("print the pyproject.toml diff; write nothing"),
    ],
    examples: ["hpm mode clear vlm-adapter-qwen", "hpm mode clear --all"],
    load: command("mode_clear"),
  }),
  registry_add: defineCommand({
    path: ["registry", "add"],
    summary: "add a package manifest (asks in a terminal; every answer has a flag)",
    description:
      "In a terminal it asks, in order: name, source type, what the type needs, version,\n" +
      "description, editable (local), extras and a marker (optional), mode, and a group to\n" +
      "offer it in; then shows the manifest and asks to confirm. Without a terminal (or\n" +
      "with --no-input) every missing answer is an error listing the flags to pass. Adding a\n" +
      "source for a new --mode to an existing package keeps its other sources.",
    args: [],
    options: [
      { long: "name", kind: "string", placeholder: "NAME", description: "distribution name" },
      {
        long: "type",
        kind: "string",
        placeholder: "TYPE",
        description: "source type: local, git, index or url",
      },
      {
        long: "path",
        kind: "string",
        placeholder: "PATH",
        description: "local: the package directory (relative to where you run hpm)",
      },
      { long: "url", kind: "string", placeholder: "URL", description: "git or url: the URL" },
      {
        long: "ref",
        kind: "string",
        placeholder: "REF",
        description: "git: a revision (as --rev)",
      },
      {
        long: "tag",
        kind: "string",
        placeholder: "TAG",
        description: "git: a tag (also written as 'ref', which the original hpm reads)",
      },
      {
        long: "branch",
        kind: "string",
        placeholder: "BRANCH",
        description: "git: a branch (and 'ref')",
      },
      { long: "rev", kind: "string", placeholder: "REV", description: "git: a commit (and 'ref')" },
      {
        long: "subdirectory",
        kind: "string",
        placeholder: "DIR",
        description: "git or url: the package's directory inside the repository or archive",
      },
      {
        long: "constraint",
        kind: "string",
        placeholder: "SPEC",
        description: "index: a version constraint such as '>=2.1,<3'",
      },
      {
        long: "index-url",
        kind: "string",
        placeholder: "URL",
        description: "index: the index URL",
      },
      {
        long: "version",
        kind: "string",
        placeholder: "VERSION",
        description:
          "the package version (local: read from its pyproject.toml; optional for index and git --tag)",
      },
      {
        long: "extra",
        kind: "multiple",
        placeholder: "EXTRA",
        description: "an extra to install with the package",
      },
      {
        long: "marker",
        kind: "string",
        placeholder: "MARKER",
        description: "a PEP 508 environment marker, e.g. \"sys_platform == 'win32'\"",
      },
      { long: "description", kind: "string", placeholder: "TEXT", description: "one line" },
      { long: "editable", kind: "boolean", description: "local: install editable" },
      { long: "no-editable", kind: "boolean", description: "local: install non-editable" },
      {
        long: "mode",
        short: "m",
        kind: "string",
        placeholder: "MODE",
        description: "the mode this source is for (default: prod)",
      },
      {
        long: "group",
        short: "g",
        kind: "string",
        placeholder: "GROUP",
        description:
          "offer the package as an option of this group (created if new: see --strategy)",
      },
      {
        long: "strategy",
        kind: "string",
        placeholder: "STRATEGY",
        description: "1-of-N or M-of-N: the strategy of a new --group",
      },
      {
        long: "force",
        short: "f",
        kind: "boolean",
        description: "replace the existing source of this mode (or an unreadable manifest)",
      },
      { long: "no-input", kind: "boolean", description: "never ask; fail on anything missing" },
      { long: "yes", short: "y", kind: "boolean", description: "write without asking to confirm" },
      dryRunOption("print the files' diff after the answers; write nothing"),
      registryWaitOption,
    ],
    examples: [
      "hpm registry add",
      "hpm registry add --name vlm-adapter-qwen --type local --path packages/vlm_adapter --editable",
      "hpm registry add --name vlm-adapter-llava --type git --url https://example.com/llava.git --tag v0.2.0 --version 0.2.0",
    ],
    load: command("registry_add"),
  }),
  registry_add_group: defineCommand({
    path: ["registry", "add-group"],
    summary: "add a group of options (asks in a terminal; every answer has a flag)",
    args: [{ name: "name", required: false, description: "group name" }],
    options: [
      {
        long: "strategy",
        kind: "string",
        placeholder: "STRATEGY",
        description: "1-of-N (exactly one) or M-of-N (several)",
      },
      {
        long: "option",
        short: "o",
        kind: "multiple",
        placeholder: "OPTION",
        description: "a package the group offers",
      },
      {
        long: "default",
        kind: "multiple",
        placeholder: "OPTION",
        description:
          "the default option (repeat for several in an M-of-N group); written as a list",
      },
      { long: "description", kind: "string", placeholder: "TEXT", description: "one line" },
      { long: "min", kind: "string", placeholder: "N", description: "M-of-N: at least N options" },
      { long: "max", kind: "string", placeholder: "N", description: "M-of-N: at most N options" },
      { long: "force", short: "f", kind: "boolean", description: "overwrite an existing group" },
      { long: "no-input", kind: "boolean", description: "never ask; fail on anything missing" },
      { long: "yes", short: "y", kind: "boolean", description: "write without asking to confirm" },
      dryRunOption("print the files' diff after the answers; write nothing"),
      registryWaitOption,
    ],
    examples: [
      "hpm registry add-group inference --strategy 1-of-N -o vlm-adapter-qwen -o vlm-adapter-deepseek --default vlm-adapter-qwen",
    ],
    load: command("registry_add_group"),
  }),
  registry_remove: defineCommand({
    path: ["registry", "remove"],
    summary:
      "remove a package manifest (refused while a group offers it or the project selects it)",
    args: [{ name: "name", required: true, description: "package name" }],
    options: [
      { long: "force", short: "f", kind: "boolean", description: "remove it anyway" },
      dryRunOption("print the manifest's removal as a diff; write nothing"),
      registryWaitOption,
    ],
    load: command("registry_remove"),
  }),
  registry_offer: defineCommand({
    path: ["registry", "offer"],
    summary: "offer an existing package as an option of an existing group",
    description:
      "Appends PACKAGE to the group's options, keeping the group file's comments, order\n" +
      "and formatting. Refused when the group already offers it. Nothing is selected:\n" +
      "'hpm group add GROUP --option PACKAGE' does that.",
    args: [
      { name: "group", required: true, description: "group name" },
      { name: "package", required: true, description: "package name (a manifest of the registry)" },
    ],
    options: [
      {
        long: "description",
        kind: "string",
        placeholder: "TEXT",
        description: "the option's description in the group (one line)",
      },
      dryRunOption("print the group file's diff; write nothing"),
      registryWaitOption,
    ],
    examples: ["hpm registry offer inference vlm-adapter-llava"],
    load: command("registry_offer"),
  }),
  registry_withdraw: defineCommand({
    path: ["registry", "withdraw"],
    summary: "remove an option from a group (the package's manifest stays)",
    description:
      "Removes OPTION from the group's options, keeping the rest of the group file (its\n" +
      "comments, order and formatting). Refused while it is the group's default, the\n" +
      "project selects it, the group would fall below its min or have no option left, or\n" +
      "another option's implies or conflicts names it; each error says what to do first.",
    args: [
      { name: "group", required: true, description: "group name" },
      { name: "option", required: true, description: "the option to withdraw" },
    ],
    options: [dryRunOption("print the group file's diff; write nothing"), registryWaitOption],
    examples: ["hpm registry withdraw inference vlm-adapter-deepseek"],
    load: command("registry_withdraw"),
  }),
  registry_list: defineCommand({
    path: ["registry", "list"],
    summary: "list the registry's packages",
    args: [],
    options: [],
    load: command("registry_list"),
  }),
  registry_validate: defineCommand({
    path: ["registry", "validate"],
    summary: "check every group and package manifest; exit 2 listing every problem",
    description:
      "Errors make a file unusable: a command that needs its group or package fails, the\n" +
      "others warn and go on. Keys hpm reads past (unknown keys, the original hpm's\n" +
      "'install_args', 'type', 'dependencies', 'entrypoints', 'comment', and its\n" +
      "!!python/object form) are warnings, errors with --strict. What the original hpm\n" +
      "would read differently (no 'version', no 'prod' source, index/url sources, extras,\n" +
      "implies, ...) is listed as warnings too.",
    args: [],
    options: [
      {
        long: "strict",
        kind: "boolean",
        description: "keys hpm ignores (unknown, the original hpm's, !!python/object) are errors",
      },
      {
        long: "fix",
        kind: "boolean",
        description: "first rewrite the original hpm's !!python/object manifests as plain YAML",
      },
      registryWaitOption,
    ],
    examples: [
      "hpm registry validate --strict   # in CI: a typo in a key fails the build",
      "hpm registry validate --fix      # the original hpm's registry add files, as plain YAML",
    ],
    load: command("registry_validate"),
  }),
  completions: defineCommand({
    path: ["completions"],
    summary: "print a shell completion script (bash, zsh or fish)",
    description: "Commands, subcommands and options complete from the script itself (generated\n" +
      "from this command table); group, option, package and mode names are read from the\n" +
      "current project's registry when TAB is pressed (the script runs hpm for them, and\n" +
      "passes on a -r/--registry given on the line).",
    args: [{ name: "shell", required: true, description: "bash, zsh or fish" }],
    options: [],
    examples: [
      "hpm completions bash > ~/.local/share/bash-completion/completions/hpm",
      "hpm completions zsh > ~/.zfunc/_hpm   # with fpath=(~/.zfunc $fpath) before compinit",
      "hpm completions fish > ~/.config/fish/completions/hpm.fish",
    ],
    load: command("completions"),
  }),
} as const;

/** All commands, in the order `hpm --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = Object.values(SPECS);

/** The typed input of the command in src/commands/NAME.ts. */
export type InputOf<N extends keyof typeof SPECS> = Input<(typeof SPECS)[N]>;
