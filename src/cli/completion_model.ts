/**
 * What shell completion knows, derived from the command table: the command words at each level,
 * every command's options (and what their values are), and what its positional arguments are.
 * Pure data; `completion_bash.ts`, `completion_zsh.ts` and `completion_fish.ts` render it.
 */
import type { CommandSpec, OptionSpec } from "./spec.ts";
import { GLOBAL_OPTIONS } from "./spec.ts";

/** The shells `hpm completions` writes scripts for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
/** One of {@link SHELLS}. */
export type Shell = typeof SHELLS[number];

/**
 * What a value completes to. `group`, `option`, `package` and `mode` are read from the
 * current project's registry when TAB is pressed (`hpm completions __values`); `option` means
 * the options of the group named on the line (all options when none is).
 */
export type ValueKind =
  | { kind: "none" }
  | { kind: "group" | "option" | "package" | "mode" }
  | { kind: "directory" }
  | { kind: "enum"; values: string[] };

/** The pseudo-shell argument that makes `hpm completions` print registry names instead. */
export const VALUES_QUERY = "__values";

/** One option as completion sees it. */
export interface CompletionOption {
  /** `--long` and, when it has one, `-s`. */
  names: string[];
  /** null for a flag that takes no value. */
  value: ValueKind | null;
  description: string;
}

/** One command word offered at a level (`add` under `group`). */
export interface CompletionWord {
  word: string;
  description: string;
}

/** One node of the command tree: a prefix of command words. */
export interface CompletionNode {
  /** The words so far, e.g. `["group"]`; `[]` is hpm itself. */
  path: string[];
  /** Words that may follow (subcommands). */
  words: CompletionWord[];
  /** Options accepted here, global ones included. */
  options: CompletionOption[];
  /** What each positional argument completes to, in order. */
  args: ValueKind[];
}

const NONE: ValueKind = { kind: "none" };
const GROUP: ValueKind = { kind: "group" };
const OPTION: ValueKind = { kind: "option" };
const PACKAGE: ValueKind = { kind: "package" };
const MODE: ValueKind = { kind: "mode" };
const DIRECTORY: ValueKind = { kind: "directory" };

/** Values by placeholder, for options whose placeholder says it all. */
const BY_PLACEHOLDER: Record<string, ValueKind> = {
  GROUP,
  OPTION,
  MODE,
};

/**
 * Where the placeholder is not enough, keyed `"<command words> --<long>"` or
 * `"<command words> <ARG>"` (the table is checked against these keys in the unit tests).
 */
export const VALUE_OVERRIDES: Record<string, ValueKind> = {
  "registry add --type": { kind: "enum", values: ["local", "git", "index", "url"] },
  "registry add --path": DIRECTORY,
  "registry add-group --strategy": { kind: "enum", values: ["1-of-N", "M-of-N"] },
  // A new group's options and default are package names, not options of an existing group.
  "registry add-group --option": PACKAGE,
  "registry add-group --default": PACKAGE,
  "registry remove NAME": PACKAGE,
  "registry offer PACKAGE": PACKAGE,
  "registry withdraw OPTION": OPTION,
  "mode set PACKAGE": PACKAGE,
  "mode set MODE": MODE,
  "mode clear PACKAGE": PACKAGE,
  "completions SHELL": { kind: "enum", values: [...SHELLS] },
};

function optionValue(path: readonly string[], option: OptionSpec): ValueKind | null {
  if (option.kind === "boolean") return null;
  if (path.length === 0 && option.long === "registry") return DIRECTORY;
  const override = VALUE_OVERRIDES[`${path.join(" ")} --${option.long}`];
  if (override) return override;
  return BY_PLACEHOLDER[option.placeholder ?? ""] ?? NONE;
}

function argValue(path: readonly string[], name: string): ValueKind {
  const override = VALUE_OVERRIDES[`${path.join(" ")} ${name.toUpperCase()}`];
  if (override) return override;
  return name === "group" ? GROUP : NONE;
}

function toOption(path: readonly string[], option: OptionSpec): CompletionOption {
  return {
    names: [`--${option.long}`, ...(option.short ? [`-${option.short}`] : [])],
    value: optionValue(path, option),
    description: option.description,
  };
}

const VERSION_OPTION: CompletionOption = {
  names: ["--version", "-V"],
  value: null,
  description: "print hpm's version",
};

/** Global options: the same everywhere (`--registry` completes directories). */
function globalOptions(): CompletionOption[] {
  return GLOBAL_OPTIONS.map((option) => toOption([], option));
}

/** The command tree: one node per prefix of command words, hpm itself first. */
export function completionModel(commands: readonly CommandSpec[]): CompletionNode[] {
  const globals = globalOptions();
  const nodes = new Map<string, CompletionNode>();
  const node = (path: readonly string[]): CompletionNode => {
    const key = path.join(" ");
    let found = nodes.get(key);
    if (!found) {
      found = { path: [...path], words: [], options: [...globals], args: [] };
      nodes.set(key, found);
    }
    return found;
  };
  node([]).options.push(VERSION_OPTION);
  for (const command of commands) {
    for (let depth = 0; depth < command.path.length; depth++) {
      const parent = node(command.path.slice(0, depth));
      const word = command.path[depth];
      if (!parent.words.some((w) => w.word === word)) {
        const isLeaf = depth === command.path.length - 1;
        parent.words.push({
          word,
          description: isLeaf ? command.summary : `${word} commands`,
        });
      }
    }
    const leaf = node(command.path);
    const own = command.options.map((option) => toOption(command.path, option));
    // A command's own option wins over a global one of the same name.
    const ownNames = new Set(own.flatMap((o) => o.names));
    leaf.options = [...own, ...leaf.options.filter((o) => !o.names.some((n) => ownNames.has(n)))];
    leaf.args = command.args.map((arg) => argValue(command.path, arg.name));
  }
  return [...nodes.values()];
}

/** Single-quotes `text` for a POSIX shell (bash, zsh). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** One line of a description, without characters that break the scripts' data. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
