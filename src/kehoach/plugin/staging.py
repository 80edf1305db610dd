"""Publish a build only when it succeeded: build into a staging folder, then swap it in."""

from __future__ import annotations

import shutil
from pathlib import Path


def staging_dir_for(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ".dang-xay-dung")


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def promote(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames, so readers never see a half-written site."""
    retired = site_dir.with_name(site_dir.name + ".cu")
    shutil.rmtree(retired, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
