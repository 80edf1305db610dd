"""Phones and the responsibility matrix (issue 13, point 1), in Debian's Chromium.

- At 390 px no page of the demo site (records + illustrative updates) scrolls sideways: tables of
  three or more columns become cards (a row a card, each cell after its column's name); without
  JavaScript they scroll inside their own box, with their first column kept in view (sticky).
- No Vietnamese word is cut mid-syllable: no element of the page text has `word-break: break-all`,
  `break-word` or `overflow-wrap: anywhere` (paths, URLs and code may break anywhere).
- At 1366 px the matrix shows every organization column: its box needs no sideways scroll.
"""

from __future__ import annotations

import pytest

import kh_browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}

# Elements whose text may break anywhere (not Vietnamese words).
MAY_BREAK = "code, pre, kbd, .kh-duong-dan"

BROKEN_WORDS = """(mayBreak) => {
  const bad = [];
  for (const el of document.querySelectorAll('.md-content *, .md-search-result *')) {
    if (el.closest(mayBreak) || !el.textContent.trim()) continue;
    const st = getComputedStyle(el);
    if (st.wordBreak === 'break-all' || st.wordBreak === 'break-word' || st.overflowWrap === 'anywhere')
      bad.push(el.tagName + '.' + el.className + ': ' + st.wordBreak + '/' + st.overflowWrap);
  }
  return bad.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def served(example_site):
    with kh_browser.serve(example_site.dir) as url:
        yield url, example_site.dir


def _pages(site_dir) -> list[str]:
    return sorted(str(p.relative_to(site_dir).parent).replace(".", "") + "/" if p.name == "index.html" else str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))


def test_no_page_scrolls_sideways_on_a_phone(chromium, served):
    url, site_dir = served
    pages = _pages(site_dir)
    assert len(pages) >= 40, f"the demo site has {len(pages)} pages"
    wide, broken = [], []
    with kh_browser.recording_context(chromium) as (context, _log):
        page = context.new_page()
        page.set_viewport_size(PHONE)
        for path in pages:
            page.goto(url + path.lstrip("/"))
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll_width > inner_width:
                wide.append(f"{path}: {scroll_width} px")
            if bad := page.evaluate(BROKEN_WORDS, MAY_BREAK):
                broken.append(f"{path}: {bad}")
    assert not wide, f"pages wider than {PHONE['width']} px: {wide}"
    assert not broken, f"text that may break mid-word: {broken}"


CARDS = """() => {
  const found = [];
  for (const t of document.querySelectorAll('.md-content table:not(.kh-ma-tran)')) {
    const columns = t.tHead ? t.tHead.rows[0].cells.length : 0;
    if (columns < 3) continue;
    for (const row of t.tBodies[0].rows) {
      if (row.hidden) continue;
      const cells = [...row.cells];
      found.push({
        card: getComputedStyle(row).display === 'block',
        right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
        named: cells.slice(1).filter(c => c.textContent.trim()).map(c => getComputedStyle(c, '::before').content),
        status: [...row.querySelectorAll('.kh-tt')].map(b => b.getBoundingClientRect().right),
        headerShown: t.tHead.getBoundingClientRect().height > 1,
      });
    }
  }
  return found;
}"""


@pytest.mark.parametrize("path", ["", "nhiem-vu/", "to-chuc/ban-to-chuc-tinh-uy/", "tien-do/", "tien-do/lich/2019/"])
def test_tables_become_cards_on_a_phone(chromium, served, path):
    """Every row of a table of three or more columns is a card at 390 px: nothing sticks out, each
    cell after the first is preceded by its column's name, and the status is in view."""
    url, _site_dir = served
    with kh_browser.recording_context(chromium, viewport=PHONE) as (context, _log):
        page = context.new_page()
        page.goto(url + path)
        page.wait_for_selector("table[data-kh-the]", state="attached")
        if path == "nhiem-vu/":
            page.wait_for_function("() => !document.querySelector('table.kh-danh-sach-nhiem-vu[aria-busy]')")
        rows = page.evaluate(CARDS)
    assert len(rows) >= 3, rows
    assert all(row["card"] for row in rows), rows
    assert max(row["right"] for row in rows) <= PHONE["width"], rows
    assert not any(row["headerShown"] for row in rows)
    for row in rows:
        assert all(name not in ("none", "normal", '""') and ":" in name for name in row["named"]), row
        assert all(right <= PHONE["width"] for right in row["status"]), row
    if path == "nhiem-vu/":
        assert all(row["status"] for row in rows), "each task's card shows its status"


def test_without_javascript_wide_tables_scroll_in_their_box_with_the_first_column_in_view(chromium, served):
    url, _site_dir = served
    with kh_browser.recording_context(chromium, viewport=PHONE, java_script_enabled=False) as (context, _log):
        page = context.new_page()
        page.goto(url + "nhiem-vu/")
        found = page.evaluate(
            """() => {
              const t = document.querySelector('table.kh-bang'); t.scrollIntoView();
              const cell = t.querySelector('tbody tr > :first-child'), before = cell.getBoundingClientRect().left;
              const scrolls = t.scrollWidth > t.clientWidth; t.scrollLeft = 200;
              return {scrolls, overflow: getComputedStyle(t).overflowX, position: getComputedStyle(cell).position,
                      moved: cell.getBoundingClientRect().left - before, scrolled: t.scrollLeft,
                      background: getComputedStyle(cell).backgroundColor, page: document.documentElement.scrollWidth};
            }"""
        )
    assert found["scrolls"] and found["overflow"] == "auto" and found["scrolled"] > 0, found
    assert found["position"] == "sticky" and abs(found["moved"]) < 1, found
    assert found["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), found
    assert found["page"] <= PHONE["width"], found


def test_matrix_shows_every_column_at_1366(chromium, served):
    url, site_dir = served
    matrices = [p for p in _pages(site_dir) if p.startswith("ma-tran/") and p != "ma-tran/"]
    assert matrices
    with kh_browser.recording_context(chromium) as (context, _log):
        page = context.new_page()
        page.set_viewport_size(WIDE)
        for path in matrices:
            page.goto(url + path)
            found = page.evaluate(
                """() => {
                  const t = document.querySelector('table.kh-ma-tran'), box = t.parentElement;
                  return {right: t.getBoundingClientRect().right, inner: innerWidth, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
                          headerSticky: getComputedStyle(t.querySelector('thead th')).position};
                }"""
            )
            assert found["right"] <= found["inner"], f"{path}: {found}"
            assert found["scrollWidth"] <= found["clientWidth"], f"{path}: the matrix's box scrolls sideways at 1366 px: {found}"
            assert found["headerSticky"] == "sticky", f"{path}: {found}"


def test_task_text_is_read_on_a_few_lines_at_1366(chromium, served):
    """The task list at an office PC's width: the task's text has room (it was squeezed to a word
    a line, 86 px, by a first column that would not wrap), and every column is in view."""
    url, _ = served
    with kh_browser.recording_context(chromium) as (context, _log):
        page = context.new_page()
        page.set_viewport_size(WIDE)
        page.goto(url + "nhiem-vu/")
        found = page.evaluate(
            """() => {
              const table = document.querySelector('table.kh-danh-sach-nhiem-vu');
              const cells = [...table.querySelector('tbody tr').cells].map(c => c.getBoundingClientRect().width);
              return {cells, right: table.getBoundingClientRect().right, inner: innerWidth};
            }"""
        )
    position, text = found["cells"][0], found["cells"][1]
    assert text >= 400, f"the task text column is {text:.0f} px wide at 1366 px: {found}"
    assert position <= 260, f"the position column takes {position:.0f} px: {found}"
    assert found["right"] <= found["inner"], found


@pytest.mark.parametrize("path", ["", "ke-hoach/kh-ct28-tinh-uy-hung-yen/", "nhiem-vu/", "tien-do/", "to-chuc/uy-ban-kiem-tra-tinh-uy/"])
def test_todays_statuses_fit_a_phone(chromium, site_url, path):
    """The bundled site as of today, where yearly tasks have missed years: their long status
    (“quá hạn — 6 kỳ chưa có báo cáo, từ năm 2019”) wraps instead of widening the page."""
    with kh_browser.recording_context(chromium) as (context, _log):
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert "kỳ chưa có báo cáo" in page.content() or path != "ke-hoach/kh-ct28-tinh-uy-hung-yen/"
        assert width <= PHONE["width"], f"/{path} is {width} px wide at {PHONE['width']} px"
