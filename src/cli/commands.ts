/** The command table: every command hpm has, its arguments, options and help. */
import type { CommandSpec, OptionSpec } from "./spec.ts";

const modeOption: OptionSpec = {
  long: "mode",
  short: "m",
  kind: "string",
  placeholder: "MODE",
  description:
    "source mode for every package (default: per-package [tool.hpm.modes], then [tool.hpm] mode, then prod)",
};

/** All commands, in the order `hpm --help` lists them. */
export const COMMANDS: CommandSpec[] = [
  {
    path: ["list"],
    summary: "list the registry's groups, their options and the project's selection",
    args: [],
    options: [],
    load: () => import("../commands/list.ts"),
  },
  {
    path: ["show"],
    summary: "show a group's options with description, version and sources per mode",
    args: [{ name: "group", required: true, description: "group name" }],
    options: [],
    examples: ["hpm show inference"],
    load: () => import("../commands/show.ts"),
  },
  {
    path: ["search"],
    summary: "search groups and packages by name and description (case-insensitive)",
    args: [{ name: "query", required: true, description: "text to look for" }],
    options: [],
    examples: ["hpm search qwen"],
    load: () => import("../commands/search.ts"),
  },
  {
    path: ["group", "add"],
    summary: "select an option of a group in pyproject.toml ([tool.hpm.groups])",
    description: "A 1-of-N group holds one option (a new choice replaces the old one); an M-of-N\n" +
      "group holds a list (an option is added once, within the group's max). Without\n" +
      "--option: the group's default, else a choice in a terminal, else an error listing\n" +
      "the options. Nothing is installed until 'hpm sync'.",
    args: [{ name: "group", required: true, description: "group name" }],
    options: [{
      long: "option",
      short: "o",
      kind: "multiple",
      placeholder: "OPTION",
      description: "option to select",
    }],
    examples: [
      "hpm group add inference --option vlm-adapter-qwen",
      "hpm group add metrics -o metric-accuracy -o metric-latency",
    ],
    load: () => import("../commands/group_add.ts"),
  },
  {
    path: ["group", "remove"],
    summary: "remove an option, or a group's whole selection, from pyproject.toml",
    args: [{ name: "group", required: true, description: "group name" }],
    options: [{
      long: "option",
      short: "o",
      kind: "multiple",
      placeholder: "OPTION",
      description: "option to remove (default: the whole selection)",
    }],
    examples: ["hpm group remove metrics --option metric-latency", "hpm group remove inference"],
    load: () => import("../commands/group_remove.ts"),
  },
  {
    path: ["check"],
    summary: "prove the selection resolves and installs, changing nothing in the project",
    description: "Static checks first (registry, selection, sources for the mode, local paths,\n" +
      "names), all problems at once; then the selection, materialized as 'hpm sync' would\n" +
      "write it, is locked with 'uv lock' and install-checked with 'uv sync --dry-run' in\n" +
      "a temporary directory. pyproject.toml, uv.lock and .venv are not touched.\n" +
      "(Not to be confused with 'uv check', which type-checks.)",
    args: [],
    options: [
      modeOption,
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
    ],
    examples: ["hpm check", "hpm check --group inference --option vlm-adapter-deepseek"],
    load: () => import("../commands/check.ts"),
  },
  {
    path: ["sync"],
    summary: "write the selection into dependencies and [tool.uv.sources], then uv lock + sync",
    description: "Only entries hpm owns change (listed in [tool.hpm] managed); dependencies you\n" +
      "added yourself are never touched. On any failure (uv error, Ctrl-C, SIGTERM)\n" +
      "pyproject.toml and uv.lock are restored byte for byte.",
    args: [],
    options: [
      modeOption,
      {
        long: "dry-run",
        short: "n",
        kind: "boolean",
        description: "print the pyproject.toml diff and the uv commands; write nothing",
      },
    ],
    examples: ["hpm sync", "hpm sync --mode dev", "hpm sync --dry-run"],
    load: () => import("../commands/sync.ts"),
  },
  {
    path: ["status"],
    summary: "per selected group: choice, mode, source, and whether it is written, locked, installed",
    args: [],
    options: [
      modeOption,
      { long: "check", kind: "boolean", description: "exit 1 when anything has drifted" },
    ],
    load: () => import("../commands/status.ts"),
  },
  {
    path: ["registry", "list"],
    summary: "list the registry's packages",
    args: [],
    options: [],
    load: () => import("../commands/registry_list.ts"),
  },
  {
    path: ["registry", "validate"],
    summary: "check every group and package manifest; exit 2 listing every problem",
    args: [],
    options: [],
    load: () => import("../commands/registry_validate.ts"),
  },
];
