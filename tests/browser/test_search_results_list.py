"""The search result list as kehoach renders it (kehoach-search-queue.js, in place of Material's own
rendering, which rebuilt the whole list on every keystroke): queries typed one after another into
Material's real search box, and what a reader sees after each — the results line in Vietnamese, the
first result's title, the matching words marked in the snippets, Material's markup (so its look),
its keys (arrows, Enter) — at desktop width and at 390 px.
"""

from __future__ import annotations

import json
import re

import pytest

import kh_browser

BAN_TO_CHUC = "to-chuc/ban-to-chuc-tinh-uy/"
UBKT = "to-chuc/uy-ban-kiem-tra-tinh-uy/"

COUNT_LINE = re.compile(r"(1 tài liệu liên quan|[\d.]+ tài liệu liên quan(, hiện [\d.]+ tài liệu khớp nhất — gõ thêm từ để thu hẹp)?)")

# What the reader sees of the list: per result, its links (page first), headings, snippet marks.
READ_LIST = """() => Array.from(document.querySelectorAll('.md-search-result__list > li')).map(li => ({
  cls: li.className,
  links: Array.from(li.querySelectorAll('a.md-search-result__link')).map(a => ({
    href: a.getAttribute('href'),
    tabindex: a.getAttribute('tabindex'),
    article: a.firstElementChild && a.firstElementChild.className,
    score: a.firstElementChild && a.firstElementChild.dataset.mdScore,
    heading: (a.querySelector('h1, h2') || {}).tagName || '',
  })),
  snippetMarks: Array.from(li.querySelectorAll('article > :not(h1):not(h2) mark, article > mark')).map(m => m.textContent),
  visible: li.getBoundingClientRect().height > 0,
}))"""


def items(box) -> list[dict]:
    return box.page.evaluate(READ_LIST)


def meta(box) -> str:
    return box.page.inner_text(".md-search-result__meta").strip()


# Typed one after another into the same box, as a person refines a search.
SEQUENCE = [
    # query, first page, its title starts with, a word marked in some snippet of the list
    ("ban to", None, None, "tổ"),
    ("ban to chuc", BAN_TO_CHUC, "Ban Tổ chức Tỉnh ủy", "chức"),
    ("UBKT", UBKT, "Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
    ("dang vien", None, None, "đảng"),
    ("Ủy ban kiểm tra", UBKT, "Ủy ban Kiểm tra Tỉnh ủy", "kiểm"),
]


def test_queries_in_sequence_show_the_list_a_reader_expects(site_search):
    box = site_search
    for query, first, title, marked in SEQUENCE:
        results = box.search(query)
        shown = f"{query!r} gave {results.paths[:5]} ({results.meta})"
        assert COUNT_LINE.fullmatch(meta(box)), f"results line not in Vietnamese: {meta(box)!r}"
        assert 0 < len(results.items) <= 10, shown  # 10 listed at first, as Material does
        assert len(set(results.paths)) == len(results.paths), f"a page listed twice: {shown}"
        if first:
            assert results.first.path == first, shown
            assert results.first.title.startswith(title), results.first.title
        listed = items(box)
        snippet_marks = [kh_browser.fold(m) for item in listed for m in item["snippetMarks"]]
        assert any(m.startswith(kh_browser.fold(marked)) for m in snippet_marks), f"{marked!r} not marked in a snippet for {query!r}: {snippet_marks[:12]}"
        for item in listed:  # Material's markup, so that its style sheet and its keys apply
            assert item["cls"] == "md-search-result__item" and item["visible"], item
            page_link = item["links"][0]
            assert page_link["heading"] == "H1" and "#" not in page_link["href"], item
            for link in item["links"]:
                assert link["tabindex"] == "-1" and link["article"] == "md-search-result__article md-typeset", link
                assert re.fullmatch(r"\d+\.\d\d", link["score"] or ""), link
                assert "h=" in link["href"], link  # search.highlight: the page marks the words
    # Enter in the box opens the first result, its words highlighted on the page
    box.input.focus()
    box.page.keyboard.press("Enter")
    box.page.wait_for_url("**/to-chuc/uy-ban-kiem-tra-tinh-uy/**")
    box.page.wait_for_selector("[data-md-component=content] mark[data-md-highlight]")
    box.page.go_back()
    box.wait_ready()


def test_nothing_found_and_empty_box_say_so(site_search):
    box = site_search
    box.search("ban to chuc")
    assert items(box)
    box.search("qqxyzw")
    assert meta(box) == "Không tìm thấy tài liệu liên quan"
    assert items(box) == []
    box.input.click()
    box.page.keyboard.press("Control+A")
    box.page.keyboard.press("Backspace")
    box.wait_results()
    assert meta(box) == "Nhập để bắt đầu tìm kiếm"
    assert items(box) == []
    assert box.search("UBKT").first.path == UBKT  # and the list comes back


def test_arrow_keys_walk_the_list_and_enter_opens_the_focused_result(site_search):
    box = site_search
    results = box.search("tinh uy")
    assert len(results.items) >= 2
    page = box.page
    focused = "() => document.activeElement.closest('a') ? document.activeElement.closest('a').getAttribute('href') : null"
    page.keyboard.press("ArrowDown")
    first = page.evaluate(focused)
    assert first and results.first.path in first, first
    walked = [first]
    while len(set(filter(None, walked))) < 2 and len(walked) < 6:  # a folded line (summary) may come between
        page.keyboard.press("ArrowDown")
        walked.append(page.evaluate(focused))
    second = walked[-1]
    assert second and second != first, walked
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == second
    page.keyboard.press("Enter")
    page.wait_for_url(second.split("?")[0] + "**")
    page.go_back()
    box.wait_ready()


LIST_ELEMENTS = """() => { const found = {};
  for (const li of document.querySelectorAll('.md-search-result__list > li'))
    found[li.querySelector('a').getAttribute('href').split('?')[0]] = li;
  return found }"""


def test_a_longer_query_keeps_the_elements_of_pages_still_listed(site_search):
    """What keeps the renderer's memory down: typing on does not rebuild what is still listed."""
    box = site_search
    box.search("ban to chu")
    page = box.page
    page.evaluate(f"() => {{ window.__khBefore = ({LIST_ELEMENTS})() }}")
    box.input.press("c")  # one more letter, as a person types on
    box.wait_results()
    results = box.results()
    assert results.query == "ban to chuc" and results.first.path == BAN_TO_CHUC
    kept = page.evaluate(f"""() => {{ const now = ({LIST_ELEMENTS})(), before = window.__khBefore;
      const both = Object.keys(now).filter(href => href in before);
      return [both.length, both.filter(href => now[href] === before[href]).length] }}""")
    assert kept[0] >= 3 and kept[1] == kept[0], f"pages listed for both queries: {kept[0]}, kept their elements: {kept[1]}"


def test_list_grows_as_it_is_scrolled(site_search):
    """10 results at first, then more each time the end of the list comes into view, up to the 20
    the worker answers in full."""
    box = site_search
    results = box.search("dang")
    assert len(results.items) == 10 and results.count > 20
    page = box.page
    for expected in (14, 18, 20):
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__list > li').length >= {expected}")
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, 0)")
    assert len(box.results().items) == 20


@pytest.fixture
def phone_search(browser, site_url):
    with kh_browser.recording_context(browser, viewport={"width": 390, "height": 844}) as (context, _log):
        page = context.new_page()
        page.goto(site_url)
        box = kh_browser.SearchBox(page, site_url)
        box.wait_ready()
        yield box


def test_on_a_phone(phone_search):
    box = phone_search
    box.page.click("label.md-header__button[for=__search]")
    results = box.search("ban to chuc")
    assert results.first.path == BAN_TO_CHUC
    assert COUNT_LINE.fullmatch(meta(box)), meta(box)
    width = box.page.evaluate("() => window.innerWidth")
    box_right = box.page.evaluate("() => document.querySelector('.md-search-result__list > li').getBoundingClientRect().right")
    assert 0 < box_right <= width + 1  # sub-pixel while the dialog settles
    widest = box.page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('.md-search-result *')).map(e => e.getBoundingClientRect().right))")
    assert widest <= width + 1, f"a result is {widest} px wide on a {width} px screen"
    assert {"tổ", "chức"} <= {m.lower() for m in results.first.marks}, results.first.marks
    box.page.keyboard.press("Enter")
    box.page.wait_for_url("**/to-chuc/ban-to-chuc-tinh-uy/**")


def test_typing_restyles_the_list_not_the_page(browser, site_url):
    """A result list rendered while typing has its own elements' style worked out again, not the
    whole page's: a style sheet rule `body:has(…)` made Chromium restyle every element of the page
    on each keystroke (669 ms over three keys on a national progress page of 86,000 elements,
    14 ms once such rules were scoped to .md-main, which holds no search box). Chromium's own
    trace says how many elements each style update touched."""
    page_path = "huong-dan/truong/"  # the project's largest page
    with kh_browser.recording_context(browser) as (context, _log):
        page = context.new_page()
        page.goto(site_url + page_path)
        box = kh_browser.SearchBox(page, site_url)
        box.wait_ready()
        box.search("ban to")  # the box open and a list shown: what follows is typing on
        content = page.evaluate("() => document.querySelectorAll('.md-main *').length")
        browser.start_tracing(page=page, categories=["devtools.timeline"])
        try:
            for letter in " chuc":
                box.input.press(letter if letter != " " else "Space")
                box.wait_results()
        finally:
            trace = json.loads(browser.stop_tracing())
        assert box.results().query == "ban to chuc"
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    restyled = [event["args"]["elementCount"] for event in events if event.get("name") == "UpdateLayoutTree" and "elementCount" in event.get("args", {})]
    assert content > 1000, f"{page_path} has {content} elements: too few to tell the page from the list"
    assert restyled, "the trace recorded no style update while the list changed"
    assert max(restyled) < content / 2, f"a keystroke restyled {max(restyled)} elements; the page's content has {content}"
