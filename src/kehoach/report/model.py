"""What a progress report says, as plain data: built from the domain, written out by `docx_writer`.

The report (báo cáo kết quả thực hiện) follows Hướng dẫn 36-HD/VPTW: the reporting body under its
superior, “ĐẢNG CỘNG SẢN VIỆT NAM”, the number, place and date, “BÁO CÁO” and its title, the body,
the recipients and the signer. What the records do not state (the report's number, the place when
the plan does not give it, the signer) stays a marked placeholder — never filled in by a guess.

Counts by status are the site's own (`charts.progress_categories` over the same `TaskProgress`),
so the report never disagrees with the plan or organization page it is offered from.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from kehoach.content.charts import number, progress_categories
from kehoach.domain.model import Organization, Plan, Registry, Task, Update, document_date, figure_period_key, format_date
from kehoach.domain.status import TaskProgress, status_wording
from kehoach.domain.vocabulary import AssignmentRole, LeadRole, OrganizationKind, RecipientPurpose, SecrecyMark, Status

# A placeholder the office fills in by hand; the writer marks every one (highlighted).
UNKNOWN = "…"
ILLUSTRATIVE = "minh họa"
REPORT_KIND = "BÁO CÁO"
NATIONAL_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Piece:
    """A run of text; `unknown` marks a placeholder to fill in (highlighted in the document)."""

    text: str
    unknown: bool = False
    bold: bool = False
    italic: bool = False


Line = tuple[Piece, ...]


def known(text: str, *, bold: bool = False, italic: bool = False) -> Piece:
    return Piece(nfc(text), False, bold, italic)


def unknown(text: str = UNKNOWN * 3, *, bold: bool = False, italic: bool = False) -> Piece:
    return Piece(nfc(text), True, bold, italic)


@dataclass(frozen=True)
class TaskRow:
    position: str
    title: str  # the short title, as the site names the task
    leads: str
    deadline: str  # as the plan wrote it, else as the site states it
    status: Status
    status_text: str  # `status_wording`, with days late and the illustrative mark
    latest: str | None  # the latest report: date, organization, state, text
    evidence: str | None
    example: bool  # the status or the latest report rests on illustrative updates
    due: dt.date | None = None


@dataclass(frozen=True)
class FigureLine:
    period: str
    organization: str
    value: str
    example: bool = False


@dataclass(frozen=True)
class FigureTable:
    name: str
    unit: str
    meaning: str
    lines: tuple[FigureLine, ...]
    totals: tuple[tuple[str, str], ...]  # (period, total) when more than one organization reported


@dataclass(frozen=True)
class Report:
    plan_id: str
    organization_id: str | None  # a report of one organization's tasks; None: the whole plan
    as_of: dt.date
    heading_lines: tuple[Line, ...]  # left column: superior, reporting body, “*”, number
    national_heading: str
    place_date: Line
    kind: str
    title: Line
    illustrative: bool
    summary: str
    counts: tuple[tuple[str, int], ...]  # the site's progress bar categories and counts
    total: int
    tasks: tuple[TaskRow, ...]
    overdue: tuple[TaskRow, ...]
    figures: tuple[FigureTable, ...]
    recipients: tuple[Line, ...]
    signer: tuple[Line, ...]
    unknowns: tuple[str, ...] = field(default=())  # what the document leaves to fill in, in words
    author: str = ""  # the reporting body's name: the document's author property (Word's File → Info)

    @property
    def title_text(self) -> str:
        return "".join(piece.text for piece in self.title)

    @property
    def file_stem(self) -> str:
        who = f"-{self.organization_id}" if self.organization_id else ""
        return f"bao-cao-{self.plan_id}{who}-{self.as_of:%Y-%m-%d}"


def short_date(day: dt.date) -> str:
    return format_date(day)


def name_of(registry: Registry, organization_id: str) -> str:
    """An organization as the site names it (`Registry.display_name`: qualified by its unit where two
    share a name), the id itself when the registry does not hold it."""
    return registry.display_name(organization_id) if organization_id in registry.organizations else organization_id


def _update_text(update: Update, registry: Registry) -> str:
    who = name_of(registry, update.organization_id)
    state = update.state_label
    if update.percent is not None:
        state += f" ({number(update.percent)}%)"
    text = f"{short_date(update.date)}, {who}: {state}."
    if update.body:
        text += f" {update.body.strip()}"
    if update.reason:
        text += f" Lý do: {update.reason.strip()}"
    if update.example:
        text = f"[{ILLUSTRATIVE.capitalize()}] {text}"
    return nfc(text)


def _evidence_text(update: Update) -> str | None:
    evidence = update.evidence
    if evidence is None:
        return None
    text = evidence.label + (f" — {evidence.title}" if evidence.title else "")
    return nfc(text)


def _leads(task: Task, registry: Registry) -> str:
    names = ", ".join(name_of(registry, i) for i in task.lead_ids)
    if task.lead_role is not LeadRole.LEADS:
        names += f" ({task.lead_role.label})"
    return nfc(names)


def task_row(task: Task, progress: TaskProgress, registry: Registry) -> TaskRow:
    current = progress.headline  # the occurrence its status is read from
    wording = status_wording(progress)
    if progress.status is Status.OVERDUE and current.days_late:
        wording += f" ({number(current.days_late)} ngày)"
    elif progress.status is Status.DONE_LATE and current.days_late:
        wording += f" (chậm {number(current.days_late)} ngày)"
    if current.year is not None and current is progress.current:  # else the wording names the period
        wording = f"Năm {current.year}: {wording}"
    latest_update = progress.updates[-1] if progress.updates else None
    example = any(u.example for u in current.updates) or bool(latest_update and latest_update.example)
    if example:
        wording += f" ({ILLUSTRATIVE})"
    deadline = task.deadline.written or task.deadline.structured
    return TaskRow(
        position=task.position,
        title=nfc(task.short_title),
        leads=_leads(task, registry),
        deadline=nfc(deadline),
        status=progress.status,
        status_text=nfc(wording),
        latest=_update_text(latest_update, registry) if latest_update else None,
        evidence=_evidence_text(latest_update) if latest_update else None,
        example=example,
        due=current.due,
    )


def organization_tasks(registry: Registry, organization_id: str, plan: Plan) -> list[Task]:
    """The tasks of a plan that reach an organization as its organization page counts them: those it
    leads or coordinates, itself or through a group (not those it only receives reports of)."""
    keys = {a.task.key for a in registry.assignments(organization_id) if a.role is not AssignmentRole.RECEIVE_REPORTS}
    return [task for task in plan.tasks if task.key in keys]


def _plan_updates(plan: Plan, progress: Mapping[str, TaskProgress]) -> list[Update]:
    """Every report on the plan's tasks up to the date (the progress holds only those), each once,
    oldest first — read from the tasks' progress, not by scanning every update of every plan."""
    found: dict[str, Update] = {}
    for task in plan.tasks:
        for update in progress[task.key].updates:
            found.setdefault(update.id, update)
    return sorted(found.values(), key=lambda u: (u.date, u.location.path))


def _figure_tables(registry: Registry, updates: list[Update], members: set[str] | None) -> tuple[FigureTable, ...]:
    """The figures reported on the plan's tasks up to the date, as the figures page counts them: a
    later report for the same organization and period replaces an earlier one."""
    values: dict[str, dict[tuple[str, str], tuple[float, Update]]] = {}
    for update in updates:
        if not update.figures or (members is not None and update.organization_id not in members):
            continue
        for value in update.figures:
            values.setdefault(value.figure_id, {})[(update.organization_id, value.period)] = (value.value, update)
    tables = []
    for figure_id, reported in values.items():
        figure = registry.figures.get(figure_id)
        if figure is None:
            continue
        keys = sorted(reported, key=lambda k: (figure_period_key(k[1]), name_of(registry, k[0])))
        lines = tuple(
            FigureLine(
                period=period,
                organization=nfc(name_of(registry, org)),
                value=number(reported[(org, period)][0]),
                example=reported[(org, period)][1].example,
            )
            for org, period in keys
        )
        by_period: dict[str, list[float]] = {}
        for (_, period), (amount, _) in reported.items():
            by_period.setdefault(period, []).append(amount)
        totals = tuple((period, number(sum(amounts))) for period, amounts in sorted(by_period.items(), key=lambda item: figure_period_key(item[0])) if len(amounts) > 1)
        tables.append(FigureTable(nfc(figure.name), nfc(figure.unit), nfc(figure.meaning), lines, totals))
    tables.sort(key=lambda t: t.name)
    return tuple(tables)


def _heading_lines(body: Organization, superior: Organization | None, secrecy: SecrecyMark | None, own: tuple[str, ...] = ()) -> tuple[Line, ...]:
    """The reporting body under its superior; for the plan's issuer, the lines its own plan is headed
    with (`tieu_de_co_quan`: “ĐẢNG BỘ TỈNH HƯNG YÊN / HUYỆN ỦY VĂN LÂM”) where the records give them."""
    lines: list[Line] = []
    if own:
        lines += [(known(text.strip(), bold=index == len(own) - 1),) for index, text in enumerate(own)]
    else:
        if superior is not None:
            lines.append((known(superior.name.upper()),))
        lines.append((known(body.name.upper(), bold=True),))
    lines.append((known("*"),))
    # The report's number is given when it is issued: “Số …-BC/…”, never guessed.
    lines.append((known("Số "), unknown(UNKNOWN * 2), known("-BC/"), unknown(UNKNOWN * 2)))
    if secrecy is not None:
        # A report quoting a plan under a secrecy mark carries the mark too (the office may raise it).
        lines.append((known(secrecy.label.upper(), bold=True),))
    return tuple(lines)


def _plan_name(plan: Plan, registry: Registry) -> Line:
    """The plan as the report's title names it: its kind and number (or that the number is not
    known), the issuer and its title, as the plan page shows them. The issuer is named from the
    registry (`Registry.display_name`, as the site tells apart two units' “Ban Thường vụ Tỉnh ủy”),
    never from the draft's letterhead in capitals (“HUYỆN ỦY VĂN LÂM”)."""
    kind = plan.type[:1].upper() + plan.type[1:].lower()
    dated = f" ngày {format_date(plan.date)}" if plan.date else ""
    by = f" của {registry.display_name(plan.issuer_id)}" if plan.issuer_id in registry.organizations else ""
    title = plan.title.strip()
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]  # “… về triển khai thực hiện …”: a title read on in the sentence
    # The plan's number, when the source does not give it, stays a placeholder to fill in.
    numbered = (known(f"{kind} số {plan.number}"),) if plan.number else (known(f"{kind} số "), unknown("… (chưa rõ số)"))
    return (*numbered, known(f"{dated}{by} về {title}"))


def _recipients(registry: Registry, plan: Plan, tasks: list[Task], body_id: str) -> tuple[Line, ...]:
    """Who the report goes to: for the plan's issuer, the plan's recipients it reports to (b/c); for
    one organization, the bodies its tasks report to (`bao_cao`). Then the office's file copy, its
    name left to fill in. Nothing known: a placeholder line."""
    lines: list[Line] = []
    if body_id == plan.issuer_id:
        for recipient in plan.recipients:
            if recipient.purpose is RecipientPurpose.REPORT:
                text = recipient.text.rstrip(",.;").strip()
                lines.append((known(f"- {text};"),))
    if not lines:
        seen: dict[str, None] = {}
        for task in tasks:
            for org_id in task.report_to_ids:
                if org_id != body_id and org_id in registry.organizations:
                    seen[org_id] = None
        lines = [(known(f"- {name_of(registry, org_id)} (b/c);"),) for org_id in seen]
    if not lines:
        lines.append((known("- "), unknown(), known(";")))
    lines.append((known("- Lưu "), unknown(), known(".")))
    return tuple(lines)


def _signer(registry: Registry, plan: Plan, body: Organization) -> tuple[tuple[Line, ...], bool]:
    """The signer block, and whether its authority line is known. The authority (thẩm quyền) is
    known only for the plan's issuer: the plan's own signer block says it (`ky.quyen_han`, “T/M BAN
    THƯỜNG VỤ”), or, without one, a committee (cấp ủy) signs on behalf of itself, “T/M” and its name.
    Another body signs by its head's title (“TRƯỞNG BAN”, “CHÁNH VĂN PHÒNG”…), which the records do
    not state: a placeholder. The position and the name are always to fill in — whoever signs this
    report, not necessarily who signed the plan."""
    authority: Line
    if body.id == plan.issuer_id and plan.signer is not None and plan.signer.authority.strip():
        authority = (known(plan.signer.authority.strip(), bold=True),)
    elif body.id == plan.issuer_id and body.kind is OrganizationKind.PARTY_COMMITTEE and not body.is_group:
        authority = (known(f"T/M {body.name.upper()}", bold=True),)
    else:
        authority = (unknown("(thẩm quyền ký)", bold=True),)
    lines: tuple[Line, ...] = (
        authority,
        (unknown("(chức vụ)", bold=True),),
        (known(""),),
        (known(""),),
        (known(""),),
        (unknown("(họ và tên)", bold=True),),
    )
    return lines, not authority[0].unknown


def build_report(
    registry: Registry,
    progress: Mapping[str, TaskProgress],
    plan: Plan,
    as_of: dt.date,
    organization_id: str | None = None,
) -> Report:
    """The report of a plan as of a date — of all its tasks, or of those reaching one organization.
    `progress` holds every task's progress as of `as_of` (`ProgressCalculator(...).all()`). The
    issuer reporting is the report of the whole plan."""
    if organization_id == plan.issuer_id:
        organization_id = None
    issuer = registry.organizations.get(plan.issuer_id)
    if organization_id is None:
        tasks = list(plan.tasks)
        body = issuer
        superior = registry.organizations.get(plan.superior_id) if plan.superior_id else None
        members = None
    else:
        tasks = organization_tasks(registry, organization_id, plan)
        body = registry.organizations[organization_id]
        superior = registry.organizations.get(body.parent_id) if body.parent_id else None
        members = {organization_id, *(m for m in body.member_ids)}
    assert body is not None, f"plan {plan.id}: issuer {plan.issuer_id} not in the registry"
    progresses = [progress[task.key] for task in tasks]
    rows = tuple(task_row(task, p, registry) for task, p in zip(tasks, progresses, strict=True))
    categories = progress_categories(progresses)
    counts = tuple((label, count) for label, count, _ in categories)
    total = sum(count for _, count in counts)
    overdue = tuple(row for row in rows if row.status is Status.OVERDUE)
    updates = _plan_updates(plan, progress)
    illustrative = any(row.example for row in rows) or any(u.example for u in updates if members is None or u.organization_id in members)
    plan_name = _plan_name(plan, registry)
    title: Line = (known("Kết quả thực hiện "), *plan_name, known(f", tính đến {document_date(as_of)}"))
    shown = "; ".join(f"{number(count)} {label}" for label, count in counts if count)
    if organization_id is None:
        summary = f"Tính đến {document_date(as_of)}, Kế hoạch có {number(total)} nhiệm vụ"
    else:
        summary = f"Tính đến {document_date(as_of)}, {name_of(registry, body.id)} chủ trì hoặc phối hợp {number(total)} nhiệm vụ của Kế hoạch"
    summary += f": {shown}." if shown else "."
    place = (known(f"{plan.place}, "),) if plan.place and organization_id is None else (unknown(), known(", "))
    place_date: Line = (*place, known(document_date(as_of)))
    unknowns = ["số của báo cáo (Số …-BC/…)"]
    if not (plan.place and organization_id is None):
        unknowns.append("địa danh")
    signer, authority_known = _signer(registry, plan, body)
    unknowns += ["nơi lưu", "người ký (chức vụ, họ tên)" if authority_known else "người ký (thẩm quyền, chức vụ, họ tên)", "phần đánh giá và kiến nghị"]
    if not plan.number:
        unknowns.insert(0, "số của kế hoạch trong trích yếu (văn bản nguồn không ghi)")
    return Report(
        plan_id=plan.id,
        organization_id=organization_id,
        as_of=as_of,
        heading_lines=_heading_lines(body, superior, plan.secrecy, tuple(t for t in plan.heading_lines if t.strip()) if organization_id is None else ()),
        national_heading=NATIONAL_HEADING,
        place_date=place_date,
        kind=REPORT_KIND,
        title=title,
        illustrative=illustrative,
        summary=nfc(summary),
        counts=counts,
        total=total,
        tasks=rows,
        overdue=overdue,
        figures=_figure_tables(registry, updates, members),
        recipients=_recipients(registry, plan, tasks, body.id),
        signer=signer,
        unknowns=tuple(unknowns),
        author=nfc(name_of(registry, body.id)),
    )
