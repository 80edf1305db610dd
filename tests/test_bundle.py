"""`kehoach bundle`: a zip of the site that works opened from file://, search included, with no network."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kehoach.plugin.bundle import SHIM_PATH, external_references, offline_overrides

REPO = Path(__file__).resolve().parents[1]
PLAN_ID = "kh-ct28-tinh-uy-hung-yen"
IGNORED = shutil.ignore_patterns(".git", "site", "public", "__pycache__", "*.egg-info", ".pytest_cache", "node_modules", "*.zip", ".venv")


def bundle(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_RECORDS",)}
    environ["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "bundle", *args], cwd=cwd, env=environ, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("goi")
    result = bundle("--out", str(work / "site.zip"), "-f", str(REPO / "mkdocs.yml"), cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    with zipfile.ZipFile(work / "site.zip") as archive:
        archive.extractall(work / "site")
    return work / "site"


# ---------------------------------------------------------------- the files


def test_zip_holds_the_site_at_its_top(unpacked: Path) -> None:
    assert (unpacked / "index.html").is_file()
    assert (unpacked / f"ke-hoach/{PLAN_ID}.html").is_file()  # no directory URLs: file:// shows pages, not folders
    assert (unpacked / SHIM_PATH).is_file()
    assert (unpacked / "search/search_index.js").is_file()  # Material's config inlined for file://


def test_search_index_is_prebuilt_and_split(unpacked: Path) -> None:
    """The offline plugin inlines search_index.json for file://; it is the stub by then (our hook
    runs before it), so every page does not carry the whole index; the worker loads the shards."""
    inline = (unpacked / "search/search_index.js").read_text(encoding="utf-8")
    assert inline.startswith("var __index = ")
    stub = json.loads(inline[len("var __index = ") :])
    assert stub["docs"] == [] and stub["config"]["kehoach"]["manifest"] == "search/kehoach/manifest.js"
    assert len(inline) < 2_000
    assert (unpacked / "search/kehoach/manifest.js").is_file()
    assert list((unpacked / "search/kehoach/t").glob("*.js")) and list((unpacked / "search/kehoach/d").glob("*.js"))


def test_nothing_is_loaded_from_the_internet(unpacked: Path) -> None:
    loads, _ = external_references(unpacked)
    assert loads == []
    for page in unpacked.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, page
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in (unpacked / "index.html").read_text(encoding="utf-8")


def test_instant_navigation_is_off(unpacked: Path) -> None:
    assert "navigation.instant" not in (unpacked / "index.html").read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in ("script", "img") and name == "src") or (tag == "link" and name == "href")):
                self.targets.append(value)


def _broken_links(unpacked: Path) -> list[str]:
    broken = []
    for page in unpacked.rglob("*.html"):
        if page.name == "404.html":
            continue  # served by web servers for missing pages only; its links are absolute by design
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        here = page.relative_to(unpacked).parent.as_posix()
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            resolved = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
            path = unpacked / resolved
            if target.endswith("/") or not path.is_file():
                broken.append(f"{page.relative_to(unpacked)} → {target}")
    return broken


def test_every_internal_link_opens_a_file(unpacked: Path) -> None:
    broken = _broken_links(unpacked)
    assert not broken, broken[:20]


# ---------------------------------------------------------------- the command


def test_overrides_keep_the_project_settings() -> None:
    raw = {
        "plugins": [{"search": {"lang": "vi"}}, "tags"],
        "theme": {"name": "material", "features": ["navigation.instant", "navigation.instant.progress", "navigation.tabs"]},
        "extra": {"polyfills": ["https://unpkg.com/iframe-worker/shim", "assets/khac.js"], "as_of": "2019-06-01"},
        "site_url": "https://kehoach.example/",
    }
    changed = offline_overrides(raw)
    assert changed["plugins"] == [{"search": {"lang": "vi"}}, "tags", "offline"]
    assert changed["theme"] == {"name": "material", "features": ["navigation.tabs"]}
    assert changed["extra"] == {"polyfills": ["assets/khac.js", SHIM_PATH], "as_of": "2019-06-01"}
    assert changed["site_url"] == "" and changed["use_directory_urls"] is False
    assert offline_overrides({"plugins": {"search": {}, "offline": {}}, "theme": "material"})["plugins"] == {"search": {}, "offline": {}}
    assert offline_overrides({})["plugins"] == ["search", "offline"]


def test_broken_records_fail_without_replacing_the_zip(tmp_path: Path) -> None:
    project = tmp_path / "du-an"
    shutil.copytree(REPO, project, ignore=IGNORED)
    record = next((project / "records/to-chuc").glob("*.yml"))
    record.write_text(record.read_text(encoding="utf-8") + "ten: lặp lại\n", encoding="utf-8")
    old = tmp_path / "cu.zip"
    old.write_bytes(b"zip cu")
    result = bundle("--out", str(old), "--ghi-de", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(rf"records/to-chuc/{re.escape(record.name)}:\d+:1: trường “ten” lặp lại", result.stderr), result.stderr
    assert old.read_bytes() == b"zip cu"
    assert not list(tmp_path.glob(".kehoach-*"))
    assert sorted(p.name for p in project.iterdir()) == sorted(p.name for p in REPO.iterdir() if not IGNORED(str(REPO), [p.name]))


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = bundle("--out", "x.zip", cwd=tmp_path)
    assert result.returncode == 2
    assert "không tìm thấy tệp cấu hình" in result.stderr


# ---------------------------------------------------------------- in a browser, from file://


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def offline_page(browser, unpacked: Path):
    context = browser.new_context(service_workers="block")
    outside: list[str] = []

    def only_files(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, outside, errors
    context.close()


def search(page, query: str) -> int:
    page.keyboard.press("s")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially(query, delay=10)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta'); return m && /\\d/.test(m.innerText) || "
        "(m && m.innerText && !/Nhập|Đang|Initializing|Type/.test(m.innerText)); }",
        timeout=20000,
    )
    return page.locator(".md-search-result__item").count()


def test_plan_page_shows_from_file_url(offline_page, unpacked: Path) -> None:
    page, outside, errors = offline_page
    page.goto((unpacked / "index.html").as_uri())
    assert "Kế hoạch" in page.title()
    page.locator(f"a[href$='ke-hoach/{PLAN_ID}.html']").first.click()
    page.wait_for_url(f"**/ke-hoach/{PLAN_ID}.html")
    body = page.locator("article").inner_text()
    assert "KẾ HOẠCH" in body
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in body
    assert outside == [] and errors == []


@pytest.mark.parametrize("query", ["Kế hoạch", "to chuc"])
def test_search_works_from_file_url(offline_page, unpacked: Path, query: str) -> None:
    # "to chuc" finds “tổ chức” only with diacritic folding in search (another part of the project).
    page, outside, errors = offline_page
    page.goto((unpacked / "index.html").as_uri())
    assert search(page, query) > 0, page.locator(".md-search-result__meta").inner_text()
    assert page.locator(".md-search-result__item mark").count() > 0  # matched words highlighted
    assert outside == [] and errors == []
