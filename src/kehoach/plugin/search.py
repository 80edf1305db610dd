"""The site's search index, split for our search worker (kehoach.content.searchindex), made page
by page on the other core while MkDocs renders.

Material's search plugin parses every page's HTML into entries in the main process, then writes
them all into one `search/search_index.json`. Here its index object is stood in for: each page's
HTML goes to a forked child (kehoach.plugin.parallel.feed_elsewhere) that makes the same entries
with Material's own code and adds them to the split index; at the end Material writes only the stub
that points its search box at our worker. Where forking is not safe (under `mkdocs serve`), the
same is done here, page by page. Under `--dirty` Material merges the previous index: it is left
to do so and its file is split after the build.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from kehoach.content.searchindex import SearchFiles, SearchIndexBuilder, stub_text, write_search_files
from kehoach.plugin.parallel import ChildFailed, SinkHere, SinkInChild, feed_elsewhere
from kehoach.plugin.preview import PreviewMemory, digest, json_key

log = logging.getLogger("mkdocs.plugins.kehoach.search")

class _IndexedPages:
    """The child's side: Material's entries of each page, added to the split index."""

    def __init__(self, material_index: Any, search_dir: Path):
        self._material = material_index
        self._builder = SearchIndexBuilder(material_index.config.get("separator"))
        self._search_dir = search_dir

    def add(self, page: tuple) -> None:
        """A page's entries, made already (the child was behind), or its HTML and what Material reads with it."""
        if page[0] == "entries":
            self._builder.add_page(page[1])
            return
        _, content, url, title, meta, toc = page
        self._builder.add_page(_entries(self._material, SimpleNamespace(content=content, url=url, title=title, meta=meta, toc=_toc_items(toc))))

    def finish(self) -> tuple[SearchFiles, str]:
        files, summary = self._builder.files()
        return summary, write_search_files(self._search_dir, files)


def _entries(material_index: Any, page) -> list[dict]:
    """The entries Material's own indexing makes of one page."""
    material_index.entries = []
    material_index.add_entry_from_context(page)
    return material_index.entries


def _toc_items(toc: list[tuple]) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=id, url=url, children=_toc_items(children)) for id, url, children in toc]


def _toc_tuples(toc) -> list[tuple]:
    return [(item.id, item.url, _toc_tuples(item.children)) for item in toc]


class SplitSearchIndex:
    """Stands in for Material's SearchIndex (the two calls its plugin makes)."""

    def __init__(self, material_index: Any, config: MkDocsConfig, memory: PreviewMemory | None = None):
        self._material = material_index
        self._config = config
        self._memory = memory  # under `mkdocs serve`: a page's entries, kept from the previous rebuild
        self._pages: SinkHere | SinkInChild | None = None
        self._started = 0.0

    def _indexed_pages(self) -> _IndexedPages:
        # Made at the first page, once kehoach_hooks has settled the site folder.
        return _IndexedPages(self._material, Path(self._config.site_dir) / "search")

    def add_entry_from_context(self, page) -> None:
        if self._pages is None:
            self._started = time.perf_counter()
            self._pages = feed_elsewhere(self._indexed_pages())
        # What Material's indexing reads of a page, and nothing of MkDocs' objects.
        meta = {key: page.meta[key] for key in ("search", "tags", "title") if key in page.meta}
        if self._memory is not None:
            key = digest(page.content, page.url, page.title, json_key(meta), json_key(_toc_tuples(page.toc)))
            kept = self._memory.search_entries.get(page.file.src_uri)
            if kept is None or kept[0] != key:
                kept = (key, _entries(self._material, page))
                self._memory.search_entries[page.file.src_uri] = kept
            self._pages.add(("entries", kept[1]))
            return
        if not self._pages.has_room():  # the child is behind: this page's entries are made here
            self._pages.add(("entries", _entries(self._material, page)))
            return
        self._pages.add(("html", page.content, page.url, page.title, meta, _toc_tuples(page.toc)))

    def generate_search_index(self, prev) -> str:
        try:
            summary, version = self._pages.finish() if self._pages is not None else self._indexed_pages().finish()
        except ChildFailed as failed:
            raise PluginError(f"không tạo được chỉ mục tìm kiếm: {failed}") from None
        finally:
            self._pages = None
        log.info(
            "kehoach search: %d entries (%d pages), %d terms in %d shards, %d entry shards, %.1f MB; done %.1f s after the first page",
            summary.entries,
            summary.pages,
            summary.terms,
            summary.term_shards,
            summary.entry_shards,
            summary.bytes / 1e6,
            time.perf_counter() - self._started,
        )
        self._material.entries = []  # Material's own index, empty: for the config it writes
        return stub_text(json.loads(self._material.generate_search_index(None))["config"], version)

    def close(self) -> None:
        if self._pages is not None:
            self._pages.close()
            self._pages = None


def stand_in_for_material(config: MkDocsConfig, memory: PreviewMemory | None = None) -> SplitSearchIndex | None:
    """Put the split index in place of Material's; None where Material writes its whole index
    itself (--dirty, search disabled or another search plugin): split it after the build then."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled or search.is_dirty:
        return None
    index = search.search_index = SplitSearchIndex(search.search_index, config, memory)
    return index
