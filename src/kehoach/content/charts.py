"""Charts drawn as inline SVG at build time: no JavaScript, no network, readable when printed."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from kehoach.content.markup import html_field
from kehoach.domain.model import Task, Update, format_date
from kehoach.domain.status import OVERDUE_UNREPORTED_WORDING, TaskProgress, status_wording
from kehoach.domain.vocabulary import Status


def _drawable(value: float) -> float:
    """A value a bar can be drawn for: not NaN, not infinite, not negative (records are checked; this holds regardless)."""
    value = float(value)
    return value if math.isfinite(value) and value > 0 else 0.0


def _length(space: float, value: float, largest: float) -> float:
    """A bar's length: between 0 and `space`, always a finite number."""
    length = min(space, max(0.0, space * _drawable(value) / largest))
    assert math.isfinite(length) and 0 <= length <= space, length
    return length


def _number(value: float) -> str:
    """Vietnamese number formatting: “.” groups thousands, “,” is the decimal mark."""
    if not math.isfinite(value):
        return "?"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _block(svg: Markup) -> Markup:
    """Markdown leaves a <div> block alone; a bare <svg> would have its text read as Markdown."""
    return Markup(f'<div class="kh-bieu-do-khung">{html_field(svg)}</div>')


def horizontal_bars(items: list[tuple[str, float, str]], title: str, width: int = 640) -> Markup:
    """One bar per (label, value, css class); the title is the chart's accessible name."""
    label_width, bar_height, gap = 200, 22, 8
    largest = max((_drawable(value) for _, value, _ in items), default=0) or 1
    height = len(items) * (bar_height + gap) + gap
    bar_space = width - label_width - 60
    rows = []
    for index, (label, value, css_class) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = _length(bar_space, value, largest)
        rows.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="kh-bieu-do-nhan">{label}</text>'
                '<rect x="{bx}" y="{y}" width="{w:.1f}" height="{h}" class="kh-cot {cls}"><title>{label}: {value}</title></rect>'
                '<text x="{vx:.1f}" y="{ty}" class="kh-bieu-do-so">{value}</text>'
            ).format(lx=label_width - 8, ty=y + bar_height * 0.7, label=label, bx=label_width, y=y, w=length, h=bar_height, cls=css_class, vx=label_width + length + 6, value=_number(value))
        )
    return _block(Markup(
        '<svg class="kh-bieu-do" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{rows}</svg>'
    ).format(title=title, width=width, height=height, rows=Markup("").join(rows)))


def columns(items: list[tuple[str, float]], title: str, unit: str, width: int = 640, height: int = 220) -> Markup:
    """Vertical columns, one per period, for a figure's totals over time."""
    if not items:
        return Markup("")
    top, bottom, left = 20, 40, 10
    largest = max(_drawable(value) for _, value in items) or 1
    slot = (width - left * 2) / len(items)
    bar_width = min(60.0, slot * 0.6)
    parts = []
    for index, (label, value) in enumerate(items):
        bar_height = _length(height - top - bottom, value, largest)
        x = left + index * slot + (slot - bar_width) / 2
        y = height - bottom - bar_height
        parts.append(
            Markup(
                '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" class="kh-cot"><title>{label}: {value} {unit}</title></rect>'
                '<text x="{cx:.1f}" y="{vy:.1f}" text-anchor="middle" class="kh-bieu-do-so">{value}</text>'
                '<text x="{cx:.1f}" y="{ly}" text-anchor="middle" class="kh-bieu-do-nhan">{label}</text>'
            ).format(x=x, y=y, w=bar_width, h=bar_height, label=label, value=_number(value), unit=unit, cx=x + bar_width / 2, vy=y - 4, ly=height - bottom + 16)
        )
    return _block(Markup(
        '<svg class="kh-bieu-do" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{parts}</svg>'
    ).format(title=title, width=width, height=height, parts=Markup("").join(parts)))


number = _number


# ---------------------------------------------------------------- progress bars and timelines (issue 13.7)

# The categories a progress bar counts, in the order it draws them: the label readers see, the
# statuses behind it, and the CSS class that gives its segment a pattern (not only a colour).
DONE = "đã xong"
IN_TIME = "đang làm trong hạn"
OVERDUE = "quá hạn"
OVERDUE_UNREPORTED = OVERDUE_UNREPORTED_WORDING
NOT_DUE = "chưa đến hạn"
# Counted apart from "chưa đến hạn" (issue 13, point 4): a task with no date to reach never "comes due".
NO_FIXED_DEADLINE = "thường xuyên / không nêu hạn"
STOPPED = "dừng"
PROGRESS_CATEGORIES: tuple[tuple[str, str], ...] = (
    (DONE, "kh-td-xong"),
    (IN_TIME, "kh-td-dang-lam"),
    (OVERDUE, "kh-td-qua-han"),
    (OVERDUE_UNREPORTED, "kh-td-qua-han-chua-bao-cao"),
    (NOT_DUE, "kh-td-chua-den-han"),
    (NO_FIXED_DEADLINE, "kh-td-khong-han"),
    (STOPPED, "kh-td-dung"),
)
_CATEGORY_OF_STATUS = {
    Status.DONE_ON_TIME: DONE,
    Status.DONE: DONE,
    Status.DONE_LATE: DONE,
    Status.IN_PROGRESS: IN_TIME,
    Status.OVERDUE: OVERDUE,
    Status.NOT_DUE: NOT_DUE,
    Status.ONGOING: NO_FIXED_DEADLINE,
    Status.NO_DEADLINE: NO_FIXED_DEADLINE,
    Status.STOPPED: STOPPED,
}
assert set(_CATEGORY_OF_STATUS) == set(Status), "every status belongs to a category of the progress bar"


def progress_category(progress: TaskProgress) -> str:
    """The bar's category for a task's current status; overdue is split as `status_wording` splits it."""
    category = _CATEGORY_OF_STATUS[progress.status]
    if category == OVERDUE and not progress.headline.updates:
        return OVERDUE_UNREPORTED
    return category


def progress_categories(progresses: Iterable[TaskProgress]) -> list[tuple[str, int, str]]:
    """(label, count, css class) for every category, zeros included, in the bar's order. Each task
    counts once, by its status (a recurring task by this year's occurrence, or as overdue while an
    earlier period is: TaskProgress.headline), as the status
    counts on organization pages and the dashboard do."""
    counts = dict.fromkeys((label for label, _ in PROGRESS_CATEGORIES), 0)
    for progress in progresses:
        counts[progress_category(progress)] += 1
    return [(label, counts[label], css_class) for label, css_class in PROGRESS_CATEGORIES]


def progresses_of(tasks: Iterable[Task], progress: Mapping[str, TaskProgress]) -> list[TaskProgress]:
    """The progress of each task, for templates holding tasks and the site's `progress` mapping."""
    return [progress[task.key] for task in tasks]


def _count_words(count: int, label: str) -> str:
    return f"{_number(count)} {label}"


def progress_summary(categories: Sequence[tuple[str, int, str]]) -> str:
    """The bar in words, every category with its count: “5 nhiệm vụ: 2 đã xong; 1 quá hạn; …”.
    Semicolons part the categories, since one label holds a comma."""
    total = sum(count for _, count, _ in categories)
    return f"{_number(total)} nhiệm vụ: " + "; ".join(_count_words(count, label) for label, count, _ in categories) + "."


def progress_bar(categories: Sequence[tuple[str, int, str]], title: str = "Tiến độ") -> Markup:
    """A stacked bar, full width, drawn in HTML and CSS at build time: one segment per category with
    tasks, as wide as its share (never too narrow for its number), each with its number written on
    it and its own pattern; then a legend with the same patterns, every category and its count (the
    text equivalent); the bar is an image named by all the counts in words."""
    total = sum(count for _, count, _ in categories)
    name = f"{title}: {progress_summary(categories)}"
    segments = [
        Markup(
            f'<span class="kh-td-doan {html_field(css_class)}" style="flex-grow: {html_field(count)}" title="{html_field(label)}: {html_field(_number(count))}">'
            f'<span class="kh-td-so">{html_field(_number(count))}</span></span>'
        )
        for label, count, css_class in categories
        if count > 0
    ]
    if not segments:
        segments = [Markup('<span class="kh-td-doan kh-td-trong"><span class="kh-td-so">0</span></span>')]
    legend = [
        Markup(
            f'<li class="{html_field(css_class)}{" kh-td-khong" if count == 0 else ""}"><span class="kh-td-mau {html_field(css_class)}" aria-hidden="true"></span>'
            f"{html_field(label)} <strong>{html_field(_number(count))}</strong></li>"
        )
        for label, count, css_class in categories
    ]
    return Markup(
        '<div class="kh-tien-do">'
        '<p class="kh-td-tieu-de"><strong>{title}</strong> — {total} nhiệm vụ</p>'
        '<div class="kh-td-thanh" role="img" aria-label="{name}">{segments}</div>'
        '<ul class="kh-td-chu-giai">{legend}</ul>'
        "</div>"
    ).format(title=title, total=_number(total), name=name, segments=Markup("").join(segments), legend=Markup("").join(legend))


@dataclass(frozen=True)
class TimelineEvent:
    """One dated line of a task's timeline: an update, a deadline, or the status as of the site's date."""

    date: dt.date
    kind: str  # "cap-nhat", "han" or "hien-tai"
    update: Update | None = None
    year: int | None = None  # a recurring task's occurrence, for its deadline
    passed: bool = False  # a deadline on or before the as-of date
    status: Status | None = None  # the status as of the date, for "hien-tai"
    wording: str = ""  # that status as readers read it (`status_wording`)
    example: bool = False  # that status rests on illustrative updates

    @property
    def date_text(self) -> str:
        return format_date(self.date)


def timeline_events(progress: TaskProgress, as_of: dt.date) -> list[TimelineEvent]:
    """A task's history, oldest first: its updates up to `as_of`, each deadline of its occurrences
    (moved deadlines as moved), and last the status as of `as_of`. On one day, a deadline comes
    after the day's reports (work done on the day it is due is done on time); a deadline still to
    come (the current one) comes after the status."""
    events = [TimelineEvent(u.date, "cap-nhat", update=u) for u in progress.updates if u.date <= as_of]
    for occurrence in progress.occurrences:
        if occurrence.due is not None and (occurrence.due <= as_of or occurrence is progress.current):
            events.append(TimelineEvent(occurrence.due, "han", year=occurrence.year, passed=occurrence.due <= as_of))
    example = any(u.example for u in progress.headline.updates)
    events.append(TimelineEvent(as_of, "hien-tai", status=progress.status, wording=status_wording(progress), example=example))
    order = {"cap-nhat": 0, "han": 1, "hien-tai": 2}
    events.sort(key=lambda e: (e.date, order[e.kind]))
    return events

