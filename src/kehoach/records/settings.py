"""Build settings that do not depend on the site generator: where records are, the as-of date.

Configuration values are checked like records: a value of the wrong kind (a date with a time, a day
that does not exist, a list where a folder name belongs) is a one-line problem naming where it was
written (`mkdocs.yml: extra.as_of: …`, `KEHOACH_AS_OF: …`), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.domain.problems import Location, Problem
from kehoach.domain.textfold import fold_key
from kehoach.domain.vocabulary import PublishLimit
from kehoach.records.schema import parse_date

AS_OF_VARIABLE = "KEHOACH_AS_OF"
RECORDS_VARIABLE = "KEHOACH_RECORDS"
EXAMPLES_VARIABLE = "KEHOACH_EXAMPLES"
PUBLISH_LIMIT_VARIABLE = "KEHOACH_DO_MAT_TOI_DA"
PUBLISH_LIMIT_OPTION = "do_mat_toi_da"
DEFAULT_RECORDS = "records"
CONFIG_FILE = "mkdocs.yml"

DATE_HINT = "viết dạng YYYY-MM-DD, ví dụ 2019-06-01"
FOLDER_HINT = "viết tên một thư mục, tính từ thư mục chứa mkdocs.yml, ví dụ records"
PUBLISH_LIMIT_HINT = "viết một trong: " + ", ".join(f"{limit.value} ({limit.label})" for limit in PublishLimit)


@dataclass(frozen=True)
class Settings:
    as_of: dt.date
    as_of_source: str  # where the date came from, shown to people
    records: Path
    examples: Path | None = None  # illustrative updates, shown labelled as such
    publish_limit: PublishLimit = PublishLimit.NONE  # the highest secrecy mark the site may show


def _shown_value(raw: Any) -> str:
    if isinstance(raw, str):
        return f"“{raw}”"
    if isinstance(raw, bool):
        return "“true”" if raw else "“false”"
    if isinstance(raw, (list, tuple)):
        return "một danh sách"
    if isinstance(raw, dict):
        return "một bảng khóa–giá trị"
    return f"“{raw}”"


def check_as_of(raw: Any) -> tuple[dt.date | None, str]:
    """The as-of date from a configuration value (a YAML date, or text); else why not, in Vietnamese.
    A YAML timestamp arrives as a datetime, which is also a date: it is refused, not truncated."""
    if isinstance(raw, dt.datetime):
        return None, f"“{raw.isoformat(sep=' ')}” có cả giờ, chỉ cần ngày"
    if isinstance(raw, dt.date):
        return raw, ""
    if isinstance(raw, str):
        text = raw.strip()
        parsed, why = parse_date(text)
        if parsed is None and len(text) > 10 and parse_date(text[:10])[0] is not None and text[10] in " T":
            why = f"“{text}” có cả giờ, chỉ cần ngày"
        return parsed, why
    return None, f"{_shown_value(raw)} không phải một ngày"


def check_publish_limit(raw: Any) -> tuple[PublishLimit | None, str]:
    """The highest secrecy mark a site may publish: a value of PublishLimit (or its label)."""
    if isinstance(raw, str):
        wanted = fold_key(raw)
        for limit in PublishLimit:
            if wanted in (limit.value, fold_key(limit.label)):
                return limit, ""
    return None, f"{_shown_value(raw)} không phải một mức độ mật"


def check_folder(raw: Any) -> tuple[str | None, str]:
    """A folder option (records, examples): a non-empty folder name; else why not."""
    if isinstance(raw, Path):
        return str(raw), ""
    if isinstance(raw, str) and raw.strip() and "\0" not in raw:
        return raw, ""
    if isinstance(raw, str):
        return None, "tên thư mục để trống" if not raw.strip() else f"{_shown_value(raw)} không phải tên thư mục"
    return None, f"{_shown_value(raw)} không phải tên thư mục"


def resolve_settings(
    base_dir: Path,
    options: Mapping[str, Any],
    environ: Mapping[str, str] = os.environ,
    today: dt.date | None = None,
    origin: str = "extra",
    config_file: str = CONFIG_FILE,
    located: Mapping[str, Location] | None = None,
) -> tuple[Settings | None, list[Problem]]:
    """`KEHOACH_AS_OF` wins over the `as_of` option, which wins over today; likewise for the records
    folders. `origin` names where the options are written in `config_file` (`extra`, `plugins.kehoach`).
    Every value given is checked, also one overridden by the environment. `located` gives the line
    each option is written on (when the caller has read the file); else the file is named alone."""
    located = located or {}
    problems: list[Problem] = []
    today = today or dt.date.today()
    as_of, source = today, "hôm nay"
    candidates = (
        (options.get("as_of"), located.get("as_of", Location(config_file)), f"{origin}.as_of: ", f"{origin}.as_of trong {config_file}"),
        (environ.get(AS_OF_VARIABLE), Location(f"biến môi trường {AS_OF_VARIABLE}"), "", f"biến môi trường {AS_OF_VARIABLE}"),
    )
    for raw, where, prefix, source_name in candidates:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        parsed, why = check_as_of(raw)
        if parsed is None:
            problems.append(Problem(where, f"{prefix}ngày tính trạng thái không hợp lệ: {why}", DATE_HINT))
        else:
            as_of, source = parsed, source_name
    folders: dict[str, str | None] = {}
    for name, variable in (("records", RECORDS_VARIABLE), ("examples", EXAMPLES_VARIABLE)):
        chosen: str | None = None
        for raw, where, prefix in ((options.get(name), located.get(name, Location(config_file)), f"{origin}.{name}: "), (environ.get(variable), Location(f"biến môi trường {variable}"), "")):
            if raw is None or (isinstance(raw, str) and raw == ""):
                continue
            folder, why = check_folder(raw)
            if folder is None:
                problems.append(Problem(where, f"{prefix}thư mục không hợp lệ: {why}", FOLDER_HINT))
            elif where.path.startswith("biến môi trường") or chosen is None:  # the environment wins
                chosen = folder
        folders[name] = chosen
    publish_limit = PublishLimit.NONE
    for raw, where, prefix in (
        (options.get(PUBLISH_LIMIT_OPTION), located.get(PUBLISH_LIMIT_OPTION, Location(config_file)), f"{origin}.{PUBLISH_LIMIT_OPTION}: "),
        (environ.get(PUBLISH_LIMIT_VARIABLE), Location(f"biến môi trường {PUBLISH_LIMIT_VARIABLE}"), ""),
    ):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        limit, why = check_publish_limit(raw)
        if limit is None:
            problems.append(Problem(where, f"{prefix}mức độ mật tối đa không hợp lệ: {why}", PUBLISH_LIMIT_HINT))
        else:
            publish_limit = limit  # the environment, read last, wins
    if problems:
        return None, problems
    records = folders["records"] or DEFAULT_RECORDS
    examples = folders["examples"]
    return Settings(as_of, source, (base_dir / records).resolve(), (base_dir / examples).resolve() if examples else None, publish_limit), []
