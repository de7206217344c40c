/**
 * `hpm registry validate --fix`: rewrites each manifest the original hpm's `registry add`
 * wrote as Python objects (`!!python/object`) as plain YAML holding the same data (name,
 * version, description, sources), under the registry's lock. A file that holds anything more,
 * or cannot be used, is left as it is, with a warning saying why.
 */
import type { ParsedInput } from "../cli/spec.ts";
import { isJsonMode, success, warn } from "../output.ts";
import { displayPath } from "../paths.ts";
import { parsePackage } from "../registry/parse_package.ts";
import { draftSources, newPackageText, type PackageDraft } from "../registry/write_package.ts";
import { loadContext } from "./context.ts";
import { type Commit, type RegistryWrite, see } from "./registry_writes.ts";

/** Rewrites the `!!python/object` manifests; returns the files rewritten (as shown). */
export async function rewritePythonObjects(input: ParsedInput, commit: Commit): Promise<string[]> {
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
  const writes: RegistryWrite[] = [];
  for (const shown of files) {
    const pkg = byFile.get(shown);
    if (!pkg) {
      warn(
        `${shown} not rewritten: it cannot be used`,
        "fix its errors first ('hpm registry validate')",
      );
      continue;
    }
    const seen = see(pkg.file);
    if (seen.kind !== "text") continue;
    const parsed = parsePackage(seen.text, pkg.file, shown);
    const others = parsed.problems.filter((p) => p.code && p.code !== "python-object");
    if (!parsed.pkg || others.length > 0 || parsed.pkg.extras || parsed.pkg.marker !== undefined) {
      warn(
        `${shown} not rewritten: it holds more than the original hpm's 'registry add' writes`,
        "rewrite it by hand ('hpm registry validate' lists what it holds)",
      );
      continue;
    }
    const draft: PackageDraft = {
      name: parsed.pkg.name,
      ...(parsed.pkg.version !== undefined ? { version: parsed.pkg.version } : {}),
      ...(parsed.pkg.description !== undefined ? { description: parsed.pkg.description } : {}),
      sources: draftSources(parsed.pkg),
    };
    writes.push({ file: pkg.file, text: await newPackageText(draft, pkg.file), seen });
  }
  await commit(writes);
  for (const write of isJsonMode() ? [] : writes) {
    success(
      `rewrote ${
        displayPath(write.file)
      } as plain YAML (it was the original hpm's !!python/object form)`,
    );
  }
  return writes.map((write) => displayPath(write.file));
}
