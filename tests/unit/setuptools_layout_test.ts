/** When setuptools' flat-layout discovery would take a folder at the root for a package. */
import assert from "node:assert/strict";
import { discoveredAsPackage, setuptoolsLayout } from "../../src/project/setuptools_layout.ts";

const SETUPTOOLS = {
  "build-system": { requires: ["setuptools"], "build-backend": "setuptools.build_meta" },
};

Deno.test("discoveredAsPackage: identifiers, not the names setuptools reserves", () => {
  for (const name of ["registry", "mypkg", "components", "packages", "réseau", "foo-stubs"]) {
    assert.equal(discoveredAsPackage(name), true, name);
  }
  for (const name of ["hpm-registry", ".hpm", "_registry", "docs", "tests", "scripts", "1x"]) {
    assert.equal(discoveredAsPackage(name), false, name);
  }
});

Deno.test("setuptoolsLayout: automatic flat discovery only when nothing lists the packages", () => {
  const auto = (pyproject: Record<string, unknown>, extra = {}) =>
    setuptoolsLayout({ pyproject, directories: ["mypkg", "tests", ".git"], ...extra }).auto;
  assert.deepEqual(setuptoolsLayout({ pyproject: SETUPTOOLS, directories: ["tests", "mypkg"] }), {
    auto: true,
    backend: "setuptools.build_meta",
    packages: ["mypkg"],
  });
  // No [build-system]: an application uv never builds, unless a setup.py or setup.cfg makes it a
  // legacy setuptools project (the PEP 517 fallback).
  assert.equal(auto({}), false);
  assert.equal(auto({}, { setupPy: "from setuptools import setup\nsetup()\n" }), true);
  assert.equal(auto({}, { setupCfg: "[metadata]\nname = x\n" }), true);
  assert.equal(auto({ "build-system": { requires: ["setuptools"] } }), true);
  assert.equal(
    auto({ "build-system": { "build-backend": "setuptools.build_meta:__legacy__" } }),
    true,
  );
  assert.equal(auto({ "build-system": { "build-backend": "hatchling.build" } }), false);
  for (const key of ["packages", "py-modules", "package-dir"]) {
    assert.equal(auto({ ...SETUPTOOLS, tool: { setuptools: { [key]: [] } } }), false, key);
  }
  assert.equal(auto({ ...SETUPTOOLS, tool: { setuptools: { "zip-safe": false } } }), true);
  assert.equal(
    setuptoolsLayout({ pyproject: SETUPTOOLS, directories: ["src", "registry"] }).auto,
    false,
  );
  assert.equal(
    auto(SETUPTOOLS, { setupCfg: "[metadata]\nname = x\n[options]\npackages = find:\n" }),
    false,
  );
  assert.equal(auto(SETUPTOOLS, { setupCfg: "[metadata]\npackages = x\n" }), true);
  assert.equal(auto(SETUPTOOLS, { setupPy: "setup(py_modules=['x'])" }), false);
  assert.equal(auto(SETUPTOOLS, { setupPy: "from setuptools import setup\nsetup()\n" }), true);
});
