"""The readers' help page, “Cách tra cứu” (docs/cach-tra-cuu.md): near the top of the navigation,
the editors' guide under its own heading; written for readers (no record files, folders, commands);
every status the site shows explained; shipped to new offices by `kehoach init`, and kept equal to
the packaged copy (scaffold.MIRRORED, checked by tests/test_init.py as well)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kehoach import scaffold
from kehoach.domain.status import STATUS_LABELS

ROOT = Path(__file__).resolve().parents[1]
PAGE = "docs/cach-tra-cuu.md"
HELP = ROOT / PAGE

# What readers never see: record files, folders, commands, tools of the editors.
EDITORS_WORDS = re.compile(r"`|\byaml\b|\byml\b|records/|du-lieu/|huong-dan/|\bkehoach\b|\bmkdocs\b|\bgit\b|\bcommit\b|\bKEHOACH_|\bid\b", re.IGNORECASE)


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _nav(text: str) -> list:
    return yaml.load(text, Loader=_Loader)["nav"]  # noqa: S506 - a SafeLoader subclass


def _new_office() -> dict[str, str]:
    """The files `kehoach init` writes (schemas/ aside)."""
    return scaffold.render(scaffold.make_office("Huyện ủy Văn Lâm", package="kehoach"))


def test_in_the_navigation_near_the_top_with_the_guide_apart():
    ours, theirs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _new_office()["mkdocs.yml"]
    for config in (ours, theirs):
        nav = _nav(config)
        titles = [next(iter(item)) for item in nav]
        assert nav[1] == {"Cách tra cứu": "cach-tra-cuu.md"}
        assert titles[0] == "Trang chủ"
        guide = nav[titles.index("Dành cho người biên tập")]["Dành cho người biên tập"]
        assert guide[0] == "huong-dan/index.md"
        # Every guide page sits under that heading, nowhere else.
        elsewhere = [item for item in nav if "huong-dan/" in str(item) and "Dành cho người biên tập" not in item]
        assert not elsewhere, elsewhere
    assert _nav(ours) == _nav(theirs)


def test_written_for_readers():
    text = HELP.read_text(encoding="utf-8")
    found = sorted({m.group(0) for m in EDITORS_WORDS.finditer(text)})
    assert not found, f"{PAGE} speaks to editors: {found}"
    for topic in ("Tìm cơ quan, đơn vị", "Trạng thái", "lịch", "Outlook", "Google", "iPhone", "CSV", "Excel", "In văn bản", "không dấu", "chữ viết tắt"):
        assert topic.lower() in text.lower(), topic


def test_every_status_is_explained():
    """The statuses the pages show, read from the vocabulary: a new one needs a line here too."""
    text = HELP.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", text, re.MULTILINE))
    for label in STATUS_LABELS.values():
        assert label in rows, f"status {label!r} is not explained in {PAGE}"
    assert set(rows) - {"Nhãn"} == set(STATUS_LABELS.values())
    # The wording of an overdue task nobody has reported on, as status.py writes it.
    overdue = next(label for status, label in STATUS_LABELS.items() if status.value == "qua-han")
    assert f"“{overdue}, chưa có báo cáo”" in text


def test_shipped_to_new_offices():
    assert (PAGE, PAGE) in scaffold.MIRRORED
    assert (scaffold.MAU / PAGE).read_bytes() == HELP.read_bytes()
    assert _new_office()[PAGE] == HELP.read_text(encoding="utf-8")


def test_on_the_built_site(example_site):
    soup = example_site.html("cach-tra-cuu/")
    assert soup.title.get_text().startswith("Cách tra cứu")
    tabs = [a.get_text(strip=True) for a in soup.select("nav.md-tabs a.md-tabs__link")]
    assert tabs[:2] == ["Trang chủ", "Cách tra cứu"] and "Dành cho người biên tập" in tabs
    # Its links lead to the generated pages (the build is strict: a broken one fails it).
    hrefs = {a["href"] for a in soup.select("article a[href]") if not a["href"].startswith("#")}
    assert {"../to-chuc/", "../nhiem-vu/", "../tien-do/", "../tien-do/lich/", "../tien-do/chi-tieu/"} <= hrefs
