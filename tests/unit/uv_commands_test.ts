import assert from "node:assert/strict";
import { lockArgs, syncArgs, uvCaptureEnv, versionArgs } from "../../src/uv/commands.ts";

Deno.test("lockArgs", () => {
  const table: Array<[Parameters<typeof lockArgs>[0], string[]]> = [
    [{}, ["lock"]],
    [{ dryRun: true }, ["lock", "--dry-run"]],
    [{ locked: true, offline: true }, ["lock", "--locked", "--offline"]],
    [{ upgrade: true, upgradePackages: ["a", "b"] }, [
      "lock",
      "--upgrade",
      "--upgrade-package",
      "a",
      "--upgrade-package",
      "b",
    ]],
  ];
  for (const [options, expected] of table) assert.deepEqual(lockArgs(options), expected);
});

Deno.test("syncArgs", () => {
  const table: Array<[Parameters<typeof syncArgs>[0], string[]]> = [
    [{}, ["sync"]],
    [{ locked: true }, ["sync", "--locked"]],
    [{ frozen: true, dryRun: true, noInstallProject: true }, [
      "sync",
      "--frozen",
      "--dry-run",
      "--no-install-project",
    ]],
    [
      { extras: ["x"], groups: ["g1", "g2"], noDefaultGroups: true, inexact: true, offline: true },
      [
        "sync",
        "--extra",
        "x",
        "--no-default-groups",
        "--group",
        "g1",
        "--group",
        "g2",
        "--inexact",
        "--offline",
      ],
    ],
  ];
  for (const [options, expected] of table) assert.deepEqual(syncArgs(options), expected);
  assert.throws(() => syncArgs({ locked: true, frozen: true }), /exclude each other/);
});

Deno.test("versionArgs and the capture environment", () => {
  assert.deepEqual(versionArgs(), ["--version"]);
  assert.deepEqual(uvCaptureEnv, { NO_COLOR: "1", UV_NO_WRAP: "1" });
});
