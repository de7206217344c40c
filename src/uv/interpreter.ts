/**
 * Pure: the interpreter one uv run chose, handed to the later runs of the same command.
 *
 * Without an environment, every uv command of a project looks for an interpreter, and that
 * search can cost most of a run: pyenv's shims run a shell script per query, and uv never
 * caches what a shim answers (on the CI machine `uv sync --locked` of a fresh project takes
 * 240 ms, 60 ms with `--python` given). `hpm sync` runs `uv lock`, then `uv sync --locked` in the
 * same project moments later; the lock reports the interpreter it found (`Using CPython 3.11.7
 * interpreter at: /path`), and the install is given that path instead of searching again. It
 * is uv's own answer, found by the same rules in the same directory, so nothing else changes;
 * it is passed only when the environment does not exist yet (otherwise uv uses it, with no
 * search) and when nothing else chooses the interpreter (UV_PYTHON, a Python option of uv).
 * `check --all` does the same across its locks, and a failed check or sync across the locks
 * that try its alternatives: each temporary project would search the same way, so the runs
 * after the first that searched are given what it found.
 */

/** uv options (as hpm passes them on) that choose or limit the interpreter themselves. */
const CHOOSES_PYTHON =
  /^(?:-p|--python|--python-preference|--managed-python|--no-managed-python|--system|--config-file|--no-config)(?:=|$)/;

/** True when UV_PYTHON or one of `tokens` (uv options hpm passes on) has a say on the interpreter. */
export function choosesPython(
  tokens: readonly string[],
  env: (name: string) => string | undefined,
): boolean {
  return Boolean(env("UV_PYTHON")) || tokens.some((token) => CHOOSES_PYTHON.test(token));
}

const USING = /^Using (?:CPython|PyPy|GraalPy|Pyodide) \S+ interpreter at: (.+)$/m;

/** The interpreter a uv run said it used, as an absolute path; undefined when it said none. */
export function interpreterUsed(stderr: string): string | undefined {
  const path = USING.exec(stderr)?.[1]?.trim();
  return path && (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) ? path : undefined;
}

/**
 * The interpreter a command's uv runs found, for its later runs: learned from the first run
 * that reports one, never when the user chose (`choosesPython`).
 */
export class FoundInterpreter {
  #path: string | undefined;
  readonly #allowed: boolean;

  /** `allowed`: false when UV_PYTHON or a uv option chooses the interpreter. */
  constructor(allowed: boolean) {
    this.#allowed = allowed;
  }

  /** Keeps the interpreter `stderr` (a uv run's) reports, unless one is known already. */
  learn(stderr: string): void {
    if (this.#allowed && this.#path === undefined) this.#path = interpreterUsed(stderr);
  }

  /** `["--python", PATH]` once an interpreter is known, else nothing. */
  args(): string[] {
    return this.#path === undefined ? [] : ["--python", this.#path];
  }
}

/** A FoundInterpreter for a command whose uv runs get `tokens` and read `env`. */
export function foundInterpreter(
  tokens: readonly string[],
  env: (name: string) => string | undefined,
): FoundInterpreter {
  return new FoundInterpreter(!choosesPython(tokens, env));
}
