/**
 * Keys and strings as TOML writes them, and key paths as a user reads them: the part of
 * writing TOML that reading needs too (view.ts names a key path in its messages), kept apart
 * from toml_text.ts so that a read command does not load the writer.
 */
import { ExitCode, HpmError } from "../errors.ts";
import type { KeyPath } from "./locate.ts";

/** A key as written in TOML: bare when it can be, else a basic string (`"my.key"`). */
export function formatKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : formatString(key);
}

/** A key path as a user reads it: `tool.hpm.groups."my.key"`, array indexes as `[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += (out ? "." : "") + formatKey(segment);
  }
  return out;
}

/** A TOML basic string. JSON escapes are valid TOML; DEL is escaped too, lone surrogates refused. */
export function formatString(value: string): string {
  if (/\p{Surrogate}/u.test(value)) {
    throw new HpmError(`cannot write ${JSON.stringify(value)} to TOML: it has a lone surrogate`, {
      exitCode: ExitCode.Failure,
      code: "toml-unwritable",
    });
  }
  return JSON.stringify(value).replaceAll("\u007f", "\\u007F");
}
