/**
 * `hpm completions`: the scripts complete commands, options, and group/option names read from
 * the project's registry, in real shells. Bash is driven through tmux (a real readline: TAB,
 * TAB TAB, Enter); the same scripts are also checked line by line without a terminal.
 * Runs whatever HPM_TEST_CMD names (the source, the bundle), through an `hpm` on PATH.
 */
import assert from "node:assert/strict";
import { shellQuote } from "../../src/cli/completion_model.ts";
import { copyFixture, FIXTURES, hpm, removing, REPO, testEnv } from "../support/hpm.ts";

const SEED = `${FIXTURES}/seed-project`;
const CI = Deno.env.get("CI") === "true";

/** The command the suite runs as hpm (the same rule as tests/support/hpm.ts). */
function hpmArgv(): string[] {
  const custom = Deno.env.get("HPM_TEST_CMD");
  if (custom) return custom.split(" ").filter(Boolean);
  return [Deno.execPath(), "run", "-A", "--quiet", `${REPO}/main.ts`];
}

function installed(program: string): boolean {
  try {
    new Deno.Command(program, { args: ["-V"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    return false;
  }
}

const HAVE = { tmux: installed("tmux"), zsh: installed("zsh"), fish: installed("fish") };
for (const [program, present] of Object.entries(HAVE)) {
  if (!present && !CI) {
    console.warn(
      `\n*** SKIPPING completion tests that need ${program}: it is not installed ` +
        `(apt-get install -y ${program}; .ci/run installs it) ***\n`,
    );
  }
}
/** In CI a missing shell fails the test; elsewhere the test is skipped (and said so above). */
const needs = (program: keyof typeof HAVE) => !HAVE[program] && !CI;

function passThrough(...names: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of names) {
    const value = Deno.env.get(name);
    if (value !== undefined) found[name] = value;
  }
  return found;
}

/** A directory with an `hpm` that runs the command under test, plus the shell's environment. */
async function shellSetup(): Promise<{ bin: string; env: Record<string, string> }> {
  const bin = await Deno.makeTempDir({ prefix: "hpm-bin-" });
  await Deno.writeTextFile(
    `${bin}/hpm`,
    `#!/bin/sh\nexec ${hpmArgv().map(shellQuote).join(" ")} "$@"\n`,
  );
  await Deno.chmod(`${bin}/hpm`, 0o755);
  const env = testEnv({
    PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
    TERM: "xterm",
    // hpm (deno) finds its module cache from these; fish keeps its files out of HOME.
    HOME: Deno.env.get("HOME") ?? bin,
    ...passThrough("DENO_DIR", "XDG_CACHE_HOME"),
    XDG_CONFIG_HOME: bin,
    XDG_DATA_HOME: bin,
  });
  return { bin, env };
}

async function completionScript(shell: string, cwd: string): Promise<string> {
  const result = await hpm(["completions", shell], { cwd });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

async function runShell(
  program: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<string> {
  const result = await new Deno.Command(program, { args, cwd, env, clearEnv: true }).output();
  const stderr = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, stderr);
  assert.equal(stderr, "");
  return new TextDecoder().decode(result.stdout);
}

// What each line completes to (the bash and fish scripts walk the line the same way).
const CASES: Array<[string, string[]]> = [
  ["hpm ", ["init", "list", "show", "search", "group", "check", "sync", "status", "registry"]],
  ["hpm gr", ["group"]],
  ["hpm group ", ["add", "remove"]],
  ["hpm group add inf", ["inference"]],
  ["hpm group add inference --option ", ["vlm-adapter-qwen", "vlm-adapter-deepseek"]],
  ["hpm group add inference -o vlm-adapter-q", ["vlm-adapter-qwen"]],
  ["hpm group add metrics -o metric-l", ["metric-latency"]],
  ["hpm group remove metrics -o ", ["metric-accuracy", "metric-latency"]],
  ["hpm check --group metrics --option metric-a", ["metric-accuracy"]],
  ["hpm check --group=inference --mode ", ["prod"]],
  ["hpm show ", ["inference", "metrics"]],
  ["hpm show inference ", []],
  ["hpm search ", []],
  ["hpm completions ", ["bash", "zsh", "fish"]],
  ["hpm registry remove vlm", ["vlm-adapter-deepseek", "vlm-adapter-qwen"]],
  ["hpm registry add-group new --strategy ", ["1-of-N", "M-of-N"]],
  ["hpm sync --dr", ["--dry-run"]],
  ["hpm --ver", ["--verbose", "--version"]],
];

/** Each case's candidates that bash/fish print, whatever else a newer table adds. */
function expectedFor(line: string, candidates: string[], got: string[]): string[] {
  // The root level grows with new commands; check the listed ones are there.
  if (line === "hpm ") return got.filter((c) => candidates.includes(c));
  return got;
}

Deno.test("hpm completions SHELL prints a script; an unknown shell is a usage error", async () => {
  for (const shell of ["bash", "zsh", "fish"]) {
    assert.match(await completionScript(shell, SEED), new RegExp(`${shell} completion for hpm`));
  }
  const bad = await hpm(["completions", "pwsh"], { cwd: SEED });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no completion script for shell 'pwsh'/);
  assert.match(bad.stderr, /hint: shells: bash, zsh, fish/);
});

Deno.test("hpm completions __values: the registry's names, -r honoured, nothing on stdout on error", async () => {
  const values = await hpm(["completions", "__values"], { cwd: SEED });
  assert.equal(values.code, 0, values.stderr);
  assert.match(values.stdout, /^group\tinference\t-\t\n/);
  assert.match(values.stdout, /\noption\tvlm-adapter-deepseek\tinference\tDeepSeek-VL adapter\n/);
  const elsewhere = await Deno.makeTempDir();
  await using _elsewhere = removing(elsewhere);
  const flag = await hpm(["completions", "__values", "-r", `${SEED}/registry`], { cwd: elsewhere });
  assert.equal(flag.stdout, values.stdout);
  const none = await hpm(["completions", "__values"], { cwd: elsewhere });
  assert.notEqual(none.code, 0);
  assert.equal(none.stdout, "");
});

Deno.test("bash script: what each line completes to (COMP_LINE, no terminal)", async () => {
  const { bin, env } = await shellSetup();
  await using _bin = removing(bin);
  const script = `${bin}/hpm.bash`;
  await Deno.writeTextFile(script, await completionScript("bash", SEED));
  const probe = [
    `source ${shellQuote(script)}`,
    ...CASES.map(([line]) =>
      `COMP_LINE=${shellQuote(line)}; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _hpm; ` +
      `printf '%s\\n' "\${COMPREPLY[*]}"`
    ),
  ].join("\n");
  const out = (await runShell("bash", ["--noprofile", "--norc", "-c", probe], SEED, env))
    .split("\n");
  CASES.forEach(([line, expected], i) => {
    const got = out[i] === "" ? [] : out[i].split(" ");
    assert.deepEqual(expectedFor(line, expected, got), expected, `bash: '${line}'`);
  });
  // --registry (and --registry=) name the registry when there is no project around.
  const outside = await Deno.makeTempDir();
  await using _outside = removing(outside);
  const flags = [
    `hpm -r ${SEED}/registry show `,
    `hpm --registry=${SEED}/registry group add metrics -o `,
  ].map((line) =>
    `COMP_LINE=${shellQuote(line)}; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _hpm; ` +
    `printf '%s\\n' "\${COMPREPLY[*]}"`
  );
  const fromOutside = await runShell(
    "bash",
    ["--noprofile", "--norc", "-c", [`source ${shellQuote(script)}`, ...flags].join("\n")],
    outside,
    env,
  );
  assert.equal(fromOutside, "inference metrics\nmetric-accuracy metric-latency\n");
  // A registry path written with ~/ or in quotes, as a user types it.
  const home = await Deno.makeTempDir();
  await using _home = removing(home);
  await Deno.symlink(`${SEED}/registry`, `${home}/reg`);
  const typed = [`hpm -r ~/reg show `, `hpm -r '${SEED}/registry' show `].map((line) =>
    `COMP_LINE=${shellQuote(line)}; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _hpm; ` +
    `printf '%s\\n' "\${COMPREPLY[*]}"`
  );
  const fromHome = await runShell(
    "bash",
    [
      "--noprofile",
      "--norc",
      "-c",
      [
        // hpm keeps finding its module cache when HOME moves.
        `export DENO_DIR=\${DENO_DIR:-$HOME/.cache/deno}; HOME=${shellQuote(home)}`,
        `source ${shellQuote(script)}`,
        ...typed,
      ].join("\n"),
    ],
    outside,
    env,
  );
  assert.equal(fromHome, "inference metrics\ninference metrics\n");
});

Deno.test({
  name: "fish script: what each line completes to (complete -C)",
  ignore: needs("fish"),
  fn: async () => {
    const { bin, env } = await shellSetup();
    const script = `${bin}/hpm.fish`;
    await Deno.writeTextFile(script, await completionScript("fish", SEED));
    const probe = [
      `source ${shellQuote(script)}`,
      ...CASES.map(([line]) =>
        `echo (complete -C ${shellQuote(line)} | string replace -r '\\t.*' '' | string join ' ')`
      ),
    ].join("\n");
    const out = (await runShell("fish", ["--no-config", "-c", probe], SEED, env)).split("\n");
    CASES.forEach(([line, expected], i) => {
      const got = out[i] === "" ? [] : out[i].split(" ");
      // fish sorts candidates itself.
      assert.deepEqual(
        expectedFor(line, expected, got).sort(),
        [...expected].sort(),
        `fish: '${line}'`,
      );
    });
    await Deno.remove(bin, { recursive: true });
  },
});

/** A shell running in a detached tmux session, driven by keys and read from the screen. */
class TmuxSession {
  private constructor(private socket: string, private dir: string) {}

  static async start(
    cwd: string,
    env: Record<string, string>,
    argv: string[],
  ): Promise<TmuxSession> {
    const dir = await Deno.makeTempDir({ prefix: "hpm-tmux-" });
    const session = new TmuxSession(`${dir}/socket`, dir);
    const vars = Object.entries(env).map(([key, value]) => `${key}=${value}`);
    await session.tmux(
      ["-f", "/dev/null", "new-session", "-d", "-s", "hpm", "-x", "160", "-y", "40", "-c", cwd],
      ["env", "-i", ...vars, ...argv],
    );
    return session;
  }

  private async tmux(args: string[], tail: string[] = []): Promise<string> {
    const result = await new Deno.Command("tmux", {
      args: ["-S", this.socket, ...args, ...tail],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    assert.equal(result.code, 0, `tmux ${args.join(" ")}: ${decoder.decode(result.stderr)}`);
    return decoder.decode(result.stdout);
  }

  /** Types `text` literally. */
  type(text: string): Promise<string> {
    return this.tmux(["send-keys", "-t", "hpm", "-l", "--", text]);
  }

  /** Presses a key: `Tab`, `Enter`, `C-c`. */
  press(key: string): Promise<string> {
    return this.tmux(["send-keys", "-t", "hpm", key]);
  }

  screen(): Promise<string> {
    return this.tmux(["capture-pane", "-p", "-t", "hpm"]);
  }

  /** Waits until `done(screen)` (up to 20 s), and returns the screen. */
  async waitFor(done: (screen: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (done(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
  }

  async stop(): Promise<void> {
    await this.tmux(["kill-server"]).catch(() => {});
    await Deno.remove(this.dir, { recursive: true });
  }
}

/** The screen's lines, without trailing blanks. */
function lines(screen: string): string[] {
  return screen.split("\n").map((line) => line.trimEnd());
}

/** True when some line of the screen is exactly `text`. */
const showsLine = (text: string) => (screen: string) => lines(screen).includes(text);

/** True when the shell is waiting at an empty prompt. */
const atPrompt = (screen: string) => lines(screen.trimEnd()).at(-1) === "$";

/**
 * The same keystrokes in bash and zsh: a group name, the options of that group (TAB inserts
 * their common prefix; then bash lists them on TAB TAB, zsh on one TAB), and Enter runs the
 * completed command for real.
 */
async function driveSession(session: TmuxSession, project: string, tabsToList: number) {
  await session.waitFor(atPrompt, "the prompt");
  await session.type("hpm group add inf");
  await session.press("Tab");
  await session.waitFor(showsLine("$ hpm group add inference"), "the group name completed");

  await session.type("--option ");
  await session.press("Tab");
  await session.waitFor(
    showsLine("$ hpm group add inference --option vlm-adapter-"),
    "the options' common prefix",
  );
  for (let i = 0; i < tabsToList; i++) await session.press("Tab");
  const listed = (screen: string, name: string) =>
    lines(screen).some((line) => !line.startsWith("$") && line.includes(name));
  const listing = await session.waitFor(
    (screen) => listed(screen, "vlm-adapter-qwen") && listed(screen, "vlm-adapter-deepseek"),
    "the options of 'inference' listed",
  );
  assert.ok(!listing.includes("metric-accuracy"), "only the options of 'inference' are offered");

  await session.type("d");
  await session.press("Tab");
  await session.waitFor(
    showsLine("$ hpm group add inference --option vlm-adapter-deepseek"),
    "the option name completed",
  );
  await session.press("Enter");
  await session.waitFor(atPrompt, "the prompt after running the completed command");
  const pyproject = await Deno.readTextFile(`${project}/pyproject.toml`);
  assert.match(pyproject, /inference = "vlm-adapter-deepseek"/, await session.screen());

  await session.type("hpm group add metrics -o metric-l");
  await session.press("Tab");
  await session.waitFor(
    showsLine("$ hpm group add metrics -o metric-latency"),
    "an M-of-N group's option completed",
  );
}

Deno.test({
  name: "bash in tmux: 'hpm group add inf<TAB>' and '--option <TAB><TAB>' from the registry",
  ignore: needs("tmux"),
  fn: async () => {
    assert.ok(HAVE.tmux, "tmux is not installed (.ci/run installs it with apt-get)");
    const project = await copyFixture("seed-project");
    const { bin, env } = await shellSetup();
    await Deno.writeTextFile(`${bin}/hpm.bash`, await completionScript("bash", project));
    await Deno.writeTextFile(
      `${bin}/bashrc`,
      `PS1='$ '\nsource ${shellQuote(`${bin}/hpm.bash`)}\n`,
    );
    const session = await TmuxSession.start(project, env, [
      "bash",
      "--noprofile",
      "--rcfile",
      `${bin}/bashrc`,
      "-i",
    ]);
    try {
      await driveSession(session, project, 2);
    } finally {
      await session.stop();
      await Deno.remove(bin, { recursive: true });
      await Deno.remove(project, { recursive: true });
    }
  },
});

Deno.test({
  name: "zsh in tmux: the same keystrokes through compinit",
  ignore: needs("tmux") || needs("zsh"),
  fn: async () => {
    assert.ok(HAVE.tmux && HAVE.zsh, "tmux and zsh must be installed (.ci/run installs them)");
    const project = await copyFixture("seed-project");
    const { bin, env } = await shellSetup();
    await Deno.mkdir(`${bin}/zfunc`);
    await Deno.writeTextFile(`${bin}/zfunc/_hpm`, await completionScript("zsh", project));
    await Deno.writeTextFile(
      `${bin}/.zshrc`,
      `fpath=(${shellQuote(`${bin}/zfunc`)} $fpath)\nautoload -Uz compinit && compinit -u -D\n` +
        `PS1='$ '\n`,
    );
    const session = await TmuxSession.start(project, { ...env, ZDOTDIR: bin }, ["zsh", "-i"]);
    try {
      await driveSession(session, project, 1);
    } finally {
      await session.stop();
      await Deno.remove(bin, { recursive: true });
      await Deno.remove(project, { recursive: true });
    }
  },
});
