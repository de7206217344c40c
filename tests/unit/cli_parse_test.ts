import assert from "node:assert/strict";
import { parseArgv } from "../../src/cli/parse.ts";
import { COMMANDS } from "../../src/cli/commands.ts";
import { HpmError } from "../../src/errors.ts";

function run(argv: string[]) {
  const invocation = parseArgv(argv, COMMANDS);
  assert.equal(invocation.kind, "run");
  return invocation.kind === "run" ? invocation.input : undefined!;
}

Deno.test("parseArgv: command words, options before and after, -o repeated, --opt=value", () => {
  const input = run(["-r", "reg", "group", "add", "inference", "-o", "a", "--option=b", "--json"]);
  assert.deepEqual(input.command.path, ["group", "add"]);
  assert.deepEqual(input.args, { group: "inference" });
  assert.deepEqual(input.options, { option: ["a", "b"] });
  assert.deepEqual(input.globals, { registry: "reg", json: true, verbose: false, quiet: false });
});

Deno.test("parseArgv: --version is hpm's unless the command has a --version option", () => {
  assert.deepEqual(parseArgv(["--version"], COMMANDS), { kind: "version", json: false });
  assert.deepEqual(parseArgv(["-V", "--json"], COMMANDS), { kind: "version", json: true });
  const add = run(["registry", "add", "--version", "0.2.0", "--name", "x"]);
  assert.deepEqual(add.options, { version: "0.2.0", name: "x" });
});

Deno.test("parseArgv: help forms", () => {
  assert.deepEqual(parseArgv([], COMMANDS), { kind: "help", topic: [], json: false });
  assert.deepEqual(parseArgv(["help", "group"], COMMANDS), {
    kind: "help",
    topic: ["group"],
    json: false,
  });
  assert.deepEqual(parseArgv(["sync", "-h"], COMMANDS), {
    kind: "help",
    topic: ["sync"],
    json: false,
  });
});

Deno.test("parseArgv: usage errors are HpmError exit 2 with hints", () => {
  const cases: Array<[string[], string, string]> = [
    [["lst"], "unknown command 'lst' for hpm", "did you mean 'list'?"],
    [["sync", "--dryrun"], "unknown option '--dryrun' for 'hpm sync'", "did you mean '--dry-run'?"],
    [["sync", "--mode"], "option '--mode' needs a value", "write '--mode MODE'"],
    [["list", "extra"], "unexpected argument 'extra' for 'hpm list'", "usage: hpm list [options]"],
    [["list", "--json=yes"], "option '--json' takes no value", "write just '--json'"],
    [["group"], "'hpm group' needs a subcommand: add, remove", "see 'hpm group --help'"],
    [["--bogus"], "unknown option '--bogus'", "see 'hpm --help' for the commands and options"],
    [["--jsn"], "unknown option '--jsn'", "did you mean '--json'?"],
    [["--json"], "no command given", "see 'hpm --help'"],
    [["list", "-V"], "unknown option '-V' for 'hpm list'", "hpm's version: 'hpm --version'"],
    [["-r", "", "list"], "option '-r' needs a value, not an empty string", "write '-r PATH'"],
    [
      ["-r", "a", "list", "--registry", "b"],
      "option '--registry' is given twice",
      "pass it once (it takes one PATH)",
    ],
    [
      ["sync", "--mode", ""],
      "option '--mode' needs a value, not an empty string",
      "write '--mode MODE'",
    ],
    [
      ["check", "-g", "a", "-o", "x", "--group", "b"],
      "option '--group' is given twice",
      "pass it once (it takes one GROUP)",
    ],
    [["list", "-q", "-v"], "--quiet and --verbose contradict each other", "pass one of them"],
  ];
  for (const [argv, message, hint] of cases) {
    assert.throws(() => parseArgv(argv, COMMANDS), (error: unknown) => {
      assert.ok(error instanceof HpmError);
      assert.equal(error.message, message);
      assert.equal(error.hint, hint);
      assert.equal(error.exitCode, 2);
      return true;
    });
  }
});

Deno.test("parseArgv: what follows '--' is kept for the commands that pass uv options on", () => {
  const input = run(["sync", "--offline", "--", "--all-extras", "--group", "docs", "-x"]);
  assert.deepEqual(input.command.path, ["sync"]);
  assert.deepEqual(input.options, { offline: true });
  assert.deepEqual(input.passThrough, ["--all-extras", "--group", "docs", "-x"]);
  assert.equal(run(["status"]).passThrough, undefined);
  assert.deepEqual(run(["check", "-P", "httpx", "--"]).passThrough, []);
  assert.deepEqual(run(["check", "-P", "httpx"]).options, { "upgrade-package": ["httpx"] });
  assert.throws(
    () => parseArgv(["list", "--", "--all-extras"], COMMANDS),
    (error: unknown) =>
      error instanceof HpmError && /'hpm list' takes nothing after '--'/.test(error.message) &&
      error.exitCode === 2,
  );
});
