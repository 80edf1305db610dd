"""MkDocs hook: after Material's search plugin wrote search/search_index.json, split it into the
prebuilt index our search worker loads piece by piece (kehoach.searchindex), leaving a stub.

Listed in mkdocs.yml before hooks/kehoach_hooks.py, whose on_post_build moves the finished site
into place: hooks run after plugins, so the search plugin has written its index by then, and the
offline plugin (`kehoach bundle`), which runs last, inlines the stub for file://.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from kehoach.searchindex import write_search_index

log = logging.getLogger("mkdocs.hooks.kehoach_search")


def on_post_build(config: MkDocsConfig) -> None:
    started = time.perf_counter()
    written = write_search_index(Path(config.site_dir))
    if written is not None:
        log.info(
            "kehoach search: %d entries (%d pages), %d terms in %d shards, %d entry shards, %.1f MB in %.1f s",
            written.entries,
            written.pages,
            written.terms,
            written.term_shards,
            written.entry_shards,
            written.bytes / 1e6,
            time.perf_counter() - started,
        )
