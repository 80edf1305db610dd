"""MkDocs adapter: loads the records before the site folder is touched, adds pages in memory.

Every decision lives in the `kehoach` package; this file only moves data between it and MkDocs.
Records are read in `on_pre_build`, so `mkdocs serve` picks up every change, and a bad record
stops the build before MkDocs cleans the previously built site.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from kehoach.problems import RecordsInvalid
from kehoach.site import SiteContent, load_site

log = logging.getLogger("mkdocs.plugins.kehoach")

_content: SiteContent | None = None


def on_pre_build(config: MkDocsConfig) -> None:
    global _content
    _content = None  # hook modules survive rebuilds under `mkdocs serve`
    base_dir = Path(config.config_file_path).parent
    try:
        _content = load_site(base_dir, config.extra, directory_urls=config.use_directory_urls)
    except RecordsInvalid as invalid:
        for problem in invalid.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        raise PluginError(f"{invalid} — trang không được xây dựng; sửa các lỗi trên rồi chạy lại") from None
    for problem in _content.warnings:
        log.info(str(problem))
    log.info(f"kehoach: {len(_content.pages)} trang từ bản ghi, tính đến ngày {_content.settings.as_of:%d/%m/%Y} ({_content.settings.as_of_source})")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _content is not None
    for page in _content.pages:
        if files.get_file_from_path(page.path) is None:  # a hand-written page wins
            files.append(File.generated(config, page.path, content=page.content))
    return files
