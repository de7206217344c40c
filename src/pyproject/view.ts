/** A typed, read-only view of the parts of pyproject.toml hpm reads. */
import { rememberDocument } from "./positions.ts";
import { ExitCode, HpmError, type Problem } from "../errors.ts";
import type { KeyPath } from "./locate.ts";
import { type ReadToml, readToml, withAst } from "./read.ts";
import { formatKeyPath } from "./toml_keys.ts";

export type { SourcePosition } from "./locate.ts";

/** The `[tool.hpm]` settings. */
export interface HpmSettings {
  /** Where the registry lives (a path or URL), `registry = "..."`. */
  registry?: string;
  /** The project-wide default mode, `mode = "..."`. */
  mode?: string;
  /**
   * `[tool.hpm.groups]`: group name to the selected option (1-of-N) or options (M-of-N). This
   * and `modes` have no prototype, so any name looks up only what the file says.
   */
  groups: Record<string, string | string[]>;
  /** `[tool.hpm.modes]`: package name to the mode it is installed in. */
  modes: Record<string, string>;
  /**
   * `strict-modes = true`: a package without a source for its mode is an error instead of
   * using its `prod` source. Read only when a boolean (settings_check warns about the rest).
   */
  strictModes?: boolean;
  /** `managed = [...]`: the distribution names hpm owns in `[project].dependencies` and sources. */
  managed: string[];
  /** `written = { name = "digest" }`: what hpm last wrote per managed name (absent: older hpm). */
  written?: Record<string, string>;
  /** `created = [...]`: keys hpm created (`project.dependencies`, `tool.uv.sources`). */
  created?: string[];
}

/** What hpm reads from pyproject.toml, type-checked. */
export interface PyprojectView {
  file: string;
  /** The document as read; its AST is built only to locate keys (see positions.ts). */
  document: ReadToml;
  /** The whole parsed document. */
  value: Record<string, unknown>;
  projectName?: string;
  /** `[project].dependencies` (PEP 508 strings). */
  dependencies: string[];
  requiresPython?: string;
  hpm: HpmSettings;
  /** `[tool.uv.sources]`, as written. */
  uvSources: Record<string, unknown>;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date-time";
  if (isTable(value)) return "a table";
  if (typeof value === "string") return `a string (${JSON.stringify(value)})`;
  if (typeof value === "number") return `a number (${value})`;
  return `a ${typeof value} (${String(value)})`;
}

/** A wrong type found, located once all are known (locating needs the full parser). */
interface WrongType {
  path: KeyPath;
  message: string;
}

class Checker {
  readonly problems: WrongType[] = [];
  constructor(readonly root: unknown) {}

  at(path: KeyPath): unknown {
    let value = this.root;
    for (const segment of path) {
      if (isTable(value) && typeof segment === "string") value = value[segment];
      else if (Array.isArray(value) && typeof segment === "number") value = value[segment];
      else return undefined;
    }
    return value;
  }

  report(path: KeyPath, expected: string, value: unknown): void {
    const message = `\`${formatKeyPath(path)}\` must be ${expected}, found ${describe(value)}`;
    this.problems.push({ path, message });
  }

  table(path: KeyPath): Record<string, unknown> | undefined {
    const value = this.at(path);
    if (value === undefined || isTable(value)) return value;
    this.report(path, "a table", value);
    return undefined;
  }

  string(path: KeyPath): string | undefined {
    const value = this.at(path);
    if (value === undefined || typeof value === "string") return value;
    this.report(path, "a string", value);
    return undefined;
  }

  /** An array of strings; wrong elements are reported one by one and left out. */
  strings(path: KeyPath): string[] | undefined {
    const value = this.at(path);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.report(path, "an array of strings", value);
      return undefined;
    }
    const out: string[] = [];
    value.forEach((element, i) => {
      if (typeof element === "string") out.push(element);
      else this.report([...path, i], "a string", element);
    });
    return out;
  }
}

function readHpm(check: Checker): HpmSettings {
  const base = ["tool", "hpm"];
  // Without a prototype: a group or package named `constructor` or `toString` is a plain name.
  const hpm: HpmSettings = { groups: Object.create(null), modes: Object.create(null), managed: [] };
  if (!check.table(["tool"]) || !check.table(base)) return hpm;
  const registry = check.string([...base, "registry"]);
  if (registry !== undefined) hpm.registry = registry;
  const mode = check.string([...base, "mode"]);
  if (mode !== undefined) hpm.mode = mode;
  hpm.managed = check.strings([...base, "managed"]) ?? [];
  const strict = check.at([...base, "strict-modes"]);
  if (typeof strict === "boolean") hpm.strictModes = strict;
  const written = check.table([...base, "written"]);
  if (written) {
    hpm.written = {};
    for (const name of Object.keys(written)) {
      const digest = check.string([...base, "written", name]);
      if (digest !== undefined) hpm.written[name] = digest;
    }
  }
  const created = check.strings([...base, "created"]);
  if (created !== undefined) hpm.created = created;
  for (const name of Object.keys(check.table([...base, "groups"]) ?? {})) {
    const path = [...base, "groups", name];
    const value = check.at(path);
    if (typeof value === "string") hpm.groups[name] = value;
    else if (Array.isArray(value)) hpm.groups[name] = check.strings(path) ?? [];
    else check.report(path, "a string or an array of strings", value);
  }
  for (const name of Object.keys(check.table([...base, "modes"]) ?? {})) {
    const mode = check.string([...base, "modes", name]);
    if (mode !== undefined) hpm.modes[name] = mode;
  }
  return hpm;
}

/**
 * The key locator (locate.ts), loaded with the full parser when a position is first wanted:
 * only problems need one, so a command with none loads neither.
 */
function locator(): Promise<typeof import("./locate.ts")> {
  return import("./locate.ts");
}

/**
 * Reads pyproject.toml and checks the types of what hpm reads. Every wrong type is collected
 * and thrown as one HpmError (exit 2, code `pyproject-invalid`) with a located problem each;
 * invalid TOML throws the parser's located `toml-invalid`.
 */
export async function readPyprojectView(text: string, file: string): Promise<PyprojectView> {
  const document = await readToml(text, file);
  rememberDocument(document);
  const value = document.value;
  const check = new Checker(value);
  const project = check.table(["project"]);
  const projectName = project && check.string(["project", "name"]);
  const dependencies = (project && check.strings(["project", "dependencies"])) ?? [];
  const requiresPython = project && check.string(["project", "requires-python"]);
  const view: PyprojectView = {
    file,
    document,
    value,
    ...(projectName !== undefined && { projectName }),
    dependencies,
    ...(requiresPython !== undefined && { requiresPython }),
    hpm: readHpm(check),
    uvSources: (check.table(["tool"]) && check.table(["tool", "uv"]) &&
      check.table(["tool", "uv", "sources"])) ?? {},
  };
  if (check.problems.length > 0) {
    const [ast, { valuePositionOf }] = await Promise.all([withAst(document), locator()]);
    const problems: Problem[] = check.problems.map(({ path, message }) => ({
      file,
      ...(valuePositionOf(ast, path) ?? { line: 1, column: 1 }),
      message,
      severity: "error",
    }));
    const count = problems.length;
    throw new HpmError(
      `${file} has ${count} invalid value${count === 1 ? "" : "s"}: ${problems[0].message}`,
      {
        exitCode: ExitCode.Usage,
        code: "pyproject-invalid",
        hint: `fix the value${count === 1 ? "" : "s"} at the listed places in ${file}`,
        problems,
      },
    );
  }
  return view;
}
