/**
 * The one way hpm changes a user's files (pyproject.toml, uv.lock, registry files): a
 * transaction over the files a command may change, taken under the project's lock.
 *
 * - Before anything changes, every file is checked writable by this user (opened for writing,
 *   the kernel's own check, as `uv add` meets it) and a backup of each is made beside it: a hard
 *   link for a file hpm replaces by rename (the old inode lives on under the backup's name, no
 *   new space), a copy for one another program (uv) writes. Restoring is a rename: it needs no
 *   new disk space.
 * - A write replaces the file only if it still holds what hpm read (compared right before the
 *   rename, and the original checked again after it, catching an in-place save in between).
 * - A rollback puts back only a file that still holds what hpm (or uv) left there: a file
 *   another program changed meanwhile is left as it is, and said so.
 */
import { ExitCode, HpmError, systemError } from "../errors.ts";
import { inline } from "../neutralize.ts";
import { displayPath, joinPath } from "../paths.ts";
import { basename, dirname } from "../paths.ts";
import { prepareTemp, readBytesOrNull, removeQuietly } from "./atomic.ts";
import { MAX_LOCK_BYTES, readRegularFileSync } from "./regular_file.ts";

/** A file a transaction may change: its content as the command read it (null: absent). */
export interface TxFile {
  path: string;
  read: string | Uint8Array | null;
  /** "hpm" when hpm writes it (by rename); "uv" when a child process may write it in place. */
  writer: "hpm" | "uv";
  /** False when hpm will not write it (only watch it): then it need not be writable. */
  mayWrite?: boolean;
}

/** Where a file stands after a rollback. */
export interface FileOutcome {
  path: string;
  state: "unchanged" | "restored" | "left" | "unrestored";
  /** For "unrestored": why, and where the old content is kept. */
  error?: string;
  backup?: string;
}

const decoder = new TextDecoder();

function asText(bytes: string | Uint8Array | null): string | null {
  return bytes === null || typeof bytes === "string" ? bytes : decoder.decode(bytes);
}

/** The backup's name beside a file. */
function backupPath(path: string): string {
  return joinPath(dirname(path), `.${basename(path)}.hpm-backup`);
}

/** What a file holds now that it did not (the first line that differs), for a message. */
function whatChanged(expected: string | null, now: string | null): string {
  if (now === null) return "it was removed";
  if (expected === null) return "it was created";
  const a = expected.split("\n");
  const b = now.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i >= b.length) return `it ends after line ${b.length}`;
  const line = b[i].length > 60 ? b[i].slice(0, 60) + "..." : b[i];
  return `line ${i + 1} now reads '${inline(line)}'`;
}

/**
 * A file that changed since hpm read it (`expected`: what hpm read or wrote): nothing of hpm's
 * is written over it. The message names the file and what changed.
 */
export function changedError(
  path: string,
  when: string,
  after: string,
  expected?: string | null,
): HpmError {
  let what = "";
  if (expected !== undefined) {
    try {
      what = ` (${whatChanged(expected, asText(readRegularFileSync(path, MAX_LOCK_BYTES)))})`;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) what = ` (${whatChanged(expected, null)})`;
    }
  }
  return new HpmError(`${displayPath(path)} changed ${when}${what}; ${after}`, {
    exitCode: ExitCode.Failure,
    code: "file-changed",
    hint: "run the command again: it starts from the file as it is now",
    data: { file: displayPath(path) },
  });
}

/** Refuses a file this user may not write, like uv does, before anything changed. */
function checkWritable(path: string): void {
  let file: Deno.FsFile;
  try {
    // Opening for writing (no truncation, nothing written) asks the kernel itself.
    file = Deno.openSync(path, { write: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    if (error instanceof Deno.errors.PermissionDenied) {
      let mode = "";
      try {
        const m = Deno.statSync(path).mode;
        if (m !== null) mode = ` (mode ${(m & 0o777).toString(8).padStart(4, "0")})`;
      } catch { /* mode unknown */ }
      throw new HpmError(`cannot write ${displayPath(path)}: permission denied${mode}`, {
        exitCode: ExitCode.Failure,
        code: "system",
        hint: `nothing was changed: make it writable ('chmod u+w ${displayPath(path)}') and ` +
          "run the command again",
      });
    }
    throw systemError(error, { verb: "write", path: displayPath(path) }) ?? error;
  }
  file.close();
}

/** An open transaction: `write`, then `commit` (drops the backups) or `rollback`. */
export class Transaction {
  #files = new Map<string, TxFile>();
  #wrote = new Map<string, string | null>();
  #backups = new Map<string, string>();
  #real = new Map<string, string>();

  private constructor(files: TxFile[]) {
    for (const f of files) this.#files.set(f.path, f);
  }

  /** Checks every file writable and backs each up; throws (nothing changed) when it cannot. */
  static async begin(files: TxFile[]): Promise<Transaction> {
    const tx = new Transaction(files);
    for (const f of files) if (f.read !== null && f.mayWrite !== false) checkWritable(f.path);
    try {
      for (const f of files) {
        if (f.read === null) continue;
        // Beside the file itself (a symbolic link's target): the same file system, for rename.
        const real = Deno.realPathSync(f.path);
        const backup = backupPath(real);
        removeQuietly(backup); // one a killed hpm left behind
        if (f.writer === "hpm") {
          // (A file system without hard links gets a copy: restored by rename all the same.)
          try {
            Deno.linkSync(real, backup);
          } catch (error) {
            if (error instanceof Deno.errors.NotFound) throw error;
            Deno.copyFileSync(real, backup);
          }
        } else Deno.copyFileSync(real, backup);
        tx.#real.set(f.path, real);
        tx.#backups.set(f.path, backup);
      }
    } catch (error) {
      tx.commit();
      if (error instanceof Deno.errors.NotFound) {
        throw changedError(
          [...tx.#files.keys()].find((p) => !tx.#backups.has(p)) ?? files[0].path,
          "while hpm was working on it (it was removed)",
          "nothing was written",
        );
      }
      throw systemError(error, { verb: "back up", path: "the files before changing them" }) ??
        error;
    }
    // What was backed up must still be what was read (a save before the backup).
    for (const f of files) {
      if (asText(await readBytesOrNull(f.path)) !== asText(f.read)) {
        tx.commit();
        throw changedError(f.path, "since hpm read it", "nothing was written", asText(f.read));
      }
    }
    return tx;
  }

  /** What the file holds now, as text (null: absent). */
  async #now(path: string): Promise<string | null> {
    return asText(await readBytesOrNull(path));
  }

  /** What the file should hold now, by hpm's account (its write, else what it read). */
  #expected(path: string): string | null {
    return this.#wrote.has(path) ? this.#wrote.get(path)! : asText(this.#files.get(path)!.read);
  }

  /**
   * Replaces the file with `text` (null: removes it), only if it still holds what hpm read
   * (or last wrote).
   */
  async write(path: string, text: string | null): Promise<void> {
    const expected = this.#expected(path);
    if (text === null) {
      if (await this.#now(path) !== expected) throw this.#changed(path);
      Deno.removeSync(path);
    } else {
      const { path: real, temp } = prepareTemp(path, text);
      try {
        this.#swap(path, real, temp, expected);
      } finally {
        try {
          Deno.removeSync(temp);
        } catch { /* linked and removed, or never made */ }
      }
    }
    // A save in place by a program that opened the file before the swap went into the old
    // file, which the backup still names: it wins over hpm's text.
    const backup = this.#backups.get(path);
    if (backup && !this.#wrote.has(path) && asText(await readBytesOrNull(backup)) !== expected) {
      Deno.renameSync(backup, this.#real.get(path) ?? path);
      this.#backups.delete(path);
      throw changedError(path, "since hpm read it", "hpm did not write over it", expected);
    }
    this.#wrote.set(path, text);
  }

  #changed(path: string): HpmError {
    return changedError(
      path,
      "since hpm read it",
      "hpm did not write over it",
      this.#expected(path),
    );
  }

  /**
   * Puts `temp` in place of `real` only if `real` holds `expected`, with no moment at which a
   * save by another program could be replaced: the file is first moved aside (atomically:
   * whatever is there is taken whole), checked, and the new one is linked in, which fails if
   * anything appeared at the path meanwhile. Synchronous calls: the path is absent only for
   * the microseconds between them.
   */
  #swap(path: string, real: string, temp: string, expected: string | null): void {
    const aside = joinPath(dirname(real), `.${basename(real)}.hpm-aside-${Deno.pid}`);
    const read = (p: string) => asText(readRegularFileSync(p, MAX_LOCK_BYTES));
    if (expected === null) {
      try {
        Deno.linkSync(temp, real);
      } catch (error) {
        if (error instanceof Deno.errors.AlreadyExists) throw this.#changed(path);
        throw systemError(error, { verb: "write", path: displayPath(path) }) ?? error;
      }
      return;
    }
    try {
      Deno.renameSync(real, aside);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) throw this.#changed(path);
      throw systemError(error, { verb: "write", path: displayPath(path) }) ?? error;
    }
    const putBack = () => {
      try {
        Deno.linkSync(aside, real); // fails when a newer save is already there: it stays
      } catch { /* theirs is in place */ }
      Deno.removeSync(aside);
    };
    let same: boolean;
    try {
      same = read(aside) === expected;
    } catch (error) {
      putBack();
      throw error;
    }
    if (!same) {
      putBack();
      throw this.#changed(path);
    }
    try {
      Deno.linkSync(temp, real);
    } catch (error) {
      // A save landed at the path while it was aside: it stays, hpm's text does not go in.
      Deno.removeSync(aside);
      if (error instanceof Deno.errors.AlreadyExists) throw this.#changed(path);
      putBack();
      throw systemError(error, { verb: "write", path: displayPath(path) }) ?? error;
    }
    Deno.removeSync(aside); // the backup (a link to the same file) keeps the old text
  }

  /** True when the file holds what hpm wrote there (or, unwritten, what it read). */
  async holdsOwn(path: string): Promise<boolean> {
    return await this.#now(path) === this.#expected(path);
  }

  /** Keeps the changes: removes the backups. */
  commit(): void {
    for (const backup of this.#backups.values()) removeQuietly(backup);
    this.#backups.clear();
  }

  /**
   * Puts each file back by renaming its backup over it (no new space needed): a file hpm
   * wrote only if it still holds hpm's text; one uv may write, whenever it differs. Never
   * throws: says where each file stands.
   */
  async rollback(): Promise<FileOutcome[]> {
    const outcomes: FileOutcome[] = [];
    for (const [path, f] of this.#files) {
      const read = asText(f.read);
      let now: string | null;
      try {
        now = await this.#now(path);
      } catch (error) {
        now = `\u0000unreadable: ${error}`;
      }
      if (now === read) {
        outcomes.push({ path, state: "unchanged" });
        continue;
      }
      if (f.writer === "hpm" && now !== this.#wrote.get(path)) {
        // Someone else's save since hpm's write (or before it): theirs wins.
        outcomes.push({ path, state: "left" });
        continue;
      }
      const backup = this.#backups.get(path);
      try {
        if (backup) {
          Deno.renameSync(backup, this.#real.get(path) ?? path);
          this.#backups.delete(path);
        } else Deno.removeSync(path);
        outcomes.push({ path, state: "restored" });
      } catch (error) {
        const reason = systemError(error)?.message ?? String(error);
        outcomes.push({ path, state: "unrestored", error: reason, backup });
      }
    }
    // Backups of files left as they are, or unchanged, are not needed; unrestored ones stay.
    for (const [path, backup] of this.#backups) {
      if (outcomes.find((o) => o.path === path)?.state !== "unrestored") {
        removeQuietly(backup);
      }
    }
    return outcomes;
  }
}

/** One line saying where each file stands after a rollback (`who` changed what was left). */
export function describeRollback(outcomes: FileOutcome[], who = "while hpm worked"): string {
  const names = (state: FileOutcome["state"]) =>
    outcomes.filter((o) => o.state === state).map((o) => displayPath(o.path));
  const parts: string[] = [];
  const restored = names("restored");
  if (restored.length) parts.push(`restored ${restored.join(" and ")} byte for byte`);
  for (const o of outcomes.filter((o) => o.state === "left")) {
    parts.push(`left ${displayPath(o.path)} as it is: another program changed it ${who}`);
  }
  for (const o of outcomes.filter((o) => o.state === "unrestored")) {
    parts.push(
      `could not restore ${displayPath(o.path)} (${o.error}): it holds the new version; ` +
        `the old one is in ${o.backup ? displayPath(o.backup) : "no backup"}`,
    );
  }
  const unchanged = names("unchanged");
  if (unchanged.length) {
    parts.push(`${unchanged.join(" and ")} ${unchanged.length === 1 ? "was" : "were"} not changed`);
  }
  return parts.join("; ");
}
