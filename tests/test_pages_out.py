"""`kehoach pages --out`: the whole site as Markdown and data files, built by plain MkDocs + Material
with no kehoach plugin or hook — the way off MkDocs' event machinery if it is ever needed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build_site, copy_project
from kehoach.cli import main


def _article(path: Path) -> str:
    """A page's article, with the whitespace between tags taken out (the plugin puts line breaks
    between table cells for Markdown's sake; a plain build keeps them as written)."""
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
    return re.sub(r">\s+<", "><", str(article))


def test_the_written_content_builds_with_plain_mkdocs_into_the_same_pages(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("KEHOACH_AS_OF", "2019-06-01")
    monkeypatch.chdir(project)
    assert main(["pages", "--out", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "kehoach:" not in config and "- kehoach" not in config
    assert (out / "docs" / "index.md").is_file() and (out / "docs" / "du-lieu" / "nhiem-vu.csv").is_file()
    assert (out / "docs" / "huong-dan" / "index.md").read_bytes() == (project / "docs" / "huong-dan" / "index.md").read_bytes()

    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert plain.returncode == 0, plain.stderr
    assert "WARNING" not in plain.stderr

    hooked = build_site(tmp_path / "hooked", project, as_of="2019-06-01").dir
    plain_pages = {p.relative_to(tmp_path / "plain").as_posix() for p in (tmp_path / "plain").rglob("*.html")}
    hooked_pages = {p.relative_to(hooked).as_posix() for p in hooked.rglob("*.html")}
    assert plain_pages == hooked_pages
    assert [page for page in sorted(plain_pages) if _article(tmp_path / "plain" / page) != _article(hooked / page)] == []
    for data in ("du-lieu/nhiem-vu.csv", "du-lieu/cap-nhat.xml", "du-lieu/thoi-han.ics"):
        if (hooked / data).exists():
            assert (tmp_path / "plain" / data).read_bytes() == (hooked / data).read_bytes(), data


def test_refuses_a_folder_with_content_and_bad_records(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x", encoding="utf-8")
    assert main(["pages", "--out", str(tmp_path / "full")]) == 2
    assert "--ghi-de" in capsys.readouterr().err

    broken = project / "records" / "to-chuc" / "ban-to-chuc-tinh-uy.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("loai:", "loai: [", 1), encoding="utf-8")
    assert main(["pages", "--out", str(tmp_path / "out")]) == 1
    said = capsys.readouterr().out
    assert re.search(r"records/to-chuc/ban-to-chuc-tinh-uy\.yml:\d+:\d+: ", said) and "không ghi gì" in said
    assert not (tmp_path / "out").exists()
