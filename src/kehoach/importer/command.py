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
        hint = (
            "Word tự đánh số các đoạn nên số không có trong chữ: trong Word chọn toàn bộ, tắt đánh số tự động (hoặc lưu thành .txt) rồi chạy lại"
            if source.auto_numbered
            else "kiểm tra đây là văn bản kế hoạch có các mục đánh số A-, I-, 1., a), -"
        )
        raise UsageError(f"{shown}: không thấy mục đánh số nào (A-, I-, 1. …) ({hint})") from None

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
    print(f"  Đã ghi {len(draft.files)} tệp vào {_shown(out)}: " + ", ".join(f.relative for f in draft.files) + ".", file=stdout)
    print(
        "  Bước tiếp: đọc từng chỗ “# KIỂM TRA”, sửa hoặc xóa chú thích, chép các tệp vào thư mục bản ghi rồi chạy “kehoach check”.",
        file=stdout,
    )
    return EXIT_OK
