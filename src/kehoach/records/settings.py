"""Build settings that do not depend on the site generator: where records are, the as-of date."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.domain.problems import Location, Problem
from kehoach.records.schema import parse_date

AS_OF_VARIABLE = "KEHOACH_AS_OF"
RECORDS_VARIABLE = "KEHOACH_RECORDS"
EXAMPLES_VARIABLE = "KEHOACH_EXAMPLES"
DEFAULT_RECORDS = "records"


@dataclass(frozen=True)
class Settings:
    as_of: dt.date
    as_of_source: str  # where the date came from, shown to people
    records: Path
    examples: Path | None = None  # illustrative updates, shown labelled as such


def resolve_settings(
    base_dir: Path,
    options: Mapping[str, Any],
    environ: Mapping[str, str] = os.environ,
    today: dt.date | None = None,
    origin: str = "extra",
) -> tuple[Settings | None, list[Problem]]:
    """`KEHOACH_AS_OF` wins over the `as_of` option, which wins over today; likewise for the records
    folders. `origin` names where the options are written in mkdocs.yml (`extra`, `plugins.kehoach`)."""
    problems: list[Problem] = []
    today = today or dt.date.today()
    as_of, source = today, "hôm nay"
    for raw, where in ((options.get("as_of"), f"{origin}.as_of trong mkdocs.yml"), (environ.get(AS_OF_VARIABLE), f"biến môi trường {AS_OF_VARIABLE}")):
        if raw in (None, ""):
            continue
        parsed, why = (raw, "") if isinstance(raw, dt.date) else parse_date(str(raw))
        if parsed is None:
            problems.append(Problem(Location(where), f"ngày tính trạng thái không hợp lệ: {why}", "viết dạng YYYY-MM-DD, ví dụ 2019-06-01"))
        else:
            as_of, source = parsed, where
    records = environ.get(RECORDS_VARIABLE) or options.get("records") or DEFAULT_RECORDS
    examples = environ.get(EXAMPLES_VARIABLE) or options.get("examples")
    if problems:
        return None, problems
    return Settings(as_of, source, (base_dir / records).resolve(), (base_dir / examples).resolve() if examples else None), []
