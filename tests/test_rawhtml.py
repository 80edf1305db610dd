"""The HTML our templates wrote, set aside while Python-Markdown converts a page, comes back byte
for byte where Python-Markdown itself would have put it (kehoach.plugin.rawhtml)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from benchmarks.synthetic import Size, generate
from kehoach.content.site import load_site
from kehoach.plugin.rawhtml import set_aside

ROOT = Path(__file__).resolve().parents[1]


def _converter() -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def _both_ways(converter: markdown.Markdown, text: str) -> tuple[str, str]:
    direct = converter.reset().convert(text)
    swapped, aside = set_aside(text, 0)
    return direct, aside.restore(converter.reset().convert(swapped))


def test_every_bundled_page_converts_as_before() -> None:
    converter = _converter()
    pages = load_site(ROOT, dict(load_config(str(ROOT / "mkdocs.yml")).extra)).pages
    markdown_pages = [page for page in pages if page.path.endswith(".md") and isinstance(page.content, str)]
    assert len(markdown_pages) > 50
    set_aside_blocks = 0
    for page in markdown_pages:
        text, _ = get_data(page.content)  # MkDocs hands the hooks the page without its front matter
        direct, restored = _both_ways(converter, text)
        assert restored == direct, page.path
        set_aside_blocks += len(set_aside(text, 0)[1].blocks)
    assert set_aside_blocks > len(markdown_pages)  # the pass-through is used, not just harmless


@pytest.mark.parametrize(
    "text",
    [
        '<div class="a">\n<p>x</p>\n</div>\n\ntext after\n',
        '<p class="a">x</p>\n<p class="b">y</p>\n\n## Heading\n\n<table>\n<tr><td>1</td></tr>\n</table>\n',
        '<div class="a" markdown>\n\n## Inside\n\n<p class="b">kept for md_in_html</p>\n\n</div>\n',
        '<div class="a">\n<p>x</p>\n</div>\ntext right below\n\n<p>last</p>',
        '<div>\n<div>nested</div>\n</div> tail\n\n<p id="kept">anchor</p>\n',
        "paragraph\n<div>after text</div>\n\n<div>unclosed\n",
    ],
)
def test_edge_cases_convert_as_before(text: str) -> None:
    direct, restored = _both_ways(_converter(), text)
    assert restored == direct


def test_anchors_of_set_aside_blocks_are_known() -> None:
    _, aside = set_aside('<p id="first">a</p>\n\n<div>\n<span id=\'second\'>b</span>\n</div>\n', 0)
    assert aside.anchor_ids == {"first", "second"}


def test_pages_of_many_plans_leave_no_html_to_python_markdown(tmp_path: Path) -> None:
    """With several plans an organization's tasks come in one table per plan, a calendar has a
    table per month, a figure a chart and a table: every such block is set aside (once, a heading
    right below a table or a plan's name on the line of its table kept them all in Python-Markdown's
    parser, a fifth of a province build), and the page still converts as Python-Markdown would."""
    generate(tmp_path / "records", Size(plans=6, organizations=60, tasks=120, updates=600), seed=3)
    converter = _converter()
    pages = load_site(tmp_path, dict(load_config(str(ROOT / "mkdocs.yml")).extra)).pages
    checked = 0
    for page in pages:
        if not page.path.endswith(".md") or not isinstance(page.content, str) or page.path.startswith("ke-hoach/"):
            continue  # a plan's text sits in a `markdown` element: md_in_html's to convert
        text, _ = get_data(page.content)
        swapped, _ = set_aside(text, 0)
        assert "<table" not in swapped, page.path
        direct, restored = _both_ways(converter, text)
        assert restored == direct, page.path
        checked += 1
    assert checked > 100
