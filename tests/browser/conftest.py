"""Fixtures for the browser tests: built sites served on 127.0.0.1, Debian's Chromium via Playwright.

Without /usr/bin/chromium (or the playwright package) the tests skip with a message; with CI=true
that is a failure instead. No browser is ever downloaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kh_browser
from kh_browser import recording_context


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The project's site, built from the working tree into a temporary folder (another
    configuration file can be given in KEHOACH_BROWSER_MKDOCS_YML)."""
    config = Path(os.environ.get("KEHOACH_BROWSER_MKDOCS_YML") or kh_browser.ROOT / "mkdocs.yml")
    return kh_browser.build_site(tmp_path_factory.mktemp("kehoach") / "site", config)


@pytest.fixture(scope="session")
def fixture_site_dir(tmp_path_factory) -> Path:
    """A small Material site (tone placements, NFD text, a hand-made task filter) with the
    project's theme overrides and kehoach.js."""
    project = tmp_path_factory.mktemp("fixture")
    config = kh_browser.write_fixture_project(project / "project")
    return kh_browser.build_site(project / "site", config)


@pytest.fixture(scope="session")
def site_url(site_dir):
    with kh_browser.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_url(fixture_site_dir):
    with kh_browser.serve(fixture_site_dir) as url:
        yield url


@pytest.fixture
def context_log(browser):
    with recording_context(browser) as (context, log):
        yield context, log


@pytest.fixture
def page(context_log):
    return context_log[0].new_page()


def _search_box(browser, url):
    with recording_context(browser) as (context, log):
        page = context.new_page()
        page.goto(url)
        box = kh_browser.SearchBox(page, url)
        box.wait_ready()
        box.log = log
        yield box


@pytest.fixture(scope="module")
def site_search(browser, site_url):
    """Material's search box on the project's home page, index loaded; one page per test module."""
    yield from _search_box(browser, site_url)


@pytest.fixture(scope="module")
def fixture_search(browser, fixture_url):
    """The same on the fixture site."""
    yield from _search_box(browser, fixture_url)
