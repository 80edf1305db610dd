"""The page manifest: which pages the site has and their Markdown, made from a Registry.

Plain Python and Jinja2: nothing here knows MkDocs, so the same manifest could be written out as
`.md` files for another generator. Record text is HTML-escaped everywhere (autoescape); headings
that must stay Markdown (for the table of contents) go through `md_inline`.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable
from functools import cached_property, lru_cache, partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from kehoach.content import charts, exports
from kehoach.content.compiled import COMPILED_TEMPLATES
from kehoach.content.history import History, visible
from kehoach.content.manifest import GeneratedPage, PageJob, SiteOptions
from kehoach.content.markup import html_field
from kehoach.content.paths import (
    CHANGES,
    DASHBOARD,
    DOCUMENTS,
    FIELD_REFERENCE,
    FIGURES,
    HOME,
    MATRICES,
    ORGANIZATIONS,
    TASKS,
    TIMELINE,
    directive_path,
    matrix_path,
    organization_path,
    page_url,
    plan_path,
    source_path,
    task_path,
    timeline_path,
)
from kehoach.domain.collation import sorted_vietnamese, vietnamese_key
from kehoach.domain.confidentiality import NOT_PUBLISHED
from kehoach.domain.model import ROLE_TITLES, Assignment, Organization, Plan, Registry, Task, document_date, figure_period_key, format_date
from kehoach.domain.status import OVERDUE_UNREPORTED_WORDING, STATUS_LABELS, Occurrence, TaskProgress, compute_progress, occurrence_wording, status_wording
from kehoach.domain.vocabulary import (
    COORDINATOR_ABBREVIATION,
    DONE_STATUSES,
    REPORT_RECIPIENT_ABBREVIATION,
    AssignmentRole,
    DeadlineKind,
    LeadRole,
    OrganizationKind,
    Status,
)
from kehoach.records.schema import NESTED_SCHEMAS, RECORD_SCHEMAS

# Every mark Markdown and the site's extensions (attr_list, tables, admonition, md_in_html) read
# is written as a character reference, so no construct can come out of a source text: links,
# images, `{: onclick=…}`, HTML, code, emphasis, lists, tables. (Commas, colons, slashes and
# quotes start nothing and stay as they are.) The few things a source text uses are kept, and only them.
_SOURCE_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*")
_SOURCE_RULE = re.compile(r"[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*")
_SOURCE_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_SOURCE_SUP = re.compile(r"<sup>([0-9]{1,3})</sup>")
_INERT = {ord(c): f"&#{ord(c)};" for c in "!#&()*+-.<=>[\\]_`{|}~"}


def _inert(text: str) -> str:
    return text.translate(_INERT)


def _source_inline(text: str) -> str:
    """One line of a source text: bold (`**…**`) and footnote marks (`<sup>1</sup>`) kept, the rest inert."""
    out, last = [], 0
    for match in re.finditer(f"{_SOURCE_BOLD.pattern}|{_SOURCE_SUP.pattern}", text):
        out.append(_inert(text[last:match.start()]))
        bold, sup = match.group(1), match.group(2)
        out.append(f"<strong>{_inert(bold)}</strong>" if bold is not None else f"<sup>{sup}</sup>")
        last = match.end()
    out.append(_inert(text[last:]))
    return "".join(out)


def source_markdown(text: str) -> Markup:
    """A source text as Markdown that stays text. Kept: headings (`## …`), horizontal rules
    (`-----`), bold and footnote marks; line breaks as written (a line break inside a paragraph
    is a line break on the page); everything else is shown as typed — a "1." or "-" opening a
    line is the document's own numbering, not a Markdown list; indentation is dropped (it would
    make a code block)."""
    blocks: list[str] = []
    lines: list[str] = []

    def close() -> None:
        if lines:
            blocks.append("<br>\n".join(lines))
            lines.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        heading = _SOURCE_HEADING.fullmatch(line)
        if not line:
            close()
        elif heading:
            close()
            blocks.append(f"{heading.group(1)} {_source_inline(heading.group(2))}")
        elif _SOURCE_RULE.fullmatch(line):
            close()
            blocks.append("-----")
        else:
            lines.append(_source_inline(line))
    close()
    return Markup("\n\n".join(blocks))


@lru_cache(maxsize=200_000)
def relative_url(from_path: str, to_path: str, directory_urls: bool, anchor: str = "") -> str:
    """A link from one page to another that works on any host and from file://."""
    here, target = page_url(from_path, directory_urls), page_url(to_path, directory_urls)
    if directory_urls:
        relative = _relative_path(target.rstrip("/"), here.rstrip("/")) + "/"
    else:
        relative = _relative_path(target, posixpath.dirname(here))
    return relative + (f"#{anchor}" if anchor else "")


def _relative_path(target: str, start: str) -> str:
    """posixpath.relpath for clean site-relative paths, without its file-system work."""
    target_parts = [p for p in target.split("/") if p]
    start_parts = [p for p in start.split("/") if p]
    common = 0
    for a, b in zip(target_parts, start_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


def relative_file_url(from_path: str, file_path: str, directory_urls: bool) -> str:
    """A link from a page to a file that is not a page (a download)."""
    here = page_url(from_path, directory_urls)
    folder = here.rstrip("/") if directory_urls else posixpath.dirname(here)
    return posixpath.relpath(file_path, folder or ".")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


def md_inline(text: str) -> Markup:
    """Text for a Markdown heading or link label: HTML-escaped and Markdown-inert."""
    # Quotes stay as they are: Material escapes heading text again for its aria-labels.
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False)))


_CELL_ENDS = tuple(f"</{tag}><" for tag in ("td", "th", "tr", "dt", "dd", "option", "caption"))


def separate_adjacent_cells(html: str) -> str:
    """A line break after each table cell, definition item and option that another tag follows.

    Material's search indexer joins the text of adjacent cells (“Viết tắtVPTUTrực thuộc”); the line
    break changes nothing on screen. Plain replaces: a regular expression took seconds at scale.
    """
    for end in _CELL_ENDS:
        while end in html:  # twice for a tag closed twice in a row: each replace consumes the next "<"
            html = html.replace(end, end[:-1] + "\n<")
    return html


# Lists on overview pages stop here and link to the full, filterable task list.
LIST_LIMIT = 100
# The task list shows this many rows at a time; the rest come from TASK_LIST_DATA, a page at a time.
TASK_LIST_PAGE = 100
TASK_LIST_DATA = "du-lieu/danh-sach-nhiem-vu.js"
TASK_LIST_PARTS = "du-lieu/danh-sach-nhiem-vu"  # one file of rows per plan: <number>.js
# A figure's table shows this many of the latest periods (the chart shows them all).
FIGURE_PERIODS_SHOWN = 12


def front_matter_title(text: str) -> Markup:
    """A page title for YAML front matter. Material prints titles unescaped, so escape them here."""
    return Markup(json.dumps(str(escape(" ".join(str(text).split()))), ensure_ascii=False))




class PageLinks:
    """What one page's templates use to write links and the cells that hold them, relative to that page."""

    def __init__(self, builder: SiteBuilder, path: str):
        self.builder = builder
        self.path = path
        # A task is listed on the page of every organization it reaches; those pages sit side by
        # side and never list a link to themselves, so a row's HTML, links included, is the same on each.
        self._row_cache = builder._assignment_row_cache.setdefault(posixpath.dirname(path), {})

    def link(self, to_path: str, anchor: str = "") -> str:
        return relative_url(self.path, to_path, self.builder.options.directory_urls, anchor)

    def file_link(self, file_path: str) -> str:
        return relative_file_url(self.path, file_path, self.builder.options.directory_urls)

    def task_link(self, task: Task) -> str:
        return self.link(plan_path(task.plan_id), task.id)

    def org(self, organization_id: str) -> Markup:
        kind, name = self.builder._org_labels(organization_id)
        return Markup(f'<a class="kh-to-chuc" href="{self.link(organization_path(organization_id))}" title="{kind}">{name}</a>')

    def orgs(self, ids: Iterable[str]) -> Markup:
        return Markup(", ").join(self.org(i) for i in ids)

    def deadline(self, task: Task) -> Markup:
        d = task.deadline
        parts = []
        if d.written:
            parts.append(Markup(f'<span class="kh-nguyen-van">“{html_field(d.written)}”</span>'))
        if d.kind is DeadlineKind.AFTER and d.after_task_id:
            before = self.builder.registry.task(f"{task.plan_id}/{d.after_task_id}")
            parts.append(
                Markup(f'sau khi xong nhiệm vụ <a href="{html_field(self.link(plan_path(task.plan_id), d.after_task_id))}">{html_field(before.label if before else d.after_task_id)}</a>')
            )
        elif d.kind is not DeadlineKind.UNSTATED or not d.written:
            parts.append(escape(d.structured))
        return Markup(" — ").join(parts)

    def plan_name(self, plan: Plan) -> str:
        """A plan as readers name it: its number, else its date, else who issued it (one wording
        for pages, calendars and feeds: exports.plan_short_name)."""
        return exports.plan_short_name(self.builder.registry, plan)

    def plan_of(self, task: Task) -> Markup:
        """The task's plan after its label, where the site has more than one plan."""
        if len(self.builder.registry.plans) < 2:
            return Markup("")
        return Markup(f' <span class="kh-thuoc-ke-hoach">· {html_field(self.plan_name(self.builder.registry.plans[task.plan_id]))}</span>')

    def badge(self, task: Task) -> Markup:
        progress = self.builder.progress[task.key]
        return progress_badge(progress, self.link(task_path(task)))

    def assignment_rows(self, assignments: Iterable[Assignment], show_via: bool, also_via: dict[str, list[str]] | None = None) -> Markup:
        rows = []
        for a in assignments:
            groups = tuple((also_via or {}).get(a.task.key, ()))
            key = (a.task.key, a.role, a.via_group_id if show_via else None, groups)
            row = self._row_cache.get(key)
            if row is None:
                t = a.task
                role = t.lead_role_label if a.role is AssignmentRole.LEAD else ROLE_TITLES[a.role]
                if groups:
                    role = Markup(f"{html_field(role)}; cũng qua nhóm {html_field(self.orgs(groups))}")
                via = Markup(f"<td>{html_field(self.org(a.via_group_id) if a.via_group_id else '')}</td>") if show_via else ""
                row = self._row_cache[key] = Markup(
                    f'<tr><td class="kh-vi-tri"><a href="{html_field(self.task_link(t))}" title="{html_field(t.text)}">{html_field(t.label)}</a>{html_field(self.plan_of(t))}</td>'
                    f"<td>{html_field(role)}</td>{html_field(via)}<td>{html_field(self.deadline(t))}</td><td>{html_field(self.badge(t))}</td></tr>\n"
                )
            rows.append(row)
        return Markup("").join(rows)


class SiteBuilder:
    def __init__(self, registry: Registry, options: SiteOptions, history: History | None = None):
        self.registry = registry
        self.history = history or History(note="không đọc lịch sử git")
        self.options = options
        self.progress: dict[str, TaskProgress] = compute_progress(registry, options.as_of)
        self.has_examples = any(u.example for u in registry.updates)
        self._org_escaped: dict[str, tuple[str, str]] = {}
        self._assignment_row_cache: dict[str, dict[tuple, Markup]] = {}
        self._roles: dict[str, dict[str, Any]] = {}
        self.env = Environment(
            loader=PackageLoader("kehoach.content", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates ship with the package: no stat() per page rendered
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.filters["md"] = md_inline
        self.env.filters["source_markdown"] = source_markdown
        self.env.filters["visible"] = visible
        self.env.filters["front_title"] = front_matter_title
        self.env.filters["date"] = format_date
        self.env.filters["document_date"] = document_date
        self.env.globals.update(
            registry=registry,
            options=options,
            not_published=NOT_PUBLISHED,
            role_titles=ROLE_TITLES,
            # The closed lists of values, for templates to compare against (kehoach.domain.vocabulary).
            Status=Status,
            DeadlineKind=DeadlineKind,
            AssignmentRole=AssignmentRole,
            LeadRole=LeadRole,
            plans_in_order=lambda: self._plans_in_order,
            by_plan=self._by_plan,
            coordinator_abbreviation=COORDINATOR_ABBREVIATION,
            report_recipient_abbreviation=REPORT_RECIPIENT_ABBREVIATION,
            done_statuses=DONE_STATUSES,
            plan_path=plan_path,
            organization_path=organization_path,
            directive_path=directive_path,
            matrix_path=matrix_path,
            source_path=source_path,
            task_path=task_path,
            timeline_path=timeline_path,
            list_limit=LIST_LIMIT,
            progress=self.progress,
            status_labels=STATUS_LABELS,
            has_examples=self.has_examples,
            history=self.history,
            charts=charts,
            status_summary=self._status_summary,
            task_count=lambda organization: len(self._organization_roles(organization)["own"]),
            paths={
                "home": HOME, "documents": DOCUMENTS, "organizations": ORGANIZATIONS, "matrices": MATRICES,
                "fields": FIELD_REFERENCE, "tasks": TASKS, "changes": CHANGES, "dashboard": DASHBOARD, "timeline": TIMELINE, "figures": FIGURES,
            },
        )

    def _render(self, template: str, path: str, **context) -> str:
        links = PageLinks(self, path)
        return self.env.get_template(template).render(
            link=links.link, file_link=links.file_link, task_link=links.task_link, org=links.org, orgs=links.orgs, deadline=links.deadline,
            badge=links.badge, status_badge=status_badge, progress_badge=progress_badge, occurrence_badge=occurrence_badge,
            page_path=path, assignment_rows=links.assignment_rows, plan_of=links.plan_of, plan_name=links.plan_name, **context
        )

    def pages(self) -> list[GeneratedPage]:
        return [GeneratedPage(job.path, job.render()) for job in self.page_jobs()]

    def page_jobs(self) -> list[PageJob]:
        """Every page and file of the site, each rendered when asked for: the overview pages, the
        record pages, then the files (task list data, exports). Their paths are known at once."""
        return self.overview_page_jobs() + self.record_page_jobs() + self.file_jobs()

    def record_page_jobs(self) -> list[PageJob]:
        """A page per plan, matrix, organization and task: nearly all the pages."""
        registry = self.registry
        jobs = []
        for plan in registry.plans.values():
            jobs.append(PageJob(plan_path(plan.id), partial(self._render, "plan.md.j2", plan_path(plan.id), plan=plan)))
            jobs.append(PageJob(matrix_path(plan.id), partial(self._matrix_page, plan)))
            if plan.source_text is not None:
                jobs.append(PageJob(source_path(plan.id), partial(self._render, "source.md.j2", source_path(plan.id), plan=plan)))
        jobs += [PageJob(organization_path(o.id), partial(self._organization_page, o)) for o in registry.organizations.values()]
        jobs += [PageJob(task_path(t), partial(self._render, "task.md.j2", task_path(t), task=t, p=self.progress[t.key])) for t in registry.tasks]
        return jobs

    def overview_page_jobs(self) -> list[PageJob]:
        """Pages drawn from the whole registry: home, indexes, lists, progress."""
        render = self._render
        jobs = [
            PageJob(HOME, lambda: render("home.md.j2", HOME, **self._deadlines_around(), organization_counts=self._organization_counts())),
            PageJob(DOCUMENTS, partial(render, "documents.md.j2", DOCUMENTS)),
            PageJob(ORGANIZATIONS, lambda: render("organizations.md.j2", ORGANIZATIONS, kinds=self._organizations_by_kind())),
            PageJob(MATRICES, partial(render, "matrices.md.j2", MATRICES)),
            PageJob(FIELD_REFERENCE, partial(render, "fields.md.j2", FIELD_REFERENCE, record_schemas=RECORD_SCHEMAS, nested_schemas=NESTED_SCHEMAS)),
        ]
        jobs += [PageJob(directive_path(d.id), partial(render, "directive.md.j2", directive_path(d.id), directive=d)) for d in self.registry.directives.values()]
        jobs.append(PageJob(TASKS, self._task_list_page))
        jobs.append(PageJob(CHANGES, lambda: render("changes.md.j2", CHANGES, changes=self._changes())))
        jobs.append(PageJob(DASHBOARD, lambda: render("dashboard.md.j2", DASHBOARD, **self._dashboard())))
        years = self._timeline()  # which years have a page
        jobs.append(PageJob(TIMELINE, partial(render, "timeline_index.md.j2", TIMELINE, years=years)))
        jobs += [PageJob(timeline_path(year), partial(render, "timeline.md.j2", timeline_path(year), year=year, months=months)) for year, months in years]
        jobs.append(PageJob(FIGURES, lambda: render("figures.md.j2", FIGURES, figure_tables=self._figure_tables(), figures_csv=exports.FIGURES_CSV)))
        return jobs

    def file_jobs(self) -> list[PageJob]:
        """The task list's data and the exports (feeds, calendars, CSV, JSON)."""
        parts = len({task.plan_id for task in self.registry.tasks})
        paths = [TASK_LIST_DATA, *(f"{TASK_LIST_PARTS}/{number}.js" for number in range(parts)), *exports.export_paths(self.registry)]
        return [PageJob(path, partial(self._file, path)) for path in paths]

    def _file(self, path: str) -> str:
        return self._files[path]

    @cached_property
    def _files(self) -> dict[str, str]:
        # Made together: the task list's files share their numbering, the calendars their events.
        files = {page.path: page.content for page in self._task_list_files(self._task_list["rows"])}
        files.update(exports.build_exports(self.registry, self.progress, self.options))
        return files

    def _task_list_page(self) -> str:
        task_list = self._task_list
        return self._render("tasks.md.j2", TASKS, **task_list, first_rows=task_list["rows"][:TASK_LIST_PAGE], page_size=TASK_LIST_PAGE, data_script=TASK_LIST_DATA)

    def _matrix_page(self, plan: Plan) -> str:
        return self._render("matrix.md.j2", matrix_path(plan.id), plan=plan, columns=self._matrix_columns(plan))

    def _organization_page(self, organization: Organization) -> str:
        return self._render("organization.md.j2", organization_path(organization.id), organization=organization, **self._organization_roles(organization))

    def _organization_roles(self, organization: Organization) -> dict[str, Any]:
        """An organization's assignments by role; `own`: the tasks it leads or coordinates, directly
        or through a group, each once; `via_count`: how many of them reach it only through a group.
        Every count of an organization's tasks (its page, the home page, the organizations index)
        comes from here, so they agree."""
        kept = self._roles.get(organization.id)
        if kept is not None:
            return kept
        lead, coord, via, reports = [], [], [], []
        for a in self.registry.assignments(organization.id):
            if a.via_group_id:
                via.append(a)
            elif a.role is AssignmentRole.LEAD:
                lead.append(a)
            elif a.role is AssignmentRole.COORDINATE:
                coord.append(a)
            if a.role is AssignmentRole.RECEIVE_REPORTS:
                reports.append(a)
        # A task that reaches the organization directly and through a group too is listed once,
        # where it is named directly, saying that it also comes through the group.
        direct = {a.task.key for a in (*lead, *coord)}
        also_via: dict[str, list[str]] = {}
        for a in via:
            if a.task.key in direct and a.via_group_id:
                also_via.setdefault(a.task.key, []).append(a.via_group_id)
        via = [a for a in via if a.task.key not in direct]
        own = list({a.task.key: a.task for a in (*lead, *coord, *via)}.values())
        via_count = len({a.task.key for a in via})
        roles = {"lead": lead, "coord": coord, "via": via, "via_count": via_count, "reports": reports, "own": own, "also_via": also_via}
        self._roles[organization.id] = roles
        return roles

    def _status_summary(self, tasks: list[Task]) -> dict:
        """Counts by status (`status_rows`), and the tasks behind the overdue count."""
        progresses = [self.progress[task.key] for task in tasks]
        overdue = [p.task for p in progresses if p.status is Status.OVERDUE]
        return {"counts": status_rows(progresses), "overdue": overdue}

    def _by_plan(self, assignments: list[Any]) -> list[tuple[str, list[Any]]]:
        """Assignments grouped by their task's plan, plans in `_plans_in_order`, each group in the
        given order (a dictionary, not a filter per plan: an organization reaches hundreds of plans)."""
        groups: dict[str, list[Any]] = {}
        for assignment in assignments:
            groups.setdefault(assignment.task.plan_id, []).append(assignment)
        rank = self._plan_rank
        return sorted(groups.items(), key=lambda group: rank[group[0]])

    @cached_property
    def _plan_rank(self) -> dict[str, int]:
        return {plan.id: number for number, plan in enumerate(self._plans_in_order)}

    @cached_property
    def _plans_in_order(self) -> list[Plan]:
        """The plans by issuer in Vietnamese order, then date: the offices' plans side by side."""
        return sorted(self.registry.plans.values(), key=lambda plan: (vietnamese_key(self.registry.display_name(plan.issuer_id)), str(plan.date or ""), plan.id))

    @cached_property
    def _task_list(self) -> dict:
        rows: list[dict[str, Any]] = []
        years: set[int] = set()
        for task in self.registry.tasks:
            progress = self.progress[task.key]
            task_years = sorted({o.due.year for o in progress.occurrences if o.due})
            years.update(task_years)
            rows.append({
                "task": task, "organizations": self.registry.reached_by(task), "status": progress.status, "status_label": progress.status_label,
                "badge": progress_badge(progress), "years": task_years,
            })
        reached = {org_id for row in rows for org_id in row["organizations"]}
        return {
            "rows": rows,
            "filter_plans": self._plans_in_order,
            "filter_organizations": sorted((self.registry.organizations[i] for i in reached if i in self.registry.organizations), key=lambda o: vietnamese_key(o.name)),
            "filter_statuses": list(STATUS_LABELS.items()),
            "filter_years": sorted(years),
        }

    def _task_list_files(self, rows: list[dict]) -> list[GeneratedPage]:
        """The task list as data, for its page to filter and show a page at a time.

        An index of every task (its part, status, deadline years and the organizations named in it,
        groups' members listed once) loads with the page; the rows themselves, one file per plan,
        load when a page of the list shows one of its tasks. At national size (50,000 tasks) the
        index is about 2 MB and a page of rows a few hundred kB; all rows in one file were 25 MB.
        Links are relative to the task list page.
        """
        links = PageLinks(self, TASKS)
        numbers: dict[str, int] = {}
        organizations: list[list[str]] = []

        def numbered(ids: Iterable[str]) -> list[int]:
            result = []
            for organization_id in ids:
                if organization_id not in numbers:
                    numbers[organization_id] = len(organizations)
                    o = self.registry.organizations[organization_id]
                    organizations.append([organization_id, links.link(organization_path(organization_id)), self.registry.display_name(organization_id), o.kind_label])
                result.append(numbers[organization_id])
            return result

        status_number = {status: number for number, status in enumerate(STATUS_LABELS)}
        several_plans = len(self.registry.plans) > 1
        parts: list[list[list]] = []
        part_of_plan: dict[str, int] = {}
        index = []
        for row in rows:
            task = row["task"]
            if task.plan_id not in part_of_plan:
                part_of_plan[task.plan_id] = len(parts)
                parts.append([])
            part = part_of_plan[task.plan_id]
            parts[part].append([
                links.task_link(task), task.label, task.text, numbered(task.lead_ids), numbered(task.coordinator_ids), str(links.deadline(task)),
                str(row["badge"]), links.plan_name(self.registry.plans[task.plan_id]) if several_plans else "",
            ])
            # Named organizations in the order Registry.reached_by visits them; the page adds groups' members the same way.
            index.append([part, status_number[row["status"]], row["years"], numbered((*task.lead_ids, *task.coordinator_ids))])
        groups = []
        position = 0
        while position < len(organizations):  # grows while members are numbered: groups of groups too
            members = self.registry.organizations[organizations[position][0]].member_ids
            if members:
                groups.append([position, numbered(members)])
            position += 1
        parts_url = links.file_link(f"{TASK_LIST_PARTS}/0.js")[: -len("0.js")]
        data = {
            "to_chuc": organizations, "nhom": groups, "trang_thai": [[s, STATUS_LABELS[s]] for s in status_number],
            "nhiem_vu": index, "phan": parts_url, "moi_trang": TASK_LIST_PAGE,
            "ke_hoach": list(part_of_plan),  # each part's plan id: the plan filter's values
        }

        def script(assignment: str) -> str:
            # Script files, not inline JSON: no "</script>" in record text can end them early; they load from file:// too.
            return "/* kehoach — sinh tự động cho trang nhiem-vu/ (assets/javascripts/kehoach.js). */\n" + assignment + "\n"

        def as_json(value) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

        files = [GeneratedPage(TASK_LIST_DATA, script(f"window.khDanhSachNhiemVu = {as_json(data)};"))]
        files += [
            GeneratedPage(f"{TASK_LIST_PARTS}/{number}.js", script(f"khDanhSachNhiemVuPhan({number}, {as_json(part)});"))
            for number, part in enumerate(parts)
        ]
        return files

    def _dashboard(self) -> dict:
        as_of = self.options.as_of
        overdue, soon = [], []
        for progress in self.progress.values():
            for occurrence in progress.occurrences:
                if occurrence.status is Status.OVERDUE:
                    overdue.append((progress.task, occurrence))
                elif occurrence.status not in DONE_STATUSES and occurrence.due and 0 <= (occurrence.due - as_of).days <= 30:
                    soon.append((progress.task, occurrence))
        overdue.sort(key=lambda pair: (-(pair[1].days_late or 0), pair[0].key))  # overdue: always counted
        soon.sort(key=lambda pair: (pair[1].due, pair[0].key))
        latest = [u for u in self.registry.updates if u.date <= as_of][-15:][::-1]
        return {"counts": status_rows(self.progress.values()), "overdue": overdue, "soon": soon, "latest": latest, "plans_in_order": self._plans_in_order}

    def _timeline(self) -> list[tuple[int, list[tuple[str, list]]]]:
        """Dated deadlines by year, then month: one page per year keeps pages readable at scale."""
        months: dict[tuple[int, int], list] = {}
        for progress in self.progress.values():
            for occurrence in progress.occurrences:
                if occurrence.due:
                    months.setdefault((occurrence.due.year, occurrence.due.month), []).append((progress.task, occurrence))
        years: dict[int, list] = {}
        for (year, month), entries in sorted(months.items()):
            years.setdefault(year, []).append((f"Tháng {month}/{year}", sorted(entries, key=lambda pair: (pair[1].due, pair[0].key))))
        return list(years.items())

    def _figure_tables(self) -> list[dict]:
        tables = []
        for figure in sorted(self.registry.figures.values(), key=lambda f: vietnamese_key(f.name)):
            values: dict[tuple[str, str], tuple] = {}
            for update in self.registry.updates:
                if update.date > self.options.as_of:
                    continue
                for value in update.figures:
                    if value.figure_id == figure.id:
                        # A later report for the same organization and period replaces an earlier one.
                        values[(update.organization_id, value.period)] = (value.value, update)
            by_period: dict[str, float] = {}
            for (_, period), (value, _) in values.items():
                by_period[period] = by_period.get(period, 0) + value
            periods = sorted(by_period, key=figure_period_key)
            organizations = sorted({org_id for org_id, _ in values}, key=lambda i: vietnamese_key(self.registry.organizations[i].name))
            totals = [(period, by_period[period]) for period in periods]
            tables.append(
                {
                    "figure": figure, "values": values, "periods": periods, "organizations": organizations, "totals": totals,
                    # The chart draws every period; the table, for people to read, the latest ones and a page of organizations.
                    "shown_periods": periods[-FIGURE_PERIODS_SHOWN:], "shown_organizations": organizations[:LIST_LIMIT],
                    "shown_totals": totals[-FIGURE_PERIODS_SHOWN:],
                }
            )
        return tables

    def _org_labels(self, organization_id: str) -> tuple[str, str]:
        """An organization's kind and name, HTML-escaped once for the many links to it."""
        if organization_id not in self._org_escaped:
            organization = self.registry.organizations[organization_id]
            self._org_escaped[organization_id] = (html.escape(organization.kind_label), html.escape(self.registry.display_name(organization_id)))
        return self._org_escaped[organization_id]

    def _organizations_by_kind(self) -> list[tuple[str, list[Organization], list[Organization]]]:
        result = []
        for choice in OrganizationKind:
            members = sorted((o for o in self.registry.organizations.values() if o.kind is choice), key=lambda o: vietnamese_key(o.name))
            organizations = [o for o in members if not o.is_group]
            groups = [o for o in members if o.is_group]
            if organizations or groups:
                result.append((choice.label, organizations, groups))
        return result

    def _changes(self) -> list[tuple]:
        """Recent commits under records/, each with the pages its files feed."""
        pages_of: dict[str, list[tuple[str, str]]] = {}
        for o in self.registry.organizations.values():
            pages_of[o.location.path] = [(organization_path(o.id), o.name)]
        for d in self.registry.directives.values():
            pages_of[d.location.path] = [(directive_path(d.id), d.full_title)]
        for p in self.registry.plans.values():
            pages_of[p.location.path] = [(plan_path(p.id), p.short_title)]
        for u in self.registry.updates:
            pages_of[u.location.path] = [(task_path(t), f"Nhiệm vụ {t.label}") for t in map(self.registry.task, u.task_keys) if t]
        for f in self.registry.figures.values():
            pages_of[f.location.path] = [(FIGURES, f.name)]
        return [(commit, [(name, pages_of.get(name, [])) for name in commit.files]) for commit in self.history.recent]

    def _organization_counts(self) -> list[tuple[Organization, int, int, int]]:
        counts = []
        for organization in self.registry.organizations.values():
            roles = self._organization_roles(organization)
            lead, coordinate, via = len(roles["lead"]), len(roles["coord"]), roles["via_count"]
            if lead or coordinate or via:
                counts.append((organization, lead, coordinate, via))
        return sorted(counts, key=lambda c: (-(c[1] + c[2] + c[3]), vietnamese_key(c[0].name)))

    def _deadlines_around(self, shown: int = 10) -> dict[str, list[tuple[Task, Occurrence]]]:
        """The deadlines nearest the site's date, each a task and one of its occurrences (a yearly
        task has one a year, a moved deadline is where it was moved): `later` from the date on,
        `passed` before it, nearest first."""
        as_of = self.options.as_of
        dated = sorted(((o.due, p.task.key, p.task, o) for p in self.progress.values() for o in p.occurrences if o.due is not None), key=lambda d: d[:2])
        later = [(task, o) for due, _, task, o in dated if due >= as_of]
        passed = [(task, o) for due, _, task, o in reversed(dated) if due < as_of]
        return {"later": later[:shown], "passed": passed[:shown]}

    def _matrix_columns(self, plan: Plan) -> list[Organization]:
        ids: dict[str, None] = {}
        for task in plan.tasks:
            for org_id in (*task.lead_ids, *task.coordinator_ids, *task.report_to_ids):
                ids.setdefault(org_id)
        return sorted_vietnamese((self.registry.organizations[i] for i in ids), key=lambda o: o.name)  # Vietnamese alphabetical order



def status_rows(progresses: Iterable[TaskProgress]) -> list[tuple[Status, str, int]]:
    """(status, its wording, number of tasks) for every status, zeros included, in STATUS_LABELS'
    order; overdue is split as the progress bar splits it (`occurrence_wording`: reported or not),
    so a page's table and bar never give two different overdue counts."""
    counts: dict[tuple[Status, str], int] = {}
    for status, label in STATUS_LABELS.items():
        counts[(status, label)] = 0
        if status is Status.OVERDUE:
            counts[(status, OVERDUE_UNREPORTED_WORDING)] = 0
    for progress in progresses:
        counts[(progress.status, occurrence_wording(progress.headline))] += 1
    return [(status, label, count) for (status, label), count in counts.items()]


def status_badge(status: Status, href: str | None = None, label: str | None = None) -> Markup:
    label = label or STATUS_LABELS[status]
    if href:
        return Markup(f'<a class="kh-tt kh-tt-{html_field(status)}" href="{html_field(href)}">{html_field(label)}</a>')
    return Markup(f'<span class="kh-tt kh-tt-{html_field(status)}">{html_field(label)}</span>')


def progress_badge(progress: TaskProgress, href: str | None = None) -> Markup:
    """A task's status as readers should read it: an overdue task nobody reported on says so, and a
    status that rests on illustrative updates carries the “minh họa” mark."""
    headline = progress.headline
    badge = status_badge(headline.status, href, status_wording(progress))
    if any(update.example for update in headline.updates):
        badge += Markup(' <span class="kh-nhan kh-nhan-minh-hoa">minh họa</span>')
    return badge


def occurrence_badge(occurrence: Occurrence, href: str | None = None) -> Markup:
    """`progress_badge` for one deadline of a task (one year of a yearly task)."""
    badge = status_badge(occurrence.status, href, occurrence_wording(occurrence))
    if any(update.example for update in occurrence.updates):
        badge += Markup(' <span class="kh-nhan kh-nhan-minh-hoa">minh họa</span>')
    return badge


def build_site_pages(registry: Registry, history: History | None, options: SiteOptions) -> list[GeneratedPage]:
    return SiteBuilder(registry, options, history).pages()
