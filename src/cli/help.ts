/** Help texts, rendered from the command table so they cannot drift from what is parsed. */
import { HpmError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";
import { childWords, usageLine } from "./parse.ts";
import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec } from "./spec.ts";

const ROOT_SUMMARY =
  "hpm: choose interchangeable components of a Python project by group and option, and\n" +
  "materialize the choice with uv.";

function optionRows(options: readonly OptionSpec[]): string[][] {
  return options.map((o) => {
    const names = (o.short ? `-${o.short}, ` : "    ") + `--${o.long}` +
      (o.kind === "boolean" ? "" : ` ${o.placeholder ?? "VALUE"}`);
    const repeat = o.kind === "multiple" ? " (repeatable)" : "";
    return [names, o.description + repeat];
  });
}

function table(rows: string[][]): string {
  const width = Math.min(30, Math.max(...rows.map((r) => r[0].length)));
  return rows.map(([left, right]) =>
    left.length > width
      ? `  ${left}\n  ${" ".repeat(width)}  ${right}`
      : `  ${left.padEnd(width)}  ${right}`
  ).join("\n");
}

/** Help for `hpm` itself: every command with its summary. */
function rootHelp(commands: readonly CommandSpec[], version: string): string {
  const rows = commands.map((c) => [c.path.join(" "), c.summary]);
  return [
    `${ROOT_SUMMARY}\n`,
    `Usage: hpm COMMAND [options]   (hpm ${version})\n`,
    "Commands:",
    table(rows),
    "\nGlobal options:",
    table([...optionRows(GLOBAL_OPTIONS), ["-V, --version", "print hpm's version"]]),
    "\nExit codes: 0 success, 1 the operation failed, 2 bad usage or bad input, 130 interrupted.",
    "Run 'hpm COMMAND --help' (or 'hpm help COMMAND') for a command's arguments and options.",
  ].join("\n");
}

/** Help for a command word that has subcommands (`hpm group`). */
function groupHelp(prefix: readonly string[], commands: readonly CommandSpec[]): string {
  const children = commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
  return [
    `Usage: hpm ${prefix.join(" ")} COMMAND [options]\n`,
    "Commands:",
    table(children.map((c) => [c.path.join(" "), c.summary])),
    `\nRun 'hpm ${prefix.join(" ")} COMMAND --help' for details.`,
  ].join("\n");
}

/** Help for one command: usage, description, arguments, options, examples. */
function commandHelp(command: CommandSpec): string {
  const parts = [`Usage: ${usageLine(command)}\n`, command.summary];
  if (command.description) parts.push("\n" + command.description);
  if (command.args.length) {
    parts.push("\nArguments:");
    parts.push(table(command.args.map((a) => [a.name.toUpperCase(), a.description])));
  }
  if (command.options.length) {
    parts.push("\nOptions:");
    parts.push(table(optionRows(command.options)));
  }
  if (command.passThrough) parts.push("\nAfter '--' (options for uv):\n" + command.passThrough);
  parts.push("\nGlobal options:");
  parts.push(table(optionRows(GLOBAL_OPTIONS)));
  if (command.examples?.length) {
    parts.push("\nExamples:");
    parts.push(command.examples.map((e) => "  " + e).join("\n"));
  }
  return parts.join("\n");
}

/** The help text for a topic (`[]` = hpm itself); an unknown topic is a usage error. */
export function renderHelp(
  topic: readonly string[],
  commands: readonly CommandSpec[],
  version: string,
): string {
  // `hpm help` and `hpm help help` both mean the command list.
  if (topic.length === 0 || topic.join(" ") === "help") return rootHelp(commands, version);
  const exact = commands.find((c) => c.path.join(" ") === topic.join(" "));
  if (exact) return commandHelp(exact);
  if (childWords(topic, commands).length > 0) return groupHelp(topic, commands);
  const names = commands.map((c) => c.path.join(" "));
  const guess = didYouMean(topic.join(" "), names);
  throw new HpmError(`no help for unknown command '${topic.join(" ")}'`, {
    hint: guess ? `did you mean 'hpm ${guess} --help'?` : "run 'hpm --help' for the command list",
  });
}
