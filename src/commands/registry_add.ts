/**
 * `hpm registry add`: write a package manifest (or add a source for a new mode to one), and
 * optionally offer it in a group. Answers come from flags, else from prompts in a terminal;
 * without a terminal anything missing is an error listing the flags, at once.
 */
import { extrasAndMarkerText } from "../registry/describe.ts";
import type { ParsedInput } from "../cli/spec.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { info, isJsonMode, printJson, style, success } from "../output.ts";
import { normalizeName } from "../names.ts";
import { displayPath, joinPath, pathExists } from "../paths.ts";
import {
  collectPackageAnswers,
  type PackageAnswers,
  type PackageFlags,
} from "../prompts/package_flow.ts";
import { confirmWrite, loadPrompter, terminalAvailable } from "../prompts/prompter.ts";
import type { Prompter } from "../prompts/questions.ts";
import { packageFlowFacts, yamlFilesByName } from "../prompts/registry_facts.ts";
import { maskText } from "../redact.ts";
import { parsePackage } from "../registry/parse_package.ts";
import type { Registry } from "../registry/types.ts";
import { appendOptionText, newGroupText } from "../registry/write_group.ts";
import {
  draftSources,
  editPackageText,
  newPackageText,
  type SourceDraft,
  sourceRecord,
} from "../registry/write_package.ts";
import { loadContext } from "./context.ts";
import { type Commit, see, type Seen, withRegistryWrites } from "./registry_writes.ts";

function text(input: ParsedInput, key: string): string | undefined {
  const value = input.options[key];
  return typeof value === "string" ? value : undefined;
}

function narrow(input: ParsedInput): PackageFlags {
  if (input.options.editable && input.options["no-editable"]) {
    throw new HpmError("--editable and --no-editable contradict each other", {
      hint: "pass one of them",
    });
  }
  const editable = input.options.editable ? true : input.options["no-editable"] ? false : undefined;
  return {
    name: text(input, "name"),
    type: text(input, "type"),
    path: text(input, "path"),
    url: text(input, "url"),
    ref: text(input, "ref"),
    tag: text(input, "tag"),
    branch: text(input, "branch"),
    rev: text(input, "rev"),
    subdirectory: text(input, "subdirectory"),
    constraint: text(input, "constraint"),
    indexUrl: text(input, "index-url"),
    version: text(input, "version"),
    ...(Array.isArray(input.options.extra) && input.options.extra.length > 0
      ? { extras: input.options.extra as string[] }
      : {}),
    marker: text(input, "marker"),
    description: text(input, "description"),
    editable,
    mode: text(input, "mode"),
    group: text(input, "group"),
    strategy: text(input, "strategy"),
    force: input.options.force === true,
  };
}

/** One file to write: where, the new text, whether it is created, and the file it was planned on. */
interface FileWrite {
  file: string;
  text: string;
  created: boolean;
  seen: Seen;
}

/** What `registry add` will write. */
interface AddPlan {
  manifest: FileWrite;
  group?: FileWrite & { name: string; added: boolean };
}

async function planWrites(
  answers: PackageAnswers,
  registry: Registry,
  fileOf: (name: string) => string | undefined,
): Promise<AddPlan> {
  const existingFile = fileOf(answers.name);
  const file = existingFile ?? joinPath(registry.root, "packages", `${answers.name}.yaml`);
  let manifest: FileWrite;
  if (answers.existing) {
    const current = Deno.readTextFileSync(file);
    manifest = {
      file,
      created: false,
      seen: { kind: "text", text: current },
      text: await editPackageText(current, file, {
        mode: answers.mode,
        source: answers.source,
        version: answers.version,
        description: answers.description,
      }),
    };
  } else {
    // A new manifest, or (with --force) one replacing an unreadable file.
    const draft = {
      name: answers.name,
      version: answers.version,
      description: answers.description,
      sources: { [answers.mode]: answers.source },
    };
    manifest = {
      file,
      created: existingFile === undefined,
      // A new file must still be absent when written (one made meanwhile is someone's work).
      seen: existingFile === undefined ? { kind: "absent" } : see(file),
      text: await newPackageText(draft, file),
    };
  }
  if (!answers.group) return { manifest };
  const groupsDir = joinPath(registry.root, "groups");
  const groupFile = yamlFilesByName(groupsDir).get(normalizeName(answers.group.name)) ??
    joinPath(groupsDir, `${answers.group.name}.yaml`);
  const exists = registry.groups.has(answers.group.name) || pathExists(groupFile);
  if (exists) {
    const current = Deno.readTextFileSync(groupFile);
    const result = await appendOptionText(current, groupFile, { name: answers.name });
    return {
      manifest,
      group: {
        name: answers.group.name,
        file: groupFile,
        created: false,
        seen: { kind: "text", text: current },
        ...result,
      },
    };
  }
  const seen: Seen = { kind: "absent" };
  const groupText = await newGroupText({
    name: answers.group.name,
    strategy: answers.group.strategy ?? "1-of-N",
    options: [{ name: answers.name }],
  }, groupFile);
  return {
    manifest,
    group: {
      name: answers.group.name,
      file: groupFile,
      text: groupText,
      created: true,
      added: true,
      seen,
    },
  };
}

function summary(plan: AddPlan): string {
  const { manifest, group } = plan;
  const lines = [
    `${displayPath(manifest.file)} (${manifest.created ? "new" : "updated"}):`,
    ...maskText(manifest.text).trimEnd().split("\n").map((line) => "  " + line),
  ];
  if (group?.created) lines.push(`${displayPath(group.file)} (new group offering it)`);
  else if (group?.added) lines.push(`${displayPath(group.file)}: adds it as an option`);
  else if (group) lines.push(`${displayPath(group.file)}: already offers it`);
  return lines.join("\n");
}

async function write(plan: AddPlan, commit: Commit): Promise<void> {
  const files = [plan.manifest, ...(plan.group?.added ? [plan.group] : [])];
  await commit(files.map(({ file, text, seen }) => ({ file, text, seen })));
}

/**
 * A source in a few words: `local ../../packages/x (editable)`, `git URL at tag v1`, with its
 * extras and marker (`index >=0.27 [http2] ; sys_platform == 'linux'`).
 */
function describeSource(source: SourceDraft): string {
  return describeWhere(source) + extrasAndMarkerText(source.extras, source.marker);
}

function describeWhere(source: SourceDraft): string {
  switch (source.type) {
    case "local":
      return `local ${source.path}${source.editable ? " (editable)" : ""}`;
    case "git": {
      const ref = source.tag
        ? ` at tag ${source.tag}`
        : source.branch
        ? ` at branch ${source.branch}`
        : source.rev
        ? ` at ${source.rev}`
        : "";
      return maskText(`git ${source.url}${ref}`) +
        (source.subdirectory ? ` (subdirectory ${source.subdirectory})` : "");
    }
    case "index":
      return `index ${source.version || "(any version)"}` +
        (source.index ? maskText(` from ${source.index}`) : "");
    case "url":
      return maskText(`url ${source.url}`);
  }
}

async function report(answers: PackageAnswers, plan: AddPlan, offeredBy: string[]): Promise<void> {
  const written = (await parsePackage(plan.manifest.text, plan.manifest.file)).pkg!;
  const group = plan.group;
  if (isJsonMode()) {
    printJson({
      ok: true,
      file: plan.manifest.file,
      created: plan.manifest.created,
      mode: answers.mode,
      package: {
        name: written.name,
        version: written.version ?? null,
        description: written.description ?? null,
        sources: Object.fromEntries(
          Object.entries(draftSources(written)).map(([mode, s]) => [mode, sourceRecord(s)]),
        ),
      },
      group: group
        ? { name: group.name, file: group.file, created: group.created, added: group.added }
        : null,
    });
    return;
  }
  success(
    `${plan.manifest.created ? "added" : "updated"} ${style.bold(answers.name)} in ` +
      `${displayPath(plan.manifest.file)}: '${answers.mode}' source ${
        describeSource(answers.source)
      }`,
  );
  if (group?.created) {
    success(
      `created group '${group.name}' offering '${answers.name}' (${displayPath(group.file)})`,
    );
  } else if (group?.added) success(`group '${group.name}' now offers '${answers.name}'`);
  else if (group) info(`group '${group.name}' already offers '${answers.name}'`);
  const offering = group?.name ?? offeredBy[0];
  info(style.dim(
    offering
      ? `next: 'hpm group add ${offering} --option ${answers.name}', then 'hpm sync'`
      : `next: offer it in a group ('hpm registry add-group NAME --strategy 1-of-N -o ${answers.name}')`,
  ));
}

/** Runs `hpm registry add`. */
export async function run(input: ParsedInput): Promise<number> {
  const flags = narrow(input);
  const noInput = input.options["no-input"] === true || isJsonMode() || !terminalAvailable();
  return await withRegistryWrites(input, !noInput, (commit) => add(flags, noInput, input, commit));
}

async function add(
  flags: PackageFlags,
  noInput: boolean,
  input: ParsedInput,
  commit: Commit,
): Promise<number> {
  const context = await loadContext(input, { project: false, strict: false, report: false });
  const facts = packageFlowFacts(context.registry, context.cwd);
  let prompter: Prompter | undefined;
  const getPrompter = async () => (prompter ??= await loadPrompter());
  const answers = await collectPackageAnswers(flags, facts, noInput ? undefined : getPrompter);
  const plan = await planWrites(answers, context.registry, facts.fileOf);
  if (answers.asked && input.options.yes !== true) {
    info(summary(plan));
    await confirmWrite(await getPrompter());
  }
  await write(plan, commit);
  const offeredBy = [...context.registry.groups.values()]
    .filter((g) => g.options.some((o) => o.name === answers.name)).map((g) => g.name);
  await report(answers, plan, offeredBy);
  return ExitCode.Success;
}
