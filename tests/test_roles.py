"""The roles plans assign (issue 14, point 4): each with its word, its meaning in the field guide
and its letters in the responsibility matrix; what a plan says of attendees, duration and
conditions, shown where the task is."""

from __future__ import annotations

import pytest

from conftest import build_site, copy_project
from kehoach.domain.vocabulary import COORDINATOR_ABBREVIATION, REPORT_RECIPIENT_ABBREVIATION, LeadRole
from kehoach.records.schema import TASK

PLAN_RECORD = "records/ke-hoach/kh-ct28-tinh-uy-hung-yen.yml"
TASK_ID = "b-ii-3-huong-dan"


def test_every_role_has_its_own_letters_in_the_matrix():
    letters = [role.abbreviation for role in LeadRole]
    assert len(set(letters)) == len(letters)
    assert not {COORDINATOR_ABBREVIATION, REPORT_RECIPIENT_ABBREVIATION} & set(letters)
    for word in ("tổ chức", "chỉ đạo", "theo dõi, đôn đốc", "kiểm tra, giám sát"):
        assert word in {role.label for role in LeadRole}


def test_the_task_schema_offers_every_role_and_the_new_fields():
    offered = TASK.field("vai_tro").choices
    assert offered is LeadRole
    for name in ("thanh_phan", "thoi_luong", "dieu_kien"):
        assert TASK.field(name) is not None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("vai-tro") / "du-an")
    record = project / PLAN_RECORD
    text = record.read_text(encoding="utf-8")
    anchor = f"- id: {TASK_ID}\n"
    start = text.index(anchor)
    indent = " " * (start - (text.rindex("\n", 0, start) + 1) + 2)  # the task's fields, under “id”
    before, after = text[: start + len(anchor)], text[start + len(anchor) :]
    after = after.replace("vai_tro: huong-dan", "vai_tro: to-chuc", 1)
    added = f"{indent}thanh_phan: Tổng biên tập Báo Hưng Yên, Giám đốc Đài\n{indent}thoi_luong: một buổi\n{indent}dieu_kien: sau khi có hướng dẫn của Trung ương\n"
    record.write_text(before + added + after, encoding="utf-8")
    return build_site(tmp_path_factory.mktemp("site"), project)


def test_a_new_role_shows_in_the_matrix_with_its_legend(site):
    page = site.html("ma-tran/kh-ct28-tinh-uy-hung-yen/")
    legend = page.select_one(".kh-chu-giai").get_text(" ", strip=True)
    assert "TC = tổ chức" in legend
    assert "HD = hướng dẫn" not in legend  # no task of the plan uses it any more
    row = next(tr for tr in page.select("table.kh-ma-tran tbody tr") if tr.th.a["href"].endswith("#" + TASK_ID))
    marks = [(span.get_text(), span["title"]) for span in row.select(".kh-vai-tro-chinh")]
    assert marks == [("TC", "tổ chức")]


def test_attendees_duration_and_condition_show_on_the_task_page(site):
    table = site.html(f"nhiem-vu/kh-ct28-tinh-uy-hung-yen/{TASK_ID}/").select_one("table.kh-the-to-chuc")
    rows = {tr.th.get_text(strip=True): tr.td.get_text(" ", strip=True) for tr in table.select("tr")}
    assert rows["Tổ chức"].startswith("Ban Tuyên giáo")  # the role's word heads the lead row
    assert rows["Thành phần"] == "Tổng biên tập Báo Hưng Yên, Giám đốc Đài"
    assert rows["Thời lượng"] == "một buổi"
    assert rows["Điều kiện"] == "sau khi có hướng dẫn của Trung ương"
