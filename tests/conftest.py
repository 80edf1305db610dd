"""Shared fixtures: build a real site with the project's mkdocs.yml into a temporary folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))  # benchmarks.synthetic: the corpus generator the benchmarks and some tests share

import kh_browser  # noqa: E402  (Chromium's path and flags, shared with the benchmarks)


class BuiltSite:
    def __init__(self, site_dir: Path):
        self.dir = site_dir

    def html(self, url_path: str) -> BeautifulSoup:
        path = self.dir / url_path.strip("/") / "index.html" if not url_path.endswith(".html") else self.dir / url_path
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, url_path: str) -> str:
        article = self.html(url_path).select_one("article")
        return " ".join(article.get_text(" ").split())


def build_site(site_dir: Path, project: Path = ROOT, **extra) -> BuiltSite:
    """Build with the project's configuration; `extra` entries override mkdocs.yml's `extra`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.extra.update(extra)
    build(config)
    return BuiltSite(site_dir)


def copy_project(destination: Path) -> Path:
    """A throwaway copy of the project's site inputs, for tests that edit records."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "docs", "records", "examples"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuiltSite:
    """The site as the README's first command builds it: bundled records only."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> BuiltSite:
    """The demo: records plus the illustrative updates, as of 1 June 2019."""
    return build_site(tmp_path_factory.mktemp("example-site"), as_of="2019-06-01", examples="examples")


def browser_unavailable(reason: str) -> None:
    """Skip a browser test with the reason; under CI=true a missing browser is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, launched once for the whole run: Playwright's sync API allows one
    instance per process, so every browser test shares this one (never a downloaded browser)."""
    if not Path(kh_browser.CHROMIUM).exists():
        browser_unavailable(f"{kh_browser.CHROMIUM} not found: install Debian's chromium (scripts/test.sh does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = kh_browser.launch_chromium(playwright)
        yield browser
        browser.close()
