/** Completion scripts are generated from the command table: the model, the data, the syntax. */
import assert from "node:assert/strict";
import { COMMANDS } from "../../src/cli/commands.ts";
import { fishQuote } from "../../src/cli/completion_fish.ts";
import {
  completionModel,
  shellQuote,
  SHELLS,
  VALUE_OVERRIDES,
} from "../../src/cli/completion_model.ts";
import { GLOBAL_OPTIONS } from "../../src/cli/spec.ts";
import { completionScript, registryValues } from "../../src/commands/completions.ts";
import { loadRegistry } from "../../src/registry/load.ts";
import { TEST_CACHE_DIR } from "../support/hpm.ts";
import { fromFileUrl } from "../support/paths.ts";

// loadRegistry caches: in this test process's directory, never the user's.
Deno.env.set("HPM_CACHE_DIR", TEST_CACHE_DIR);

const SEED_REGISTRY = fromFileUrl(
  new URL("../../registry-fixtures/seed-project/registry", import.meta.url),
);

Deno.test("completion model: every command word at every level, options with globals", () => {
  const nodes = completionModel(COMMANDS);
  const byPath = new Map(nodes.map((node) => [node.path.join(" "), node]));
  const root = byPath.get("")!;
  assert.deepEqual(
    root.words.map((w) => w.word),
    [...new Set(COMMANDS.map((c) => c.path[0]))],
  );
  assert.deepEqual(byPath.get("group")!.words.map((w) => w.word), ["add", "remove"]);
  for (const command of COMMANDS) {
    const node = byPath.get(command.path.join(" "));
    assert.ok(node, `a node for ${command.path.join(" ")}`);
    const names = node.options.flatMap((o) => o.names);
    for (const option of [...command.options, ...GLOBAL_OPTIONS]) {
      assert.ok(names.includes(`--${option.long}`), `${command.path.join(" ")} --${option.long}`);
      if (option.short) assert.ok(names.includes(`-${option.short}`));
    }
    assert.equal(node.args.length, command.args.length);
  }
  assert.ok(root.options.some((o) => o.names.includes("--version")));
});

Deno.test("completion model: what values complete to", () => {
  const nodes = completionModel(COMMANDS);
  const node = (path: string) => nodes.find((n) => n.path.join(" ") === path)!;
  const value = (path: string, name: string) =>
    node(path).options.find((o) => o.names.includes(name))!.value;
  assert.deepEqual(node("group add").args, [{ kind: "group" }]);
  assert.deepEqual(node("show").args, [{ kind: "group" }]);
  assert.deepEqual(node("search").args, [{ kind: "none" }]);
  assert.deepEqual(value("group add", "-o"), { kind: "option" });
  assert.deepEqual(value("check", "--group"), { kind: "group" });
  assert.deepEqual(value("check", "--mode"), { kind: "mode" });
  assert.deepEqual(value("sync", "--registry"), { kind: "directory" });
  assert.equal(value("sync", "--json"), null);
  assert.deepEqual(node("completions").args, [{ kind: "enum", values: [...SHELLS] }]);
});

Deno.test("completion model: every override names a command option or argument that exists", () => {
  const known = new Set<string>();
  for (const command of COMMANDS) {
    const path = command.path.join(" ");
    for (const option of command.options) known.add(`${path} --${option.long}`);
    for (const arg of command.args) known.add(`${path} ${arg.name.toUpperCase()}`);
  }
  for (const key of Object.keys(VALUE_OVERRIDES)) {
    assert.ok(known.has(key), `VALUE_OVERRIDES['${key}'] matches nothing in the command table`);
  }
});

Deno.test("quoting for the scripts' data", () => {
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(fishQuote("it's a \\ b"), `'it\\'s a \\\\ b'`);
});

Deno.test("completion scripts carry every command path and long option of the table", () => {
  for (const shell of SHELLS) {
    const script = completionScript(shell, "9.9.9");
    assert.match(script, new RegExp(`completion for hpm 9\\.9\\.9`));
    for (const command of COMMANDS) {
      assert.ok(script.includes(`'${command.path.join(" ")}'`), `${shell}: ${command.path}`);
      for (const option of command.options) {
        assert.ok(script.includes(`--${option.long}`), `${shell}: --${option.long}`);
      }
    }
  }
});

async function syntaxCheck(shell: string, args: string[], script: string): Promise<void> {
  const file = await Deno.makeTempFile({ suffix: `.${shell}` });
  await Deno.writeTextFile(file, script);
  try {
    const result = await new Deno.Command(shell, { args: [...args, file], stderr: "piped" })
      .output();
    assert.equal(result.code, 0, `${shell}: ${new TextDecoder().decode(result.stderr)}`);
  } finally {
    await Deno.remove(file);
  }
}

function installed(program: string): boolean {
  try {
    new Deno.Command(program, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    return false;
  }
}

Deno.test("completion scripts parse: bash -n, zsh -n, fish --no-execute", async () => {
  await syntaxCheck("bash", ["-n"], completionScript("bash"));
  for (const [shell, args] of [["zsh", ["-n"]], ["fish", ["--no-execute"]]] as const) {
    if (!installed(shell)) {
      // CI installs both shells: there, a missing one is a failure, not a skip.
      assert.notEqual(
        Deno.env.get("CI"),
        "true",
        `${shell} is not installed, and CI=true: its completion script cannot be checked`,
      );
      console.warn(`SKIPPED: ${shell} is not installed; its script was not syntax-checked`);
      continue;
    }
    await syntaxCheck(shell, [...args], completionScript(shell));
  }
});

Deno.test("registryValues: groups, options with their group, packages, modes", async () => {
  const registry = await loadRegistry(SEED_REGISTRY);
  assert.deepEqual(registryValues(registry), [
    "group\tinference\t-\t",
    "group\tmetrics\t-\tEvaluation metrics; pick one or more",
    "option\tvlm-adapter-qwen\tinference\t",
    "option\tvlm-adapter-deepseek\tinference\tDeepSeek-VL adapter",
    "option\tmetric-accuracy\tmetrics\tExact-match accuracy",
    "option\tmetric-latency\tmetrics\tLatency percentiles",
    "package\tmetric-accuracy\t-\tThe accuracy metric",
    "package\tmetric-latency\t-\tThe latency metric",
    "package\tvlm-adapter-deepseek\t-\tDeepSeek-VL adapter",
    "package\tvlm-adapter-qwen\t-\t",
    "mode\tprod\t-\t",
  ]);
});
