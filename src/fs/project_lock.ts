/**
 * One writer per project at a time. Commands that change pyproject.toml or uv.lock hold an
 * exclusive OS file lock (flock) for the project while they work. The kernel releases it when
 * the holder exits, however it exits (kill -9 included), so a lock can never be left stale: a
 * leftover lock file is just a file, and the next process locks it again.
 *
 * The lock file lives in the system's temporary directory (named by a hash of the project's
 * path), not in the project, so hpm leaves nothing behind in the user's tree.
 */
import { ExitCode, HpmError } from "../errors.ts";
import { info } from "../output.ts";
import { joinPath } from "../paths.ts";

/** A held project lock; `release` is idempotent. */
export interface ProjectLock {
  release(): void;
}

function tempDir(): string {
  return Deno.env.get("TMPDIR") || Deno.env.get("TEMP") || Deno.env.get("TMP") ||
    (Deno.build.os === "windows" ? "C:/Windows/Temp" : "/tmp");
}

/**
 * The shared directory of lock files: like /tmp itself, anyone may create files in it and only
 * their owner may remove them (mode 1777, set past the umask), so every user can lock a project.
 */
async function lockDirectory(): Promise<string> {
  const dir = joinPath(tempDir(), "hpm-locks");
  try {
    await Deno.mkdir(dir, { mode: 0o1777 });
    await Deno.chmod(dir, 0o1777).catch(() => {}); // no modes on Windows
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  return dir;
}

async function lockPath(dir: string, root: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(root));
  const hex = [...new Uint8Array(digest)].slice(0, 12)
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return joinPath(dir, `${hex}.lock`);
}

/**
 * Opens (creating, readable and writable by all) a lock file. One another user created
 * read-only is opened read-only: flock needs no write access, only the holder note is lost.
 */
async function openLockFile(path: string): Promise<{ file: Deno.FsFile; writable: boolean }> {
  try {
    const file = await Deno.open(path, { read: true, write: true, createNew: true, mode: 0o666 });
    await Deno.chmod(path, 0o666).catch(() => {});
    return { file, writable: true };
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  try {
    return { file: await Deno.open(path, { read: true, write: true }), writable: true };
  } catch (error) {
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
  }
  return { file: await Deno.open(path, { read: true }), writable: false };
}

async function holderOf(path: string): Promise<string> {
  try {
    const text = (await Deno.readTextFile(path)).trim();
    return text ? ` (${text})` : "";
  } catch {
    return "";
  }
}

/**
 * Takes the project's lock for `what` (e.g. `hpm sync`). When another hpm holds it, says so
 * and waits up to `waitSeconds`; 0 refuses at once. Exit 1 when the wait runs out.
 */
export async function lockProject(
  root: string,
  what: string,
  waitSeconds: number,
): Promise<ProjectLock> {
  const dir = await lockDirectory();
  const path = await lockPath(dir, root);
  let opened: { file: Deno.FsFile; writable: boolean };
  try {
    opened = await openLockFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
    throw new HpmError(`cannot create a lock file in ${dir}: permission denied`, {
      exitCode: ExitCode.Failure,
      code: "lock-unavailable",
      hint: `another user made ${dir} private: have them (or root) run 'chmod 1777 ${dir}', ` +
        "or set TMPDIR to a directory of your own",
    });
  }
  const { file, writable } = opened;
  const locked = file.lock(true).then(() => true);
  const quick = await Promise.race([locked, new Promise<false>((r) => setTimeout(r, 50, false))]);
  if (!quick) {
    const holder = await holderOf(path);
    if (waitSeconds <= 0) {
      file.close();
      throw busy(root, holder, "");
    }
    info(`waiting for another hpm${holder} to finish with ${root}...`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((r) => timer = setTimeout(r, waitSeconds * 1000, false));
    const got = await Promise.race([locked, timeout]);
    clearTimeout(timer);
    if (!got) throw busy(root, holder, ` after waiting ${waitSeconds} s`);
  }
  if (writable) {
    await file.truncate(0);
    await file.write(new TextEncoder().encode(`pid ${Deno.pid}, ${what}`));
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        if (writable) file.truncateSync(0);
        file.unlockSync();
      } finally {
        file.close();
      }
    },
  };
}

function busy(root: string, holder: string, after: string): HpmError {
  return new HpmError(
    `another hpm${holder} is changing ${root}${after}`,
    {
      exitCode: ExitCode.Failure,
      code: "project-busy",
      hint: "wait for it to finish, or pass --wait SECONDS to wait longer",
    },
  );
}
