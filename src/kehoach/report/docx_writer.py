"""The report as a Word document (.docx) in the layout of Hướng dẫn 36-HD/VPTW.

A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 pt for the text
(12 pt in tables and for the recipients, 14–15 pt for the title lines); page numbers at the top
from the second page. Every placeholder the office fills in (number, place, signer…) is
highlighted in yellow.

python-docx makes the document once per process (`_package`): page setup, styles, the page-number
header, every part of the package. Each report then only writes its body — paragraphs and tables
as WordprocessingML text — into that package's `word/document.xml`, and its author (the reporting
body) into `docProps/core.xml`. A site offers a report for
every plan, and going through python-docx's objects for every run and cell cost ~30 ms a report
(6 s for a province's 200 plans, 8 % of its build); this way it costs about 2 ms.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from kehoach.report.model import Line, Piece, Report, TaskRow

FONT = "Times New Roman"
BODY_SIZE = 13
TABLE_SIZE = 12
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less the left and right margins
MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
AUTHOR_MARK = "kehoach-tac-gia-bao-cao"  # replaced in each report's core properties by its reporting body
_ZIP_DATE = (2019, 1, 1, 0, 0, 0)  # the same bytes for the same report: builds stay reproducible
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ---------------------------------------------------------------- the package, made once by python-docx


@dataclass(frozen=True)
class _Package:
    archive: bytes  # a zip of every part but the document, compressed once
    document_head: str  # word/document.xml up to and including <w:body>
    document_tail: str  # the section properties and the end
    core: str  # docProps/core.xml, its author left as AUTHOR_MARK for each report's body


# Parts of python-docx's own template that no report needs: the picture of its empty page, and the
# Word 2010 copy of the styles (438 kB to compress for nothing).
_DROPPED = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml")


def _set_fonts(rpr, size_pt: int) -> None:
    """Times New Roman for every script (Latin, complex, East Asian), the size, Vietnamese as the language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    rpr.get_or_add_sz().val = Pt(size_pt)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


@lru_cache(maxsize=1)
def _package() -> _Package:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    _set_fonts(normal.element.get_or_add_rPr(), BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # The page number, centred at the top, from the second page on (36-HD/VPTW).
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    properties = document.core_properties
    properties.language = "vi-VN"
    # The author Word shows (File → Info) is the reporting body, set for each report — not the
    # program, nor python-docx's own “python-docx”.
    properties.author = AUTHOR_MARK
    properties.last_modified_by = ""
    properties.title = "Báo cáo kết quả thực hiện kế hoạch"
    properties.comments = "Lập bằng kehoach bao-cao từ bản ghi tiến độ"
    # The body python-docx starts with (one empty paragraph) is replaced by each report's.
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as made:
        parts = [(name, made.read(name)) for name in made.namelist() if name not in _DROPPED]
    text = dict(parts)[DOCUMENT_PART].decode("utf-8")
    head, rest = text.split("<w:body>", 1)
    tail = rest[rest.index("<w:sectPr"):]
    archive = io.BytesIO()
    # [Content_Types].xml first, as the packaging rules and Word expect; each report adds its document last.
    parts.sort(key=lambda part: part[0] != "[Content_Types].xml")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            if name not in (DOCUMENT_PART, CORE_PART):
                out.writestr(zipfile.ZipInfo(name, _ZIP_DATE), _without_dropped(data) if name.endswith((".rels", "].xml")) else data, zipfile.ZIP_DEFLATED)
    core = dict(parts)[CORE_PART].decode("utf-8")
    assert core.count(AUTHOR_MARK) == 1
    return _Package(archive.getvalue(), head + "<w:body>", tail, core)


def _without_dropped(data: bytes) -> bytes:
    """A relationships or content-types part without its entries for the dropped parts."""
    text = data.decode("utf-8")
    for name in _DROPPED:
        base = re.escape(name.rsplit("/", 1)[-1])
        text = re.sub(rf'<Relationship [^>]*Target="(?:[^"]*/)?{base}"[^>]*/>', "", text)
        text = re.sub(rf'<Override [^>]*PartName="/{re.escape(name)}"[^>]*/>', "", text)
    return text.encode("utf-8")


# ---------------------------------------------------------------- WordprocessingML, written as text


def _text(text: str) -> str:
    return escape(_NOT_XML.sub("", text.replace("\t", " ")))


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _run(piece: Piece, size: int | None = None, bold: bool = False, italic: bool = False, underline: bool = False) -> str:
    if not piece.text:
        return ""
    props = []
    if piece.bold or bold:
        props.append("<w:b/><w:bCs/>")
    if piece.italic or italic:
        props.append("<w:i/><w:iCs/>")
    if underline:
        props.append('<w:u w:val="single"/>')
    if size is not None:
        props.append(f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>')
    if piece.unknown:
        props.append('<w:highlight w:val="yellow"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    lines = piece.text.split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{_text(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def _para(
    line: Line | str,
    *,
    align: str | None = None,
    size: int | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    indent: bool = False,
    before: int = 0,
    after: int = 0,
    keep_next: bool = False,
) -> str:
    pieces: Line = (Piece(line),) if isinstance(line, str) else line
    props = []
    if keep_next:
        props.append("<w:keepNext/>")
    if before or after:
        props.append(f'<w:spacing w:before="{before * 20}" w:after="{after * 20}"/>')
    if indent:
        props.append(f'<w:ind w:firstLine="{_twips(10)}"/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    runs = "".join(_run(piece, size, bold, italic, underline) for piece in pieces)
    return f"<w:p>{ppr}{runs}</w:p>"


def _cell(paragraphs: Iterable[str], width_mm: float) -> str:
    inner = "".join(paragraphs) or "<w:p/>"  # a cell holds at least one paragraph
    return f'<w:tc><w:tcPr><w:tcW w:w="{_twips(width_mm)}" w:type="dxa"/></w:tcPr>{inner}</w:tc>'


def _table(cells: Sequence[Sequence[str]], widths_mm: Sequence[float], *, borders: bool = True, header: bool = False) -> str:
    """A table of fixed column widths (Word reads the cells' widths, LibreOffice the grid); with
    `header`, the first row repeats on every page; no row is split across pages."""
    edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' if borders else '<w:{0} w:val="nil"/>'
    edges = "".join(edge.format(name) for name in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = f'<w:tblCellMar><w:left w:w="{_twips(1.5)}" w:type="dxa"/><w:right w:w="{_twips(1.5)}" w:type="dxa"/></w:tblCellMar>'
    centred = '<w:jc w:val="center"/>' if borders else ""
    props = (
        f'<w:tblPr><w:tblW w:w="{_twips(sum(widths_mm))}" w:type="dxa"/>{centred}'
        f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/>{margins}'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in widths_mm) + "</w:tblGrid>"
    rows = []
    for index, row in enumerate(cells):
        repeat = "<w:tblHeader/>" if header and index == 0 else ""
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{''.join(_cell([c], w) for c, w in zip(row, widths_mm, strict=True))}</w:tr>")
    return f"<w:tbl>{props}{grid}{''.join(rows)}</w:tbl>"


def _cell_lines(lines: Iterable[str | Line], *, align: str | None = None, bold: bool = False, size: int = TABLE_SIZE) -> str:
    return "".join(_para(line, align=align, bold=bold, size=size) for line in lines)


def _grid(header: Sequence[str], rows: Sequence[Sequence[str | Sequence[str]]], widths_mm: Sequence[float], centred: Sequence[int] = (), bold_last: bool = False) -> str:
    cells = [[_cell_lines([text], align="center", bold=True) for text in header]]
    for number, row in enumerate(rows):
        bold = bold_last and number == len(rows) - 1
        cells.append([
            _cell_lines([value] if isinstance(value, str) else value, align="center" if index in centred else None, bold=bold)
            for index, value in enumerate(row)
        ])
    return _table(cells, widths_mm, header=True)


# ---------------------------------------------------------------- the report


def _heading(report: Report) -> str:
    """Two columns without borders: the reporting body and the number on the left; the Party's name
    and the place and date on the right."""
    left = _cell_lines(report.heading_lines, align="center", size=BODY_SIZE)
    place = tuple(Piece(p.text, p.unknown, p.bold, True) for p in report.place_date)
    right = _para(report.national_heading, align="center", size=15, bold=True, underline=True) + _para(place, align="center", size=14, before=6)
    return _table([[left, right]], (72, TEXT_WIDTH_MM - 72), borders=False)


def _task_cells(row: TaskRow) -> list[str | list[str]]:
    latest = [row.latest] if row.latest else ["Chưa có báo cáo"]
    if row.evidence:
        latest.append(f"Căn cứ: {row.evidence}")
    return [row.position, row.title, row.leads, row.deadline, row.status_text, latest]


def _closing(report: Report) -> str:
    """“Nơi nhận” and the signer block: one row that never splits, every paragraph in it kept with
    the next (as the plan page's print CSS keeps them), so the block never starts a page alone —
    the paragraph before it is kept with it too (`report_body`)."""
    title = _para((Piece("Nơi nhận:", bold=True, italic=True),), size=TABLE_SIZE, underline=True, keep_next=True)
    left = title + "".join(_para(line, size=TABLE_SIZE, keep_next=True) for line in report.recipients)
    right = "".join(_para(line, align="center", size=14, keep_next=True) for line in report.signer)
    return _table([[left, right]], (85, TEXT_WIDTH_MM - 85), borders=False)


def report_body(report: Report) -> str:
    """The body of word/document.xml: every paragraph and table of the report, in order."""
    out = [_heading(report), _para("")]
    out.append(_para(report.kind, align="center", bold=True, size=15, before=6))
    out.append(_para(report.title, align="center", bold=True, size=14))
    out.append(_para("-----", align="center", after=12))
    if report.illustrative:
        out.append(_para(
            (
                Piece("BẢN MINH HỌA: ", bold=True),
                Piece("báo cáo này dựa cả trên các báo cáo tiến độ minh họa, soạn để xem thử, không phải báo cáo thật; "
                      "mọi mục dựa trên chúng có nhãn “minh họa”.", italic=True),
            ),
            indent=True, after=6, align="both",
        ))
    out.append(_para("I. KẾT QUẢ THỰC HIỆN", bold=True, before=6, after=6, keep_next=True))
    out.append(_para("1. Tổng hợp chung", bold=True, after=6, keep_next=True))
    out.append(_para(report.summary, indent=True, after=6, align="both", keep_next=True))
    count_rows = [[label, str(count)] for label, count in report.counts] + [["Tổng số", str(report.total)]]
    out.append(_grid(["Tình trạng", "Số nhiệm vụ"], count_rows, (90, 35), centred=(1,), bold_last=True))

    out.append(_para("2. Kết quả thực hiện từng nhiệm vụ", bold=True, before=12, after=6, keep_next=True))
    if report.tasks:
        widths = (16, 38, 29, 25, 24, TEXT_WIDTH_MM - 16 - 38 - 29 - 25 - 24)
        out.append(_grid(["Vị trí", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng", "Báo cáo gần nhất"], [_task_cells(r) for r in report.tasks], widths))
    else:
        out.append(_para("Không có nhiệm vụ nào.", indent=True))

    out.append(_para("3. Nhiệm vụ quá hạn", bold=True, before=12, after=6, keep_next=True))
    if report.overdue:
        for row in report.overdue:
            due = f", hạn {row.due:%d/%m/%Y}" if row.due else ""
            out.append(_para((Piece(f"- {row.position}: {row.title}", bold=True), Piece(f" — {row.leads}{due}; {row.status_text}.")), indent=True, align="both"))
    else:
        out.append(_para("Không có nhiệm vụ quá hạn.", indent=True))

    out.append(_para("4. Số liệu chỉ tiêu", bold=True, before=12, after=6, keep_next=True))
    if report.figures:
        for figure in report.figures:
            out.append(_para((Piece(f"{figure.name} ", bold=True), Piece(f"({figure.unit}): {figure.meaning}")), indent=True, after=3, keep_next=True))
            rows: list[Sequence[str]] = [[line.period, line.organization + (" (minh họa)" if line.example else ""), line.value] for line in figure.lines]
            rows += [[period, "Cộng", total] for period, total in figure.totals]
            out.append(_grid(["Kỳ", "Đơn vị báo cáo", f"Giá trị ({figure.unit})"], rows, (30, 95, 40), centred=(0, 2)))
            out.append(_para("", after=6))
    else:
        out.append(_para("Chưa có số liệu chỉ tiêu nào được báo cáo đến ngày này.", indent=True))

    out.append(_para("II. ĐÁNH GIÁ CHUNG, KIẾN NGHỊ", bold=True, before=12, after=6, keep_next=True))
    # The last paragraph before the closing stays on its page (keep with next): whatever the office
    # writes here, “Nơi nhận” and the signer never fall alone on a page.
    out.append(_para((Piece("(Đơn vị viết phần đánh giá kết quả, hạn chế, nguyên nhân và kiến nghị.)", unknown=True, italic=True),), indent=True, after=12, keep_next=True))
    out.append(_closing(report))
    return "".join(out)


def write_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file: the package made once, and this report's document."""
    package = _package()
    document = package.document_head + report_body(report) + package.document_tail
    buffer = io.BytesIO(package.archive)
    core = package.core.replace(AUTHOR_MARK, _text(report.author))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(CORE_PART, _ZIP_DATE), core.encode("utf-8"), zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo(DOCUMENT_PART, _ZIP_DATE), document.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
