/**
 * The real `Prompter`, on @inquirer/prompts. Loaded lazily (the library costs start-up time)
 * and only once hpm has decided to ask. Prompts are drawn on stderr so stdout stays data.
 */
// The prompt library draws on a Node stream; this module is loaded only when a prompt is shown.
import process from "node:process";
import { checkbox, confirm, input, select } from "@inquirer/prompts";
import { pathExists } from "../paths.ts";
import { listDirectories, pathChoices } from "./path_completion.ts";
import { pathPrompt } from "./path_prompt.ts";
import { type Prompter, promptInterrupted } from "./questions.ts";

/** Where prompts read keys and draw: the terminal's stdin and stderr unless given. */
export type PromptContext = Parameters<typeof input>[1];

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === "ExitPromptError") throw promptInterrupted();
    throw error;
  }
}

/**
 * A `Prompter` that asks in the terminal (or on `context`'s streams, as the tests do); Ctrl-C
 * becomes `promptInterrupted()`.
 */
export function createInquirerPrompter(
  context: PromptContext = { output: process.stderr },
): Prompter {
  return {
    text: (question) =>
      guard(() =>
        input({
          message: question.message,
          default: question.default || undefined,
          validate: question.validate,
        }, context)
      ),
    path: (question) =>
      guard(() =>
        pathPrompt({
          message: question.message,
          default: question.default || undefined,
          choices: (term) => pathChoices(term, question.base, listDirectories, pathExists),
          validate: question.validate,
          pageSize: 8,
        }, context)
      ),
    select: <T extends string>(question: Parameters<Prompter["select"]>[0]) =>
      guard(() =>
        select<string>({
          message: question.message,
          choices: question.choices,
          default: question.default,
        }, context) as Promise<T>
      ),
    multiSelect: (question) =>
      guard(() =>
        checkbox<string>({
          message: question.message,
          choices: question.choices.map((choice) => ({
            ...choice,
            checked: question.default?.includes(choice.value) ?? false,
          })),
          validate: question.validate
            ? (chosen) => question.validate!(chosen.map((choice) => choice.value))
            : undefined,
        }, context)
      ),
    confirm: (question) =>
      guard(() => confirm({ message: question.message, default: question.default }, context)),
  };
}
