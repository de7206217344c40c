/**
 * The questions hpm asks in a terminal, as data, and the `Prompter` that asks them: the flows
 * (`package_flow.ts`, `group_flow.ts`) only talk to a `Prompter`, so they are tested with a
 * scripted fake; the real one is `inquirer_prompter.ts`, loaded by `prompter.ts` only once a
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
