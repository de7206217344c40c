#!/usr/bin/env bash
# Runs the whole test suite and ends with a line "N passed, N failed" (the sum of both runs):
#   static  deno fmt --check, deno lint, deno check, scripts/import_cycles.ts (no import cycle
#           among hpm's modules) (1 passed or 1 failed each)
#   set-up  `deno task bundle`: the single-file bundle dist/hpm.bundle.js (deno bundle fetches
#           esbuild from npm on first use: here, not in the middle of a test)
#   run 1   every test (unit + end-to-end with real uv) against the source: deno run main.ts
#   run 2   the end-to-end tests again against the bundle, copied alone into an empty
#           directory (no node_modules, no deno.json): HPM_TEST_CMD="deno run -A <copy>"
#   run 3   hpm from JSR: the checkout is published with the real `deno publish --token` to a
#           local stand-in of the registry (tests/support/jsr.ts, on 127.0.0.1, stopped at
#           exit), then, with a fresh DENO_DIR (hpm from the stand-in, its npm packages from
#           the npm registry), the end-to-end tests run against README's command
#           `deno run -A --no-config jsr:@hpm/cli`, and a subset of them (workflow_test.ts,
#           read_commands_test.ts, rollback_test.ts) against the command that
#           `deno install -g -A -n hpm jsr:@hpm/cli` installs (typed as is, from an empty
#           directory; DENO_INSTALL_ROOT in a temporary directory)
# Extra arguments go to run 1's `deno test` (e.g. a file or --filter NAME) and skip runs 2, 3.
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

# static_checks: deno fmt --check, deno lint and deno check over the whole checkout, and the
# import-cycle check of main.ts and src/; each one that fails counts as 1 failed (only for the
# full run, not for a run of named files).
static_checks() {
  local name
  echo "=== static checks: deno fmt --check, deno lint, deno check, import cycles"
  for name in fmt lint check import-cycles; do
    case $name in
      fmt) NO_COLOR=1 deno fmt --check ;;
      lint) NO_COLOR=1 deno lint ;;
      check) NO_COLOR=1 deno check --frozen --quiet main.ts src/ tests/ scripts/ ;;
      import-cycles) NO_COLOR=1 deno run --frozen --allow-read scripts/import_cycles.ts ;;
    esac
    if [ $? -eq 0 ]; then passed=$((passed + 1)); else
      echo "$name failed (counted as 1 failed)"
      failed=$((failed + 1))
      status=1
    fi
  done
}
[ $# -eq 0 ] && static_checks

echo "=== set-up: deno task bundle"
bundle_dir=$(mktemp -d)
jsr_dir=$(mktemp -d)
jsr_pid=
# stop_jsr: stops the JSR stand-in (it also stops by itself when this shell is gone).
stop_jsr() {
  if [ -n "$jsr_pid" ]; then
    kill "$jsr_pid" 2>/dev/null
    wait "$jsr_pid" 2>/dev/null
    jsr_pid=
  fi
}
trap 'stop_jsr; rm -rf "$bundle_dir" "$jsr_dir"' EXIT
if NO_COLOR=1 deno task bundle && cp dist/hpm.bundle.js "$bundle_dir/"; then
  bundled=1
else
  echo "deno bundle failed: the end-to-end tests cannot run against the bundle (counted as 1 failed)"
  bundled=0
fi

# start_jsr: publishes this checkout to a JSR stand-in and installs hpm from it; sets jsr_url.
start_jsr() {
  local i
  mkdir -p "$jsr_dir/empty" "$jsr_dir/deno-dir"
  NO_COLOR=1 deno run -A tests/support/jsr.ts --publish "$HPM_REPO" \
    --url-file "$jsr_dir/url" --parent $$ &
  jsr_pid=$!
  for i in $(seq 300); do
    [ -s "$jsr_dir/url" ] && break
    kill -0 "$jsr_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  jsr_url=$(cat "$jsr_dir/url" 2>/dev/null) || return 1
  echo "published @hpm/cli to the JSR stand-in at $jsr_url"
  (cd "$jsr_dir/empty" &&
    NO_COLOR=1 JSR_URL=$jsr_url DENO_DIR=$jsr_dir/deno-dir DENO_INSTALL_ROOT=$jsr_dir/install \
      deno install -g -A -n hpm jsr:@hpm/cli 2>&1 | grep -v '^Download\|^Initialize')
  [ -x "$jsr_dir/install/bin/hpm" ]
}

if [ $# -eq 0 ]; then
  echo "=== set-up: deno publish to a local JSR stand-in, deno install -g -A -n hpm jsr:@hpm/cli"
  if start_jsr; then jsr=1; else
    echo "the JSR stand-in or the install failed: no run against JSR (counted as 1 failed)"
    jsr=0
    stop_jsr
  fi
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
  if [ "$jsr" -eq 1 ]; then
    jsr_env="env JSR_URL=$jsr_url DENO_DIR=$jsr_dir/deno-dir"
    HPM_TEST_CMD="$jsr_env $(command -v deno) run -A --no-config jsr:@hpm/cli" \
      run_suite "end-to-end tests, hpm run from JSR (deno run -A --no-config jsr:@hpm/cli)" \
      tests/e2e/ --ignore=tests/e2e/artifact_test.ts
    HPM_TEST_CMD="$jsr_env $jsr_dir/install/bin/hpm" \
      run_suite "end-to-end subset, the hpm that deno install -g -A -n hpm jsr:@hpm/cli installed" \
      tests/e2e/workflow_test.ts tests/e2e/read_commands_test.ts tests/e2e/rollback_test.ts
  else
    failed=$((failed + 1))
    status=1
  fi
  stop_jsr
fi

echo "$passed passed, $failed failed"
exit "$status"
