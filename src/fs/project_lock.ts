/**
 * One writer per project at a time. Commands that change pyproject.toml or uv.lock hold an
 * exclusive OS file lock (flock) for the project while they work. The kernel releases it when
 * the holder exits, however it exits (kill -9 included), so a lock can never be left stale: a
 * leftover lock file is just a file, and the next process locks it again (and removes it).
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

const isWindows = Deno.build.os === "windows";

function unsafe(path: string, why: string): HpmError {
  return new HpmError(`refusing to use the lock path ${path}: ${why}`, {
    exitCode: ExitCode.Failure,
    code: "lock-unsafe",
    hint: `someone may have planted it: check it, remove it, and run the command again ` +
      "(or set TMPDIR to a directory of your own)",
  });
}

/**
 * The shared directory of lock files: like /tmp itself, anyone may create files in it and only
 * their owner may remove them (mode 1777, set past the umask), so every user can lock a project.
 * A symbolic link there, or a directory of another user that anyone could empty (not sticky),
 * is refused: lock files are written to.
 */
async function lockDirectory(): Promise<string> {
  const dir = joinPath(tempDir(), "hpm-locks");
  await Deno.mkdir(dir, { recursive: true, mode: 0o1777 });
  const info = await Deno.lstat(dir);
  if (!info.isDirectory) throw unsafe(dir, "it is not a directory (a symbolic link?)");
  if (isWindows || info.uid === null) return dir;
  if (info.uid === Deno.uid()) {
    // Ours: made shared past the umask (also one an older hpm left at 0755).
    if ((info.mode! & 0o7777) !== 0o1777) await Deno.chmod(dir, 0o1777);
  } else if ((info.mode! & 0o1002) === 0o0002) {
    throw unsafe(dir, "another user's directory that anyone may write to without the sticky bit");
  }
  return dir;
}

/** The lock file of a project: named by a hash of its real path (symbolic links resolved). */
async function lockPath(dir: string, root: string): Promise<string> {
  const real = await Deno.realPath(root).catch(() => root);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(real));
  const hex = [...new Uint8Array(digest)].slice(0, 12)
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return joinPath(dir, `${hex}.lock`);
}

/**
 * Opens (creating, readable and writable by all) a lock file. One another user created
 * read-only is opened read-only: flock needs no write access, only the holder note is lost.
 * What was opened must be the plain file at the path (not a link's target, not a file with
 * other names), and hpm writes its holder note only into a file of its own user.
 */
async function openLockFile(path: string): Promise<{ file: Deno.FsFile; writable: boolean }> {
  for (let attempt = 1;; attempt++) {
    let file: Deno.FsFile | undefined;
    let readWrite = true;
    try {
      // Exclusive creation never follows a symbolic link.
      file = await Deno.open(path, { read: true, write: true, createNew: true, mode: 0o666 });
      await Deno.chmod(path, 0o666).catch(() => {});
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    if (!file) {
      try {
        try {
          file = await Deno.open(path, { read: true, write: true });
        } catch (error) {
          if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
          file = await Deno.open(path, { read: true });
          readWrite = false;
        }
      } catch (error) {
        // Its holder removed it between our attempt to create it and this open: create it.
        if (error instanceof Deno.errors.NotFound && attempt < 10) continue;
        throw error;
      }
    }
    const opened = file.statSync();
    let there: Deno.FileInfo | undefined;
    try {
      there = Deno.lstatSync(path);
    } catch { /* removed meanwhile: checked again once locked */ }
    const plain = there === undefined || (there.isFile && (opened.ino === null ||
      (opened.ino === there.ino && opened.dev === there.dev && opened.nlink === 1)));
    if (plain) {
      const own = isWindows || opened.uid === null || opened.uid === Deno.uid();
      return { file, writable: readWrite && own };
    }
    // Its holder may have just removed the file we opened (and another hpm made a new one).
    const removed = file.statSync().nlink === 0;
    file.close();
    if (removed && attempt < 10) continue;
    throw unsafe(path, "it is not a plain file of its own (a symbolic or hard link?)");
  }
}

async function holderOf(path: string): Promise<string> {
  try {
    const text = (await Deno.readTextFile(path)).trim();
    return text ? ` (${text})` : "";
  } catch {
    return "";
  }
}

/** True when `file` is still the file at `path` (not removed, or replaced, by its last holder). */
function isCurrent(file: Deno.FsFile, path: string): boolean {
  try {
    const open = file.statSync();
    const now = Deno.statSync(path);
    return open.ino === null || (open.ino === now.ino && open.dev === now.dev);
  } catch {
    return false;
  }
}

/** `locked` or false after `ms`, whichever comes first (the timer is cleared either way). */
async function within(locked: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => timer = setTimeout(resolve, ms, false));
  try {
    return await Promise.race([locked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Takes the project's lock for `what` (e.g. `hpm sync`). When another hpm holds it, says so
 * and waits up to `waitSeconds`; 0 refuses at once. Exit 1 when the wait runs out.
 *
 * A holder removes its lock file when it is done, so the directory does not fill up. It does so
 * while it still holds the lock, and whoever then gets a lock checks that its file is still the
 * one at the path, else locks again: a lock on a removed file would lock nothing.
 */
export async function lockProject(
  root: string,
  what: string,
  waitSeconds: number,
): Promise<ProjectLock> {
  const dir = await lockDirectory();
  const path = await lockPath(dir, root);
  const deadline = Date.now() + waitSeconds * 1000;
  let told = false;
  for (;;) {
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
    if (!await within(locked, 50)) {
      const holder = await holderOf(path);
      if (waitSeconds <= 0) {
        file.close();
        throw busy(root, holder, "");
      }
      if (!told) info(`waiting for another hpm${holder} to finish with ${root}...`);
      told = true;
      const left = deadline - Date.now();
      if (left <= 0 || !await within(locked, left)) {
        throw busy(root, holder, ` after waiting ${waitSeconds} s`);
      }
    }
    if (!isCurrent(file, path)) {
      file.close(); // releases the lock on the removed file; lock the new one
      continue;
    }
    if (writable) {
      await file.truncate(0);
      await file.write(new TextEncoder().encode(`pid ${Deno.pid}, ${what}`));
    }
    return held(file, path, writable);
  }
}

/** The handle of a lock taken: releasing removes the file (when hpm may), then unlocks. */
function held(file: Deno.FsFile, path: string, writable: boolean): ProjectLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        // Windows cannot remove an open file; another user's file (sticky directory) is kept.
        let removed = false;
        if (writable && Deno.build.os !== "windows") {
          try {
            Deno.removeSync(path);
            removed = true;
          } catch { /* kept: truncated below */ }
        }
        if (writable && !removed) file.truncateSync(0);
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
