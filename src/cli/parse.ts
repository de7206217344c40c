/** Pure argv parsing: argv + command specs -> the command and its raw values, or a usage error. */
import { HpmError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";
import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec, type ParsedInput } from "./spec.ts";

/** What argv asked for: a command to run, or help, or the version. */
export type Invocation =
  | { kind: "run"; input: ParsedInput }
  | { kind: "help"; topic: readonly string[]; json: boolean }
  | { kind: "version"; json: boolean };

function usageError(message: string, hint: string): HpmError {
  return new HpmError(message, { hint, code: "usage" });
}

/** Options an empty value would silently mean "not given" for (`--mode ""`: the default). */
const NEVER_EMPTY = new Set(["mode", "group", "option", "wait", "depth", "jobs"]);

/** Finds the command whose words are the longest prefix of the positional words. */
function matchCommand(words: string[], commands: readonly CommandSpec[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (n > words.length) continue;
    if (command.path.every((word, i) => words[i] === word)) {
      if (!best || n > best.path.length) best = command;
    }
  }
  return best;
}

/** Command words that exist at a level, for suggestions (`group` -> `add`, `remove`). */
export function childWords(prefix: readonly string[], commands: readonly CommandSpec[]): string[] {
  const words = new Set<string>();
  for (const command of commands) {
    if (command.path.length <= prefix.length) continue;
    if (prefix.every((word, i) => command.path[i] === word)) words.add(command.path[prefix.length]);
  }
  return [...words].sort();
}

function findOption(specs: readonly OptionSpec[], token: string): OptionSpec | undefined {
  if (token.startsWith("--")) return specs.find((s) => s.long === token.slice(2));
  return specs.find((s) => s.short === token.slice(1));
}

interface Scan {
  words: string[];
  raw: Array<{ spec: OptionSpec; value: string | true; token: string }>;
  unknown: string[];
  /** Everything after a `--` (options for uv, for the commands that pass them on). */
  rest?: string[];
  /** `-V` or `--version` as written, when given (hpm's own flag). */
  version?: string;
}

/** Splits argv into words and options known to `specs` (`--name=value`, `--name value`). */
function scan(argv: string[], specs: readonly OptionSpec[]): Scan {
  const result: Scan = { words: [], raw: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "-" || !token.startsWith("-")) {
      result.words.push(token);
      continue;
    }
    if (token === "--") {
      result.rest = argv.slice(i + 1);
      break;
    }
    if (token === "-V" || (token === "--version" && !findOption(specs, token))) {
      result.version = token;
      continue;
    }
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    const spec = findOption(specs, name);
    if (!spec) {
      result.unknown.push(name);
      continue;
    }
    if (spec.kind === "boolean") {
      if (eq > 0) throw usageError(`option '${name}' takes no value`, `write just '${name}'`);
      result.raw.push({ spec, value: true, token: name });
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = token.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined) {
      throw usageError(
        `option '${name}' needs a value`,
        `write '${name} ${spec.placeholder ?? "VALUE"}'`,
      );
    }
    result.raw.push({ spec, value, token: name });
  }
  return result;
}

/** Parses argv against the command table. Throws HpmError (exit 2) on bad usage. */
export function parseArgv(argv: string[], commands: readonly CommandSpec[]): Invocation {
  // Pass 1 finds the command: an option name takes a value if any command's option of that
  // name does. Pass 2 parses again with exactly the options the command owns.
  // `--version` is hpm's own flag except for commands with a `--version VALUE` option.
  const allSpecs = [...GLOBAL_OPTIONS, ...commands.flatMap((c) => c.options)]
    .filter((spec) => spec.long !== "version");
  const first = scan(argv, allSpecs);
  const json = first.raw.some((r) => r.spec.long === "json");
  const help = first.raw.some((r) => r.spec.long === "help");
  if (first.version && first.words.length === 0) return { kind: "version", json };
  if (first.words[0] === "help") return { kind: "help", topic: first.words.slice(1), json };
  const command = matchCommand(first.words, commands);
  if (!command) {
    if (first.unknown.length > 0) {
      const guess = didYouMean(first.unknown[0], GLOBAL_OPTIONS.map((s) => "--" + s.long));
      throw usageError(
        `unknown option '${first.unknown[0]}'`,
        guess ? `did you mean '${guess}'?` : "see 'hpm --help' for the commands and options",
      );
    }
    if (help || (first.words.length === 0 && !json)) {
      return { kind: "help", topic: first.words, json };
    }
    if (first.words.length === 0) throw usageError("no command given", "see 'hpm --help'");
    const subcommands = childWords(first.words, commands);
    if (subcommands.length > 0) {
      const where = `hpm ${first.words.join(" ")}`;
      throw usageError(
        `'${where}' needs a subcommand: ${subcommands.join(", ")}`,
        `see '${where} --help'`,
      );
    }
    throw unknownCommand(first.words, commands);
  }
  if (help) return { kind: "help", topic: command.path, json };

  const owned = [...GLOBAL_OPTIONS, ...command.options];
  const { words, raw, unknown, version, rest } = scan(argv, owned);
  const where = `'hpm ${command.path.join(" ")}'`;
  if (rest !== undefined && !command.passThrough) {
    throw usageError(
      `${where} takes nothing after '--'`,
      rest.length
        ? `'${rest[0]}' and what follows '--' are for uv: only check, sync and status pass them on`
        : "drop the '--'",
    );
  }
  if (version) {
    throw usageError(`unknown option '${version}' for ${where}`, "hpm's version: 'hpm --version'");
  }
  for (const name of unknown) {
    const guess = didYouMean(name, owned.map((s) => "--" + s.long));
    throw usageError(
      `unknown option '${name}' for ${where}`,
      guess ? `did you mean '${guess}'?` : `see ${where.slice(0, -1)} --help' for its options`,
    );
  }

  const options: ParsedInput["options"] = {};
  const globals = { registry: undefined as string | undefined, json, verbose: false, quiet: false };
  for (const { spec, value, token } of raw) {
    if (value === "" && (spec.long === "registry" || NEVER_EMPTY.has(spec.long))) {
      throw usageError(
        `option '${token}' needs a value, not an empty string`,
        `write '${token} ${spec.placeholder ?? "VALUE"}'`,
      );
    }
    if (spec.long === "registry") {
      if (globals.registry !== undefined) {
        throw usageError(`option '${token}' is given twice`, "pass it once (it takes one PATH)");
      }
      globals.registry = value as string;
    } else if (spec.long === "verbose") globals.verbose = true;
    else if (spec.long === "quiet") globals.quiet = true;
    else if (spec.long === "json" || spec.long === "help") continue;
    else if (spec.kind === "multiple") {
      const list = (options[spec.long] as string[] | undefined) ?? [];
      list.push(value as string);
      options[spec.long] = list;
    } else if (spec.kind !== "boolean" && options[spec.long] !== undefined) {
      throw usageError(
        `option '${token}' is given twice`,
        `pass it once (it takes one ${spec.placeholder ?? "value"})`,
      );
    } else if (spec.kind === "seconds" || spec.kind === "count") {
      options[spec.long] = numberValue(spec, value as string);
    } else options[spec.long] = value;
  }

  if (globals.quiet && globals.verbose) {
    throw usageError("--quiet and --verbose contradict each other", "pass one of them");
  }
  const positional = words.slice(command.path.length);
  const args: ParsedInput["args"] = {};
  command.args.forEach((spec, index) => {
    args[spec.name] = positional[index];
    if (spec.required && positional[index] === undefined) {
      throw usageError(`${where} needs ${spec.name.toUpperCase()}`, `usage: ${usageLine(command)}`);
    }
  });
  if (positional.length > command.args.length) {
    throw usageError(
      `unexpected argument '${positional[command.args.length]}' for ${where}`,
      `usage: ${usageLine(command)}`,
    );
  }
  return {
    kind: "run",
    input: { command, args, options, globals, ...(rest !== undefined && { passThrough: rest }) },
  };
}

/** The value of a `seconds` (>= 0) or `count` (whole, >= 1) option, or a usage error. */
function numberValue(spec: OptionSpec, raw: string): number {
  const n = Number(raw);
  const flag = `--${spec.long}`;
  if (spec.kind === "seconds") {
    if (raw.trim() !== "" && Number.isFinite(n) && n >= 0) return n;
    throw usageError(
      `${flag} must be a number of seconds, not '${raw}'`,
      `e.g. ${flag} 30, or ${flag} 0 to refuse at once when another hpm is busy`,
    );
  }
  if (Number.isInteger(n) && n >= 1) return n;
  throw usageError(`${flag} must be a positive whole number, not '${raw}'`, `e.g. ${flag} 2`);
}

function unknownCommand(words: string[], commands: readonly CommandSpec[]): HpmError {
  // The longest known prefix tells where the typo is: `group ad` -> level `group`.
  let depth = 0;
  while (
    depth < words.length && childWords(words.slice(0, depth), commands).includes(words[depth])
  ) {
    depth++;
  }
  const prefix = words.slice(0, depth);
  const bad = words[depth];
  const choices = childWords(prefix, commands);
  const guess = didYouMean(bad, choices);
  const where = prefix.length ? `'hpm ${prefix.join(" ")}'` : "hpm";
  return usageError(
    `unknown command '${bad}' for ${where}`,
    guess
      ? `did you mean '${[...prefix, guess].join(" ")}'?`
      : `commands: ${choices.join(", ")} (see 'hpm ${prefix.join(" ")} --help')`.replace(
        "hpm  --help",
        "hpm --help",
      ),
  );
}

/** `hpm group add GROUP [options]` */
export function usageLine(command: CommandSpec): string {
  const args = command.args.map((
    a,
  ) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`));
  const tail = command.passThrough ? ["[-- UV_OPTIONS...]"] : [];
  return ["hpm", ...command.path, ...args, "[options]", ...tail].join(" ");
}
