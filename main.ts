/**
 * hpm's entry point: parse argv, dispatch to a command, turn errors into output and an exit
 * code. The only place that calls Deno.exit.
 */
import config from "./deno.json" with { type: "json" };

/** hpm's version, from deno.json. */
export const VERSION: string = config.version;

/**
 * Imports `src/<path>.ts`. The specifier is a template on purpose: Deno does not follow it when
 * it builds the module graph of a remote module (hpm run from JSR, where deno.json's
 * "lazy-dynamic-imports" does not apply), so `--version` loads main.ts alone and a command only
 * what it uses; `deno compile` and `deno bundle` expand it to the modules under src/.
 */
function fromSrc<T>(path: string): Promise<T> {
  return import(`./src/${path}.ts`);
}

async function main(argv: string[]): Promise<number> {
  // `--version` is answered before anything else is loaded: it is the start-up floor.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    await Deno.stdout.write(new TextEncoder().encode(`hpm ${VERSION}\n`));
    return 0;
  }
  // Loaded together: what every command needs, after the `--version` fast path.
  const [output, { HpmError, ExitCode, systemError }, { parseArgv }, { COMMANDS }] = await Promise
    .all([
      fromSrc<typeof import("./src/output.ts")>("output"),
      fromSrc<typeof import("./src/errors.ts")>("errors"),
      fromSrc<typeof import("./src/cli/parse.ts")>("cli/parse"),
      fromSrc<typeof import("./src/cli/commands.ts")>("cli/commands"),
    ]);
  try {
    const invocation = parseArgv(argv, COMMANDS);
    if (invocation.kind === "version") {
      output.configureOutput({ json: invocation.json });
      if (invocation.json) output.printJson({ ok: true, version: VERSION });
      else output.printData(`hpm ${VERSION}`);
      return ExitCode.Success;
    }
    if (invocation.kind === "help") {
      const { renderHelp } = await fromSrc<typeof import("./src/cli/help.ts")>("cli/help");
      output.printData(renderHelp(invocation.topic, COMMANDS, VERSION));
      return ExitCode.Success;
    }
    const { input } = invocation;
    output.configureOutput(input.globals);
    const command = await input.command.load();
    const outcome = await command.run(input);
    // One place prints a command's result: its --json document, or that document in text.
    if (input.globals.json) output.printJson(outcome.json);
    else output.printLines(command.render(outcome.json, input.globals));
    return outcome.exitCode;
  } catch (error) {
    const known = error instanceof HpmError
      ? error
      : systemError(error) ?? projectNodeModulesError(error, HpmError);
    if (known) {
      if (argv.includes("--json")) output.configureOutput({ json: true });
      // Problems name keys; where they are is worked out once, here, before printing.
      if (known.problems.some((p) => p.keyPath)) {
        const { locatePositions } = await fromSrc<typeof import("./src/pyproject/positions.ts")>(
          "pyproject/positions",
        );
        await locatePositions(known.problems);
      }
      output.printError(known);
      return known.exitCode;
    }
    output.printInternalError(error);
    return ExitCode.Failure;
  }
}

/**
 * Deno's failure to import one of hpm's npm packages because it found a package.json in the
 * directory or a parent and looked in that project's node_modules (hpm run from JSR without
 * `--no-config`), as an error with the way out; undefined for anything else.
 */
function projectNodeModulesError(
  error: unknown,
  HpmError: typeof import("./src/errors.ts").HpmError,
): InstanceType<typeof HpmError> | undefined {
  const message = error instanceof Error ? error.message : "";
  const match = /Could not find a matching package for '(npm:[^']+)' in the node_modules/
    .exec(message);
  if (!match || import.meta.url.startsWith("file:")) return undefined;
  return new HpmError(
    `Deno looked for hpm's ${match[1]} in the node_modules of the package.json it found in ` +
      "this directory or a parent, not in its own cache",
    {
      exitCode: 1,
      code: "deno-config",
      hint: "run hpm from JSR with --no-config (deno run -A --no-config jsr:@hpm/cli ...), " +
        "or install it: deno install -g -A -n hpm jsr:@hpm/cli",
      cause: error,
    },
  );
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
