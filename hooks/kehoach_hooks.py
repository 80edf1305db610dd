"""MkDocs adapter: loads the records before the site folder is touched, adds pages in memory.

Every decision lives in the `kehoach` package; this file only moves data between it and MkDocs.
Records are read in `on_pre_build`, so `mkdocs serve` picks up every change, and a bad record
stops the build before MkDocs cleans the previously built site. Under `mkdocs serve` a bad record
does not stop the preview: the last good pages stay, each with the problems shown on top.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from kehoach import staging
from kehoach.background import RenderedPages, RenderingFailed, render_pages
from kehoach.problems import Problem, RecordsInvalid
from kehoach.pages import GeneratedPage, separate_adjacent_cells
from kehoach.site import load_site, problems_banner

log = logging.getLogger("mkdocs.plugins.kehoach")

# Only the pages are kept between events: the registry behind them (millions of objects at
# province size) is freed before MkDocs renders anything.
_pages: list[GeneratedPage] | None = None
# Pages and files being rendered on the other core while MkDocs works through the pages before them:
# MkDocs reads each page in on_page_read_source; the files are filled in on_env, before it copies them.
_rendering: RenderedPages | None = None
_deferred_pages: set[str] = set()
_deferred_files: list[File] = []
_serving = False
_shown_problems: list[Problem] = []
_published_site: Path | None = None  # where the site goes once the build has fully succeeded


class _WarningCounter(logging.Handler):
    """MkDocs fails a strict build only after on_post_build: count warnings to know it in time."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _WarningCounter()


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build into a staging folder; the previously built site stays untouched if the build fails."""
    global _published_site
    _published_site = Path(config.site_dir)
    config.site_dir = str(staging.staging_dir_for(_published_site))
    _warnings.count = 0
    if _warnings not in logging.getLogger("mkdocs").handlers:
        logging.getLogger("mkdocs").addHandler(_warnings)
    return config


def _stop_rendering() -> None:
    global _rendering
    if _rendering is not None:
        _rendering.close()
        _rendering = None


def on_post_build(config: MkDocsConfig) -> None:
    _stop_rendering()
    staging_dir = Path(config.site_dir)
    if config.strict and _warnings.count:
        staging.discard(staging_dir)  # MkDocs aborts right after this hook
        return
    staging.promote(staging_dir, _published_site)
    config.site_dir = str(_published_site)


def on_build_error(error: Exception) -> None:
    _stop_rendering()
    if _published_site is not None:
        staging.discard(staging.staging_dir_for(_published_site))


def on_pre_build(config: MkDocsConfig) -> None:
    global _pages, _shown_problems, _rendering
    _shown_problems = []
    _stop_rendering()
    base_dir = Path(config.config_file_path).parent
    try:
        # The live preview keeps every page of the last good build to fall back on: no deferring there.
        content = load_site(base_dir, config.extra, directory_urls=config.use_directory_urls, site_url=config.site_url, defer_pages=not _serving)
    except RecordsInvalid as invalid:
        if _serving and _pages is not None:
            # Logged warnings would abort a strict rebuild, and the preview must stay up.
            _shown_problems = invalid.problems
            print(*invalid.problems, sep="\n", file=sys.stderr)  # noqa: T201
            print(f"{invalid} — bản xem trước giữ trang cũ và hiện lỗi trên mỗi trang cho đến khi sửa xong", file=sys.stderr)  # noqa: T201
            return
        for problem in invalid.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        raise PluginError(f"{invalid} — trang không được xây dựng; sửa các lỗi trên rồi chạy lại") from None
    _pages = content.pages
    _rendering = render_pages(content.deferred)
    for problem in content.warnings:
        log.info(str(problem))
    log.info(f"kehoach: {len(content.pages) + len(content.deferred)} trang từ bản ghi, tính đến ngày {content.settings.as_of:%d/%m/%Y} ({content.settings.as_of_source})")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _pages is not None
    for page in _pages:
        if files.get_file_from_path(page.path) is None:  # a hand-written page wins
            files.append(File.generated(config, page.path, content=page.content))
    _deferred_pages.clear()
    _deferred_files.clear()
    for path in _rendering.paths if _rendering is not None else ():
        if files.get_file_from_path(path) is None:
            file = File.generated(config, path, content="")  # the text comes in on_page_read_source, or on_env
            files.append(file)
            if file.is_documentation_page():
                _deferred_pages.add(path)
            else:
                _deferred_files.append(file)
    return files


def on_page_read_source(page, config: MkDocsConfig) -> str | None:
    if _rendering is None or page.file.src_uri not in _deferred_pages:
        return None
    return _rendered(page.file.src_uri)


def on_env(env, config: MkDocsConfig, files: Files):
    # Every page has been read; MkDocs copies the files next.
    if _rendering is not None:
        for file in _deferred_files:
            file.content_string = _rendered(file.src_uri)
    _deferred_files.clear()
    _stop_rendering()  # the child is done: another may be forked (kehoach_search)
    return env


def _rendered(path: str) -> str:
    try:
        return _rendering.get(path)
    except RenderingFailed as failed:
        raise PluginError(str(failed)) from None


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    return separate_adjacent_cells(html)


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    if not _shown_problems:
        return output
    return re.sub(r"(<article[^>]*>)", lambda m: m.group(1) + problems_banner(_shown_problems), output, count=1)
