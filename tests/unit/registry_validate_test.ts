import assert from "node:assert/strict";
import type { Group, Package, Source } from "../../src/registry/types.ts";
import { crossCheck, localSourcePath, localSourcePaths } from "../../src/registry/validate.ts";

const at = (file: string, line: number, column = 3) => ({ file, line, column });

function group(name: string, options: string[], file = `groups/${name}.yaml`): Group {
  return {
    name,
    strategy: "M-of-N",
    options: options.map((option, i) => ({ name: option, position: at(file, 4 + i, 11) })),
    file: `/reg/${file}`,
    position: at(file, 1, 7),
  };
}

function pkg(
  name: string,
  sources: Record<string, Source> = {},
  file = `packages/${name}.yaml`,
): Package {
  return { name, version: "1.0", sources, file: `/reg/${file}`, position: at(file, 1, 7) };
}

const local = (path: string, line = 6): Source => ({
  type: "local",
  path,
  editable: true,
  position: at("packages/x.yaml", line, 11),
});

const nothingExists = () => false;

Deno.test("crossCheck: a consistent registry has no problems", () => {
  const problems = crossCheck([group("g", ["a", "b"])], [pkg("a"), pkg("b")], nothingExists);
  assert.deepEqual(problems, []);
});

Deno.test("crossCheck: an option without a manifest, with and without a near name", () => {
  const problems = crossCheck(
    [group("g", ["alpha", "betta", "zzz"])],
    [pkg("alpha"), pkg("beta")],
    nothingExists,
  );
  assert.deepEqual(problems, [
    {
      file: "groups/g.yaml",
      line: 5,
      column: 11,
      severity: "error",
      message: "option 'betta' of group 'g' has no package manifest",
      hint:
        "did you mean 'beta'? Otherwise create packages/betta.yaml or run 'hpm registry add --name betta'",
    },
    {
      file: "groups/g.yaml",
      line: 6,
      column: 11,
      severity: "error",
      message: "option 'zzz' of group 'g' has no package manifest",
      hint: "create packages/zzz.yaml or run 'hpm registry add --name zzz'",
    },
  ]);
});

Deno.test("crossCheck: options naming an unreadable manifest are not reported again", () => {
  const problems = crossCheck([group("g", ["broken"])], [], nothingExists, {
    unreadablePackages: new Set(["broken"]),
  });
  assert.deepEqual(problems, []);
});

Deno.test("crossCheck: names defined by two files", () => {
  const problems = crossCheck(
    [group("g", ["a"]), group("g", ["a"], "groups/g.yml")],
    [pkg("a"), pkg("a", {}, "packages/other.yaml")],
    nothingExists,
  );
  assert.deepEqual(problems.map((p) => [p.file, p.line, p.column, p.message, p.hint]), [
    [
      "groups/g.yml",
      1,
      7,
      "group 'g' is defined twice: here and in groups/g.yaml",
      "remove or rename one of the two files",
    ],
    [
      "packages/other.yaml",
      1,
      7,
      "package 'a' is defined twice: here and in packages/a.yaml",
      "remove or rename one of the two files",
    ],
  ]);
});

Deno.test("crossCheck: a missing local path is a warning at the path value", () => {
  const checked: string[] = [];
  const exists = (path: string) => {
    checked.push(path);
    return path === "/reg/src/here";
  };
  const problems = crossCheck(
    [],
    [pkg("x", {
      dev: local("../src/here", 6),
      prod: local("../src/gone", 9),
      abs: local("/opt/x", 12),
    })],
    exists,
  );
  assert.deepEqual(checked, ["/reg/src/here", "/reg/src/gone", "/opt/x"]);
  assert.deepEqual(problems, [
    {
      file: "packages/x.yaml",
      line: 9,
      column: 11,
      severity: "warning",
      message:
        "local path '../src/gone' of package 'x' (mode 'prod') does not exist: /reg/src/gone",
      hint: "check it out there, or fix 'path' (it is relative to this manifest's directory)",
    },
    {
      file: "packages/x.yaml",
      line: 12,
      column: 11,
      severity: "warning",
      message: "local path '/opt/x' of package 'x' (mode 'abs') does not exist: /opt/x",
      hint: "check it out there, or fix 'path' (it is relative to this manifest's directory)",
    },
  ]);
});

Deno.test("localSourcePath resolves against the manifest's directory; localSourcePaths dedupes", () => {
  const p = pkg("x", {
    a: local("../../packages/x"),
    b: local("../../packages/x"),
    c: local("./y"),
  });
  assert.equal(localSourcePath(p, p.sources.a as never), "/packages/x");
  assert.deepEqual(localSourcePaths([p]), ["/packages/x", "/reg/packages/y"]);
});
