"""The live preview's memory between rebuilds: what MkDocs made of each page last time, reused when
nothing the page is made from has changed.

`mkdocs serve` rebuilds the whole site on every save. At province size that is thousands of pages
converted from Markdown and put through the theme's templates, where one record's change alters a
handful of them. Each rebuild here still makes every page's Markdown from the records (so what a
change touches is found by comparing, not by guessing), then for each page:

- Markdown to HTML is skipped when the page's Markdown, its address and the site's set of files are
  what they were (links are resolved against that set, so a page added or removed redoes them all);
- the template is skipped when, besides the page's HTML, title, table of contents and metadata,
  the navigation, the configuration and the theme's own files are what they were;
- the search entries are skipped when the page's HTML, address and title are what they were.

A page that logged a warning while being made is never reused: the warning must show again. Record
files are read once per content: an unchanged file is not parsed again.

Everything kept is keyed by a digest of all it was made from, so reuse gives byte for byte what a
clean build gives (tests/test_preview.py builds through a sequence of edits and compares every page).
Used only under `mkdocs serve`; `mkdocs build` starts from nothing, as always.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A template that renders nothing: a reused page's template is not run, its output comes from here.
REUSED_TEMPLATE = "kehoach-preview-reused.html"


def digest(*parts: object) -> bytes:
    """A digest of the parts, each told apart from the next (no two lists of parts collide)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


def json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


@dataclass
class Rendered:
    """What MkDocs' Page.render made of one page's Markdown, with our on_page_content's restoring."""

    content: bytes  # UTF-8: the province site's pages hold hundreds of MB of text
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the src_uri of the page linked to


@dataclass
class PreviewMemory:
    """Kept for the life of one `mkdocs serve`, one per configuration file."""

    rendered: dict[str, tuple[bytes, Rendered]] = field(default_factory=dict)
    outputs: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # template output, UTF-8
    search_entries: dict[str, tuple[bytes, list[dict]]] = field(default_factory=dict)
    records: dict[tuple[str, str], tuple[bytes, Any]] = field(default_factory=dict)
    # Of the last rebuild: pages whose HTML, and whose whole output, came from here.
    last_reused_renderings: int = 0
    last_reused_outputs: int = 0

    def forget_all_but(self, src_uris: set[str]) -> None:
        """Pages no longer in the site are not kept."""
        for kept in (self.rendered, self.outputs, self.search_entries):
            for gone in set(kept) - src_uris:
                del kept[gone]

    def reading(self) -> Callable[..., Iterator[Any]]:
        """A `map_files` for load_records: a record file whose bytes are unchanged is not parsed again."""
        records = self.records
        seen: set[tuple[str, str]] = set()

        def map_files(function: Callable[[Any], Any], items: Sequence[Any], *, share: float, encode: Callable[[Any], Any], decode: Callable[[Any, Any], Any]) -> Iterator[Any]:
            for item in items:
                where = (str(item[0]), item[1])
                seen.add(where)
                try:
                    key = digest(Path(item[0]).read_bytes())
                except OSError:
                    yield function(item)  # the reader reports it
                    continue
                kept = records.get(where)
                if kept is not None and kept[0] == key:
                    yield decode(item, kept[1])
                    continue
                result = function(item)
                records[where] = (key, encode(result))
                yield result
            for gone in set(records) - seen:
                del records[gone]

        return map_files


def files_key(src_uris: Iterable[str]) -> bytes:
    return digest(*sorted(src_uris))


def theme_key(theme_dirs: Sequence[str], skip: Sequence[str] = ()) -> bytes:
    """The theme's files as they are now (names, sizes, times): an edited override redoes every page.
    `skip` leaves out folders known not to change while serving (the installed Material theme)."""
    parts: list[object] = []
    for folder in theme_dirs:
        if any(os.path.realpath(folder) == os.path.realpath(s) for s in skip):
            parts.append(folder)
            continue
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                try:
                    stat = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                parts.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*parts)


def navigation_key(items: Iterable[Any]) -> str:
    """Titles, addresses and shape of the navigation, which every page's template draws."""

    def walk(item: Any) -> Any:
        children = getattr(item, "children", None) or ()
        return [type(item).__name__, getattr(item, "title", None), getattr(item, "url", None), [walk(child) for child in children]]

    return json_key([walk(item) for item in items])


def toc_key(toc: Iterable[Any]) -> str:
    def walk(item: Any) -> Any:
        return [item.id, item.title, item.url, item.level, [walk(child) for child in item.children]]

    return json_key([walk(item) for item in toc])
