"""The MkDocs adapter: loads the records before the site folder is touched, adds pages in memory.

Every decision lives in the core (`kehoach.records`, `kehoach.domain`, `kehoach.content`); this
module only moves data between it and MkDocs. Records are read in `on_pre_build`, so `mkdocs serve`
picks up every change, and a bad record stops the build before MkDocs cleans the previously built
site. Under `mkdocs serve` a bad record does not stop the preview: the last good pages stay, each
with the problems shown on top. The site is built into a staging folder and swapped in only once
the build has fully succeeded.

Used two ways, one implementation: as a plugin (`plugins: - kehoach`, options typed in
`KehoachConfig`), or through a hook file that hands MkDocs' events to `KehoachPlugin.from_extra()`
(options read from mkdocs.yml's `extra`, as this repository's `hooks/` does).
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from kehoach.content.manifest import GeneratedPage, file_content
from kehoach.content.pages import separate_adjacent_cells
from kehoach.content.searchindex import write_search_index
from kehoach.content.site import load_site, problems_banner
from kehoach.domain.problems import Problem, RecordsInvalid
from kehoach.plugin import staging
from kehoach.plugin.config import KehoachConfig
from kehoach.plugin.parallel import RenderedPages, RenderingFailed, map_shared, render_pages
from kehoach.plugin.rawhtml import SetAside, set_aside
from kehoach.plugin.search import SplitSearchIndex, stand_in_for_material
from kehoach.records.settings import DEFAULT_RECORDS

log = logging.getLogger("mkdocs.plugins.kehoach")

THEME_DIR = Path(__file__).with_name("theme")
STYLESHEET = "assets/kehoach.css"
SCRIPT = "assets/javascripts/kehoach.js"
_OPTIONS = ("records", "examples", "as_of", "do_mat_toi_da")


class _WarningCounter(logging.Handler):
    """MkDocs fails a strict build only after on_post_build: count warnings to know it in time."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class _Session:
    """What outlives one build in this process. `mkdocs serve` makes new plugin objects for every
    rebuild (and calls on_startup only on the first), so this cannot live on the plugin."""

    serving: bool = False
    # The last good pages of each project, shown again by the live preview while records have problems.
    last_pages: dict[str, list[GeneratedPage]] = field(default_factory=dict)


_session = _Session()


@dataclass
class _Build:
    """What one build keeps between MkDocs' events."""

    published_site: Path  # where the site goes once the build has fully succeeded
    staging_site: Path  # this build's own folder, until then
    search: SplitSearchIndex | None = None
    # Only the pages are kept between events: the registry behind them (millions of objects at
    # province size) is freed before MkDocs renders anything.
    pages: list[GeneratedPage] | None = None
    # Pages and files rendered on the other core while MkDocs works through the pages before them:
    # MkDocs reads each page in on_page_read_source; the files are filled in on_env, before it copies them.
    rendering: RenderedPages | None = None
    deferred_pages: set[str] = field(default_factory=set)
    deferred_files: list[File] = field(default_factory=list)
    shown_problems: list[Problem] = field(default_factory=list)
    # The pages this build generated (a hand-written page of the same path wins), and the HTML
    # blocks of each set aside while Python-Markdown converts the rest (kehoach.plugin.rawhtml).
    generated: set[str] = field(default_factory=set)
    set_aside: dict[str, SetAside] = field(default_factory=dict)

    def stop_rendering(self) -> None:
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None

    def rendered(self, path: str) -> str:
        assert self.rendering is not None
        try:
            return self.rendering.get(path)
        except RenderingFailed as failed:
            raise PluginError(str(failed)) from None


class KehoachPlugin(BasePlugin[KehoachConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._options_in_extra = False
        self._build: _Build | None = None
        self._warnings = _WarningCounter()

    @classmethod
    def from_extra(cls) -> KehoachPlugin:
        """For a hook file: options come from mkdocs.yml's `extra` (records, examples, as_of)."""
        plugin = cls()
        plugin._options_in_extra = True
        plugin.load_config({})
        return plugin

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _session.serving = command == "serve"

    @event_priority(-50)  # after Material's search plugin has made its index object
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the packaged theme files; build into a staging folder, so the previously built site
        stays untouched if the build fails."""
        theme_dirs = config.theme.dirs
        if str(THEME_DIR) not in theme_dirs:
            # After the project's own custom_dir (its overrides win), before Material's.
            theme_dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if all(str(script) != SCRIPT for script in config.extra_javascript):
            config.extra_javascript.append(SCRIPT)
        # `mkdocs serve` rebuilds when a record changes, with no `watch:` needed in mkdocs.yml.
        base_dir = Path(config.config_file_path).parent
        options, _ = self._options(config)
        for folder in (options.get("records") or DEFAULT_RECORDS, options.get("examples")):
            path = str((base_dir / folder).resolve()) if isinstance(folder, str) and folder else None
            if path and Path(path).is_dir() and path not in map(str, config.watch):
                config.watch.append(path)
        published = Path(config.site_dir)
        self._build = None
        try:
            staging_site = staging.staging_dir_for(published)
        except staging.SiteFolderRefused as refused:
            raise PluginError(f"{refused} — trang không được xây dựng") from None
        self._build = _Build(published, staging_site, search=stand_in_for_material(config))
        config.site_dir = str(staging_site)
        self._warnings.count = 0
        if self._warnings not in logging.getLogger("mkdocs").handlers:
            logging.getLogger("mkdocs").addHandler(self._warnings)
        return config

    def _options(self, config: MkDocsConfig) -> tuple[dict[str, Any], str]:
        if self._options_in_extra:
            return dict(config.extra), "extra"
        return {name: self.config[name] for name in _OPTIONS if self.config[name] is not None}, "plugins.kehoach"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        build = self._build
        assert build is not None
        build.shown_problems = []
        build.stop_rendering()
        base_dir = Path(config.config_file_path).parent
        options, origin = self._options(config)
        try:
            # The live preview keeps every page of the last good build to fall back on: no deferring there.
            content = load_site(
                base_dir,
                options,
                origin=origin,
                directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                defer_pages=not _session.serving,
                map_files=None if _session.serving else map_shared,
            )
        except RecordsInvalid as invalid:
            last_pages = _session.last_pages.get(config.config_file_path) if _session.serving else None
            if last_pages is not None:
                # Logged warnings would abort a strict rebuild, and the preview must stay up.
                build.pages = last_pages
                build.shown_problems = invalid.problems
                print(*invalid.problems, sep="\n", file=sys.stderr)  # noqa: T201
                print(f"{invalid} — bản xem trước giữ trang cũ và hiện lỗi trên mỗi trang cho đến khi sửa xong", file=sys.stderr)  # noqa: T201
                return
            for problem in invalid.problems:
                (log.error if problem.is_error else log.warning)(str(problem))
            raise PluginError(f"{invalid} — trang không được xây dựng; sửa các lỗi trên rồi chạy lại") from None
        build.pages = content.pages
        if _session.serving:
            _session.last_pages[config.config_file_path] = content.pages
        build.rendering = render_pages(content.deferred)
        for problem in content.warnings:
            log.info(str(problem))
        if content.left_out_summary:
            log.info(f"kehoach: {content.left_out_summary}")
        log.info(f"kehoach: {len(content.pages) + len(content.deferred)} trang từ bản ghi, tính đến ngày {content.settings.as_of:%d/%m/%Y} ({content.settings.as_of_source})")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self._build
        assert build is not None and build.pages is not None
        build.generated.clear()
        for page in build.pages:
            if files.get_file_from_path(page.path) is None:  # a hand-written page wins
                files.append(_generated(config, page.path, file_content(page.path, page.content)))
                build.generated.add(page.path)
        build.deferred_pages.clear()
        build.deferred_files.clear()
        for path in build.rendering.paths if build.rendering is not None else ():
            if files.get_file_from_path(path) is None:
                file = _generated(config, path, "")  # the text comes in on_page_read_source, or on_env
                files.append(file)
                if file.is_documentation_page():
                    build.deferred_pages.add(path)
                    build.generated.add(path)
                else:
                    build.deferred_files.append(file)
        return files

    def on_page_read_source(self, *, page: Any, config: MkDocsConfig) -> str | None:
        build = self._build
        if build is None or build.rendering is None or page.file.src_uri not in build.deferred_pages:
            return None
        return build.rendered(page.file.src_uri)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page has been read; MkDocs copies the files next.
        build = self._build
        assert build is not None
        if build.rendering is not None:
            for file in build.deferred_files:
                content = file_content(file.src_uri, build.rendered(file.src_uri))  # a .docx as its bytes
                if isinstance(content, bytes):
                    file.content_bytes = content
                else:
                    file.content_string = content
        build.deferred_files.clear()
        build.stop_rendering()  # the child is done: another may be forked (the search index)
        return env

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        build = self._build
        if build is None or page.file.src_uri not in build.generated:
            return markdown
        markdown, aside = set_aside(markdown, len(build.set_aside))
        build.set_aside[page.file.src_uri] = aside
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        build = self._build
        aside = build.set_aside.pop(page.file.src_uri, None) if build is not None else None
        if aside is not None:
            html = aside.restore(html)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | aside.anchor_ids
        return separate_adjacent_cells(html)

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        build = self._build
        if build is None or not build.shown_problems:
            return output
        banner = problems_banner(build.shown_problems)
        return re.sub(r"(<article[^>]*>)", lambda m: m.group(1) + banner, output, count=1)

    @event_priority(-100)  # last: after the search plugin's stub and the offline plugin's changes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self._build
        assert build is not None
        build.stop_rendering()
        staging_dir = Path(config.site_dir)
        if build.search is None:  # Material wrote its whole index (--dirty, or another search plugin)
            write_search_index(staging_dir)
        if config.strict and self._warnings.count:
            staging.discard(staging_dir)  # MkDocs aborts right after this event
            return
        try:
            staging.promote(staging_dir, build.published_site)
        except (staging.PromotionLocked, staging.SiteFolderRefused) as refused:
            raise PluginError(str(refused)) from None
        config.site_dir = str(build.published_site)

    def on_build_error(self, *, error: Exception) -> None:
        build = self._build
        if build is None:
            return
        build.stop_rendering()
        if build.search is not None:
            build.search.close()
        staging.discard(build.staging_site)


def _generated(config: MkDocsConfig, path: str, content: str | bytes) -> File:
    file = File.generated(config, path, content=content)
    if config.nav is not None:
        # Record pages are reached through index pages (a navigation of thousands of them would
        # make the build quadratic): left out of the navigation on purpose, not forgotten.
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return file
