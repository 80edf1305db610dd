"""Three plans from two party units (issue 14, point 8): the bundled records with, laid over them,
tests/three_plans/ — an illustrative district plan of the Hưng Yên unit and a plan of another
province reconstructed for testing, both saying so in their provenance. The whole site is built
from them once and read as readers read it: home, directive, plan pages, organization pages,
matrix, task list, dashboard, calendar, feed, exports and search; and the loader's warning for the
task given to the other unit's namesake."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

from conftest import ROOT, build_site, copy_project
from kehoach.domain.problems import Severity
from kehoach.records.loader import load_records

OVERLAY = Path(__file__).parent / "three_plans" / "records"
PLANS = {
    "kh-ct28-tinh-uy-hung-yen": "Kế hoạch của Ban Thường vụ Tỉnh ủy (Tỉnh ủy Hưng Yên)",
    "kh-42-kh-hu-van-lam": "Kế hoạch số 42-KH/HU",
    "kh-ct28-tinh-uy-nghe-an": "Kế hoạch của Ban Thường vụ Tỉnh ủy (Tỉnh ủy Nghệ An)",
}
AS_OF = "2019-08-01"


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ba-ke-hoach") / "records"
    shutil.copytree(ROOT / "records", folder)
    shutil.copytree(OVERLAY, folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def site(records, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("du-an-ba-ke-hoach"))
    shutil.rmtree(project / "records")
    shutil.copytree(records, project / "records")
    return build_site(tmp_path_factory.mktemp("site-ba-ke-hoach"), project, examples=None, as_of=AS_OF)


def test_the_records_load_with_only_the_warning_for_the_other_units_namesake(records):
    result = load_records(records, "records", today=dt.date(2020, 1, 1))
    assert [p.severity for p in result.problems] == [Severity.WARNING]
    (warning,) = result.problems
    assert warning.location.path == "records/ke-hoach/kh-ct28-tinh-uy-nghe-an.yml"
    assert "“ban-tuyen-giao-tinh-uy”" in warning.message and "Tỉnh ủy Hưng Yên" in warning.message and "Tỉnh ủy Nghệ An" in warning.message
    assert len(result.registry.plans) == 3
    units = {plan_id: result.registry.unit_of(plan.issuer_id) for plan_id, plan in result.registry.plans.items()}
    assert units == {"kh-ct28-tinh-uy-hung-yen": "tinh-uy-hung-yen", "kh-42-kh-hu-van-lam": "tinh-uy-hung-yen", "kh-ct28-tinh-uy-nghe-an": "tinh-uy-nghe-an"}


def test_home_and_directive_list_the_three_plans(site):
    home = site.text("")
    assert "nguyên văn những kế hoạch có bản toàn văn" in home  # two of the three are not full texts
    directive = site.html("chi-thi/ct-28-ct-tw-2019/")
    bars = [b["aria-label"] for b in directive.select(".kh-ke-hoach-trien-khai .kh-td-thanh")]
    assert len(bars) == 3 and all(bar.startswith("Tiến độ Kế hoạch") for bar in bars)


def test_each_plan_page_states_its_provenance(site):
    real = site.html("ke-hoach/kh-ct28-tinh-uy-hung-yen/")
    assert real.select_one(".kh-vanban") is not None
    for plan_id in ("kh-42-kh-hu-van-lam", "kh-ct28-tinh-uy-nghe-an"):
        page = site.html(f"ke-hoach/{plan_id}/")
        assert page.select_one(".kh-nguon-goc.warning .admonition-title").get_text() == "Nguồn văn bản: dựng lại"
        assert page.select_one(".kh-vanban") is None


def test_namesakes_of_two_units_are_told_apart(site):
    assert site.html("to-chuc/ban-tuyen-giao-tinh-uy-nghe-an/").h1.get_text(strip=True).rstrip("¶") == "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Nghệ An)"
    hung_yen = site.html("to-chuc/ban-tuyen-giao-tinh-uy/")
    assert hung_yen.h1.get_text(strip=True).rstrip("¶") == "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Hưng Yên)"
    # Its tasks come from two plans (one given by mistake by the other province): grouped by plan.
    assert len(hung_yen.select(".kh-nhom-ke-hoach")) == 2


def test_every_plan_has_its_matrix_and_the_task_list_filters_by_plan(site):
    for plan_id in PLANS:
        assert site.html(f"ma-tran/{plan_id}/").select("table.kh-ma-tran tbody tr")
    tasks = site.html("nhiem-vu/")
    options = [o["value"] for o in tasks.select("select[name=ke-hoach] option")][1:]
    assert sorted(options) == sorted(PLANS)
    rows = tasks.select("table.kh-danh-sach-nhiem-vu tbody tr")
    assert {row["data-ke-hoach"] for row in rows} == set(PLANS)
    assert all(row.select_one(".kh-thuoc-ke-hoach") is not None for row in rows)


def test_the_dashboard_shows_each_plan(site):
    blocks = site.html("tien-do/").select(".kh-ke-hoach-trien-khai")
    assert len(blocks) == 3


def test_calendar_feed_and_exports_cover_every_plan(site):
    calendar = icalendar.Calendar.from_ical((site.dir / "du-lieu" / "thoi-han.ics").read_bytes())
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert any("kh-ct28-tinh-uy-nghe-an" in uid for uid in uids) and any("kh-42-kh-hu-van-lam" in uid for uid in uids)
    ET.fromstring((site.dir / "du-lieu" / "cap-nhat.xml").read_bytes())  # the feed parses
    table = list(csv.DictReader(io.StringIO((site.dir / "du-lieu" / "nhiem-vu.csv").read_text(encoding="utf-8-sig"))))
    assert {row["ke_hoach"] for row in table} == set(PLANS)
    data = json.loads((site.dir / "du-lieu" / "nhiem-vu.json").read_text(encoding="utf-8"))
    assert {task["ke_hoach"] for task in data["nhiem_vu"]} == set(PLANS)


def test_search_entries_name_the_plan_of_each_task(site):
    shards = "".join(path.read_text(encoding="utf-8") for path in (site.dir / "search" / "kehoach" / "d").glob("*.js"))
    assert "Nhiệm vụ 2: Tuyên truyền Chỉ thị — " + PLANS["kh-ct28-tinh-uy-nghe-an"] in shards


def test_citations_link_both_ways(site):
    """Issue 14, point 5: the district plan cites the province's (a record with its own page), the
    other province's cites the Party Charter (an outside text)."""
    def rows(path):
        return {tr.th.get_text(strip=True): tr.td for tr in site.html(path).select(".kh-thong-tin-vb tr") if tr.th and tr.td}

    district = rows("ke-hoach/kh-42-kh-hu-van-lam/")["Căn cứ"]
    assert district.a["href"].endswith("kh-ct28-tinh-uy-hung-yen/")
    province = rows("ke-hoach/kh-ct28-tinh-uy-hung-yen/")["Được căn cứ bởi"]
    assert province.get_text(strip=True) == "Kế hoạch số 42-KH/HU" and province.a["href"].endswith("kh-42-kh-hu-van-lam/")
    assert rows("ke-hoach/kh-ct28-tinh-uy-nghe-an/")["Căn cứ"].get_text(strip=True) == "Điều lệ Đảng, Điều 8"
