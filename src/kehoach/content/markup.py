"""HTML pieces written from Python, as fast as f-strings and escaped as `Markup(...).format` escapes."""

from __future__ import annotations

from typing import Any

from markupsafe import escape


def html_field(value: Any) -> str:
    """What `Markup(...).format` puts in place of one `{}`: markup as it is, anything else escaped.
    Without its formatter, which is pure Python: pages write such fields a million times at
    province size (one page generation 10.8 s -> 9.4 s; the pages are byte for byte the same)."""
    if hasattr(value, "__html_format__"):
        text = value.__html_format__("")
    elif hasattr(value, "__html__"):
        text = value.__html__()
    else:
        text = format(value, "")
    return str(escape(text))
