"""The code is held to ruff and mypy, as pyproject.toml configures them ([tool.ruff], [tool.mypy]):
both run here, so the README's test command runs them, and both must report nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m <arguments>` from the project folder, where pyproject.toml is found."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, encoding="utf-8", errors="replace")


def _report(result: subprocess.CompletedProcess[str]) -> str:
    hint = "\n(ruff and mypy come with the test extra: pip install -e '.[test]')" if "No module named" in result.stderr else ""
    return f"`{' '.join(result.args[2:])}` exited with {result.returncode}:\n{result.stdout}{result.stderr}{hint}"


def test_ruff_reports_nothing():
    result = _run("ruff", "check", "--no-fix", "--output-format", "concise", ".")
    assert result.returncode == 0, _report(result)


def test_mypy_reports_nothing():
    result = _run("mypy")
    assert result.returncode == 0, _report(result)
