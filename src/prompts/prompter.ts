/**
 * The questions hpm asks in a terminal, behind a small interface: the flows (`package_flow.ts`,
 * `group_flow.ts`) only talk to a `Prompter`, so they are tested with a scripted fake, and the
 * real one (`inquirer_prompter.ts`, which loads the prompt library) is loaded only once a
 * question is really needed.
 */
import { ExitCode, HpmError } from "../errors.ts";

/** A validator: `true` when the answer is accepted, else the message shown under the prompt. */
export type Validate<T> = (value: T) => string | true;

/** A free-text question. */
export interface TextQuestion {
  message: string;
  /** Taken when the answer is left empty. */
  default?: string;
  validate?: Validate<string>;
}

/** A path, completed from the directories under `base` as it is typed. */
export interface PathQuestion extends TextQuestion {
  /** The directory relative paths are completed from (the working directory). */
  base: string;
}

/** One entry of a choice list. */
export interface Choice<T extends string = string> {
  value: T;
  /** What the list shows (default: the value). */
  name?: string;
  description?: string;
}

/** Pick one of a list. */
export interface SelectQuestion<T extends string = string> {
  message: string;
  choices: Choice<T>[];
  default?: T;
}

/** Pick any number of a list. */
export interface MultiSelectQuestion {
  message: string;
  choices: Choice[];
  /** Entries checked at the start. */
  default?: string[];
  validate?: Validate<string[]>;
}

/** A yes/no question. */
export interface ConfirmQuestion {
  message: string;
  default?: boolean;
}

/** Asks questions. Every method throws `promptInterrupted()` when the user presses Ctrl-C. */
export interface Prompter {
  text(question: TextQuestion): Promise<string>;
  path(question: PathQuestion): Promise<string>;
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  multiSelect(question: MultiSelectQuestion): Promise<string[]>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
}

/** The error a Ctrl-C at a prompt becomes: exit 130, nothing written. */
export function promptInterrupted(): HpmError {
  return new HpmError("interrupted at a prompt; nothing was written", {
    exitCode: ExitCode.Interrupted,
    code: "interrupted",
  });
}

/** True when hpm may ask: stdin and stderr are terminals (prompts are drawn on stderr). */
export function terminalAvailable(): boolean {
  return Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
}

/** The real prompter; loads the prompt library (costly) only when called. */
export async function loadPrompter(): Promise<Prompter> {
  const { createInquirerPrompter } = await import("./inquirer_prompter.ts");
  return createInquirerPrompter();
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
