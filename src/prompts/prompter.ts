/**
 * Deciding to ask and loading the real prompter: `terminalAvailable` says whether hpm may ask,
 * `loadPrompter` loads the prompt library (`inquirer_prompter.ts`) only once a question is
 * really needed. The questions themselves are in `questions.ts`.
 */
import { ExitCode, HpmError } from "../errors.ts";
import type { Prompter } from "./questions.ts";

/** True when hpm may ask: stdin and stderr are terminals (prompts are drawn on stderr). */
export function terminalAvailable(): boolean {
  return Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
}

/**
 * True when a command may ask: a terminal (`terminalAvailable`), no `--no-input`, and no
 * `--json` (a JSON document on stdout is for a program, which answers nothing).
 */
export function mayAsk(
  input: { options: { "no-input"?: boolean }; globals: { json: boolean } },
): boolean {
  return input.options["no-input"] !== true && !input.globals.json && terminalAvailable();
}

/** The real prompter; loads the prompt library (costly) only when called. */
export async function loadPrompter(): Promise<Prompter> {
  const { createInquirerPrompter } = await import("./inquirer_prompter.ts");
  return createInquirerPrompter();
}

/** The real prompter, loaded at its first use and only then: for flows that may ask nothing. */
export function lazyPrompter(): () => Promise<Prompter> {
  let prompter: Promise<Prompter> | undefined;
  return () => (prompter ??= loadPrompter());
}

/** Asks "Write it?"; a no is an HpmError (exit 1) saying nothing was written. */
export async function confirmWrite(prompter: Prompter): Promise<void> {
  if (await prompter.confirm({ message: "Write it?", default: true })) return;
  throw new HpmError("not confirmed; nothing was written", {
    exitCode: ExitCode.Failure,
    code: "cancelled",
    hint: "run it again, or pass the answers as flags with --yes",
  });
}
