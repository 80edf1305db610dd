"""The task list at scale: a synthetic corpus of 250 tasks, shown 100 at a time and filtered over all.

The page itself carries only the first 100 rows (what shows without JavaScript); an index of every
task comes from du-lieu/danh-sach-nhiem-vu.js and the rows a plan at a time from
du-lieu/danh-sach-nhiem-vu/<n>.js. The tests read those files too, to know what each page must show.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

import kh_browser
from benchmarks.synthetic import generate

FILTER = "[data-kh-loc]"
ROWS = "table.kh-danh-sach-nhiem-vu tbody tr"


@pytest.fixture(scope="module")
def big_site_dir(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("task-pages") / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "hooks", "docs"):
        source = kh_browser.ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    generate(project / "records", "small", seed=1)
    with mock.patch.dict(os.environ, {"KEHOACH_AS_OF": "2025-06-30"}):
        return kh_browser.build_site(project / "site", project / "mkdocs.yml")


@pytest.fixture(scope="module")
def big_url(big_site_dir):
    with kh_browser.serve(big_site_dir) as url:
        yield url


def _index(script: Path) -> dict:
    text = script.read_text(encoding="utf-8")  # window.khDanhSachNhiemVu = {...};
    return json.loads(text[text.index("= {") + 2: text.rindex("};") + 1])


def _rows(script: Path) -> list:
    text = script.read_text(encoding="utf-8")  # khDanhSachNhiemVuPhan(n, [...]);
    call = text.index("khDanhSachNhiemVuPhan(")
    return json.loads(text[text.index(", ", call) + 2: text.rindex(");")])


@pytest.fixture(scope="module")
def data(big_site_dir) -> dict:
    """The index the page loads, and every task in list order with its row from the per-plan files."""
    index = _index(big_site_dir / "du-lieu" / "danh-sach-nhiem-vu.js")
    parts = sorted((big_site_dir / "du-lieu" / "danh-sach-nhiem-vu").glob("*.js"), key=lambda p: int(p.stem))
    rows = [_rows(part) for part in parts]
    members = dict((g[0], g[1]) for g in index["nhom"])
    statuses = [s[0] for s in index["trang_thai"]]

    def reached(named: list[int]) -> list[str]:
        seen, order, pending = set(), [], list(named)
        while pending:
            n = pending.pop(0)
            if n not in seen:
                seen.add(n)
                order.append(index["to_chuc"][n][0])
                pending.extend(members.get(n, ()))
        return order

    offsets: dict[int, int] = {}
    tasks = []
    for part, status, years, named in index["nhiem_vu"]:
        offset = offsets.get(part, 0)
        offsets[part] = offset + 1
        row = rows[part][offset]
        tasks.append({"position": row[1], "plan": row[7], "plan_id": index["ke_hoach"][part], "status": statuses[status], "years": years, "reached": reached(named)})
    return {"index": index, "tasks": tasks, "parts": len(parts)}


def positions(tasks) -> list[str]:
    return [t["position"] for t in tasks]


def settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('table.kh-danh-sach-nhiem-vu[aria-busy]')")


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all(ROWS, "rows => rows.filter(r => r.offsetParent !== null).map(r => r.cells[0].querySelector('a').textContent.trim())")


def pager_text(page) -> str:
    return page.eval_on_selector("[data-kh-trang]", "nav => nav.innerText.split(/\\s+/).join(' ')")


def open_list(page, url: str):
    page.goto(url)
    page.wait_for_selector(f"{FILTER}[data-kh-loc-san-sang]")
    settled(page)
    return page


def test_the_page_itself_holds_only_the_first_hundred_rows(big_site_dir, data):
    soup = BeautifulSoup((big_site_dir / "nhiem-vu" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select(ROWS)
    assert len(data["tasks"]) == 250
    assert [r.find("td").find("a").get_text(strip=True) for r in rows] == positions(data["tasks"][:100])
    # The site has several plans: each row names its task's plan after the task's label.
    assert len({t["plan"] for t in data["tasks"]}) > 1
    assert [r.find("td").select_one(".kh-thuoc-ke-hoach").get_text(strip=True) for r in rows] == ["· " + t["plan"] for t in data["tasks"][:100]]
    assert "100 nhiệm vụ đầu trong 250" in soup.select_one("[data-kh-trang]").get_text()


def test_pages_of_a_hundred_with_the_page_in_the_url(page, big_url, data):
    open_list(page, big_url + "nhiem-vu/")
    everything = positions(data["tasks"])
    assert page.text_content(f"{FILTER} .kh-loc-dem").strip() == "250 nhiệm vụ"
    assert visible_rows(page) == everything[:100]
    assert pager_text(page) == "‹ Trang trước Trang 1 / 3 Trang sau ›"

    page.click("text=Trang sau ›")
    settled(page)
    assert visible_rows(page) == everything[100:200]
    assert parse_qs(urlsplit(page.url).query) == {"trang": ["2"]}
    page.click("text=Trang sau ›")
    settled(page)
    assert visible_rows(page) == everything[200:]
    assert page.is_disabled("text=Trang sau ›")
    page.click("text=‹ Trang trước")
    settled(page)
    assert visible_rows(page) == everything[100:200]


def test_a_filter_covers_every_task_and_starts_again_at_page_one(page, big_url, data):
    open_list(page, big_url + "nhiem-vu/?trang=3")
    counts: dict[str, int] = {}
    for task in data["tasks"]:
        for organization in task["reached"]:
            counts[organization] = counts.get(organization, 0) + 1
    busiest = max(counts, key=counts.get)  # its tasks lie beyond the first hundred too
    want = [t for t in data["tasks"] if busiest in t["reached"]]
    assert any(busiest in t["reached"] for t in data["tasks"][100:]), "the test needs tasks past the first page"

    page.select_option(f"{FILTER} select[name=to-chuc]", busiest)
    settled(page)
    assert page.text_content(f"{FILTER} .kh-loc-dem").strip() == f"{len(want)} nhiệm vụ"
    assert visible_rows(page) == positions(want[:100])
    assert parse_qs(urlsplit(page.url).query) == {"to-chuc": [busiest]}, "back to page one"

    status = want[0]["status"]
    page.select_option(f"{FILTER} select[name=trang-thai]", status)
    settled(page)
    narrowed = [t for t in want if t["status"] == status]
    assert visible_rows(page) == positions(narrowed[:100])
    assert page.text_content(f"{FILTER} .kh-loc-dem").strip() == f"{len(narrowed)} nhiệm vụ"


def test_the_plan_filter_shows_one_plans_tasks_and_names_it(page, big_url, data):
    """Issue 14, point 6: with several plans the list filters by plan, and every row names its plan."""
    open_list(page, big_url + "nhiem-vu/")
    plans = page.eval_on_selector_all(f"{FILTER} select[name=ke-hoach] option", "options => options.map(o => [o.value, o.textContent])")
    assert plans[0] == ["", "Tất cả"] and len(plans) == data["parts"] + 1
    plan_id, plan_name = next((value, name) for value, name in plans[1:] if value != data["tasks"][0]["plan_id"])
    want = [t for t in data["tasks"] if t["plan_id"] == plan_id]
    page.select_option(f"{FILTER} select[name=ke-hoach]", plan_id)
    settled(page)
    assert page.text_content(f"{FILTER} .kh-loc-dem").strip() == f"{len(want)} nhiệm vụ"
    assert visible_rows(page) == positions(want[:100])
    named = page.eval_on_selector_all(ROWS, "rows => rows.filter(r => r.offsetParent !== null).map(r => r.querySelector('.kh-thuoc-ke-hoach').textContent)")
    assert set(named) == {" · " + plan_name}
    assert parse_qs(urlsplit(page.url).query) == {"ke-hoach": [plan_id]}


def test_rows_come_a_plan_at_a_time(page, big_url, data):
    """Only the files of the plans a page shows are fetched, not every row of the list."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/danh-sach-nhiem-vu/" in request.url else None)
    open_list(page, big_url + "nhiem-vu/")
    assert 0 < len(fetched) < data["parts"], fetched

def test_drawn_rows_match_the_rows_the_page_was_built_with(page, big_url, big_site_dir):
    """Same cells, links and attributes as the server-rendered first page."""
    soup = BeautifulSoup((big_site_dir / "nhiem-vu" / "index.html").read_text(encoding="utf-8"), "html.parser")
    built = [
        (r.get("data-ke-hoach"), r.get("data-to-chuc"), r.get("data-trang-thai"), r.get("data-nam"), "".join(r.get_text().split()), [a["href"] for a in r.find_all("a")])
        for r in soup.select(ROWS)
    ]
    open_list(page, big_url + "nhiem-vu/")
    drawn = page.eval_on_selector_all(
        ROWS,
        """rows => rows.map(r => [r.getAttribute('data-ke-hoach'), r.getAttribute('data-to-chuc'), r.getAttribute('data-trang-thai'), r.getAttribute('data-nam'),
                                  r.innerText, Array.from(r.querySelectorAll('a')).map(a => a.getAttribute('href'))])""",
    )
    assert len(drawn) == len(built) == 100
    for (plan, orgs, status, years, text, hrefs), (b_plan, b_orgs, b_status, b_years, b_text, b_hrefs) in zip(drawn, built, strict=True):
        assert (plan, orgs, status, years, hrefs) == (b_plan, b_orgs, b_status, b_years, b_hrefs)
        assert "".join(text.split()) == b_text  # the same text, whatever the spacing between cells


def test_pages_work_from_a_file_without_server(context_log, big_site_dir, data):
    context, log = context_log
    page = context.new_page()
    page.goto((big_site_dir / "nhiem-vu" / "index.html").as_uri() + "?trang=2")
    page.wait_for_selector(f"{FILTER}[data-kh-loc-san-sang]")
    settled(page)
    assert visible_rows(page) == positions(data["tasks"][100:200])
    # Search from file:// needs the offline bundle (kehoach bundle), which this site is not.
    log.errors[:] = [e for e in log.errors if not ("file://" in e and "search_index.js" in e)]
