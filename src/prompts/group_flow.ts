/**
 * The questions of `hpm registry add-group`, in order: name, strategy, description, options,
 * default, and for M-of-N the bounds. Facts about the registry are injected (pure logic).
 */
import { STRATEGIES } from "../registry/manifest/group_text.ts";
import type { Strategy } from "../registry/types.ts";
import type { GroupDraft } from "../registry/write/group.ts";
import { didYouMean } from "../suggest.ts";
import { type Check, checkCount, checkGroupName } from "./answers.ts";
import { checkChoice, FlowBase, invalidFlag, missingFlags, trimmed } from "./flow_base.ts";
import type { Prompter } from "./questions.ts";
import { plural } from "../plural.ts";

/** The arguments and flags of `registry add-group`, narrowed from argv. */
export interface GroupFlags {
  name?: string;
  strategy?: string;
  options?: string[];
  default?: string[];
  description?: string;
  min?: string;
  max?: string;
  force: boolean;
}

/** What the flow checks answers against. */
export interface GroupFlowFacts {
  /** Names of the groups in the registry. */
  groups: readonly string[];
  /** Packages the group may offer: name and description. */
  packages: readonly { name: string; description?: string }[];
}

/** Everything `registry add-group` needs to write, and whether anything was asked. */
export interface GroupAnswers {
  draft: GroupDraft;
  asked: boolean;
}

const COMMAND = "registry add-group";

class GroupFlow extends FlowBase {
  constructor(readonly flags: GroupFlags, readonly facts: GroupFlowFacts, prompter?: Prompter) {
    super(prompter, COMMAND);
  }

  checkName = (name: string): Check => {
    const valid = checkGroupName(name);
    if (valid !== true) return valid;
    if (this.facts.groups.includes(name) && !this.flags.force) {
      return `group '${name}' exists; pass --force to replace it`;
    }
    return true;
  };

  checkOption = (name: string): Check => {
    if (this.facts.packages.some((pkg) => pkg.name === name)) return true;
    const near = didYouMean(name, this.facts.packages.map((pkg) => pkg.name));
    return `no package '${name}' in the registry` +
      (near ? ` (did you mean '${near}'?)` : "; add it first with 'hpm registry add'");
  };

  async run(): Promise<GroupDraft | undefined> {
    const flags = this.flags;
    const name = await this.answer(
      flags.name,
      "NAME",
      this.checkName,
      (p) => p.text({ message: "Group name", validate: trimmed(this.checkName) }),
    );
    const strategy = await this.answer(
      flags.strategy,
      "--strategy",
      (value) => checkChoice(value, STRATEGIES, "strategy"),
      (p) =>
        p.select<Strategy>({
          message: "Strategy",
          choices: [
            { value: "1-of-N", description: "exactly one option is selected (interchangeable)" },
            { value: "M-of-N", description: "several options may be selected (complementary)" },
          ],
        }),
    ) as Strategy | undefined;
    const description = await this.answer(
      flags.description,
      "--description",
      () => true,
      (p) => p.text({ message: "Description (one line, optional)" }),
      { required: false },
    );
    const options = await this.askOptions();
    const defaults = strategy && options ? await this.askDefault(strategy, options) : undefined;
    const bounds = strategy === "M-of-N" && options
      ? await this.askBounds(options.length, defaults?.length ?? 0)
      : this.noBounds(strategy);
    if (!name || !strategy || !options) return undefined;
    const draft: GroupDraft = {
      name,
      strategy,
      options: options.map((option) => {
        const text = this.facts.packages.find((pkg) => pkg.name === option)?.description;
        return text ? { name: option, description: text } : { name: option };
      }),
    };
    if (description) draft.description = description;
    if (defaults?.length) draft.default = defaults;
    if (bounds.min !== undefined) draft.min = bounds.min;
    if (bounds.max !== undefined) draft.max = bounds.max;
    return draft;
  }

  async askOptions(): Promise<string[] | undefined> {
    const given = this.flags.options;
    if (given?.length) {
      const seen = new Set<string>();
      for (const option of given) {
        this.flag(option, "--option", this.checkOption);
        if (seen.has(option)) throw invalidFlag("--option", `'${option}' is given twice`, COMMAND);
        seen.add(option);
      }
      return given;
    }
    if (!this.interactive) {
      this.missing.push("--option");
      return undefined;
    }
    if (this.facts.packages.length === 0) {
      throw invalidFlag(
        "--option",
        "the registry has no packages yet; add them with " +
          "'hpm registry add'",
        COMMAND,
      );
    }
    return await this.optional((p) =>
      p.multiSelect({
        message: "Options (packages it offers; Space selects)",
        choices: this.facts.packages.map((pkg) => ({
          value: pkg.name,
          description: pkg.description,
        })),
        validate: (chosen) => chosen.length > 0 || "select at least one package",
      }), []);
  }

  async askDefault(strategy: Strategy, options: string[]): Promise<string[]> {
    const inOptions = (value: string): Check =>
      options.includes(value)
        ? true
        : `'${value}' is not one of the options: ${options.join(", ")}`;
    const given = this.flags.default;
    if (given?.length) {
      for (const value of given) this.flag(value, "--default", inOptions);
      if (strategy === "1-of-N" && given.length > 1) {
        throw invalidFlag("--default", "a 1-of-N group takes one default", COMMAND);
      }
      if (new Set(given).size !== given.length) {
        throw invalidFlag("--default", "an option is given twice", COMMAND);
      }
      return given;
    }
    if (strategy === "1-of-N") {
      const none = "\u0000none";
      const choice = await this.optional((p) =>
        p.select({
          message: "Default option (used by 'hpm group add' without --option)",
          choices: [{ value: none, name: "no default" }, ...options.map((value) => ({ value }))],
        }), none);
      return choice === none ? [] : [choice];
    }
    return await this.optional((p) =>
      p.multiSelect({
        message: "Default options (optional; Space selects)",
        choices: options.map((value) => ({ value })),
      }), []);
  }

  noBounds(strategy: Strategy | undefined): { min?: number; max?: number } {
    for (const [flag, value] of [["--min", this.flags.min], ["--max", this.flags.max]]) {
      if (value !== undefined && strategy === "1-of-N") {
        throw invalidFlag(flag!, "it applies only to M-of-N groups", COMMAND);
      }
    }
    return {};
  }

  async askBounds(count: number, defaults: number): Promise<{ min?: number; max?: number }> {
    const min = await this.answer(
      this.flags.min,
      "--min",
      checkCount,
      (p) =>
        p.text({
          message: "Least options a selection holds (empty: no minimum)",
          validate: trimmed(checkCount),
        }),
      {
        required: false,
      },
    );
    const minimum = min ? Number(min) : undefined;
    const checkMax = (text: string): Check => {
      const valid = checkCount(text);
      if (valid !== true || text === "") return valid;
      if (Number(text) < 1) return "max must be at least 1";
      if (minimum !== undefined && Number(text) < minimum) {
        return `max is less than min (${minimum})`;
      }
      return true;
    };
    const max = await this.answer(
      this.flags.max,
      "--max",
      checkMax,
      (p) =>
        p.text({
          message: "Most options a selection holds (empty: no maximum)",
          validate: trimmed(checkMax),
        }),
      {
        required: false,
      },
    );
    const maximum = max ? Number(max) : undefined;
    if (minimum !== undefined && minimum > count) {
      throw invalidFlag("--min", `${minimum} is more than the ${plural(count, "option")}`, COMMAND);
    }
    if (defaults > 0 && minimum !== undefined && defaults < minimum) {
      throw invalidFlag(
        "--default",
        `${plural(defaults, "default")} but min is ${minimum}`,
        COMMAND,
      );
    }
    if (maximum !== undefined && defaults > maximum) {
      throw invalidFlag("--default", `${defaults} defaults but max is ${maximum}`, COMMAND);
    }
    return { min: minimum, max: maximum };
  }
}

/**
 * Collects the answers of `registry add-group`: flags first; when something is missing, asks
 * (`prompter` is loaded only then), or without a prompter fails at once listing the flags.
 */
export async function collectGroupAnswers(
  flags: GroupFlags,
  facts: GroupFlowFacts,
  prompter: (() => Promise<Prompter>) | undefined,
): Promise<GroupAnswers> {
  const quiet = new GroupFlow(flags, facts);
  const draft = await quiet.run();
  if (draft) return { draft, asked: false };
  if (!prompter) {
    throw missingFlags(
      COMMAND,
      quiet.missing,
      "nothing is asked without a terminal or with --no-input",
      "e.g. 'hpm registry add-group NAME --strategy 1-of-N --option A --option B'",
    );
  }
  const asking = new GroupFlow(flags, facts, await prompter());
  const asked = await asking.run();
  if (!asked) throw new Error("registry add-group: the interactive flow ended without answers");
  return { draft: asked, asked: asking.asked };
}
