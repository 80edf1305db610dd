"""Every status rule, on a small plan written as records (so the loader is exercised too)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from kehoach.domain.status import compute_progress
from kehoach.domain.vocabulary import DONE_STATUSES, Status
from kehoach.records.loader import load_records

ORGANIZATIONS = {
    "a": "Đơn vị A",
    "b": "Đơn vị B",
    "c": "Đơn vị C",
}

PLAN = """
id: kh
loai: KẾ HOẠCH
trich_yeu: Kế hoạch thử
co_quan_ban_hanh: a
nguon_goc: toan-van
thuc_hien: [ct]
noi_dung:
  - so: "1."
    van_ban: Việc có ngày, việc trong tháng, việc trong quý, việc trong năm.
    nhiem_vu:
      - {id: ngay, ten_ngan: Việc ngay, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: ngay, ngay: 19/5/2019}}
      - {id: thang, ten_ngan: Việc thang, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: thang, thang: 5/2019}}
      - {id: quy, ten_ngan: Việc quy, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: quy, quy: II/2019}}
      - {id: nam, ten_ngan: Việc nam, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: nam, nam: 2019}}
  - so: "2."
    van_ban: Việc hằng năm, việc thường xuyên, việc làm sau, việc nhiều đơn vị.
    nhiem_vu:
      - {id: hang-nam, ten_ngan: Việc hang-nam, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: hang-nam, tu_nam: 2019}}
      - {id: thuong-xuyen, ten_ngan: Việc thuong-xuyen, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: thuong-xuyen}}
      - {id: khong-han, ten_ngan: Việc khong-han, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: khong}}
      - {id: sau, ten_ngan: Việc sau, chu_tri: [a], vai_tro: thuc-hien, thoi_han: {loai: sau, sau: ngay}}
      - {id: nhieu, ten_ngan: Việc nhieu, chu_tri: [a, nhom], vai_tro: chu-tri, phoi_hop: [c], thoi_han: {loai: ngay, ngay: 30/6/2019}}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    for org_id, name in ORGANIZATIONS.items():
        write(root / "to-chuc" / f"{org_id}.yml", f"id: {org_id}\nten: {name}\nloai: ban-dang\ncap: tinh\n")
    write(root / "nhom" / "nhom.yml", "id: nhom\nten: Nhóm B\nloai: ban-dang\ncap: tinh\nthanh_vien: [b]\n")
    write(root / "chi-thi" / "ct.yml", "id: ct\nloai: Chỉ thị\nso_ky_hieu: 1-CT/TW\nco_quan_ban_hanh: a\nnguon_goc: tom-tat\nngay: 1/1/2019\ntrich_yeu: Thử\n")
    write(root / "ke-hoach" / "kh.yml", PLAN)
    return root


def report(root: Path, name: str, task: str, org: str, date: str, state: str, **more: str) -> None:
    extra = "".join(f"{key}: {value}\n" for key, value in more.items())
    write(root / "cap-nhat" / f"{name}.yml", f"ke_hoach: kh\nnhiem_vu: [{task}]\nto_chuc: {org}\nngay: {date}\ntrang_thai: {state}\n{extra}")


def statuses(root: Path, as_of: str):
    result = load_records(root, today=dt.date(2030, 1, 1))
    assert result.errors == [], [str(p) for p in result.errors]
    return compute_progress(result.registry, dt.date.fromisoformat(as_of))


def status(root: Path, as_of: str, task: str) -> str:
    return statuses(root, as_of)[f"kh/{task}"].status


def test_exact_date_not_due_then_overdue_then_done(records):
    assert status(records, "2019-05-19", "ngay") == Status.NOT_DUE
    assert status(records, "2019-05-20", "ngay") == Status.OVERDUE
    assert statuses(records, "2019-06-01")["kh/ngay"].current.days_late == 13
    report(records, "r1", "ngay", "a", "19/5/2019", "da-hoan-thanh")
    assert status(records, "2019-06-01", "ngay") == Status.DONE_ON_TIME


def test_done_after_the_deadline_is_done_late(records):
    report(records, "r1", "ngay", "a", "15/6/2019", "da-hoan-thanh", ngay_hoan_thanh="14/6/2019")
    assert status(records, "2019-06-01", "ngay") == Status.OVERDUE  # the report is after the as-of date
    progress = statuses(records, "2019-07-01")["kh/ngay"]
    assert progress.status == Status.DONE_LATE and progress.current.days_late == 26


def test_in_progress_within_the_deadline(records):
    report(records, "r1", "ngay", "a", "10/5/2019", "dang-thuc-hien", ty_le="40")
    progress = statuses(records, "2019-05-15")["kh/ngay"]
    assert progress.status == Status.IN_PROGRESS and progress.current.percent == 40


def test_month_quarter_and_year_end_on_their_last_day(records):
    assert status(records, "2019-05-31", "thang") == Status.NOT_DUE
    assert status(records, "2019-06-01", "thang") == Status.OVERDUE
    assert status(records, "2019-06-30", "quy") == Status.NOT_DUE
    assert status(records, "2019-07-01", "quy") == Status.OVERDUE
    assert status(records, "2019-12-31", "nam") == Status.NOT_DUE
    assert status(records, "2020-01-01", "nam") == Status.OVERDUE


def test_recurring_task_has_one_occurrence_per_year_each_with_its_status(records):
    report(records, "r2019", "hang-nam", "a", "20/12/2019", "da-hoan-thanh")
    report(records, "r2020", "hang-nam", "a", "5/1/2021", "da-hoan-thanh", ky="2020")
    progress = statuses(records, "2021-03-01")["kh/hang-nam"]
    assert [(o.year, o.status) for o in progress.occurrences] == [(2019, Status.DONE_ON_TIME), (2020, Status.DONE_LATE), (2021, Status.NOT_DUE)]
    assert [o.due for o in progress.occurrences] == [dt.date(2019, 12, 31), dt.date(2020, 12, 31), dt.date(2021, 12, 31)]
    early = statuses(records, "2020-06-01")["kh/hang-nam"]
    assert [(o.year, o.status) for o in early.occurrences] == [(2019, Status.DONE_ON_TIME), (2020, Status.NOT_DUE)]


def test_ongoing_task_is_never_overdue_and_shows_report_age(records):
    assert status(records, "2030-01-01", "thuong-xuyen") == Status.ONGOING  # its own label, never "chưa đến hạn"
    report(records, "r1", "thuong-xuyen", "a", "1/3/2020", "dang-thuc-hien")
    progress = statuses(records, "2020-03-11")["kh/thuong-xuyen"]
    assert progress.status == Status.IN_PROGRESS and progress.current.days_since_report == 10


def test_task_after_another_becomes_due_when_that_one_is_done(records):
    assert status(records, "2025-01-01", "sau") == Status.NOT_DUE
    report(records, "r1", "ngay", "a", "10/5/2019", "da-hoan-thanh")
    progress = statuses(records, "2019-06-01")["kh/sau"]
    assert progress.status == Status.NOT_DUE and "bắt đầu" in progress.current.note
    report(records, "r2", "sau", "a", "1/7/2019", "dang-thuc-hien")
    assert status(records, "2019-07-02", "sau") == Status.IN_PROGRESS
    report(records, "r3", "sau", "a", "1/8/2019", "da-hoan-thanh")
    assert status(records, "2019-08-02", "sau") == Status.DONE  # no date to be on time against


def test_several_leads_done_only_when_all_have_reported_and_the_list_says_who(records):
    report(records, "r1", "nhieu", "a", "1/6/2019", "da-hoan-thanh")
    progress = statuses(records, "2019-06-10")["kh/nhieu"]
    assert progress.status == Status.IN_PROGRESS
    assert [(lead.organization_id, lead.done_on) for lead in progress.current.leads] == [("a", dt.date(2019, 6, 1)), ("nhom", None)]
    report(records, "r2", "nhieu", "b", "20/6/2019", "da-hoan-thanh")  # b is a member of the lead group
    progress = statuses(records, "2019-06-25")["kh/nhieu"]
    assert progress.status == Status.DONE_ON_TIME and progress.current.done_on == dt.date(2019, 6, 20)
    assert progress.current.leads[1].reported_by == "b"


def test_a_coordinator_reporting_done_does_not_complete_the_task(records):
    report(records, "r1", "nhieu", "c", "1/6/2019", "da-hoan-thanh")
    report(records, "r2", "nhieu", "a", "1/6/2019", "da-hoan-thanh")
    assert status(records, "2019-06-10", "nhieu") == Status.IN_PROGRESS


def test_stopped_and_adjusted_tasks(records):
    report(records, "r1", "thang", "a", "10/5/2019", "dung", ly_do="Theo chỉ đạo")
    assert status(records, "2019-07-01", "thang") == Status.STOPPED
    report(records, "r2", "quy", "a", "10/5/2019", "dieu-chinh", ly_do="Lùi hạn", han_moi="31/12/2019")
    assert status(records, "2019-07-01", "quy") == Status.NOT_DUE
    assert status(records, "2020-01-01", "quy") == Status.OVERDUE


def test_updates_after_the_as_of_date_do_not_count(records):
    report(records, "r1", "ngay", "a", "1/5/2019", "da-hoan-thanh")
    assert status(records, "2019-04-30", "ngay") == Status.NOT_DUE
    assert status(records, "2019-05-01", "ngay") == Status.DONE_ON_TIME


def test_update_problems_are_errors_or_warnings_as_documented(records):
    report(records, "r1", "khong-co", "a", "1/5/2019", "dang-thuc-hien")
    report(records, "r2", "ngay", "khong-co", "1/5/2019", "dang-thuc-hien")
    report(records, "r3", "ngay", "a", "1/12/2018", "dang-thuc-hien")
    report(records, "r4", "ngay", "a", "1/5/2031", "dang-thuc-hien")
    report(records, "r5", "ngay", "c", "1/5/2019", "dang-thuc-hien")
    result = load_records(records, today=dt.date(2030, 1, 1))
    messages = [str(p) for p in result.problems]
    assert any(m.startswith("records/cap-nhat/r1.yml:2:12: không có nhiệm vụ “khong-co”") for m in messages), messages
    assert any(m.startswith("records/cap-nhat/r2.yml:3:10: không có tổ chức hoặc nhóm mã “khong-co”") for m in messages), messages
    assert any(m.startswith("records/cap-nhat/r3.yml:4:7: ngày báo cáo 01/12/2018 trước ngày ban hành chỉ thị") for m in messages), messages
    assert any(m.startswith("records/cap-nhat/r4.yml:4:7: ngày báo cáo 01/05/2031 ở tương lai") for m in messages), messages
    warning = next(p for p in result.problems if "r5.yml" in p.location.path)
    assert not warning.is_error and "không có phần trong nhiệm vụ" in warning.message


def test_a_task_with_no_deadline_has_its_own_status_never_not_yet_due(records):
    assert status(records, "2030-01-01", "khong-han") == Status.NO_DEADLINE
    report(records, "r1", "khong-han", "a", "1/3/2020", "dang-thuc-hien")
    assert status(records, "2020-03-11", "khong-han") == Status.IN_PROGRESS


def test_overdue_with_no_report_at_all_says_so(records):
    from kehoach.domain.status import status_wording

    unreported = statuses(records, "2019-06-01")["kh/ngay"]
    assert unreported.status == Status.OVERDUE and status_wording(unreported) == "quá hạn, chưa có báo cáo"
    report(records, "r1", "ngay", "a", "10/5/2019", "dang-thuc-hien")
    reported = statuses(records, "2019-06-01")["kh/ngay"]
    assert reported.status == Status.OVERDUE and status_wording(reported) == "quá hạn"


def test_done_with_no_deadline_is_not_called_on_time(records):
    """A task the plan gives no deadline is “hoàn thành” when done: “đúng hạn” would claim a date the plan does not give."""
    report(records, "xong", "khong-han", "a", "1/6/2019", "da-hoan-thanh", ngay_hoan_thanh="1/6/2019")
    assert status(records, "2019-07-01", "khong-han") == Status.DONE
    assert Status.DONE in DONE_STATUSES and Status.DONE.label == "hoàn thành"
