/** The shape of hpm's command line: commands, their arguments and options. Data only. */

/**
 * How an option takes its value: `boolean` flags take none; `string` ones take one; `multiple`
 * ones repeat; `seconds` takes a number >= 0 and `count` a whole number >= 1 (both checked by
 * the parser, so a command gets a number or a usage error was raised).
 */
export type OptionKind = "boolean" | "string" | "multiple" | "seconds" | "count";

/** One `--flag` a command accepts. */
export interface OptionSpec<L extends string = string, K extends OptionKind = OptionKind> {
  /** Long name without dashes, e.g. `option`. */
  long: L;
  /** One-letter alias without the dash, e.g. `o`. */
  short?: string;
  kind: K;
  /** Placeholder shown in help, e.g. `OPTION`. */
  placeholder?: string;
  description: string;
}

/** One positional argument. */
export interface ArgumentSpec<N extends string = string, R extends boolean = boolean> {
  name: N;
  required: R;
  description: string;
}

/** A command such as `group add`; `load` imports its implementation (src/commands/NAME.ts). */
export interface CommandSpec<
  O extends readonly OptionSpec[] = readonly OptionSpec[],
  A extends readonly ArgumentSpec[] = readonly ArgumentSpec[],
> {
  /** Words that select it, e.g. `["group", "add"]`. */
  path: readonly string[];
  summary: string;
  /** Longer help text (plain, wrapped by hand). */
  description?: string;
  args: A;
  options: O;
  examples?: readonly string[];
  /** What the command does with uv options given after `--` (help text); absent: refused. */
  passThrough?: string;
  load: () => Promise<CommandModule>;
}

/** The value an option of kind `K` has once parsed (undefined: not given). */
export type OptionValue<K extends OptionKind> = K extends "boolean" ? boolean
  : K extends "multiple" ? string[]
  : K extends "seconds" | "count" ? number
  : string;

/** A command's options, typed from its spec: long name -> value (undefined when not given). */
export type OptionsOf<O extends readonly OptionSpec[]> = {
  [S in O[number] as S["long"]]?: OptionValue<S["kind"]>;
};

/** A command's positional arguments, typed: required ones are strings. */
export type ArgsOf<A extends readonly ArgumentSpec[]> =
  & { [S in A[number] as S["required"] extends true ? S["name"] : never]: string }
  & { [S in A[number] as S["required"] extends true ? never : S["name"]]?: string };

/** What argv gave a command, typed by its spec (`Input<typeof SPECS.sync>`). */
export interface Input<C extends CommandSpec = CommandSpec> {
  command: C;
  args: C extends CommandSpec<infer _O, infer A> ? ArgsOf<A> : never;
  options: C extends CommandSpec<infer O> ? OptionsOf<O> : never;
  globals: GlobalOptions;
  /** What followed `--` on the command line (uv options), for commands with `passThrough`. */
  passThrough?: string[];
}

/** Values parsed from argv for any command (its options by long name). */
export interface ParsedInput {
  command: CommandSpec;
  /** Positional arguments by name. */
  args: Record<string, string | undefined>;
  /** Option values by long name. */
  options: Record<string, string | boolean | string[] | number | undefined>;
  globals: GlobalOptions;
  passThrough?: string[];
}

/** Options every command takes. */
export interface GlobalOptions {
  registry?: string;
  json: boolean;
  verbose: boolean;
  quiet: boolean;
}

/**
 * What a command gives back: its exit code (0 or 1; usage errors and failures are thrown as
 * HpmError) and `json`, exactly its `--json` document. Text output is `render(json)`.
 */
export interface Outcome<J extends JsonDoc = JsonDoc> {
  exitCode: number;
  json: J;
}

/** A command's `--json` document. */
export type JsonDoc = { ok: boolean };

import type { Line } from "../output.ts";
export type { Line } from "../output.ts";

/** How text output is asked for: `--quiet` leaves out what is not data. */
export interface RenderMode {
  quiet: boolean;
  verbose: boolean;
}

/** A command's implementation: `run` does the work, `render` says its outcome in text. */
export interface CommandModule {
  // deno-lint-ignore no-explicit-any
  run: (input: any) => Promise<Outcome>;
  // deno-lint-ignore no-explicit-any
  render: (json: any, mode: RenderMode) => Line[];
}

/**
 * A command spec with its options' and arguments' literal types kept, so the command's file
 * gets them typed through `Input<typeof SPECS.NAME>`.
 */
export function defineCommand<
  const O extends readonly OptionSpec[],
  const A extends readonly ArgumentSpec[],
>(spec: CommandSpec<O, A>): CommandSpec<O, A> {
  return spec;
}

/** An option spec with its literal name and kind kept (for typed options). */
export function option<const L extends string, const K extends OptionKind>(
  spec: OptionSpec<L, K>,
): OptionSpec<L, K> {
  return spec;
}

/** The options every command accepts, listed in every help text. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
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
