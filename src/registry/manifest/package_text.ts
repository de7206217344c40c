/**
 * One package manifest, text in, package and problems out, synchronously: for callers that need
 * the answer at once (`registry add`, tests). Importing this module loads the `yaml` package
 * (for files outside the fast path's subset); the registry loader (load.ts) avoids that cost
 * by reading with `readYaml` (yaml/read.ts) and validating with `readPackage`.
 */
import { displayPath } from "../../paths.ts";
import { readYamlSync } from "../yaml/full.ts";
import { type PackageParseResult, readPackage } from "./package.ts";

export type { PackageParseResult } from "./package.ts";

/** Parses and validates the text of a package manifest; `file` is its path (absolute in the registry). */
export function parsePackage(
  text: string,
  file: string,
  display: string = displayPath(file),
): PackageParseResult {
  return readPackage(readYamlSync(text, file, display), file);
}
