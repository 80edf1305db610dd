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
import zlib

import pytest

import kh_browser

PLAN = "ke-hoach/kh-ct28-tinh-uy-hung-yen/"


# ---------------------------------------------------------------------------------------------
# A small PDF text reader, enough for Chromium's (Skia's) output.


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}


def _stream(obj: bytes) -> bytes:
    start = obj.index(b"stream") + len(b"stream")
    start += 2 if obj[start : start + 2] == b"\r\n" else 1
    body = obj[start : obj.rindex(b"endstream")]
    return zlib.decompress(body) if b"/FlateDecode" in obj[: obj.index(b"stream")] else body


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}

    def uni(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = uni(value)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, value in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = uni(value)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


def pdf_pages_text(data: bytes) -> list[list[str]]:
    """The text runs of each page, in drawing order (Chromium draws the page's margin boxes first)."""
    objects = _objects(data)
    (kids,) = [re.search(rb"/Kids \[([^\]]*)\]", o).group(1) for o in objects.values() if b"/Type /Pages" in o]
    pages = []
    for page_number in (int(n) for n in re.findall(rb"(\d+) 0 R", kids)):
        page = objects[page_number]
        fonts: dict[bytes, dict[int, str]] = {}
        font_dict = re.search(rb"/Font <<(.*?)>>", page, re.S)
        for name, number in re.findall(rb"/(\w+) (\d+) 0 R", font_dict.group(1) if font_dict else b""):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
            fonts[name] = _cmap(_stream(objects[int(to_unicode.group(1))])) if to_unicode else {}
        contents = re.search(rb"/Contents (\d+) 0 R", page)
        content = _stream(objects[int(contents.group(1))]) if contents else b""
        runs, font = [], {}
        for token in re.finditer(rb"/(\w+) [\d.]+ Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj", content):
            if token.group(1) is not None:
                font = fonts.get(token.group(1), {})
                continue
            hexes = re.findall(rb"<([0-9A-Fa-f]*)>", token.group(2)) if token.group(2) is not None else [token.group(3)]
            codes = b"".join(bytes.fromhex(h.decode()) for h in hexes)
            width = 2 if len(codes) % 2 == 0 and font and max(font) > 0xFF else 1
            runs.append("".join(font.get(int.from_bytes(codes[i : i + width], "big"), "?") for i in range(0, len(codes), width)))
        pages.append(runs)
    return pages


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
    for screen_only in ("Tìm kiếm", "Ghi chú biên tập", "Thông tin chưa rõ", "Trang chủ"):
        assert screen_only not in text, f"{screen_only!r} is printed"
