"""Readers first: the editors' guide (huong-dan/) ranks below the site's content in search.

The guide is written for the people who edit records and uses organization names in its examples
(“Ban Tổ chức”, “BTC”); a reader searching for an organization must get the organization's page,
then plans and tasks, and only after every one of them a guide page. The real site is built
(records and the illustrative updates), served on 127.0.0.1, and our search worker
(assets/javascripts/workers/kehoach-search.js) is asked directly, as Material's search box asks it
(SETUP, then one QUERY per query): what is checked is the order of the pages it answers.
"""

from __future__ import annotations

import json

import pytest

import kh_browser
from kehoach.content.searchindex import SearchIndexBuilder, build_search_files, decode_numbers, section_boost

GUIDE = ("huong-dan/", "lich-su/")  # the editors' pages: their guide and the history of record changes
BAN_TO_CHUC = "to-chuc/ban-to-chuc-tinh-uy/"

# Query, and the page that must come first (None: any content page).
CASES = [
    ("Ban Tổ chức", BAN_TO_CHUC),
    ("ban to chuc", BAN_TO_CHUC),
    ("BTC", BAN_TO_CHUC),
    ("btc", BAN_TO_CHUC),
    ("Ủy ban Kiểm tra", "to-chuc/uy-ban-kiem-tra-tinh-uy/"),
    ("Ban Tuyên giáo", "to-chuc/ban-tuyen-giao-tinh-uy/"),
    ("tinh uy", None),
    ("rà soát đảng viên", None),
    ("Mặt trận Tổ quốc", "to-chuc/mat-tran-to-quoc-tinh/"),
]
# Queries the readers' help page answers: it must be found among the first results.
HELP = "cach-tra-cuu/"
HELP_CASES = ["cách tra cứu", "cach tra cuu", "in văn bản", "trạng thái quá hạn", "tải bảng"]

ASK = """
async ([worker, config, queries]) => {
  const w = new Worker(worker)
  const replies = []
  const next = () => new Promise(resolve => { replies.push(resolve) })
  w.onmessage = ev => replies.shift()(ev.data)
  let reply = next()
  w.postMessage({ type: 0, data: { config } })
  if ((await reply).type !== 1) throw new Error("no READY")
  const answers = []
  for (const query of queries) {
    reply = next()
    w.postMessage({ type: 2, data: query })
    const message = await reply
    answers.push(message.data.items.map(group => group[0].location.split("#")[0]))
  }
  w.terminate()
  return answers
}
"""


@pytest.fixture(scope="module")
def answers(chromium, example_site) -> dict[str, list[str]]:
    """Per query, the pages the worker answers, best first."""
    config = json.loads((example_site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    queries = [query for query, _ in CASES] + HELP_CASES
    with kh_browser.serve(example_site.dir) as url:
        page = chromium.new_page()
        try:
            page.goto(url)
            found = page.evaluate(ASK, [url + "assets/javascripts/workers/kehoach-search.js", config, queries])
        finally:
            page.close()
    return dict(zip(queries, found, strict=True))


@pytest.mark.parametrize(("query", "first"), CASES, ids=[query for query, _ in CASES])
def test_content_ranks_above_the_editors_guide(answers, query, first):
    pages = answers[query]
    assert pages, f"no results for {query!r}"
    if first:
        assert pages[0] == first, f"{query!r}: {pages[:8]}"
    guide = [rank for rank, page in enumerate(pages) if page.startswith(GUIDE)]
    content = [rank for rank, page in enumerate(pages) if not page.startswith((*GUIDE, HELP))]
    assert content, f"{query!r} found no content page: {pages}"
    if guide:
        assert max(content) < min(guide), f"{query!r}: a guide page ranks above content: {pages}"
    if HELP in pages:
        assert pages.index(HELP) > 0, f"{query!r}: the readers' help page ranks first: {pages}"


def test_the_guide_is_lowered_not_left_out(answers):
    assert any(page.startswith(GUIDE) for page in answers["BTC"]), answers["BTC"]


@pytest.mark.parametrize("query", HELP_CASES)
def test_the_readers_help_page_is_found(answers, query):
    pages = answers[query]
    assert HELP in pages[:5], f"{query!r}: {pages[:8]}"


def test_only_pages_for_editors_and_the_help_page_are_lowered():
    """The guide by far, the readers' help page a little; content as it was. Lowered, not left
    out: the entries stay in the index."""
    files, _ = build_search_files(
        {
            "config": {},
            "docs": [
                {"location": "huong-dan/", "title": "Hướng dẫn biên tập", "text": "<p>Ban Tổ chức</p>"},
                {"location": "to-chuc/ban-to-chuc/", "title": "Ban Tổ chức", "text": "<p>Ban Tổ chức</p>"},
                {"location": "cach-tra-cuu/", "title": "Cách tra cứu", "text": "<p>tìm tổ chức</p>"},
            ],
        }
    )
    manifest = json.loads(files["kehoach/manifest.js"].split("(", 1)[1].rsplit(")", 1)[0])
    boosts = {first: boost for first, count, boost in manifest["boosts"] for _ in range(count)}
    assert decode_numbers(manifest["pages"]) == [1, 1, 1]
    assert 0 < boosts[0] < boosts[2] < 1  # the guide, then the readers' help page
    assert 1 not in boosts  # content: as it was
    assert manifest["entries"] == 3


def test_a_page_boost_is_kept_and_lowered_in_the_guide():
    """An entry's own boost (front matter `search: boost:`) is multiplied by the guide's."""
    builder = SearchIndexBuilder()
    builder.add_page([{"location": "huong-dan/ban-ghi/", "title": "Lược đồ", "text": "x", "boost": 2}])
    builder.add_page([{"location": "to-chuc/a/", "title": "A", "text": "x", "boost": 2}])
    files, _ = builder.files()
    manifest = json.loads(files["kehoach/manifest.js"].split("(", 1)[1].rsplit(")", 1)[0])
    boosts = [run[2] for run in manifest["boosts"]]
    assert boosts[1] == 2 and boosts[0] == 2 * section_boost("huong-dan/ban-ghi/") < 1
    assert section_boost("huong-dan/ban-ghi/#nhiem-vu") == section_boost("huong-dan/") < section_boost("cach-tra-cuu/") < 1
    assert section_boost("to-chuc/huong-dan/") == section_boost("") == 1  # a prefix of the path from the site's root
