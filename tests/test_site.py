"""The real records, built into a real site, read as a user reads it (parsed HTML)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project
from kehoach.records.loader import load_records

# The source plan as the repository keeps it (a copy of the text the records were encoded from).
SOURCE = Path(ROOT) / "records" / "nguon" / "kh-ct28-tinh-uy-hung-yen.md"
PLAN_URL = "ke-hoach/kh-ct28-tinh-uy-hung-yen/"


def _normal(text: str) -> str:
    """NFC, single spaces, and no space before punctuation (HTML elements split text there)."""
    return re.sub(r" ([,.;:])", r"\1", " ".join(unicodedata.normalize("NFC", text).split()))


def source_paragraphs() -> list[str]:
    """Every paragraph of the source, with its Markdown marks taken off."""
    paragraphs = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"<sup>.*?</sup>", "", line)  # footnote marks: checked on their own
        line = line.strip().lstrip("#").strip().strip("*").strip()
        if not line or set(line) == {"-"}:
            continue
        if line.startswith("- "):
            line = line[2:]
        paragraphs.append(_normal(line))
    return paragraphs


@pytest.fixture(scope="module")
def registry():
    result = load_records(ROOT / "records")
    assert result.errors == []
    return result.registry


def test_every_paragraph_of_the_source_is_on_the_plan_page_in_order(real_site):
    article = real_site.html(PLAN_URL).select_one("article")
    marks = [sup.extract().get_text() for sup in article.select("sup")]
    assert "1" in marks  # the source's footnote mark after CVTH
    page = _normal(article.get_text(" ")).replace(" ¶", "")
    position = 0
    for paragraph in source_paragraphs():
        found = page.find(paragraph, position)
        assert found >= 0, f"not found after position {position}: {paragraph!r}"
        position = found + len(paragraph)


def test_plan_page_is_an_official_document_with_unknowns_said(real_site):
    soup = real_site.html(PLAN_URL)
    header = soup.select_one(".kh-tieu-de-vb").get_text(" ")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header
    assert "TỈNH ỦY HƯNG YÊN" in header and "BAN THƯỜNG VỤ TỈNH ỦY" in header
    assert "(chưa rõ)" in header  # number unknown, never invented
    assert re.search(r"ngày … tháng … năm …", header)
    assert "KH/TU" not in header
    assert soup.select_one("article h1").get_text(strip=True).startswith("KẾ HOẠCH")
    signer = soup.select_one(".kh-ky").get_text(" ")
    assert "T/M BAN THƯỜNG VỤ" in signer and "PHÓ BÍ THƯ THƯỜNG TRỰC" in signer and "Đỗ Xuân Tuyên" in signer
    recipients = [p.get_text(" ", strip=True) for p in soup.select(".kh-noi-nhan p")][1:]
    assert len(recipients) == 10 and recipients[-1].startswith("- Lưu VPTU.")
    assert "để báo cáo" in recipients[0]


def test_every_task_is_anchored_on_the_plan_page_with_its_organizations_and_deadline(real_site, registry):
    soup = real_site.html(PLAN_URL)
    for task in registry.tasks:
        card = soup.find(id=task.id)
        assert card is not None, task.id
        linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in card.select("a.kh-to-chuc")}
        assert set(task.lead_ids) <= linked
        assert set(task.coordinator_ids) <= linked
        assert "Thời hạn" in card.get_text()
        if task.deadline.written:
            assert task.deadline.written in card.get_text()


def test_every_task_is_on_the_page_of_each_organization_responsible(real_site, registry):
    for task in registry.tasks:
        for organization_id in (*task.lead_ids, *task.coordinator_ids):
            soup = real_site.html(f"to-chuc/{organization_id}/")
            hrefs = [a["href"] for a in soup.select("article a")]
            assert any(h.endswith(f"{PLAN_URL}#{task.id}") for h in hrefs), (organization_id, task.id)


def test_group_tasks_reach_members(real_site):
    soup = real_site.html("to-chuc/ban-to-chuc-tinh-uy/")
    heading = soup.find(id="qua-nhóm")
    assert heading is not None
    table = heading.find_next("table")
    assert "Các Ban Đảng tỉnh" in table.get_text()
    assert any(a["href"].endswith("#b-ii-2") for a in table.select("a"))


def test_every_organization_named_in_the_source_has_a_page(real_site):
    names = {
        "ban-bi-thu": "Ban Bí thư Trung ương Đảng",
        "ban-thuong-vu-tinh-uy": "Ban Thường vụ Tỉnh ủy",
        "thuong-truc-tinh-uy": "Thường trực Tỉnh ủy",
        "ban-to-chuc-tinh-uy": "Ban Tổ chức Tỉnh ủy",
        "ban-tuyen-giao-tinh-uy": "Ban Tuyên giáo Tỉnh ủy",
        "uy-ban-kiem-tra-tinh-uy": "Ủy ban Kiểm tra Tỉnh ủy",
        "bao-hung-yen": "Báo Hưng Yên",
        "dai-phat-thanh-truyen-hinh-tinh": "Đài Phát thanh và Truyền hình tỉnh",
        "mat-tran-to-quoc-tinh": "Mặt trận Tổ quốc Việt Nam tỉnh",
        "van-phong-tinh-uy": "Văn phòng Tỉnh ủy",
        "lanh-dao-van-phong-tinh-uy": "Lãnh đạo Văn phòng Tỉnh ủy",
        "chuyen-vien-tong-hop": "Chuyên viên tổng hợp",
        "cac-ban-dang-tinh": "Các Ban Đảng tỉnh",
        "btv-huyen-uy-thanh-uy-dang-uy-truc-thuoc": "Ban thường vụ huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        "cac-to-chuc-chinh-tri-xa-hoi-tinh": "Các tổ chức chính trị - xã hội tỉnh",
        "cac-co-quan-thong-tin-dai-chung": "Các cơ quan thông tin đại chúng",
        "cac-ban-can-su-dang-dang-doan": "Các ban cán sự đảng, đảng đoàn",
        "cac-dong-chi-tinh-uy-vien": "Các đồng chí Tỉnh ủy viên",
        "cac-cap-uy-truc-thuoc-tinh-uy": "Các cấp ủy trực thuộc Tỉnh ủy",
    }
    index = real_site.html("to-chuc/")
    for organization_id, name in names.items():
        page = real_site.html(f"to-chuc/{organization_id}/")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == name
        assert index.find("a", href=f"{organization_id}/"), organization_id


def test_organization_index_shows_abbreviations_by_kind(real_site):
    soup = real_site.html("to-chuc/")
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    assert "Ban đảng" in headings and "Cơ quan báo chí" in headings
    text = soup.get_text(" ")
    for abbreviation in ("BTC Tỉnh ủy", "UBKT Tỉnh ủy", "MTTQ", "Đài PT-TH tỉnh", "VPTU", "LĐVP"):
        assert abbreviation in text


def test_matrix_marks_lead_and_coordination(real_site):
    soup = real_site.html("ma-tran/kh-ct28-tinh-uy-hung-yen/")
    row = next(tr for tr in soup.select("table.kh-ma-tran tbody tr") if tr.find("a", href=re.compile("#b-ii-5$")))
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert "CT" in cells and cells.count("PH") == 2


def test_headings_keep_vietnamese_letters_in_anchors(real_site):
    ids = {h.get("id") for h in real_site.html(PLAN_URL).select("article h2, article h3")}
    assert {"a--mục-đích-yêu-cầu", "ii--nhiệm-vụ-cụ-thể"} <= ids


def test_record_pages_stay_out_of_the_navigation(real_site):
    nav_links = {a.get("href") for a in real_site.html("").select("nav.md-nav--primary a")}
    assert not any("to-chuc/ban-" in (href or "") for href in nav_links)


def test_home_page_lists_documents_counts_and_deadlines(real_site):
    text = real_site.text("")
    assert "Chỉ thị số 28-CT/TW ngày 21/01/2019" in text
    assert "Ban Tổ chức Tỉnh ủy" in text
    # The nearest deadlines, a yearly task's by year: this year's 31/12 (built as of today).
    assert f"31/12/{dt.date.today().year}" in text and "(năm " in text


def test_generated_pages_are_not_written_into_docs():
    generated = {"index.md", "van-ban", "to-chuc", "ke-hoach", "chi-thi", "ma-tran", "nhiem-vu", "tien-do"}
    assert not generated & {p.name for p in (ROOT / "docs").iterdir()}


def test_site_has_no_external_requests_in_html(real_site):
    for page in real_site.dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"', html):
            pytest.fail(f"{page}: external asset {src}")


def test_strict_build_from_command_line_is_clean(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_broken_record_fails_with_file_line_col_no_traceback_and_keeps_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", project)
    before = (site.dir / "index.html").read_text(encoding="utf-8")
    record = project / "records" / "to-chuc" / "bao-hung-yen.yml"
    record.write_text(record.read_text(encoding="utf-8") + "ten: Báo Hưng Yên lần hai\ncap: tinhh\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site.dir)],
        cwd=project, capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"records/to-chuc/bao-hung-yen\.yml:5:1: trường “ten” lặp lại", result.stderr)
    assert re.search(r"records/to-chuc/bao-hung-yen\.yml:6:1: trường “cap” lặp lại", result.stderr)
    assert (site.dir / "index.html").read_text(encoding="utf-8") == before


def test_pages_show_who_last_changed_their_record_from_git(tmp_path):
    project = copy_project(tmp_path / "project")
    git = lambda *args: subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=Nguyễn Văn A", "-c", "user.email=a@example.invalid", "add", ".")
    git("-c", "user.name=Nguyễn Văn A", "-c", "user.email=a@example.invalid", "commit", "-qm", "Nạp bản ghi")
    record = project / "records" / "to-chuc" / "bao-hung-yen.yml"
    record.write_text(record.read_text(encoding="utf-8") + "viet_tat: [BHY]\n", encoding="utf-8")
    git("add", ".")
    git("-c", "user.name=Trần Thị B", "-c", "user.email=b@example.invalid", "commit", "-qm", "Thêm viết tắt Báo Hưng Yên")
    site = build_site(tmp_path / "site", project)
    page = site.text("to-chuc/bao-hung-yen/")
    assert "cập nhật lần cuối ngày" in page and "do Trần Thị B ghi" in page
    assert "do Nguyễn Văn A ghi" in site.text("to-chuc/ban-to-chuc-tinh-uy/")
    assert "records/" not in page and "Thêm viết tắt" not in page  # no file path, no commit message on a reader's page
    changes = site.html("lich-su/")
    first = changes.select("table.kh-lich-su tbody tr")[0]
    assert "Thêm viết tắt Báo Hưng Yên" in first.get_text() and "Trần Thị B" in first.get_text()
    assert first.find("a", href="../to-chuc/bao-hung-yen/")


def test_outside_git_the_history_says_so(real_site, tmp_path):
    project = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", project)
    assert "không có lịch sử" in site.text("lich-su/")  # said to editors, on their page
    assert "cập nhật lần cuối" not in site.text("to-chuc/bao-hung-yen/")


def test_a_build_failing_in_strict_mode_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", project)
    before = sorted(p.relative_to(site.dir) for p in site.dir.rglob("*"))
    (project / "docs" / "huong-dan" / "index.md").write_text("# Hướng dẫn\n\n[hỏng](khong-co.md)\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site.dir)],
        cwd=project, capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0 and "khong-co.md" in result.stderr
    assert sorted(p.relative_to(site.dir) for p in site.dir.rglob("*")) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((site.dir.name + ".dang-xay-dung", site.dir.name + ".cu"))]  # no staging folder left


def test_field_reference_page_documents_every_field_of_every_record_kind(real_site):
    from kehoach.records.schema import NESTED_SCHEMAS, RECORD_SCHEMAS

    page = real_site.html("huong-dan/truong/")
    for schema in (*RECORD_SCHEMAS.values(), *NESTED_SCHEMAS):
        for field in schema.fields:
            row = page.find(id=f"{schema.name}-{field.name}")
            assert row is not None, f"{schema.name}.{field.name} is not documented"
            cells = row.find_all("td")
            assert cells[0].get_text(strip=True) == field.name
            assert field.meaning.split(".")[0] in cells[3].get_text()


def test_the_source_text_is_its_own_page_linked_from_the_plan(real_site):
    plan = real_site.html(PLAN_URL)
    link = next(a for a in plan.select("article a") if a.get_text(strip=True) == "bản chép nguyên văn")
    assert link["href"].rstrip("/").endswith("van-ban-nguon")
    page = real_site.html(PLAN_URL + "van-ban-nguon/")
    assert page.select_one("article h1").get_text(strip=True).startswith("Văn bản nguồn")
    body = page.select_one(".kh-van-ban-nguon")
    marks = [sup.extract().get_text() for sup in body.select("sup")]
    assert marks == ["1"]  # the source's footnote mark after CVTH, as a mark
    text = _normal(body.get_text(" "))
    position = 0
    for paragraph in source_paragraphs():  # every paragraph, in order, as in the file
        found = text.find(paragraph, position)
        assert found >= 0, paragraph
        position = found + len(paragraph)
    assert "1. Quán triệt, tuyên truyền" in text  # the document's numbering, not a Markdown list's


def test_an_organizations_task_count_is_the_same_on_every_page(real_site):
    """Home, the organizations index and the organization's own page count its tasks alike: a task
    that reaches it directly and through a group counts once (Ban Tổ chức: 8, 8 and 7 before)."""
    home = {tr.find("a").get_text(strip=True): sum(int(td.get_text(strip=True)) for td in tr.select("td")[1:4])
            for tr in real_site.html("").find(id="nhiệm-vụ-theo-tổ-chức").find_next("table").select("tbody tr")}
    index = {tr.find("a").get_text(strip=True): int(tr.select("td")[-1].get_text(strip=True))
             for tr in real_site.html("to-chuc/").select("tbody tr") if tr.find("a")}
    assert home and "Ban Tổ chức Tỉnh ủy" in home
    for name, count in home.items():
        assert index.get(name) == count, (name, count, index.get(name))
    organization = real_site.html("to-chuc/ban-to-chuc-tinh-uy/").select_one(".kh-tom-tat").get_text(" ", strip=True)
    assert organization.startswith(f"{home['Ban Tổ chức Tỉnh ủy']} nhiệm vụ"), organization
