/**
 * `hpm lock`: the selection written into pyproject.toml and locked, nothing installed. It is
 * sync's plan without the install step, so it is one table entry and this file.
 */
import type { InputOf } from "../cli/commands.ts";
import type { Outcome } from "../cli/spec.ts";
import { whileLocked } from "../execute/lock.ts";
import { sync, type SyncJson } from "./sync.ts";

export { render } from "./sync.ts";

/** Runs `hpm lock`. */
export function run(input: InputOf<"lock">): Promise<Outcome<SyncJson>> {
  return whileLocked(input, () => sync(input, { install: false }));
}
