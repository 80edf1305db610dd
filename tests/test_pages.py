"""Page-manifest details that the built-site tests cannot pin down."""

from kehoach.domain.model import figure_period_key


def test_figure_periods_sort_by_their_last_month_month_then_quarter_then_year():
    # Ties (June, the second quarter, …) once fell to set order, so the columns moved between builds.
    periods = ["2019", "II/2019", "6/2019", "12/2018", "IV/2018", "I/2019", "5/2019", "2018"]
    assert sorted(periods, key=figure_period_key) == ["12/2018", "IV/2018", "2018", "I/2019", "5/2019", "6/2019", "II/2019", "2019"]


def test_adjacent_cells_get_a_line_break_so_search_does_not_join_their_words():
    from kehoach.content.pages import separate_adjacent_cells

    html = "<table><tr><th>Viết tắt</th><td>VPTU</td></tr><tr><th>Trực thuộc</th><td>x</td></tr></table><dl><dt>a</dt><dd>b</dd></dl>"
    assert separate_adjacent_cells(html) == (
        "<table><tr><th>Viết tắt</th>\n<td>VPTU</td>\n</tr>\n<tr><th>Trực thuộc</th>\n<td>x</td>\n</tr>\n</table><dl><dt>a</dt>\n<dd>b</dd>\n</dl>"
    )
    assert separate_adjacent_cells("<td><table><tr><td>x</td></tr></table></td></td><") .count("\n") == 4


# --- Pages sized for people: long lists are cut, with a way to everything -----------------------

import csv  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402

from benchmarks.synthetic import Size, generate  # noqa: E402
from kehoach.content.pages import FIGURE_PERIODS_SHOWN, LIST_LIMIT, SiteOptions, build_site_pages  # noqa: E402
from kehoach.records.loader import load_records  # noqa: E402


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """Many tasks on few plans and months: more than a page of deadlines in some month, many figure periods."""
    records = tmp_path_factory.mktemp("crowded") / "records"
    generate(records, Size(plans=4, organizations=150, tasks=1_500, updates=3_000), seed=3)
    loaded = load_records(records, today=dt.date(2025, 6, 30))
    assert not loaded.errors
    pages = build_site_pages(loaded.registry, None, SiteOptions(as_of=dt.date(2025, 6, 30)))
    return loaded.registry, {p.path: p.content for p in pages}


def test_a_month_of_the_timeline_lists_at_most_a_page_and_links_to_the_filtered_task_list(crowded):
    _, pages = crowded
    cut = 0
    for path, content in pages.items():
        if not path.startswith("tien-do/lich/") or path.endswith("lich.md"):
            continue
        for section in content.split("\n## ")[1:]:
            rows = section.count("<tr><td>")
            assert rows <= LIST_LIMIT, path
            if "thời hạn đầu" in section:
                cut += 1
                assert rows == LIST_LIMIT and "?nam=" in section
    assert cut, "the corpus should have a month with more than a page of deadlines"


def test_figure_tables_show_the_latest_periods_and_a_page_of_organizations_and_the_csv_has_all(crowded):
    registry, pages = crowded
    figures = pages["tien-do/chi-tieu.md"]
    for table in figures.split("<table")[1:]:
        header = table.split("</tr>")[0]
        assert header.count("<th>") - 1 <= FIGURE_PERIODS_SHOWN
        assert table.count('<tr><td><a class="kh-to-chuc"') <= LIST_LIMIT
    assert "kỳ gần nhất" in figures and "chi-tieu.csv" in figures
    reported = [(u.organization_id, v.figure_id, v.period, v.value) for u in registry.updates for v in u.figures]
    rows = list(csv.DictReader(io.StringIO(pages["du-lieu/chi-tieu.csv"].lstrip("\ufeff"))))
    assert sorted((r["to_chuc"], r["chi_tieu"], r["ky"], float(r["gia_tri"])) for r in rows) == sorted((o, f, p, float(v)) for o, f, p, v in reported)
    assert len({re.sub(r"\D", "", r["ky"]) for r in rows}) > 1
