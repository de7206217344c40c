#!/usr/bin/env bash
# Runs the whole test suite (unit + end-to-end with real uv) and ends with a line
# "N passed, N failed". Extra arguments go to `deno test` (e.g. a file or --filter NAME).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" || exit 1
cd "$HPM_REPO" || exit 1
deno install --frozen --quiet || { echo "deno install --frozen failed (is deno.lock up to date?)"; exit 1; }
log=$(mktemp)
NO_COLOR=1 deno test -A --frozen "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(sed -nE 's/^(ok|FAILED) \| ([0-9]+) passed[^|]*\| ([0-9]+) failed.*/\2 passed, \3 failed/p' "$log" | tail -n 1)
rm -f "$log"
if [ -z "$summary" ]; then
  summary="0 passed, 1 failed"
  echo "deno test printed no summary (exit $status)"
  [ "$status" -eq 0 ] && status=1
fi
echo "$summary"
exit "$status"
