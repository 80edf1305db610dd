"""Bring the project's virtual environment in step with pyproject.toml; pip runs only when needed.

Run by the virtual environment's own python, from scripts/_venv.sh and scripts/_venv.ps1:

    .venv/bin/python scripts/_venv.py [EXTRA ...]        (Windows: .venv\\Scripts\\python.exe)

- A stamp in the environment (kehoach-stamp.json) holds a fingerprint of pyproject.toml and of this
  python, and the extras installed with it. pip runs (`pip install -e .[EXTRA,...]`) only when the
  fingerprint differs or an extra is asked for that is not installed yet; otherwise nothing is
  written and nothing is fetched.
- kehoach-env.pth in the environment's site-packages sets NO_MKDOCS_2_WARNING=1 for every program
  run by this python (`.venv/bin/mkdocs build` by hand included), so Material does not print its
  end-of-life banner; a variable set by the caller wins.
- It refuses to run outside a virtual environment: nothing is ever installed into a system python.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = "kehoach-stamp.json"
PTH = "kehoach-env.pth"
PTH_LINE = 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")\n'


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def write_pth() -> Path:
    """The one-line .pth in site-packages; rewritten only when its content differs."""
    path = Path(sysconfig.get_paths()["purelib"]) / PTH
    if not path.is_file() or path.read_text(encoding="utf-8") != PTH_LINE:
        path.write_text(PTH_LINE, encoding="utf-8")
    return path


def read_stamp(path: Path) -> dict:
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        return {"fingerprint": str(stamp["fingerprint"]), "extras": [str(e) for e in stamp["extras"]]}
    except (OSError, ValueError, KeyError, TypeError):
        return {"fingerprint": "", "extras": []}


def sync(extras: list[str], root: Path = ROOT) -> bool:
    """Install the project (editable) with these extras unless the stamp says it is done; True if pip ran."""
    stamp_path = Path(sys.prefix) / STAMP
    stamp = read_stamp(stamp_path)
    current = fingerprint(root)
    wanted = set(extras)
    if stamp["fingerprint"] == current:
        if wanted <= set(stamp["extras"]):
            return False
        wanted |= set(stamp["extras"])  # keep what an earlier run installed with the same pyproject.toml
    spec = "." + (f"[{','.join(sorted(wanted))}]" if wanted else "")
    print(f"kehoach: cài {spec} vào {Path(sys.prefix).name} (lần đầu hoặc pyproject.toml đã đổi)…", file=sys.stderr, flush=True)
    stamp_path.unlink(missing_ok=True)  # an interrupted install is redone next time
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", spec], cwd=root)
    if result.returncode != 0:
        sys.exit(result.returncode)
    stamp_path.write_text(json.dumps({"fingerprint": current, "extras": sorted(wanted)}) + "\n", encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    if sys.prefix == sys.base_prefix:
        print(f"kehoach: {sys.executable} không phải python của môi trường ảo (.venv): không cài gì vào python của hệ thống.", file=sys.stderr)
        return 1
    write_pth()
    sync(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
