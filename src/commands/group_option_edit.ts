/**
 * What `registry offer` and `registry withdraw` share: finding the group file and the package
 * they name (any spelling; a file that does not load is said as such, with its problems), and
 * writing the edited group file (or, with `--dry-run`, showing its diff), with the outcome both
 * commands give.
 */
import { applyOrPreview } from "../execute/execute.ts";
import type { Line, Outcome } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { findNamed, normalizeName } from "../names.ts";
import { style } from "../output.ts";
import { displayPath, joinPath } from "../paths.ts";
import { yamlFilesByName } from "../prompts/registry_facts.ts";
import type { Group, Package, Registry } from "../registry/types.ts";
import { didYouMean } from "../suggest.ts";
import { dryRunLine, type WritePlan } from "../execute/plan.ts";
import { type Commit, registryEdit, see, type Seen } from "./registry_writes.ts";

/** A group file that loaded, with its text as read. */
export interface GroupFile {
  group: Group;
  text: string;
  seen: Seen;
}

/** The file of a registry directory (`groups`, `packages`) named `name` in any spelling. */
function fileNamed(registry: Registry, dir: string, name: string): string | undefined {
  return yamlFilesByName(joinPath(registry.root, dir)).get(normalizeName(name));
}

/** A file that exists but did not load: an error naming it, with its problems. */
function unreadable(registry: Registry, file: string, what: string): HpmError {
  const display = displayPath(file);
  const problems = registry.problems.filter((problem) =>
    problem.file === display || problem.file === file
  );
  return new HpmError(`${display} has problems; ${what}`, {
    code: "registry-invalid",
    hint: "fix them first ('hpm registry validate' shows every problem)",
    problems,
  });
}

/** The group named `name` (any spelling) and its file's text, or a usage error with a guess. */
export function requireGroupFile(registry: Registry, name: string): GroupFile {
  const group = findNamed(registry.groups, name);
  if (!group) {
    const file = fileNamed(registry, "groups", name);
    if (file) throw unreadable(registry, file, "its options cannot be changed");
    const guess = didYouMean(name, registry.groups.keys());
    throw new HpmError(`no group '${name}' in the registry at ${displayPath(registry.root)}`, {
      code: "group-not-found",
      hint: guess
        ? `did you mean '${guess}'?`
        : `groups: ${[...registry.groups.keys()].join(", ") || "(none)"}; ` +
          "'hpm registry add-group NAME' makes one",
    });
  }
  const seen = see(group.file);
  if (seen.kind !== "text") {
    throw new HpmError(
      `${displayPath(group.file)} cannot be read (${
        seen.kind === "absent" ? "it is gone" : seen.error
      })`,
      { exitCode: ExitCode.Failure, hint: "run the command again" },
    );
  }
  return { group, text: seen.text, seen };
}

/** The package named `name` (any spelling), or a usage error with a guess. */
export function requireManifest(registry: Registry, name: string): Package {
  const pkg = findNamed(registry.packages, name);
  if (pkg) return pkg;
  const file = fileNamed(registry, "packages", name);
  if (file) throw unreadable(registry, file, "the package cannot be offered until it loads");
  const guess = didYouMean(name, registry.packages.keys());
  throw new HpmError(`no package '${name}' in the registry at ${displayPath(registry.root)}`, {
    code: "package-not-found",
    hint: guess
      ? `did you mean '${guess}'?`
      : "'hpm registry list' lists the packages; 'hpm registry add' adds one",
  });
}

/** The option of `group` that is `name` in any spelling. */
export function findOption(group: Group, name: string): string | undefined {
  const key = normalizeName(name);
  return group.options.find((option) => normalizeName(option.name) === key)?.name;
}

/** `hpm registry offer --json` and `hpm registry withdraw --json`. */
export interface GroupEditJson {
  ok: true;
  group: string;
  option: string;
  /** The group file's path. */
  file: string;
  /** The options after the edit. */
  options: string[];
  changed: true;
  dryRun: boolean;
  /** With --dry-run: the group file's diff. */
  diff?: string;
}

/** Writes the edited group file (or, with `--dry-run`, only plans it); says what changed. */
export async function finishGroupEdit(
  input: { command: { path: readonly string[] }; options: { "dry-run"?: boolean } },
  commit: Commit,
  edit: {
    file: GroupFile;
    text: string;
    option: string;
    /** The options after the edit. */
    options: string[];
  },
): Promise<Outcome<GroupEditJson>> {
  const { group, text: before, seen } = edit.file;
  // The yaml library always ends a text with a line break; a file without one stays so.
  const text = /\r?\n$/.test(before) ? edit.text : edit.text.replace(/\r?\n$/, "");
  const plan: WritePlan = {
    what: `hpm ${input.command.path.join(" ")}`,
    edits: [registryEdit(group.file, seen, text)],
  };
  const shown = await applyOrPreview(plan, input.options["dry-run"], commit);
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      group: group.name,
      option: edit.option,
      file: group.file,
      options: edit.options,
      changed: true,
      ...shown,
    },
  };
}

/** A group edit in text: the diff (--dry-run), else `done` and the `next` step. */
export function renderGroupEdit(json: GroupEditJson, done: string, next: string): Line[] {
  if (json.dryRun) {
    return [
      { to: "data", text: (json.diff ?? "").trimEnd() },
      dryRunLine(),
    ];
  }
  return [
    { to: "success", text: `${done} (${displayPath(json.file)})` },
    { to: "info", text: style.dim(next) },
  ];
}
