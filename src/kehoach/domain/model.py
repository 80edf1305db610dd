"""The domain: directives, plans as trees of sections holding tasks, and one registry of organizations."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from kehoach.domain.problems import Location
from kehoach.domain.textfold import fold_key
from kehoach.domain.vocabulary import AssignmentRole, DeadlineKind, LeadRole, Level, OrganizationKind, RecipientPurpose, Recurrence, SecrecyMark, SourceKind, UpdateState


def format_date(day: dt.date) -> str:
    # Not strftime: called for every date of every page (130,000 at province size), and locale-free.
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def document_date(day: dt.date) -> str:
    """The date as a document's place-and-date line writes it: a leading zero for days below 10 and
    for months 1 and 2 only ("ngày 08 tháng 4 năm 2019", "ngày 21 tháng 01 năm 2019"), the rule of
    Nghị định 30/2020/NĐ-CP that Party offices follow too (docs/huong-dan/ban-ghi.md)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.month}/{self.year}"


_ROMAN_NUMERALS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    def __str__(self) -> str:
        return f"quý {_ROMAN_NUMERALS[self.quarter - 1]}/{self.year}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    """A period of the calendar that a report is for and a recurring task comes round in: a year,
    a half-year, a quarter (I–IV) or a month. `months` is its length, `index` which one of the
    year it is (from 1): Period(2019, 3, 2) is quarter II/2019."""

    year: int
    months: int = 12
    index: int = 1

    @classmethod
    def containing(cls, day: dt.date | Month, months: int) -> Period:
        return cls(day.year, months, (day.month - 1) // months + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> dt.date:
        return _month_end(self.year, self.index * self.months)

    def next(self) -> Period:
        if self.index * self.months >= 12:
            return Period(self.year + 1, self.months, 1)
        return Period(self.year, self.months, self.index + 1)

    @property
    def kind_words(self) -> str:
        """What kind of period it is, in words: “năm”, “nửa năm”, “quý”, “tháng”."""
        return {12: "năm", 6: "nửa năm", 3: "quý", 1: "tháng"}[self.months]

    def __str__(self) -> str:
        if self.months == 12:
            return f"năm {self.year}"
        if self.months == 6:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.months == 3:
            return f"quý {_ROMAN_NUMERALS[self.index - 1]}/{self.year}"
        return f"tháng {self.index}/{self.year}"

    @property
    def written(self) -> str:
        """How a report's `ky` writes it: 2019, 6 tháng đầu năm 2019, II/2019, 5/2019."""
        if self.months == 12:
            return str(self.year)
        if self.months == 6:
            return str(self)
        if self.months == 3:
            return f"{_ROMAN_NUMERALS[self.index - 1]}/{self.year}"
        return f"{self.index}/{self.year}"


@dataclass(frozen=True)
class Organization:
    """An organization, position or group; groups have members and are addressed as one."""

    id: str
    name: str
    kind: OrganizationKind
    level: Level
    location: Location
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    parent_id: str | None = None
    note: str | None = None
    is_group: bool = False
    member_ids: tuple[str, ...] = ()
    members_complete: bool = False
    unit_id: str | None = None  # the party unit as written (dang_bo); Registry.unit_of works it out

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def level_label(self) -> str:
        return self.level.label

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.abbreviations)


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    written: str | None = None
    date: dt.date | None = None
    month: Month | None = None
    quarter: Quarter | None = None
    year: int | None = None
    from_year: int | None = None
    after_task_id: str | None = None
    every: Recurrence | None = None  # dinh-ky: how often (moi_thang)
    from_month: Month | None = None  # dinh-ky: the month of the first period (tu_thang)
    start: dt.date | None = None  # khoang: from (tu)
    end: dt.date | None = None  # khoang: to, the due date (den)
    event: str | None = None  # truoc-su-kien: the event, as the plan names it (su_kien); its date, if known, in `date`

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def recurrence(self) -> Recurrence | None:
        """How often the task comes round, for the recurring kinds (hằng năm, định kỳ); else None."""
        if self.kind is DeadlineKind.EVERY_YEAR:
            return Recurrence.YEARLY
        if self.kind is DeadlineKind.RECURRING:
            return self.every
        return None

    @property
    def due_date(self) -> dt.date | None:
        """The last day on which the task is on time, for deadlines that fall on one day."""
        if self.kind in (DeadlineKind.DATE, DeadlineKind.BEFORE_EVENT):
            return self.date  # before an event: its date, when the records know it
        if self.kind is DeadlineKind.RANGE:
            return self.end
        if self.kind is DeadlineKind.MONTH and self.month:
            return _month_end(self.month.year, self.month.month)
        if self.kind is DeadlineKind.QUARTER and self.quarter:
            return _month_end(self.quarter.year, self.quarter.quarter * 3)
        if self.kind is DeadlineKind.YEAR and self.year:
            return dt.date(self.year, 12, 31)
        return None

    @property
    def structured(self) -> str:
        """The deadline as the site states it, independent of how the plan wrote it."""
        due = self.due_date
        if self.kind is DeadlineKind.DATE and due:
            return f"ngày {format_date(due)}"
        if self.kind is DeadlineKind.MONTH and self.month and due:
            return f"tháng {self.month} (đến {format_date(due)})"
        if self.kind is DeadlineKind.QUARTER and self.quarter and due:
            return f"{self.quarter} (đến {format_date(due)})"
        if self.kind is DeadlineKind.YEAR and due:
            return f"năm {self.year} (đến {format_date(due)})"
        if self.kind is DeadlineKind.EVERY_YEAR:
            return f"hằng năm, từ năm {self.from_year}" if self.from_year else "hằng năm"
        if self.kind is DeadlineKind.RECURRING and self.every:
            first = f", từ {Period.containing(self.from_month, self.every.months)}" if self.from_month else ""
            return f"định kỳ {self.every.label}{first} (hạn ngày cuối mỗi kỳ)"
        if self.kind is DeadlineKind.RANGE and self.start and self.end:
            return f"từ ngày {format_date(self.start)} đến ngày {format_date(self.end)}"
        if self.kind is DeadlineKind.BEFORE_EVENT and self.event:
            return f"trước {self.event}" + (f" (ngày {format_date(self.date)})" if self.date else " (chưa có ngày)")
        return self.kind_label


@dataclass(frozen=True)
class Task:
    id: str
    plan_id: str
    text: str
    paragraph: str  # the whole paragraph the task sits in; text is all of it or an excerpt
    lead_ids: tuple[str, ...]
    lead_role: LeadRole
    deadline: Deadline
    section_anchor: str
    position: str
    location: Location
    coordinator_ids: tuple[str, ...] = ()
    report_to_ids: tuple[str, ...] = ()
    note: str | None = None
    short_name: str | None = None  # the editor's short title (ten_ngan), else one is made from the text
    attendees: str | None = None  # who attends, as the plan words it (thanh_phan)
    duration: str | None = None  # how long, as the plan words it (thoi_luong)
    condition: str | None = None  # on what condition, as the plan words it (dieu_kien)

    @cached_property
    def key(self) -> str:
        """Unique across plans: task ids are unique within their plan only."""
        return f"{self.plan_id}/{self.id}"

    @property
    def lead_role_label(self) -> str:
        return self.lead_role.label

    @cached_property
    def short_title(self) -> str:
        """A few words naming the task: the editor's `ten_ngan`, else the first words of its text."""
        return self.short_name or first_words(self.text)

    @cached_property
    def label(self) -> str:
        """How readers tell tasks apart: its place in the plan and its short title ("B.II.4: Rà soát…")."""
        return f"{self.position}: {self.short_title}"


def first_words(text: str, limit: int = 60) -> str:
    """The start of a text, cut at a word boundary before `limit` characters, with “…” if cut."""
    words = text.split()
    taken: list[str] = []
    for word in words:
        if taken and len(" ".join([*taken, word])) > limit:
            break
        taken.append(word)
    shown = " ".join(taken).rstrip(",;:")
    return shown if len(taken) == len(words) else shown + "…"


@dataclass(frozen=True)
class Section:
    label: str | None
    heading: str | None
    text: str | None
    anchor: str
    depth: int
    children: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    editorial_note: str | None = None

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Citation:
    """A text a document cites (căn cứ, thực hiện…): a record of the site — a directive or a plan,
    with its own page — or a text outside the records, named as the document names it (issue 14, point 5)."""

    directive_id: str | None = None
    plan_id: str | None = None
    title: str | None = None  # a text outside the records: “Điều lệ Đảng”, “Quy định số 29-QĐ/TW”
    part: str | None = None  # the article or point cited: “Điều 8”
    link: str | None = None  # where to read an outside text


@dataclass(frozen=True)
class Recipient:
    text: str
    organization_ids: tuple[str, ...] = ()
    purpose: RecipientPurpose | None = None
    footnote_mark: str | None = None

    @property
    def purpose_label(self) -> str | None:
        return self.purpose.label if self.purpose else None


@dataclass(frozen=True)
class Signer:
    authority: str
    position: str
    name: str | None = None  # None: the source does not say who signed (shown “chưa rõ”, never guessed)


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str | None = None


@dataclass(frozen=True)
class Directive:
    id: str
    type: str
    number: str
    issuer_id: str
    date: dt.date
    title: str
    location: Location
    source_kind: SourceKind
    summary: str | None = None
    full_text: str | None = None
    source_note: str | None = None
    secrecy: SecrecyMark | None = None
    circulation: str | None = None
    citations: tuple[Citation, ...] = ()

    @property
    def full_title(self) -> str:
        return f"{self.type} số {self.number} ngày {format_date(self.date)}"


@dataclass(frozen=True)
class Plan:
    id: str
    type: str
    title: str
    issuer_id: str
    directive_ids: tuple[str, ...]
    sections: tuple[Section, ...]
    location: Location
    source_kind: SourceKind
    source_note: str | None = None  # where the text was taken from, in words or as an address
    heading_lines: tuple[str, ...] = ()  # the issuing body's lines as the document writes them
    superior_id: str | None = None
    number: str | None = None
    date: dt.date | None = None
    place: str | None = None
    standard: str | None = None
    preamble: str | None = None
    recipients: tuple[Recipient, ...] = ()
    signer: Signer | None = None
    footnotes: tuple[Footnote, ...] = ()
    note: str | None = None
    source_file: str | None = None  # as written in the record, relative to the records folder
    source_text: str | None = None  # that file's text (NFC), read by the loader
    secrecy: SecrecyMark | None = None
    circulation: str | None = None
    citations: tuple[Citation, ...] = ()

    @property
    def official_layout(self) -> bool:
        """Typeset as the document itself (letterhead, signer block) only when the records hold its full text."""
        return self.source_kind is SourceKind.FULL_TEXT

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    @cached_property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(task for section in self.walk() for task in section.tasks)

    @property
    def short_title(self) -> str:
        number = f" số {self.number}" if self.number else ""
        return f"{self.type.capitalize()}{number}: {self.title}"


@dataclass(frozen=True)
class Figure:
    """A named figure (chỉ tiêu) that updates may report, declared once."""

    id: str
    name: str
    unit: str
    meaning: str
    location: Location


@dataclass(frozen=True)
class FigureValue:
    figure_id: str
    value: float
    period: str  # as written: "2019", "II/2019", "5/2019"


@dataclass(frozen=True)
class Evidence:
    type: str
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None
    link: str | None = None

    @property
    def label(self) -> str:
        parts = [self.type]
        if self.number:
            parts.append(f"số {self.number}")
        if self.date:
            parts.append(f"ngày {format_date(self.date)}")
        return " ".join(parts)


@dataclass(frozen=True)
class Update:
    """One progress report, as committed in one file."""

    id: str  # the file's path below the records folder, without extension
    plan_id: str
    task_ids: tuple[str, ...]
    organization_id: str
    date: dt.date
    state: UpdateState
    location: Location
    completed_on: dt.date | None = None
    period: Period | None = None  # `ky`: the period of a recurring task the report is for
    percent: float | None = None
    new_due: dt.date | None = None
    reason: str | None = None
    body: str | None = None
    evidence: Evidence | None = None
    figures: tuple[FigureValue, ...] = ()
    secrecy: SecrecyMark | None = None
    circulation: str | None = None
    example: bool = False  # from the illustrative example set, never shown as real

    @property
    def task_keys(self) -> tuple[str, ...]:
        return tuple(f"{self.plan_id}/{t}" for t in self.task_ids)

    @property
    def period_year(self) -> int | None:
        """The year of `ky` when it is a whole year (a report for one year of a yearly task)."""
        return self.period.year if self.period is not None and self.period.months == 12 else None

    @property
    def done_on(self) -> dt.date | None:
        if self.state is not UpdateState.DONE:
            return None
        return self.completed_on or self.date

    @property
    def state_label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class Assignment:
    """How one task reaches one organization."""

    task: Task
    role: AssignmentRole
    via_group_id: str | None = None


ROLE_TITLES = AssignmentRole.labels()


@dataclass
class Registry:
    directives: dict[str, Directive] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._assignments: dict[str, list[Assignment]] | None = None
        self._groups_of: dict[str, list[str]] | None = None
        self._children: dict[str, list[Organization]] | None = None
        self._tasks: list[Task] | None = None
        self._task_index: dict[str, Task] = {}
        # Asked for every update and every page that lists a task; organizations and groups are
        # all known before the first question (they load first), and never change afterwards.
        self._reached_by: dict[str, list[str]] = {}
        self._units: dict[str, str | None] = {}
        self._name_counts: dict[str, int] | None = None

    @property
    def tasks(self) -> list[Task]:
        """Every task of every plan, in plan and document order (computed once, after loading)."""
        if self._tasks is None:
            self._tasks = [task for plan in self.plans.values() for task in plan.tasks]
            self._task_index = {task.key: task for task in self._tasks}
        return self._tasks

    def task(self, key: str) -> Task | None:
        self.tasks  # noqa: B018 - builds the index
        return self._task_index.get(key)

    def groups_of(self, organization_id: str) -> list[str]:
        """Every group the organization belongs to, directly or through another group."""
        if self._groups_of is None:
            direct: dict[str, list[str]] = defaultdict(list)
            for group in self.organizations.values():
                for member in group.member_ids:
                    direct[member].append(group.id)
            closure: dict[str, list[str]] = {}
            for org_id in self.organizations:
                seen: dict[str, None] = {}  # in the order met: nearest groups first
                pending = deque(direct.get(org_id, ()))
                while pending:
                    group_id = pending.popleft()
                    if group_id in seen or group_id == org_id:
                        continue
                    seen[group_id] = None
                    pending.extend(direct.get(group_id, ()))
                closure[org_id] = list(seen)
            self._groups_of = closure
        return self._groups_of.get(organization_id, [])

    def assignments(self, organization_id: str) -> list[Assignment]:
        """Tasks that reach the organization: its own, then those addressed to its groups."""
        if self._assignments is None:
            index: dict[str, list[Assignment]] = defaultdict(list)
            for task in self.tasks:
                for role, ids in ((AssignmentRole.LEAD, task.lead_ids), (AssignmentRole.COORDINATE, task.coordinator_ids), (AssignmentRole.RECEIVE_REPORTS, task.report_to_ids)):
                    for org_id in ids:
                        index[org_id].append(Assignment(task, role))
            self._assignments = index
        own = list(self._assignments.get(organization_id, ()))
        own_keys = {(a.task.key, a.role) for a in own}
        for group_id in self.groups_of(organization_id):
            for assignment in self._assignments.get(group_id, ()):
                if assignment.role is not AssignmentRole.RECEIVE_REPORTS and (assignment.task.key, assignment.role) not in own_keys:
                    own_keys.add((assignment.task.key, assignment.role))
                    own.append(Assignment(assignment.task, assignment.role, via_group_id=group_id))
        return own

    def recipient_of(self, organization_id: str) -> list[tuple[Plan, Recipient]]:
        return [
            (plan, recipient)
            for plan in self.plans.values()
            for recipient in plan.recipients
            if organization_id in recipient.organization_ids
        ]

    def reached_by(self, task: Task) -> list[str]:
        """Every organization a task is addressed to: named ones, and members of named groups."""
        cached = self._reached_by.get(task.key)
        if cached is None:
            cached = self._reached_by[task.key] = self._reach(task)
        return list(cached)

    def _reach(self, task: Task) -> list[str]:
        reached: dict[str, None] = {}
        pending = deque([*task.lead_ids, *task.coordinator_ids])
        while pending:
            org_id = pending.popleft()
            if org_id in reached:
                continue
            reached[org_id] = None
            organization = self.organizations.get(org_id)
            if organization is not None:
                pending.extend(organization.member_ids)
        return list(reached)

    def unit_of(self, organization_id: str) -> str | None:
        """The party unit (đảng bộ) an organization belongs to, as the id of the committee heading
        it: its own `dang_bo`; else its parent's unit (truc_thuoc, followed up); else, for a party
        committee that answers to no one in the records, itself; for a group, the unit all its
        members share. None where the records do not tell (central bodies, the press…)."""
        if organization_id in self._units:
            return self._units[organization_id]
        self._units[organization_id] = None  # while working it out: a loop of groups ends here
        chain: list[str] = []
        unit: str | None = None
        current: str | None = organization_id
        while current is not None and current not in chain:
            if current in self._units and current != organization_id:
                unit = self._units[current]
                break
            chain.append(current)
            organization = self.organizations.get(current)
            if organization is None:
                break
            if organization.unit_id:
                unit = organization.unit_id
                break
            if organization.is_group:
                member_units = {self.unit_of(m) for m in organization.member_ids if m != current}
                unit = member_units.pop() if len(member_units) == 1 else None
                break
            if organization.parent_id is None and organization.kind is OrganizationKind.PARTY_COMMITTEE:
                unit = current
                break
            current = organization.parent_id
        for visited in chain:
            self._units[visited] = unit
        return unit

    def unit_within(self, inner: str, outer: str) -> bool:
        """Whether party unit `inner` is `outer` or nested in it (a district's unit in its
        province's): from the committee heading `inner`, up through the units of its parents."""
        seen: set[str] = set()
        head: str | None = inner
        while head is not None and head not in seen:
            if head == outer:
                return True
            seen.add(head)
            organization = self.organizations.get(head)
            head = self.unit_of(organization.parent_id) if organization is not None and organization.parent_id else None
        return False

    def display_name(self, organization_id: str) -> str:
        """The name readers see: qualified by its party unit (or its parent) where another
        organization of the records has the same name (“Ban Tổ chức (Huyện ủy Văn Lâm)”)."""
        organization = self.organizations[organization_id]
        if self._name_counts is None:
            counts: dict[str, int] = defaultdict(int)
            for other in self.organizations.values():
                counts[fold_key(other.name)] += 1
            self._name_counts = counts
        if self._name_counts[fold_key(organization.name)] < 2:
            return organization.name
        for qualifier_id in (self.unit_of(organization_id), organization.parent_id):
            qualifier = self.organizations.get(qualifier_id) if qualifier_id and qualifier_id != organization_id else None
            if qualifier is not None:
                return f"{organization.name} ({qualifier.name})"
        return organization.name

    def cited_by(self, directive_id: str | None = None, plan_id: str | None = None) -> list[Directive | Plan]:
        """The directives and plans that cite a directive or a plan (“được căn cứ bởi”)."""
        documents: list[Directive | Plan] = [*self.directives.values(), *self.plans.values()]
        return [
            document for document in documents
            if any((directive_id and c.directive_id == directive_id) or (plan_id and c.plan_id == plan_id) for c in document.citations)
        ]

    def members(self, group_id: str) -> list[Organization]:
        return [self.organizations[m] for m in self.organizations[group_id].member_ids]

    def children(self, organization_id: str) -> list[Organization]:
        if self._children is None:
            self._children = defaultdict(list)
            for organization in self.organizations.values():
                if organization.parent_id:
                    self._children[organization.parent_id].append(organization)
        return self._children.get(organization_id, [])


def figure_period_key(period: str) -> tuple[int, int, int, str]:
    """Sort key of a figure's period as written (“5/2019”, “II/2019”, “2019”): by the period's
    last month; a month before the quarter it closes, a quarter before its year."""
    tail = period.rsplit("/", 1)[-1]
    year = int(tail) if tail.isdigit() else 0
    head = period.rsplit("/", 1)[0] if "/" in period else ""
    quarters = {"I": 3, "II": 6, "III": 9, "IV": 12}
    if head.upper() in quarters:
        return year, quarters[head.upper()], 1, period
    if head.isdigit():
        return year, int(head), 0, period
    return year, 12, 2, period
