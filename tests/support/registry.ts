/** Registry groups built from YAML text for unit tests (through the real parser). */
import assert from "node:assert/strict";
import { parseGroup } from "../../src/registry/manifest/group_text.ts";
import type { Group } from "../../src/registry/types.ts";

/** Lines joined into a YAML file's text. */
export const yaml = (...lines: string[]): string => lines.join("\n") + "\n";

/** Parses group files (each must be clean) into a map by name. */
export function groups(...texts: string[]): Map<string, Group> {
  const map = new Map<string, Group>();
  for (const text of texts) {
    const name = /^name: (\S+)/.exec(text)![1];
    const { group, problems } = parseGroup(text, `/reg/groups/${name}.yaml`, `groups/${name}.yaml`);
    assert.deepEqual(problems, []);
    map.set(name, group!);
  }
  return map;
}
