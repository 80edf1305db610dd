"""The `kehoach` command: check records, export JSON Schemas, build an offline bundle.

Exit codes (for pre-commit and CI):
  0  no problem (warnings allowed unless --strict)
  1  the records have errors (or warnings with --strict), or a build failed
  2  usage error: unknown option, missing folder, unwritable output (also standard output: a full disk)
  3  internal error (a bug in kehoach; reported without a traceback)

A reader that leaves early (`kehoach check | head`) or a standard output closed before the start
(`>&-`) does not change the code: problems found are exit code 1 even if nobody read them.

Everything people read is Vietnamese; a traceback is never shown.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from kehoach.cli_common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, PROGRAM, UsageError, kehoach_options
from kehoach.domain.vocabulary import PublishLimit

__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "PROGRAM", "UsageError", "main"]


# ---------------------------------------------------------------- argument parsing


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D401 - argparse API
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "cách dùng: ")


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese framing; errors raise instead of exiting so main() owns exit codes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ARGPARSE_MESSAGES:
            message = message.replace(english, vietnamese)
        raise UsageError(f"{message}\n{self.format_usage().rstrip()}")


_ARGPARSE_MESSAGES = (
    ("unrecognized arguments", "không hiểu đối số"),
    ("invalid choice", "giá trị không hợp lệ"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("the following arguments are required", "thiếu đối số bắt buộc"),
    ("argument ", "đối số "),
)


def _build_parser() -> _Parser:
    parser = _Parser(
        prog=PROGRAM,
        description="Công cụ cho bộ bản ghi kế hoạch: kiểm tra bản ghi, xuất JSON Schema, đóng gói trang xem ngoại tuyến.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}", help="hiện phiên bản rồi thoát")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="kiểm tra bản ghi (không xây dựng trang)",
        description="Kiểm tra mọi bản ghi như khi xây dựng trang và báo từng lỗi dưới dạng tệp:dòng:cột. "
        "Mã thoát: 0 không có lỗi, 1 có lỗi, 2 gọi lệnh sai hoặc thiếu thư mục.",
    )
    check.add_argument(
        "folders",
        nargs="*",
        metavar="THƯ_MỤC",
        help="thư mục bản ghi, mỗi thư mục kiểm tra riêng; mặc định là thư mục mà lệnh xây dựng trang đọc "
        "(biến môi trường KEHOACH_RECORDS, extra.records trong mkdocs.yml, hoặc records; kèm thư mục ví dụ KEHOACH_EXAMPLES / extra.examples)",
    )
    check.add_argument(
        "--format",
        choices=("text", "github", "gitlab"),
        default="text",
        help="text: tệp:dòng:cột (mặc định); github: chú thích GitHub Actions; gitlab: báo cáo Code Quality (JSON)",
    )
    check.add_argument("--output", "-o", metavar="TỆP", help="ghi báo cáo vào tệp thay vì màn hình (dùng với --format gitlab)")
    check.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi (mã thoát 1)")
    check.add_argument(
        "--config-file", "-f", metavar="TỆP", default=None,
        help="tệp cấu hình MkDocs để đọc extra.records, extra.examples, extra.as_of (mặc định mkdocs.yml, nếu có)",
    )
    check.set_defaults(run=_run_check)

    schema = commands.add_parser(
        "schema",
        help="xuất JSON Schema của các loại bản ghi",
        description="Ghi THƯ_MỤC/<loại>.schema.json cho mọi loại bản ghi, sinh từ cùng lược đồ mà bộ kiểm tra dùng.",
    )
    schema.add_argument("--out", "-o", metavar="THƯ_MỤC", default="schemas", help="thư mục ghi lược đồ (mặc định schemas)")
    schema.add_argument("--check", action="store_true", help="không ghi; báo lỗi (mã thoát 1) nếu tệp đã có khác với lược đồ hiện tại")
    schema.set_defaults(run=_run_schema)

    bundle = commands.add_parser(
        "bundle",
        help="đóng gói trang thành tệp zip xem được không cần mạng, mở trực tiếp từ ổ đĩa",
        description="Xây dựng trang với plugin offline của Material (không tham chiếu địa chỉ Internet nào) "
        "rồi nén thành một tệp zip. Giải nén và mở index.html bằng trình duyệt; tìm kiếm vẫn hoạt động.",
    )
    bundle.add_argument("--out", "-o", metavar="TỆP", default="site.zip", help="tệp zip kết quả, tên kết thúc bằng .zip (mặc định site.zip)")
    bundle.add_argument("--config-file", "-f", metavar="TỆP", default="mkdocs.yml", help="tệp cấu hình MkDocs (mặc định mkdocs.yml)")
    bundle.add_argument("--ghi-de", action="store_true", help="cho phép thay tệp zip đã có")
    bundle.set_defaults(run=_run_bundle)

    init = commands.add_parser(
        "init",
        help="tạo kho bản ghi mới cho một đơn vị (mkdocs.yml, records/, docs/, CI/CD)",
        description="Tạo trong THƯ_MỤC (mới hoặc trống) một kho bản ghi kế hoạch dùng được ngay: mkdocs.yml với plugin kehoach, "
        "records/ với các tổ chức đầu mối của đơn vị, hướng dẫn biên tập, .gitignore, pre-commit, lược đồ cho VS Code, mẫu CI/CD. "
        "Không ghi tùy chọn nào và đang ở cửa sổ lệnh thì lệnh hỏi từng câu. Mã thoát 2 nếu THƯ_MỤC không trống.",
    )
    init.add_argument("folder", metavar="THƯ_MỤC", help="thư mục của kho mới (chưa có, hoặc trống)")
    init.add_argument("--ten-don-vi", metavar="TÊN", help="tên đơn vị, ví dụ “Huyện ủy Văn Lâm”")
    init.add_argument("--ma", metavar="MÃ", help="mã đơn vị, dùng làm địa chỉ trang (mặc định lấy từ tên: huyen-uy-van-lam)")
    init.add_argument("--cap", metavar="CẤP", help="cấp của đơn vị: trung-uong, tinh, huyen, co-so (mặc định đoán từ tên)")
    init.add_argument("--viet-tat", metavar="CHỮ", action="append", help="chữ viết tắt của đơn vị, ví dụ HU (ghi nhiều lần nếu có nhiều)")
    init.add_argument("--ten-trang", metavar="TÊN", help="tên trang (mặc định “Kế hoạch thực hiện của <tên đơn vị>”)")
    init.add_argument("--goi-kehoach", metavar="GÓI", help="gói kehoach mà CI và pre-commit cài bằng pip (mặc định: nơi kehoach này được cài từ, hoặc kehoach==<phiên bản>)")
    init.set_defaults(run=_run_init)

    pages = commands.add_parser(
        "pages",
        help="ghi toàn bộ nội dung trang thành Markdown (để xây dựng bằng bộ sinh trang khác)",
        description="Ghi vào THƯ_MỤC/docs/ mọi trang sinh từ bản ghi (Markdown) cùng các tệp dữ liệu, các trang viết tay "
        "của dự án và tệp CSS/JS của trang, kèm THƯ_MỤC/mkdocs.yml để MkDocs + Material xây dựng mà không cần plugin kehoach. "
        "Mã thoát: 0 đã ghi, 1 bản ghi có lỗi (không ghi gì), 2 gọi lệnh sai hoặc THƯ_MỤC không trống.",
    )
    pages.add_argument("--out", "-o", metavar="THƯ_MỤC", required=True, help="thư mục ghi (mới hoặc trống)")
    pages.add_argument("--config-file", "-f", metavar="TỆP", default="mkdocs.yml", help="tệp cấu hình MkDocs của dự án (mặc định mkdocs.yml)")
    pages.add_argument("--ghi-de", action="store_true", help="cho phép ghi vào thư mục đã có nội dung")
    pages.set_defaults(run=_run_pages)

    # Documents in and out (drafting records from a plan's text, the progress report): each module
    # registers its own command, so the argument lists live beside the code that reads them.
    from kehoach.importer.command import add_command as add_import_command
    from kehoach.report.command import add_command as add_report_command

    add_import_command(commands)
    add_report_command(commands)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("kehoach")
    except Exception:  # pragma: no cover - running from a source tree without metadata
        return "?"


# ---------------------------------------------------------------- check


@dataclass(frozen=True)
class CheckReport:
    """What `kehoach check` found, independent of how it is printed."""

    problems: list  # list[Problem]
    counts: dict[str, int]  # "files": record files seen
    strict: bool = False

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list:
        return [p for p in self.problems if not p.is_error]

    @property
    def failed(self) -> bool:
        return bool(self.errors) or (self.strict and bool(self.warnings))

    def summary(self) -> str:
        files = self.counts.get("files", 0)
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return f"{PROGRAM} check: không có lỗi trong {files} tệp bản ghi."
        parts = []
        if errors:
            parts.append(f"{errors} lỗi")
        if warnings:
            parts.append(f"{warnings} cảnh báo" + (" (--strict: tính là lỗi)" if self.strict else ""))
        verdict = "cần sửa trước khi xuất bản" if self.failed else "không có lỗi chặn xuất bản"
        # Settings (mkdocs.yml, an environment variable) stop the check before any record is read.
        where = f" trong {files} tệp bản ghi" if files else ""
        return f"{PROGRAM} check: {', '.join(parts)}{where} — {verdict}."


def _config_file(args: argparse.Namespace, default: str | None = "mkdocs.yml") -> Path | None:
    """The --config-file option of a command: a file that exists, else a usage error (exit code 2).
    With `default` None the option may be left out (`kehoach check` then reads mkdocs.yml if there is
    one); a file named explicitly must exist."""
    given = args.config_file
    if given is None:
        if default is not None:
            given = default
        else:
            implicit = Path("mkdocs.yml")
            return implicit if implicit.is_file() else None
    path = Path(given)
    if path.is_dir():
        raise UsageError(f"{_shown(path)} là thư mục, không phải tệp cấu hình MkDocs; ghi đường dẫn tới mkdocs.yml")
    if not path.is_file():
        raise UsageError(f"không tìm thấy tệp cấu hình {_shown(path)}")
    return path


def _read_config(config_file: Path) -> Any:
    """mkdocs.yml as read by kehoach (tags MkDocs alone understands become None); None if unreadable."""
    from kehoach.records.yamlsource import parse_record_text

    try:
        value, _ = parse_record_text(config_file.as_posix(), config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return value


def config_problems(config_file: Path) -> list:
    """What in mkdocs.yml makes MkDocs refuse the build and kehoach can tell before it: an `extra`
    that is not a mapping (null, a list, a text). Each a problem line at the `extra:` key."""
    from kehoach.domain.problems import Location, Problem
    from kehoach.records.yamlsource import INVALID, YList, YMap, YScalar

    value = _read_config(config_file)
    if type(value) is not YMap:
        return []
    entry = value.entries.get("extra")
    if entry is None:
        return []
    extra = entry.value
    if type(extra) is YList:
        what = "phải là một bảng khóa–giá trị, không phải một danh sách"
    elif type(extra) is YScalar and extra.is_null:
        what = "để trống"
    elif type(extra) is YScalar and extra.kind != INVALID:  # a tag (!ENV …) is MkDocs' to read
        what = f"phải là một bảng khóa–giá trị, không phải chữ “{extra.text}”"
    else:
        return []
    where = Location(_shown(config_file), entry.key_location[1], entry.key_location[2])
    hint = "viết các dòng “tên: giá trị” thụt vào dưới “extra:”, hoặc xóa dòng “extra:” nếu không dùng"
    return [Problem(where, f"extra: {what} — MkDocs không xây dựng được trang", hint)]


def _option_locations(config_file: Path) -> dict[str, Any]:
    """Where each kehoach option is written in mkdocs.yml (under `extra:` or the plugin's entry):
    option name → Location of its key, so that a wrong value is named at its own line."""
    from kehoach.domain.problems import Location
    from kehoach.records.yamlsource import YList, YMap

    value = _read_config(config_file)
    if type(value) is not YMap:
        return {}
    mappings: list[YMap] = []
    extra = value.get("extra")
    if type(extra) is YMap:
        mappings.append(extra)
    plugins = value.get("plugins")
    for entry in plugins.items if type(plugins) is YList else []:
        own = entry.get("kehoach") if type(entry) is YMap else None
        if type(own) is YMap:
            mappings.append(own)
    found = {}
    for mapping in mappings:  # the plugin's own options, read last, win as they do in the build
        for name, option in mapping.entries.items():
            found[name] = Location(_shown(config_file), option.key_location[1], option.key_location[2])
    return found


def _mkdocs_options(config_file: Path) -> tuple[dict[str, Any], str]:
    """The kehoach options of mkdocs.yml and where they are written (cli_common.kehoach_options)."""
    return kehoach_options(_read_config(config_file))


@dataclass(frozen=True)
class Target:
    """One check: a records folder, and the folder of illustrative records loaded with it (if any)."""

    records: Path
    examples: Path | None = None
    publish_limit: PublishLimit = PublishLimit.NONE  # as the site built from them will publish


def check_targets(explicit: Sequence[str], config_file: Path | None, environ=os.environ) -> tuple[list[Target], list]:
    """What to check: the folders given, each on its own; else the folders the site build reads
    (KEHOACH_RECORDS / extra.records / records, with KEHOACH_EXAMPLES / extra.examples), resolved by
    kehoach.records.settings exactly as the build resolves them. Also returns configuration problems
    (a bad as-of date, an `extra` MkDocs refuses). config_file None: there is none (defaults apply)."""
    from kehoach.records.settings import resolve_settings

    problems = config_problems(config_file) if config_file is not None else []
    if explicit:
        return [Target(Path(name)) for name in explicit], problems
    config = config_file if config_file is not None else Path("mkdocs.yml")
    options, origin = _mkdocs_options(config) if config_file is not None else ({}, "extra")
    located = _option_locations(config) if config_file is not None else {}
    settings, settings_problems = resolve_settings(config.parent.resolve(), options, environ, origin=origin, config_file=_shown(config), located=located)
    if settings is None:
        return [], problems + settings_problems
    return [Target(Path(settings.records), Path(settings.examples) if settings.examples else None, settings.publish_limit)], problems


def _shown(folder: Path) -> str:
    """How a folder is named in messages: relative to the current folder when inside it (as CI tools expect)."""
    absolute = folder.resolve()
    cwd = Path.cwd().resolve()
    if absolute == cwd or absolute.is_relative_to(cwd):
        shown = os.path.relpath(absolute, cwd)
    else:
        shown = str(absolute)
    return shown.replace(os.sep, "/")


def run_check(targets: Sequence[Target], strict: bool = False, problems: Sequence = ()) -> CheckReport:
    """Load records as the site build does (kehoach.content.site.load_site) and collect every problem."""
    from kehoach.domain.confidentiality import cited_left_out, restrict
    from kehoach.records.loader import load_records

    found: list = list(problems)
    counts = {"files": 0}
    for target in targets:
        for folder in (target.records, target.examples):
            if folder is not None and not folder.is_dir():
                what = "không phải thư mục" if folder.exists() else "không tìm thấy thư mục bản ghi"
                raise UsageError(f"{what}: {_shown(folder)}")
        if target.examples is not None:
            result = load_records(target.records, _shown(target.records), examples=target.examples, examples_shown=_shown(target.examples))
            counts["files"] += _count_record_files(target.examples)
        else:
            result = load_records(target.records, _shown(target.records))
        found.extend(result.problems)
        if not result.errors:  # what the site may not publish must not be named by what it does
            published, _ = restrict(result.registry, target.publish_limit)
            found.extend(cited_left_out(published, result.registry))
        counts["files"] += _count_record_files(target.records)
    return CheckReport(found, counts, strict)


def _count_record_files(folder: Path) -> int:
    from kehoach.records.loader import count_record_files

    return count_record_files(folder)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(report: CheckReport) -> list[str]:
    """GitHub Actions workflow commands: each problem becomes an annotation on the file and line."""
    lines = []
    for problem in report.problems:
        level = "error" if problem.is_error or report.strict else "warning"
        title = "Lỗi bản ghi" if problem.is_error else "Cảnh báo bản ghi"
        where = problem.location
        message = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
        props = f"file={_github_escape(where.path, True)},line={where.line},col={where.column},title={_github_escape(title, True)}"
        lines.append(f"::{level} {props}::{_github_escape(message)}")
    return lines


def format_gitlab(report: CheckReport) -> list[dict[str, Any]]:
    """A GitLab Code Quality report (artifacts:reports:codequality)."""
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for problem in report.problems:
        where = problem.location
        description = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
        # Stable across unrelated edits: line numbers are left out (also those inside messages, such as
        # "đã có ở dòng 2"); repeats in one file get a counter.
        base = where.path + "\0" + re.sub(r"\d+", "#", f"{problem.message}\0{problem.hint}")
        seen[base] = seen.get(base, 0) + 1
        fingerprint = hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": "kehoach-check",
                "description": description,
                "categories": ["Bug Risk"],
                "severity": "major" if problem.is_error or report.strict else "minor",
                "fingerprint": fingerprint,
                "location": {
                    "path": where.path,
                    "lines": {"begin": where.line},
                    "positions": {"begin": {"line": where.line, "column": where.column}},
                },
            }
        )
    return issues


def _write_output(text: str, output: str | None, stdout: TextIO) -> None:
    if output is None or output == "-":
        stdout.write(text)
        return
    path = Path(output)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"không ghi được tệp {output}: {error.strerror or error}") from None


def _run_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    # A configuration file named with -f must exist; without -f, mkdocs.yml is read if there is one.
    config = _config_file(args, default=None)
    targets, settings_problems = check_targets(args.folders, config if args.config_file is not None or not args.folders else None)
    report = run_check(targets, strict=args.strict, problems=settings_problems)
    if args.format == "gitlab":
        text = json.dumps(format_gitlab(report), ensure_ascii=False, indent=2) + "\n"
        _write_output(text, args.output, stdout)
        # The job log still gets the readable list; stdout may hold the JSON report.
        for problem in report.problems:
            print(problem, file=stderr)
        print(report.summary(), file=stderr)
    elif args.format == "github":
        lines = format_github(report)
        _write_output("".join(line + "\n" for line in lines), args.output, stdout)
        print(report.summary(), file=stdout)
    else:
        _write_output("".join(f"{p}\n" for p in report.problems), args.output, stdout)
        print(report.summary(), file=stdout)
    return EXIT_PROBLEMS if report.failed else EXIT_OK


# ---------------------------------------------------------------- schema


def _run_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from kehoach.records.jsonschema import schema_drift, write_schemas

    out = Path(args.out)
    if args.check:
        drift = schema_drift(out)
        for line in drift:
            print(line, file=stdout)
        if drift:
            print(f"{PROGRAM} schema: lược đồ trong {out} đã cũ — chạy “{PROGRAM} schema --out {args.out}” rồi commit", file=stdout)
            return EXIT_PROBLEMS
        print(f"{PROGRAM} schema: lược đồ trong {out} khớp với bộ kiểm tra.", file=stdout)
        return EXIT_OK
    try:
        written = write_schemas(out)
    except OSError as error:
        raise UsageError(f"không ghi được vào {out}: {error.strerror or error}") from None
    for path in written:
        print(f"đã ghi {path.as_posix()}", file=stdout)
    return EXIT_OK


# ---------------------------------------------------------------- bundle


def _run_bundle(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from kehoach.plugin.bundle import BundleError, build_bundle

    config = _config_file(args)
    assert config is not None
    # kehoach's options first, read as `kehoach check` reads them: a date MkDocs' YAML loader cannot
    # even read (as_of: 2019-02-30) is then a problem line here, not an error inside MkDocs.
    targets, problems = check_targets((), config)
    if problems:
        for problem in problems:
            print(problem, file=stdout)
        print(f"{PROGRAM} bundle: cấu hình có lỗi — không đóng gói", file=stdout)
        return EXIT_PROBLEMS
    out = _bundle_output(args.out, config, targets, overwrite=args.ghi_de)
    try:
        result = build_bundle(config, out, log=stderr)
    except BundleError as error:
        print(f"{PROGRAM} bundle: {error}", file=stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        raise UsageError(f"không ghi được {args.out}: {error.strerror or error}") from None
    print(
        f"{PROGRAM} bundle: đã ghi {result.zip_path} ({result.files} tệp, {_megabytes(result.size_bytes)} MB). "
        "Giải nén rồi mở index.html bằng trình duyệt.",
        file=stdout,
    )
    return EXIT_OK


def _bundle_output(name: str, config: Path, targets: Sequence[Target], *, overwrite: bool) -> Path:
    """Where the zip may go: a name ending in .zip, not over an existing file without --ghi-de, never
    into the project's records, examples or hand-written pages, nor over mkdocs.yml."""
    from kehoach.content.export_tree import generator_settings

    out = Path(name)
    shown = _shown(out)
    if out.suffix.lower() != ".zip":
        raise UsageError(f"{shown}: tệp gói phải có tên kết thúc bằng .zip, ví dụ site.zip")
    target = out.resolve()
    project = config.resolve().parent
    try:
        docs_dir = generator_settings(config.read_text(encoding="utf-8"), config.as_posix()).docs_dir
    except (OSError, UnicodeDecodeError):
        docs_dir = "docs"
    protected = [(project / docs_dir, "thư mục trang viết tay")]
    for found in targets:
        protected.append((found.records, "thư mục bản ghi"))
        if found.examples is not None:
            protected.append((found.examples, "thư mục ví dụ"))
    if target == config.resolve():
        raise UsageError(f"{shown}: không ghi gói đè lên tệp cấu hình; chọn tên khác, ví dụ site.zip")
    for folder, what in protected:
        if target.is_relative_to(folder.resolve()):
            raise UsageError(f"{shown}: không ghi gói vào {what} ({_shown(folder)}); chọn chỗ khác, ví dụ site.zip")
    if out.is_dir():
        raise UsageError(f"{shown}: đã có thư mục tên này; chọn tên tệp khác")
    if (out.exists() or out.is_symlink()) and not overwrite:
        raise UsageError(f"{shown}: đã có tệp; chọn tên khác hoặc thêm --ghi-de")
    return out


def _megabytes(size: int) -> str:
    # Vietnamese decimal comma.
    return f"{size / 1_000_000:.1f}".replace(".", ",")


# ---------------------------------------------------------------- init


def _run_init(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from kehoach.scaffold import ScaffoldError, run_init

    try:
        return run_init(
            args.folder, name=args.ten_don_vi, slug=args.ma, level=args.cap, abbreviations=args.viet_tat,
            site_name=args.ten_trang, package=args.goi_kehoach, stdin=sys.stdin, stdout=stdout,
        )
    except ScaffoldError as error:
        raise UsageError(str(error)) from None


# ---------------------------------------------------------------- pages


def _run_pages(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from kehoach.content.export_tree import ExportRefused, export_site
    from kehoach.domain.problems import RecordsInvalid

    config = _config_file(args)
    assert config is not None
    out = Path(args.out)
    problems = config_problems(config)
    if problems:
        for problem in problems:
            print(problem, file=stdout)
        print(f"{PROGRAM} pages: cấu hình có lỗi — không ghi gì", file=stdout)
        return EXIT_PROBLEMS
    try:
        options, origin = _mkdocs_options(config)
        written = export_site(config, out, options, origin=origin, overwrite=args.ghi_de)
    except ExportRefused as refused:
        raise UsageError(f"{_shown(out)}: {refused}") from None
    except RecordsInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=stdout)
        print(f"{PROGRAM} pages: {invalid} — không ghi gì", file=stdout)
        return EXIT_PROBLEMS
    except OSError as error:
        raise UsageError(f"không ghi được vào {_shown(out)}: {error.strerror or error}") from None
    print(f"{PROGRAM} pages: đã ghi {written.generated} trang và tệp dữ liệu vào {_shown(written.docs)}, cấu hình {_shown(written.config)}", file=stdout)
    return EXIT_OK


# ---------------------------------------------------------------- entry point


def _utf8(stream: TextIO) -> TextIO:
    encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):  # pragma: no cover - exotic streams
            pass
    return stream


class OutputFailed(Exception):
    """Standard output could not be written (a full disk…): an environment failure, exit code 2."""

    def __init__(self, error: OSError):
        self.error = error
        super().__init__(error.strerror or str(error))


# A reader that went away (`| head`), or a stream closed before the command started (`>&-`): what was
# found still decides the exit code, the rest of the output is dropped.
_READER_GONE = (errno.EPIPE, errno.EBADF)


class _Stream(io.TextIOBase):
    """A standard stream that cannot turn the command's result into another one: writes after the
    reader went away are dropped (the exit code still says what was found); any other failure to
    write (ENOSPC) raises OutputFailed, which main() reports in one line with exit code 2."""

    def __init__(self, stream: TextIO | None, fd: int | None = None) -> None:
        super().__init__()
        self._stream = stream
        self._fd = fd  # the process's own descriptor behind it, if any
        self.gone = stream is None

    def _failed(self, error: OSError | ValueError) -> None:
        if isinstance(error, ValueError) or error.errno in _READER_GONE:
            self.gone = True
            self._silence()
            return
        self._silence()
        raise OutputFailed(error) from None

    def _silence(self) -> None:
        """The interpreter flushes sys.stdout once more at exit: point the descriptor at /dev/null so
        that last flush neither fails nor prints "Exception ignored"."""
        if self._fd is None:
            return
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self._fd)
            finally:
                if null != self._fd:
                    os.close(null)
        except OSError:  # pragma: no cover - nothing more can be done
            pass

    def write(self, text: str) -> int:
        if not self.gone and self._stream is not None:
            try:
                self._stream.write(text)
            except (OSError, ValueError) as error:  # ValueError: the stream object was closed
                self._failed(error)
        return len(text)

    def flush(self) -> None:
        if not self.gone and self._stream is not None:
            try:
                self._stream.flush()
            except (OSError, ValueError) as error:
                self._failed(error)

    def isatty(self) -> bool:
        try:
            return not self.gone and self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"


def _standard(stream: TextIO | None) -> _Stream:
    """sys.stdout or sys.stderr, wrapped; None when the descriptor was closed before start (`>&-`)."""
    if stream is None:
        return _Stream(None)
    try:
        fd: int | None = stream.fileno()
    except (OSError, ValueError, AttributeError):
        fd = None
    return _Stream(_utf8(stream), fd)


def _outcome(stdout: _Stream, stderr: _Stream, run: Any) -> int:
    """Run a command and flush its output; a failed write of the output becomes exit code 2."""
    try:
        code = run()
        stdout.flush()
        return code
    except OutputFailed as failed:
        reason = "hết chỗ trên đĩa" if failed.error.errno == errno.ENOSPC else (failed.error.strerror or str(failed.error))
        print(f"{PROGRAM}: lỗi: không ghi được kết quả ra đầu ra chuẩn: {reason}", file=stderr)
        stderr.flush()
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = _Stream(stdout) if stdout is not None else _standard(sys.stdout)
    err = _Stream(stderr) if stderr is not None else _standard(sys.stderr)
    try:
        if stdout is not None:
            return _outcome(out, err, lambda: _main(argv, cast(TextIO, out), cast(TextIO, err)))
        # argparse's --help and --version print to sys.stdout themselves: through the wrapper too.
        with contextlib.redirect_stdout(cast(TextIO, out)):
            return _outcome(out, err, lambda: _main(argv, cast(TextIO, out), cast(TextIO, err)))
    except OutputFailed:  # standard error itself is full: nothing can be said
        return EXIT_USAGE


def _main(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if not getattr(args, "command", None):
            parser.print_help(stdout)
            return EXIT_USAGE
        return args.run(args, stdout, stderr)
    except UsageError as error:
        print(f"{PROGRAM}: lỗi: {error}", file=stderr)
        return EXIT_USAGE
    except SystemExit as exit_:  # --help / --version
        code = exit_.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
    except KeyboardInterrupt:
        print(f"{PROGRAM}: đã dừng.", file=stderr)
        return 130
    except OutputFailed:
        raise  # main() reports it: exit code 2
    except Exception as error:  # noqa: BLE001 - no traceback ever; the message names the bug
        print(
            f"{PROGRAM}: lỗi nội bộ ({type(error).__name__}: {error}). "
            "Đây là lỗi của công cụ, không phải của bản ghi — hãy báo cho người phát triển.",
            file=stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
