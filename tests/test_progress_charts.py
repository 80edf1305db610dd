"""Progress to look at (issue 13, point 7): a stacked bar of done / on time / overdue / no report per
plan and organization, and each task's history as a dated timeline. Counted on the real records with
the illustrative updates as of 1 June 2019, rendered through the site's own Jinja environment and
read back as HTML."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from kehoach.content import charts
from kehoach.content.manifest import SiteOptions
from kehoach.content.pages import PageLinks, SiteBuilder
from kehoach.domain.model import format_date
from kehoach.domain.status import status_wording
from kehoach.domain.vocabulary import DONE_STATUSES, Status
from kehoach.records.loader import load_records

AS_OF = dt.date(2019, 6, 1)
PLAN = "kh-ct28-tinh-uy-hung-yen"
RA_SOAT = f"{PLAN}/b-ii-4-ra-soat"
CSS = ROOT / "src" / "kehoach" / "plugin" / "theme" / "assets" / "kehoach.css"


@pytest.fixture(scope="module")
def builder() -> SiteBuilder:
    loaded = load_records(ROOT / "records", "records", examples=ROOT / "examples", examples_shown="examples")
    assert not loaded.errors, loaded.errors
    return SiteBuilder(loaded.registry, SiteOptions(as_of=AS_OF))


@pytest.fixture(scope="module")
def bare() -> SiteBuilder:
    """The bundled records alone, as of 1 June 2019: nobody has reported on anything."""
    loaded = load_records(ROOT / "records", "records")
    assert not loaded.errors, loaded.errors
    return SiteBuilder(loaded.registry, SiteOptions(as_of=AS_OF))


@pytest.fixture(scope="module")
def macros(builder):
    """The macros as a page template imports them with context: with that page's `org` link maker."""
    links = PageLinks(builder, f"nhiem-vu/{RA_SOAT}.md")
    return builder.env.get_template("_progress.j2").make_module({"org": links.org, "orgs": links.orgs, "link": links.link})


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def words(tag) -> str:
    return " ".join(tag.get_text().split())


# ---------------------------------------------------------------- counting


def test_categories_count_every_task_once_by_its_current_status(builder):
    progresses = list(builder.progress.values())
    categories = charts.progress_categories(progresses)
    assert [label for label, _, _ in categories] == [
        "đã xong", "đang làm trong hạn", "quá hạn", "quá hạn, chưa có báo cáo", "chưa đến hạn", "thường xuyên / không nêu hạn", "dừng",
    ]
    assert len({css for _, _, css in categories}) == 7
    counts = {label: count for label, count, _ in categories}
    assert sum(counts.values()) == len(builder.registry.tasks)
    statuses = [p.status for p in progresses]
    assert counts["đã xong"] == sum(s in DONE_STATUSES for s in statuses)
    assert counts["đang làm trong hạn"] == statuses.count(Status.IN_PROGRESS)
    assert counts["quá hạn"] + counts["quá hạn, chưa có báo cáo"] == statuses.count(Status.OVERDUE)
    assert counts["chưa đến hạn"] == statuses.count(Status.NOT_DUE)
    assert counts["thường xuyên / không nêu hạn"] == sum(s in (Status.ONGOING, Status.NO_DEADLINE) for s in statuses) >= 1
    assert counts["dừng"] == statuses.count(Status.STOPPED)
    # On 1 June 2019 the review task is overdue although the Organization Board reported on it.
    assert charts.progress_category(builder.progress[RA_SOAT]) == "quá hạn"
    assert counts["quá hạn"] >= 1


def test_overdue_with_no_report_is_counted_apart_as_status_wording_says(builder, bare):
    for site in (builder, bare):
        for progress in site.progress.values():
            if progress.status is Status.OVERDUE:
                assert charts.progress_category(progress) == status_wording(progress)  # "quá hạn" or "quá hạn, chưa có báo cáo"
    # Without the illustrative updates nobody reported: the review task is overdue with no report.
    assert charts.progress_category(bare.progress[RA_SOAT]) == "quá hạn, chưa có báo cáo"
    counts = {label: count for label, count, _ in charts.progress_categories(bare.progress.values())}
    assert counts["quá hạn"] == 0
    assert counts["quá hạn, chưa có báo cáo"] == sum(p.status is Status.OVERDUE for p in bare.progress.values()) >= 1


def test_the_bar_of_no_tasks_says_zero_everywhere():
    categories = charts.progress_categories([])
    assert all(count == 0 for _, count, _ in categories)
    bar = html(charts.progress_bar(categories, "Tiến độ")).select_one(".kh-td-thanh")
    assert bar["aria-label"].startswith("Tiến độ: 0 nhiệm vụ: 0 đã xong;")


# ---------------------------------------------------------------- the bar


def test_the_bar_is_an_image_named_by_every_count_in_words_with_a_legend_saying_the_same(builder, macros):
    plan = builder.registry.plans[PLAN]
    categories = charts.progress_categories(builder.progress[t.key] for t in plan.tasks)
    page = html(macros.tasks_progress_bar(plan.tasks, "Tiến độ kế hoạch"))
    bar = page.select_one(".kh-tien-do .kh-td-thanh")
    assert bar["role"] == "img"
    name = bar["aria-label"]
    assert name.startswith(f"Tiến độ kế hoạch: {len(plan.tasks)} nhiệm vụ: ")
    for label, count, _ in categories:
        assert f"{count} {label}" in name
    # The same text through the plain macro, given the categories.
    assert html(macros.progress_bar(categories, "Tiến độ kế hoạch")).select_one(".kh-td-thanh")["aria-label"] == name

    # One segment per category with tasks, in order, its number written on it, its share as its weight.
    shown = [(label, count, css) for label, count, css in categories if count]
    segments = bar.select(".kh-td-doan")
    assert [s.select_one(".kh-td-so").get_text() for s in segments] == [str(count) for _, count, _ in shown]
    assert [s["style"] for s in segments] == [f"flex-grow: {count}" for _, count, _ in shown]
    assert [s["title"] for s in segments] == [f"{label}: {count}" for label, count, _ in shown]

    # The legend lists every category, zeros too, with the segment's pattern: the text equivalent.
    items = page.select("ul.kh-td-chu-giai > li")
    assert [words(li) for li in items] == [f"{label} {count}" for label, count, _ in categories]
    for li, (_, count, css) in zip(items, categories, strict=True):
        assert li.select_one(".kh-td-mau")["class"] == ["kh-td-mau", css]
        assert li.select_one(".kh-td-mau")["aria-hidden"] == "true"
        assert ("kh-td-khong" in li["class"]) == (count == 0)
    assert words(page.select_one(".kh-td-tieu-de")) == f"Tiến độ kế hoạch — {len(plan.tasks)} nhiệm vụ"


def _rule(css: str, selector: str) -> str:
    match = re.search(r"(?m)^" + re.escape(selector) + r"\s*\{(.*?)\}", css, re.S)
    assert match, selector
    return " ".join(match.group(1).split())


def test_each_category_has_a_pattern_of_its_own_that_prints(builder):
    css = CSS.read_text(encoding="utf-8")
    section = css.split("/* progress bars and timelines (issue 13.7) */", 1)[1]
    patterns = {}
    for _, css_class in charts.PROGRESS_CATEGORIES:
        rule = _rule(section, f".{css_class}")
        # The fill without its colours: what is left is the shape of the pattern.
        patterns[css_class] = re.sub(r"var\(--[\w-]+\)|#[0-9a-f]{3,6}\b", "C", rule)
    assert len(set(patterns.values())) == len(patterns), patterns
    # Solid, plain, stripes one way, stripes another, cross-hatch, dots: at most two are pattern-free, told apart by lightness.
    assert sum("gradient" in p for p in patterns.values()) >= 4
    assert "print-color-adjust: exact" in _rule(section, ".kh-tien-do")


def test_segments_never_get_too_thin_for_their_number_and_the_legend_wraps():
    css = CSS.read_text(encoding="utf-8").split("/* progress bars and timelines (issue 13.7) */", 1)[1]
    assert "min-width" in _rule(css, ".kh-td-doan")
    assert "width: 100%" in _rule(css, ".kh-td-thanh")
    assert "flex-wrap: wrap" in _rule(css, ".md-typeset ul.kh-td-chu-giai")


def test_labels_are_escaped():
    bar = charts.progress_bar([("<b>x</b>", 1, "kh-td-xong")], "<i>t</i>")
    assert "<b>" not in str(bar) and "<i>" not in str(bar) and "&lt;b&gt;" in str(bar)


# ---------------------------------------------------------------- the timeline


def test_the_timeline_lists_reports_and_the_deadline_in_date_order_and_ends_with_the_status(builder, macros):
    progress = builder.progress[RA_SOAT]
    page = html(macros.status_timeline(progress))
    items = page.select("ol.kh-dtg > li")
    dates = [li.time.get_text() for li in items]
    iso = [li.time["datetime"] for li in items]
    assert iso == sorted(iso)
    assert [dt.date.fromisoformat(d) for d in iso] == [dt.date.fromisoformat(d) for d in sorted(iso)]
    assert dates == [format_date(dt.date.fromisoformat(d)) for d in iso]
    reports = [li for li in items if "kh-dtg-cap-nhat" in li["class"]]
    assert [li.time.get_text() for li in reports] == [format_date(u.date) for u in progress.updates]
    first = progress.updates[0]
    assert words(reports[0]) == f"{format_date(first.date)} Báo cáo Ban Tổ chức Tỉnh ủy: đang thực hiện (40%) minh họa"
    assert reports[0].select_one("a.kh-to-chuc")["href"].endswith("to-chuc/ban-to-chuc-tinh-uy/")
    assert reports[0].select_one(".kh-nhan-minh-hoa") is not None
    deadline = page.select_one("li.kh-dtg-han")
    assert words(deadline) == "19/05/2019 Hạn hết thời hạn"
    last = items[-1]
    assert "kh-dtg-hien-tai" in last["class"]
    assert last.time.get_text() == "01/06/2019"
    assert last.select_one(".kh-tt").get_text() == status_wording(progress) == "quá hạn"
    assert "(13 ngày)" in words(last)


def test_a_task_nobody_reported_on_says_so_at_the_end(builder, bare, macros):
    silent = next(p for p in builder.progress.values() if not p.updates and p.status is Status.NOT_DUE)
    items = html(macros.status_timeline(silent)).select("ol.kh-dtg > li")
    current = next(li for li in items if "kh-dtg-hien-tai" in li["class"])
    assert "chưa có báo cáo nào" in words(current)
    assert not any("kh-dtg-cap-nhat" in li["class"] for li in items)
    links = PageLinks(bare, f"nhiem-vu/{RA_SOAT}.md")
    module = bare.env.get_template("_progress.j2").make_module({"org": links.org})
    items = html(module.status_timeline(bare.progress[RA_SOAT])).select("ol.kh-dtg > li")
    assert [li["class"][0] for li in items] == ["kh-dtg-han", "kh-dtg-hien-tai"]
    last = items[-1]
    assert last.select_one(".kh-tt").get_text() == "quá hạn, chưa có báo cáo"
    assert "chưa có báo cáo nào" not in words(last)  # said once, in the status


def test_a_deadline_still_to_come_follows_the_status(builder, macros):
    waiting = next(p for p in builder.progress.values() if p.current.due and p.current.due > AS_OF)
    items = html(macros.status_timeline(waiting)).select("ol.kh-dtg > li")
    kinds = [li["class"][0] for li in items]
    assert kinds[-2:] == ["kh-dtg-hien-tai", "kh-dtg-han"]
    assert "kh-dtg-sap-toi" in items[-1]["class"] and "(chưa đến)" in words(items[-1])


def test_the_events_keep_reports_after_the_as_of_date_out(builder):
    later = SiteBuilder(builder.registry, SiteOptions(as_of=dt.date(2019, 7, 1)))
    events = charts.timeline_events(later.progress[RA_SOAT], dt.date(2019, 7, 1))
    assert [e.kind for e in events] == ["cap-nhat", "han", "cap-nhat", "hien-tai"]
    assert events[-1].wording == "hoàn thành quá hạn"
    early = charts.timeline_events(later.progress[RA_SOAT], AS_OF)
    assert all(e.date <= AS_OF for e in early if e.kind == "cap-nhat")


def test_the_template_file_ships_with_the_package():
    assert (Path(charts.__file__).parent / "templates" / "_progress.j2").is_file()
