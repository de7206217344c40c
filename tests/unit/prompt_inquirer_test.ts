/**
 * The real prompts (@inquirer/prompts behind `createInquirerPrompter`), driven key by key with
 * @inquirer/testing's `render`: validation messages as typed, path completion, defaults, Ctrl-C.
 */
import assert from "node:assert/strict";
import { render } from "@inquirer/testing";
import { HpmError } from "../../src/errors.ts";
import { createInquirerPrompter, type PromptContext } from "../../src/prompts/inquirer_prompter.ts";
import type {
  ConfirmQuestion,
  MultiSelectQuestion,
  PathQuestion,
  SelectQuestion,
  TextQuestion,
} from "../../src/prompts/questions.ts";
import { checkPackageName } from "../../src/prompts/answers.ts";
import { copyFixture, removing } from "../support/hpm.ts";

const text = (question: TextQuestion, context?: PromptContext) =>
  createInquirerPrompter(context).text(question);
const path = (question: PathQuestion, context?: PromptContext) =>
  createInquirerPrompter(context).path(question);
const select = (question: SelectQuestion, context?: PromptContext) =>
  createInquirerPrompter(context).select(question);
const multiSelect = (question: MultiSelectQuestion, context?: PromptContext) =>
  createInquirerPrompter(context).multiSelect(question);
const confirm = (question: ConfirmQuestion, context?: PromptContext) =>
  createInquirerPrompter(context).confirm(question);

function isInterrupted(error: unknown): boolean {
  return error instanceof HpmError && error.exitCode === 130 && error.code === "interrupted";
}

Deno.test("text: a rejected answer shows why under the prompt; the corrected one is taken", async () => {
  const { answer, events, getScreen, nextRender } = await render(text, {
    message: "Package name",
    validate: checkPackageName,
  });
  events.type("../x");
  events.keypress("enter");
  await nextRender();
  assert.equal(
    getScreen(),
    "? Package name ../x\n> '../x' is not a valid Python distribution name: use letters, " +
      "digits, '-', '_' and '.', starting and ending with a letter or digit",
  );
  for (let i = 0; i < 4; i++) events.keypress("backspace");
  events.type("vlm-x");
  events.keypress("enter");
  assert.equal(await answer, "vlm-x");
  assert.equal(getScreen(), "✔ Package name vlm-x");
});

Deno.test("text: Enter on an empty answer takes the default", async () => {
  const { answer, events, getScreen } = await render(text, { message: "Mode", default: "prod" });
  assert.equal(getScreen(), "? Mode (prod)");
  events.keypress("enter");
  assert.equal(await answer, "prod");
});

function existsIn(dir: string) {
  return (value: string) => {
    try {
      Deno.statSync(`${dir}/${value}`);
      return true as const;
    } catch {
      return `'${value}' does not exist`;
    }
  };
}

const PATH_HELP = "↑↓ navigate • ⇥ complete • ⏎ select";

Deno.test("path: offers the directories as typed; Tab completes; a missing path is refused", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const { answer, events, getScreen, nextRender } = await render(path, {
    message: "Path",
    base: dir,
    validate: existsIn(dir),
  });
  assert.equal(getScreen(), `? Path\n  packages/\n  registry/\n\n${PATH_HELP}`);

  events.type("nowhere");
  events.keypress("enter");
  await nextRender();
  // Refused, and the text stays on the line to be fixed.
  assert.match(getScreen(), /^\? Path nowhere\n> 'nowhere' does not exist/);
  for (let i = 0; i < "nowhere".length; i++) events.keypress("backspace");

  events.type("packages/vlm_a");
  await nextRender();
  // What Enter would take (the text as typed) is highlighted; Tab takes the first completion.
  assert.equal(
    getScreen(),
    "? Path packages/vlm_a\n  packages/vlm_adapter/\n  packages/vlm_adapter_deepseek/\n" +
      `❯ packages/vlm_a\n\n${PATH_HELP}`,
  );
  events.keypress("tab");
  await nextRender();
  assert.match(getScreen(), /^\? Path packages\/vlm_adapter\/\n❯ packages\/vlm_adapter\/\n/);
  events.keypress("enter");
  assert.equal(await answer, "packages/vlm_adapter/");
});

Deno.test("path: text and Enter in one burst take the text at once (no render between)", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const { answer, events, getScreen } = await render(path, {
    message: "Path",
    base: dir,
    validate: existsIn(dir),
  });
  events.type("packages/vlm_adapter");
  events.keypress("enter");
  assert.equal(await answer, "packages/vlm_adapter");
  assert.equal(getScreen(), "✔ Path packages/vlm_adapter");
});

Deno.test("path: an arrow picks a listed entry for Enter; an empty line takes the default", async () => {
  const dir = await copyFixture("seed-project");
  await using _dir = removing(dir);
  const picked = await render(path, { message: "Path", base: dir, validate: existsIn(dir) });
  picked.events.type("packages/vlm_a");
  picked.events.keypress("up"); // from the typed text, listed last, to the entry above it
  picked.events.keypress("enter");
  assert.equal(await picked.answer, "packages/vlm_adapter_deepseek/");
  const fallback = await render(path, { message: "Path", base: dir, default: "registry" });
  assert.match(fallback.getScreen(), /^\? Path \(registry\)/);
  fallback.events.keypress("enter");
  assert.equal(await fallback.answer, "registry");
});

Deno.test("select: arrows move, Enter picks; the default starts highlighted", async () => {
  const { answer, events, getScreen } = await render(select, {
    message: "Source type",
    choices: [{ value: "local" }, { value: "git" }, { value: "index" }],
    default: "git",
  });
  assert.match(getScreen(), /❯ git/);
  events.keypress("down");
  events.keypress("enter");
  assert.equal(await answer, "index");
});

Deno.test("multiSelect: Space checks, validation refuses an empty choice", async () => {
  const { answer, events, getScreen, nextRender } = await render(multiSelect, {
    message: "Options",
    choices: [{ value: "a" }, { value: "b" }],
    validate: (chosen) => chosen.length > 0 || "select at least one package",
  });
  events.keypress("enter");
  await nextRender();
  assert.match(getScreen(), /select at least one package/);
  events.keypress("down");
  events.keypress("space");
  events.keypress("enter");
  assert.deepEqual(await answer, ["b"]);
});

Deno.test("confirm: y/n with a default", async () => {
  const { answer, events, getScreen } = await render(confirm, {
    message: "Write it?",
    default: true,
  });
  assert.equal(getScreen(), "? Write it? (Y/n)");
  events.type("n");
  events.keypress("enter");
  assert.equal(await answer, false);
});

Deno.test("Ctrl-C at any prompt becomes an 'interrupted' error (exit 130)", async () => {
  for (
    const [prompt, question] of [
      [text, { message: "Package name" }],
      [select, { message: "Source type", choices: [{ value: "local" }] }],
      [confirm, { message: "Write it?" }],
      [path, { message: "Path", base: "." }],
    ] as const
  ) {
    // deno-lint-ignore no-explicit-any
    const { answer, events } = await render(prompt as any, question);
    events.keypress({ name: "c", ctrl: true });
    await assert.rejects(answer, isInterrupted);
  }
});
