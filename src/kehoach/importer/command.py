"""`kehoach nhap TỆP`: draft a plan's records from its text (.txt, .docx, .pdf with a text layer).

Reads the file (`reading`), finds its heading, numbered units, recipients and signer (`structure`),
the tasks its units assign and who they go to, resolved against the registry of a records folder
(`assignments`), the deadlines (`deadlines`), and writes the draft records with a `# KIỂM TRA`
comment on each value it is unsure of (`drafting`), then a summary in Vietnamese. Bad input is one
line `kehoach: lỗi: <TỆP>: <what> (<how to fix>)`, exit code 2, and nothing written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, TextIO

DEFAULT_OUT = "ban-nhap"
DEFAULT_RECORDS = "records"
AUTO_NUMBERING_FIX = (
    "trong Word chọn toàn bộ văn bản (Ctrl+A), bấm chuột phải vào một số tự động, chọn Chuyển số thành chữ "
    "(Convert Numbering to Text) rồi lưu; hoặc Lưu thành… văn bản thuần .txt (Plain Text, UTF-8) rồi chạy lại với tệp .txt"
)


def add_command(commands: Any) -> None:
    """Register `nhap` on the CLI's subparsers."""
    nhap = commands.add_parser(
        "nhap",
        help="soạn bản nháp bản ghi của một kế hoạch từ văn bản (.txt, .docx, .pdf có lớp chữ)",
        description="Đọc văn bản kế hoạch và soạn bản nháp các bản ghi: kế hoạch (đầu văn bản, các mục đánh số chép nguyên văn, "
        "nhiệm vụ, thời hạn, nơi nhận, người ký), các tổ chức danh mục chưa có, và bản chép văn bản nguồn. Tên tổ chức được đối "
        "chiếu với danh mục của THƯ_MỤC_BẢN_GHI (tên, tên khác, chữ viết tắt, nhóm; có dấu hay không dấu). Mỗi giá trị chưa chắc "
        "có chú thích “# KIỂM TRA: …” ngay sau. Không ghi đè tệp đã có nếu không có --ghi-de. "
        "Mã thoát: 0 đã ghi bản nháp, 2 tệp không đọc được hoặc gọi lệnh sai (không ghi gì).",
    )
    nhap.add_argument("file", metavar="TỆP", help="văn bản kế hoạch: .txt hoặc .md (UTF-8, hoặc UTF-16 có BOM), .docx, .pdf có lớp chữ")
    nhap.add_argument(
        "--ban-ghi", metavar="THƯ_MỤC_BẢN_GHI", default=None,
        help=f"thư mục bản ghi có danh mục tổ chức, nhóm, chỉ thị để đối chiếu (mặc định {DEFAULT_RECORDS} nếu có)",
    )  # fmt: skip
    nhap.add_argument("--out", "-o", metavar="THƯ_MỤC", default=DEFAULT_OUT, help=f"thư mục ghi bản nháp, cùng bố cục với records/ (mặc định {DEFAULT_OUT})")
    nhap.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có trong thư mục ghi")
    nhap.set_defaults(run=run_import)


def _shown(path: Path) -> str:
    try:
        absolute = path.resolve()
        cwd = Path.cwd().resolve()
        if absolute.is_relative_to(cwd):
            return os.path.relpath(absolute, cwd).replace(os.sep, "/")
        return str(absolute)
    except OSError:
        return str(path)


def run_import(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from kehoach.cli_common import EXIT_OK, UsageError
    from kehoach.importer.assignments import OrgIndex, assign
    from kehoach.importer.drafting import build_draft
    from kehoach.importer.reading import InputRefused, read_source
    from kehoach.importer.structure import NoStructure, parse_document
    from kehoach.records.loader import load_records

    path = Path(args.file)
    shown = args.file
    try:
        source = read_source(path)
    except InputRefused as refused:
        raise UsageError(f"{shown}: {refused}") from None
    try:
        document = parse_document(source.lines)
    except NoStructure:
        if source.auto_numbered:
            raise UsageError(
                f"{shown}: không thấy mục đánh số nào trong chữ: {source.auto_numbered} đoạn do Word tự đánh số nên các số A-, I-, 1. … "
                f"không nằm trong chữ của văn bản ({AUTO_NUMBERING_FIX})"
            ) from None
        raise UsageError(f"{shown}: không thấy mục đánh số nào (A-, I-, 1. …) (kiểm tra đây là văn bản kế hoạch có các mục đánh số A-, I-, 1., a), -)") from None

    records = Path(args.ban_ghi) if args.ban_ghi is not None else Path(DEFAULT_RECORDS)
    registry_note = ""
    if args.ban_ghi is not None and not records.is_dir():
        raise UsageError(f"{args.ban_ghi}: không tìm thấy thư mục bản ghi (ghi đường dẫn thư mục bản ghi có to-chuc/, nhom/)")
    if records.is_dir():
        loaded = load_records(records, _shown(records))
        registry = loaded.registry
        if loaded.errors:
            registry_note = f"thư mục bản ghi {_shown(records)} có {len(loaded.errors)} lỗi (kehoach check): danh mục đối chiếu có thể thiếu"
    else:
        from kehoach.domain.model import Registry

        registry = Registry()
        registry_note = "không có thư mục bản ghi để đối chiếu: mọi tổ chức được soạn là tổ chức mới (dùng --ban-ghi)"
    index = OrgIndex(registry.organizations.values())
    assignments = assign(document, index)
    draft = build_draft(document, assignments, index, registry.directives, set(registry.plans), path.name, source.text)

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{args.out}: đã có tệp tên này, không phải thư mục (chọn --out khác)")
    existing = [f.relative for f in draft.files if (out / f.relative).exists()]
    drafted = {f.relative for f in draft.files}
    left_over = sorted(
        relative for relative in (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) if relative not in drafted
    ) if out.is_dir() else []  # fmt: skip
    if existing and not args.ghi_de:
        more = f" và {len(existing) - 1} tệp khác" if len(existing) > 1 else ""
        raise UsageError(f"{_shown(out / existing[0])}{more}: đã có (thêm --ghi-de để ghi đè, hoặc chọn --out khác)")
    try:
        for file in draft.files:
            target = out / file.relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise UsageError(f"không ghi được vào {args.out}: {error.strerror or error}") from None

    print(f"kehoach nhap: đã đọc {shown} ({source.form}, {len(source.lines)} dòng).", file=stdout)
    for note in source.notes:
        print(f"  Lưu ý khi đọc: {note}.", file=stdout)
    if registry_note:
        print(f"  Lưu ý: {registry_note}.", file=stdout)
    for line in draft.summary:
        print(f"  {line}", file=stdout)
    merged = _auto_numbered_warning(source.auto_numbered, source.auto_numbered_texts)
    if merged:
        print(f"  {merged}", file=stdout)
    copy = _copy_in_registry(document, draft, registry, records)
    if copy:
        print(f"  {copy}", file=stdout)
    if existing:
        print(f"  Đã ghi đè {len(existing)} tệp có sẵn (--ghi-de; chỗ đã sửa tay trong các tệp này không còn): {', '.join(existing)}.", file=stdout)
    if left_over:
        shown_left = ", ".join(left_over[:8]) + (f" và {len(left_over) - 8} tệp khác" if len(left_over) > 8 else "")
        print(
            f"  Lưu ý: thư mục ghi còn {len(left_over)} tệp không thuộc bản nháp này (của lần soạn trước?): {shown_left} — "
            "đừng chép chúng vào bản ghi; lần sau soạn vào một thư mục mới, trống.",
            file=stdout,
        )
    print(f"  Đã ghi {len(draft.files)} tệp vào {_shown(out)}: " + ", ".join(f.relative for f in draft.files) + ".", file=stdout)
    print(
        "  Bước tiếp: đọc từng chỗ “# KIỂM TRA”, sửa hoặc xóa chú thích, chép các tệp vào thư mục bản ghi rồi chạy “kehoach check”.",
        file=stdout,
    )
    return EXIT_OK


def _auto_numbered_warning(count: int, texts: list[str]) -> str:
    """When some paragraphs of a .docx were numbered by Word itself while others have typed numbers: the
    former have no number in the text, so each was read as a paragraph of the numbered unit before it."""
    if not count:
        return ""
    shown = "; ".join(f"“{text if len(text) <= 50 else text[:49].rsplit(' ', 1)[0] + '…'}”" for text in texts[:3] if text)
    more = f" và {count - 3} đoạn khác" if count > 3 else ""
    return (
        f"Cảnh báo: {count} đoạn do Word tự đánh số (số không nằm trong chữ) đã bị gộp vào mục đánh số đứng trước"
        + (f" ({shown}{more})" if shown else "")
        + f" — kiểm tra các mục đó, hoặc sửa tệp rồi soạn lại: {AUTO_NUMBERING_FIX}."
    )


def _copy_in_registry(document: Any, draft: Any, registry: Any, records: Path) -> str:
    """One line when the registry already has this plan (same number in the same year, or the same
    issuer and title), naming its record file; '' otherwise."""
    import yaml

    from kehoach.domain.textfold import fold_key

    heading = document.heading
    try:
        drafted = yaml.safe_load(draft.files[0].text) or {}
    except yaml.YAMLError:
        drafted = {}
    issuer = drafted.get("co_quan_ban_hanh") if isinstance(drafted, dict) else None
    number = fold_key(heading.number) if heading.number else None
    title = fold_key(heading.title) if heading.title else None
    year = heading.date[2] if heading.date else None
    for plan in registry.plans.values():
        same_number = number is not None and plan.number and fold_key(plan.number) == number and (year is None or plan.date is None or plan.date.year == year)
        same_title = title is not None and issuer and plan.issuer_id == issuer and fold_key(plan.title) == title
        if same_number or same_title:
            found = [p for p in (records / "ke-hoach").rglob("*.yml") if p.stem == plan.id] if (records / "ke-hoach").is_dir() else []
            where = _shown(found[0]) if found else _shown(records / "ke-hoach" / f"{plan.id}.yml")
            why = f"cùng số {plan.number}" if same_number else "cùng cơ quan ban hành và trích yếu"
            return f"Cảnh báo: thư mục bản ghi đã có kế hoạch này ({why}): {where} — đừng thêm bản thứ hai; chỉ dùng bản nháp để đối chiếu, sửa bản đã có."
    return ""
