"""The deadline and period kinds real plans use (issue 14, point 3): every N months (định kỳ: monthly,
quarterly, half-yearly, yearly), a range (từ … đến …), before a named event (trước Đại hội …); a
report's period (`ky`) as a year, half-year, quarter or month; statuses per period; the warnings on
dates out of the plan's span; the calendar, dashboard and task page of a recurring task; plan names
in the calendar and the feed where the site has several plans."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

from conftest import build_site, copy_project
from kehoach.content.exports import CALENDAR, FEED, build_exports, plan_short_name
from kehoach.content.manifest import SiteOptions
from kehoach.domain.model import Deadline, Month, Period
from kehoach.domain.status import compute_progress, first_period, status_wording
from kehoach.domain.vocabulary import DeadlineKind, Recurrence, Status
from kehoach.records.loader import load_records
from kehoach.records.schema import DEADLINE, UPDATE, parse_period

BASE = Path(__file__).parent / "bad_records" / "_base"
TODAY = dt.date(2021, 6, 30)

PLAN = """\
id: kh
loai: KẾ HOẠCH
trich_yeu: Triển khai thực hiện Chỉ thị số 28-CT/TW
co_quan_ban_hanh: tinh-uy
thuc_hien: [ct-28]
ngay: 15/3/2019
noi_dung:
  - so: "1."
    van_ban: Ban Tổ chức Tỉnh ủy làm việc theo thời hạn.
    nhiem_vu:
      - id: viec
        chu_tri: [ban-to-chuc]
        vai_tro: chu-tri
        thoi_han: {DEADLINE}
nguon_goc: toan-van
"""


def load(tmp_path: Path, deadline: str, updates: dict[str, str] | None = None, today: dt.date = TODAY):
    records = tmp_path / "records"
    shutil.copytree(BASE, records)
    (records / "ke-hoach" / "kh.yml").write_text(PLAN.replace("{DEADLINE}", deadline), encoding="utf-8")
    for name, text in (updates or {}).items():
        (records / "cap-nhat").mkdir(exist_ok=True)
        (records / "cap-nhat" / f"{name}.yml").write_text("ke_hoach: kh\nnhiem_vu: [viec]\nto_chuc: ban-to-chuc\n" + text, encoding="utf-8")
    return load_records(records, "records", today=today)


def report(day: str, state: str = "da-hoan-thanh", period: str | None = None) -> str:
    return f"ngay: {day}\ntrang_thai: {state}\n" + (f"ky: {period}\n" if period else "")


def progress_of(result, as_of: dt.date):
    assert [p for p in result.problems if p.severity.name == "ERROR"] == []
    return compute_progress(result.registry, as_of)["kh/viec"]


# ---------------------------------------------------------------- periods


def test_periods_of_the_calendar():
    assert Period.containing(dt.date(2019, 5, 20), 3) == Period(2019, 3, 2)
    assert (Period(2019, 3, 2).start, Period(2019, 3, 2).end) == (dt.date(2019, 4, 1), dt.date(2019, 6, 30))
    assert Period(2019, 6, 2).end == dt.date(2019, 12, 31) and Period(2020, 1, 2).end == dt.date(2020, 2, 29)
    assert Period(2019, 3, 4).next() == Period(2020, 3, 1) and Period(2019, 1, 11).next() == Period(2019, 1, 12)
    assert [str(p) for p in (Period(2019), Period(2019, 6, 1), Period(2019, 6, 2), Period(2019, 3, 3), Period(2019, 1, 5))] == [
        "năm 2019", "6 tháng đầu năm 2019", "6 tháng cuối năm 2019", "quý III/2019", "tháng 5/2019",
    ]  # fmt: skip
    assert [p.written for p in (Period(2019), Period(2019, 6, 2), Period(2019, 3, 2), Period(2019, 1, 5))] == ["2019", "6 tháng cuối năm 2019", "II/2019", "5/2019"]


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2019", Period(2019)),
        ("6 tháng đầu năm 2019", Period(2019, 6, 1)),
        ("6 tháng cuối năm 2019", Period(2019, 6, 2)),
        ("6 thang cuoi nam 2019", Period(2019, 6, 2)),  # typed without diacritics
        ("II/2019", Period(2019, 3, 2)),
        ("quý IV/2019", Period(2019, 3, 4)),
        ("5/2019", Period(2019, 1, 5)),  # digits are a month; a quarter is in Roman numerals
        ("tháng 12/2019", Period(2019, 1, 12)),
    ],
)
def test_a_report_period_is_written_as_a_year_half_year_quarter_or_month(written, period):
    assert parse_period(written) == (period, "")


@pytest.mark.parametrize(("written", "why"), [("13/2019", "tháng 13 không có thật"), ("V/2019", "“V/2019” không phải một kỳ báo cáo"), ("2019-II", "“2019-II” không phải một kỳ báo cáo")])
def test_a_period_that_is_none_of_those_is_refused(written, why):
    assert parse_period(written) == (None, why)


def test_the_schema_offers_the_new_fields():
    for name in ("moi_thang", "tu_thang", "tu", "den", "su_kien"):
        assert DEADLINE.field(name) is not None
    assert {DeadlineKind.RECURRING, DeadlineKind.RANGE, DeadlineKind.BEFORE_EVENT} <= set(DeadlineKind)
    assert "6 tháng đầu năm 2019" in UPDATE.field("ky").meaning


# ---------------------------------------------------------------- the kinds, read and stated


def test_a_quarter_written_in_digits_is_read_and_stated_in_roman_numerals(tmp_path):
    result = load(tmp_path, "{loai: quy, quy: 2/2019}")
    assert result.problems == []
    assert result.registry.task("kh/viec").deadline.structured == "quý II/2019 (đến 30/06/2019)"


def test_quarter_five_is_refused_saying_a_year_has_four(tmp_path):
    (problem,) = load(tmp_path, "{loai: quy, quy: 5/2019}").problems
    assert str(problem) == "records/ke-hoach/kh.yml:14:36: trường “quy”: quý 5 không có: một năm có bốn quý, I, II, III, IV (viết quý/năm bằng số La Mã, ví dụ II/2019)"


def test_each_new_kind_keeps_its_wording_and_states_its_deadline(tmp_path):
    cases = {
        "{loai: dinh-ky, moi_thang: 6, nguyen_van: định kỳ 6 tháng}": ("định kỳ 6 tháng", "định kỳ 6 tháng một lần (hạn ngày cuối mỗi kỳ)", None),
        "{loai: dinh-ky, moi_thang: 3, tu_thang: 4/2019, nguyen_van: hằng quý}": ("hằng quý", "định kỳ hằng quý, từ quý II/2019 (hạn ngày cuối mỗi kỳ)", None),
        "{loai: khoang, tu: 1/4/2019, den: 30/6/2019, nguyen_van: từ tháng 4 đến hết tháng 6/2019}": (
            "từ tháng 4 đến hết tháng 6/2019", "từ ngày 01/04/2019 đến ngày 30/06/2019", dt.date(2019, 6, 30),
        ),
        "{loai: truoc-su-kien, su_kien: Đại hội Đảng bộ tỉnh lần thứ XIX, nguyen_van: trước Đại hội Đảng bộ tỉnh lần thứ XIX}": (
            "trước Đại hội Đảng bộ tỉnh lần thứ XIX", "trước Đại hội Đảng bộ tỉnh lần thứ XIX (chưa có ngày)", None,
        ),
        "{loai: truoc-su-kien, su_kien: Đại hội Đảng bộ tỉnh lần thứ XIX, ngay: 14/10/2020}": (
            None, "trước Đại hội Đảng bộ tỉnh lần thứ XIX (ngày 14/10/2020)", dt.date(2020, 10, 14),
        ),
    }  # fmt: skip
    for index, (written, (wording, structured, due)) in enumerate(cases.items()):
        result = load(tmp_path / str(index), written)
        assert result.problems == [], written
        deadline = result.registry.task("kh/viec").deadline
        assert (deadline.written, deadline.structured, deadline.due_date) == (wording, structured, due)


def test_the_recurrence_of_each_kind():
    assert Deadline(DeadlineKind.EVERY_YEAR).recurrence is Recurrence.YEARLY
    assert Deadline(DeadlineKind.RECURRING, every=Recurrence.QUARTERLY).recurrence is Recurrence.QUARTERLY
    assert Deadline(DeadlineKind.RANGE).recurrence is None and Deadline(DeadlineKind.BEFORE_EVENT).recurrence is None
    assert [r.months for r in Recurrence] == [1, 3, 6, 12]


# ---------------------------------------------------------------- statuses


def test_a_quarterly_task_has_one_occurrence_per_quarter_each_with_its_own_status(tmp_path):
    updates = {
        "q2": report("5/7/2019", period="II/2019"),  # filed after the quarter, for it
        "q3": report("20/9/2019"),  # no ky: the quarter of its date
    }
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 3, tu_thang: 4/2019}", updates)
    progress = progress_of(result, dt.date(2020, 2, 10))
    rows = [(o.period_label, o.due, o.status) for o in progress.occurrences]
    assert rows == [
        ("quý II/2019", dt.date(2019, 6, 30), Status.DONE_LATE),  # done on the report's date, 5/7
        ("quý III/2019", dt.date(2019, 9, 30), Status.DONE_ON_TIME),
        ("quý IV/2019", dt.date(2019, 12, 31), Status.OVERDUE),
        ("quý I/2020", dt.date(2020, 3, 31), Status.NOT_DUE),
    ]
    # The current quarter is not due, but the task is behind: it reads as overdue, for quý IV/2019.
    assert progress.current.status is Status.NOT_DUE and len(progress.overdue_occurrences) == 1
    assert progress.status is Status.OVERDUE and progress.headline.period_label == "quý IV/2019"
    assert status_wording(progress) == "quá hạn — quý IV/2019 chưa có báo cáo"
    assert all(o.year is None for o in progress.occurrences)  # a year only names a yearly occurrence


def test_a_recurring_task_starts_at_the_period_holding_the_plans_date(tmp_path):
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 6}")
    task = result.registry.task("kh/viec")
    assert first_period(result.registry, task) == Period(2019, 6, 1)  # the plan is dated 15/3/2019
    progress = progress_of(result, dt.date(2019, 8, 1))
    assert [(o.period_label, o.due, o.status) for o in progress.occurrences] == [
        ("6 tháng đầu năm 2019", dt.date(2019, 6, 30), Status.OVERDUE),
        ("6 tháng cuối năm 2019", dt.date(2019, 12, 31), Status.NOT_DUE),
    ]


def test_a_monthly_task_and_a_half_year_report(tmp_path):
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 1, tu_thang: 11/2019}", {"t11": report("2/12/2019", period="11/2019")})
    progress = progress_of(result, dt.date(2020, 1, 5))
    assert [(o.period_label, o.status) for o in progress.occurrences] == [
        ("tháng 11/2019", Status.DONE_LATE), ("tháng 12/2019", Status.OVERDUE), ("tháng 1/2020", Status.NOT_DUE),
    ]  # fmt: skip
    result = load(tmp_path / "6", "{loai: dinh-ky, moi_thang: 6}", {"h1": report("28/6/2019", period="6 tháng đầu năm 2019")})
    assert progress_of(result, dt.date(2019, 7, 1)).occurrences[0].status is Status.DONE_ON_TIME


def test_a_yearly_recurrence_written_as_dinh_ky_counts_year_reports(tmp_path):
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 12}", {"y": report("10/1/2020", period="2019")})
    progress = progress_of(result, dt.date(2020, 3, 1))
    assert [(o.year, o.status) for o in progress.occurrences] == [(2019, Status.DONE_LATE), (2020, Status.NOT_DUE)]


def test_a_range_is_due_on_its_last_day(tmp_path):
    result = load(tmp_path, "{loai: khoang, tu: 1/4/2019, den: 30/6/2019}")
    before = progress_of(result, dt.date(2019, 3, 20)).current
    assert (before.status, before.due, before.note) == (Status.NOT_DUE, dt.date(2019, 6, 30), "bắt đầu từ ngày 01/04/2019")
    assert progress_of(result, dt.date(2019, 7, 1)).status is Status.OVERDUE


def test_before_an_event_of_unknown_date_is_never_overdue_nor_not_yet_due(tmp_path):
    result = load(tmp_path, "{loai: truoc-su-kien, su_kien: Đại hội Đảng bộ tỉnh lần thứ XIX}")
    for as_of in (dt.date(2019, 4, 1), dt.date(2030, 1, 1)):
        current = progress_of(result, as_of).current
        assert (current.status, current.due) == (Status.NO_DEADLINE, None)
        assert current.note == "hạn là trước Đại hội Đảng bộ tỉnh lần thứ XIX; chưa ghi ngày diễn ra sự kiện"
    dated = load(tmp_path / "ngay", "{loai: truoc-su-kien, su_kien: Đại hội Đảng bộ tỉnh lần thứ XIX, ngay: 14/10/2020}")
    assert progress_of(dated, dt.date(2020, 10, 15)).status is Status.OVERDUE


# ---------------------------------------------------------------- the loader's rules on `ky` and dates


def test_a_month_period_on_a_quarterly_task_says_which_form_to_write(tmp_path):
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 3}", {"bc": report("20/5/2019", period="5/2019")})
    assert [str(p) for p in result.problems] == [
        "records/cap-nhat/bc.yml:6:5: kỳ “5/2019” là một tháng, nhưng nhiệm vụ “viec” lặp lại hằng quý"
        " (ghi kỳ theo quý (số La Mã): tháng 5/2019 thuộc “ky: II/2019”)"
    ]


def test_a_period_before_the_first_and_a_future_period(tmp_path):
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 3, tu_thang: 7/2019}", {"truoc": report("20/5/2019", period="II/2019"), "sau": report("20/9/2019", period="IV/2019")})
    assert [str(p) for p in result.problems] == [
        "records/cap-nhat/sau.yml:6:5: cảnh báo: báo cáo ngày 20/09/2019 cho quý IV/2019 chưa tới: chỉ được tính khi đến quý IV/2019 (kiểm tra lại trường ky (quý được báo cáo))",
        "records/cap-nhat/truoc.yml:6:5: báo cáo cho quý II/2019 nhưng nhiệm vụ hằng quý “viec” bắt đầu từ quý III/2019 (sửa trường ky (quý được báo cáo) hoặc ngày báo cáo)",
    ]


def test_deadlines_before_the_plan_or_past_the_directives_horizon_warn(tmp_path):
    (early,) = load(tmp_path / "a", "{loai: thang, thang: 2/2019}").problems
    assert str(early) == "records/ke-hoach/kh.yml:14:40: cảnh báo: thời hạn tháng 2/2019 (đến 28/02/2019) đã qua trước ngày ban hành kế hoạch (15/03/2019) (kiểm tra lại năm của thời hạn)"
    (late,) = load(tmp_path / "b", "{loai: nam, nam: 2030}").problems
    assert "cách ngày ban hành chỉ thị (21/01/2019) hơn 10 năm" in str(late) and late.severity.name == "WARNING"
    assert load(tmp_path / "c", "{loai: nam, nam: 2029}").problems == []


def test_the_wrong_length_of_a_period_and_a_reversed_range_are_refused(tmp_path):
    (months,) = load(tmp_path / "a", "{loai: dinh-ky, moi_thang: 2}").problems
    assert "“moi_thang”: “2” không phải độ dài của một kỳ" in str(months) and "3 (hằng quý)" in str(months)
    (reversed_range,) = load(tmp_path / "b", "{loai: khoang, tu: 30/6/2019, den: 1/4/2019}").problems
    assert "ngày kết thúc 01/04/2019 trước ngày bắt đầu 30/06/2019" in str(reversed_range)
    (missing,) = load(tmp_path / "c", "{loai: khoang, tu: 1/4/2019}").problems
    assert "thời hạn loại “khoang” cần trường “den”" in str(missing)


# ---------------------------------------------------------------- plan names in the calendar and the feed

SECOND_PLAN = PLAN.replace("id: kh\n", "id: kh-hai\nso_ky_hieu: 12-KH/TU\n")


def test_calendar_and_feed_titles_name_the_plan_where_there_are_several(tmp_path):
    result = load(tmp_path, "{loai: dinh-ky, moi_thang: 3, tu_thang: 4/2019}", {"bc": report("20/5/2019")})
    options = SiteOptions(as_of=dt.date(2019, 8, 1))
    single = dict(build_exports(result.registry, compute_progress(result.registry, options.as_of), options))
    assert "Kế hoạch" not in str(icalendar.Calendar.from_ical(single[CALENDAR]).walk("VEVENT")[0]["SUMMARY"])
    (tmp_path / "records" / "ke-hoach" / "kh-hai.yml").write_text(SECOND_PLAN.replace("{DEADLINE}", "{loai: ngay, ngay: 30/7/2019}"), encoding="utf-8")
    registry = load_records(tmp_path / "records", "records", today=TODAY).registry
    files = dict(build_exports(registry, compute_progress(registry, options.as_of), options))
    summaries = {str(e["UID"]): str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(files[CALENDAR]).walk("VEVENT")}
    first_name = plan_short_name(registry, registry.plans["kh"])
    assert first_name == "Kế hoạch ngày 15/03/2019 của Tỉnh ủy Hưng Yên"
    assert summaries["kh.viec.2019-q2@kehoach"] == f"Hạn 1: Ban Tổ chức Tỉnh ủy làm việc theo thời hạn. (quý II/2019) — {first_name}"
    assert summaries["kh-hai.viec.han@kehoach"].endswith("— Kế hoạch số 12-KH/TU")
    (entry,) = ET.fromstring(files[FEED]).findall("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text.endswith(f"({first_name})")


# ---------------------------------------------------------------- the site, for a half-yearly task

PLAN_RECORD = "records/ke-hoach/kh-ct28-tinh-uy-hung-yen.yml"
TASK_PAGE = "nhiem-vu/kh-ct28-tinh-uy-hung-yen/c-2/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("dinh-ky") / "du-an")
    record = project / PLAN_RECORD
    text = record.read_text(encoding="utf-8")
    old = "thoi_han:\n              loai: thuong-xuyen\n              nguyen_van: định kỳ\n"
    assert text.count(old) == 1
    record.write_text(text.replace(old, "thoi_han:\n              loai: dinh-ky\n              moi_thang: 6\n              nguyen_van: định kỳ\n"), encoding="utf-8")
    updates = project / "records" / "cap-nhat"
    updates.mkdir()
    (updates / "2019-07-05-btc-bao-cao-6-thang.yml").write_text(
        "ke_hoach: kh-ct28-tinh-uy-hung-yen\nnhiem_vu: [c-2]\nto_chuc: ban-to-chuc-tinh-uy\nngay: 5/7/2019\n"
        "trang_thai: da-hoan-thanh\nngay_hoan_thanh: 28/6/2019\nky: 6 tháng đầu năm 2019\n",
        encoding="utf-8",
    )
    return build_site(tmp_path_factory.mktemp("site"), project, as_of="2020-01-15")


def test_the_task_page_lists_each_half_year(site):
    page = site.html(TASK_PAGE)
    assert "định kỳ 6 tháng một lần (hạn ngày cuối mỗi kỳ)" in site.text(TASK_PAGE)
    table = next(t for t in page.select("article table.kh-bang") if t.select_one("thead th") and t.select_one("thead th").get_text() == "Kỳ")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")][:3] for tr in table.select("tbody tr")]
    assert [row[:2] for row in rows] == [["6 tháng đầu năm 2019", "30/06/2019"], ["6 tháng cuối năm 2019", "31/12/2019"], ["6 tháng đầu năm 2020", "30/06/2020"]]
    assert rows[0][2].startswith("hoàn thành đúng hạn") and rows[1][2].startswith("quá hạn") and rows[2][2].startswith("chưa đến hạn")
    assert "kỳ năm" not in site.text(TASK_PAGE)  # a half-year report is not said to be for a year


def test_the_dashboard_lists_the_overdue_half_year(site):
    overdue = site.html("tien-do/").select_one("table.kh-qua-han")
    rows = [tr.get_text(" ", strip=True) for tr in overdue.select("tbody tr")]
    assert any("Giúp kiểm tra, đôn đốc, báo cáo (6 tháng cuối năm 2019)" in row and "31/12/2019" in row for row in rows), rows


def test_the_calendar_has_one_event_per_half_year(site):
    calendar = icalendar.Calendar.from_ical((site.dir / "du-lieu" / "thoi-han.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT") if ".c-2." in str(e["UID"])}
    assert {uid: e.decoded("DTSTART").isoformat() for uid, e in events.items()} == {
        "kh-ct28-tinh-uy-hung-yen.c-2.2019-h1@kehoach": "2019-06-30",
        "kh-ct28-tinh-uy-hung-yen.c-2.2019-h2@kehoach": "2019-12-31",
        "kh-ct28-tinh-uy-hung-yen.c-2.2020-h1@kehoach": "2020-06-30",
    }
    assert str(events["kh-ct28-tinh-uy-hung-yen.c-2.2019-h2@kehoach"]["SUMMARY"]).endswith("(6 tháng cuối năm 2019)")
    assert "Kỳ: 6 tháng cuối năm 2019." in str(events["kh-ct28-tinh-uy-hung-yen.c-2.2019-h2@kehoach"]["DESCRIPTION"])


def test_month_labels_are_parsed_from_the_month_field():
    assert Period.containing(Month(2019, 8), 6) == Period(2019, 6, 2)
