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
