/**
 * Edits of `[tool.hpm.modes]` (package -> mode), for `hpm mode set` and `hpm mode clear`: pure
 * and format-preserving (through the pyproject editor); `execute` writes the result.
 */
import { normalizeName } from "../names.ts";
import { type EditOp, editPyproject } from "../pyproject/editor.ts";

const MODES = ["tool", "hpm", "modes"];

/** The keys of `[tool.hpm.modes]` that name `pkg` however they spell it (PEP 503), in order. */
export function modeKeysFor(modes: Record<string, string>, pkg: string): string[] {
  const key = normalizeName(pkg);
  return Object.keys(modes).filter((name) => normalizeName(name) === key);
}

/**
 * `text` with `[tool.hpm.modes] KEY = MODE` set for each `[key, mode]`, or removed where the
 * mode is `undefined`. Removing the last entry also removes a bare `[tool.hpm.modes]` header
 * (one holding comments stays), so setting and clearing gives back the original bytes.
 */
export async function editModes(
  text: string,
  file: string,
  changes: ReadonlyArray<readonly [key: string, mode: string | undefined]>,
): Promise<string> {
  const ops: EditOp[] = changes.map(([key, mode]) =>
    mode === undefined
      ? { op: "delete", path: [...MODES, key] }
      : { op: "set", path: [...MODES, key], value: mode }
  );
  if (changes.some(([, mode]) => mode === undefined)) {
    ops.push({ op: "deleteTableIfEmpty", path: MODES });
  }
  return ops.length ? await editPyproject(text, file, ops) : text;
}
