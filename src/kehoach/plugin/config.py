"""The plugin's options in mkdocs.yml (`plugins: - kehoach: {...}`).

Each option is checked by the same rules as the hook's `extra` options (kehoach.records.settings):
a wrong value stops the build with a one-line Vietnamese message naming the option, no traceback.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from kehoach.domain.vocabulary import PublishLimit
from kehoach.records.settings import DATE_HINT, FOLDER_HINT, PUBLISH_LIMIT_HINT, check_as_of, check_folder, check_publish_limit


class _Folder(c.BaseConfigOption[str]):
    def __init__(self, default: str | None = None) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        folder, why = check_folder(value)
        if folder is None:
            raise ValidationError(f"thư mục không hợp lệ: {why} ({FOLDER_HINT})")
        return folder


class _AsOf(c.BaseConfigOption[dt.date]):
    def run_validation(self, value: object) -> dt.date:
        parsed, why = check_as_of(value)
        if parsed is None:
            raise ValidationError(f"ngày tính trạng thái không hợp lệ: {why} ({DATE_HINT})")
        return parsed


class _PublishLimit(c.BaseConfigOption[PublishLimit]):
    def run_validation(self, value: object) -> PublishLimit:
        limit, why = check_publish_limit(value)
        if limit is None:
            raise ValidationError(f"mức độ mật tối đa không hợp lệ: {why} ({PUBLISH_LIMIT_HINT})")
        return limit


def _optional(option: c.BaseConfigOption[Any]) -> Any:
    return c.Optional(option)


class KehoachConfig(Config):
    records = _Folder(default="records")
    """Folder of the YAML records, relative to mkdocs.yml."""
    examples = _optional(_Folder())
    """Folder of illustrative updates, shown labelled as such; none by default."""
    as_of = _optional(_AsOf())
    """Date the statuses are computed for (YYYY-MM-DD); today by default."""
    do_mat_toi_da = _optional(_PublishLimit())
    """The highest secrecy mark the site may publish (khong, mat, toi-mat, tuyet-mat); khong by default."""
