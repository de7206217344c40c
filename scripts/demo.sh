#!/usr/bin/env bash
# The demo: the seed guide's whole workflow on a temporary copy of the embedded example
# (registry-fixtures/seed-project): explore the registry, choose a component, check, sync,
# use it, switch it, and show that the user's pyproject.toml stays theirs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" || exit 1
cd "$HPM_REPO"
deno install --frozen --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r registry-fixtures/seed-project "$work/project"
cd "$work/project"
# Keep uv hermetic: the fixture packages build offline with uv's own build backend.
export UV_CACHE_DIR="$HPM_TEST_UV_CACHE" UV_OFFLINE=1 UV_PYTHON_DOWNLOADS=never
# hpm's registry cache in the temporary directory too, not in the user's ~/.cache/hpm.
export HPM_CACHE_DIR="$work/hpm-cache"

hpm() { echo; echo "\$ hpm $*"; deno run -A --quiet "$HPM_REPO/main.ts" "$@"; }

hpm --version
hpm list
hpm show inference
hpm search qwen
hpm registry validate
hpm group add inference --option vlm-adapter-qwen
hpm group add metrics --option metric-accuracy
hpm check
hpm sync --dry-run
hpm sync
echo; echo '$ uv run python -c "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())"'
uv run --quiet python -c "import vlm_adapter_qwen; print(vlm_adapter_qwen.describe())"
hpm group add inference --option vlm-adapter-deepseek
hpm sync
hpm status
hpm check --all
echo; echo "\$ cat pyproject.toml"; cat pyproject.toml
echo; echo "demo finished: the seed workflow ran on a temporary copy of registry-fixtures/seed-project (now removed)"
