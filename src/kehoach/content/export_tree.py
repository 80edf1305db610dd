"""The site's content as a folder of Markdown pages and data files: the seam to any site generator.

`kehoach pages --out DIR` writes it; nothing here knows MkDocs. A generator that reads Markdown
(MkDocs without our plugin, or another one) builds the site from that folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from kehoach.content.manifest import GeneratedPage


class UnsafePagePath(ValueError):
    """A page path that would leave the output folder (never made by kehoach itself)."""


def write_pages(pages: Iterable[GeneratedPage], docs: Path) -> int:
    """Write every page and data file under docs at its site path (UTF-8, "\\n" line ends); the count."""
    count = 0
    for page in pages:
        relative = PurePosixPath(page.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise UnsafePagePath(page.path)
        target = docs.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(page.content)
        count += 1
    return count
