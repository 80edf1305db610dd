"""Machine-readable outputs of the site: Atom feed of updates, iCalendar deadlines, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import quote
from xml.etree import ElementTree as ET

from kehoach.content.manifest import SiteOptions, binary_as_text
from kehoach.content.paths import DASHBOARD, page_url, task_path
from kehoach.domain.model import Deadline, Figure, FigureValue, Plan, Registry, Task, Update, format_date
from kehoach.domain.status import Occurrence, TaskProgress
from kehoach.records.schema import DEADLINE, FIGURE, FIGURE_VALUE, TASK, UPDATE, Kind, RecordSchema, RefersTo
from kehoach.report.docx_writer import write_docx
from kehoach.report.model import build_report

FEED = "du-lieu/cap-nhat.xml"
CALENDAR = "du-lieu/thoi-han.ics"
TASKS_CSV = "du-lieu/nhiem-vu.csv"
TASKS_JSON = "du-lieu/nhiem-vu.json"
FIGURES_CSV = "du-lieu/chi-tieu.csv"
FEED_ENTRIES = 200  # a feed carries the latest updates; the task pages keep the whole history


def organization_calendar(organization_id: str) -> str:
    return f"du-lieu/thoi-han/{organization_id}.ics"


def plan_report(plan_id: str) -> str:
    """The plan's progress report as of the site's date (.docx; the plan page links it)."""
    return f"bao-cao/{plan_id}.docx"  # not under du-lieu/: that folder holds text data (CSV, JSON, iCalendar, Atom)


def _absolute(options: SiteOptions, path: str) -> str:

    url = page_url(path, options.directory_urls) if path.endswith(".md") else path
    return (options.site_url.rstrip("/") + "/" + url) if options.site_url else url


def plan_short_name(registry: Registry, plan: Plan) -> str:
    """A plan as readers name it: its number, else its date, else who issued it (the pages name
    plans so too)."""
    kind = plan.type.capitalize()
    if plan.number:
        return f"{kind} số {plan.number}"
    when = f" ngày {format_date(plan.date)}" if plan.date else ""
    # The issuer as readers tell it apart: “Ban Thường vụ Tỉnh ủy” of two provinces gets its unit.
    return f"{kind}{when} của {registry.display_name(plan.issuer_id)}" if plan.issuer_id in registry.organizations else kind + when


def _plan_suffix(registry: Registry, task: Task) -> str:
    """“ — Kế hoạch số …” after a task's label where the site has several plans; else nothing."""
    if len(registry.plans) < 2 or task.plan_id not in registry.plans:
        return ""
    return f" — {plan_short_name(registry, registry.plans[task.plan_id])}"


# ---------------------------------------------------------------- iCalendar (RFC 5545)


def _ical_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded; never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    out, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        out.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(out)


def _calendar(name: str, tasks: list[Task], progress: dict[str, TaskProgress], registry: Registry, options: SiteOptions, events: dict[str, str]) -> str:
    header = "".join(
        _fold(line) + "\r\n"
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//kehoach//Thoi han nhiem vu//VI",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_ical_text(name)}",
        )
    )
    for task in tasks:
        if task.key not in events:
            events[task.key] = _task_events(task, progress, registry, options)
    body = "".join(events[task.key] for task in tasks)
    return header + body + "END:VCALENDAR\r\n"


def _task_events(task: Task, progress: dict[str, TaskProgress], registry: Registry, options: SiteOptions) -> str:
    """The VEVENTs of one task, written once and shared by every calendar that lists it."""

    stamp = dt.datetime.combine(options.as_of, dt.time()).strftime("%Y%m%dT%H%M%SZ")
    lines: list[str] = []
    # A recurring task has one event per period, as its page lists them (not an RRULE: each
    # period has its own status, and a report or a new deadline may move one period alone).
    plan = _plan_suffix(registry, task)
    for occurrence in progress[task.key].occurrences:
        if occurrence.due is None:  # no date: ongoing, unstated, before an event of unknown date
            continue
        leads = ", ".join(registry.organizations[i].name for i in task.lead_ids)
        written = f"“{task.deadline.written}”. " if task.deadline.written else ""
        period = f"Kỳ: {occurrence.period}.\n" if occurrence.period is not None else ""
        description = f"{task.text}\n{task.lead_role_label.capitalize()}: {leads}.\n{written}{period}Trạng thái ngày {options.as_of:%d/%m/%Y}: {occurrence.status.label}."
        lines += [
            "BEGIN:VEVENT",
            f"UID:{task.plan_id}.{task.id}.{_occurrence_uid(occurrence)}@kehoach",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{occurrence.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{occurrence.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ical_text(f'Hạn {task.label}{_occurrence_name(occurrence)}{plan}')}",
            f"DESCRIPTION:{_ical_text(description)}",
            f"URL:{_absolute(options, task_path(task))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _occurrence_uid(occurrence: Occurrence) -> str:
    """The part of an event's UID that tells a task's occurrences apart: “han” for a single
    deadline, the year for a yearly one (as before periods), else 2019-q2, 2019-h1, 2019-m05."""
    period = occurrence.period
    if period is None:
        return "han"
    if period.months == 12:
        return str(period.year)
    letter = {6: "h", 3: "q", 1: "m"}[period.months]
    return f"{period.year}-{letter}{period.index:02d}" if period.months == 1 else f"{period.year}-{letter}{period.index}"


def _occurrence_name(occurrence: Occurrence) -> str:
    """“ (2019)” for a year of a yearly task, “ (quý II/2019)” for a shorter period, else nothing."""
    period = occurrence.period
    if period is None:
        return ""
    return f" ({period.year})" if period.months == 12 else f" ({period})"


# ---------------------------------------------------------------- Atom (RFC 4287)

_ATOM = "http://www.w3.org/2005/Atom"


def _atom(registry: Registry, options: SiteOptions) -> str:

    ET.register_namespace("", _ATOM)
    updates = [u for u in registry.updates if u.date <= options.as_of][::-1][:FEED_ENTRIES]
    feed = ET.Element(f"{{{_ATOM}}}feed")
    ET.SubElement(feed, f"{{{_ATOM}}}title").text = "Cập nhật tiến độ thực hiện kế hoạch"
    ET.SubElement(feed, f"{{{_ATOM}}}id").text = "urn:kehoach:cap-nhat"
    newest = updates[0].date if updates else options.as_of
    ET.SubElement(feed, f"{{{_ATOM}}}updated").text = f"{newest:%Y-%m-%d}T00:00:00Z"
    ET.SubElement(feed, f"{{{_ATOM}}}link", rel="alternate", href=_absolute(options, DASHBOARD) if options.site_url else "../tien-do/")
    ET.SubElement(ET.SubElement(feed, f"{{{_ATOM}}}author"), f"{{{_ATOM}}}name").text = "kehoach"
    for update in updates:
        organization = registry.organizations[update.organization_id]
        tasks = [registry.task(key) for key in update.task_keys]
        entry = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        label = "[Minh họa] " if update.example else ""
        positions = "; ".join(t.label for t in tasks if t)
        plan = f" ({plan_short_name(registry, registry.plans[update.plan_id])})" if len(registry.plans) > 1 and update.plan_id in registry.plans else ""
        period = f" — kỳ {update.period}" if update.period is not None else ""
        ET.SubElement(entry, f"{{{_ATOM}}}title").text = f"{label}{organization.name}: {update.state_label} — nhiệm vụ {positions}{plan}{period}"
        # An IRI: the id (a folded file name) percent-encoded where it holds what an IRI may not.
        ET.SubElement(entry, f"{{{_ATOM}}}id").text = f"urn:kehoach:cap-nhat:{quote(update.id, safe='-._~')}"
        ET.SubElement(entry, f"{{{_ATOM}}}updated").text = f"{update.date:%Y-%m-%d}T00:00:00Z"
        ET.SubElement(ET.SubElement(entry, f"{{{_ATOM}}}author"), f"{{{_ATOM}}}name").text = organization.name
        if tasks and tasks[0]:
            href = _absolute(options, task_path(tasks[0])) if options.site_url else "../" + _absolute(options, task_path(tasks[0]))
            ET.SubElement(entry, f"{{{_ATOM}}}link", rel="alternate", href=href)
        summary = [f"Ngày báo cáo {update.date:%d/%m/%Y}. {update.state_label.capitalize()}."]
        if update.body:
            summary.append(update.body)
        if update.evidence:
            summary.append(f"Căn cứ: {update.evidence.label}" + (f" — {update.evidence.title}." if update.evidence.title else "."))
        ET.SubElement(entry, f"{{{_ATOM}}}summary", type="text").text = "\n\n".join(summary)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


# ---------------------------------------------------------------- CSV and JSON


class _TaskRow(NamedTuple):
    task: Task
    progress: TaskProgress
    registry: Registry
    options: SiteOptions


class _FigureRow(NamedTuple):
    figure: Figure
    update: Update
    value: FigureValue
    registry: Registry


@dataclass(frozen=True)
class _Column:
    """A column of the exports: its JSON key (and CSV header, unless `header` says otherwise), the
    value JSON writes and the value the CSV shows people; None where the file has no such column."""

    key: str
    json: Callable[[Any], Any] | None
    csv: Callable[[Any], Any] | None
    header: str = ""
    group: str = ""  # JSON: the object the value sits in

    @property
    def csv_header(self) -> str:
        return self.header or self.key


def _computed(key: str, json: Callable[[Any], Any] | None, csv: Callable[[Any], Any] | None = None, header: str = "", group: str = "") -> _Column:
    """A column that no record field gives; the CSV shows what JSON writes unless told otherwise."""
    return _Column(key, json, csv or json, header, group)


def _field(schema: RecordSchema, name: str, model: Callable[[Any], Any], *, header: str = "", group: str = "", in_json: bool = True, in_csv: bool = True) -> _Column:
    """A column that is a record field: keyed by the field's name, read from the model attribute the
    field declares on the row's model, written by the field's kind — in JSON as records write it (a
    choice's value, ids, ISO dates), in the CSV for people (a choice's label, organizations' names)."""
    spec = schema.field(name)
    assert spec is not None and spec.attribute, f"no field “{name}” in {schema.title}"
    attribute = spec.attribute

    def read(row: Any) -> Any:
        return getattr(model(row), attribute)

    json: Callable[[Any], Any] = read
    shown: Callable[[Any], Any] = read
    if spec.kind is Kind.CHOICE:
        shown = lambda row: read(row).label  # noqa: E731
    elif spec.kind is Kind.REFS:
        assert spec.refers_to in (RefersTo.ORGANIZATION, RefersTo.ORGANIZATION_OR_GROUP), f"“{name}”: only organizations are shown by name"
        json = lambda row: list(read(row))  # noqa: E731
        shown = lambda row: "; ".join(row.registry.organizations[i].name for i in read(row))  # noqa: E731
    elif spec.kind is Kind.DATE:
        json = shown = lambda row: read(row).isoformat()
    return _Column(name, json if in_json else None, shown if in_csv else None, header, group)


def _of_task(row: _TaskRow) -> Task:
    return row.task


def _of_deadline(row: _TaskRow) -> Deadline:
    return row.task.deadline


def _due(row: _TaskRow) -> str | None:
    due = row.progress.headline.due  # of the deadline its status is read from
    return due.isoformat() if due else None


def _due_shown(row: _TaskRow) -> str:
    due = row.progress.headline.due
    return f"{due:%d/%m/%Y}" if due else ""


def _occurrence_json(o: Occurrence) -> dict[str, Any]:
    """One deadline of a task: `ky` names the period of a recurring task as a report's `ky` writes it."""
    due, done = o.due.isoformat() if o.due else None, o.done_on.isoformat() if o.done_on else None
    return {"nam": o.year, "ky": o.period.written if o.period else None, "han": due, "trang_thai": o.status, "ngay_hoan_thanh": done}


_TASK_COLUMNS = (
    _computed("ke_hoach", lambda row: row.task.plan_id),
    _field(TASK, "id", _of_task, header="ma_nhiem_vu"),
    _computed("vi_tri", lambda row: row.task.position),
    _computed("noi_dung", lambda row: row.task.text),  # the task's excerpt, or its whole paragraph
    _field(TASK, "vai_tro", _of_task),
    _field(TASK, "chu_tri", _of_task),
    _field(TASK, "phoi_hop", _of_task),
    _field(TASK, "bao_cao", _of_task),
    _field(DEADLINE, "loai", _of_deadline, header="loai_thoi_han", group="thoi_han"),
    _field(DEADLINE, "nguyen_van", _of_deadline, header="thoi_han_nguyen_van", group="thoi_han"),
    _computed("han", _due, _due_shown, group="thoi_han"),
    _field(DEADLINE, "sau", _of_deadline, group="thoi_han", in_csv=False),
    _computed("trang_thai", lambda row: row.progress.status, lambda row: row.progress.status.label),
    _Column("tinh_den_ngay", None, lambda row: f"{row.options.as_of:%d/%m/%Y}"),  # the JSON says it once, at the top
    _Column(
        "lan_thuc_hien",
        lambda row: [_occurrence_json(o) for o in row.progress.occurrences],
        None,
    ),
)

_FIGURE_COLUMNS = (
    _field(FIGURE_VALUE, "chi_tieu", lambda row: row.value),
    _field(FIGURE, "ten", lambda row: row.figure, header="ten_chi_tieu"),
    _field(FIGURE, "don_vi", lambda row: row.figure),
    _field(UPDATE, "to_chuc", lambda row: row.update),
    _computed("ten_to_chuc", lambda row: row.registry.organizations[row.update.organization_id].name),
    _field(FIGURE_VALUE, "ky", lambda row: row.value),
    _field(FIGURE_VALUE, "gia_tri", lambda row: row.value),
    _field(UPDATE, "ngay", lambda row: row.update, header="ngay_bao_cao"),
    _computed("tep_cap_nhat", lambda row: row.update.location.path),
    _computed("minh_hoa", lambda row: "có" if row.update.example else ""),
)


def _csv_table(columns: tuple[_Column, ...], rows: Iterable[Any]) -> list[dict]:
    shown = [(column.csv_header, column.csv) for column in columns if column.csv is not None]
    return [{header: value(row) for header, value in shown} for row in rows]


def _json_objects(columns: tuple[_Column, ...], rows: Iterable[Any]) -> list[dict]:
    written = [(column.group, column.key, column.json) for column in columns if column.json is not None]
    objects = []
    for row in rows:
        item: dict[str, Any] = {}
        for group, key, value in written:
            (item.setdefault(group, {}) if group else item)[key] = value(row)
        objects.append(item)
    return objects


def _task_rows(registry: Registry, progress: dict[str, TaskProgress], options: SiteOptions) -> list[_TaskRow]:
    return [_TaskRow(task, progress[task.key], registry, options) for task in registry.tasks]


def _spreadsheet_safe(value: str | int | float) -> str | int | float:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers stay numbers."""
    if not isinstance(value, str):
        return value
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _figure_rows(registry: Registry, options: SiteOptions) -> list[_FigureRow]:
    """Every figure value reported up to the as-of date, as the figures page counts them."""
    return [
        _FigureRow(registry.figures[value.figure_id], update, value, registry)
        for update in registry.updates
        if update.date <= options.as_of
        for value in update.figures
    ]


def _csv(columns: tuple[_Column, ...], rows: Iterable[Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[column.csv_header for column in columns if column.csv is not None])
    writer.writeheader()
    writer.writerows({key: _spreadsheet_safe(value) for key, value in row.items()} for row in _csv_table(columns, rows))
    # The byte order mark makes Excel read the file as UTF-8, so Vietnamese shows intact.
    return "\ufeff" + buffer.getvalue()


def _json(registry: Registry, progress: dict[str, TaskProgress], options: SiteOptions) -> str:
    tasks = _json_objects(_TASK_COLUMNS, _task_rows(registry, progress, options))
    return json.dumps({"tinh_den_ngay": options.as_of.isoformat(), "nhiem_vu": tasks}, ensure_ascii=False, separators=(",", ":")) + "\n"  # no indent: the C encoder, 10× faster at scale


def _reached(registry: Registry) -> dict[str, list[Task]]:
    reached: dict[str, list[Task]] = {}
    for task in registry.tasks:
        for organization_id in registry.reached_by(task):
            reached.setdefault(organization_id, []).append(task)
    return reached


def export_paths(registry: Registry) -> list[str]:
    """The paths build_exports writes, in its order, without making the files."""
    return [FEED, CALENDAR, TASKS_CSV, TASKS_JSON, FIGURES_CSV, *map(organization_calendar, _reached(registry)), *map(plan_report, registry.plans)]


def build_exports(registry: Registry, progress: dict[str, TaskProgress], options: SiteOptions) -> list[tuple[str, str]]:
    events: dict[str, str] = {}
    files = [
        (FEED, _atom(registry, options)),
        (CALENDAR, _calendar("Thời hạn nhiệm vụ", registry.tasks, progress, registry, options, events)),
        (TASKS_CSV, _csv(_TASK_COLUMNS, _task_rows(registry, progress, options))),
        (TASKS_JSON, _json(registry, progress, options)),
        (FIGURES_CSV, _csv(_FIGURE_COLUMNS, _figure_rows(registry, options))),
    ]
    for organization_id, tasks in _reached(registry).items():
        name = f"Thời hạn nhiệm vụ — {registry.organizations[organization_id].name}"
        files.append((organization_calendar(organization_id), _calendar(name, tasks, progress, registry, options, events)))
    files += _reports(registry, progress, options)
    return files


def _reports(registry: Registry, progress: dict[str, TaskProgress], options: SiteOptions) -> list[tuple[str, str]]:
    """Each plan's progress report as of the site's date (kehoach.report), carried as text (manifest.binary_as_text)."""
    return [(plan_report(plan.id), binary_as_text(write_docx(build_report(registry, progress, plan, options.as_of)))) for plan in registry.plans.values()]
