/**
 * What the authoring flows know about the registry and the disk (read by registry_facts.ts,
 * faked in tests): types only, shared by `package_flow.ts`, `source_flow.ts` and
 * `group_choice.ts` without those importing each other.
 */
import type { Strategy } from "../registry/types.ts";

/** A manifest already in the registry, as far as the flow needs to know it. */
export interface KnownPackage {
  name: string;
  /** False when the file exists but is not a valid manifest. */
  readable: boolean;
  modes: string[];
  version?: string;
  description?: string;
}

/** A group already in the registry. */
export interface KnownGroup {
  name: string;
  strategy: Strategy;
  description?: string;
  options: string[];
}

/** What the local package directory declares in its own pyproject.toml. */
export interface LocalProjectFacts {
  name?: string;
  version?: string;
}

/** The facts the flow checks answers against (read by the command; faked in tests). */
export interface PackageFlowFacts {
  /** Where relative paths are taken from. */
  cwd: string;
  /** The directory manifests live in (local paths are stored relative to it). */
  packagesDir: string;
  /** The manifest of a package by any spelling of its name, when one exists. */
  lookup(name: string): KnownPackage | undefined;
  groups: readonly KnownGroup[];
  exists(absolute: string): boolean;
  localProject(absoluteDir: string): LocalProjectFacts | undefined;
}
