#!/usr/bin/env bash
# Re-records the uv reports of real conflicts that tests/unit/uv_derivation_test.ts reads
# (tests/unit/fixtures/uv/real_*.txt): `uv lock` against the real package index in a throw-away
# project per case, Python 3.11, no colour. Metadata only: nothing is installed. The two
# `_universal` fixtures are check --all's universal lock, recorded from `hpm check --all -v`
# on the projects of tests/index/conflicts_test.ts (the text between `$ uv lock` and
# `uv exited`). Usage: bash scripts/record_uv_conflicts.sh [CASE...] (HPM_RECORD_DIR: elsewhere)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" || exit 1
out="${HPM_RECORD_DIR:-$HPM_REPO/tests/unit/fixtures/uv}"
export NO_COLOR=1 UV_NO_PROGRESS=1 UV_PYTHON_DOWNLOADS=never

# name|requires-python|dependencies (comma-separated, as in [project].dependencies)
cases=(
  "faiss_numba|>=3.11|faiss-cpu>=1.9,numba==0.57.1"
  "fastembed_numba|>=3.11|fastembed>=0.4,numba==0.57.1"
  "python_numpy|>=3.10|numpy==2.3.0"
  "marker_numpy|>=3.11|numpy>=1.26 ; sys_platform == 'linux',numba==0.57.1"
  "operators|>=3.11|numba===0.57.1,numpy~=1.26.0"
  "prerelease|>=3.11|numpy>=2.1.0rc1,numba==0.57.1"
  "one_of|>=3.11|numba==0.57.1,numpy!=1.24.*;!=1.23.*;!=1.22.*;!=1.21.*;<2"
  "not_equal|>=3.11,<3.12|numba==0.57.1,numpy>=1.24.3;!=1.24.3;!=1.24.4"
  "arbitrary_equal|>=3.11,<3.12|numba==0.57.1,numpy===1.26.4"
  "compatible_release|>=3.11,<3.12|numba~=0.57.0,numpy>=1.26;!=1.26.1"
  "chain_umap|>=3.11,<3.12|umap-learn==0.5.3,llvmlite==0.43.0,numba<0.58"
  "chain_umap_pinned|>=3.11,<3.12|umap-learn==0.5.3,numba==0.57.1,llvmlite==0.43.0"
)

for entry in "${cases[@]}"; do
  IFS='|' read -r name python deps <<<"$entry"
  if [ $# -gt 0 ] && [[ ! " $* " == *" $name "* ]]; then continue; fi
  dir=$(mktemp -d)
  # `,` separates requirements; `;` inside one stands for a comma of its specifier.
  list=$(tr ',' '\n' <<<"$deps" | sed 's/;\([!<>=~]\)/,\1/g; s/.*/"&"/' | paste -sd, -)
  printf '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = "%s"\ndependencies = [%s]\n' \
    "$python" "$list" >"$dir/pyproject.toml"
  echo 3.11 >"$dir/.python-version"
  (cd "$dir" && uv lock >"$out/real_$name.txt" 2>&1) && echo "$name: resolved (not a conflict?)" ||
    echo "$name: recorded"
  rm -rf "$dir"
done
