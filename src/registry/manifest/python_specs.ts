/** Light checks of Python packaging syntax: distribution names (PEP 508) and version specifiers (PEP 440). */

const DISTRIBUTION_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

// A public version per PEP 440's normalisation rules: epoch, release, pre, post and dev parts.
const PUBLIC_VERSION =
  /^v?(?:\d+!)?\d+(?:\.\d+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?$/i;
const LOCAL_LABEL = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i;
const CLAUSE = /^(===|~=|==|!=|<=|>=|<|>)\s*(.*)$/;

/** True for a valid Python distribution name, e.g. `vlm-adapter-qwen` or `ruamel.yaml`. */
export function isDistributionName(name: string): boolean {
  return DISTRIBUTION_NAME.test(name);
}

/** True for a PEP 440 version such as `1.2`, `2.0.0rc1`, `1!3.0.post2.dev4` or `1.0+cpu`. */
export function isVersion(text: string): boolean {
  const plus = text.indexOf("+");
  if (plus < 0) return PUBLIC_VERSION.test(text);
  return PUBLIC_VERSION.test(text.slice(0, plus)) && LOCAL_LABEL.test(text.slice(plus + 1));
}

/**
 * Checks a version specifier such as `>=2.1,<3` clause by clause: each needs an operator
 * (`==`, `!=`, `<=`, `>=`, `<`, `>`, `~=`, `===`) and a version. Returns what is wrong, or
 * undefined when it looks valid. An empty string (any version) is valid.
 */
export function versionSpecifierProblem(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  for (const rawClause of text.split(",")) {
    const clause = rawClause.trim();
    if (clause === "") return `empty clause in '${text}' (a stray comma?)`;
    const match = CLAUSE.exec(clause);
    if (!match) {
      return isVersion(clause)
        ? `'${clause}' has no comparison operator; write '==${clause}'`
        : `'${clause}' is not a version clause; expected an operator (==, !=, <=, >=, <, >, ~=, ===) and a version`;
    }
    const [, operator, version] = match;
    if (version === "") return `'${clause}' has an operator but no version`;
    if (operator === "===") {
      if (/\s/.test(version)) return `'${clause}': the version must not contain spaces`;
      continue;
    }
    if (operator === "==" || operator === "!=") {
      const prefix = version.endsWith(".*") ? version.slice(0, -2) : undefined;
      if (prefix !== undefined ? PUBLIC_VERSION.test(prefix) : isVersion(version)) continue;
      return `'${version}' in '${clause}' is not a valid version`;
    }
    if (!PUBLIC_VERSION.test(version)) {
      return version.includes("*") || version.includes("+")
        ? `'${clause}': wildcards and local versions are allowed only after == or !=`
        : `'${version}' in '${clause}' is not a valid version`;
    }
    if (operator === "~=" && !/^v?(?:\d+!)?\d+\.\d+/.test(version)) {
      return `'${clause}': ~= needs at least two release numbers, e.g. '~=${version}.0'`;
    }
  }
  return undefined;
}
