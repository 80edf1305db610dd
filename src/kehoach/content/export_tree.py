"""The site's content as a folder of Markdown pages and data files: the seam to any site generator.

`kehoach pages --out DIR` writes it; nothing here imports MkDocs. DIR/docs/ holds every page made from
the records (Markdown), the data files (.csv, .json, .xml, .ics, .js, .svg…), the project's
hand-written pages and the stylesheet and script the pages use; DIR/mkdocs.yml is the project's
configuration without the kehoach hook or plugin. MkDocs + Material builds that folder as it is, and
a generator that reads Markdown builds it with its own configuration.

What is not written: the search machinery of the kehoach plugin (its search worker, the script that
queues queries and the split search index), which is made from the built HTML; a site built from the
folder uses its generator's own search. What readers see of the plugin's theme (the header, the 404
page, the partials) goes into DIR/overrides/, the plain project's theme.custom_dir.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kehoach.content.manifest import GeneratedPage, file_content
from kehoach.content.site import load_site
from kehoach.records.settings import resolve_settings
from kehoach.records.yamlsource import parse_record_text, plain_data

# The page stylesheet and script, package data kept beside the plugin's theme files; copied as
# files (the adapter is not imported).
THEME_DIR = Path(__file__).resolve().parents[1] / "plugin" / "theme"
PAGE_ASSETS = ("assets/kehoach.css", "assets/javascripts/kehoach.js")
# What readers see of the plugin's theme, copied into the plain project's theme.custom_dir: the
# header (kehoach-reader.html, written as main.html), the 404 page and the partials; not its search.
READER_THEME = {"kehoach-reader.html": "main.html", "404.html": "404.html"}
READER_THEME_FOLDERS = ("partials",)
OVERRIDES = "overrides"  # where the project's own theme.custom_dir is copied to


class UnsafePagePath(ValueError):
    """A page path that would leave the output folder (never made by kehoach itself)."""


class ExportRefused(ValueError):
    """The output folder cannot be written as asked (the message says why, in Vietnamese)."""


@dataclass(frozen=True)
class GeneratorSettings:
    """What of mkdocs.yml the written content depends on."""

    docs_dir: str = "docs"
    custom_dir: str | None = None
    directory_urls: bool = True
    site_url: str | None = None


@dataclass(frozen=True)
class WrittenTree:
    generated: int  # pages and data files made from the records
    docs: Path
    config: Path


def write_pages(pages: Iterable[GeneratedPage], docs: Path) -> int:
    """Write every page and data file under docs at its site path (UTF-8, "\\n" line ends); the count."""
    count = 0
    for page in pages:
        relative = PurePosixPath(page.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise UnsafePagePath(page.path)
        target = docs.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        content = file_content(page.path, page.content)
        if isinstance(content, bytes):  # a .docx report
            target.write_bytes(content)
        else:
            with open(target, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(content)
        count += 1
    return count


def generator_settings(text: str, name: str = "mkdocs.yml") -> GeneratorSettings:
    """docs_dir, theme.custom_dir, use_directory_urls and site_url of a mkdocs.yml (read without MkDocs;
    a value MkDocs would read from a tag such as !ENV counts as not set)."""
    value, _ = parse_record_text(name, text)
    data = plain_data(value) if value is not None else None
    if not isinstance(data, dict):
        return GeneratorSettings()
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    directory_urls = data.get("use_directory_urls", True)
    if isinstance(directory_urls, str):  # YAML 1.1, as MkDocs reads it
        directory_urls = directory_urls.lower() not in ("no", "n", "off", "false")
    site_url = data.get("site_url")
    return GeneratorSettings(
        docs_dir=data["docs_dir"] if isinstance(data.get("docs_dir"), str) and data["docs_dir"] else "docs",
        custom_dir=custom_dir if isinstance(custom_dir, str) and custom_dir else None,
        directory_urls=directory_urls is not False,
        site_url=site_url if isinstance(site_url, str) and site_url else None,
    )


def export_site(
    config_file: Path, out: Path, options: Mapping[str, Any], *, origin: str = "extra", overwrite: bool = False, environ: Mapping[str, str] | None = None
) -> WrittenTree:
    """Load the records as the build does and write the whole site content into out.

    Raises RecordsInvalid (nothing written) when the records have errors, ExportRefused when out is
    not empty (without overwrite) or would overwrite the project's own files, OSError when writing fails.
    """
    project = Path(config_file).resolve().parent
    text = Path(config_file).read_text(encoding="utf-8")
    settings = generator_settings(text, Path(config_file).as_posix())
    hand_written = (project / settings.docs_dir).resolve()
    target = Path(out).resolve()
    if target == project or target.is_relative_to(hand_written):
        raise ExportRefused(f"không ghi vào thư mục dự án hay thư mục trang viết tay ({settings.docs_dir}); chọn thư mục khác")
    # Nor into the records (the next check would read the written pages as records), nor where what is
    # written (docs/, overrides/) would land on the records or the hand-written pages.
    folders, _ = resolve_settings(project, options, os.environ if environ is None else environ, origin=origin)
    sources = [(hand_written, f"thư mục trang viết tay ({settings.docs_dir})")]
    if folders is not None:
        sources.append((Path(folders.records).resolve(), "thư mục bản ghi"))
        if folders.examples is not None:
            sources.append((Path(folders.examples).resolve(), "thư mục ví dụ"))
    for folder, what in sources:
        if target.is_relative_to(folder) or any(folder.is_relative_to(target / part) for part in ("docs", OVERRIDES)):
            raise ExportRefused(f"không ghi vào {what} hay chồng lên nó ({_relative(folder, project)}); chọn thư mục khác")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not overwrite)):
        raise ExportRefused("đã có nội dung; chọn thư mục mới hoặc thêm --ghi-de")
    content = load_site(project, options, origin=origin, directory_urls=settings.directory_urls, environ=environ, site_url=settings.site_url)
    docs = Path(out) / "docs"
    generated = write_pages(content.pages, docs)
    for asset in PAGE_ASSETS:
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(THEME_DIR / asset, docs / asset)
    if hand_written.is_dir():  # a hand-written page wins over a generated one, as in the build
        shutil.copytree(hand_written, docs, dirs_exist_ok=True)
    overrides = Path(out) / OVERRIDES
    overrides.mkdir(parents=True, exist_ok=True)
    for source, name in READER_THEME.items():
        if (THEME_DIR / source).is_file():
            shutil.copyfile(THEME_DIR / source, overrides / name)
    for theme_folder in READER_THEME_FOLDERS:
        if (THEME_DIR / theme_folder).is_dir():
            shutil.copytree(THEME_DIR / theme_folder, overrides / theme_folder, dirs_exist_ok=True)
    custom_dir = (project / settings.custom_dir) if settings.custom_dir else None
    if custom_dir is not None and custom_dir.is_dir():  # the project's own theme files win, as in the build
        shutil.copytree(custom_dir, overrides, dirs_exist_ok=True)
    config = Path(out) / "mkdocs.yml"
    config.write_text(plain_mkdocs_config(text, custom_dir=True), encoding="utf-8", newline="\n")
    return WrittenTree(generated, docs, config)


def _relative(folder: Path, project: Path) -> str:
    return folder.relative_to(project).as_posix() if folder.is_relative_to(project) else str(folder)


def plain_mkdocs_config(text: str, custom_dir: bool = False) -> str:
    """A project's mkdocs.yml for plain MkDocs + Material beside the written docs/: no hooks, no
    kehoach plugin, no watched folders; the page stylesheet and script added to the site's own.
    Edited as text, so comments and tags (!ENV, !!python/name:…) stay as written."""
    text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    text = re.sub(r"^(?:hooks|watch|not_in_nav):.*\n(?:(?:[ \t]*\n)*[ \t]+.*\n)*(?:[ \t]*\n)*", "", text, flags=re.M)
    text = re.sub(r"^([ \t]*)- kehoach(?::[^\n]*|[ \t]*)\n(?:(?:[ \t]*\n)*\1[ \t]+.*\n)*", "", text, flags=re.M)
    # kehoach was the only plugin: an empty list, not null
    text = re.sub(r"^plugins:[ \t]*\n(?=(?:[ \t]*\n)*(?:[^ \t\n-]|\Z))", "plugins: []\n", text, flags=re.M)
    text = re.sub(r"^docs_dir:.*$", "docs_dir: docs", text, flags=re.M)
    if custom_dir and re.search(r"^[ \t]+custom_dir:", text, flags=re.M):
        text = re.sub(r"^([ \t]+custom_dir:)[^\n]*$", rf"\1 {OVERRIDES}", text, count=1, flags=re.M)
    elif custom_dir:  # under the theme mapping's first key, indented as it is
        text = re.sub(r"^(theme:[ \t]*\n)((?:[ \t]*#.*\n)*)([ \t]+)", rf"\1\2\3custom_dir: {OVERRIDES}\n\3", text, count=1, flags=re.M)
    text = _with_item(text, "extra_css", PAGE_ASSETS[0])
    text = _with_item(text, "extra_javascript", PAGE_ASSETS[1])
    header = "# Sinh bởi “kehoach pages”: trang dựng từ docs/ bằng MkDocs + Material, không cần plugin kehoach.\n"
    # Record pages are reached through index pages, not the navigation (as the plugin marks them).
    return header + text.rstrip("\n") + "\n\nnot_in_nav: |\n  *.md\n"


def _with_item(text: str, key: str, item: str) -> str:
    """The top-level list `key` with item at its end (the list made if there is none)."""
    flow = re.search(rf"^{key}:[ \t]*\[([^\]\n]*)\][ \t]*$", text, flags=re.M)
    if flow:
        if item in flow.group(1):
            return text
        items = flow.group(1).strip()
        return text[: flow.start(1)] + (f"{items}, {item}" if items else item) + text[flow.end(1) :]
    block = re.search(rf"^{key}:[ \t]*\n((?:(?:[ \t]*#.*|[ \t]*)\n)*([ \t]+)-.*\n(?:(?:(?:[ \t]*#.*|[ \t]*)\n)*[ \t]+.*\n)*)", text, flags=re.M)
    if block:
        if re.search(rf"^[ \t]+-[ \t]*['\"]?{re.escape(item)}['\"]?[ \t]*$", block.group(1), flags=re.M):
            return text
        return text[: block.end()] + f"{block.group(2)}- {item}\n" + text[block.end() :]
    text = re.sub(rf"^{key}:[ \t]*(?:\[\s*\])?[ \t]*\n", "", text, flags=re.M)  # empty or an empty list
    return text.rstrip("\n") + f"\n\n{key}:\n  - {item}\n"
