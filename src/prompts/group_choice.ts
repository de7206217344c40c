/** The last question of `registry add`: a group to offer the package in (existing or new). */
import { STRATEGIES } from "../registry/manifest/group_text.ts";
import type { Strategy } from "../registry/types.ts";
import { type Check, checkGroupName } from "./answers.ts";
import { checkChoice, type FlowBase, invalidFlag, trimmed } from "./flow_base.ts";
import type { KnownGroup } from "./flow_facts.ts";

const NEW_GROUP = "\u0000new";
const NO_GROUP = "\u0000none";

/** The group answer: its name, and its strategy when the group is new. */
export type GroupChoice = { name: string; strategy?: Strategy } | undefined;

/**
 * Takes `--group` (and `--strategy` for a new group) or, when asking, offers the groups that do
 * not offer `name` yet, "no group" and "a new group" (then its name and strategy).
 */
export async function askGroup(
  flow: FlowBase,
  flags: { group?: string; strategy?: string },
  groups: readonly KnownGroup[],
  name: string | undefined,
): Promise<GroupChoice> {
  const strategyFlag = flow.flag(
    flags.strategy,
    "--strategy",
    (value) => checkChoice(value, STRATEGIES, "strategy"),
  ) as Strategy | undefined;
  let groupName = flow.flag(flags.group, "--group", checkGroupName);
  if (groupName === undefined && flow.interactive) {
    const offered = groups.filter((g) => !name || !g.options.includes(name));
    const choice = await flow.optional((p) =>
      p.select({
        message: "Offer it as an option of a group?",
        choices: [
          { value: NO_GROUP, name: "no group" },
          ...offered.map((g) => ({
            value: g.name,
            name: `${g.name} (${g.strategy})`,
            description: g.description,
          })),
          { value: NEW_GROUP, name: "a new group" },
        ],
      }), NO_GROUP);
    if (choice === NO_GROUP) groupName = undefined;
    else if (choice !== NEW_GROUP) groupName = choice;
    else {
      const checkNew = (value: string): Check => {
        const valid = checkGroupName(value);
        if (valid !== true) return valid;
        return groups.some((g) => g.name === value)
          ? `group '${value}' exists; choose it from the list instead`
          : true;
      };
      groupName = (await flow.prompter!.text({
        message: "Name of the new group",
        validate: trimmed(checkNew),
      })).trim();
    }
  }
  if (groupName === undefined) {
    if (strategyFlag) {
      throw invalidFlag("--strategy", "it applies only with --group (a new group)", flow.command);
    }
    return undefined;
  }
  const known = groups.find((g) => g.name === groupName);
  if (known) {
    if (strategyFlag && strategyFlag !== known.strategy) {
      throw invalidFlag(
        "--strategy",
        `group '${known.name}' exists and is ${known.strategy}`,
        flow.command,
      );
    }
    return { name: known.name };
  }
  const strategy = await flow.answer(
    strategyFlag,
    "--strategy",
    () => true,
    (p) =>
      p.select<Strategy>({
        message: `Strategy of the new group '${groupName}'`,
        choices: [
          { value: "1-of-N", description: "exactly one option is selected (interchangeable)" },
          { value: "M-of-N", description: "several options may be selected (complementary)" },
        ],
      }),
  ) as Strategy | undefined;
  return strategy ? { name: groupName, strategy } : undefined;
}
