"""Progress as staff see it: badges, dashboard, task history, feeds and exports of the built site."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

import icalendar

from conftest import build_site, copy_project

RA_SOAT = "kh-ct28-tinh-uy-hung-yen/b-ii-4-ra-soat"


def badge_on_plan(site, task_id: str) -> str:
    card = site.html("ke-hoach/kh-ct28-tinh-uy-hung-yen/").find(id=task_id)
    return card.select_one(".kh-tt").get_text(strip=True)


def test_review_task_is_overdue_on_1_june_2019_everywhere_it_appears(example_site):
    assert badge_on_plan(example_site, "b-ii-4-ra-soat") == "quá hạn"
    task_page = example_site.text(f"nhiem-vu/{RA_SOAT}/")
    assert "quá hạn (13 ngày)" in task_page
    assert "Trạng thái tính đến ngày 01/06/2019" in task_page
    overdue = example_site.html("tien-do/").select_one("table.kh-qua-han")
    assert "B.II.4, ý 1" in overdue.get_text() and "13" in overdue.get_text()
    organization = example_site.html("to-chuc/ban-to-chuc-tinh-uy/")
    row = next(tr for tr in organization.select("tr") if tr.find("a", href=lambda h: h and h.endswith("#b-ii-4-ra-soat")))
    assert row.select_one(".kh-tt").get_text(strip=True) == "quá hạn"
    matrix = example_site.html("ma-tran/kh-ct28-tinh-uy-hung-yen/")
    row = next(tr for tr in matrix.select("tr") if tr.find("a", href=lambda h: h and h.endswith("#b-ii-4-ra-soat")))
    assert row.select_one(".kh-tt").get_text(strip=True) == "quá hạn"


def test_one_update_file_marking_it_done_by_19_may_makes_it_done_on_time(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "examples" / "cap-nhat" / "2019" / "2019-05-19-btc-ra-soat-xong.yml").write_text(
        "ke_hoach: kh-ct28-tinh-uy-hung-yen\nnhiem_vu: [b-ii-4-ra-soat]\nto_chuc: ban-to-chuc-tinh-uy\n"
        "ngay: 19/5/2019\ntrang_thai: da-hoan-thanh\n",
        encoding="utf-8",
    )
    site = build_site(tmp_path / "site", project, as_of="2019-06-01", examples="examples")
    assert badge_on_plan(site, "b-ii-4-ra-soat") == "hoàn thành đúng hạn"
    # the task "after" it can now start
    after = "bắt đầu khi nhiệm vụ B.II.4, ý 1: Rà soát đảng viên ở một số đơn vị hoàn thành (19/05/2019)"
    assert after in site.text("nhiem-vu/kh-ct28-tinh-uy-hung-yen/b-ii-4-tong-dieu-tra/")


def test_moving_the_as_of_date_shows_the_plan_as_it_stood(tmp_path):
    before = build_site(tmp_path / "before", as_of="2019-05-01", examples="examples")
    assert badge_on_plan(before, "b-ii-4-ra-soat") == "chưa đến hạn"
    later = build_site(tmp_path / "later", as_of="2019-07-01", examples="examples")
    assert badge_on_plan(later, "b-ii-4-ra-soat") == "hoàn thành quá hạn"


def test_real_site_never_shows_an_invented_update(real_site):
    assert "minh họa" not in real_site.text("tien-do/").replace("Dữ liệu minh họa", "")
    assert "Chưa có báo cáo tiến độ nào" in real_site.text("tien-do/")
    for page in real_site.dir.rglob("*.html"):
        assert "kh-nhan-minh-hoa" not in page.read_text(encoding="utf-8"), page


def test_example_updates_are_labelled(example_site):
    dashboard = example_site.html("tien-do/")
    assert dashboard.select_one(".kh-minh-hoa") is not None
    assert len(dashboard.select(".kh-nhan-minh-hoa")) >= 2


def test_calendar_parses_and_holds_every_dated_deadline(example_site):
    calendar = icalendar.Calendar.from_ical((example_site.dir / "du-lieu" / "thoi-han.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert events["kh-ct28-tinh-uy-hung-yen.b-ii-4-ra-soat.han@kehoach"].decoded("DTSTART").isoformat() == "2019-05-19"
    assert events["kh-ct28-tinh-uy-hung-yen.b-ii-1-xay-dung-ke-hoach.han@kehoach"].decoded("DTSTART").isoformat() == "2019-05-31"
    assert events["kh-ct28-tinh-uy-hung-yen.b-ii-4-huong-dan-tong-dieu-tra.han@kehoach"].decoded("DTSTART").isoformat() == "2019-12-31"
    assert events["kh-ct28-tinh-uy-hung-yen.b-ii-5.2019@kehoach"].decoded("DTSTART").isoformat() == "2019-12-31"
    assert "Ban Tổ chức Tỉnh ủy" in str(events["kh-ct28-tinh-uy-hung-yen.b-ii-4-ra-soat.han@kehoach"]["DESCRIPTION"])
    own = icalendar.Calendar.from_ical((example_site.dir / "du-lieu" / "thoi-han" / "ban-to-chuc-tinh-uy.ics").read_bytes())
    uids = {str(e["UID"]) for e in own.walk("VEVENT")}
    assert "kh-ct28-tinh-uy-hung-yen.b-ii-4-ra-soat.han@kehoach" in uids
    assert "kh-ct28-tinh-uy-hung-yen.b-ii-5.2019@kehoach" in uids  # coordinates it
    for line in (example_site.dir / "du-lieu" / "thoi-han.ics").read_bytes().split(b"\r\n"):
        assert len(line) <= 75


def test_feed_is_atom_with_every_counted_update(example_site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(example_site.dir / "du-lieu" / "cap-nhat.xml").getroot()
    assert feed.tag == f"{atom}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{atom}{required}") is not None
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 3  # three illustrative updates are dated on or before 1 June 2019
    for entry in entries:
        for required in ("id", "title", "updated", "author"):
            assert entry.find(f"{atom}{required}") is not None
        assert entry.find(f"{atom}title").text.startswith("[Minh họa]")


def test_csv_opens_in_excel_with_vietnamese_intact(example_site):
    raw = (example_site.dir / "du-lieu" / "nhiem-vu.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    row = next(r for r in rows if r["ma_nhiem_vu"] == "b-ii-4-ra-soat")
    assert row["chu_tri"] == "Ban Tổ chức Tỉnh ủy" and row["trang_thai"] == "quá hạn" and row["han"] == "19/05/2019"
    assert len(rows) == 18


def test_json_lists_every_task_with_status(example_site):
    data = json.loads((example_site.dir / "du-lieu" / "nhiem-vu.json").read_text(encoding="utf-8"))
    assert data["tinh_den_ngay"] == "2019-06-01"
    tasks = {t["id"]: t for t in data["nhiem_vu"]}
    assert tasks["b-ii-4-ra-soat"]["trang_thai"] == "qua-han"
    assert tasks["b-ii-1-xay-dung-ke-hoach"]["trang_thai"] == "hoan-thanh-dung-han"


def test_figures_page_draws_svg_charts_without_scripts(tmp_path):
    site = build_site(tmp_path / "site", as_of="2020-02-01", examples="examples")
    page = site.html("tien-do/chi-tieu/")
    assert page.select("article svg.kh-bieu-do")
    assert "2.140" in page.get_text()  # Vietnamese thousands separator
    assert not page.select("article script")


def test_timeline_groups_deadlines_by_year_then_month(example_site):
    index = example_site.html("tien-do/lich/")
    assert [a.get_text() for a in index.select("article table a")] == ["Năm 2019"]
    headings = [h.get_text(strip=True).rstrip("¶") for h in example_site.html("tien-do/lich/2019/").select("article h2")]
    assert headings == ["Tháng 5/2019", "Tháng 12/2019"]


def test_a_yearly_task_with_missed_years_reads_as_overdue_not_as_not_yet_due(tmp_path):
    """B.II.5 is due every 31/12 from 2019; with no report by 30/06/2025, six years are missed.
    Its current year is not due yet, but the plan, the task list and the organization's page say
    what a reader must know: overdue, for six periods, from 2019; the home page lists this year's
    deadline and the missed ones."""
    site = build_site(tmp_path / "site", as_of="2025-06-30")
    wording = "quá hạn — 6 kỳ chưa có báo cáo, từ năm 2019"
    assert badge_on_plan(site, "b-ii-5") == wording
    tasks = site.html("nhiem-vu/")
    row = next(tr for tr in tasks.select("tbody tr") if "B.II.5" in tr.get_text())
    assert row.select_one(".kh-tt").get_text(strip=True) == wording
    assert row["data-trang-thai"] == "qua-han"
    organization = site.html("to-chuc/uy-ban-kiem-tra-tinh-uy/")
    row = next(tr for tr in organization.select("tr") if "B.II.5" in tr.get_text())
    assert row.select_one(".kh-tt").get_text(strip=True) == wording
    home = site.html("")
    soon = home.find(id="thời-hạn-gần-nhất").find_next("table").get_text(" ", strip=True)
    assert "31/12/2025" in soon and "B.II.5" in soon and "(năm 2025)" in soon
    assert "Không có nhiệm vụ nào có hạn sau ngày" not in home.get_text()
    passed = home.find(string="Các thời hạn đã qua (gần nhất trước):").find_next("table").get_text(" ", strip=True)
    assert passed.startswith("Hạn Nhiệm vụ") and "31/12/2024" in passed and "(năm 2024)" in passed


def test_a_pages_table_and_bar_give_the_same_overdue_counts(tmp_path):
    """The bar splits overdue tasks into reported and not reported; the table under it did not
    ('quá hạn 0 · quá hạn, chưa có báo cáo 3' over 'quá hạn 3')."""
    site = build_site(tmp_path / "site", as_of="2025-06-30")
    for path, table in (("tien-do/", "table.kh-dem-trang-thai"), ("to-chuc/uy-ban-kiem-tra-tinh-uy/", "table.kh-tien-do-don-vi")):
        page = site.html(path)
        rows = {tr.select_one(".kh-tt").get_text(strip=True): int(tr.select("td")[1].get_text(strip=True)) for tr in page.select(f"{table} tbody tr")}
        legend = page.select_one(".kh-td-chu-giai").get_text(" ", strip=True)
        assert rows.get("quá hạn, chưa có báo cáo", 0) > 0, (path, rows)
        assert f"quá hạn, chưa có báo cáo {rows['quá hạn, chưa có báo cáo']}" in legend, (path, rows, legend[:300])
        assert f"quá hạn {rows.get('quá hạn', 0)} " in legend, (path, rows, legend[:300])


def test_a_task_waiting_on_an_unfinished_one_says_so_wherever_its_status_shows(tmp_path):
    """B.II.4 ý 2 starts after B.II.4 ý 1, overdue since 2019: 'chưa đến hạn' alone read as if all
    were well; lists now say what it waits for."""
    site = build_site(tmp_path / "site", as_of="2025-06-30")
    wording = "chưa đến hạn — chờ B.II.4, ý 1"
    assert badge_on_plan(site, "b-ii-4-tong-dieu-tra") == wording
    row = next(tr for tr in site.html("nhiem-vu/").select("tbody tr") if "b-ii-4-tong-dieu-tra" in str(tr))
    assert row.select_one(".kh-tt").get_text(strip=True) == wording


def test_numbers_of_days_are_written_the_vietnamese_way(tmp_path):
    """2234 days late reads '2.234' (as the .docx report writes it), and calendar links say what
    they are, not a file name."""
    site = build_site(tmp_path / "site", as_of="2025-06-30")
    overdue = site.html("tien-do/").select_one("table.kh-qua-han").get_text(" ", strip=True)
    assert "2.234" in overdue and "2234" not in overdue
    organization = site.html("to-chuc/ban-tuyen-giao-tinh-uy/")
    calendar = organization.find("a", href=lambda h: h and h.endswith(".ics"))
    assert calendar.get_text(strip=True) == "tải tệp lịch (.ics)"


def test_a_stopped_task_reads_as_stopped_and_one_waiting_on_it_says_so(tmp_path):
    """A `dung` report stops a task, even a yearly one with missed years; a task that starts after
    a stopped one does not wait for it."""
    project = copy_project(tmp_path / "project")
    updates = project / "records" / "cap-nhat" / "2025"
    updates.mkdir(parents=True)
    plan = "ke_hoach: kh-ct28-tinh-uy-hung-yen\n"
    (updates / "2025-03-01-ubkt-dung.yml").write_text(
        plan + "nhiem_vu: [b-ii-5]\nto_chuc: uy-ban-kiem-tra-tinh-uy\nngay: 1/3/2025\ntrang_thai: dung\nly_do: Thử dừng.\n", encoding="utf-8"
    )
    (updates / "2025-03-01-btc-dung.yml").write_text(
        plan + "nhiem_vu: [b-ii-4-ra-soat]\nto_chuc: ban-to-chuc-tinh-uy\nngay: 1/3/2025\ntrang_thai: dung\nly_do: Thử dừng.\n", encoding="utf-8"
    )
    site = build_site(tmp_path / "site", project, as_of="2025-06-30")
    assert badge_on_plan(site, "b-ii-5") == "dừng"
    assert badge_on_plan(site, "b-ii-4-tong-dieu-tra") == "chưa đến hạn — B.II.4, ý 1 đã dừng"
