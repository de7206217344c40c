/**
 * Reading one YAML file of a registry with the parser it needs: the fast path (yaml/fast.ts)
 * for the subset registry files use, else the full parser (yaml/full.ts, the `yaml` package),
 * which is loaded only then. The registry loader (load_files.ts) reads with this module.
 */
import { readYamlFast } from "./fast.ts";
import type { YamlReadResult } from "./doc.ts";

/**
 * Reads one YAML document. Oversized files are refused; files in the subset registry files use
 * are read by the fast path; any other file (or any doubt) by the `yaml` package, which is
 * loaded only then and reports every syntax error. (`readYamlSync` in yaml/full.ts gives the
 * same answer synchronously, for modules that load the `yaml` package anyway.)
 */
export async function readYaml(
  text: string,
  file: string,
  display: string,
): Promise<YamlReadResult> {
  const fast = readYamlFast(text, file, display);
  if (fast) return fast;
  const { readWithYamlPackage } = await import("./full.ts");
  return readWithYamlPackage(text, file, display);
}
