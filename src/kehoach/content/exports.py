"""Machine-readable outputs of the site: Atom feed of updates, iCalendar deadlines, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from xml.etree import ElementTree as ET

from kehoach.content.manifest import SiteOptions
from kehoach.domain.model import Registry, Task
from kehoach.domain.status import STATUS_LABELS, TaskProgress


FEED = "du-lieu/cap-nhat.xml"
CALENDAR = "du-lieu/thoi-han.ics"
TASKS_CSV = "du-lieu/nhiem-vu.csv"
TASKS_JSON = "du-lieu/nhiem-vu.json"
FIGURES_CSV = "du-lieu/chi-tieu.csv"
FEED_ENTRIES = 200  # a feed carries the latest updates; the task pages keep the whole history


def organization_calendar(organization_id: str) -> str:
    return f"du-lieu/thoi-han/{organization_id}.ics"


def _absolute(options: "SiteOptions", path: str) -> str:
    from kehoach.content.pages import page_url

    url = page_url(path, options.directory_urls) if path.endswith(".md") else path
    return (options.site_url.rstrip("/") + "/" + url) if options.site_url else url


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


def _calendar(name: str, tasks: list[Task], progress: dict[str, TaskProgress], registry: Registry, options: "SiteOptions", events: dict[str, str]) -> str:
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


def _task_events(task: Task, progress: dict[str, TaskProgress], registry: Registry, options: "SiteOptions") -> str:
    """The VEVENTs of one task, written once and shared by every calendar that lists it."""
    from kehoach.content.pages import task_path

    stamp = dt.datetime.combine(options.as_of, dt.time()).strftime("%Y%m%dT%H%M%SZ")
    lines: list[str] = []
    for occurrence in progress[task.key].occurrences:
        if occurrence.due is None:
            continue
        suffix = str(occurrence.year) if occurrence.year else "han"
        leads = ", ".join(registry.organizations[i].name for i in task.lead_ids)
        written = f"“{task.deadline.written}”. " if task.deadline.written else ""
        description = f"{task.text}\n{task.lead_role_label.capitalize()}: {leads}.\n{written}Trạng thái ngày {options.as_of:%d/%m/%Y}: {STATUS_LABELS[occurrence.status]}."
        lines += [
            "BEGIN:VEVENT",
            f"UID:{task.plan_id}.{task.id}.{suffix}@kehoach",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{occurrence.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{occurrence.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ical_text(f'Hạn {task.position}' + (f' ({occurrence.year})' if occurrence.year else '') + f': {task.text[:80]}')}",
            f"DESCRIPTION:{_ical_text(description)}",
            f"URL:{_absolute(options, task_path(task))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    return "".join(_fold(line) + "\r\n" for line in lines)


# ---------------------------------------------------------------- Atom (RFC 4287)

_ATOM = "http://www.w3.org/2005/Atom"


def _atom(registry: Registry, options: "SiteOptions") -> str:
    from kehoach.content.pages import DASHBOARD, task_path

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
        positions = ", ".join(t.position for t in tasks if t)
        ET.SubElement(entry, f"{{{_ATOM}}}title").text = f"{label}{organization.name}: {update.state_label} — nhiệm vụ {positions}"
        ET.SubElement(entry, f"{{{_ATOM}}}id").text = f"urn:kehoach:cap-nhat:{update.id}"
        ET.SubElement(entry, f"{{{_ATOM}}}updated").text = f"{update.date:%Y-%m-%d}T00:00:00Z"
        ET.SubElement(ET.SubElement(entry, f"{{{_ATOM}}}author"), f"{{{_ATOM}}}name").text = organization.name
        if tasks and tasks[0]:
            href = _absolute(options, task_path(tasks[0])) if options.site_url else "../" + _absolute(options, task_path(tasks[0]))
            ET.SubElement(entry, f"{{{_ATOM}}}link", rel="alternate", href=href)
        summary = [f"Ngày báo cáo {update.date:%d/%m/%Y}. {update.state_label.capitalize()}."]
        if update.body:
            summary.append(update.body)
        if update.evidence:
            summary.append(f"Căn cứ: {update.evidence.label}.")
        ET.SubElement(entry, f"{{{_ATOM}}}summary", type="text").text = "\n\n".join(summary)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


# ---------------------------------------------------------------- CSV and JSON

_COLUMNS = (
    "ke_hoach", "ma_nhiem_vu", "vi_tri", "noi_dung", "vai_tro", "chu_tri", "phoi_hop", "bao_cao",
    "loai_thoi_han", "thoi_han_nguyen_van", "han", "trang_thai", "tinh_den_ngay",
)


def _task_rows(registry: Registry, progress: dict[str, TaskProgress], options: "SiteOptions") -> list[dict]:
    names = lambda ids: "; ".join(registry.organizations[i].name for i in ids)  # noqa: E731
    rows = []
    for task in registry.tasks:
        current = progress[task.key].current
        rows.append(
            {
                "ke_hoach": task.plan_id,
                "ma_nhiem_vu": task.id,
                "vi_tri": task.position,
                "noi_dung": task.text,
                "vai_tro": task.lead_role_label,
                "chu_tri": names(task.lead_ids),
                "phoi_hop": names(task.coordinator_ids),
                "bao_cao": names(task.report_to_ids),
                "loai_thoi_han": task.deadline.kind_label,
                "thoi_han_nguyen_van": task.deadline.written or "",
                "han": f"{current.due:%d/%m/%Y}" if current.due else "",
                "trang_thai": STATUS_LABELS[current.status],
                "tinh_den_ngay": f"{options.as_of:%d/%m/%Y}",
            }
        )
    return rows


def _spreadsheet_safe(value: str | int | float) -> str | int | float:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers stay numbers."""
    if not isinstance(value, str):
        return value
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


_FIGURE_COLUMNS = ["chi_tieu", "ten_chi_tieu", "don_vi", "to_chuc", "ten_to_chuc", "ky", "gia_tri", "ngay_bao_cao", "tep_cap_nhat", "minh_hoa"]


def _figure_rows(registry: Registry, options: "SiteOptions") -> list[dict]:
    """Every figure value reported up to the as-of date, as the figures page counts them."""
    rows = []
    for update in registry.updates:
        if update.date > options.as_of:
            continue
        for value in update.figures:
            figure = registry.figures[value.figure_id]
            rows.append(
                {
                    "chi_tieu": figure.id, "ten_chi_tieu": figure.name, "don_vi": figure.unit,
                    "to_chuc": update.organization_id, "ten_to_chuc": registry.organizations[update.organization_id].name,
                    "ky": value.period, "gia_tri": value.value, "ngay_bao_cao": update.date.isoformat(),
                    "tep_cap_nhat": update.location.path, "minh_hoa": "có" if update.example else "",
                }
            )
    return rows


def _csv(rows: list[dict], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or _COLUMNS)
    writer.writeheader()
    writer.writerows({key: _spreadsheet_safe(value) for key, value in row.items()} for row in rows)
    # The byte order mark makes Excel read the file as UTF-8, so Vietnamese shows intact.
    return "\ufeff" + buffer.getvalue()


def _json(registry: Registry, progress: dict[str, TaskProgress], options: "SiteOptions") -> str:
    tasks = []
    for task in registry.tasks:
        p = progress[task.key]
        tasks.append(
            {
                "ke_hoach": task.plan_id,
                "id": task.id,
                "vi_tri": task.position,
                "noi_dung": task.text,
                "vai_tro": task.lead_role,
                "chu_tri": list(task.lead_ids),
                "phoi_hop": list(task.coordinator_ids),
                "bao_cao": list(task.report_to_ids),
                "thoi_han": {
                    "loai": task.deadline.kind,
                    "nguyen_van": task.deadline.written,
                    "han": p.current.due.isoformat() if p.current.due else None,
                    "sau": task.deadline.after_task_id,
                },
                "trang_thai": p.status,
                "lan_thuc_hien": [
                    {"nam": o.year, "han": o.due.isoformat() if o.due else None, "trang_thai": o.status, "ngay_hoan_thanh": o.done_on.isoformat() if o.done_on else None}
                    for o in p.occurrences
                ],
            }
        )
    return json.dumps({"tinh_den_ngay": options.as_of.isoformat(), "nhiem_vu": tasks}, ensure_ascii=False, separators=(",", ":")) + "\n"  # no indent: the C encoder, 10× faster at scale


def _reached(registry: Registry) -> dict[str, list[Task]]:
    reached: dict[str, list[Task]] = {}
    for task in registry.tasks:
        for organization_id in registry.reached_by(task):
            reached.setdefault(organization_id, []).append(task)
    return reached


def export_paths(registry: Registry) -> list[str]:
    """The paths build_exports writes, in its order, without making the files."""
    return [FEED, CALENDAR, TASKS_CSV, TASKS_JSON, FIGURES_CSV, *map(organization_calendar, _reached(registry))]


def build_exports(registry: Registry, progress: dict[str, TaskProgress], options: "SiteOptions") -> list[tuple[str, str]]:
    events: dict[str, str] = {}
    files = [
        (FEED, _atom(registry, options)),
        (CALENDAR, _calendar("Thời hạn nhiệm vụ", registry.tasks, progress, registry, options, events)),
        (TASKS_CSV, _csv(_task_rows(registry, progress, options))),
        (TASKS_JSON, _json(registry, progress, options)),
        (FIGURES_CSV, _csv(_figure_rows(registry, options), _FIGURE_COLUMNS)),
    ]
    for organization_id, tasks in _reached(registry).items():
        name = f"Thời hạn nhiệm vụ — {registry.organizations[organization_id].name}"
        files.append((organization_calendar(organization_id), _calendar(name, tasks, progress, registry, options, events)))
    return files
