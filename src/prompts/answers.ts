/**
 * Pure checks of the answers `registry add` and `registry add-group` take, shared by flags and
 * prompts. Each returns `true` or the reason the answer is refused (shown under the prompt, or
 * as the error for a flag).
 */
import { isAbsolutePath, normalizePath } from "../paths.ts";
import {
  isDistributionName,
  isVersion,
  versionSpecifierProblem,
} from "../registry/manifest/python_specs.ts";

/** A check result: accepted, or why not. */
export type Check = true | string;

const MODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A package name: a PEP 508 distribution name (which also cannot leave the registry). */
export function checkPackageName(name: string): Check {
  if (name === "") return "a name is required";
  if (!isDistributionName(name)) {
    return `'${name}' is not a valid Python distribution name: use letters, digits, '-', '_' ` +
      "and '.', starting and ending with a letter or digit";
  }
  return true;
}

/** A group name: the same characters as a distribution name (it is a file name too). */
export function checkGroupName(name: string): Check {
  if (name === "") return "a name is required";
  if (!isDistributionName(name)) {
    return `'${name}' is not a valid group name: use letters, digits, '-', '_' and '.', ` +
      "starting and ending with a letter or digit";
  }
  return true;
}

/** A mode name such as `prod` or `dev`. */
export function checkModeName(mode: string): Check {
  if (mode === "") return "a mode is required, e.g. 'prod' or 'dev'";
  if (!MODE_NAME.test(mode)) {
    return `'${mode}' is not a valid mode name: use letters, digits, '-', '_' and '.'`;
  }
  return true;
}

/** A package version (PEP 440). */
export function checkVersion(version: string): Check {
  if (version === "") return "a version is required, e.g. '0.1.0'";
  if (!isVersion(version)) return `'${version}' is not a valid version (PEP 440), e.g. '0.1.0'`;
  return true;
}

/** An index source's version constraint; empty means any version. */
export function checkConstraint(constraint: string): Check {
  const problem = versionSpecifierProblem(constraint);
  return problem === undefined
    ? true
    : `invalid version constraint: ${problem.replaceAll("`", "'")}`;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A git repository URL: https, http, ssh, git or file. */
export function checkGitUrl(url: string): Check {
  if (url === "") return "a repository URL is required";
  const scp = /^([\w.-]+@[\w.-]+):(?!\/\/)(.+)$/.exec(url);
  if (scp) return `write '${url}' as a URL: 'ssh://${scp[1]}/${scp[2]}'`;
  const parsed = parseUrl(url);
  if (!parsed || !["https:", "http:", "ssh:", "git:", "file:"].includes(parsed.protocol)) {
    return `'${url}' is not a git URL: expected https://, ssh://, git:// or file://`;
  }
  if (parsed.protocol !== "file:" && parsed.hostname === "") return `'${url}' has no host`;
  return true;
}

/** An http, https or file URL (an archive, or a package index). */
export function checkWebUrl(url: string, what = "URL"): Check {
  if (url === "") return `a ${what} is required`;
  const parsed = parseUrl(url);
  if (!parsed || !["https:", "http:", "file:"].includes(parsed.protocol)) {
    return `'${url}' is not an http, https or file URL`;
  }
  if (parsed.protocol !== "file:" && parsed.hostname === "") return `'${url}' has no host`;
  return true;
}

/** A subdirectory inside a repository or archive: relative, and not leaving it. */
export function checkSubdirectory(path: string): Check {
  if (path === "") return true;
  if (isAbsolutePath(path)) return `'${path}' must be relative to the repository's root`;
  if (normalizePath(path).startsWith("..")) return `'${path}' leaves the repository`;
  return true;
}

/** A git reference value (tag, branch or commit). */
export function checkRef(ref: string): Check {
  if (ref === "") return "a value is required";
  if (/\s/.test(ref)) return `'${ref}' contains spaces`;
  return true;
}

/** Either bound of an M-of-N group: a whole number, at least 0. */
export function checkCount(text: string): Check {
  if (text === "") return true;
  if (!/^\d+$/.test(text)) return `'${text}' is not a whole number`;
  return true;
}
