/**
 * The questions of `hpm registry add`, in order: name, source type, what the type needs,
 * version (optional for index and tagged git sources), description, editable (local), extras
 * and marker (optional), mode, group. Each answer comes from its flag when
 * given; the facts about the registry and the disk are injected, so the flow is pure logic
 * tested with a scripted prompter.
 */
import { ExitCode, HpmError } from "../errors.ts";
import { parseMarker } from "../registry/manifest/marker.ts";
import { isDistributionName } from "../registry/manifest/python_specs.ts";
import { normalizeExtras } from "../registry/requirement.ts";
import type { Strategy } from "../registry/types.ts";
import type { SourceDraft } from "../registry/write/package.ts";
import { checkModeName, checkPackageName, checkVersion } from "./answers.ts";
import type { Check } from "./answers.ts";
import { checkChoice, FlowBase, missingFlags, orEmpty, trimmed } from "./flow_base.ts";
import type { Prompter } from "./questions.ts";
import { askSource, type SourceFlags } from "./source_flow.ts";
import { askGroup } from "./group_choice.ts";
import type { KnownPackage, PackageFlowFacts } from "./flow_facts.ts";

/** The flags of `registry add`, narrowed from argv. */
export interface PackageFlags extends SourceFlags {
  name?: string;
  type?: string;
  version?: string;
  /** `--extra`, repeatable: extras installed with the package (written in the source). */
  extras?: string[];
  /** `--marker`: a PEP 508 environment marker (written in the source). */
  marker?: string;
  description?: string;
  editable?: boolean;
  mode?: string;
  group?: string;
  strategy?: string;
  force: boolean;
}

/** Everything `registry add` needs to write. */
export interface PackageAnswers {
  name: string;
  mode: string;
  source: SourceDraft;
  /** The existing manifest this source goes into (undefined: a new manifest is written). */
  existing?: KnownPackage;
  /** For a new manifest, its version; for an existing one, a new version when given. */
  version?: string;
  description?: string;
  /** The group to offer the package in; `strategy` is set when the group is new. */
  group?: { name: string; strategy?: Strategy };
  /** True when any question was asked (the command then confirms before writing). */
  asked: boolean;
}

const COMMAND = "registry add";

function describeModes(modes: string[]): string {
  return modes.map((mode) => `'${mode}'`).join(", ");
}

class PackageFlow extends FlowBase {
  /** Why the flow cannot go on without asking, when that is more than a missing flag. */
  blocking?: HpmError;

  constructor(
    readonly flags: PackageFlags,
    readonly facts: PackageFlowFacts,
    prompter: Prompter | undefined,
  ) {
    super(prompter, COMMAND);
  }

  checkName = (name: string): Check => {
    const valid = checkPackageName(name);
    if (valid !== true) return valid;
    const known = this.facts.lookup(name);
    if (!known) return true;
    if (known.name !== name) {
      return `'${name}' is the same distribution as the existing package '${known.name}'; ` +
        `use '${known.name}'`;
    }
    if (!known.readable && !this.flags.force) {
      return `the manifest of '${name}' exists but is not valid; fix it ('hpm registry ` +
        "validate'), or pass --force to replace it";
    }
    const mode = this.flags.mode?.trim();
    if (known.readable && mode !== undefined) return this.modeFree(known, mode);
    return true;
  };

  modeFree(known: KnownPackage, mode: string): Check {
    if (!known.readable || this.flags.force || !known.modes.includes(mode)) return true;
    return `'${known.name}' already has a '${mode}' source; pass --force to replace it, or ` +
      "choose another mode to add a source for it";
  }

  checkMode(known: KnownPackage | undefined): (mode: string) => Check {
    return (mode) => {
      const valid = checkModeName(mode);
      return valid !== true || !known ? valid : this.modeFree(known, mode);
    };
  }

  async run(): Promise<PackageAnswers | undefined> {
    const flags = this.flags;
    const name = await this.answer(
      flags.name,
      "--name",
      this.checkName,
      (p) =>
        p.text({
          message: "Package name (its Python distribution name)",
          validate: trimmed(this.checkName),
        }),
    );
    const found = name === undefined ? undefined : this.facts.lookup(name);
    const existing = found?.readable ? found : undefined;

    let mode: string | undefined;
    if (existing) {
      const free = ["prod", "dev"].find((m) => !existing.modes.includes(m));
      mode = await this.answer(flags.mode, "--mode", this.checkMode(existing), (p) =>
        p.text({
          message:
            `'${existing.name}' has ${existing.modes.length === 1 ? "a source" : "sources"} ` +
            `${describeModes(existing.modes)}; ` +
            "mode of the new source",
          default: free,
          validate: trimmed(this.checkMode(existing)),
        }), { fallback: "prod" });
      if (mode !== undefined && this.modeFree(existing, mode) !== true) {
        // Only the default can be taken here (a flag was checked): ask, or explain.
        this.blocking = modeTaken(existing, mode);
        this.missing.push("--mode");
      }
    }
    const replacing = existing !== undefined && mode !== undefined &&
      existing.modes.includes(mode);

    const type = await this.answer(
      flags.type,
      "--type",
      (value) => checkChoice(value, ["local", "git", "index", "url"], "source type"),
      (p) =>
        p.select({
          message: "Source type",
          choices: [
            { value: "local", description: "a directory on this machine (a checkout)" },
            { value: "git", description: "a git repository at a tag, branch or commit" },
            { value: "index", description: "a release from a package index such as PyPI" },
            { value: "url", description: "a wheel or source archive at a URL" },
          ],
        }),
    ) as SourceDraft["type"] | undefined;
    const source = type === undefined
      ? undefined
      : await askSource(this, type, flags, this.facts, name);

    let version: string | undefined;
    let description: string | undefined;
    if (existing && !replacing) {
      version = this.flag(flags.version, "--version", checkVersion);
      description = this.flag(flags.description, "--description", () => true);
    } else if (type !== undefined) {
      const offered = existing?.version ?? source?.offeredVersion;
      // An index package's version is its constraint (and the lock's), a tagged git one's its
      // tag: the manifest's own version is optional for them.
      const optional = type === "index" || (type === "git" && source?.draft.type === "git" &&
        source.draft.tag !== undefined);
      const check = optional ? orEmpty(checkVersion) : checkVersion;
      version = await this.answer(flags.version, "--version", check, (p) =>
        p.text({
          message: optional ? "Version (optional: the lock or the tag tells it)" : "Version",
          default: offered,
          validate: trimmed(check),
        }), { fallback: offered, required: !optional });
      if (version === "") version = undefined;
      description = await this.answer(
        flags.description,
        "--description",
        () => true,
        (p) =>
          p.text({ message: "Description (one line, optional)", default: existing?.description }),
        { fallback: existing?.description, required: false },
      );
      if (description === "") description = undefined;
    }
    if (source?.draft.type === "local" && flags.editable === undefined) {
      source.draft.editable = await this.optional(
        (p) =>
          p.confirm({
            message: "Install it editable (edits apply without reinstalling)?",
            default: true,
          }),
        true,
      );
    }
    if (source && type !== undefined) await this.askExtras(source.draft);
    if (!existing) {
      mode = await this.answer(
        flags.mode,
        "--mode",
        checkModeName,
        (p) =>
          p.text({
            message: "Mode of this source",
            default: "prod",
            validate: trimmed(checkModeName),
          }),
        {
          fallback: "prod",
        },
      );
    }
    const group = await askGroup(this, this.flags, this.facts.groups, name);
    if (name === undefined || mode === undefined || !source || this.missing.length > 0) {
      return undefined;
    }
    const answers: PackageAnswers = { name, mode, source: source.draft, asked: this.asked };
    if (existing) answers.existing = existing;
    if (version !== undefined) answers.version = version;
    if (description !== undefined) answers.description = description;
    if (group) answers.group = group;
    return answers;
  }

  /** Extras and marker for the new source (flags, else optional questions). */
  askExtras(draft: SourceDraft): Promise<void> {
    return askExtrasOf(this, draft);
  }
}

/** The extras and marker of the new source: flags, else two optional questions. */
async function askExtrasOf(flow: PackageFlow, draft: SourceDraft): Promise<void> {
  const flags = flow.flags;
  if (flags.extras !== undefined) {
    for (const extra of flags.extras) {
      const ok = checkExtras(extra);
      if (ok !== true) throw usageError("--extra", ok);
    }
  }
  const extras = flags.extras ?? splitExtras(
    await flow.optional(
      (p) =>
        p.text({
          message: "Extras to install with it (comma-separated, optional)",
          validate: trimmed(orEmpty(checkExtras)),
        }),
      "",
    ),
  );
  if (extras.length > 0) draft.extras = normalizeExtras(extras);
  const marker = await flow.answer(
    flags.marker,
    "--marker",
    orEmpty(checkMarker),
    (p) =>
      p.text({
        message: "Environment marker, e.g. sys_platform == 'win32' (optional)",
        validate: trimmed(orEmpty(checkMarker)),
      }),
    { required: false },
  );
  if (marker) {
    const parsed = parseMarker(marker);
    if (parsed.ok) draft.marker = parsed.marker;
  }
}

function splitExtras(text: string): string[] {
  return text.split(",").map((e) => e.trim()).filter(Boolean);
}

function checkExtras(text: string): Check {
  for (const extra of splitExtras(text)) {
    if (!isDistributionName(extra)) {
      return `'${extra}' is not a valid extra name: use letters, digits, '-', '_' and '.' (PEP 508)`;
    }
  }
  return true;
}

function checkMarker(text: string): Check {
  const parsed = parseMarker(text);
  return parsed.ok
    ? true
    : `invalid marker: ${parsed.message}${parsed.hint ? ` (${parsed.hint})` : ""}`;
}

function usageError(flag: string, message: string): HpmError {
  return new HpmError(`${flag}: ${message}`, { exitCode: ExitCode.Usage, code: "usage" });
}

function modeTaken(existing: KnownPackage, mode: string): HpmError {
  return new HpmError(`'${existing.name}' already has a '${mode}' source`, {
    code: "package-exists",
    hint: `pass --mode MODE to add a source for another mode (it has ${
      describeModes(existing.modes)
    }), or --force to replace the '${mode}' source`,
  });
}

/**
 * Collects the answers of `registry add`. Flags first; when something required is missing,
 * `prompter` (loaded only then) asks every question no flag answered, or, when there is no
 * prompter (no terminal, `--no-input`), an error lists the missing flags at once.
 */
export async function collectPackageAnswers(
  flags: PackageFlags,
  facts: PackageFlowFacts,
  prompter: (() => Promise<Prompter>) | undefined,
): Promise<PackageAnswers> {
  const quiet = new PackageFlow(flags, facts, undefined);
  const answers = await quiet.run();
  if (answers) return answers;
  if (!prompter) {
    if (quiet.blocking) throw quiet.blocking;
    throw missingFlags(
      COMMAND,
      quiet.missing,
      "nothing is asked without a terminal or with --no-input",
      `pass them as flags, e.g. '${exampleCommand(flags, quiet.missing)}'` +
        (quiet.missing.includes("--type")
          ? "; by type: local needs --path; git --url and --version; index --version (and " +
            "--constraint or --index-url if wanted); url --url and --version"
          : ""),
    );
  }
  const asking = new PackageFlow(flags, facts, await prompter());
  const asked = await asking.run();
  if (!asked) throw new Error("registry add: the interactive flow ended without answers");
  return asked;
}

/** Placeholders of the flags an example command may miss. */
const PLACEHOLDERS: Record<string, string> = {
  "--name": "NAME",
  "--type": "local",
  "--path": "DIR",
  "--url": "URL",
  "--version": "VERSION",
  "--mode": "MODE",
  "--strategy": "1-of-N",
};

/** The command with the flags given so far and a placeholder for each missing one. */
function exampleCommand(flags: PackageFlags, missing: string[]): string {
  // Every answer given, in the order the questions come, so the example loses none of them.
  const given: Array<[string, string | undefined]> = [
    ["--name", flags.name],
    ["--type", flags.type],
    ["--path", flags.path],
    ["--url", flags.url],
    ["--ref", flags.ref],
    ["--tag", flags.tag],
    ["--branch", flags.branch],
    ["--rev", flags.rev],
    ["--subdirectory", flags.subdirectory],
    ["--constraint", flags.constraint],
    ["--index-url", flags.indexUrl],
    ["--version", flags.version],
    ["--marker", flags.marker],
    ["--description", flags.description],
    ["--mode", flags.mode],
    ["--group", flags.group],
    ["--strategy", flags.strategy],
  ];
  const quote = (value: string) => /^[\w.:/@=<>,+-]+$/.test(value) ? value : JSON.stringify(value);
  const words = given.filter(([, value]) => value !== undefined)
    .map(([flag, value]) => `${flag} ${quote(value!)}`);
  if (flags.editable !== undefined) words.push(flags.editable ? "--editable" : "--no-editable");
  if (flags.force) words.push("--force");
  for (const flag of missing) words.push(`${flag} ${PLACEHOLDERS[flag] ?? "VALUE"}`);
  // Without a type yet, the example shows the simplest one whole.
  if (missing.includes("--type") && !flags.path) words.push("--path DIR");
  return `hpm ${COMMAND} ${words.join(" ")}`;
}
