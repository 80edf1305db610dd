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
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from kehoach.content.compiled import COMPILED_TEMPLATES
from kehoach.content.manifest import GeneratedPage, file_content
from kehoach.content.pages import separate_adjacent_cells
from kehoach.content.searchindex import write_search_index
from kehoach.content.site import load_site, problems_banner, waiting_pages
from kehoach.domain.problems import Problem, RecordsInvalid
from kehoach.plugin import staging
from kehoach.plugin.config import KehoachConfig
from kehoach.plugin.parallel import RenderedPages, RenderingFailed, map_shared, render_pages
from kehoach.plugin.preview import REUSED_TEMPLATE, PreviewMemory, Rendered, digest, files_key, json_key, navigation_key, theme_key, toc_key
from kehoach.plugin.rawhtml import SetAside, set_aside
from kehoach.plugin.search import SplitSearchIndex, stand_in_for_material
from kehoach.plugin.watching import RecordWatch, watch_natively
from kehoach.records.settings import DEFAULT_RECORDS, EXAMPLES_VARIABLE, RECORDS_VARIABLE

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
    # The record folders' native watch under `mkdocs serve` (kehoach.plugin.watching).
    record_watch: RecordWatch | None = None
    # The last good pages of each project, shown again by the live preview while records have problems.
    last_pages: dict[str, list[GeneratedPage]] = field(default_factory=dict)
    # What MkDocs made of each page in the previous rebuilds (kehoach.plugin.preview).
    memories: dict[str, PreviewMemory] = field(default_factory=dict)


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
    previous_shown: bool = True  # with shown_problems: the pages are the last good ones (else stand-ins)
    # The pages this build generated (a hand-written page of the same path wins), and the HTML
    # blocks of each set aside while Python-Markdown converts the rest (kehoach.plugin.rawhtml).
    generated: set[str] = field(default_factory=set)
    set_aside: dict[str, SetAside] = field(default_factory=dict)
    # Under `mkdocs serve`: the previous rebuilds' pages, and the keys of this build's pages.
    memory: PreviewMemory | None = None
    config_key: bytes = b""
    files_key: bytes = b""
    page_key: bytes = b""  # what every page's template output depends on besides the page itself
    nav: Any = None
    render_keys: dict[str, tuple[bytes, int]] = field(default_factory=dict)  # and the warnings so far
    template_keys: dict[str, tuple[bytes, int]] = field(default_factory=dict)
    reused_outputs: dict[str, bytes] = field(default_factory=dict)
    src_uris: set[str] = field(default_factory=set)

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
        self._record_folders: list[str] = []  # the records (and examples) folders, resolved

    @classmethod
    def from_extra(cls) -> KehoachPlugin:
        """For a hook file: options come from mkdocs.yml's `extra` (records, examples, as_of)."""
        plugin = cls()
        plugin._options_in_extra = True
        plugin.load_config({})
        return plugin

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _session.serving = command == "serve"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the record folders through the system's notifications, not MkDocs' polling, which
        lists every record twice a second, slows each rebuild and starts it up to 0.5 s late
        (kehoach.plugin.watching)."""
        records = [watched for watched in config.watch if str(Path(watched).resolve()) in self._record_folders]
        if _session.record_watch is None:
            _session.record_watch = watch_natively([str(Path(watched).resolve()) for watched in records], server.watch, getattr(server, "observer", None))
        if _session.record_watch is not None:
            # MkDocs starts polling config.watch right after this event: leave these out.
            for watched in records:
                config.watch.remove(watched)
        return server

    def on_shutdown(self) -> None:
        if _session.record_watch is not None:
            _session.record_watch.stop()
            _session.record_watch = None

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
        # The environment wins over mkdocs.yml, as when the records are read (kehoach.records.settings).
        records = os.environ.get(RECORDS_VARIABLE) or options.get("records") or DEFAULT_RECORDS
        self._record_folders = []
        for folder in (records, os.environ.get(EXAMPLES_VARIABLE) or options.get("examples")):
            path = str((base_dir / folder).resolve()) if isinstance(folder, str) and folder else None
            if path and Path(path).is_dir():
                self._record_folders.append(path)
                if path not in (str(Path(watched).resolve()) for watched in config.watch):
                    config.watch.append(path)
        published = Path(config.site_dir)
        self._build = None
        try:
            staging_site = staging.staging_dir_for(published)
        except staging.SiteFolderRefused as refused:
            raise PluginError(f"{refused} — trang không được xây dựng") from None
        memory = _session.memories.setdefault(config.config_file_path, PreviewMemory()) if _session.serving else None
        self._build = _Build(published, staging_site, search=stand_in_for_material(config, memory), memory=memory)
        if memory is not None:
            build = self._build
            build.config_key = digest(
                Path(config.config_file_path).read_bytes(),
                config.site_url,
                config.use_directory_urls,
                json_key(config.markdown_extensions),
                json_key(config.mdx_configs),
                json_key(dict(config.extra)),
                json_key([str(path) for path in config.extra_css]),
                json_key([str(script) for script in config.extra_javascript]),
            )
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
                map_files=build.memory.reading() if build.memory is not None else map_shared,
            )
        except RecordsInvalid as invalid:
            if _session.serving:
                # Logged warnings would abort a strict rebuild, and the preview must stay up.
                last_pages = _session.last_pages.get(config.config_file_path)
                build.previous_shown = last_pages is not None
                if last_pages is None:
                    # Started on a broken record: no pages to show again, yet the editor needs the
                    # preview to see the problems and to know when they are fixed.
                    last_pages = waiting_pages(_navigation_paths(config.nav or []))
                    _quiet_missing_pages(config)
                build.pages = last_pages
                build.shown_problems = invalid.problems
                print(*invalid.problems, sep="\n", file=sys.stderr)  # noqa: T201
                kept = "giữ trang cũ và hiện" if build.previous_shown else "chưa có trang nào từ bản ghi; hiện"
                print(f"{invalid} — bản xem trước {kept} lỗi trên mỗi trang cho đến khi sửa xong", file=sys.stderr)  # noqa: T201
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
        if build.memory is not None:
            build.src_uris = {file.src_uri for file in files}
            build.files_key = files_key(build.src_uris)
            build.render_keys.clear()
            build.template_keys.clear()
            build.reused_outputs.clear()
            build.memory.last_reused_renderings = build.memory.last_reused_outputs = 0
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self._build is not None:
            self._build.nav = nav
        return nav

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
        env.bytecode_cache = COMPILED_TEMPLATES  # the theme's templates, compiled once per `mkdocs serve`
        if build.memory is not None:
            # Every page has its title now: the navigation every template draws is known.
            material = Path(sys.modules["material"].__file__ or "").parent if "material" in sys.modules else None
            skip = [str(material / "templates")] if material is not None else []
            build.page_key = digest(build.config_key, build.files_key, theme_key(config.theme.dirs, skip), navigation_key(build.nav or ()))
            for file in files.documentation_pages():
                if file.page is not None:
                    self._choose_template(build, build.memory, file.page)
        return env

    def _choose_template(self, build: _Build, memory: PreviewMemory, page: Any) -> None:
        """The output of the page's template kept from a previous rebuild, if all it is made from
        is unchanged; MkDocs picks the template before any later event, so this is decided here."""
        src_uri = page.file.src_uri
        key = digest(
            build.page_key,
            src_uri,
            page.url,
            page.content,
            page.title,
            json_key(page.meta),
            toc_key(page.toc),
            *(None if other is None else (other.url, other.title) for other in (page.previous_page, page.next_page)),
            json_key([getattr(ancestor, "title", None) for ancestor in page.ancestors]),
        )
        kept = memory.outputs.get(src_uri)
        if kept is not None and kept[0] == key:
            build.reused_outputs[src_uri] = kept[1]
            page.meta["template"] = REUSED_TEMPLATE  # the output is known: the template is not run
        else:
            build.template_keys[src_uri] = (key, self._warnings.count)

    @event_priority(-100)  # last: the Markdown as every other plugin left it
    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        build = self._build
        if build is None:
            return markdown
        src_uri = page.file.src_uri
        if build.memory is not None:
            key = digest(build.config_key, build.files_key, src_uri, page.url, markdown)
            kept = build.memory.rendered.get(src_uri)
            if kept is not None and kept[0] == key:
                _reuse_rendering(page, kept[1])
                build.memory.last_reused_renderings += 1
                return markdown
            build.render_keys[src_uri] = (key, self._warnings.count)
        if src_uri not in build.generated:
            return markdown
        markdown, aside = set_aside(markdown, len(build.set_aside))
        build.set_aside[src_uri] = aside
        return markdown

    @event_priority(100)  # first: the HTML as MkDocs made it, before other plugins change it
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        build = self._build
        if build is None:
            return html
        src_uri = page.file.src_uri
        aside = build.set_aside.pop(src_uri, None)
        if aside is not None:
            html = aside.restore(html)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | aside.anchor_ids
        pending = build.render_keys.pop(src_uri, None)
        if build.memory is not None and pending is not None and pending[1] == self._warnings.count:
            links = getattr(page, "links_to_anchors", None)
            build.memory.rendered[src_uri] = (
                pending[0],
                Rendered(
                    content=html.encode("utf-8", "surrogatepass"),
                    toc=page.toc,
                    title=page._title_from_render,
                    anchors=frozenset(page.present_anchor_ids or ()),
                    links_to_anchors=None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()},
                ),
            )
        return separate_adjacent_cells(html)

    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        build = self._build
        pending = build.template_keys.get(page.file.src_uri) if build is not None else None
        if build is not None and pending is not None:
            build.template_keys[page.file.src_uri] = (pending[0], self._warnings.count)  # just before its template runs
        return context

    @event_priority(100)  # first: the template's output as it is, before other plugins change it
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        build = self._build
        if build is None:
            return output
        if build.memory is not None:
            src_uri = page.file.src_uri
            reused = build.reused_outputs.pop(src_uri, None)
            pending = build.template_keys.pop(src_uri, None)
            if reused is not None:
                output = reused.decode("utf-8", "surrogatepass")
                build.memory.last_reused_outputs += 1
            elif pending is not None and pending[1] == self._warnings.count:
                build.memory.outputs[src_uri] = (pending[0], output.encode("utf-8", "surrogatepass"))
        if not build.shown_problems:
            return output
        banner = problems_banner(build.shown_problems, build.previous_shown)
        return re.sub(r"(<article[^>]*>)", lambda m: m.group(1) + banner, output, count=1)

    @event_priority(-100)  # last: after the search plugin's stub and the offline plugin's changes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self._build
        assert build is not None
        build.stop_rendering()
        staging_dir = Path(config.site_dir)
        if build.search is None:  # Material wrote its whole index (--dirty, or another search plugin)
            write_search_index(staging_dir)
        if build.memory is not None:
            build.memory.forget_all_but(build.src_uris)
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


def _navigation_paths(items: Any) -> list[str]:
    """The pages mkdocs.yml's `nav:` names (not its external links)."""
    paths: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, str):
            if value.endswith(".md") and "://" not in value:
                paths.append(value)
        elif isinstance(value, list):
            paths += _navigation_paths(value)
    return paths


def _quiet_missing_pages(config: MkDocsConfig) -> None:
    """For one preview build with stand-in pages only: links to record pages have no target yet,
    which is expected, not something to warn about (a warning would stop a strict build)."""
    for group in (config.validation.nav, config.validation.links):
        for name in ("not_found", "omitted_files", "absolute_links", "unrecognized_links", "anchors"):
            if hasattr(group, name) and getattr(group, name) > logging.INFO:
                setattr(group, name, logging.INFO)


def _reuse_rendering(page: Any, rendered: Rendered) -> None:
    """Have MkDocs' Page.render give what it gave for the same Markdown last time, without converting."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = rendered.content.decode("utf-8", "surrogatepass")
        page.toc = rendered.toc
        page._title_from_render = rendered.title
        page.present_anchor_ids = set(rendered.anchors)
        if rendered.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(src_uri): dict(anchors) for src_uri, anchors in rendered.links_to_anchors.items()}

    page.render = render


def _generated(config: MkDocsConfig, path: str, content: str | bytes) -> File:
    file = File.generated(config, path, content=content)
    if config.nav is not None:
        # Record pages are reached through index pages (a navigation of thousands of them would
        # make the build quadratic): left out of the navigation on purpose, not forgotten.
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return file
