"""Readers see no English: every page of the built site (records and the illustrative updates), its
visible text and the attributes a reader sees or hears (title, aria-label, placeholder, alt), and
the strings Material's scripts show (the translations in `<script id="__config">`), are checked
for the English of Material's interface ("Initializing search", "Back to top", "Permanent link",
"404 - Not found", "Tabs"…). Those come from Material's templates and its Vietnamese translation,
which leaves some strings in English: the plugin's theme folder overrides them
(src/kehoach/plugin/theme/partials/language.html, 404.html) and mkdocs.yml names the ¶ link
(toc `permalink_title`)."""

from __future__ import annotations

import copy
import json
import re

import pytest
from bs4 import BeautifulSoup

# Whole words or phrases, as Material's English interface writes them.
ENGLISH_UI = [
    "404 - Not found",
    "Not found",
    "Initializing search",
    "Type to start searching",
    "No matching documents",
    "matching document",
    "more on this page",
    "Search",
    "Share",
    "Clear",
    "Missing",
    "Skip to content",
    "Back to top",
    "Copy to clipboard",
    "Copied to clipboard",
    "Permanent link",
    "Previous",
    "Next",
    "Made with",
    "Material for MkDocs",
    "Table of contents",
    "Tabs",
    "Navigation",
    "Header",
    "Footer",
    "Edit this page",
    "View source of this page",
    "Go to repository",
    "Last update",
    "Contributors",
    "Metadata",
    "RSS feed",
    "Select language",
    "Select version",
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH_UI) + r")(?![\w-])")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
PERMALINK_TITLE = "Liên kết tới mục này"


def _seen(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(where, text) of what a reader sees or hears on a page (the page is left as it is)."""
    soup = copy.copy(soup)
    config = soup.find("script", id="__config")
    translations = json.loads(config.string)["translations"] if config and config.string else {}
    for tag in soup(["script", "style", "svg", "template"]):
        tag.decompose()
    seen = [("text", " ".join(soup.get_text(" ").split()))]
    for tag in soup.find_all(True):
        for attribute in ATTRIBUTES:
            value = tag.get(attribute)
            if value:
                seen.append((f"<{tag.name} {attribute}>", " ".join(value) if isinstance(value, list) else str(value)))
    seen += [(f"translation {key}", str(value)) for key, value in translations.items()]
    return seen


@pytest.fixture(scope="module")
def pages(example_site) -> dict[str, BeautifulSoup]:
    found = {str(path.relative_to(example_site.dir)): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in sorted(example_site.dir.rglob("*.html"))}
    assert "404.html" in found and "index.html" in found and "cach-tra-cuu/index.html" in found
    return found


def test_no_english_interface_words(pages):
    found: dict[str, set[str]] = {}
    for name, soup in pages.items():
        for where, text in _seen(soup):
            for match in PATTERN.finditer(text):
                found.setdefault(f"{match.group(1)!r} ({where})", set()).add(name)
    report = "\n".join(f"{word} on {len(names)} pages, e.g. {sorted(names)[0]}" for word, names in sorted(found.items()))
    assert not found, "English shown to readers:\n" + report


def _english(html: str) -> list[str]:
    return [match.group(1) for _, text in _seen(BeautifulSoup(html, "html.parser")) for match in PATTERN.finditer(text)]


def test_the_check_finds_what_material_writes_in_english():
    html = """<html><body><div class="md-search-result__meta">Initializing search</div>
    <h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2><nav aria-label="Tabs"></nav>
    <script id="__config" type="application/json">{"translations": {"clipboard.copy": "Copy to clipboard"}}</script>
    <script>var next = "Next"</script><p>Tiếp theo: Nextcloud, search-index, Searchable</p></body></html>"""
    assert sorted(_english(html)) == ["Copy to clipboard", "Initializing search", "Permanent link", "Tabs"]


def test_heading_links_are_named_in_vietnamese(pages):
    """The ¶ beside each heading, on written and generated pages alike."""
    links = [(name, a.get("title")) for name, soup in pages.items() for a in soup.select("a.headerlink")]
    assert len(links) > 100
    assert {title for _, title in links} == {PERMALINK_TITLE}, [link for link in links if link[1] != PERMALINK_TITLE][:5]


def test_the_404_page(pages):
    soup = pages["404.html"]
    assert soup.html.get("lang") == "vi"
    assert soup.title.get_text().startswith("Không tìm thấy trang")
    article = soup.select_one("article")
    assert article.h1.get_text(strip=True) == "Không tìm thấy trang"
    links = {a.get_text(strip=True): a["href"] for a in article.select("a")}
    # The 404 page is served at any depth: its links are absolute, the search one opens Material's box (?q=).
    assert links["Về trang chủ"].startswith("/")
    assert links["Tìm trong trang tra cứu"].startswith("/") and links["Tìm trong trang tra cứu"].endswith("?q=")


def test_interface_strings_in_vietnamese(pages):
    """The strings the override puts in place of Material's English ones or wrong ones."""
    soup = pages["index.html"]
    assert soup.select_one(".md-skip").get_text(strip=True) == "Đến nội dung chính"
    assert soup.select_one(".md-top").get_text(" ", strip=True) == "Lên đầu trang"
    assert soup.select_one("nav.md-tabs")["aria-label"] == "Thanh chuyên mục"
    assert soup.select_one(".md-search-result__meta").get_text(strip=True) == "Đang chuẩn bị tìm kiếm"
    translations = json.loads(soup.find("script", id="__config").string)["translations"]
    assert translations["search.result.term.missing"] == "Thiếu"
