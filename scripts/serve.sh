#!/usr/bin/env bash
# Set up the package and serve the site from the bundled records on http://127.0.0.1:8000/.
# Extra arguments go to `mkdocs serve` (for example: -a 0.0.0.0:8000).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
python3 -m pip install -q -e .
exec python3 -m mkdocs serve "$@"
