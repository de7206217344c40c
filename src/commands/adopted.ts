/** How commands describe what they take over from the original hpm's sync (see plan/adopt.ts). */
import type { Adoption } from "../plan/adopt.ts";

/** True when there is something to take over. */
export function adopts(adopted: Adoption): boolean {
  return adopted.names.length > 0 || adopted.removeMembers.length > 0;
}

/** One line naming what is taken over; `done`: it was (sync), else it will be (dry run, status). */
export function adoptionLine(adopted: Adoption, done: boolean): string {
  const stale = new Set(adopted.stale);
  const names = adopted.names.map((n) =>
    `${n} (${stale.has(n) ? "replaced: removed" : "selected"})`
  );
  const members = adopted.removeMembers.length
    ? `; the [tool.uv.workspace] members its 'uv add' wrote: ${adopted.removeMembers.join(", ")}` +
      (adopted.dropWorkspace ? " (the table goes with them)" : "")
    : "";
  return `${done ? "took over" : "hpm sync takes over"} what the original hpm's sync left: ` +
    `${names.join(", ")}${members}`;
}

/** The JSON form. */
export function adoptionJson(adopted: Adoption) {
  return {
    names: adopted.names,
    stale: adopted.stale,
    removeMembers: adopted.removeMembers,
    dropWorkspace: adopted.dropWorkspace,
  };
}
