"""`kehoach bao-cao`: the progress report as a Word document (issue 15, point 3).

The .docx is opened with python-docx and read back: its heading lines, the unknown number left
marked, the title, the counts by status (the same as the site's progress bar), the tasks' statuses,
the overdue list, the recipients; a report for one organization; the errors; and the site's plan
page offering the report as of its date.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from kehoach.cli import main
from kehoach.content.charts import progress_categories
from kehoach.content.exports import plan_report
from kehoach.domain.status import ProgressCalculator, status_wording
from kehoach.domain.vocabulary import Status
from kehoach.records.loader import load_records
from kehoach.report.docx_writer import write_docx
from kehoach.report.model import build_report, organization_tasks

ROOT = Path(__file__).resolve().parent.parent
PLAN = "kh-ct28-tinh-uy-hung-yen"
AS_OF = dt.date(2019, 6, 1)
REVIEW = "b-ii-4-ra-soat"  # due 19/5/2019, reported in progress on 10/5 (illustrative): overdue on 1/6/2019


@pytest.fixture(scope="module")
def loaded():
    result = load_records(ROOT / "records", "records", examples=ROOT / "examples", examples_shown="examples")
    assert not result.errors, result.problems
    registry = result.registry
    return registry, ProgressCalculator(registry, AS_OF).all()


def _docx(registry, progress, organization_id=None, as_of=AS_OF):
    report = build_report(registry, progress, registry.plans[PLAN], as_of, organization_id)
    return report, Document(io.BytesIO(write_docx(report)))


def _texts(document) -> list[str]:
    """Every paragraph's text, in the body and in the tables (nested in cells), in order."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def _table_with_header(document, first: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first)


def test_the_heading_has_the_reporting_body_the_party_name_and_the_number_left_unknown(loaded):
    registry, progress = loaded
    _, document = _docx(registry, progress)
    heading = document.tables[0]
    left, right = heading.rows[0].cells
    lines = [p.text for p in left.paragraphs]
    assert lines[:3] == ["TỈNH ỦY HƯNG YÊN", "BAN THƯỜNG VỤ TỈNH ỦY", "*"]
    assert lines[3].startswith("Số ") and "-BC/" in lines[3]
    # The number is not known: dots, highlighted, never a made-up number.
    number = left.paragraphs[3]
    assert not any(ch.isdigit() for ch in number.text)
    assert [r.text for r in number.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW] == ["……", "……"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    # The place is not in the source plan: a marked placeholder; the date is the as-of date.
    place = right.paragraphs[1]
    assert place.text.endswith(", ngày 01 tháng 6 năm 2019")
    assert place.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW and "…" in place.runs[0].text


def test_the_title_names_the_plan_as_the_site_does_and_leaves_its_unknown_number_unknown(loaded):
    registry, progress = loaded
    report, document = _docx(registry, progress)
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    title = texts[texts.index("BÁO CÁO") + 1]
    assert title == report.title_text
    assert title.startswith("Kết quả thực hiện Kế hoạch số … (chưa rõ số) của Ban Thường vụ Tỉnh ủy về triển khai thực hiện Chỉ thị số 28-CT/TW")
    assert title.endswith(", tính đến ngày 01 tháng 6 năm 2019")
    assert "ngày 21/01/2019 của Ban Bí thư" in title  # the directive's date, from the plan's title — not the plan's own date


def test_counts_by_status_are_the_site_progress_bar_counts(loaded):
    registry, progress = loaded
    plan = registry.plans[PLAN]
    expected = [(label, count) for label, count, _ in progress_categories(progress[t.key] for t in plan.tasks)]
    _, document = _docx(registry, progress)
    counts = _table_with_header(document, "Tình trạng")
    rows = [(row.cells[0].text, row.cells[1].text) for row in counts.rows[1:]]
    assert rows[:-1] == [(label, str(count)) for label, count in expected]
    assert rows[-1] == ("Tổng số", str(len(plan.tasks)))
    assert dict(expected)["đã xong"] >= 1 and dict(expected)["quá hạn"] >= 1  # the illustrative set on 1 June 2019
    summary = next(p.text for p in document.paragraphs if p.text.startswith("Tính đến"))
    shown = "; ".join(f"{count} {label}" for label, count in expected if count)
    assert summary == f"Tính đến ngày 01 tháng 6 năm 2019, Kế hoạch có {len(plan.tasks)} nhiệm vụ: {shown}."


def test_each_task_has_its_status_in_words_its_lead_deadline_and_latest_report(loaded):
    registry, progress = loaded
    plan = registry.plans[PLAN]
    _, document = _docx(registry, progress)
    table = _table_with_header(document, "Vị trí")
    assert [c.text for c in table.rows[0].cells] == ["Vị trí", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng", "Báo cáo gần nhất"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[:2] for r in rows] == [[t.position, t.short_title] for t in plan.tasks]  # every task, in the plan's order
    review = next(t for t in plan.tasks if t.id == REVIEW)
    row = rows[plan.tasks.index(review)]
    assert row[1] == review.short_title
    assert row[2].startswith("Ban Tổ chức Tỉnh ủy")
    assert row[3] == review.deadline.written
    assert row[4].startswith("quá hạn (13 ngày)") and row[4].endswith("(minh họa)")
    assert row[5].startswith("[Minh họa] 10/05/2019, Ban Tổ chức Tỉnh ủy: đang thực hiện (40%).")
    # A task done with evidence: the evidence is quoted.
    guide = next(r for r in rows if "00-HD/BTGTU" in r[5])
    done = next(t for t in plan.tasks if rows[plan.tasks.index(t)] is guide)
    # The wording is the site's own (“hoàn thành đúng hạn”, or “hoàn thành” where no deadline says when).
    assert guide[4] == f"{status_wording(progress[done.key])} (minh họa)" and guide[4].startswith("hoàn thành")
    assert "Căn cứ: Hướng dẫn số 00-HD/BTGTU ngày 24/04/2019" in guide[5]
    # Every status shown is one of the site's wordings.
    words = {s.label for s in Status} | {"quá hạn, chưa có báo cáo"}
    for cells in rows:
        shown = cells[4].split(": ", 1)[-1]
        assert any(shown.startswith(word) for word in words), cells


def test_the_overdue_list_names_the_overdue_task_and_the_illustrative_reports_are_labelled(loaded):
    registry, progress = loaded
    report, document = _docx(registry, progress)
    texts = [p.text for p in document.paragraphs]
    overdue = texts[texts.index("3. Nhiệm vụ quá hạn") + 1 : texts.index("4. Số liệu chỉ tiêu")]
    assert len(overdue) == 1 and overdue[0].startswith("- B.II.4") and "hạn 19/05/2019" in overdue[0]
    assert report.illustrative and any(t.startswith("BẢN MINH HỌA:") for t in texts)


def test_without_the_illustrative_set_nothing_is_labelled_and_nothing_is_reported(tmp_path):
    result = load_records(ROOT / "records", "records")
    registry = result.registry
    progress = ProgressCalculator(registry, AS_OF).all()
    report, document = _docx(registry, progress)
    texts = _texts(document)
    assert not report.illustrative
    assert not any("minh họa" in t.lower() for t in texts)
    table = _table_with_header(document, "Vị trí")
    assert {row.cells[5].text for row in table.rows[1:]} == {"Chưa có báo cáo"}


def test_figures_recipients_and_signer(loaded):
    registry, _ = loaded
    progress = ProgressCalculator(registry, dt.date(2019, 12, 31)).all()
    _, document = _docx(registry, progress, as_of=dt.date(2019, 12, 31))
    figures = _table_with_header(document, "Kỳ")
    assert [c.text for c in figures.rows[1].cells] == ["II/2019", "Ban Tổ chức Tỉnh ủy (minh họa)", "1.250"]
    closing = document.tables[-1]
    left, right = closing.rows[0].cells
    recipients = [p.text for p in left.paragraphs]
    assert recipients[0] == "Nơi nhận:"
    assert "- Ban Bí thư Trung ương Đảng (b/c);" in recipients  # the plan's recipient it reports to
    assert recipients[-1].startswith("- Lưu ") and "…" in recipients[-1]
    signer = [p.text for p in right.paragraphs]
    # The issuer reports: its authority is the plan's own signer block (ky.quyen_han), not a placeholder.
    assert signer[0] == "T/M BAN THƯỜNG VỤ" and "(chức vụ)" in signer and "(họ và tên)" in signer
    assert right.paragraphs[0].runs[0].font.highlight_color is None


def test_a_report_for_one_organization_counts_its_tasks_as_its_page_does(loaded):
    registry, progress = loaded
    plan = registry.plans[PLAN]
    tasks = organization_tasks(registry, "ban-to-chuc-tinh-uy", plan)
    assert tasks and len(tasks) < len(plan.tasks)
    report, document = _docx(registry, progress, "ban-to-chuc-tinh-uy")
    lines = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert lines[:2] == ["TỈNH ỦY HƯNG YÊN", "BAN TỔ CHỨC TỈNH ỦY"]
    assert report.total == len(tasks)
    table = _table_with_header(document, "Vị trí")
    assert [row.cells[0].text for row in table.rows[1:]] == [t.position for t in tasks]
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs]
    assert "- Ban Thường vụ Tỉnh ủy (b/c);" in recipients  # its tasks report there (bao_cao)


# ---------------------------------------------------------------- the command


@pytest.fixture(autouse=True)
def _no_environment_settings(monkeypatch):
    for variable in ("KEHOACH_AS_OF", "KEHOACH_RECORDS", "KEHOACH_EXAMPLES", "KEHOACH_DO_MAT_TOI_DA"):
        monkeypatch.delenv(variable, raising=False)


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "du-an"
    shutil.copytree(ROOT / "records", project / "records")
    shutil.copytree(ROOT / "examples", project / "examples")
    (project / "mkdocs.yml").write_text("site_name: thử\nextra:\n  records: records\n  examples: examples\n  as_of: 2019-06-01\n", encoding="utf-8")
    return project


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_writes_the_report_as_of_the_site_date_and_refuses_to_overwrite(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.delenv("KEHOACH_AS_OF", raising=False)
    monkeypatch.delenv("KEHOACH_RECORDS", raising=False)
    monkeypatch.delenv("KEHOACH_EXAMPLES", raising=False)
    code, out, err = _run("bao-cao")
    written = project / f"bao-cao-{PLAN}-2019-06-01.docx"
    assert (code, err) == (0, ""), out
    assert written.is_file() and "tính đến ngày 01/06/2019" in out
    assert "ngày 01 tháng 6 năm 2019" in Document(str(written)).tables[0].rows[0].cells[1].text
    before = written.read_bytes()
    code, out, err = _run("bao-cao")
    assert code == 2 and err.count("\n") == 1 and "--ghi-de" in err and written.read_bytes() == before
    code, _, err = _run("bao-cao", "--ngay", "2019-12-31", "--to-chuc", "ban-to-chuc-tinh-uy", "--out", "btc.docx")
    assert (code, err) == (0, "")
    assert "BAN TỔ CHỨC TỈNH ỦY" in Document(str(project / "btc.docx")).tables[0].rows[0].cells[0].text
    code, _, err = _run("bao-cao", "--out", "btc.docx", "--ghi-de", "--ngay", "2019-06-01")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--ngay", "2019-02-30"), "--ngay 2019-02-30: không phải ngày"),
        (("--ke-hoach", "khong-co"), "--ke-hoach khong-co: không có kế hoạch mã này; các mã có: kh-ct28-tinh-uy-hung-yen"),
        (("--to-chuc", "khong-co"), "--to-chuc khong-co: không có tổ chức mã này"),
        (("--out", "bao-cao.pdf"), "phải có tên kết thúc bằng .docx"),
        (("--out", "khong-co/bao-cao.docx"), "không có thư mục khong-co"),
        (("-f", "khong-co.yml"), "không tìm thấy tệp cấu hình khong-co.yml"),
        (("--khong-hieu",), "không hiểu đối số"),
    ],
)
def test_wrong_calls_are_one_line_and_exit_code_2(tmp_path, monkeypatch, argv, says):
    monkeypatch.chdir(_project(tmp_path))
    code, out, err = _run("bao-cao", *argv)
    assert code == 2, (out, err)
    assert says in err and "Traceback" not in err
    assert err.startswith("kehoach: lỗi: ")
    assert not list(Path.cwd().glob("*.docx"))


def test_records_with_errors_are_reported_as_the_check_reports_them_and_exit_code_1(tmp_path, monkeypatch):
    project = _project(tmp_path)
    plan = project / "records" / "ke-hoach" / f"{PLAN}.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("co_quan_ban_hanh: ban-thuong-vu-tinh-uy", "co_quan_ban_hanh: khong-co"), encoding="utf-8")
    monkeypatch.chdir(project)
    code, out, err = _run("bao-cao")
    assert code == 1
    assert f"records/ke-hoach/{PLAN}.yml:" in out and "khong-co" in out
    assert "lỗi trong bản ghi — không lập báo cáo" in err and "Traceback" not in err + out
    assert not list(project.glob("*.docx"))


def test_help_is_vietnamese(capsys):
    assert main(["bao-cao", "--help"]) == 0  # argparse prints help to sys.stdout
    out = capsys.readouterr().out
    for words in ("Lập báo cáo kết quả thực hiện", "--ke-hoach MÃ", "--ngay NGÀY", "01/06/2019", "--to-chuc MÃ", "--ghi-de", "36-HD/VPTW"):
        assert words in out
    assert "YYYY" not in out  # the date as clerks write it, no English placeholder


# ---------------------------------------------------------------- the site


def test_the_plan_page_offers_the_report_as_of_the_site_date_and_it_opens(example_site):
    page = example_site.html(f"ke-hoach/{PLAN}/")
    link = next(a for a in page.select("a[href]") if a.get_text(strip=True) == "Tải báo cáo tiến độ (.docx)")
    target = (example_site.dir / "ke-hoach" / PLAN / link["href"]).resolve()
    assert target == (example_site.dir / plan_report(PLAN)).resolve()
    document = Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("BÁO CÁO") + 1].endswith("tính đến ngày 01 tháng 6 năm 2019")
    # The counts are the plan page's own progress bar, read from its legend.
    legend = [(li.get_text(" ", strip=True).rsplit(" ", 1)) for li in page.select("ul.kh-td-chu-giai > li")]
    counts = _table_with_header(document, "Tình trạng")
    assert [[row.cells[0].text, row.cells[1].text] for row in counts.rows[1:-1]] == legend


def test_a_plan_under_a_secrecy_mark_gives_a_report_carrying_the_mark(loaded):
    from dataclasses import replace

    from kehoach.domain.vocabulary import SecrecyMark

    registry, progress = loaded
    secret = replace(registry.plans[PLAN], secrecy=SecrecyMark.SECRET)
    report = build_report(registry, progress, secret, AS_OF)
    lines = [p.text for p in Document(io.BytesIO(write_docx(report))).tables[0].rows[0].cells[0].paragraphs]
    assert lines[-1] == "MẬT" and lines[-2].startswith("Số ")
    plain = build_report(registry, progress, registry.plans[PLAN], AS_OF)
    assert "MẬT" not in [line[0].text for line in plain.heading_lines]


def test_record_text_that_looks_like_markup_stays_text_in_the_document(loaded):
    """Words from records go into WordprocessingML as text: markup, entities and control characters
    never end an element or break the file; line breaks stay line breaks."""
    from dataclasses import replace

    registry, progress = loaded
    plan = registry.plans[PLAN]
    task = plan.tasks[0]
    hostile = 'Ý </w:t></w:r></w:p><w:p>&amp; "<script>alert(1)</script>" \x01\x0b đ'
    bad = replace(task, short_name=hostile)
    section = replace(plan.sections[0], tasks=(bad,), children=())
    shown = replace(plan, sections=(section,), title=hostile)
    report = build_report(registry, {bad.key: progress[task.key]}, shown, AS_OF)
    document = Document(io.BytesIO(write_docx(report)))
    table = _table_with_header(document, "Vị trí")
    assert table.rows[1].cells[1].text == 'Ý </w:t></w:r></w:p><w:p>&amp; "<script>alert(1)</script>"  đ'
    assert any(hostile.replace("\x01", "").replace("\x0b", "") in p.text for p in document.paragraphs)


# ---------------------------------------------------------------- review of the newcomer (secrecy, signer, reporter, date, layout)


def _mark_secret(project: Path) -> None:
    plan = project / "records" / "ke-hoach" / f"{PLAN}.yml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace(f"id: {PLAN}\n", f"id: {PLAN}\ndo_mat: mat\n", 1), encoding="utf-8")


@pytest.mark.parametrize("argv", [(), ("--ke-hoach", PLAN)])
def test_a_secret_plan_above_the_limit_is_named_as_such_not_as_missing(tmp_path, monkeypatch, argv):
    project = _project(tmp_path)
    _mark_secret(project)
    monkeypatch.chdir(project)
    code, out, err = _run("bao-cao", *argv)
    assert code == 2 and err.count("\n") == 1, (out, err)
    assert "không có kế hoạch" not in err
    assert "đóng dấu Mật" in err and "do_mat_toi_da: khong" in err  # the mark, and the limit in force
    assert "do_mat_toi_da: mat" in err and "KEHOACH_DO_MAT_TOI_DA=mat" in err  # how to allow it
    assert not list(project.glob("*.docx"))
    # Allowed as the guide says: the report is written and carries the mark.
    monkeypatch.setenv("KEHOACH_DO_MAT_TOI_DA", "mat")
    code, out, err = _run("bao-cao", *argv)
    assert (code, err) == (0, ""), out
    heading = Document(str(project / f"bao-cao-{PLAN}-2019-06-01.docx")).tables[0].rows[0].cells[0]
    assert [p.text for p in heading.paragraphs][-1] == "MẬT"


def test_the_authority_line_is_known_only_for_the_issuer(loaded):
    from dataclasses import replace

    registry, progress = loaded
    plan = registry.plans[PLAN]

    def signer(report_plan, organization_id=None):
        report = build_report(registry, progress, report_plan, AS_OF, organization_id)
        cell = Document(io.BytesIO(write_docx(report))).tables[-1].rows[0].cells[1]
        return cell.paragraphs[0], report

    # A department reports: signed by its head, whose title the records do not give — a placeholder.
    line, report = signer(plan, "ban-to-chuc-tinh-uy")
    assert "T/M" not in line.text and line.text == "(thẩm quyền ký)"
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in line.runs)
    assert "người ký (thẩm quyền, chức vụ, họ tên)" in report.unknowns
    # The issuer: the plan's own signer block; without one, a committee signs on behalf of itself.
    line, report = signer(plan)
    assert line.text == "T/M BAN THƯỜNG VỤ" and "người ký (chức vụ, họ tên)" in report.unknowns
    line, _ = signer(plan, "ban-thuong-vu-tinh-uy")  # --to-chuc the issuer: the report of the whole plan
    assert line.text == "T/M BAN THƯỜNG VỤ"
    line, _ = signer(replace(plan, signer=None))
    assert line.text == "T/M BAN THƯỜNG VỤ TỈNH ỦY" and line.runs[0].font.highlight_color is None
    # A plan issued by a department, without a signer block: no “T/M” guessed.
    line, _ = signer(replace(plan, signer=None, issuer_id="ban-tuyen-giao-tinh-uy"))
    assert line.text == "(thẩm quyền ký)"


@pytest.mark.parametrize(
    ("organization", "says"),
    [
        ("cac-ban-dang-tinh", ["là một nhóm", "nhóm không tự báo cáo", "ban-to-chuc-tinh-uy (Ban Tổ chức Tỉnh ủy)", "ban-tuyen-giao-tinh-uy"]),
        ("van-phong-tinh-uy", ["Văn phòng Tỉnh ủy không chủ trì, không phối hợp nhiệm vụ nào của kế hoạch kh-ct28-tinh-uy-hung-yen"]),
    ],
)
def test_a_group_or_an_organization_without_a_task_does_not_report(tmp_path, monkeypatch, organization, says):
    monkeypatch.chdir(_project(tmp_path))
    code, out, err = _run("bao-cao", "--to-chuc", organization)
    assert code == 2 and err.count("\n") == 1, (out, err)
    for words in says:
        assert words in err, err
    assert not list(Path.cwd().glob("*.docx"))


def test_the_issuer_as_reporter_gives_the_whole_plan(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    code, out, err = _run("bao-cao", "--to-chuc", "ban-thuong-vu-tinh-uy", "--out", "btv.docx")
    assert (code, err) == (0, ""), out
    document = Document(str(project / "btv.docx"))
    assert any(p.text.startswith("Tính đến ngày 01 tháng 6 năm 2019, Kế hoạch có 18 nhiệm vụ") for p in document.paragraphs)


@pytest.mark.parametrize("written", ["1/6/2019", "01/06/2019", "2019-06-01"])
def test_the_date_is_read_as_clerks_write_it(tmp_path, monkeypatch, written):
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    code, out, err = _run("bao-cao", "--ngay", written)
    assert (code, err) == (0, ""), out
    assert "tính đến ngày 01/06/2019" in out
    assert "ngày 01 tháng 6 năm 2019" in Document(str(project / f"bao-cao-{PLAN}-2019-06-01.docx")).tables[0].rows[0].cells[1].text


@pytest.mark.parametrize(("written", "says"), [("31/6/2019", "ngày 31/6/2019 không có thật"), ("hôm qua", "ví dụ 01/06/2019")])
def test_a_wrong_date_says_how_to_write_one(tmp_path, monkeypatch, written, says):
    monkeypatch.chdir(_project(tmp_path))
    code, _, err = _run("bao-cao", "--ngay", written)
    assert code == 2 and err.count("\n") == 1 and says in err and "YYYY" not in err


def test_the_closing_is_kept_with_the_paragraph_before_it(loaded):
    registry, progress = loaded
    _, document = _docx(registry, progress)
    body = document.element.body
    closing = document.tables[-1]
    before = closing._tbl.getprevious()
    assert before is not None and before.tag.endswith("}p")
    paragraph = next(p for p in document.paragraphs if p._p is before)
    assert paragraph.text.startswith("(Đơn vị viết phần đánh giá")
    assert paragraph.paragraph_format.keep_with_next is True
    heading = next(p for p in document.paragraphs if p.text == "II. ĐÁNH GIÁ CHUNG, KIẾN NGHỊ")
    assert heading.paragraph_format.keep_with_next is True
    # One row that never splits; every paragraph in it kept with the next.
    assert len(closing.rows) == 1
    assert closing.rows[0]._tr.trPr is not None and closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    for cell in closing.rows[0].cells:
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)
    assert body.index(closing._tbl) == len(body) - 2  # the last thing before the section properties


def test_the_author_is_the_reporting_body_not_the_program(loaded):
    registry, progress = loaded
    _, document = _docx(registry, progress)
    assert document.core_properties.author == "Ban Thường vụ Tỉnh ủy"
    assert document.core_properties.last_modified_by == ""
    _, document = _docx(registry, progress, "ban-to-chuc-tinh-uy")
    assert document.core_properties.author == "Ban Tổ chức Tỉnh ủy"


def test_the_title_names_the_issuer_as_the_registry_does(tmp_path):
    """With a district plan whose letterhead is in capitals (“HUYỆN ỦY VĂN LÂM”) and another
    province's “Ban Thường vụ Tỉnh ủy”, the title names each issuer as the site does."""
    folder = tmp_path / "records"
    shutil.copytree(ROOT / "records", folder)
    shutil.copytree(ROOT / "tests" / "three_plans" / "records", folder, dirs_exist_ok=True)
    result = load_records(folder, "records", today=dt.date(2020, 1, 1))
    assert not result.errors, result.problems
    registry = result.registry
    progress = ProgressCalculator(registry, AS_OF).all()
    titles, headings = {}, {}
    for plan_id in ("kh-42-kh-hu-van-lam", "kh-ct28-tinh-uy-nghe-an", PLAN):
        report = build_report(registry, progress, registry.plans[plan_id], AS_OF)
        document = Document(io.BytesIO(write_docx(report)))
        texts = [p.text for p in document.paragraphs]
        titles[plan_id] = texts[texts.index("BÁO CÁO") + 1]
        headings[plan_id] = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    # The issuer's letterhead is the one its plan carries (tieu_de_co_quan), where the records give it.
    assert headings["kh-42-kh-hu-van-lam"][:3] == ["ĐẢNG BỘ TỈNH HƯNG YÊN", "HUYỆN ỦY VĂN LÂM", "*"]
    assert headings["kh-ct28-tinh-uy-nghe-an"][:3] == ["TỈNH ỦY NGHỆ AN", "BAN THƯỜNG VỤ TỈNH ỦY", "*"]
    assert titles["kh-42-kh-hu-van-lam"].startswith("Kết quả thực hiện Kế hoạch số 42-KH/HU ngày 22/05/2019 của Huyện ủy Văn Lâm về ")
    assert "VĂN LÂM" not in titles["kh-42-kh-hu-van-lam"]
    assert " của Ban Thường vụ Tỉnh ủy (Tỉnh ủy Nghệ An) về " in titles["kh-ct28-tinh-uy-nghe-an"]
    assert " của Ban Thường vụ Tỉnh ủy (Tỉnh ủy Hưng Yên) về " in titles[PLAN]
