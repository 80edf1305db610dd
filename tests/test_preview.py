"""The live preview rebuilds only what a change touches, and shows byte for byte what a clean build
of the same records gives (kehoach.plugin.preview).

`mkdocs serve` is played in this process as MkDocs plays it: the configuration loaded again for
each rebuild (the hook file imported anew), `on_startup` only for the first, `build()` each time.
After every step of a sequence of edits, renames, deletions and a broken record, every file the
preview wrote is compared with a clean `mkdocs build` of the same project in a fresh process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import copy_project
from kehoach.plugin import plugin as kehoach_plugin
from kehoach.plugin.preview import PreviewMemory

SITE_URL = "http://127.0.0.1:8000/"
# The sitemap's gzip header carries the build time: the same second for every build here.
ENVIRONMENT = {"SOURCE_DATE_EPOCH": "1700000000", "KEHOACH_AS_OF": "2019-06-01", "KEHOACH_EXAMPLES": "examples"}


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


class Preview:
    """One `mkdocs serve` of a project, rebuilt on demand."""

    def __init__(self, project: Path, site: Path):
        self.project = project
        self.site = site
        self.started = False

    def rebuild(self) -> PreviewMemory:
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SITE_URL  # as `mkdocs serve` sets it
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=False)
            self.started = True
        build(config)
        return kehoach_plugin._session.memories[config.config_file_path]


def _clean_build(project: Path, site: Path) -> dict[str, bytes]:
    config = project / "clean.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {SITE_URL}\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], cwd=project, check=True, env={**os.environ, **ENVIRONMENT})
    return _files(site)


def _assert_same(preview: dict[str, bytes], clean: dict[str, bytes]) -> None:
    assert sorted(preview) == sorted(clean)
    different = [name for name in clean if preview[name] != clean[name]]
    assert not different, f"{len(different)} files differ from a clean build, e.g. {different[:5]}"


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(kehoach_plugin, "_session", kehoach_plugin._Session())
    project = copy_project(tmp_path / "project")
    return Preview(project, tmp_path / "preview"), project, tmp_path


def test_preview_matches_a_clean_build_through_edits(serving) -> None:
    preview, project, tmp_path = serving
    records = project / "records"
    update = project / "examples" / "cap-nhat" / "2019" / "2019-05-10-btc-ra-soat-dang-thuc-hien.yml"
    organization = records / "to-chuc" / "ban-to-chuc-tinh-uy.yml"

    def step(name: str) -> dict[str, bytes]:
        memory = preview.rebuild()
        shown = _files(preview.site)
        _assert_same(shown, _clean_build(project, tmp_path / f"clean-{name}"))
        return {"shown": shown, "memory": memory}  # type: ignore[dict-item]

    first = step("first")
    pages = [name for name in first["shown"] if name.endswith(".html")]
    assert len(pages) > 50

    # One update's text: a few pages change, the rest are reused.
    memory = first["memory"]
    update.write_text(update.read_text(encoding="utf-8").replace("noi_dung: ", "noi_dung: (đã sửa) ", 1), encoding="utf-8")
    after_update = step("update")
    assert after_update["shown"] != first["shown"]
    assert memory.last_reused_outputs > len(pages) // 2, memory.last_reused_outputs

    # An organization's name, shown on many pages.
    organization.write_text(organization.read_text(encoding="utf-8").replace("ten: ", "ten: Đổi tên ", 1), encoding="utf-8")
    step("rename")

    # A record removed, then one renamed (its pages go, others appear).
    update.unlink()
    step("delete")
    moved = next((project / "examples" / "cap-nhat" / "2019").glob("*.yml"))
    moved.rename(moved.with_name("2019-06-01-doi-ten-tep.yml"))
    step("move")

    # A broken record: the preview keeps the last good pages, each with the problem on top.
    before_break = _files(preview.site)
    text = organization.read_text(encoding="utf-8")
    organization.write_text(text + "\nten: [không đóng\n", encoding="utf-8")
    preview.rebuild()
    broken = _files(preview.site)
    for name in pages:
        if name in broken and name != "404.html":
            assert "lỗi trong bản ghi" in broken[name].decode("utf-8"), name
    assert sorted(broken) == sorted(before_break)

    # Mended: as a clean build again.
    organization.write_text(text, encoding="utf-8")
    step("mended")

    # A hand-written page and the configuration.
    page = project / "docs" / "cach-tra-cuu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nMột đoạn thêm.\n", encoding="utf-8")
    step("docs")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: ", "site_name: Thử ", 1), encoding="utf-8")
    step("config")
