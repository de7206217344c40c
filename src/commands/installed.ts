/** What a virtual environment has installed, from its `*.dist-info` directories. */
import { normalizeName } from "../names.ts";
import { joinPath } from "../paths.ts";

/** Installed distributions of a virtual environment (name -> version), from `*.dist-info`. */
export async function installedVersions(venv: string): Promise<Map<string, string> | undefined> {
  const libs = Deno.build.os === "windows" ? [joinPath(venv, "Lib")] : [joinPath(venv, "lib")];
  const found = new Map<string, string>();
  let any = false;
  for (const lib of libs) {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(lib));
    } catch {
      continue;
    }
    const dirs = Deno.build.os === "windows"
      ? [joinPath(lib, "site-packages")]
      : entries.filter((e) => e.name.startsWith("python")).map((e) =>
        joinPath(lib, e.name, "site-packages")
      );
    for (const dir of dirs) {
      try {
        for await (const entry of Deno.readDir(dir)) {
          any = true;
          const match = /^(.+?)-([^-]+)\.dist-info$/.exec(entry.name);
          if (match) found.set(normalizeName(match[1]), match[2]);
        }
      } catch {
        // not a site-packages directory
      }
    }
  }
  return any ? found : undefined;
}
