/** The shape of hpm's command line: commands, their arguments and options. Data only. */

/** One `--flag` a command accepts. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `option`. */
  long: string;
  /** One-letter alias without the dash, e.g. `o`. */
  short?: string;
  /** `boolean` flags take no value; `string` ones take one; `multiple` ones repeat. */
  kind: "boolean" | "string" | "multiple";
  /** Placeholder shown in help, e.g. `OPTION`. */
  placeholder?: string;
  description: string;
}

/** One positional argument. */
export interface ArgumentSpec {
  name: string;
  required: boolean;
  description: string;
}

/** A command such as `group add`; `load` imports its implementation lazily. */
export interface CommandSpec {
  /** Words that select it, e.g. `["group", "add"]`. */
  path: string[];
  summary: string;
  /** Longer help text (plain, wrapped by hand). */
  description?: string;
  args: ArgumentSpec[];
  options: OptionSpec[];
  examples?: string[];
  /** What the command does with uv options given after `--` (help text); absent: refused. */
  passThrough?: string;
  load: () => Promise<{ run: CommandRun }>;
}

/** Values parsed from argv, before a command narrows them to its own typed options. */
export interface ParsedInput {
  command: CommandSpec;
  /** Positional arguments by name. */
  args: Record<string, string | undefined>;
  /** Option values by long name. */
  options: Record<string, string | boolean | string[] | undefined>;
  globals: GlobalOptions;
  /** What followed `--` on the command line (uv options), for commands with `passThrough`. */
  passThrough?: string[];
}

/** Options every command takes. */
export interface GlobalOptions {
  registry?: string;
  json: boolean;
  verbose: boolean;
  quiet: boolean;
}

/** What a command's `run` returns: its exit code (0 or 1; usage errors are thrown). */
export type CommandRun = (input: ParsedInput) => Promise<number>;

/** The options every command accepts, listed in every help text. */
export const GLOBAL_OPTIONS: OptionSpec[] = [
  {
    long: "registry",
    short: "r",
    kind: "string",
    placeholder: "PATH",
    description:
      "registry directory (default: [tool.hpm] registry in pyproject.toml, else <project>/registry)",
  },
  {
    long: "json",
    kind: "boolean",
    description: "print one JSON document on stdout (results and errors)",
  },
  { long: "verbose", short: "v", kind: "boolean", description: "show uv's output and internals" },
  { long: "quiet", short: "q", kind: "boolean", description: "print only data and errors" },
  { long: "help", short: "h", kind: "boolean", description: "show help" },
];
