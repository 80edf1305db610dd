"""Everything a site generator needs from the records, in one call: settings, registry, pages."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from kehoach.content.history import History, load_history
from kehoach.content.manifest import GeneratedPage, PageJob, SiteOptions
from kehoach.content.pages import SiteBuilder, build_site_pages
from kehoach.domain.confidentiality import LeftOut, cited_left_out, left_out_names, restrict, summary
from kehoach.domain.model import Registry
from kehoach.domain.problems import Problem, RecordsInvalid
from kehoach.records.loader import SharedMap, load_records
from kehoach.records.settings import Settings, resolve_settings


@dataclass
class SiteContent:
    settings: Settings
    registry: Registry
    pages: list[GeneratedPage]
    warnings: list[Problem] = field(default_factory=list)
    # With deferred rendering: every page and file, still to be rendered (kehoach.plugin.parallel).
    deferred: list[PageJob] = field(default_factory=list)
    # Documents above the site's secrecy limit, kept out of every page (kehoach.domain.confidentiality).
    left_out: list[LeftOut] = field(default_factory=list)
    quiet_warnings: int = 0  # warnings of left-out documents, not printed

    @property
    def left_out_summary(self) -> str | None:
        if not self.left_out:
            return None
        quiet = f"; {self.quiet_warnings} cảnh báo của các văn bản này không in ra" if self.quiet_warnings else ""
        return summary(self.left_out, self.settings.publish_limit) + quiet


def _shown(folder: Path, base_dir: Path) -> str:
    return os.path.relpath(folder, base_dir).replace(os.sep, "/") if folder.is_relative_to(base_dir) else folder.as_posix()


def record_history(base_dir: Path, registry: Registry, records_shown: str, hidden: Sequence[str] = (), hidden_words: Sequence[str] = ()) -> History:
    """Who last changed each record and the latest commits under the records folder, from git;
    never a commit that touched a `hidden` file (a left-out document: its subject may name it), nor
    one whose subject names a left-out document (`hidden_words`: numbers and titles)."""
    paths = [o.location.path for o in registry.organizations.values()]
    paths += [d.location.path for d in registry.directives.values()]
    paths += [p.location.path for p in registry.plans.values()]
    paths += [u.location.path for u in registry.updates if not u.example]
    return load_history(base_dir, paths, recent=30, under=(records_shown,), hidden=hidden, hidden_words=hidden_words)


def problems_banner(problems: list[Problem], previous_shown: bool = True) -> str:
    """HTML shown on every preview page while records have problems (text escaped); `previous_shown`:
    the pages are those of the last good records (else the preview has had none yet)."""
    items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
    errors = sum(p.is_error for p in problems)
    shown = "đang hiện bản trước đó" if previous_shown else "các trang từ bản ghi sẽ hiện khi sửa xong"
    return (
        '<div class="admonition danger kh-loi-ban-ghi"><p class="admonition-title">'
        f"{errors} lỗi trong bản ghi — {shown}</p><ul>{items}</ul></div>"
    )


WAITING_TITLE = "Bản ghi đang có lỗi"


def waiting_pages(paths: Iterable[str]) -> list[GeneratedPage]:
    """The live preview's pages before the records have ever been read without errors (it started
    on a broken record): one at each path of the navigation, saying why it is empty; the problems
    are listed on top of every page, hand-written ones included."""
    text = (
        f"# {WAITING_TITLE}\n\n"
        "Trang này được dựng từ bản ghi. Sửa các lỗi liệt kê bên trên rồi lưu tệp: "
        "trang tự hiện khi bản ghi không còn lỗi.\n"
    )
    return [GeneratedPage(path, text) for path in dict.fromkeys(["index.md", *paths])]  # a home page even without `nav:`


@contextmanager
def _cycle_collector_paused():
    """Reading records makes millions of small objects and no garbage cycles worth finding.

    Python's cycle collector would walk every live object again and again as they pile up (at
    province size that more than doubled the time to read the records); plain reference counting
    still frees everything as it always does.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_site(
    base_dir: Path,
    project_options: Mapping[str, Any],
    directory_urls: bool = True,
    environ: Mapping[str, str] | None = None,
    site_url: str | None = None,
    defer_pages: bool = False,
    map_files: SharedMap | None = None,
    origin: str = "extra",
) -> SiteContent:
    """Load and check the records; raise RecordsInvalid with every problem, or return the pages.

    With `defer_pages`, `pages` is empty and `deferred` holds every page and file, to be rendered
    while the site generator works.
    """
    base_dir = Path(base_dir).resolve()
    settings, problems = resolve_settings(base_dir, project_options, os.environ if environ is None else environ, origin=origin)
    if settings is None:
        raise RecordsInvalid(problems)
    examples = settings.examples
    with _cycle_collector_paused():
        result = load_records(
            settings.records,
            _shown(settings.records, base_dir),
            examples=examples,
            examples_shown=_shown(examples, base_dir) if examples else None,
            map_files=map_files,
        )
    if result.errors:
        raise RecordsInvalid(result.problems)
    # What the site may not publish goes first, before any page, export or history is made.
    registry, left_out = restrict(result.registry, settings.publish_limit)
    leaks = cited_left_out(registry, result.registry)
    if leaks:
        raise RecordsInvalid(leaks)
    records_shown = _shown(settings.records, base_dir)
    hidden = [item.path for item in left_out]
    hidden += [f"{records_shown}/{plan.source_file}" for key, plan in result.registry.plans.items() if key not in registry.plans and plan.source_file]
    hidden_words = [name for name, _ in left_out_names(registry, result.registry)]
    # The build log is read by more people than the documents' editors: a left-out document's
    # warnings (which quote it) are counted, not printed.
    warnings = [w for w in result.warnings if w.location.path not in hidden]
    quiet = len(result.warnings) - len(warnings)
    history = record_history(base_dir, registry, records_shown, hidden=hidden, hidden_words=hidden_words)
    options = SiteOptions(as_of=settings.as_of, as_of_source=settings.as_of_source, directory_urls=directory_urls, site_url=site_url or None)
    with _cycle_collector_paused():
        if defer_pages:
            jobs = SiteBuilder(registry, options, history).page_jobs()
            return SiteContent(settings, registry, [], warnings, jobs, left_out, quiet)
        pages = build_site_pages(registry, history, options)
    return SiteContent(settings, registry, pages, warnings, left_out=left_out, quiet_warnings=quiet)
