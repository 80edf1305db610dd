"""The page manifest: which pages the site has and their Markdown, made from a Registry.

Plain Python and Jinja2: nothing here knows MkDocs, so the same manifest could be written out as
`.md` files for another generator. Record text is HTML-escaped everywhere (autoescape); headings
that must stay Markdown (for the table of contents) go through `md_inline`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .model import ROLE_TITLES, Organization, Plan, Registry, Task, format_date
from .schema import NESTED_SCHEMAS, ORGANIZATION_KINDS, RECORD_SCHEMAS


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # source path, e.g. "to-chuc/ban-to-chuc-tinh-uy.md"
    content: str


@dataclass(frozen=True)
class SiteOptions:
    as_of: dt.date
    directory_urls: bool = True


# Paths of the pages the site always has; record pages live below these folders.
HOME = "index.md"
DOCUMENTS = "van-ban/index.md"
ORGANIZATIONS = "to-chuc/index.md"
MATRICES = "ma-tran/index.md"
FIELD_REFERENCE = "huong-dan/truong.md"


def directive_path(directive_id: str) -> str:
    return f"chi-thi/{directive_id}.md"


def plan_path(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}.md"


def organization_path(organization_id: str) -> str:
    return f"to-chuc/{organization_id}.md"


def matrix_path(plan_id: str) -> str:
    return f"ma-tran/{plan_id}.md"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_path: str, to_path: str, directory_urls: bool, anchor: str = "") -> str:
    """A link from one page to another that works on any host and from file://."""
    here, target = page_url(from_path, directory_urls), page_url(to_path, directory_urls)
    if directory_urls:
        relative = posixpath.relpath(target.rstrip("/") or ".", here.rstrip("/") or ".") + "/"
    else:
        relative = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return relative + (f"#{anchor}" if anchor else "")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


def md_inline(text: str) -> Markup:
    """Text for a Markdown heading or link label: HTML-escaped and Markdown-inert."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(" ".join(str(text).split())))))


_LEAD_ABBREVIATIONS = {"chu-tri": "CT", "thuc-hien": "TH", "tham-muu": "TM", "huong-dan": "HD"}


class SiteBuilder:
    def __init__(self, registry: Registry, options: SiteOptions):
        self.registry = registry
        self.options = options
        self.env = Environment(
            loader=PackageLoader("kehoach", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = md_inline
        self.env.filters["date"] = format_date
        self.env.globals.update(
            registry=registry,
            options=options,
            role_titles=ROLE_TITLES,
            lead_abbreviations=_LEAD_ABBREVIATIONS,
            plan_path=plan_path,
            organization_path=organization_path,
            directive_path=directive_path,
            matrix_path=matrix_path,
            paths={"home": HOME, "documents": DOCUMENTS, "organizations": ORGANIZATIONS, "matrices": MATRICES, "fields": FIELD_REFERENCE},
        )

    def _render(self, template: str, path: str, **context) -> GeneratedPage:
        def link(to_path: str, anchor: str = "") -> str:
            return relative_url(path, to_path, self.options.directory_urls, anchor)

        def task_link(task: Task) -> str:
            return link(plan_path(task.plan_id), task.id)

        def org(organization_id: str) -> Markup:
            organization = self.registry.organizations[organization_id]
            return Markup('<a class="kh-to-chuc" href="{}" title="{}">{}</a>').format(
                link(organization_path(organization_id)), organization.kind_label, organization.name
            )

        def orgs(ids: Iterable[str]) -> Markup:
            return Markup(", ").join(org(i) for i in ids)

        def deadline(task: Task) -> Markup:
            d = task.deadline
            parts = []
            if d.written:
                parts.append(Markup('<span class="kh-nguyen-van">“{}”</span>').format(d.written))
            if d.kind == "sau" and d.after_task_id:
                before = self.registry.task(f"{task.plan_id}/{d.after_task_id}")
                parts.append(
                    Markup('sau khi xong nhiệm vụ <a href="{}">{}</a>').format(link(plan_path(task.plan_id), d.after_task_id), before.position if before else d.after_task_id)
                )
            elif d.kind != "khong" or not d.written:
                parts.append(escape(d.structured))
            return Markup(" — ").join(parts)

        template_obj = self.env.get_template(template)
        content = template_obj.render(link=link, task_link=task_link, org=org, orgs=orgs, deadline=deadline, page_path=path, **context)
        return GeneratedPage(path, content)

    def pages(self) -> list[GeneratedPage]:
        registry = self.registry
        pages = [
            self._render("home.md.j2", HOME, upcoming=self._dated_deadlines()),
            self._render("documents.md.j2", DOCUMENTS),
            self._render("organizations.md.j2", ORGANIZATIONS, kinds=self._organizations_by_kind()),
            self._render("matrices.md.j2", MATRICES),
            self._render("fields.md.j2", FIELD_REFERENCE, record_schemas=RECORD_SCHEMAS, nested_schemas=NESTED_SCHEMAS),
        ]
        pages += [self._render("directive.md.j2", directive_path(d.id), directive=d) for d in registry.directives.values()]
        for plan in registry.plans.values():
            pages.append(self._render("plan.md.j2", plan_path(plan.id), plan=plan))
            pages.append(self._render("matrix.md.j2", matrix_path(plan.id), plan=plan, columns=self._matrix_columns(plan)))
        pages += [
            self._render("organization.md.j2", organization_path(o.id), organization=o, assignments=registry.assignments(o.id))
            for o in registry.organizations.values()
        ]
        return pages

    def _organizations_by_kind(self) -> list[tuple[str, list[Organization], list[Organization]]]:
        result = []
        for choice in ORGANIZATION_KINDS:
            members = sorted((o for o in self.registry.organizations.values() if o.kind == choice.value), key=lambda o: o.name)
            organizations = [o for o in members if not o.is_group]
            groups = [o for o in members if o.is_group]
            if organizations or groups:
                result.append((choice.label, organizations, groups))
        return result

    def _dated_deadlines(self) -> list[Task]:
        dated = [t for t in self.registry.tasks if t.deadline.due_date]
        return sorted(dated, key=lambda t: (t.deadline.due_date, t.key))

    def _matrix_columns(self, plan: Plan) -> list[Organization]:
        ids: dict[str, None] = {}
        for task in plan.tasks:
            for org_id in (*task.lead_ids, *task.coordinator_ids, *task.report_to_ids):
                ids.setdefault(org_id)
        return [self.registry.organizations[i] for i in ids]


def build_site_pages(registry: Registry, options: SiteOptions) -> list[GeneratedPage]:
    return SiteBuilder(registry, options).pages()
