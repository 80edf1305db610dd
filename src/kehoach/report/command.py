"""`kehoach bao-cao`: the progress report of a plan as a Word document (.docx).

Reads the records as the site build does (the folders and as-of date of mkdocs.yml, or of
KEHOACH_RECORDS / KEHOACH_EXAMPLES / KEHOACH_AS_OF), computes every task's status as of the date
(kehoach.domain.status — the same statuses and counts as the site), builds the report
(`model.build_report`) and writes it (`docx_writer.write_docx`). Errors are one line in
Vietnamese: exit code 2 for a wrong call (unknown plan or organization, a plan marked above the
secrecy limit — said as such, with how to allow it —, a group or an organization with no task in the
plan as reporter, a bad date, an existing file without --ghi-de), 1 for records with errors (each
problem printed as `kehoach check` prints it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any, TextIO

from kehoach.cli_common import EXIT_OK, EXIT_PROBLEMS, PROGRAM, UsageError, kehoach_options
from kehoach.domain.model import Plan, Registry
from kehoach.domain.vocabulary import PublishLimit


def add_command(commands: Any) -> None:
    """Register `bao-cao` on the CLI's subparsers."""
    report = commands.add_parser(
        "bao-cao",
        help="lập báo cáo kết quả thực hiện một kế hoạch thành tệp Word (.docx)",
        description="Lập báo cáo kết quả thực hiện kế hoạch tính đến một ngày, theo thể thức Hướng dẫn 36-HD/VPTW, thành tệp "
        ".docx mở được bằng Word hoặc LibreOffice: tên cơ quan báo cáo, số (để trống), địa danh và ngày, “BÁO CÁO” và trích "
        "yếu, số nhiệm vụ theo tình trạng (như thanh tiến độ trên trang), bảng từng nhiệm vụ, nhiệm vụ quá hạn, số liệu chỉ "
        "tiêu, nơi nhận và chỗ ký. Thông tin bản ghi không có (số báo cáo, địa danh chưa rõ, người ký…) để trống và tô vàng "
        "để đơn vị điền. Mã thoát: 0 đã ghi, 1 bản ghi có lỗi, 2 gọi lệnh sai hoặc tệp đã có (không ghi gì).",
    )
    report.add_argument("--ke-hoach", metavar="MÃ", help="mã kế hoạch (trường id của bản ghi kế hoạch); bỏ qua được nếu chỉ có một kế hoạch")
    report.add_argument(
        "--ngay", metavar="NGÀY",
        help="tính đến ngày này, viết ngày/tháng/năm, ví dụ 01/06/2019 hoặc 1/6/2019 (mặc định: ngày mà trang tính đến — extra.as_of, KEHOACH_AS_OF, hoặc hôm nay)",
    )  # fmt: skip
    report.add_argument(
        "--to-chuc", metavar="MÃ",
        help="chỉ báo cáo các nhiệm vụ tổ chức này chủ trì hoặc phối hợp (trực tiếp hay qua nhóm); tổ chức này đứng tên báo cáo. "
        "Không nhận nhóm có danh sách thành viên: thành viên báo cáo, không phải nhóm",
    )  # fmt: skip
    report.add_argument("--out", "-o", metavar="TỆP.docx", help="tệp ghi ra (mặc định bao-cao-<mã kế hoạch>[-<mã tổ chức>]-<ngày>.docx ở thư mục hiện tại)")
    report.add_argument("--ghi-de", action="store_true", help="cho phép thay tệp đã có")
    report.add_argument(
        "--config-file", "-f", metavar="TỆP", default=None,
        help="tệp cấu hình MkDocs để đọc thư mục bản ghi, thư mục ví dụ và ngày tính (mặc định mkdocs.yml, nếu có)",
    )  # fmt: skip
    report.set_defaults(run=run_report)


def _shown(path: Path) -> str:
    """A path as messages name it: relative to the current folder when inside it."""
    absolute, cwd = path.resolve(), Path.cwd().resolve()
    return (os.path.relpath(absolute, cwd) if absolute.is_relative_to(cwd) else str(absolute)).replace(os.sep, "/")


def _mkdocs_options(config: Path) -> tuple[dict[str, Any], str]:
    """kehoach's options in mkdocs.yml (cli_common.kehoach_options); an unreadable file is a usage error."""
    from kehoach.records.yamlsource import parse_record_text

    try:
        value, _ = parse_record_text(config.as_posix(), config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"không đọc được {_shown(config)}: {getattr(error, 'strerror', None) or error}") from None
    return kehoach_options(value)


def _config_file(given: str | None) -> Path | None:
    """-f names a file that must exist; without it, mkdocs.yml is read if there is one."""
    if given is None:
        implicit = Path("mkdocs.yml")
        return implicit if implicit.is_file() else None
    path = Path(given)
    if path.is_dir():
        raise UsageError(f"{_shown(path)} là thư mục, không phải tệp cấu hình MkDocs; ghi đường dẫn tới mkdocs.yml")
    if not path.is_file():
        raise UsageError(f"không tìm thấy tệp cấu hình {_shown(path)}")
    return path


def _date(text: str) -> dt.date:
    """A date as clerks write it (1/6/2019, 01/06/2019) or ISO (2019-06-01): the records' own parser."""
    from kehoach.records.schema import parse_date

    day, why = parse_date(text)
    if day is None:
        detail = f" ({why})" if why and not why.startswith("“") else ""
        raise UsageError(f"--ngay {text}: không phải ngày{detail}; viết ngày/tháng/năm, ví dụ 01/06/2019")
    return day


def _above_limit(plan: Plan, limit: PublishLimit, wanted: str | None, where: str) -> UsageError:
    """The plan exists but carries a secrecy mark above the limit this command publishes: say so,
    and how to allow it (as docs/huong-dan/bao-mat.md sets the limit)."""
    from kehoach.records.settings import PUBLISH_LIMIT_OPTION, PUBLISH_LIMIT_VARIABLE

    mark = plan.secrecy
    assert mark is not None
    needed = next(level for level in PublishLimit if level.rank >= mark.rank)
    who = f"--ke-hoach {wanted}: kế hoạch" if wanted else f"kế hoạch {plan.id}:"
    return UsageError(
        f"{who} đóng dấu {mark.label}, cao hơn mức độ mật lệnh được phép lập báo cáo "
        f"({PUBLISH_LIMIT_OPTION}: {limit.value}, {limit.label}); muốn lập, ghi {PUBLISH_LIMIT_OPTION}: {needed.value} "
        f"{where} hoặc đặt biến môi trường {PUBLISH_LIMIT_VARIABLE}={needed.value} (xem hướng dẫn “Văn bản mật và hai trang”)"
    )


def _choose_plan(
    registry: Registry, wanted: str | None, everything: Registry | None = None, limit: PublishLimit = PublishLimit.NONE, where: str = "dưới extra: trong mkdocs.yml"
) -> str:
    """The plan to report on; `everything` holds the records before the secrecy limit, to tell a
    plan left out by the limit from one that does not exist; `where` says where the limit is set."""
    ids = list(registry.plans)
    hidden = [p for key, p in (everything.plans if everything is not None else {}).items() if key not in registry.plans]
    if wanted is not None and wanted not in registry.plans:
        withheld = next((p for p in hidden if p.id == wanted), None)
        if withheld is not None:
            raise _above_limit(withheld, limit, wanted, where)
    if wanted is None and not ids and len(hidden) == 1:
        raise _above_limit(hidden[0], limit, None, where)
    if wanted is None and not ids and hidden:
        from kehoach.records.settings import PUBLISH_LIMIT_OPTION, PUBLISH_LIMIT_VARIABLE

        raise UsageError(
            f"bộ bản ghi có {len(hidden)} kế hoạch, đều đóng dấu mật cao hơn mức độ mật lệnh được phép lập báo cáo "
            f"({PUBLISH_LIMIT_OPTION}: {limit.value}); muốn lập, nâng {PUBLISH_LIMIT_OPTION} {where} "
            f"hoặc biến môi trường {PUBLISH_LIMIT_VARIABLE}, rồi chọn một bằng --ke-hoach MÃ"
        )
    if wanted is None:
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise UsageError("bộ bản ghi không có kế hoạch nào để báo cáo")
        raise UsageError(f"có {len(ids)} kế hoạch; chọn một bằng --ke-hoach MÃ: {', '.join(ids[:10])}" + ("…" if len(ids) > 10 else ""))
    if wanted not in registry.plans:
        known = ", ".join(ids[:10]) + ("…" if len(ids) > 10 else "")
        raise UsageError(f"--ke-hoach {wanted}: không có kế hoạch mã này" + (f"; các mã có: {known}" if ids else ""))
    return wanted


def _check_reporter(registry: Registry, plan: Plan, organization_id: str) -> None:
    """--to-chuc names an organization that has a task in the plan (it leads or coordinates one,
    itself or through a group), or the plan's issuer (the report of the whole plan). A group that
    lists its members does not report: one of its members does."""
    from kehoach.report.model import organization_tasks

    given = f"--to-chuc {organization_id}"
    organization = registry.organizations.get(organization_id)
    if organization is None:
        raise UsageError(f"{given}: không có tổ chức mã này trong danh mục")
    if organization_id == plan.issuer_id:
        return
    if organization.is_group and organization.member_ids:
        # Members with a task in the plan first: those are the ones that report on it.
        members = sorted(organization.member_ids, key=lambda m: m in registry.organizations and not organization_tasks(registry, m, plan))
        named = ", ".join(f"{m} ({registry.display_name(m)})" if m in registry.organizations else m for m in members[:3])
        more = "…" if len(members) > 3 else ""
        raise UsageError(f"{given}: {registry.display_name(organization_id)} là một nhóm — nhóm không tự báo cáo, một thành viên của nhóm báo cáo; chọn một thành viên, ví dụ {named}{more}")
    if not organization_tasks(registry, organization_id, plan):
        number = f" ({plan.number})" if plan.number else ""
        raise UsageError(
            f"{given}: {registry.display_name(organization_id)} không chủ trì, không phối hợp nhiệm vụ nào của kế hoạch {plan.id}{number}, "
            "trực tiếp hay qua nhóm — không có gì để báo cáo"
        )


def _output(args: argparse.Namespace, stem: str) -> Path:
    out = Path(args.out) if args.out else Path(f"{stem}.docx")
    shown = _shown(out)
    if out.suffix.lower() != ".docx":
        raise UsageError(f"{shown}: tệp báo cáo phải có tên kết thúc bằng .docx")
    if out.is_dir():
        raise UsageError(f"{shown}: đã có thư mục tên này; chọn tên tệp khác")
    if (out.exists() or out.is_symlink()) and not args.ghi_de:
        raise UsageError(f"{shown}: đã có tệp; chọn tên khác hoặc thêm --ghi-de")
    if not out.parent.is_dir():
        raise UsageError(f"{shown}: không có thư mục {_shown(out.parent)}")
    return out


def run_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Wrong calls raise UsageError: kehoach.cli prints it in one line, exit code 2."""
    from kehoach.domain.confidentiality import cited_left_out, restrict
    from kehoach.domain.status import ProgressCalculator
    from kehoach.records.loader import load_records
    from kehoach.records.settings import resolve_settings
    from kehoach.report.docx_writer import write_docx
    from kehoach.report.model import build_report

    as_of_given = _date(args.ngay) if args.ngay else None
    config = _config_file(args.config_file)
    if config is not None:
        options, origin = _mkdocs_options(config)
        settings, problems = resolve_settings(config.parent.resolve(), options, os.environ, origin=origin, config_file=_shown(config))
        # Where this configuration sets kehoach's options: a new office's under the plugin (kehoach init).
        limit_where = f"dưới {'plugins: - kehoach:' if origin == 'plugins.kehoach' else 'extra:'} trong {_shown(config)}"
    else:
        settings, problems = resolve_settings(Path.cwd(), {}, os.environ)
        limit_where = "dưới extra: trong mkdocs.yml"
    if settings is None or any(p.is_error for p in problems):
        for problem in problems:
            print(problem, file=stdout)
        print(f"{PROGRAM} bao-cao: cấu hình có lỗi — không lập báo cáo", file=stderr)
        return EXIT_PROBLEMS
    for folder in (settings.records, settings.examples):
        if folder is not None and not folder.is_dir():
            raise UsageError(f"không tìm thấy thư mục bản ghi: {_shown(folder)}")
    examples = settings.examples
    result = load_records(
        settings.records, _shown(settings.records), examples=examples, examples_shown=_shown(examples) if examples else None
    )
    loaded_problems = list(result.problems)
    registry = result.registry
    if not result.errors:
        # As the site publishes them: documents above its secrecy limit are not in the report either.
        registry, _ = restrict(result.registry, settings.publish_limit)
        loaded_problems += cited_left_out(registry, result.registry)
    if any(p.is_error for p in loaded_problems):
        for problem in loaded_problems:
            print(problem, file=stdout)
        errors = sum(p.is_error for p in loaded_problems)
        print(f"{PROGRAM} bao-cao: {errors} lỗi trong bản ghi — không lập báo cáo; sửa rồi chạy lại (xem “{PROGRAM} check”)", file=stderr)
        return EXIT_PROBLEMS
    plan_id = _choose_plan(registry, args.ke_hoach, result.registry, settings.publish_limit, limit_where)
    if args.to_chuc is not None:
        _check_reporter(registry, registry.plans[plan_id], args.to_chuc)
    as_of = as_of_given or settings.as_of
    progress = ProgressCalculator(registry, as_of).all()
    report = build_report(registry, progress, registry.plans[plan_id], as_of, args.to_chuc)
    out = _output(args, report.file_stem)
    data = write_docx(report)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise UsageError(f"không ghi được {_shown(out)}: {error.strerror or error}") from None
    illustrative = " (có số liệu minh họa, đã ghi nhãn)" if report.illustrative else ""
    print(
        f"{PROGRAM} bao-cao: đã ghi {_shown(out)} — {report.total} nhiệm vụ, tính đến ngày {as_of:%d/%m/%Y}{illustrative}. "
        f"Chỗ tô vàng cần điền: {'; '.join(report.unknowns)}.",
        file=stdout,
    )
    return EXIT_OK
