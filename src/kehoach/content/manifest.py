"""What a site is made of, independent of any site generator: pages (path and Markdown), and the
options they are made with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # source path, e.g. "to-chuc/ban-to-chuc-tinh-uy.md"
    content: str


@dataclass(frozen=True)
class SiteOptions:
    as_of: dt.date
    as_of_source: str = "hôm nay"
    directory_urls: bool = True
    site_url: str | None = None


@dataclass(frozen=True)
class PageJob:
    """A page whose path is known now and whose text is made when `render` is called."""

    path: str
    render: Callable[[], str]


# Files that are not text (the progress reports, .docx): pages and files travel as text from the
# core to the site generator (and through the pipe from the process that renders them), so their
# bytes are carried one character per byte (Latin-1) and turned back into bytes where they are written.
BINARY_SUFFIXES = (".docx",)


def is_binary(path: str) -> bool:
    return path.endswith(BINARY_SUFFIXES)


def binary_as_text(data: bytes) -> str:
    """Bytes as the text a file job returns: each byte one character (U+0000–U+00FF)."""
    return data.decode("latin-1")


def file_content(path: str, text: str) -> str | bytes:
    """What to write for a page or file of the site: its text, or for a binary file its bytes."""
    return text.encode("latin-1") if is_binary(path) else text
