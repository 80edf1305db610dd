"""`kehoach bao-cao`: placeholder until the report lands (must be replaced before commit)."""

from __future__ import annotations

from typing import Any


def add_command(commands: Any) -> None:
    """Register `bao-cao` on the CLI's subparsers."""
