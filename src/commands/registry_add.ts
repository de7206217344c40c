/**
 * `hpm registry add`: write a package manifest (or add a source for a new mode to one), and
 * optionally offer it in a group. Answers come from flags, else from prompts in a terminal;
 * without a terminal anything missing is an error listing the flags, at once.
 */
import { applyOrPreview } from "../execute/execute.ts";
import { dryRunLine } from "../execute/plan.ts";
import type { InputOf } from "../cli/commands.ts";
import type { Line, Outcome, RenderMode } from "../cli/spec.ts";
import { extrasAndMarkerText } from "../registry/describe.ts";
import { ExitCode, HpmError } from "../errors.ts";
import { info, style } from "../output.ts";
import { displayPath } from "../paths.ts";
import { collectPackageAnswers, type PackageFlags } from "../prompts/package_flow.ts";
import { confirmWrite, lazyPrompter, mayAsk } from "../prompts/prompter.ts";
import { packageFlowFacts } from "../prompts/registry_facts.ts";
import { maskText } from "../redact.ts";
import { parsePackage } from "../registry/manifest/package_text.ts";
import { draftSources, sourceRecord } from "../registry/write/package.ts";
import { loadContext } from "./context.ts";
import { addPlan, planWrites, summary } from "./registry_add_plan.ts";
import { type Commit, withRegistryWrites } from "./registry_writes.ts";

/** A source as a manifest writes it (`sourceRecord`): `type`, then its keys. */
type SourceRecord = Record<string, string | boolean | string[]>;

/** `hpm registry add --json`, and what the text output says. */
export interface RegistryAddJson {
  ok: true;
  /** The manifest's path. */
  file: string;
  created: boolean;
  mode: string;
  package: {
    name: string;
    version: string | null;
    description: string | null;
    sources: Record<string, SourceRecord>;
  };
  group: { name: string; file: string; created: boolean; added: boolean } | null;
  /** The groups that offered the package before (the next step names one). */
  offeredBy: string[];
  dryRun: boolean;
  /** With --dry-run: the files' diff. */
  diff?: string;
}

type Input = InputOf<"registry_add">;

function narrow(input: Input): PackageFlags {
  const { options } = input;
  if (options.editable && options["no-editable"]) {
    throw new HpmError("--editable and --no-editable contradict each other", {
      hint: "pass one of them",
    });
  }
  const editable = options.editable ? true : options["no-editable"] ? false : undefined;
  return {
    name: options.name,
    type: options.type,
    path: options.path,
    url: options.url,
    ref: options.ref,
    tag: options.tag,
    branch: options.branch,
    rev: options.rev,
    subdirectory: options.subdirectory,
    constraint: options.constraint,
    indexUrl: options["index-url"],
    version: options.version,
    ...(options.extra?.length ? { extras: options.extra } : {}),
    marker: options.marker,
    description: options.description,
    editable,
    mode: options.mode,
    group: options.group,
    strategy: options.strategy,
    force: options.force === true,
  };
}

/** Runs `hpm registry add`. */
export async function run(input: Input): Promise<Outcome<RegistryAddJson>> {
  const flags = narrow(input);
  const noInput = !mayAsk(input);
  return await withRegistryWrites(input, !noInput, (commit) => add(flags, noInput, input, commit));
}

async function add(
  flags: PackageFlags,
  noInput: boolean,
  input: Input,
  commit: Commit,
): Promise<Outcome<RegistryAddJson>> {
  const context = await loadContext(input, { project: false, strict: false, report: false });
  const facts = packageFlowFacts(context.registry, context.cwd);
  const prompter = lazyPrompter();
  const answers = await collectPackageAnswers(flags, facts, noInput ? undefined : prompter);
  const plan = await planWrites(answers, context.registry, facts.fileOf);
  const dryRun = input.options["dry-run"] === true;
  if (answers.asked && input.options.yes !== true && !dryRun) {
    // Part of asking, not the result: what "Write it?" is about.
    info(summary(plan));
    await confirmWrite(await prompter());
  }
  const shown = await applyOrPreview(addPlan(plan), dryRun, commit);
  const { manifest, group } = plan;
  const written = (await parsePackage(manifest.edit.text ?? "", manifest.edit.path)).pkg!;
  const offeredBy = [...context.registry.groups.values()]
    .filter((g) => g.options.some((o) => o.name === answers.name)).map((g) => g.name);
  return {
    exitCode: ExitCode.Success,
    json: {
      ok: true,
      file: manifest.edit.path,
      created: manifest.created,
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
        ? { name: group.name, file: group.edit.path, created: group.created, added: group.added }
        : null,
      offeredBy,
      ...shown,
    },
  };
}

/** `hpm registry add` in text. */
export function render(json: RegistryAddJson, _mode: RenderMode): Line[] {
  if (json.dryRun) return [{ to: "data", text: json.diff ?? "" }, dryRunLine()];
  const name = json.package.name;
  const source = json.package.sources[json.mode] ?? {};
  const lines: Line[] = [{
    to: "success",
    text: `${json.created ? "added" : "updated"} ${style.bold(name)} in ` +
      `${displayPath(json.file)}: '${json.mode}' source ${describeSource(source)}`,
  }];
  const group = json.group;
  if (group?.created) {
    lines.push({
      to: "success",
      text: `created group '${group.name}' offering '${name}' (${displayPath(group.file)})`,
    });
  } else if (group?.added) {
    lines.push({ to: "success", text: `group '${group.name}' now offers '${name}'` });
  } else if (group) {
    lines.push({ to: "info", text: `group '${group.name}' already offers '${name}'` });
  }
  const offering = group?.name ?? json.offeredBy[0];
  lines.push({
    to: "info",
    text: style.dim(
      offering
        ? `next: 'hpm group add ${offering} --option ${name}', then 'hpm sync'`
        : `next: offer it in a group ('hpm registry add-group NAME --strategy 1-of-N -o ${name}')`,
    ),
  });
  return lines;
}

/**
 * A source in a few words: `local ../../packages/x (editable)`, `git URL at tag v1`, with its
 * extras and marker (`index >=0.27 [http2] ; sys_platform == 'linux'`).
 */
function describeSource(source: SourceRecord): string {
  const extras = source.extras;
  return describeWhere(source) +
    extrasAndMarkerText(Array.isArray(extras) ? extras : undefined, textOf(source, "marker"));
}

function textOf(source: SourceRecord, key: string): string | undefined {
  const value = source[key];
  return typeof value === "string" ? value : undefined;
}

function describeWhere(source: SourceRecord): string {
  const get = (key: string) => textOf(source, key);
  const subdirectory = get("subdirectory");
  switch (source.type) {
    case "local":
      return `local ${get("path")}${source.editable === true ? " (editable)" : ""}`;
    case "git": {
      const [tag, branch, rev] = [get("tag"), get("branch"), get("rev")];
      const ref = tag
        ? ` at tag ${tag}`
        : branch
        ? ` at branch ${branch}`
        : rev
        ? ` at ${rev}`
        : "";
      return maskText(`git ${get("url")}${ref}`) +
        (subdirectory ? ` (subdirectory ${subdirectory})` : "");
    }
    case "index": {
      const index = get("index");
      return `index ${get("version") || "(any version)"}` +
        (index ? maskText(` from ${index}`) : "");
    }
    default:
      return maskText(`url ${get("url")}`);
  }
}
