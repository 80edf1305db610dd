"""A plan's source text (records/nguon/) is shown as text: what an editor pastes — Markdown links,
images, attribute lists, HTML, indented lines — never becomes markup on the page; only headings,
rules, bold, footnote marks and line breaks are kept. The page is rendered with the project's own
Markdown extensions and the HTML parsed, as a reader's browser would get it."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import yaml

from kehoach.content.pages import source_markdown
from tests.conftest import ROOT

HOSTILE = """## KẾ HOẠCH

**Triển khai** thực hiện *nghiêng* [liên kết](javascript:alert(document.cookie)) ![ảnh](https://evil.example/t.png) [d](data:text/html;base64,PHNjcmlwdD4=)
### Tiêu đề {: onclick=alert(1) }
Đoạn văn
{: onmouseover=alert(2) style=position:fixed }
    thụt lề <b>đậm</b> & "ngoặc" `mã`
1. Mục một
- Ban Bí thư Trung ương Đảng (b/c),
- Các ban đảng Tỉnh ủy<sup>1</sup>
| a | b |
|---|---|
!!! note "x"
<https://evil.example/auto>
Tên dưới
===
"""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _rendered(text: str) -> _Collector:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506 - the project's own file, with its !!python tag
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    html = markdown.markdown(str(source_markdown(text)), extensions=extensions)
    collector = _Collector()
    collector.feed(html)
    return collector


def test_hostile_source_text_makes_no_markup_but_headings_bold_breaks_and_footnote_marks():
    page = _rendered(HOSTILE)
    tags = {tag for tag, _ in page.tags}
    assert tags <= {"h2", "h3", "p", "strong", "br", "sup", "hr"}, tags
    assert all(not attrs or set(attrs) == {"id"} for tag, attrs in page.tags), page.tags


def test_every_character_typed_in_the_source_is_shown():
    shown = "".join(_rendered(HOSTILE).text)
    for typed in ["*nghiêng*", "[liên kết](javascript:alert(document.cookie))", "{: onmouseover=alert(2) style=position:fixed }",
                  'thụt lề <b>đậm</b> & "ngoặc" `mã`', "1. Mục một", "- Ban Bí thư Trung ương Đảng (b/c),", "| a | b |", '!!! note "x"',
                  "<https://evil.example/auto>", "Tên dưới", "==="]:
        assert typed in shown, typed


def test_lines_of_a_block_stay_lines():
    page = _rendered("- Ban Bí thư Trung ương Đảng (b/c),\n- Các ban đảng Tỉnh ủy,\n- Lưu Văn phòng Tỉnh ủy.")
    assert [tag for tag, _ in page.tags].count("br") == 2
