/**
 * One group file, text in, group and problems out, synchronously: for callers that need the
 * answer at once (`registry add`, tests). Importing this module loads the `yaml` package (for
 * files outside the fast path's subset); the registry loader (load.ts) avoids that cost by
 * reading with `readYaml` (yaml/read.ts) and validating with `readGroup`.
 */
import { displayPath } from "../../paths.ts";
import { readYamlSync } from "../yaml/full.ts";
import { type GroupParseResult, readGroup } from "./group.ts";

export { type GroupParseResult, STRATEGIES } from "./group.ts";

/** Parses and validates the text of a group file; `file` is its path (absolute in the registry). */
export function parseGroup(
  text: string,
  file: string,
  display: string = displayPath(file),
): GroupParseResult {
  return readGroup(readYamlSync(text, file, display), file);
}
