# Sourced by scripts/test.sh, scripts/demo.sh and scripts/bench.sh: puts the pinned deno and uv
# on PATH, installing them into .tools/ (git-ignored) when missing. Needs only python3 + pip
# and node + npm; no sudo.
HPM_DENO_VERSION=2.9.6
HPM_UV_VERSION=0.13.9

HPM_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HPM_TOOLS=$HPM_REPO/.tools

_hpm_deno=$HPM_TOOLS/deno/node_modules/.bin/deno
if ! "$_hpm_deno" --version 2>/dev/null | grep -q "^deno $HPM_DENO_VERSION "; then
  echo "bootstrap: installing deno $HPM_DENO_VERSION into .tools/deno (npm package 'deno')" >&2
  npm install --prefix "$HPM_TOOLS/deno" --no-audit --no-fund --loglevel=error \
    "deno@$HPM_DENO_VERSION" >&2 || return 1
fi

_hpm_uv=$HPM_TOOLS/uv/bin/uv
if ! "$_hpm_uv" --version 2>/dev/null | grep -q "^uv $HPM_UV_VERSION"; then
  echo "bootstrap: installing uv $HPM_UV_VERSION into .tools/uv (PyPI package 'uv')" >&2
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$HPM_TOOLS/uv" --upgrade "uv==$HPM_UV_VERSION" >&2 || return 1
fi

export PATH="$HPM_TOOLS/deno/node_modules/.bin:$HPM_TOOLS/uv/bin:$PATH"
# Tests and the demo share one uv cache inside the repo, so they stay hermetic and warm.
export HPM_TEST_UV_CACHE="$HPM_TOOLS/uv-cache"
unset _hpm_deno _hpm_uv
