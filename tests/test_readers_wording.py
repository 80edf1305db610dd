"""What readers read (issue 13, points 2, 4, 5 and 9): no developer words on their pages, statuses
that say what they rest on, tasks told apart, dates written one way, a plan's recipients as the
document lists them. Checked on the HTML of the site built with the illustrative updates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kehoach.domain.model import document_date

EDITORS = ("huong-dan/", "lich-su/")  # pages written for editors may name files and fields
DEVELOPER_WORDS = re.compile(r"records/|examples/|KEHOACH_|\.ya?ml\b|\bcommit\b|\bgit\b|\b[0-9a-f]{7}\b")


def _reader_pages(site):
    for page in sorted(site.dir.rglob("index.html")):
        url = page.parent.relative_to(site.dir).as_posix() + "/"
        if not url.startswith(EDITORS):
            yield url if url != "./" else ""


def test_reader_pages_name_no_file_folder_variable_or_commit(example_site):
    found = {}
    for url in _reader_pages(example_site):
        text = example_site.text(url)
        words = sorted(set(DEVELOPER_WORDS.findall(text)))
        if words:
            found[url] = words
    assert found == {}


@pytest.mark.parametrize("url", ["", "ke-hoach/kh-ct28-tinh-uy-hung-yen/", "nhiem-vu/", "tien-do/", "to-chuc/ban-to-chuc-tinh-uy/", "chi-thi/ct-28-ct-tw-2019/"])
def test_every_page_showing_illustrative_statuses_says_so(example_site, url):
    html = example_site.html(url)
    assert html.select_one(".kh-minh-hoa .admonition-title").get_text(strip=True) == "Dữ liệu minh họa"


def test_the_real_site_has_no_illustrative_banner(real_site):
    assert real_site.html("").select_one(".kh-minh-hoa") is None


@pytest.mark.parametrize(
    ("day", "written"),
    [(dt.date(2019, 4, 8), "ngày 08 tháng 4 năm 2019"), (dt.date(2019, 1, 21), "ngày 21 tháng 01 năm 2019"), (dt.date(2019, 12, 5), "ngày 05 tháng 12 năm 2019")],
)
def test_a_documents_date_line_pads_days_below_10_and_months_1_and_2(day, written):
    assert document_date(day) == written


def test_a_recipient_line_naming_one_organization_links_it_without_repeating_its_name(real_site):
    lines = real_site.html("ke-hoach/kh-ct28-tinh-uy-hung-yen/").select(".kh-noi-nhan p")
    first = next(p for p in lines if "Ban Bí thư" in p.get_text())
    assert first.get_text(" ", strip=True).count("Ban Bí thư") == 1
    assert first.find("a", class_="kh-to-chuc") is not None


def test_a_task_page_lists_each_report_once(example_site):
    page = example_site.html("nhiem-vu/kh-ct28-tinh-uy-hung-yen/b-ii-4-ra-soat/")
    reports = page.select("ol.kh-dtg li.kh-dtg-cap-nhat")
    assert reports, "the timeline lists the task's reports"
    assert page.select("table.kh-cap-nhat") == []  # not a second time in a table


def test_tasks_of_one_section_have_labels_readers_tell_apart(real_site):
    labels = [a.get_text(" ", strip=True) for a in real_site.html("to-chuc/ban-to-chuc-tinh-uy/").select("td.kh-vi-tri a")]
    assert all(":" in label for label in labels)  # a place and a short title
    assert labels and len(labels) == len(set(labels))


def test_open_ended_tasks_are_not_counted_as_not_yet_due(real_site):
    counts = real_site.text("tien-do/")
    assert "làm thường xuyên" in counts and "không nêu thời hạn" in counts


def _task_list_rows(site):
    return {row.select_one("td a")["href"]: row for row in site.html("nhiem-vu/").select("table.kh-danh-sach-nhiem-vu tbody tr")}


def test_the_task_list_names_tasks_by_label_and_words_overdue_with_no_report(real_site):
    rows = _task_list_rows(real_site)
    labels = [row.select_one("td a").get_text(strip=True) for row in rows.values()]
    assert len(labels) == 18 and len(set(labels)) == 18, labels
    assert "B.II.4, ý 1: Rà soát đảng viên ở một số đơn vị" in labels
    # The bundled records hold no report: every overdue task says nobody reported on it.
    statuses = [" ".join(row.select("td")[-1].get_text(" ", strip=True).split()) for row in rows.values()]
    assert "quá hạn, chưa có báo cáo" in statuses
    assert "quá hạn" not in statuses


def test_statuses_resting_on_illustrative_reports_carry_the_mark_in_the_list_and_on_the_task(example_site):
    row = next(row for href, row in _task_list_rows(example_site).items() if href.endswith("#b-ii-4-ra-soat"))
    assert row.select("td")[-1].select_one(".kh-nhan-minh-hoa").get_text() == "minh họa"
    task = example_site.html("nhiem-vu/kh-ct28-tinh-uy-hung-yen/b-ii-4-ra-soat/")
    status_row = next(tr for tr in task.select("table.kh-the-to-chuc tr") if tr.th.get_text() == "Trạng thái")
    assert status_row.select_one(".kh-nhan-minh-hoa") is not None


def test_the_directive_page_shows_each_plan_implementing_it_with_its_progress(example_site):
    page = example_site.html("chi-thi/ct-28-ct-tw-2019/")
    plans = page.select(".kh-ke-hoach-trien-khai")
    assert len(plans) == 1
    bar = plans[0].select_one(".kh-td-thanh")
    assert bar["aria-label"].startswith("Tiến độ Kế hoạch của Ban Thường vụ Tỉnh ủy: 18 nhiệm vụ: 2 đã xong;")
