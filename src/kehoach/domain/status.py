"""Status of every task as of a date, computed from committed updates — never typed by hand.

Vocabulary follows Vietnam's government task tracking: not yet due, in progress within the
deadline, overdue, done on time, done late; plus stopped.

Rules (each one tested):
- Only updates dated on or before the as-of date count: an earlier date shows the plan as it stood then.
- A month deadline ends on the month's last day, a quarter's on the quarter's, a year's on 31/12.
- A recurring task (hằng năm; định kỳ every 1, 3, 6 or 12 months) has one occurrence per period
  of the calendar (month, quarter I–IV, half-year, year) from its first period to the one holding
  the as-of date, each due on its period's last day and each with its own status; an update
  belongs to the period in its `ky` field, else to the period holding its date.
- A range (từ … đến …) is due on its last day; a task due before an event is due on the event's
  date when the records know it.
- Ongoing tasks, tasks with no stated deadline and tasks due before an event of unknown date are
  never overdue; they show the days since their last report.
- A task due "after" another cannot start before that one is done: until then it is not yet due;
  afterwards it has no end date of its own, so it is in progress (or done), never overdue.
- A task with several leads is done when every lead has reported it done (a report by a member of
  a lead group counts for the group); the date it is done is the last of those reports.
- The latest `dung` (stopped) report stops a task; a `dieu-chinh` report may move its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach.domain.model import Period, Registry, Task, Update
from kehoach.domain.vocabulary import DONE_STATUSES, DeadlineKind, Status, UpdateState

STATUS_LABELS = Status.labels()  # {status: label}, in the order pages list statuses


@dataclass(frozen=True)
class LeadProgress:
    organization_id: str
    done_on: dt.date | None
    reported_by: str | None  # who reported it done: the lead itself or a member of the lead group


@dataclass
class Occurrence:
    year: int | None  # the year of a yearly task's occurrence; None for other tasks (and shorter periods)
    due: dt.date | None
    status: Status
    period: Period | None = None  # the period of a recurring task's occurrence (year, half-year, quarter, month)
    updates: list[Update] = field(default_factory=list)
    leads: list[LeadProgress] = field(default_factory=list)
    done_on: dt.date | None = None
    days_late: int | None = None
    days_since_report: int | None = None
    percent: float | None = None
    note: str | None = None
    waiting: str | None = None  # why a task that starts after another is not due: “chờ B.II.4, ý 1”, or “B.II.4, ý 1 đã dừng”

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def period_label(self) -> str:
        """The occurrence's period as pages name it (“quý II/2019”, “năm 2019”); '' for a single deadline."""
        return str(self.period) if self.period is not None else ""

    @property
    def last_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None


@dataclass
class TaskProgress:
    task: Task
    occurrences: list[Occurrence]
    updates: list[Update]

    @property
    def current(self) -> Occurrence:
        return self.occurrences[-1]

    @property
    def headline(self) -> Occurrence:
        """The occurrence the task's status is read from: its current one, except that a recurring
        task with an earlier period still overdue is overdue (from the first such period), whatever
        its current period says — six missed years are not “chưa đến hạn”."""
        current = self.current
        if current.status not in (Status.OVERDUE, Status.STOPPED):  # a stopped task is stopped
            for occurrence in self.occurrences:
                if occurrence.status is Status.OVERDUE:
                    return occurrence
        return current

    @property
    def status(self) -> Status:
        return self.headline.status

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def overdue_occurrences(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.status is Status.OVERDUE]


def status_wording(progress: TaskProgress) -> str:
    """The status as a reader should read it: “quá hạn” is “quá hạn, chưa có báo cáo” when nobody
    has reported on the task at all (the site cannot tell work not done from work not reported);
    a recurring task overdue for earlier periods says which (“quá hạn — 6 kỳ chưa có báo cáo, từ năm
    2019”); a task not due only because of the one it follows says so (“— chờ B.II.4, ý 1”)."""
    headline = progress.headline
    if headline is not progress.current:
        # Overdue for earlier periods: “chưa có báo cáo” is said of those periods, not of the task
        # (its current period may well have a report).
        overdue = len(progress.overdue_occurrences)
        unreported = " chưa có báo cáo" if not headline.updates else ""
        periods = f"{overdue} kỳ{unreported}, từ {headline.period_label}" if overdue > 1 else f"{headline.period_label}{unreported}"
        return f"{STATUS_LABELS[Status.OVERDUE]} — {periods}"
    wording = occurrence_wording(headline)
    if headline.waiting:  # not due only because of the task it starts after
        wording += f" — {headline.waiting}"
    return wording


# Overdue with no report at all: the site cannot tell work not done from work not reported.
OVERDUE_UNREPORTED_WORDING = f"{STATUS_LABELS[Status.OVERDUE]}, chưa có báo cáo"


def occurrence_wording(occurrence: Occurrence) -> str:
    """`status_wording` for one deadline of a task (one year of a yearly task)."""
    if occurrence.status is Status.OVERDUE and not occurrence.updates:
        return OVERDUE_UNREPORTED_WORDING
    return STATUS_LABELS[occurrence.status]


def plan_start(registry: Registry, task: Task) -> dt.date | None:
    """When the task's plan starts: its date, else the earliest day a task of the plan is due,
    else its directive's date."""
    plan = registry.plans[task.plan_id]
    if plan.date:
        return plan.date
    dated = [t.deadline.due_date for t in plan.tasks if t.deadline.due_date]
    if dated:
        return min(dated)
    directives = [registry.directives[d].date for d in plan.directive_ids if d in registry.directives]
    return min(directives, default=None)


def first_year(registry: Registry, task: Task) -> int | None:
    """The first year a yearly task is due: its own `tu_nam`, else its plan's year, else the
    earliest year a task of the plan is due, else its directive's year."""
    if task.deadline.from_year:
        return task.deadline.from_year
    start = plan_start(registry, task)
    return start.year if start else None


def first_period(registry: Registry, task: Task) -> Period | None:
    """The first period of a recurring task: for a yearly one its first year (`first_year`); for
    one every N months the period holding its `tu_thang`, else the one holding the plan's start.
    None for a task that does not recur, or whose start the records do not tell."""
    recurrence = task.deadline.recurrence
    if recurrence is None:
        return None
    if task.deadline.kind is DeadlineKind.EVERY_YEAR:
        year = first_year(registry, task)
        return Period(year) if year else None
    if task.deadline.from_month:
        return Period.containing(task.deadline.from_month, recurrence.months)
    start = plan_start(registry, task)
    return Period.containing(start, recurrence.months) if start else None


def update_period(update: Update, months: int) -> Period:
    """The period of a recurring task (every `months` months) an update is for: its `ky`, else the
    period holding its date."""
    if update.period is not None and update.period.months == months:
        return update.period
    return Period.containing(update.date, months)


class ProgressCalculator:
    def __init__(self, registry: Registry, as_of: dt.date):
        self.registry = registry
        self.as_of = as_of
        self._updates: dict[str, list[Update]] = {}
        for update in registry.updates:
            if update.date <= as_of:
                for key in update.task_keys:
                    self._updates.setdefault(key, []).append(update)
        self._members: dict[str, set[str]] = {}
        self._results: dict[str, TaskProgress] = {}

    def members_of(self, organization_id: str) -> set[str]:
        """The organization and everyone in it, through nested groups."""
        if organization_id not in self._members:
            found, pending = set(), [organization_id]
            while pending:
                current = pending.pop()
                if current in found:
                    continue
                found.add(current)
                organization = self.registry.organizations.get(current)
                if organization is not None:
                    pending.extend(organization.member_ids)
            self._members[organization_id] = found
        return self._members[organization_id]

    def all(self) -> dict[str, TaskProgress]:
        for task in self.registry.tasks:
            self.progress(task)
        return self._results

    def progress(self, task: Task) -> TaskProgress:
        if task.key in self._results:
            return self._results[task.key]
        # A task due "after" another needs that one first: work out the whole chain of waiting
        # tasks from its far end, so a chain of any length never recurses more than one level.
        waiting: dict[str, Task] = {}
        current: Task | None = task
        while current is not None and current.key not in self._results and current.deadline.kind is DeadlineKind.AFTER and current.key not in waiting:
            waiting[current.key] = current
            current = self.registry.task(f"{current.plan_id}/{current.deadline.after_task_id}")
        for earlier in reversed(list(waiting.values())[1:]):
            self._compute(earlier)
        return self._compute(task)

    def _compute(self, task: Task) -> TaskProgress:
        if task.key in self._results:
            return self._results[task.key]
        # A stand-in, should a loop (refused by the loader) ever reach back here.
        self._results[task.key] = TaskProgress(task, [Occurrence(year=None, due=None, status=Status.NOT_DUE, updates=[])], [])
        updates = sorted(self._updates.get(task.key, []), key=lambda u: (u.date, u.location.path))
        deadline = task.deadline
        recurrence = deadline.recurrence
        if recurrence is not None:
            months = recurrence.months
            now = Period.containing(self.as_of, months)
            period = first_period(self.registry, task) or now
            occurrences = []
            while True:
                own = [u for u in updates if update_period(u, months) == period]
                occurrence = self._occurrence(task, own, period.end, year=period.year if months == 12 else None, period=period)
                if period.start > self.as_of:
                    occurrence.status = Status.NOT_DUE
                occurrences.append(occurrence)
                if period.start >= now.start:
                    break
                period = period.next()
        elif deadline.kind is DeadlineKind.AFTER:
            before = self.registry.task(f"{task.plan_id}/{deadline.after_task_id}")
            before_done = self._compute(before).current.done_on if before else None
            if before_done is None:
                occurrence = self._occurrence(task, updates, None)
                if occurrence.status not in DONE_STATUSES and occurrence.status is not Status.STOPPED:
                    occurrence.status = Status.NOT_DUE
                occurrence.note = f"chờ nhiệm vụ {before.label if before else deadline.after_task_id} hoàn thành"
                if occurrence.status is Status.NOT_DUE:
                    position = before.position if before else deadline.after_task_id
                    stopped = before is not None and self._compute(before).status is Status.STOPPED
                    occurrence.waiting = f"{position} đã dừng" if stopped else f"chờ {position}"
            else:
                assert before is not None  # it has a done date
                occurrence = self._occurrence(task, updates, None)
                occurrence.note = f"bắt đầu khi nhiệm vụ {before.label} hoàn thành ({before_done:%d/%m/%Y})"
            occurrences = [occurrence]
        else:
            occurrences = [self._occurrence(task, updates, deadline.due_date)]
            # Work with no end date is never "not yet due": it says what it is.
            open_ended = {DeadlineKind.ONGOING: Status.ONGOING, DeadlineKind.UNSTATED: Status.NO_DEADLINE, DeadlineKind.BEFORE_EVENT: Status.NO_DEADLINE}.get(deadline.kind)
            if open_ended is not None and occurrences[0].status is Status.NOT_DUE and occurrences[0].due is None:
                occurrences[0].status = open_ended
            if deadline.kind is DeadlineKind.BEFORE_EVENT and deadline.due_date is None and not occurrences[0].note:
                occurrences[0].note = f"hạn là trước {deadline.event}; chưa ghi ngày diễn ra sự kiện"
            elif deadline.kind is DeadlineKind.RANGE and deadline.start and occurrences[0].status is Status.NOT_DUE and self.as_of < deadline.start:
                occurrences[0].note = occurrences[0].note or f"bắt đầu từ ngày {deadline.start:%d/%m/%Y}"
        result = TaskProgress(task, occurrences, updates)
        self._results[task.key] = result
        return result

    def _occurrence(self, task: Task, updates: list[Update], due: dt.date | None, year: int | None = None, period: Period | None = None) -> Occurrence:
        occurrence = Occurrence(year=year, due=due, status=Status.NOT_DUE, updates=updates, period=period)
        for update in updates:
            if update.state is UpdateState.ADJUSTED and update.new_due:
                occurrence.due = update.new_due
                occurrence.note = f"hạn điều chỉnh thành {update.new_due:%d/%m/%Y}"
            if update.percent is not None:
                occurrence.percent = update.percent
        if updates:
            occurrence.days_since_report = (self.as_of - updates[-1].date).days
        if updates and updates[-1].state is UpdateState.STOPPED:
            occurrence.status = Status.STOPPED
            return occurrence
        for lead_id in task.lead_ids:
            members = self.members_of(lead_id)
            done = [(u.done_on, u) for u in updates if u.done_on and u.organization_id in members]
            first = min(done, key=lambda pair: pair[0]) if done else None  # the first of equal dates
            occurrence.leads.append(LeadProgress(lead_id, first[0] if first else None, first[1].organization_id if first else None))
        done_dates = [lead.done_on for lead in occurrence.leads if lead.done_on]
        if done_dates and len(done_dates) == len(occurrence.leads):
            done_on = occurrence.done_on = max(done_dates)
            due = occurrence.due
            late = due is not None and done_on > due
            occurrence.status = Status.DONE if due is None else Status.DONE_LATE if late else Status.DONE_ON_TIME
            if due is not None and late:
                occurrence.days_late = (done_on - due).days
            return occurrence
        if occurrence.due is not None and self.as_of > occurrence.due:
            occurrence.status = Status.OVERDUE
            occurrence.days_late = (self.as_of - occurrence.due).days
        elif any(u.state in (UpdateState.IN_PROGRESS, UpdateState.DONE) for u in updates):
            occurrence.status = Status.IN_PROGRESS
        return occurrence


def compute_progress(registry: Registry, as_of: dt.date) -> dict[str, TaskProgress]:
    return ProgressCalculator(registry, as_of).all()
