#!/usr/bin/env bash
# Set up the project's virtual environment .venv (once; again only when pyproject.toml changes) and
# serve the site from the bundled records on http://127.0.0.1:8000/.
# Extra arguments go to `mkdocs serve` (for example: -a 0.0.0.0:8000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
kh_venv
exec "$KH_PY" -m mkdocs serve "$@"
