"""The plugin's options in mkdocs.yml (`plugins: - kehoach: {...}`)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class KehoachConfig(Config):
    records = c.Type(str, default="records")
    """Folder of the YAML records, relative to mkdocs.yml."""
    examples = c.Optional(c.Type(str))
    """Folder of illustrative updates, shown labelled as such; none by default."""
    as_of = c.Optional(c.Type((str, dt.date)))
    """Date the statuses are computed for (YYYY-MM-DD); today by default."""
