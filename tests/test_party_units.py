"""Party units (issue 14, point 1): several offices' records side by side. Each organization
belongs to a party unit (its own `dang_bo`, its parent's, or — for a committee answering to no one
in the records — its own); names two units share are shown qualified; a plan giving work outside
its issuer's unit (and the units nested in it) and outside its recipients gets a warning naming
both units. The records are tests/party_units/ laid over tests/bad_records/_base."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kehoach.domain.problems import Severity
from kehoach.records.loader import load_records

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dang-bo") / "records"
    shutil.copytree(HERE / "bad_records" / "_base", folder)
    shutil.copytree(HERE / "party_units" / "records", folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def loaded(records):
    return load_records(records, "records", today=dt.date(2020, 1, 1))


def test_each_organization_knows_its_party_unit(loaded):
    registry = loaded.registry
    assert registry.unit_of("tinh-uy") == "tinh-uy"  # a committee answering to no one heads its unit
    assert registry.unit_of("ban-to-chuc") == "tinh-uy"  # through truc_thuoc
    assert registry.unit_of("huyen-uy-van-lam") == "huyen-uy-van-lam"  # written: dang_bo
    assert registry.unit_of("ban-to-chuc-huyen-uy-van-lam") == "huyen-uy-van-lam"
    assert registry.unit_of("ban-tuyen-giao-tinh-uy-nghe-an") == "tinh-uy-nghe-an"
    assert registry.unit_of("cac-ban-dang") == "tinh-uy"  # a group: the unit its members share
    assert registry.unit_within("huyen-uy-van-lam", "tinh-uy")
    assert not registry.unit_within("tinh-uy", "huyen-uy-van-lam")
    assert not registry.unit_within("tinh-uy-nghe-an", "tinh-uy")


def test_names_two_units_share_are_shown_qualified(loaded):
    registry = loaded.registry
    assert registry.display_name("ban-tuyen-giao") == "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Hưng Yên)"
    assert registry.display_name("ban-tuyen-giao-tinh-uy-nghe-an") == "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Nghệ An)"
    assert registry.display_name("ban-to-chuc") == "Ban Tổ chức Tỉnh ủy"  # no namesake: as written


def test_work_given_outside_the_issuers_unit_is_a_warning_naming_both(loaded):
    problems = [str(p) for p in loaded.problems]
    assert problems == [
        "records/ke-hoach/kh-nghe-an.yml:12:19: cảnh báo: “ban-tuyen-giao” (Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Hưng Yên)) thuộc đảng bộ của "
        "Tỉnh ủy Hưng Yên, ngoài đảng bộ của cơ quan ban hành kế hoạch (Tỉnh ủy Nghệ An) và không có trong nơi nhận "
        "(kiểm tra mã: có thể là tổ chức cùng tên của đảng bộ khác; nếu đúng là giao cho đơn vị ngoài đảng bộ, thêm đơn vị vào noi_nhan)"
    ]
    assert all(p.severity is Severity.WARNING for p in loaded.problems)


def test_a_recipient_of_the_plan_may_be_given_work(records, tmp_path):
    folder = tmp_path / "records"
    shutil.copytree(records, folder)
    plan = folder / "ke-hoach" / "kh-nghe-an.yml"
    plan.write_text(plan.read_text(encoding="utf-8") + "noi_nhan:\n  - van_ban: Ban Tuyên giáo Tỉnh ủy Hưng Yên,\n    to_chuc: [ban-tuyen-giao]\n", encoding="utf-8")
    assert load_records(folder, "records", today=dt.date(2020, 1, 1)).problems == []


@pytest.fixture(scope="module")
def site(records, tmp_path_factory):
    from conftest import build_site, copy_project

    project = copy_project(tmp_path_factory.mktemp("du-an-dang-bo"))
    shutil.rmtree(project / "records")
    shutil.copytree(records, project / "records")
    return build_site(tmp_path_factory.mktemp("site-dang-bo"), project, examples=None)


def test_the_site_names_each_namesake_with_its_unit(site):
    page = site.html("to-chuc/ban-tuyen-giao-tinh-uy-nghe-an/")
    assert page.h1.get_text(strip=True).rstrip("¶") == "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Nghệ An)"
    options = [o.get_text() for o in site.html("nhiem-vu/").select("select[name=to-chuc] option")]
    assert "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Hưng Yên)" in options and "Ban Tuyên giáo Tỉnh ủy (Tỉnh ủy Nghệ An)" in options
    plans = [o.get_text() for o in site.html("nhiem-vu/").select("select[name=ke-hoach] option")]
    assert plans == ["Tất cả", "Kế hoạch của Tỉnh ủy Hưng Yên", "Kế hoạch của Tỉnh ủy Nghệ An"]


def test_the_dashboard_shows_each_plans_progress_and_links_its_tasks(site):
    blocks = site.html("tien-do/").select(".kh-ke-hoach-trien-khai")
    assert [b.a.get_text() for b in blocks] == ["Kế hoạch của Tỉnh ủy Hưng Yên", "Kế hoạch của Tỉnh ủy Nghệ An"]
    bars = [b.select_one(".kh-td-thanh")["aria-label"] for b in blocks]
    assert bars[0].startswith("Tiến độ Kế hoạch của Tỉnh ủy Hưng Yên: 2 nhiệm vụ") and bars[1].startswith("Tiến độ Kế hoạch của Tỉnh ủy Nghệ An: 2 nhiệm vụ")
    assert blocks[1].select("a")[1]["href"].endswith("nhiem-vu/?ke-hoach=kh-nghe-an")


def test_an_organization_page_groups_its_tasks_by_plan(records, tmp_path):
    from conftest import build_site, copy_project

    folder = tmp_path / "records"
    shutil.copytree(records, folder)
    plan = folder / "ke-hoach" / "kh-nghe-an.yml"  # the Nghệ An plan also gives Hưng Yên's Ban Tổ chức a task to lead, as a recipient
    text = plan.read_text(encoding="utf-8").replace("chu_tri: [ban-tuyen-giao]", "chu_tri: [ban-to-chuc]")
    plan.write_text(text + "noi_nhan:\n  - van_ban: Ban Tổ chức Tỉnh ủy Hưng Yên,\n    to_chuc: [ban-to-chuc]\n", encoding="utf-8")
    project = copy_project(tmp_path / "du-an")
    shutil.rmtree(project / "records")
    shutil.copytree(folder, project / "records")
    page = build_site(tmp_path / "site", project, examples=None).html("to-chuc/ban-to-chuc/")
    headings = [p.get_text(strip=True) for p in page.select(".kh-nhom-ke-hoach")]
    assert headings == ["Kế hoạch của Tỉnh ủy Hưng Yên", "Kế hoạch của Tỉnh ủy Nghệ An"]
    tables = [p.find_next("table") for p in page.select(".kh-nhom-ke-hoach")]
    assert ["Kế hoạch của Tỉnh ủy Nghệ An" in t.get_text() for t in tables] == [False, True]


def test_task_pages_name_their_plan_where_there_are_several(site):
    """Search results show a page's title: with several plans, a task's names its plan."""
    title = site.html("nhiem-vu/kh-nghe-an/tuyen-truyen-dung/").title.get_text()
    assert title.startswith("Nhiệm vụ 1: Tuyên truyền (đúng đơn vị) — Kế hoạch của Tỉnh ủy Nghệ An")
    shards = "".join(path.read_text(encoding="utf-8") for path in (site.dir / "search" / "kehoach" / "d").glob("*.js"))
    assert json.dumps("Nhiệm vụ 1: Tuyên truyền (đúng đơn vị) — Kế hoạch của Tỉnh ủy Nghệ An", ensure_ascii=False) in shards
