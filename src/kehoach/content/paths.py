"""Where each page of the site lives: source paths (`….md`) and the URLs site generators give them.

Shared by the pages (pages.py) and the exports (exports.py), which link to pages.
"""

from __future__ import annotations

from kehoach.domain.model import Task

# Paths of the pages the site always has; record pages live below these folders.
HOME = "index.md"
CHANGES = "lich-su.md"
DOCUMENTS = "van-ban/index.md"
ORGANIZATIONS = "to-chuc/index.md"
MATRICES = "ma-tran/index.md"
FIELD_REFERENCE = "huong-dan/truong.md"
TASKS = "nhiem-vu/index.md"
DASHBOARD = "tien-do/index.md"
TIMELINE = "tien-do/lich.md"
FIGURES = "tien-do/chi-tieu.md"


def directive_path(directive_id: str) -> str:
    return f"chi-thi/{directive_id}.md"


def plan_path(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}.md"


def organization_path(organization_id: str) -> str:
    return f"to-chuc/{organization_id}.md"


def matrix_path(plan_id: str) -> str:
    return f"ma-tran/{plan_id}.md"


def timeline_path(year: int) -> str:
    return f"tien-do/lich/{year}.md"


def source_path(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}/van-ban-nguon.md"


def task_path(task: Task) -> str:
    return f"nhiem-vu/{task.plan_id}/{task.id}.md"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
