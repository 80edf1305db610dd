"""kehoach.content.markup.html_field writes a field exactly as `Markup(...).format` would."""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import Markup

from kehoach.content.markup import html_field
from kehoach.domain.vocabulary import Status


class _Html:
    def __html__(self) -> str:
        return "<b>đã là HTML</b>"


class _HtmlFormat:
    def __html_format__(self, spec: str) -> str:
        return Markup("<i>định dạng riêng</i>")


@pytest.mark.parametrize(
    "value",
    ["", "Ban Tổ chức <Tỉnh ủy> & “Đảng” 'x'", Markup("<mark>đã</mark> an toàn"), 0, 12.5, None, Status.OVERDUE, dt.date(2019, 5, 19), _Html(), _HtmlFormat()],
)
def test_a_field_is_written_as_markup_format_writes_it(value):
    assert Markup(f"<p>{html_field(value)}</p>") == Markup("<p>{}</p>").format(value)
