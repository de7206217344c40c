/**
 * A real terminal for tests: hpm runs inside a private tmux server, the test reads the screen
 * and types like a user. `TMUX` is undefined when tmux is missing (tests then skip, saying why).
 */
import { REPO, testEnv } from "./hpm.ts";

function tmuxVersion(): string | undefined {
  try {
    const output = new Deno.Command("tmux", { args: ["-V"], stdout: "piped", stderr: "null" })
      .outputSync();
    return output.success ? new TextDecoder().decode(output.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

/** tmux's version, or undefined when it is not installed. */
export const TMUX = tmuxVersion();

function quote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

function hpmArgv(): string[] {
  const custom = Deno.env.get("HPM_TEST_CMD");
  if (custom) return custom.split(" ").filter(Boolean);
  return [Deno.execPath(), "run", "-A", "--quiet", `${REPO}/main.ts`];
}

/** One hpm run in its own tmux server (a private socket), driven by keys. */
export class Terminal {
  private constructor(private readonly socketDir: string) {}

  private get socket(): string {
    return `${this.socketDir}/tmux.sock`;
  }

  /**
   * Starts `hpm ARGS` in `cwd`; after it exits the pane shows `__EXIT_<code>__`. `unset` names
   * variables of the test environment hpm does not get (e.g. UV_NO_PROGRESS).
   */
  static async start(
    cwd: string,
    args: string[],
    options: { unset?: string[] } = {},
  ): Promise<Terminal> {
    // A private server on a socket of its own, removed on close.
    const socketDir = await Deno.makeTempDir({ prefix: "hpm-tmux-" });
    const unset = options.unset ?? [];
    const env = Object.entries(testEnv()).filter(([k]) => !unset.includes(k))
      .map(([k, v]) => `${k}=${quote(v)}`).join(" ");
    const command =
      `env ${unset.map((k) => `-u ${k} `).join("")}${env} ${
        [...hpmArgv(), ...args].map(quote).join(" ")
      }; ` +
      "echo __EXIT_$?__; sleep 600";
    const terminal = new Terminal(socketDir);
    await terminal.tmux([
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      "160",
      "-y",
      "60",
      "-c",
      cwd,
      command,
    ]);
    return terminal;
  }

  private async tmux(args: string[]): Promise<string> {
    const output = await new Deno.Command("tmux", {
      args: ["-S", this.socket, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
    return new TextDecoder().decode(output.stdout);
  }

  /** The visible screen, blank lines dropped. */
  async screen(): Promise<string> {
    const text = await this.tmux(["capture-pane", "-p", "-t", "t"]);
    return text.split("\n").map((line) => line.trimEnd()).filter(Boolean).join("\n");
  }

  /** Waits until the screen matches `pattern` (20 s at most) and returns it. */
  async waitFor(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 20_000;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (pattern.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${screen}`);
  }

  /** Types text literally. */
  async type(text: string): Promise<void> {
    await this.tmux(["send-keys", "-t", "t", "-l", text]);
  }

  /** Presses keys by tmux name: Enter, Down, BSpace, C-c. */
  async press(...keys: string[]): Promise<void> {
    await this.tmux(["send-keys", "-t", "t", ...keys]);
  }

  /**
   * Types text and presses Enter in one tmux command, so the keys arrive in one burst (as a
   * paste followed by Enter, or a fast typist, would send them).
   */
  async typeEnter(text: string): Promise<void> {
    // Without -l tmux sends a string that names no key as its characters.
    await this.tmux(["send-keys", "-t", "t", text, "Enter"]);
  }

  /** Waits for a prompt, then types the answer and presses Enter. */
  async answer(prompt: RegExp, text: string): Promise<string> {
    const screen = await this.waitFor(prompt);
    if (text) await this.type(text);
    await this.press("Enter");
    return screen;
  }

  /** Waits for hpm to exit and returns its exit code. */
  async exitCode(): Promise<number> {
    const screen = await this.waitFor(/__EXIT_\d+__/);
    return Number(/__EXIT_(\d+)__/.exec(screen)![1]);
  }

  async close(): Promise<void> {
    await this.tmux(["kill-server"]).catch(() => {});
    await Deno.remove(this.socketDir, { recursive: true }).catch(() => {});
  }
}
