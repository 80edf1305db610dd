"""A site is the same whichever way the build makes it: pages and files rendered by a forked child
and the search index made page by page by another (a plain `mkdocs build`), or all of it here (other
threads running, as under `mkdocs serve`); and the search index is the same split from Material's
whole index after the build (`--dirty`, where Material merges the last one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project

IN_PROCESS = "import threading, runpy; threading.Thread(target=threading.Event().wait, daemon=True).start(); runpy.run_module('mkdocs', run_name='__main__')"


def _build(project: Path, site: Path, *arguments: str, in_process: bool = False) -> dict[str, bytes]:
    """Every file of the built site by its path."""
    command = [sys.executable, "-c", IN_PROCESS] if in_process else [sys.executable, "-m", "mkdocs"]
    env = {**os.environ, "KEHOACH_AS_OF": "2019-06-01", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*command, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site), *arguments], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _search(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path.removeprefix("search/"): data for path, data in files.items() if path.startswith("search/")}


def test_the_three_ways_of_building_write_the_same_files(tmp_path):
    project = copy_project(tmp_path / "project")
    whole_in_child = _build(project, tmp_path / "child")
    whole_here = _build(project, tmp_path / "here", in_process=True)
    assert "du-lieu/nhiem-vu.csv" in whole_in_child and "nhiem-vu/index.html" in whole_in_child
    assert sorted(whole_in_child) == sorted(whole_here)
    assert [path for path in whole_in_child if whole_in_child[path] != whole_here[path]] == []

    in_child = _search(whole_in_child)
    split_after = _search(_build(project, tmp_path / "dirty", "--dirty"))
    assert "kehoach/manifest.js" in in_child and any(name.startswith("kehoach/t/") for name in in_child)
    assert in_child == split_after
    stub = json.loads(in_child["search_index.json"])
    assert stub["docs"] == [] and stub["config"]["kehoach"]["manifest"] == "search/kehoach/manifest.js"
    manifest = in_child["kehoach/manifest.js"].decode("utf-8")
    assert '"entries":' in manifest and "tổ chức".encode() in b"".join(v for k, v in in_child.items() if k.startswith("kehoach/d/"))
