import assert from "node:assert/strict";
import { dryRunExtras, lockExtras, routeUvOptions, syncExtras } from "../../src/uv/pass_through.ts";
import { truthy, uvEnvPolicy } from "../../src/uv/env.ts";
import { lockArgs, syncArgs } from "../../src/uv/commands.ts";

Deno.test("routeUvOptions: each option goes to the uv runs that take it", () => {
  const { options, problems } = routeUvOptions([
    "--all-extras",
    "--group",
    "docs",
    "--resolution=lowest-direct",
    "-U",
    "-Phttpx",
    "--offline",
    "--no-dev",
  ]);
  assert.deepEqual(problems, []);
  assert.deepEqual(lockExtras(options), [
    "--resolution",
    "lowest-direct",
    "--upgrade",
    "--upgrade-package",
    "httpx",
    "--offline",
  ]);
  assert.deepEqual(syncExtras(options), [
    "--all-extras",
    "--group",
    "docs",
    "--resolution",
    "lowest-direct",
    "--offline",
    "--no-dev",
  ]);
  assert.equal(
    dryRunExtras(options).join(" "),
    "--all-extras --group docs --resolution lowest-direct --upgrade --upgrade-package httpx --offline --no-dev",
  );
});

Deno.test("routeUvOptions: a flag given twice, or already in hpm's own arguments, appears once", () => {
  const { options } = routeUvOptions(["--offline", "--no-install-project", "--offline"]);
  const base = syncArgs({ dryRun: true, noInstallProject: true });
  assert.deepEqual(dryRunExtras(options, base), ["--offline"]);
  assert.deepEqual(lockExtras(options, lockArgs()), ["--offline"]);
  // Repeatable options with values keep every value.
  const extras = routeUvOptions(["--extra", "a", "--extra", "b"]).options;
  assert.deepEqual(syncExtras(extras), ["--extra", "a", "--extra", "b"]);
});

Deno.test("routeUvOptions: path values are resolved where they were given", () => {
  const { options } = routeUvOptions(
    ["-f", "wheels", "--python", "3.12", "--config-file=/etc/uv.toml"],
    (_flag, value) => value.startsWith("/") || value === "3.12" ? value : `/base/${value}`,
  );
  assert.deepEqual(lockExtras(options), [
    "--find-links",
    "/base/wheels",
    "--python",
    "3.12",
    "--config-file",
    "/etc/uv.toml",
  ]);
});

Deno.test("routeUvOptions: refused, unknown and malformed options say why and the way out", () => {
  const cases: Array<[string[], RegExp, RegExp]> = [
    [["--frozen"], /does not pass '--frozen'.*without updating/, /must lock/],
    [["--locked"], /does not pass '--locked'/, /UV_LOCKED=1/],
    [["--dry-run"], /does not pass '--dry-run'/, /hpm sync --dry-run/],
    [["--project", "/x"], /does not pass '--project'/, /directory/],
    [["--directory=/x"], /does not pass '--directory'/, /directory/],
    [["--no-sync"], /uv lock and uv sync have no such option/, /UV_NO_SYNC=1/],
    [["-q"], /does not pass '-q'/, /hpm's own -q/],
    [["--only-group", "g"], /leaves out the project's dependencies/, /--group NAME/],
    [["--reinstal"], /not an option of uv lock or uv sync/, /did you mean '--reinstall'/],
    [["--extra"], /'--extra' needs a value/, /--extra VALUE/],
    [["--offline=yes"], /'--offline' takes no value/, /write '--offline'/],
    [["docs"], /'docs' is not a uv option/, /after '--'/],
  ];
  for (const [tokens, message, hint] of cases) {
    const { options, problems } = routeUvOptions(tokens);
    assert.equal(problems.length, 1, tokens.join(" "));
    assert.match(problems[0].message, message);
    assert.match(problems[0].hint, hint);
    assert.deepEqual(options, []);
  }
});

Deno.test("uvEnvPolicy: what each command neutralizes, honours or says", () => {
  const frozen = { UV_FROZEN: "1", UV_LOCKED: "1" };
  const check = uvEnvPolicy("check", frozen);
  assert.deepEqual(check.unset, ["UV_FROZEN", "UV_LOCKED"]);
  assert.equal(check.notices.length, 2);
  const sync = uvEnvPolicy("sync", frozen);
  assert.deepEqual(sync.unset, ["UV_FROZEN"]);
  assert.equal(sync.locked, true);
  assert.match(sync.notices[0], /^UV_FROZEN=1 is set: 'hpm sync' locks anyway/);
  assert.deepEqual(uvEnvPolicy("status", frozen).unset, ["UV_FROZEN"]);
  // Set to a false word: removed (harmless) but nothing to say.
  const off = uvEnvPolicy("check", { UV_FROZEN: "0" });
  assert.deepEqual([off.unset, off.notices], [["UV_FROZEN"], []]);
  assert.equal(uvEnvPolicy("sync", { UV_NO_SYNC: "true" }).noInstall, true);
  assert.equal(uvEnvPolicy("check", { UV_NO_SYNC: "true" }).noInstall, false);
  const elsewhere = uvEnvPolicy("sync", { UV_PROJECT: "/x", UV_WORKING_DIR: "/y" });
  assert.deepEqual(elsewhere.unset, ["UV_PROJECT", "UV_WORKING_DIR"]);
  assert.equal(elsewhere.notices.length, 2);
  assert.deepEqual(uvEnvPolicy("sync", { UV_OFFLINE: "1", UV_NO_DEV: "1" }).unset, []);
  assert.deepEqual(["1", "true", "yes", "0", "false", "", "off"].map(truthy), [
    true,
    true,
    true,
    false,
    false,
    false,
    false,
  ]);
});
