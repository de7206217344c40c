/** `hpm registry validate`: every problem of the whole registry, exit 2 when any is an error. */
import type { ParsedInput } from "../cli/spec.ts";
import { HpmError } from "../errors.ts";
import { isJsonMode, printJson, printProblems, success } from "../output.ts";
import { displayPath } from "../paths.ts";
import { loadContext, registryErrors } from "./context.ts";
import { plural } from "../plural.ts";

/** Runs `hpm registry validate`. */
export async function run(input: ParsedInput): Promise<number> {
  const { registry, location } = await loadContext(input, {
    project: false,
    strict: false,
    report: false,
    // A verdict on the files themselves: never on a cache of them.
    fresh: true,
  });
  const errors = registryErrors(registry);
  const where = displayPath(location.root);
  if (errors.length > 0) {
    throw new HpmError(`the registry at ${where} has ${plural(errors.length, "error")}`, {
      hint: "fix each problem at the file:line:column shown",
      code: "registry-invalid",
      problems: registry.problems,
    });
  }
  const counts = `${plural(registry.groups.size, "group")}, ${
    plural(registry.packages.size, "package")
  }`;
  if (isJsonMode()) {
    printJson({
      ok: true,
      registry: location.root,
      groups: registry.groups.size,
      packages: registry.packages.size,
      problems: registry.problems,
    });
    return 0;
  }
  printProblems(registry.problems);
  const warnings = registry.problems.length;
  success(`${where}: ${counts}, no errors${warnings ? `, ${plural(warnings, "warning")}` : ""}`);
  return 0;
}
