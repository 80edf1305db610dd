"""A plan's file as lines of text: .txt / .md (UTF-8, or UTF-16 with its byte order mark), .docx
(python-docx: paragraphs and table cells in document order) and .pdf with a text layer (pypdf).

What cannot be read is refused with one `InputRefused` (what is wrong, how to fix it), before
anything is written. Lines come back NFC, without control characters; a blank line separates the
paragraphs of a .docx and the pages of a .pdf.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# A plan is a few pages; a text file far bigger than this is not one (and would not fit a record).
MAX_TEXT_BYTES = 5_000_000
MAX_DOCX_BYTES = 50_000_000
MAX_PDF_BYTES = 50_000_000

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc (and .xls…)
_ZIP_SIGNATURE = b"PK\x03\x04"
_PDF_SIGNATURE = b"%PDF"
_RTF_SIGNATURE = b"{\\rtf"

# Characters dropped from the text: C0/C1 controls other than tab and line break, bidi controls,
# zero-width characters, the byte order mark and soft hyphens (none is part of what a document says).
_DROPPED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_FORM_FEED = re.compile("[\x0c\u2028\u2029]")
# A PDF page number alone on its line.
_PAGE_NUMBER = re.compile(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*\Z")
# Vietnamese letters Windows-1252 / Windows-1258 text shows when read as UTF-8 would have failed; a
# decodable text full of these is Vietnamese saved in a legacy code page and decoded wrongly elsewhere.
_SAVE_AS_UTF8 = "mở tệp bằng Notepad hoặc trình soạn thảo, chọn Lưu thành… (Save As) với bảng mã UTF-8, rồi chạy lại"


class InputRefused(Exception):
    """The file cannot be imported: what is wrong and how to fix it (one line each)."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} ({fix})")
        self.what = what
        self.fix = fix


@dataclass
class SourceText:
    """The text of a plan's file, line by line, and what reading it changed or noticed."""

    lines: list[str]
    form: str  # "văn bản thuần", "Word .docx", "PDF"
    notes: list[str] = field(default_factory=list)
    auto_numbered: int = 0  # .docx paragraphs numbered by Word itself (their numbers are not in the text)
    auto_numbered_texts: list[str] = field(default_factory=list)  # those paragraphs' words, in order

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip("\n") + "\n"


def read_source(path: Path) -> SourceText:
    """The file's text; InputRefused when it cannot be read as a plan's text."""
    if not path.exists():
        raise InputRefused("không tìm thấy tệp", "kiểm tra tên và đường dẫn tệp")
    if path.is_dir():
        raise InputRefused("đây là thư mục, không phải tệp", "ghi đường dẫn tới tệp .txt, .docx hoặc .pdf của kế hoạch")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InputRefused("tệp Word cũ (.doc) không đọc được", "mở bằng Word và Lưu thành… định dạng .docx, rồi chạy lại")
    if suffix not in SUFFIXES:
        raise InputRefused(f"không đọc được tệp đuôi “{path.suffix or '(không có đuôi)'}”", "dùng tệp .txt (UTF-8), .docx hoặc .pdf có lớp chữ")
    try:
        size = path.stat().st_size
        limit = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES else MAX_DOCX_BYTES
        if size > limit:
            raise InputRefused(f"tệp quá lớn ({size:,} byte)".replace(",", "."), "tách phần văn bản kế hoạch ra tệp riêng")
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as error:
        raise InputRefused(f"không đọc được tệp: {error.strerror or error}", "kiểm tra quyền đọc tệp") from None
    if not data.strip():
        raise InputRefused("tệp rỗng", "chọn tệp có nội dung kế hoạch")
    if suffix == ".docx":
        source = _read_docx(path, data)
    elif suffix == ".pdf":
        source = _read_pdf(path, data)
    else:
        source = _read_text(data)
    if not any(line.strip() for line in source.lines):
        raise InputRefused("tệp không có chữ", "chọn tệp có nội dung kế hoạch")
    return source


# ---------------------------------------------------------------- plain text


def _read_text(data: bytes) -> SourceText:
    notes: list[str] = []
    if data.startswith(_ZIP_SIGNATURE):
        raise InputRefused("tệp là tệp nén (có thể là Word .docx) dù tên đuôi là văn bản thuần", "đổi đuôi tệp thành .docx, hoặc lưu lại thành văn bản thuần UTF-8")
    if data.startswith(_PDF_SIGNATURE):
        raise InputRefused("tệp là PDF dù tên đuôi là văn bản thuần", "đổi đuôi tệp thành .pdf")
    if data.startswith((_OLE_SIGNATURE, _RTF_SIGNATURE)):
        raise InputRefused("tệp là tài liệu Word (.doc/.rtf) dù tên đuôi là văn bản thuần", "mở bằng Word và Lưu thành… .docx hoặc văn bản thuần UTF-8")
    for bom, encoding in _UTF16_BOMS.items():
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise InputRefused("tệp ghi dấu UTF-16 nhưng nội dung hỏng", _SAVE_AS_UTF8) from None
            notes.append("tệp lưu bằng bảng mã UTF-16; đã đọc được")
            return SourceText(_clean_lines(text.splitlines(), notes), "văn bản thuần", notes)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    if _is_binary(data):
        raise InputRefused(_NOT_TEXT, _NOT_TEXT_FIX)
    if b"\x00" in data:
        raise InputRefused("tệp có vẻ lưu bằng bảng mã UTF-16 không có dấu BOM", _SAVE_AS_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputRefused(
            f"tệp không phải UTF-8 (dòng {line}; có thể lưu bằng bảng mã cũ Windows-1258/Windows-1252 hoặc TCVN3)", _SAVE_AS_UTF8
        ) from None
    return SourceText(_clean_lines(text.splitlines(), notes), "văn bản thuần", notes)


_NOT_TEXT = "tệp không phải văn bản: nội dung là dữ liệu máy (có thể là ảnh, tệp nén hoặc tệp của chương trình khác) dù tên đuôi là văn bản thuần"
_NOT_TEXT_FIX = "mở văn bản kế hoạch bằng Word hoặc Notepad và Lưu thành… văn bản thuần UTF-8, hoặc dùng đúng tệp .docx/.pdf"
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def _is_binary(data: bytes) -> bool:
    """Whether the bytes are not text in any encoding a plan is saved in: control bytes a text has not,
    or, with zero bytes, not UTF-16 either (whose zero bytes are the high halves of Latin letters)."""
    sample = data[:65536]
    if b"\x00" in sample:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = sample[: len(sample) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            latin = sum(1 for c in text if ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF or 0x2000 <= ord(c) <= 0x206F)
            controls = sum(1 for c in text if ord(c) < 0x20 and c not in "\t\n\r\x0c")
            if latin >= 0.9 * len(text) and controls <= 0.01 * len(text):
                return False
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


def _clean_lines(raw: list[str], notes: list[str]) -> list[str]:
    lines: list[str] = []
    dropped = 0
    for line in raw:
        for part in _FORM_FEED.split(line):
            cleaned, count = _DROPPED.subn("", part)
            dropped += count
            lines.append(unicodedata.normalize("NFC", cleaned.replace("\t", "    ")).rstrip())
    if dropped:
        notes.append(f"đã bỏ {dropped} ký tự điều khiển hoặc ký tự vô hình")
    return lines


# ---------------------------------------------------------------- Word


def _read_docx(path: Path, data: bytes) -> SourceText:
    if data.startswith(_OLE_SIGNATURE):
        raise InputRefused("tệp là Word cũ (.doc) dù tên đuôi là .docx", "mở bằng Word và Lưu thành… định dạng .docx, rồi chạy lại")
    if data.startswith(_PDF_SIGNATURE):
        raise InputRefused("tệp là PDF dù tên đuôi là .docx", "đổi đuôi tệp thành .pdf")
    if not data.startswith(_ZIP_SIGNATURE):
        if not _is_binary(data):
            raise InputRefused("tệp không phải Word .docx mà là văn bản thuần", "đổi đuôi tệp thành .txt, hoặc mở bằng Word và Lưu thành… định dạng .docx")
        raise InputRefused("tệp không phải Word .docx: nội dung không phải của một văn bản Word", "mở bằng Word và Lưu thành… định dạng .docx, hoặc lưu thành văn bản thuần .txt")
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputRefused(
                    "tệp là tệp nén nhưng không chứa văn bản Word (có thể là tệp Excel, PowerPoint hoặc tệp nén khác)",
                    "mở kế hoạch bằng Word và Lưu thành… định dạng .docx",
                )
    except zipfile.BadZipFile:
        raise InputRefused("tệp .docx bị hỏng (không mở được tệp nén)", "mở bằng Word để sửa rồi lưu lại, hoặc lưu thành văn bản thuần .txt") from None
    import docx  # python-docx: imported here so that `kehoach --help` stays quick
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a damaged file
        raise InputRefused("tệp .docx bị hỏng hoặc không trọn vẹn, không đọc được nội dung", "mở bằng Word để sửa rồi lưu lại, hoặc lưu thành văn bản thuần .txt") from None
    raw: list[str] = []
    numbered = 0
    numbered_texts: list[str] = []

    def paragraph_lines(paragraph: Paragraph) -> None:
        nonlocal numbered
        properties = paragraph._p.pPr
        if properties is not None and properties.numPr is not None:
            numbered += 1
            numbered_texts.append(" ".join(unicodedata.normalize("NFC", paragraph.text).split()))
        raw.extend(paragraph.text.split("\n"))
        raw.append("")

    def table_lines(table: Table) -> None:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                    continue
                seen.add(id(cell._tc))
                for block in cell.iter_inner_content():
                    if isinstance(block, Paragraph):
                        paragraph_lines(block)
                    else:
                        table_lines(block)

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph_lines(block)
        else:
            table_lines(block)
    notes: list[str] = []
    source = SourceText(_clean_lines(raw, notes), "Word .docx", notes, auto_numbered=numbered, auto_numbered_texts=numbered_texts)
    if numbered:
        notes.append(f"{numbered} đoạn được Word tự đánh số: số thứ tự của chúng không có trong chữ")
    return source


# ---------------------------------------------------------------- PDF


def _read_pdf(path: Path, data: bytes) -> SourceText:
    if not data.startswith(_PDF_SIGNATURE):
        raise InputRefused("tệp không phải PDF", "kiểm tra lại tệp, hoặc lưu kế hoạch thành .docx hay .txt")
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not ours to print
    locked = InputRefused(
        "tệp PDF có đặt mật khẩu nên không đọc được chữ",
        "mở bằng trình đọc PDF (nhập mật khẩu) rồi lưu hoặc in ra một bản PDF không đặt mật khẩu, hoặc dùng bản .docx",
    )
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001
                raise locked from None
            if not opened:
                raise locked
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputRefused:
        raise
    except FileNotDecryptedError:
        raise locked from None
    except Exception:  # noqa: BLE001 - a damaged PDF raises many kinds
        raise InputRefused(
            "tệp PDF bị hỏng hoặc không trọn vẹn (có thể tải về hoặc chép chưa hết), không đọc được nội dung",
            "tải hoặc chép lại tệp rồi mở thử bằng trình đọc PDF; nếu vẫn lỗi, dùng bản .docx/.txt",
        ) from None
    letters = sum(1 for page in pages for ch in page if ch.isalpha())
    if letters < 20 * max(1, len(pages)) // 2:
        raise InputRefused("tệp PDF không có lớp chữ (có thể là bản quét)", "nhận dạng chữ (OCR) trước, hoặc dùng bản .docx/.txt của kế hoạch")
    raw: list[str] = []
    dropped_numbers = 0
    for page in pages:
        for line in page.splitlines():
            if _PAGE_NUMBER.fullmatch(line):
                dropped_numbers += 1
                continue
            raw.append(line)
        raw.append("")
    notes = [f"đọc {len(pages)} trang PDF"]
    if dropped_numbers:
        notes.append(f"đã bỏ {dropped_numbers} dòng chỉ có số trang")
    return SourceText(_clean_lines(raw, notes), "PDF", notes)
