"""Printing the plan (issue 13, point 9, the stylesheet's side): A4 from Chromium's own print path
(page.pdf with the print stylesheet and the page's own @page size), read back with a small PDF text
reader (the standard library only: Chromium writes plain objects, Flate streams, ToUnicode maps).

- every page has its number in the bottom margin (CSS @page margin boxes, Chromium 131+);
- the letterhead lines are one line each ("BAN THƯỜNG VỤ TỈNH ỦY" does not wrap);
- the recipient list and the signature block each sit on one page;
- editorial notes (kh-bien-tap) and Material's header, tabs, side bars and footer are not printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import kh_browser
from conftest import browser_unavailable

PLAN = "ke-hoach/kh-ct28-tinh-uy-hung-yen/"


# ---------------------------------------------------------------------------------------------
# The PDF's text, read back by poppler's pdftotext (Debian's poppler-utils, installed by
# scripts/test.sh): a hand-made reader broke as soon as Chromium picked another font, and pypdf
# splits Vietnamese letters drawn as base + mark. -raw keeps the drawing order.


def pdf_pages_text(data: bytes) -> list[list[str]]:
    """The lines of text of each page, in drawing order (Chromium draws the page's margin boxes first)."""
    if not shutil.which("pdftotext"):
        browser_unavailable("pdftotext not found: install Debian's poppler-utils (scripts/test.sh does)")
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page with a form feed
    return [[line for line in page.splitlines() if line.strip()] for page in pages]


# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(chromium, example_site):
    with kh_browser.serve(example_site.dir) as url, kh_browser.recording_context(chromium) as (context, _log):
        page = context.new_page()
        page.goto(url + PLAN)
        page.emulate_media(media="print")
        layout = page.evaluate(
            r"""() => {
              const box = s => [...document.querySelectorAll(s)].map(e => {
                const r = e.getBoundingClientRect(), st = getComputedStyle(e);
                return {height: r.height, lineHeight: parseFloat(st.lineHeight), display: st.display, text: e.textContent.trim()};
              });
              const words = s => { const ps = [...document.querySelectorAll(s + ' > p')].map(p => p.innerText.trim()).filter(Boolean);
                                   return [ps[0], ps[ps.length - 1].replace(/\s+/g, ' ').slice(0, 16)]; };
              return {ends: {recipients: words('.kh-noi-nhan'), signer: words('.kh-ky')}, letterhead: box('.kh-tieu-de-vb p'),
                      hidden: box('.kh-bien-tap, .md-header, .md-tabs, .md-sidebar, .md-footer'),
                      breakInside: ['.kh-noi-nhan', '.kh-ky', '.kh-cuoi-vb'].map(s => { const e = document.querySelector(s); return e && getComputedStyle(e).breakInside; })};
            }"""
        )
        pdf = page.pdf(prefer_css_page_size=True)
        yield layout, pdf_pages_text(pdf)


def test_page_numbers_in_the_footer(printed):
    _layout, pages = printed
    assert len(pages) >= 2, "the plan prints on more than one page"
    for number, runs in enumerate(pages, start=1):
        assert runs, f"page {number} has no text"
        first = re.sub(r"\D", "", runs[0])
        assert first == str(number), f"page {number}: the first text drawn is {runs[0]!r}, not its page number"


def test_letterhead_lines_do_not_wrap(printed):
    layout, pages = printed
    lines = layout["letterhead"]
    assert any(line["text"] == "BAN THƯỜNG VỤ TỈNH ỦY" for line in lines)
    for line in lines:
        assert line["height"] < 1.5 * line["lineHeight"], f"letterhead line wraps in print: {line['text']!r}"
    assert "BAN THƯỜNG VỤ TỈNH ỦY" in "".join(pages[0]), "the issuer's line is on the first page"


def test_signer_and_recipients_kept_together(printed):
    layout, pages = printed
    assert layout["breakInside"] == ["avoid", "avoid", "avoid"]
    texts = ["".join(runs) for runs in pages]
    ends = layout["ends"]
    for part, (first, last) in ends.items():
        on_first = [i for i, text in enumerate(texts) if first in text]
        on_last = [i for i, text in enumerate(texts) if last in text]
        assert on_first and on_first == on_last, f"{part}: begins on page(s) {on_first}, ends on page(s) {on_last}"


def test_screen_parts_and_editorial_notes_not_printed(printed):
    layout, pages = printed
    assert layout["hidden"], "the page has editorial notes and Material's frame to hide"
    for element in layout["hidden"]:
        assert element["display"] == "none", f"printed: {element['text'][:60]!r}"
    text = "".join("".join(runs) for runs in pages)
    for screen_only in ("Tìm kiếm", "Ghi chú biên tập", "Thông tin chưa rõ", "Trang chủ", "Dữ liệu minh họa"):
        assert screen_only not in text, f"{screen_only!r} is printed"
