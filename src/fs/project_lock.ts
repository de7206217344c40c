/**
 * One writer per project at a time. Commands that change pyproject.toml or uv.lock (or a
 * registry's files) hold an exclusive OS file lock (flock) for the project while they work.
 * The kernel releases it when the holder exits, however it exits (kill -9 included), so a lock
 * is never left stale: a file left behind is just a file, and the next hpm locks it again.
 *
 * The lock lives in the project itself, in `.hpm/lock` at its root (a uv workspace's root for
 * its members; the registry's folder for registry commands): one lock per project whatever the
 * environment (`TMPDIR`, `HOME`, `XDG_*`, sudo, a private /tmp), as the lock is found from the
 * project and nothing else. `.hpm/` is private to the project's owner (0700, the lock 0600), so
 * another user can neither create, hold nor fill it. It exists only while a command holds it
 * (the holder removes it), and ignores itself for git meanwhile (`*` in its .gitignore, as
 * uv's .venv does).
 */
import { ExitCode, HpmError } from "../errors.ts";
import { inline } from "../neutralize.ts";
import { info } from "../output.ts";
import { displayPath, joinPath } from "../paths.ts";

/** A held project lock; `release` is idempotent. */
export interface ProjectLock {
  release(): void;
}

const isWindows = Deno.build.os === "windows";

const GITIGNORE = "# made by hpm: its lock\n*\n";

/** The most of a holder note that is ever read or shown. */
export const MAX_HOLDER_CHARS = 120;

function unsafe(path: string, why: string, hint?: string): HpmError {
  return new HpmError(`refusing to use the lock ${displayPath(path)}: ${why}`, {
    exitCode: ExitCode.Failure,
    code: "lock-unsafe",
    hint: hint ?? "check it, remove it, and run the command again",
  });
}

/** Who may own `.hpm/`: this user, or (for root) the owner of the project's folder. */
function owners(rootInfo: Deno.FileInfo): number[] {
  const me = Deno.uid();
  if (me === null) return [];
  return me === 0 && rootInfo.uid !== null ? [0, rootInfo.uid] : [me];
}

/**
 * `ROOT/.hpm`, made private to the project's owner if it is missing (root, as with sudo, makes
 * it for the project's owner so that they can lock it too). Refused: a link, a file, one of
 * another user, or one others may enter.
 */
function lockDirectory(root: string): string {
  const dir = joinPath(root, ".hpm");
  try {
    Deno.mkdirSync(dir, { mode: 0o700 });
    createGitignore(dir);
    if (!isWindows) {
      const rootInfo = Deno.statSync(root);
      if (Deno.uid() === 0 && rootInfo.uid !== null && rootInfo.uid !== 0) {
        Deno.chownSync(dir, rootInfo.uid, rootInfo.gid);
        Deno.chownSync(joinPath(dir, ".gitignore"), rootInfo.uid, rootInfo.gid);
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) {
      if (error instanceof Deno.errors.PermissionDenied) {
        throw new HpmError(`cannot create ${displayPath(dir)}: permission denied`, {
          exitCode: ExitCode.Failure,
          code: "lock-unavailable",
          hint: "hpm keeps its lock in the project: run it as a user who may write " +
            displayPath(root),
        });
      }
      throw error;
    }
  }
  const there = Deno.lstatSync(dir);
  if (!there.isDirectory) throw unsafe(dir, "it is not a directory (a symbolic link?)");
  if (isWindows || there.uid === null) return dir;
  if (!owners(Deno.statSync(root)).includes(there.uid)) {
    throw unsafe(
      dir,
      `it belongs to another user (uid ${there.uid})`,
      `only the project's owner may hold its lock: remove ${displayPath(dir)} (or have its ` +
        "owner run hpm)",
    );
  }
  if ((there.mode! & 0o077) !== 0) Deno.chmodSync(dir, 0o700);
  // (Its last holder may have removed it while making way.)
  try {
    createGitignore(dir);
  } catch {
    // There already (or the directory went again: opening the lock file says so).
  }
  return dir;
}

/** Makes `.hpm/.gitignore` (AlreadyExists when it is there). */
function createGitignore(dir: string): void {
  const file = Deno.openSync(joinPath(dir, ".gitignore"), { write: true, createNew: true });
  try {
    file.writeSync(new TextEncoder().encode(GITIGNORE));
  } finally {
    file.close();
  }
}

/** Opens (creating it 0600) the lock file; it must be a plain file with no other name. */
function openLockFile(path: string): Deno.FsFile {
  let file: Deno.FsFile;
  try {
    // Exclusive creation never follows a symbolic link.
    file = Deno.openSync(path, { read: true, write: true, createNew: true, mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    file = Deno.openSync(path, { read: true, write: true });
  }
  // The path first, then the open file: when the last holder removes the file in between (or
  // before), the open file's link count is 0 and the caller opens the one there now.
  let there: Deno.FileInfo;
  try {
    there = Deno.lstatSync(path);
  } catch (error) {
    file.close();
    throw error;
  }
  const opened = file.statSync();
  if (opened.nlink === 0) {
    file.close();
    throw new Deno.errors.NotFound(`${path} was removed by its last holder`);
  }
  const plain = there.isFile && (opened.ino === null ||
    (opened.ino === there.ino && opened.dev === there.dev && opened.nlink === 1));
  if (!plain) {
    file.close();
    throw unsafe(path, "it is not a plain file of its own (a symbolic or hard link?)");
  }
  return file;
}

/** The holder's note, bounded and with nothing a terminal would act on (" (note)" or ""). */
export async function holderOf(path: string): Promise<string> {
  try {
    const file = await Deno.open(path, { read: true });
    try {
      const buffer = new Uint8Array(MAX_HOLDER_CHARS * 4);
      const n = (await file.read(buffer)) ?? 0;
      let text = new TextDecoder().decode(buffer.subarray(0, n)).trim();
      if (text.length > MAX_HOLDER_CHARS) text = text.slice(0, MAX_HOLDER_CHARS) + "...";
      return text ? ` (${inline(text)})` : "";
    } finally {
      file.close();
    }
  } catch {
    return "";
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
 */
export async function lockProject(
  root: string,
  what: string,
  waitSeconds: number,
): Promise<ProjectLock> {
  let real = root;
  try {
    real = Deno.realPathSync(root);
  } catch {
    // Not there (the command says so), or not resolvable: the path as given.
  }
  const deadline = Date.now() + waitSeconds * 1000;
  let told = false;
  for (let attempt = 1;; attempt++) {
    let dir: string;
    let path: string;
    let file: Deno.FsFile;
    try {
      dir = lockDirectory(real);
      path = joinPath(dir, "lock");
      file = openLockFile(path);
    } catch (error) {
      // Its last holder removed it (and .hpm) between our making .hpm and opening: again.
      if (error instanceof Deno.errors.NotFound && attempt < 20) continue;
      throw error;
    }
    // Free (the usual case): taken at once. Else wait, and say so after 50 ms. (The first
    // timer of a process costs Deno about 5 ms: the usual case starts none.) `tryLockSync`
    // came with Deno 2.7; before it, every lock waits through the timer.
    const taken = typeof file.tryLockSync === "function" && file.tryLockSync(true);
    const locked = taken || file.lock(true).then(() => true);
    if (locked !== true && !await within(locked, 50)) {
      const holder = await holderOf(path);
      if (waitSeconds <= 0) {
        file.close();
        throw busy(root, holder, "");
      }
      if (!told) info(`waiting for another hpm${holder} to finish with ${root}...`);
      told = true;
      const left = deadline - Date.now();
      if (left <= 0 || !await within(locked, left)) {
        file.close();
        throw busy(root, holder, ` after waiting ${waitSeconds} s`);
      }
    }
    if (!isCurrent(file, path)) {
      file.close(); // its holder removed it: a lock on it locks nothing; lock the one there now
      continue;
    }
    if (!isWindows && Deno.uid() === 0) {
      // Root (sudo) in a user's project: the lock stays theirs, so they can take it after.
      const owner = Deno.statSync(dir);
      if (owner.uid !== null && file.statSync().uid !== owner.uid) {
        Deno.chownSync(path, owner.uid, owner.gid);
      }
    }
    file.truncateSync(0);
    const note = new TextEncoder().encode(`pid ${Deno.pid}, ${what}`.slice(0, MAX_HOLDER_CHARS));
    for (let written = 0; written < note.length;) written += file.writeSync(note.subarray(written));
    return held(file, dir, path);
  }
}

/** True when `file` is still the file at `path` (not removed by its last holder). */
function isCurrent(file: Deno.FsFile, path: string): boolean {
  try {
    const open = file.statSync();
    const now = Deno.statSync(path);
    return open.ino === null || (open.ino === now.ino && open.dev === now.dev);
  } catch {
    return false;
  }
}

/**
 * The handle of a lock taken. Releasing leaves the project as it was: the lock file and
 * `.hpm/` go (removed while still locked, so a waiter that then gets the removed file sees
 * it is no longer current and locks anew), then the lock is released.
 */
function held(file: Deno.FsFile, dir: string, path: string): ProjectLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        try {
          if (isWindows) file.truncateSync(0); // Windows cannot remove an open file
          else {
            Deno.removeSync(path);
            try {
              Deno.removeSync(joinPath(dir, ".gitignore"));
              Deno.removeSync(dir); // fails, and stays, if another hpm made its lock there
            } catch { /* kept for the next holder */ }
          }
        } catch {
          file.truncateSync(0);
        }
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
