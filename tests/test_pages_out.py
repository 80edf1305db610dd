"""`kehoach pages --out`: the whole site as Markdown and data files, built by plain MkDocs + Material
with no kehoach plugin or hook — the way off MkDocs' event machinery if it is ever needed.

The plain build makes the same pages as the hooked one, byte for byte apart from search: the hooked
build's theme (main.html) points Material at kehoach's search worker and split index, and the plugin
puts a line break after each table cell so that Material's indexer does not join adjacent cells'
words. Nothing else differs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from kehoach.cli import main
from kehoach.content.export_tree import plain_mkdocs_config
from kehoach.content.pages import separate_adjacent_cells

# What only the hooked build has: kehoach's search (worker, queue script, the split index).
SEARCH_ONLY = re.compile(r"assets/javascripts/kehoach-search-queue\.js|assets/javascripts/workers/kehoach-search\.js|search/kehoach/.*")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _without_search(html: str) -> str:
    """A page's HTML without what tells the browser which search to run."""
    html = re.sub(r'<script src="[^"]*kehoach-search-queue\.js"></script>', "", html)
    html = re.sub(r'<script id="__config" type="application/json">.*?</script>', "", html, flags=re.S)
    return re.sub(r"\n[ \t]*(?=\n)", "", html)


def _plain_build(config: Path, site: Path) -> None:
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert plain.returncode == 0, plain.stderr
    assert "WARNING" not in plain.stderr, plain.stderr


def test_the_written_content_builds_with_plain_mkdocs_into_the_same_pages(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("KEHOACH_AS_OF", "2019-06-01")
    monkeypatch.chdir(project)
    assert main(["pages", "--out", str(tmp_path / "out")]) == 0
    assert "đã ghi" in capsys.readouterr().out
    out = tmp_path / "out"
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "kehoach:" not in config and "- kehoach\n" not in config
    assert (out / "docs" / "index.md").is_file() and (out / "docs" / "du-lieu" / "nhiem-vu.csv").is_file()
    assert (out / "docs" / "huong-dan" / "index.md").read_bytes() == (project / "docs" / "huong-dan" / "index.md").read_bytes()
    assert not [p for p in out.rglob("*") if "kehoach_hooks" in p.name]
    assert "kehoach-search" not in (out / "overrides" / "main.html").read_text(encoding="utf-8")  # the header only, not the search machinery

    _plain_build(out / "mkdocs.yml", tmp_path / "plain")
    hooked = build_site(tmp_path / "hooked", project, as_of="2019-06-01").dir
    plain_files, hooked_files = _files(tmp_path / "plain"), _files(hooked)

    plain_pages = sorted(path for path in plain_files if path.endswith(".html"))
    assert plain_pages == sorted(path for path in hooked_files if path.endswith(".html"))
    assert "ke-hoach/kh-ct28-tinh-uy-hung-yen/index.html" in plain_pages and len(plain_pages) > 40
    differing = [
        page for page in plain_pages
        if _without_search(separate_adjacent_cells(plain_files[page].decode("utf-8"))) != _without_search(hooked_files[page].decode("utf-8"))
    ]
    assert differing == []
    # Every other file is the same too; the hooked build only adds its search.
    assert sorted(set(hooked_files) - set(plain_files)) == sorted(path for path in hooked_files if SEARCH_ONLY.fullmatch(path))
    assert set(plain_files) <= set(hooked_files)
    assert [path for path in plain_files if not path.endswith(".html") and path != "search/search_index.json" and plain_files[path] != hooked_files[path]] == []
    assert "du-lieu/thoi-han.ics" in plain_files and "du-lieu/cap-nhat.xml" in plain_files


def test_an_office_repository_with_its_own_settings(tmp_path, capsys, monkeypatch):
    """A repository made by `kehoach init` (the plugin form), with its own docs_dir, custom_dir,
    stylesheet, site_url and file URLs: all of it carried over to the plain build."""
    monkeypatch.setenv("KEHOACH_AS_OF", "2019-06-01")
    office = tmp_path / "office"
    assert main(["init", str(office), "--ten-don-vi", "Huyện ủy Văn Lâm", "--viet-tat", "HU"]) == 0
    capsys.readouterr()
    (office / "docs").rename(office / "trang")
    (office / "giao-dien").mkdir()
    (office / "giao-dien" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}<p class="don-vi-rieng">Trang nội bộ</p>{% endblock %}\n', encoding="utf-8"
    )
    (office / "trang" / "rieng.css").write_text(".don-vi-rieng { color: red; }\n", encoding="utf-8")
    config = (office / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", "docs_dir: trang").replace("use_directory_urls: true", "use_directory_urls: false")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: giao-dien\n", 1)
    config += "\nsite_url: https://noi-bo.example/ke-hoach/\n\nextra_css:\n  - rieng.css\n"
    (office / "mkdocs.yml").write_text(config, encoding="utf-8")

    monkeypatch.chdir(office)
    assert main(["pages", "--out", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs" in written and "custom_dir: overrides" in written and "kehoach:" not in written
    assert (tmp_path / "out" / "overrides" / "main.html").is_file() and (tmp_path / "out" / "docs" / "rieng.css").is_file()

    _plain_build(tmp_path / "out" / "mkdocs.yml", tmp_path / "plain")
    hooked = build_site(tmp_path / "hooked", office).dir
    plain_files, hooked_files = _files(tmp_path / "plain"), _files(hooked)
    plain_pages = sorted(path for path in plain_files if path.endswith(".html"))
    assert plain_pages == sorted(path for path in hooked_files if path.endswith(".html"))
    assert "to-chuc/index.html" in plain_pages  # use_directory_urls: false
    home = plain_files["index.html"].decode("utf-8")
    assert "don-vi-rieng" in home and "rieng.css" in home and "assets/kehoach.css" in home
    for data in ("du-lieu/cap-nhat.xml", "du-lieu/thoi-han.ics", "du-lieu/nhiem-vu.csv"):
        assert plain_files[data] == hooked_files[data], data
    assert "https://noi-bo.example/ke-hoach/" in plain_files["du-lieu/cap-nhat.xml"].decode("utf-8")


def test_refuses_a_folder_with_content_the_project_itself_and_bad_records(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x", encoding="utf-8")
    assert main(["pages", "--out", str(tmp_path / "full")]) == 2
    assert "--ghi-de" in capsys.readouterr().err
    for inside in (".", "docs/ban-xuat"):
        assert main(["pages", "--out", inside, "--ghi-de"]) == 2
        assert "thư mục dự án" in capsys.readouterr().err
    assert not (project / "docs" / "ban-xuat").exists()

    broken = project / "records" / "to-chuc" / "ban-to-chuc-tinh-uy.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("loai:", "loai: [", 1), encoding="utf-8")
    assert main(["pages", "--out", str(tmp_path / "out")]) == 1
    said = capsys.readouterr().out
    assert re.search(r"^records/to-chuc/ban-to-chuc-tinh-uy\.yml:\d+:\d+: ", said, flags=re.M) and "không ghi gì" in said
    assert not (tmp_path / "out").exists()


def test_overwrite_is_allowed_when_asked(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert main(["pages", "--out", "../out"]) == 0
    assert main(["pages", "--out", "../out", "--ghi-de"]) == 0
    said = capsys.readouterr().out
    assert said.count("out/docs, cấu hình") == 2 and "\\" not in said
    assert (tmp_path / "out" / "docs" / "index.md").is_file()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("site_name: x\nplugins:\n  - kehoach\n", {"site_name": "x", "plugins": []}),
        (
            "site_name: x\nplugins:\n- search\n- kehoach:\n    records: r\n\n    as_of: 2019-01-01\n- tags\nextra_css: [a.css]\n",
            {"site_name": "x", "plugins": ["search", "tags"], "extra_css": ["a.css", "assets/kehoach.css"]},
        ),
        (
            "site_name: x\ndocs_dir: trang\nhooks:\n  # ours\n  - hooks/kehoach_hooks.py\n\nwatch: [records]\nnot_in_nav: |\n  a.md\n"
            "extra_javascript:\n  # mine\n  - js/x.js\n\n  - js/y.js\nplugins:\n  - kehoach: {records: r}\n\nextra:\n  a: 1\n",
            {"site_name": "x", "docs_dir": "docs", "extra_javascript": ["js/x.js", "js/y.js", "assets/javascripts/kehoach.js"], "plugins": [], "extra": {"a": 1}},
        ),
        ("site_name: x\r\nextra_css:\r\n  - 'assets/kehoach.css'\r\n", {"site_name": "x", "extra_css": ["assets/kehoach.css"]}),
    ],
)
def test_the_plain_configuration(written, expected):
    import yaml

    data = yaml.safe_load(plain_mkdocs_config(written))
    assert data.pop("not_in_nav") == "*.md\n"
    data.setdefault("extra_css", ["assets/kehoach.css"])
    data.setdefault("extra_javascript", ["assets/javascripts/kehoach.js"])
    assert data == {"extra_css": ["assets/kehoach.css"], "extra_javascript": ["assets/javascripts/kehoach.js"], **expected}
