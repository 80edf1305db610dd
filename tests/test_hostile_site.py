"""Hostile text in records stays text on the built site: no script, no link, no request, no template.

The real records are copied, hostile text (`test_hostile_common.PAYLOADS`) is put into many fields,
and the site is built with the project's own mkdocs.yml and hooks. The HTML is then read as a
browser would: no element or attribute that runs script, no `javascript:` link, no resource from
another host, no Markdown or template syntax that took effect — and the hostile text is visible.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kehoach.records.loader import load_records
from test_hostile_common import PAYLOADS, build, hostile_project

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
_RESOURCE_ATTRIBUTES = ("src", "srcset", "data", "poster", "action", "formaction", "background")


@dataclass(frozen=True)
class Finding:
    page: str
    what: str
    html: str
    where: str  # "header" (page title in Material's header), "list" (a Markdown list item), "body"

    def __str__(self) -> str:
        return f"{self.page}: {self.what} in {self.where}: {self.html[:160]}"


@dataclass
class HostileSite:
    project: Path
    site: Path
    where: dict[str, str]

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def soup(self, page: Path) -> BeautifulSoup:
        # <title> content is text to a browser (RCDATA); html.parser would read tags in it.
        html = _TITLE.sub(lambda m: "<title>" + m.group(1).replace("<", "&lt;") + "</title>", page.read_text(encoding="utf-8"))
        return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> HostileSite:
    base = tmp_path_factory.mktemp("hostile")
    project, where = hostile_project(base / "project")
    site = build(project, base / "site")
    return HostileSite(project, site, where)


def _where(element) -> str:
    for parent in element.parents:
        classes = parent.get("class") or []
        if "md-header__topic" in classes:
            return "header"
        if parent.name == "svg" and "kh-bieu-do" in classes:
            return "chart"
        if parent.name == "li" and parent.find_parent("article") is not None and parent.find_parent("table") is None:
            return "list"
    return "body"


def findings(site: HostileSite) -> list[Finding]:
    """Everything on the built site that record text could use to run script or fetch from elsewhere."""
    found = []
    for page in site.pages():
        name = page.relative_to(site.site).as_posix()
        soup = site.soup(page)
        for element in soup.find_all(True):
            bad = []
            for attribute, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if attribute.lower().startswith("on"):
                    bad.append(f"attribute {attribute}")
                if attribute in ("href", *_RESOURCE_ATTRIBUTES) and _DANGEROUS_URL.match(value):
                    bad.append(f"{attribute}={value[:30]}")
                if attribute in _RESOURCE_ATTRIBUTES and _EXTERNAL.match(value):
                    bad.append(f"request to {value[:40]}")
                if attribute in ("href", *_RESOURCE_ATTRIBUTES) and "tracker.invalid" in value:
                    bad.append(f"record-made link {attribute}={value[:40]}")
            if element.name == "script" and "alert(" in element.get_text():
                bad.append("script from a record")
            if element.name in ("iframe", "frame", "object", "embed", "base", "applet"):
                bad.append(f"<{element.name}>")  # the site itself never uses them
            if element.name == "link" and _EXTERNAL.match(element.get("href", "")):
                bad.append("stylesheet or resource from another host")
            for what in bad:
                found.append(Finding(name, what, str(element), _where(element)))
    return found


# Found by these tests and fixed since: page titles printed raw by Material's header and search
# (now escaped before the front matter), Markdown lists of record text (now HTML lists), chart
# titles read as Markdown (charts now sit in a <div>), CSV cells starting a formula.
# Name here the `where` of a finding that is known and waiting for a fix in a file the validation
# work does not own; the xfail marks here and in the browser test follow this set.
KNOWN_UNFIXED: set[str] = set()


def test_hostile_records_are_valid_records(hostile_site):
    """Hostile text is not a validation error: it must be shown, harmless, not refused."""
    assert load_records(hostile_site.project / "records").errors == []


def test_no_record_text_can_run_script_or_fetch(hostile_site):
    new = [f for f in findings(hostile_site) if f.where not in KNOWN_UNFIXED]
    assert not new, "\n".join(map(str, new))


@pytest.mark.xfail(bool(KNOWN_UNFIXED), strict=True, reason="fixes listed in KNOWN_UNFIXED have not landed")
def test_known_unsafe_places_are_fixed(hostile_site):
    found = findings(hostile_site)
    assert not found, "\n".join(map(str, found))


def _visible_text(site: HostileSite) -> str:
    texts = []
    for page in site.pages():
        article = site.soup(page).select_one("article")
        if article is not None:
            texts.append(" ".join(article.get_text(" ").split()))
    return "\n".join(texts)


def test_hostile_text_is_shown_literally(hostile_site):
    """Each payload in each field is visible as the characters the record holds."""
    text = _visible_text(hostile_site)
    missing = []
    for tag, field in hostile_site.where.items():
        for payload in PAYLOADS:
            literal = " ".join(payload.format(tag=tag).split())
            if literal not in text:
                missing.append(f"{field}: {literal}")
    assert not missing, "\n".join(missing)


def test_template_syntax_in_records_is_not_evaluated(hostile_site):
    text = _visible_text(hostile_site)
    assert text.count("{{ 7*7 }}") >= len(hostile_site.where)
    # Every "KHỐI-…" marker still sits inside its literal {% if %} … {% endif %}.
    for match in re.finditer(r"KHỐI-([a-z-]+)", text):
        before = text[max(0, match.start() - len("{% if true %}")) : match.start()]
        assert before == "{% if true %}", text[match.start() - 60 : match.end() + 20]


def test_markdown_in_record_paragraphs_stays_text(hostile_site):
    """Blank lines, indentation, '#', '- ' and '{: …}' inside a paragraph make no Markdown structure."""
    for page in hostile_site.pages():
        article = hostile_site.soup(page).select_one("article")
        if article is None:
            continue
        for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            assert "Tiêu đề giả" not in heading.get_text(), page
        for item in article.find_all("li"):
            assert not item.get_text().strip().startswith("mục giả"), page
        for block in article.find_all("pre"):
            assert "mã thụt lề" not in block.get_text(), page
        for element in article.find_all(True):
            assert "onclick" not in element.attrs, page


def test_search_index_titles_are_escaped(hostile_site):
    """Material renders search results as HTML: titles in the index must hold no live tags."""
    import json

    index = json.loads((hostile_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for key in ("title", "text"):
            value = entry.get(key, "")
            assert "<script" not in value and "<img" not in value and "<svg" not in value, (entry["location"], value[:200])


# ---------------------------------------------------------------- exports


_FORMULA_START = re.compile(r"^(?:[=+@\t\r]|-[^\s\d])")


def test_csv_export_holds_hostile_text_as_data(hostile_site):
    """The CSV is valid and every cell is the text of the record, quotes and newlines included."""
    data = (hostile_site.site / "du-lieu" / "nhiem-vu.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    widths = {len(row) for row in rows}
    assert len(widths) == 1, "a cell broke out of its column"
    assert any("alert('task-excerpt')" in cell for row in rows for cell in row)


def test_csv_export_cells_never_start_a_formula(tmp_path):
    """A record whose text starts with '=' must not become a formula in Excel or LibreOffice.

    Fix (exports.py `_csv`): prefix a cell that starts with =, +, -, @, tab or CR with an
    apostrophe (OWASP "CSV injection"), or quote it as ="…" text.
    """
    import yaml

    project, _ = hostile_project(tmp_path / "project")
    path = project / "records" / "to-chuc" / "ban-to-chuc-tinh-uy.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["ten"] = '=HYPERLINK("http://tracker.invalid/csv","Ban Tổ chức")'
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = build(project, tmp_path / "site")
    rows = list(csv.reader(io.StringIO((site / "du-lieu" / "nhiem-vu.csv").read_text(encoding="utf-8-sig"))))
    formulas = [cell for row in rows[1:] for cell in row if _FORMULA_START.match(cell)]
    assert not formulas, formulas[:5]


def test_every_export_is_well_formed_with_hostile_text(hostile_site):
    """JSON, Atom and iCalendar exports parse, and hold the hostile text as data, not markup."""
    import json
    import xml.etree.ElementTree as ElementTree

    data = hostile_site.site / "du-lieu"
    exports = sorted(p for p in data.rglob("*") if p.is_file())
    assert exports
    for path in exports:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json":
            json.loads(text)
        elif path.suffix == ".xml":
            root = ElementTree.fromstring(text.encode("utf-8"))
            assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "img", "iframe", "svg")], path
        elif path.suffix == ".ics":
            import icalendar

            calendar = icalendar.Calendar.from_ical(text)
            for component in calendar.walk():
                for key in component:
                    assert key.isupper() and "ALERT" not in key, (path, key)  # no property injected by a line break
    feed = (data / "cap-nhat.xml").read_text(encoding="utf-8")
    assert "alert(&apos;update-body&apos;)" in feed or "alert('update-body')" in feed or "alert(&#39;update-body&#39;)" in feed
