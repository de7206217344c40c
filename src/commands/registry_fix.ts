/**
 * `hpm registry validate --fix`: rewrites each manifest the original hpm's `registry add`
 * wrote as Python objects (`!!python/object`) as plain YAML holding the same data (name,
 * version, description, sources), under the registry's lock. A file that holds anything more,
 * or cannot be used, is left as it is, and the outcome says why (registry_validate.ts says it).
 */
import type { InputOf } from "../cli/commands.ts";
import { execute } from "../execute/execute.ts";
import type { FileEdit, WritePlan } from "../execute/plan.ts";
import { displayPath } from "../paths.ts";
import { parsePackage } from "../registry/manifest/package_text.ts";
import { draftSources, newPackageText, type PackageDraft } from "../registry/write/package.ts";
import { loadContext } from "./context.ts";
import { see } from "./registry_writes.ts";

/** Why a `!!python/object` manifest was left as it is. */
export type NotFixedReason = "unusable" | "holds-more";

/** What `--fix` did: the files rewritten and the ones left, as shown. */
export interface FixOutcome {
  fixed: string[];
  notFixed: Array<{ file: string; reason: NotFixedReason }>;
}

/** Plans the rewrite of the `!!python/object` manifests: each new text, planned on what was read. */
async function planFix(
  input: InputOf<"registry_validate">,
): Promise<{ plan: WritePlan; notFixed: FixOutcome["notFixed"] }> {
  const { registry } = await loadContext(input, {
    project: false,
    strict: false,
    report: false,
    fresh: true,
  });
  const files = [
    ...new Set(registry.problems.filter((p) => p.code === "python-object").map((p) => p.file)),
  ];
  const byFile = new Map([...registry.packages.values()].map((pkg) => [pkg.position.file, pkg]));
  const edits: FileEdit[] = [];
  const notFixed: FixOutcome["notFixed"] = [];
  for (const shown of files) {
    const pkg = byFile.get(shown);
    if (!pkg) {
      notFixed.push({ file: shown, reason: "unusable" });
      continue;
    }
    const seen = see(pkg.file);
    if (seen.kind !== "text") continue;
    const parsed = parsePackage(seen.text, pkg.file, shown);
    const others = parsed.problems.filter((p) => p.code && p.code !== "python-object");
    if (!parsed.pkg || others.length > 0 || parsed.pkg.extras || parsed.pkg.marker !== undefined) {
      notFixed.push({ file: shown, reason: "holds-more" });
      continue;
    }
    const draft: PackageDraft = {
      name: parsed.pkg.name,
      ...(parsed.pkg.version !== undefined ? { version: parsed.pkg.version } : {}),
      ...(parsed.pkg.description !== undefined ? { description: parsed.pkg.description } : {}),
      sources: draftSources(parsed.pkg),
    };
    edits.push({ path: pkg.file, read: seen.text, text: await newPackageText(draft, pkg.file) });
  }
  return { plan: { what: "hpm registry validate --fix", edits }, notFixed };
}

/**
 * Rewrites the `!!python/object` manifests (one transaction: all or none; a file changed since
 * it was read stops it). Run under the registry's lock.
 */
export async function rewritePythonObjects(
  input: InputOf<"registry_validate">,
): Promise<FixOutcome> {
  const { plan, notFixed } = await planFix(input);
  await execute(plan);
  return {
    fixed: plan.edits.filter((e) => e.text !== e.read).map((e) => displayPath(e.path)),
    notFixed,
  };
}
