"""No request leaves the site: every page of the built site is opened in Chromium and every
request it makes (documents, scripts, styles, fonts, images, the search worker's own loads) must
go to 127.0.0.1. The `recording_context` fixture asserts it, and that no page raised an error."""

from __future__ import annotations

import re

from kh_browser import recording_context

# Anything that would fetch from elsewhere when a page is read.
EXTERNAL = re.compile(r"""(?:src|href|srcset|action)\s*=\s*["']\s*(?:https?:)?//|@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


def site_pages(site_dir) -> list[str]:
    return sorted(str(p.relative_to(site_dir).parent).replace("\\", "/") for p in site_dir.rglob("index.html"))


def test_every_page_stays_on_the_site(browser, site_dir, site_url):
    pages = site_pages(site_dir)
    assert len(pages) > 10, pages
    with recording_context(browser) as (context, log):
        page = context.new_page()
        for number, path in enumerate(pages):
            url = site_url + ("" if path == "." else path + "/")
            response = page.goto(url, wait_until="load")  # every style, script, font and image
            assert response and response.ok, f"{url}: {response and response.status}"
            if number == 0:
                # After "load" the search worker fetches its index and scripts — the same on every
                # page, so waiting for them once shows they stay on the site.
                page.wait_for_function("() => window.__kh && window.__kh.ready", timeout=30_000)
        visited = {u for u in log.urls}
    assert any(u.endswith("/search/search_index.json") for u in visited)  # Material's stub: the config
    assert any("/search/kehoach/manifest.js" in u for u in visited), "the search worker's requests are not recorded"
    assert not any(re.search(r"\.(woff2?|ttf|otf)(\?|$)", u) for u in visited), "web fonts were loaded"


def test_no_external_reference_in_the_built_files(site_dir):
    """Links to other sites in the text are fine; nothing that a browser would fetch by itself."""
    offending = []
    for path in list(site_dir.rglob("*.html")) + list(site_dir.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in EXTERNAL.finditer(text):
            context = text[max(0, m.start() - 60) : m.end() + 60]
            if re.search(r"<a\s[^>]*$", text[max(0, m.start() - 300) : m.start()]):  # an <a href>: followed only on click
                continue
            offending.append(f"{path.relative_to(site_dir)}: …{context}…")
    assert not offending, "\n".join(offending[:20])
