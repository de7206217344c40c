/** The data model of a registry, as read from `groups/*.yaml` and `packages/*.yaml`. */
import type { Problem } from "../errors.ts";

/** How many options of a group a project may select. */
export type Strategy = "1-of-N" | "M-of-N";

/** Where a value was read from (1-based line and column), for error messages. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** One option of one group. */
export interface OptionRef {
  group: string;
  option: string;
}

/** Where the `implies` and `conflicts` entries of an option are written (for problems). */
export interface RelationPositions {
  /** Each key of `implies` (a group name). */
  impliedGroups: Record<string, Position>;
  /** Each implied option, by `group/option`. */
  implied: Record<string, Position>;
  /** Each entry of `conflicts`, by option name. */
  conflicts: Record<string, Position>;
}

/** One option a group offers; its name is a package manifest's name. */
export interface GroupOption {
  name: string;
  description?: string;
  /** Options chosen along with this one: group name -> option names. */
  implies?: Record<string, string[]>;
  /** Names of options (of any group) this one cannot be selected with. */
  conflicts?: string[];
  /** Present when `implies` or `conflicts` is. */
  relationsAt?: RelationPositions;
  position: Position;
}

/** A group of interchangeable (1-of-N) or complementary (M-of-N) options. */
export interface Group {
  name: string;
  strategy: Strategy;
  options: GroupOption[];
  description?: string;
  /** Default option(s): one name for 1-of-N; one or more for M-of-N. */
  default?: string[];
  /** Where `default` is written as a string rather than a list (the original hpm needs a list). */
  defaultString?: Position;
  /** M-of-N only: least and most options a selection may hold. */
  min?: number;
  max?: number;
  /** Absolute path of the group file. */
  file: string;
  position: Position;
}

/**
 * What a manifest adds to the requirement hpm writes: extras and an environment marker. In a
 * source, a key that is present (even empty) replaces the package's.
 */
export interface RequirementOptions {
  /** Extras installed with the package, normalized (PEP 685) and sorted: `[http2]`. */
  extras?: string[];
  /** A PEP 508 environment marker in uv's spelling (`sys_platform == 'win32'`); "" for none. */
  marker?: string;
}

/** A local checkout: `path` is relative to the manifest's own directory. */
export interface LocalSource extends RequirementOptions {
  type: "local";
  path: string;
  editable: boolean;
  position: Position;
}

/** A git repository at a tag, branch or revision (`ref` is uv's `rev`). */
export interface GitSource extends RequirementOptions {
  type: "git";
  url: string;
  tag?: string;
  branch?: string;
  rev?: string;
  subdirectory?: string;
  position: Position;
}

/** A release from a package index: a PEP 440 constraint and, optionally, the index URL. */
export interface IndexSource extends RequirementOptions {
  type: "index";
  /** A version constraint such as `>=2.1,<3` or `==0.4.1`; empty means any version. */
  version: string;
  /** Index URL; when absent, uv's default index. */
  index?: string;
  position: Position;
}

/** A direct URL to a wheel or source archive. */
export interface UrlSource extends RequirementOptions {
  type: "url";
  url: string;
  subdirectory?: string;
  position: Position;
}

/** Where a package comes from in one mode. */
export type Source = LocalSource | GitSource | IndexSource | UrlSource;

/** The source kinds a manifest may use. */
export const SOURCE_TYPES = ["local", "git", "index", "url"] as const;

/** A package manifest: its sources per mode (`prod`, `dev`, or any name). */
export interface Package extends RequirementOptions {
  name: string;
  /**
   * The manifest's version, when it gives one. Optional: an index source's version is its
   * constraint (and the lock's), a git source's its tag, a local one's its pyproject.toml's.
   */
  version?: string;
  description?: string;
  sources: Record<string, Source>;
  /** Absolute path of the manifest file. */
  file: string;
  position: Position;
}

/** A loaded registry: what could be read, and every problem found on the way. */
export interface Registry {
  /** Absolute path of the registry directory. */
  root: string;
  groups: Map<string, Group>;
  packages: Map<string, Package>;
  /** Errors and warnings, each with file, line and column. */
  problems: Problem[];
}

/**
 * A loaded registry with what else its result depended on: what the loader (load_files.ts)
 * returns and the cache (cache/read.ts) stores.
 */
export interface LoadedRegistry {
  registry: Registry;
  /** The local source paths looked up, each with whether it existed. */
  localPaths: [path: string, exists: boolean][];
  /** How many listed files could not be read (an I/O error, maybe passing; not cached). */
  unreadable: number;
}
