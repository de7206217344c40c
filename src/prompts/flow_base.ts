/**
 * What the question flows share: an answer comes from its flag (checked, an error when invalid),
 * else from the prompter (checked as it is typed), else from a default, else it is recorded as
 * missing. A flow runs once without a prompter to learn what is missing; only when something
 * is, and a terminal is there, does it run again asking.
 */
import { HpmError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";
import type { Check } from "./answers.ts";
import type { Prompter } from "./questions.ts";

/** An answer given as a flag that fails its check: exit 2, naming the flag and the reason. */
export function invalidFlag(flag: string, reason: string, command: string): HpmError {
  return new HpmError(`invalid ${flag}: ${reason}`, {
    code: "invalid-input",
    hint: `see 'hpm ${command} --help'`,
  });
}

/** A choice flag with a value outside its list. */
export function checkChoice(value: string, allowed: readonly string[], what: string): Check {
  if (allowed.includes(value)) return true;
  const near = didYouMean(value, allowed);
  return `'${value}' is not a ${what}: ${allowed.join(", ")}` +
    (near ? ` (did you mean '${near}'?)` : "");
}

/** The shared state of a flow: the prompter (when asking), what was asked, what is missing. */
export class FlowBase {
  /** Flags that were needed but not given (only when running without a prompter). */
  readonly missing: string[] = [];
  /** True once any question was asked. */
  asked = false;

  constructor(readonly prompter: Prompter | undefined, readonly command: string) {}

  /** True when the flow may ask. */
  get interactive(): boolean {
    return this.prompter !== undefined;
  }

  /** Checks a flag's value; throws `invalidFlag` when it fails. */
  flag(value: string | undefined, flag: string, check: (value: string) => Check) {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    const result = check(trimmed);
    if (result !== true) throw invalidFlag(flag, result, this.command);
    return trimmed;
  }

  /**
   * The answer for `flag`: the flag's value, else `ask()` when interactive, else `fallback`,
   * else (when `required`) recorded as missing.
   */
  async answer(
    value: string | undefined,
    flag: string,
    check: (value: string) => Check,
    ask: (prompter: Prompter) => Promise<string>,
    options: { fallback?: string; required?: boolean } = {},
  ): Promise<string | undefined> {
    const given = this.flag(value, flag, check);
    if (given !== undefined) return given;
    if (this.prompter) {
      this.asked = true;
      return (await ask(this.prompter)).trim();
    }
    if (options.fallback !== undefined) return options.fallback;
    if (options.required ?? true) this.missing.push(flag);
    return undefined;
  }

  /** Asks `ask()` only when interactive; otherwise returns `fallback`. */
  async optional<T>(ask: (prompter: Prompter) => Promise<T>, fallback: T): Promise<T> {
    if (!this.prompter) return fallback;
    this.asked = true;
    return await ask(this.prompter);
  }
}

/** A validator for prompts that trims first (what is typed is trimmed before it is used). */
export function trimmed(check: (value: string) => Check): (value: string) => string | true {
  return (value) => check(value.trim());
}

/** A check that accepts an empty answer (the field is optional). */
export function orEmpty(check: (value: string) => Check): (value: string) => Check {
  return (value) => (value === "" ? true : check(value));
}

/** The error listing every flag that was needed and not given (exit 2, never waits for input). */
export function missingFlags(command: string, missing: string[], why: string, hint: string) {
  return new HpmError(`'hpm ${command}' needs ${missing.join(", ")} (${why})`, {
    code: "input-required",
    hint,
    data: { missing },
  });
}
