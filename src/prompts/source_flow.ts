/** The questions for what each source type needs (part of `registry add`'s flow). */
import { normalizeName } from "../names.ts";
import { isAbsolutePath, normalizePath, relativePath, resolvePath } from "../paths.ts";
import type { SourceDraft } from "../registry/write/package.ts";
import {
  type Check,
  checkConstraint,
  checkGitUrl,
  checkRef,
  checkSubdirectory,
  checkVersion,
  checkWebUrl,
} from "./answers.ts";
import { type FlowBase, invalidFlag, orEmpty, trimmed } from "./flow_base.ts";
import type { LocalProjectFacts } from "./flow_facts.ts";

/** The flags that describe a source. */
export interface SourceFlags {
  path?: string;
  url?: string;
  ref?: string;
  tag?: string;
  branch?: string;
  rev?: string;
  subdirectory?: string;
  constraint?: string;
  indexUrl?: string;
  editable?: boolean;
}

/** The facts the source questions need. */
export interface SourceFacts {
  cwd: string;
  packagesDir: string;
  exists(absolute: string): boolean;
  localProject(absoluteDir: string): LocalProjectFacts | undefined;
}

/** A source as answered, and the version it suggests (local pyproject.toml, `==X`). */
export interface SourceAnswer {
  draft: SourceDraft;
  offeredVersion?: string;
}

const APPLIES: Record<string, SourceDraft["type"][]> = {
  "--path": ["local"],
  "--editable": ["local"],
  "--no-editable": ["local"],
  "--url": ["git", "url"],
  "--ref": ["git"],
  "--tag": ["git"],
  "--branch": ["git"],
  "--rev": ["git"],
  "--subdirectory": ["git", "url"],
  "--constraint": ["index"],
  "--index-url": ["index"],
};

function givenFlags(flags: SourceFlags): string[] {
  const values: Record<string, unknown> = {
    "--path": flags.path,
    "--url": flags.url,
    "--ref": flags.ref,
    "--tag": flags.tag,
    "--branch": flags.branch,
    "--rev": flags.rev,
    "--subdirectory": flags.subdirectory,
    "--constraint": flags.constraint,
    "--index-url": flags.indexUrl,
    [flags.editable === false ? "--no-editable" : "--editable"]: flags.editable,
  };
  return Object.keys(values).filter((flag) => values[flag] !== undefined);
}

/** Asks (or takes from flags) what a source of `type` needs. */
export async function askSource(
  flow: FlowBase,
  type: SourceDraft["type"],
  flags: SourceFlags,
  facts: SourceFacts,
  name: string | undefined,
): Promise<SourceAnswer | undefined> {
  for (const flag of givenFlags(flags)) {
    if (!APPLIES[flag].includes(type)) {
      throw invalidFlag(flag, `it does not apply to a ${type} source`, flow.command);
    }
  }
  if (type === "local") return await askLocal(flow, flags, facts, name);
  if (type === "git") return await askGit(flow, flags);
  if (type === "index") return await askIndex(flow, flags);
  const url = await flow.answer(
    flags.url,
    "--url",
    (v) => checkWebUrl(v, "archive URL"),
    (p) =>
      p.text({
        message: "Archive URL (a wheel or source archive)",
        validate: trimmed((v) => checkWebUrl(v, "archive URL")),
      }),
  );
  const subdirectory = await askSubdirectory(flow, flags, "archive");
  if (url === undefined) return undefined;
  return { draft: { type: "url", url, ...(subdirectory ? { subdirectory } : {}) } };
}

async function askLocal(
  flow: FlowBase,
  flags: SourceFlags,
  facts: SourceFacts,
  name: string | undefined,
): Promise<SourceAnswer | undefined> {
  const checkPath = (path: string): Check => {
    if (path === "") return "a path is required";
    const absolute = resolvePath(facts.cwd, path);
    if (!facts.exists(absolute)) return `'${path}' does not exist (looked for ${absolute})`;
    const project = facts.localProject(absolute);
    if (name && project?.name && normalizeName(project.name) !== normalizeName(name)) {
      return `'${path}' holds the Python project '${project.name}', not '${name}'`;
    }
    return true;
  };
  const path = await flow.answer(flags.path, "--path", checkPath, (p) =>
    p.path({
      message: "Path of the package (relative to here; Tab completes)",
      base: facts.cwd,
      validate: trimmed(checkPath),
    }));
  if (path === undefined) return undefined;
  const absolute = resolvePath(facts.cwd, path);
  const stored = isAbsolutePath(path)
    ? normalizePath(path)
    : relativePath(facts.packagesDir, absolute);
  const version = facts.localProject(absolute)?.version;
  return {
    draft: { type: "local", path: stored, editable: flags.editable ?? true },
    offeredVersion: version !== undefined && checkVersion(version) === true ? version : undefined,
  };
}

async function askGit(flow: FlowBase, flags: SourceFlags): Promise<SourceAnswer | undefined> {
  const url = await flow.answer(
    flags.url,
    "--url",
    checkGitUrl,
    (p) => p.text({ message: "Repository URL", validate: trimmed(checkGitUrl) }),
  );
  const refs = (["tag", "branch", "rev", "ref"] as const).filter((key) => flags[key] !== undefined);
  if (refs.length > 1) {
    throw invalidFlag(
      `--${refs[1]}`,
      `give at most one of --tag, --branch, --rev (--ref is --rev); found --${refs[0]} too`,
      flow.command,
    );
  }
  let kind: "tag" | "branch" | "rev" | "none" = refs[0] === "ref" ? "rev" : refs[0] ?? "none";
  let value = refs[0] === undefined
    ? undefined
    : flow.flag(flags[refs[0]], `--${refs[0]}`, checkRef);
  if (refs.length === 0) {
    kind = await flow.optional((p) =>
      p.select<"tag" | "branch" | "rev" | "none">({
        message: "Which revision?",
        choices: [
          { value: "tag", name: "a tag", description: "e.g. v1.2.0 (reproducible)" },
          { value: "branch", name: "a branch", description: "e.g. main (moves over time)" },
          { value: "rev", name: "a commit", description: "a commit hash" },
          { value: "none", name: "the default branch" },
        ],
      }), "none");
    if (kind !== "none") {
      const label = kind === "rev" ? "Commit" : kind === "tag" ? "Tag" : "Branch";
      value = (await flow.prompter!.text({ message: label, validate: trimmed(checkRef) })).trim();
    }
  }
  const subdirectory = await askSubdirectory(flow, flags, "repository");
  if (url === undefined) return undefined;
  const draft: SourceDraft = { type: "git", url };
  if (kind !== "none" && value) draft[kind] = value;
  if (subdirectory) draft.subdirectory = subdirectory;
  return { draft };
}

async function askIndex(flow: FlowBase, flags: SourceFlags): Promise<SourceAnswer> {
  const constraint =
    await flow.answer(flags.constraint, "--constraint", checkConstraint, (p) =>
      p.text({
        message: "Version constraint, e.g. '>=2.1,<3' (empty: any version)",
        validate: trimmed(checkConstraint),
      }), { fallback: "" }) ?? "";
  const checkIndex = orEmpty((v) => checkWebUrl(v, "index URL"));
  const index = await flow.answer(
    flags.indexUrl,
    "--index-url",
    checkIndex,
    (p) =>
      p.text({ message: "Index URL (empty: uv's default index)", validate: trimmed(checkIndex) }),
    {
      fallback: "",
    },
  ) ?? "";
  const pinned = /^\s*===?\s*([^,*\s]+)\s*$/.exec(constraint)?.[1];
  return {
    draft: { type: "index", version: constraint, ...(index ? { index } : {}) },
    offeredVersion: pinned !== undefined && checkVersion(pinned) === true ? pinned : undefined,
  };
}

async function askSubdirectory(
  flow: FlowBase,
  flags: SourceFlags,
  where: string,
): Promise<string | undefined> {
  const answer = await flow.answer(
    flags.subdirectory,
    "--subdirectory",
    checkSubdirectory,
    (p) =>
      p.text({
        message: `Subdirectory of the package in the ${where} (empty: its root)`,
        validate: trimmed(checkSubdirectory),
      }),
    { fallback: "" },
  );
  return answer ? normalizePath(answer) : undefined;
}
