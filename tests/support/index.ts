/**
 * Support for the tests that use the real package index (tests/index/): the same hermetic
 * set-up as the offline suite (its own uv cache, no Python downloads, no colour) but with the
 * network on, so uv resolves small pinned packages from PyPI. Only files under tests/index/
 * use it; the offline suite never does.
 */
import { hpm, type HpmResult } from "./hpm.ts";

/** Environment overrides that turn uv's network back on (the suite's default is offline). */
export const ONLINE: Readonly<Record<string, string>> = { UV_OFFLINE: "false" };

/** Runs hpm with the network on (extra env on top of {@link ONLINE}). */
export function hpmOnline(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<HpmResult> {
  return hpm(args, { cwd: options.cwd, env: { ...ONLINE, ...options.env } });
}
