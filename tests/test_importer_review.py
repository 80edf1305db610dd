"""`kehoach nhap` after a newcomer's review: the official two-column heading read as one line, messages
in plain Vietnamese, the draft id from a file name, a plan the registry already has, Word's automatic
numbering, what --ghi-de replaced, and a trailing clause that is only a deadline.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kehoach.cli import main
from kehoach.importer.structure import parse_document, split_columns

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
SOURCE = RECORDS / "nguon" / "kh-ct28-tinh-uy-hung-yen.md"
# Words a clerk should not meet: exception classes, file-format internals.
DEVELOPER_WORDS = re.compile(r"Error\b|Exception|word/document\.xml|Office Open XML|\bBOM\b")


def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def plan_text(out: Path) -> tuple[str, str]:
    (path,) = (out / "ke-hoach").glob("*.yml")
    return path.stem, path.read_text(encoding="utf-8")


BODY = (
    "KẾ HOẠCH\nThực hiện Chỉ thị số 28-CT/TW của Ban Bí thư\n-----\n\n"
    "I. NHIỆM VỤ\n1. Ban Tổ chức Tỉnh ủy chủ trì rà soát đội ngũ đảng viên, hoàn thành trong quý III/2019.\n"
)


# ---------------------------------------------------------------- 1. two columns on one line


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("Số 12-KH/HU      Văn Lâm, ngày 20 tháng 5 năm 2019", ["Số 12-KH/HU", "Văn Lâm, ngày 20 tháng 5 năm 2019"]),
        ("Số 12-KH/HU\tVăn Lâm, ngày 20 tháng 5 năm 2019", ["Số 12-KH/HU", "Văn Lâm, ngày 20 tháng 5 năm 2019"]),
        ("Số 12-KH/HU Văn Lâm, ngày 20 tháng 5 năm 2019", ["Số 12-KH/HU", "Văn Lâm, ngày 20 tháng 5 năm 2019"]),
        ("TỈNH ỦY HƯNG YÊN      ĐẢNG CỘNG SẢN VIỆT NAM", ["TỈNH ỦY HƯNG YÊN", "ĐẢNG CỘNG SẢN VIỆT NAM"]),
        ("TỈNH ỦY HƯNG YÊN ĐẢNG CỘNG SẢN VIỆT NAM", ["TỈNH ỦY HƯNG YÊN", "ĐẢNG CỘNG SẢN VIỆT NAM"]),
        ("BAN THƯỜNG VỤ Hưng Yên, ngày 08 tháng 4 năm 2019", ["BAN THƯỜNG VỤ", "Hưng Yên, ngày 08 tháng 4 năm 2019"]),
        ("*      Hưng Yên, ngày 08 tháng 4 năm", ["*", "Hưng Yên, ngày 08 tháng 4 năm"]),
        ("Hưng Yên, ngày 08 tháng 4 năm 2019", ["Hưng Yên, ngày 08 tháng 4 năm 2019"]),
        ("Thực hiện  Chỉ thị số 28-CT/TW", ["Thực hiện Chỉ thị số 28-CT/TW"]),  # not a heading: one line
    ],
)
def test_heading_columns_are_split(line: str, parts: list[str]) -> None:
    assert split_columns(line) == parts


def test_two_column_heading_lines_give_number_date_and_issuer() -> None:
    lines = [
        "HUYỆN ỦY VĂN LÂM      ĐẢNG CỘNG SẢN VIỆT NAM",
        "BAN THƯỜNG VỤ",
        "*",
        "Số 12-KH/HU      Văn Lâm, ngày 20 tháng 5 năm 2019",
        "",
        *BODY.splitlines(),
    ]
    heading = parse_document(lines).heading
    assert heading.issuing_lines == ["HUYỆN ỦY VĂN LÂM", "BAN THƯỜNG VỤ"]
    assert heading.national_line
    assert heading.number == "12-KH/HU"
    assert heading.place == "Văn Lâm" and heading.date == (20, 5, 2019)


@pytest.mark.parametrize("gap", ["      ", "\t", " "])
def test_two_column_heading_in_a_text_file(gap: str, tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        f"TỈNH ỦY HƯNG YÊN{gap}ĐẢNG CỘNG SẢN VIỆT NAM\nBAN THƯỜNG VỤ\n*\nSố 12-KH/TU{gap}Hưng Yên, ngày 20 tháng 5 năm 2019\n\n" + BODY,
        encoding="utf-8",
    )
    code, stdout, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    plan_id, text = plan_text(tmp_path / "out")
    assert plan_id == "kh-12-kh-tu-2019"
    assert "so_ky_hieu: 12-KH/TU\n" in text and "ngay: 20/5/2019\n" in text and "dia_danh: Hưng Yên\n" in text
    assert "không ghi ngày" not in text
    assert "co_quan_ban_hanh: ban-thuong-vu-tinh-uy\n" in text and "co_quan_cap_tren: tinh-uy-hung-yen\n" in text
    assert "Dòng không đặt được" not in stdout


# ---------------------------------------------------------------- 2. messages without developer words


def _refused(path: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    code, stdout, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(out))
    assert code == 2 and stdout == "" and stderr.count("\n") == 1, stderr
    assert not out.exists()
    assert not DEVELOPER_WORDS.search(stderr), stderr
    return stderr


def _pdf(path: Path, password: str | None = None) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password)
    with open(path, "wb") as stream:
        writer.write(stream)


def test_truncated_pdf_is_said_to_be_damaged(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    _pdf(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    assert "bị hỏng hoặc không trọn vẹn" in _refused(path, tmp_path)


def test_pdf_with_a_password_says_to_save_it_without_one(tmp_path: Path) -> None:
    path = tmp_path / "mat-khau.pdf"
    _pdf(path, "bi-mat")
    message = _refused(path, tmp_path)
    assert "mật khẩu" in message and "không đặt mật khẩu" in message


def test_random_bytes_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "rac.txt"
    path.write_bytes(os.urandom(4096))
    message = _refused(path, tmp_path)
    assert "không phải văn bản" in message and "UTF-16" not in message


def test_utf16_without_bom_is_still_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Quán triệt".encode("utf-16-le"))
    code, _, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 2 and "UTF-16" in stderr


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "bang.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "không chứa văn bản Word" in _refused(path, tmp_path)


@pytest.mark.parametrize(("data", "expect"), [(b"KE HOACH\nI. MUC DICH\n", "văn bản thuần"), (bytes(range(256)) * 8, "không phải Word .docx")])
def test_not_a_docx(data: bytes, expect: str, tmp_path: Path) -> None:
    path = tmp_path / "khong-phai.docx"
    path.write_bytes(data)
    assert expect in _refused(path, tmp_path)


def test_damaged_docx(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not-word")
    assert "bị hỏng" in _refused(path, tmp_path)


# ---------------------------------------------------------------- 3. id from the file's name


def test_id_from_a_file_name_has_no_extension(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text("KẾ HOẠCH\nVề công tác đảng viên\n\nI. NHIỆM VỤ\n1. Các chi bộ tổ chức quán triệt.\n", encoding="utf-8")
    code, _, stderr = run("nhap", str(path), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    plan_id, _ = plan_text(tmp_path / "out")
    assert plan_id == "kh-mixed"


# ---------------------------------------------------------------- 4. the registry already has it


def test_a_plan_already_in_the_registry_is_named(tmp_path: Path) -> None:
    code, stdout, stderr = run("nhap", str(SOURCE), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    (line,) = [line for line in stdout.splitlines() if "đã có kế hoạch này" in line]
    assert "ke-hoach/kh-ct28-tinh-uy-hung-yen.yml" in line and "bản thứ hai" in line


def test_a_new_plan_is_not_said_to_be_in_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "moi.txt"
    path.write_text("TỈNH ỦY HƯNG YÊN\nBAN THƯỜNG VỤ\nSố 99-KH/TU\n\n" + BODY.replace("Thực hiện Chỉ thị", "Sơ kết Chỉ thị"), encoding="utf-8")
    code, stdout, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    assert "đã có kế hoạch này" not in stdout


# ---------------------------------------------------------------- 5. Word's automatic numbering


def _numbered_docx(path: Path, typed: bool) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    for line in ("TỈNH ỦY HƯNG YÊN", "BAN THƯỜNG VỤ", "KẾ HOẠCH", "Thực hiện Chỉ thị số 28-CT/TW"):
        document.add_paragraph(line)

    def automatic(text: str) -> None:
        paragraph = document.add_paragraph(text)
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numbering.append(element)

    if typed:
        document.add_paragraph("I. NHIỆM VỤ")
        document.add_paragraph("1. Ban Tổ chức Tỉnh ủy chủ trì rà soát đội ngũ đảng viên.")
    else:
        automatic("NHIỆM VỤ")
    automatic("Ban Tuyên giáo Tỉnh ủy tuyên truyền Chỉ thị.")
    automatic("Văn phòng Tỉnh ủy theo dõi, tổng hợp.")
    document.save(str(path))


def test_automatic_numbering_only_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "tu-dong.docx"
    _numbered_docx(path, typed=False)
    code, stdout, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 2 and stdout == "" and stderr.count("\n") == 1
    assert "Word tự đánh số" in stderr and "Convert Numbering to Text" in stderr and ".txt" in stderr


def test_typed_and_automatic_numbering_mixed_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "lan.docx"
    _numbered_docx(path, typed=True)
    code, stdout, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    (line,) = [line for line in stdout.splitlines() if "đã bị gộp vào mục đánh số đứng trước" in line]
    assert "2 đoạn" in line and "Ban Tuyên giáo" in line and "Convert Numbering to Text" in line


# ---------------------------------------------------------------- 6. what --ghi-de replaced


def test_ghi_de_lists_what_it_replaced_and_what_is_left_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = tmp_path / "ke-hoach.txt"
    path.write_text(BODY.replace("Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Huyện ủy Văn Lâm"), encoding="utf-8")
    assert run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(out))[0] == 0
    org = out / "to-chuc" / "ban-to-chuc-huyen-uy-van-lam.yml"
    assert org.is_file()
    (out / "to-chuc" / "cu.yml").write_text("id: cu\n", encoding="utf-8")  # a file of an earlier draft
    code, stdout, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(out), "--ghi-de")
    assert code == 0, stderr
    (replaced,) = [line for line in stdout.splitlines() if "Đã ghi đè" in line]
    assert "to-chuc/ban-to-chuc-huyen-uy-van-lam.yml" in replaced and "nguon/" in replaced
    (left,) = [line for line in stdout.splitlines() if "không thuộc bản nháp này" in line]
    assert "to-chuc/cu.yml" in left


def test_a_fresh_folder_has_no_such_lines(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(BODY, encoding="utf-8")
    code, stdout, _ = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0 and "Đã ghi đè" not in stdout and "không thuộc bản nháp" not in stdout


# ---------------------------------------------------------------- 7. a trailing clause that is a deadline


@pytest.mark.parametrize(
    ("tail", "kind"),
    [("; thực hiện thường xuyên.", "thuong-xuyen"), ("; thời gian: quý III/2019.", "quy"), ("; hoàn thành trước ngày 30/6/2019.", "ngay")],
)
def test_a_trailing_deadline_clause_is_the_task_deadline(tail: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "k.txt"
    path.write_text(f"KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ\n1. Ban Tổ chức Tỉnh ủy chủ trì rà soát đội ngũ đảng viên{tail}\n", encoding="utf-8")
    code, _, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    _, text = plan_text(tmp_path / "out")
    assert text.count("chu_tri:") == 1, text
    assert text.count("van_ban:") == 1, text  # the unit's words; the task is the whole paragraph, no excerpt of its own
    assert f"loai: {kind}" in text, text


def test_a_clause_with_its_own_work_stays_a_task(tmp_path: Path) -> None:
    path = tmp_path / "k.txt"
    path.write_text("KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ\n1. Ban Tuyên giáo Tỉnh ủy biên soạn tài liệu; hằng năm tổ chức tuyên truyền.\n", encoding="utf-8")
    code, _, stderr = run("nhap", str(path), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    assert plan_text(tmp_path / "out")[1].count("chu_tri: [ban-tuyen-giao-tinh-uy]") == 2


def test_guide_copies_are_identical() -> None:
    guide = ROOT / "docs" / "huong-dan" / "nhap-ke-hoach.md"
    assert guide.read_bytes() == (ROOT / "src" / "kehoach" / "scaffold" / "mau" / "docs" / "huong-dan" / "nhap-ke-hoach.md").read_bytes()
    assert "thư mục mới, trống" in guide.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to make a PDF with a text layer")
def test_two_column_heading_in_a_pdf(tmp_path: Path) -> None:
    import subprocess

    import docx

    document = docx.Document()
    for line in ("TỈNH ỦY HƯNG YÊN\t\t\tĐẢNG CỘNG SẢN VIỆT NAM", "BAN THƯỜNG VỤ", "*", "Số 12-KH/TU\t\t\tHưng Yên, ngày 20 tháng 5 năm 2019", *BODY.splitlines()):
        document.add_paragraph(line)
    document.save(str(tmp_path / "ke-hoach.docx"))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "ke-hoach.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    code, _, stderr = run("nhap", str(tmp_path / "ke-hoach.pdf"), "--ban-ghi", str(RECORDS), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    plan_id, text = plan_text(tmp_path / "out")
    assert plan_id == "kh-12-kh-tu-2019" and "ngay: 20/5/2019\n" in text and "co_quan_cap_tren: tinh-uy-hung-yen\n" in text
