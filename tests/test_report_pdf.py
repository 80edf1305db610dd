"""The report's .docx as LibreOffice reads it (issue 15, point 3): converted to PDF by Debian's
LibreOffice (installed by scripts/test.sh) and read back with poppler's pdftotext — the Vietnamese
text intact, the layout's parts in order, a sane number of A4 pages.

Each conversion uses its own LibreOffice profile folder, so parallel runs never share one.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kehoach.domain.status import ProgressCalculator
from kehoach.records.loader import load_records
from kehoach.report.docx_writer import write_docx
from kehoach.report.model import build_report

ROOT = Path(__file__).resolve().parent.parent
PLAN = "kh-ct28-tinh-uy-hung-yen"


def _missing(tool: str, package: str) -> None:
    reason = f"{tool} not found: install Debian's {package} (scripts/test.sh does)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the report's PDF test must run in CI)", pytrace=False)
    pytest.skip(reason)


def _pdf(docx: Path, out: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        _missing("soffice", "libreoffice-writer-nogui")
    profile = out / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    pdf = out / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), (result.stdout, result.stderr)
    return pdf


def _pages(pdf: Path) -> list[str]:
    """The text of each page as it sits on the page (`-layout`; `-raw` splits a letter from its
    stacked Vietnamese marks, drawn as separate glyphs)."""
    if not shutil.which("pdftotext"):
        _missing("pdftotext", "poppler-utils")
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page with a form feed
    return [unicodedata.normalize("NFC", page) for page in pages]


def _page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size:"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> tuple[list[str], Path]:
    result = load_records(ROOT / "records", "records", examples=ROOT / "examples", examples_shown="examples")
    assert not result.errors, result.problems
    registry = result.registry
    as_of = dt.date(2019, 12, 31)  # after the illustrative figures are reported
    report = build_report(registry, ProgressCalculator(registry, as_of).all(), registry.plans[PLAN], as_of)
    folder = tmp_path_factory.mktemp("bao-cao-pdf")
    docx = folder / "bao-cao.docx"
    docx.write_bytes(write_docx(report))
    pdf = _pdf(docx, folder)
    return _pages(pdf), pdf


def test_the_vietnamese_text_comes_through_intact_in_order(pages):
    texts, _ = pages
    lines = [line.strip() for page in texts for line in page.splitlines() if line.strip()]
    whole = " ".join(" ".join(lines).split())
    # The heading's two columns share lines: each part is there, the left column's lines in order.
    assert lines[0].startswith("TỈNH ỦY HƯNG YÊN") and lines[0].endswith("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert lines[1] == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert lines[2].startswith("*") and lines[2].endswith("………, ngày 31 tháng 12 năm 2019")
    assert lines[3] == "Số ……-BC/……"
    body = [
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số … (chưa rõ số) của Ban Thường vụ Tỉnh",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Tổng hợp chung",
        "2. Kết quả thực hiện từng nhiệm vụ",
        "3. Nhiệm vụ quá hạn",
        "4. Số liệu chỉ tiêu",
        "II. ĐÁNH GIÁ CHUNG, KIẾN NGHỊ",
    ]
    positions = [lines.index(line) if line in lines else -1 for line in body]
    assert -1 not in positions, [line for line, at in zip(body, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert any(line.startswith("Nơi nhận:") for line in lines[positions[-1]:])
    for words in ("đang làm trong hạn", "quá hạn, chưa có báo cáo", "chưa đến hạn", "Ban Tổ chức Tỉnh ủy", "Đảng viên được rà soát", "BẢN MINH HỌA", "Tổng số 18"):
        assert words in whole, words
    assert "\ufffd" not in whole  # no character LibreOffice could not draw


def test_the_pages_are_a4_numbered_from_the_second_and_not_too_many(pages):
    texts, pdf = pages
    assert _page_size(pdf).endswith("(A4)")
    assert 2 <= len(texts) <= 8  # 18 tasks: the heading, the tables, the closing
    assert texts[0].split()[0] != "1"  # no number on the first page
    for number, text in enumerate(texts[1:], start=2):
        assert text.split()[0] == str(number), text[:80]
    assert "(họ và tên)" in texts[-1]
    # “Nơi nhận” and the signer are kept with the paragraph before them: never alone on a page.
    last = " ".join(texts[-1].split())
    assert "Nơi nhận:" in last and "(Đơn vị viết phần đánh giá" in last


@pytest.mark.parametrize("kept", [1, 2, 14])
def test_the_closing_never_starts_a_page_alone(tmp_path, kept):
    """Reports of the plan's first tasks only, whose length (in LibreOffice 7.4) put “Nơi
    nhận” and the signer alone at the top of the last page before they were kept with the
    paragraph before them: that paragraph now goes with them."""
    from dataclasses import replace

    result = load_records(ROOT / "records", "records", examples=ROOT / "examples", examples_shown="examples")
    registry = result.registry
    as_of = dt.date(2019, 12, 31)
    plan = registry.plans[PLAN]
    first = set(plan.tasks[:kept])

    def prune(section):
        return replace(section, tasks=tuple(t for t in section.tasks if t in first), children=tuple(prune(c) for c in section.children))

    shorter = replace(plan, sections=tuple(prune(s) for s in plan.sections))
    report = build_report(registry, ProgressCalculator(registry, as_of).all(), shorter, as_of)
    assert report.total == kept
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(write_docx(report))
    texts = _pages(_pdf(docx, tmp_path))
    last = " ".join(texts[-1].split())
    assert "Nơi nhận:" in last and "(Đơn vị viết phần đánh giá" in last and "II. ĐÁNH GIÁ CHUNG, KIẾN NGHỊ" in last, texts[-1][:300]
