"""What a site may publish: documents whose secrecy mark is above the site's limit are left out,
with everything that belongs to them.

A static site has no login: who reads it is decided by where it is published, so the build decides
what goes in. `restrict` returns a registry holding only what may be published — every page,
search entry, feed, calendar, export and bundle is made from that registry, so nothing of a
left-out document can reach them — and the list of what was left out (for the build log, as counts,
and for the history page, which must not show commits touching those files).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kehoach.domain.model import Directive, Plan, Registry, Update
from kehoach.domain.problems import Problem
from kehoach.domain.textfold import fold
from kehoach.domain.vocabulary import PublishLimit, SecrecyMark

NOT_PUBLISHED = "văn bản không công bố trên trang này"


@dataclass(frozen=True)
class LeftOut:
    kind: str  # "chỉ thị", "kế hoạch", "cập nhật": what the build log counts
    path: str  # the record file, as problems name it: its commits stay off the history page
    mark: SecrecyMark | None  # None: left out because the document it belongs to is


def rank(mark: SecrecyMark | None) -> int:
    return mark.rank if mark is not None else 0


def restrict(registry: Registry, limit: PublishLimit) -> tuple[Registry, list[LeftOut]]:
    """The registry without the documents marked above `limit`, and the updates of left-out plans."""
    left_out: list[LeftOut] = []

    def allowed(document: Directive | Plan | Update, kind: str) -> bool:
        if rank(document.secrecy) <= limit.rank:
            return True
        left_out.append(LeftOut(kind, document.location.path, document.secrecy))
        return False

    directives = {key: d for key, d in registry.directives.items() if allowed(d, "chỉ thị")}
    plans = {key: p for key, p in registry.plans.items() if allowed(p, "kế hoạch")}
    updates = []
    for update in registry.updates:
        if update.plan_id not in plans:
            left_out.append(LeftOut("cập nhật", update.location.path, None))
        elif allowed(update, "cập nhật"):
            updates.append(update)
    if not left_out:
        return registry, []
    published = Registry(directives=directives, plans=plans, organizations=dict(registry.organizations), figures=dict(registry.figures), updates=updates)
    return published, left_out


def summary(left_out: list[LeftOut], limit: PublishLimit) -> str:
    """One line for the build log: how many documents were left out and why — never what they say."""
    counts: dict[str, int] = {}
    for item in left_out:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    parts = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    return f"{len(left_out)} văn bản không công bố trên trang này ({parts}): độ mật cao hơn mức trang được phép ({limit.label}), hoặc thuộc văn bản như thế"


# Dashes of every kind, invisible characters and spaces do not make a citation another one:
# "99-KH/TU" written with a non-breaking hyphen (U+2011), an en dash or spaces around the slash is one number.
_SEPARATORS = re.compile(r"[\s\-\u00ad\u2010-\u2015\u2212\u200b-\u200f\u2060\ufeff/_.,;:()\[\]\"'“”‘’«»]+")


def loose(text: str) -> str:
    """A text reduced to its letters and digits, folded: what a citation keeps whoever typed it."""
    return _SEPARATORS.sub("", fold(unicodedata.normalize("NFKC", text)))


def left_out_names(published: Registry, everything: Registry) -> list[tuple[str, Directive | Plan]]:
    """The numbers and titles (reduced by `loose`) of the directives and plans left out, each with its
    document: what a published text or a commit subject must not say."""
    hidden: list[Directive | Plan] = [d for key, d in everything.directives.items() if key not in published.directives]
    hidden += [p for key, p in everything.plans.items() if key not in published.plans]
    names = []
    for document in hidden:
        for name in (document.number, document.title):
            if name and len(loose(name)) >= 6:  # too short a name would match by chance
                names.append((loose(name), document))
    return names


def cited_left_out(published: Registry, everything: Registry) -> list[Problem]:
    """Any published record — directive, plan (tasks, recipients, signer, footnotes, notes…), update
    (evidence included), organization, figure — whose text names a left-out document by its number
    or title would publish what the limit keeps back: each is a problem at that record."""
    names = left_out_names(published, everything)
    if not names:
        return []
    records: list[Any] = [*published.directives.values(), *published.plans.values(), *published.updates, *published.organizations.values(), *published.figures.values()]
    problems = []
    for record in records:
        text = loose(" ".join(_strings(record)))
        for name, document in names:
            if name in text:
                what = "số hiệu" if name == loose(document.number or "") else "trích yếu"
                problems.append(
                    Problem(
                        record.location,
                        f"bản ghi này nêu {what} của {document.location.path}, văn bản không công bố trên trang này (độ mật cao hơn mức trang được phép)",
                        "bỏ câu nêu văn bản đó khỏi bản ghi, hoặc xây dựng trang này với do_mat_toi_da cao hơn",
                    )
                )
                break
    return problems


def _strings(value: Any) -> Iterator[str]:
    """Every text a record holds, at any depth (sections, tasks, evidence…): what pages may show."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            if spec.name != "location":
                yield from _strings(getattr(value, spec.name))
