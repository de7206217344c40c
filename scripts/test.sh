#!/usr/bin/env bash
# Runs the whole test suite and ends with a line "N passed, N failed" (the sum of both runs):
#   set-up  `deno task bundle`: the single-file bundle dist/hpm.bundle.js (deno bundle fetches
#           esbuild from npm on first use: here, not in the middle of a test)
#   run 1   every test (unit + end-to-end with real uv) against the source: deno run main.ts
#   run 2   the end-to-end tests again against the bundle, copied alone into an empty
#           directory (no node_modules, no deno.json): HPM_TEST_CMD="deno run -A <copy>"
# Extra arguments go to run 1's `deno test` (e.g. a file or --filter NAME) and skip run 2.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" || exit 1
cd "$HPM_REPO" || exit 1
deno install --frozen --quiet || { echo "deno install --frozen failed (is deno.lock up to date?)"; exit 1; }

passed=0
failed=0
status=0

# run_suite TITLE ARGS...: runs `deno test ARGS` and adds its counts to the totals.
run_suite() {
  local title=$1 log code counts
  shift
  echo "=== $title"
  log=$(mktemp)
  NO_COLOR=1 deno test -A --frozen "$@" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  counts=$(sed -nE 's/^(ok|FAILED) \| ([0-9]+) passed[^|]*\| ([0-9]+) failed.*/\2 \3/p' "$log" | tail -n 1)
  rm -f "$log"
  if [ -z "$counts" ]; then
    echo "deno test printed no summary (exit $code)"
    failed=$((failed + 1))
    status=1
    return
  fi
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  [ "$code" -eq 0 ] || status=1
}

echo "=== set-up: deno task bundle"
bundle_dir=$(mktemp -d)
trap 'rm -rf "$bundle_dir"' EXIT
if NO_COLOR=1 deno task bundle && cp dist/hpm.bundle.js "$bundle_dir/"; then
  bundled=1
else
  echo "deno bundle failed: the end-to-end tests cannot run against the bundle (counted as 1 failed)"
  bundled=0
fi

run_suite "all tests, hpm run from source (deno run -A main.ts)" "$@"

if [ $# -eq 0 ]; then
  if [ "$bundled" -eq 1 ]; then
    HPM_TEST_CMD="$(command -v deno) run -A $bundle_dir/hpm.bundle.js" \
      run_suite "end-to-end tests, hpm run from the bundle ($bundle_dir/hpm.bundle.js)" \
      tests/e2e/ --ignore=tests/e2e/artifact_test.ts
  else
    failed=$((failed + 1))
    status=1
  fi
fi

echo "$passed passed, $failed failed"
exit "$status"
