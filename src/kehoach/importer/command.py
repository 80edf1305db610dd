"""`kehoach nhap`: placeholder until the importer lands (must be replaced before commit)."""

from __future__ import annotations

from typing import Any


def add_command(commands: Any) -> None:
    """Register `nhap` on the CLI's subparsers."""
