/**
 * `hpm registry withdraw GROUP OPTION`: remove an option from a group, keeping the group
 * file's comments, order and formatting. Refused (exit 2, nothing written) while the option is
 * the group's default, the project selects it, the group would fall below its `min` or have no
 * option left, or another option's `implies`/`conflicts` names it. The manifest stays.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { HpmError } from "../errors.ts";
import { normalizeName } from "../names.ts";
import { displayPath } from "../paths.ts";
import { plural } from "../plural.ts";
import { parseGroup } from "../registry/manifest/group_text.ts";
import { checkRelations } from "../registry/validate_relations.ts";
import { removeOptionText } from "../registry/write/group.ts";
import type { Group } from "../registry/types.ts";
import { didYouMean } from "../suggest.ts";
import { loadContext } from "./context.ts";
import {
  findOption,
  finishGroupEdit,
  type GroupEditJson,
  type GroupFile,
  renderGroupEdit,
  requireGroupFile,
} from "./group_option_edit.ts";
import { type Commit, withRegistryWrites } from "./registry_writes.ts";

type Input = InputOf<"registry_withdraw">;

/** Runs `hpm registry withdraw`. */
export async function run(input: Input): Promise<Outcome<GroupEditJson>> {
  return await withRegistryWrites(input, false, (commit) => withdraw(input, commit));
}

/** `hpm registry withdraw` in text. */
export function render(json: GroupEditJson, _mode: RenderMode): Line[] {
  const { group, option } = json;
  return renderGroupEdit(
    json,
    `group '${group}' no longer offers '${option}'`,
    `the manifest stays; 'hpm registry remove ${option}' deletes it once no group offers it`,
  );
}

/** The 1-based line of the group file's top-level `default:` key, for the hint. */
function defaultLine(text: string): number | undefined {
  const index = text.replace(/\r\n/g, "\n").split("\n").findIndex((line) =>
    /^default\s*:/.test(line)
  );
  return index < 0 ? undefined : index + 1;
}

async function withdraw(input: Input, commit: Commit): Promise<Outcome<GroupEditJson>> {
  const { registry, project } = await loadContext(input, {
    project: false,
    strict: false,
    report: false,
  });
  const file = requireGroupFile(registry, input.args.group);
  const group = file.group;
  const display = displayPath(group.file);
  const asked = input.args.option;
  const option = findOption(group, asked);
  if (option === undefined) {
    const names = group.options.map((o) => o.name);
    const guess = didYouMean(asked, names);
    throw new HpmError(`group '${group.name}' does not offer '${asked}'`, {
      code: "option-not-found",
      hint: (guess ? `did you mean '${guess}'? ` : "") + `its options: ${names.join(", ")}`,
    });
  }
  refuseInvalidGroup(file, option);

  const selection = project?.view.hpm.groups[group.name];
  const key = normalizeName(option);
  if (project && [selection ?? []].flat().some((name) => normalizeName(String(name)) === key)) {
    const others = group.options.map((o) => o.name).filter((name) => name !== option);
    throw new HpmError(
      `the project selects '${option}' in group '${group.name}' ` +
        `(${displayPath(project.pyprojectPath)})`,
      {
        code: "option-selected",
        hint: `first 'hpm group remove ${group.name} --option ${option}'` +
          (group.strategy === "1-of-N" && others.length > 0
            ? ` or choose another: 'hpm group add ${group.name} --option ${others[0]}'`
            : "") +
          ", then 'hpm sync'; then withdraw it",
        data: { group: group.name, option },
      },
    );
  }

  const text = await removeOptionText(file.text, group.file, option);
  // What the rest of the registry says about the option must still hold without it.
  const after = parseGroup(text, group.file, display).group!;
  const groups = new Map(registry.groups);
  groups.set(group.name, after);
  const known = new Set(checkRelations(registry.groups).map((problem) => problem.message));
  const broken = checkRelations(groups).filter((problem) => !known.has(problem.message));
  if (broken.length > 0) {
    throw new HpmError(
      `withdrawing '${option}' from group '${group.name}' would leave ` +
        `${plural(broken.length, "reference")} to it`,
      {
        code: "option-referenced",
        hint: "remove it from those 'implies' and 'conflicts' first, then withdraw it",
        problems: broken,
      },
    );
  }
  return await finishGroupEdit(input, commit, {
    file,
    text,
    option,
    options: after.options.map((o) => o.name),
  });
}

/** Refuses a withdrawal that leaves the group itself invalid: its default, min, no options. */
function refuseInvalidGroup(file: GroupFile, option: string): void {
  const group: Group = file.group;
  const display = displayPath(group.file);
  if (group.default?.includes(option)) {
    const line = defaultLine(file.text);
    throw new HpmError(`'${option}' is the default of group '${group.name}'`, {
      code: "option-is-default",
      hint: `change or remove 'default' in ${display}${line ? `:${line}` : ""} first, then ` +
        "withdraw it",
    });
  }
  const left = group.options.length - 1;
  if (left === 0) {
    throw new HpmError(`'${option}' is the only option of group '${group.name}'`, {
      code: "last-option",
      hint: `a group needs at least one option: offer another first ('hpm registry offer ` +
        `${group.name} PACKAGE'), or delete ${display} to drop the group`,
    });
  }
  if (group.min !== undefined && left < group.min) {
    throw new HpmError(
      `group '${group.name}' needs at least ${group.min} options ('min'); withdrawing '${option}' ` +
        `leaves ${left}`,
      {
        code: "below-min",
        hint: `lower 'min' in ${display} first, or offer another option ('hpm registry offer ` +
          `${group.name} PACKAGE')`,
      },
    );
  }
}
