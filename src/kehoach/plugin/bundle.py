"""An offline bundle: the site built to work opened from disk (file://), search included, zipped.

The project's mkdocs.yml is loaded as `mkdocs build` would load it, then changed in memory only:
Material's `offline` plugin is added (it turns directory URLs off and inlines the search index so
the search worker needs no server), `navigation.instant*` is turned off (it needs a server), and
`site_url` is emptied (no canonical links to the web site). The offline plugin would add a script
from unpkg.com (iframe-worker, which lets the search worker run under file://); a copy shipped here
is listed in `extra.polyfills` instead, so the bundle loads nothing from the Internet. The built
HTML and CSS are then checked for resources loaded from another host before the zip is written.
Nothing is written into the project; the zip is replaced only when the build succeeded.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO

SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"

# iframe-worker 1.0.4, shim/index.js (npm package "iframe-worker"), unchanged.
IFRAME_WORKER_SHIM = r"""/*! iframe-worker 1.0.4 | (c) 2020-2022 Martin Donath <martin.donath@squidfunk.com> | MIT License */
"use strict";(()=>{function c(s,n){parent.postMessage(s,n||"*")}function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())}var o=class extends EventTarget{constructor(e){super();this.url=e;this.m=e=>{e.source===this.w&&(this.dispatchEvent(new MessageEvent("message",{data:e.data})),this.onmessage&&this.onmessage(e))};this.e=(e,r,t,i,m)=>{if(r===`${this.url}`){let a=new ErrorEvent("error",{message:e,filename:r,lineno:t,colno:i,error:m});this.dispatchEvent(a),this.onerror&&this.onerror(a)}};let r=document.createElement("iframe");r.hidden=!0,document.body.appendChild(this.iframe=r),this.w.document.open(),this.w.document.write(`<html><body><script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\/script><script src=${e}?${+Date.now()}><\/script></body></html>`),this.w.document.close(),onmessage=this.m,onerror=this.e,this.r=new Promise((t,i)=>{this.w.onload=t,this.w.onerror=i})}terminate(){this.iframe.remove(),onmessage=onerror=null}postMessage(e){this.r.catch().then(()=>{this.w.dispatchEvent(new MessageEvent("message",structuredClone({data:e})))})}get w(){return this.iframe.contentWindow}};window.IFrameWorker=o;location.protocol==="file:"&&(window.Worker=o);})();
"""  # noqa: E501 - minified upstream code, kept byte for byte

OFFLINE_PLUGIN_NAMES = ("offline", "material/offline")


class BundleError(Exception):
    """The bundle could not be made; the message says why, in Vietnamese."""


@dataclass
class BundleResult:
    zip_path: Path
    files: int
    size_bytes: int
    external_links: list[str] = field(default_factory=list)  # <a href> to other hosts: kept, but dead offline


# ---------------------------------------------------------------- configuration


def _plugin_names(plugins: Any) -> list[str]:
    if isinstance(plugins, dict):
        return list(plugins)
    names = []
    for entry in plugins or ():
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            names.extend(entry)
    return names


def offline_overrides(raw: dict[str, Any]) -> dict[str, Any]:
    """The config keys to change, given the raw (unvalidated) project config."""
    plugins = raw.get("plugins")
    if plugins is None:
        plugins = ["search"]  # MkDocs' default
    if not any(name in OFFLINE_PLUGIN_NAMES for name in _plugin_names(plugins)):
        plugins = {**plugins, "offline": {}} if isinstance(plugins, dict) else [*plugins, "offline"]
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["features"] = [f for f in theme.get("features") or () if not str(f).startswith("navigation.instant")]
    overrides = {"plugins": plugins, "theme": theme, "site_url": "", "use_directory_urls": False}
    extra = raw.get("extra", {})
    if isinstance(extra, dict):  # anything else is left for MkDocs to refuse (`kehoach bundle` reports it first)
        polyfills = [p for p in extra.get("polyfills") or () if "iframe-worker" not in str(p)]
        overrides["extra"] = {**extra, "polyfills": [*polyfills, SHIM_PATH]}
    return overrides


# ---------------------------------------------------------------- external references


_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "form": ("action",),
    "link": ("href",),
}
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""", re.IGNORECASE)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in _ATTRIBUTES.get(tag, ()):
            value = values.get(name) or ""
            for url in (part.strip().split(" ")[0] for part in value.split(",")) if name == "srcset" else (value,):
                if _EXTERNAL.match(url):
                    self.loads.append(f"<{tag} {name}={url}>")
        href = values.get("href") or ""
        if tag == "a" and _EXTERNAL.match(href):
            self.links.append(href)
        style = values.get("style") or ""
        self.loads.extend(f"style: {m}" for m in _CSS_URL.findall(style))

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.loads.extend(f"<style>: {m}" for m in _CSS_URL.findall(data))


def external_references(site_dir: Path) -> tuple[list[str], list[str]]:
    """(resources loaded from another host, links to other hosts) in the built HTML and CSS."""
    loads: list[str] = []
    links: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            parser = _References()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            loads.extend(f"{relative}: {item}" for item in parser.loads)
            links.extend(parser.links)
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            loads.extend(f"{relative}: {url}" for url in _CSS_URL.findall(text))
    return loads, sorted(set(links))


# ---------------------------------------------------------------- build


class _Collect(logging.Handler):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.messages.append(message)
        print(f"{'LỖI' if record.levelno >= logging.ERROR else 'CẢNH BÁO'}: {message}", file=self.stream)


def build_site_offline(config_file: Path, site_dir: Path, log: TextIO = sys.stderr) -> None:
    """Build the project's site into site_dir as an offline site; raise BundleError on failure."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    config_file = Path(config_file).resolve()
    handler = _Collect(log)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous_propagate = logger.propagate
    logger.propagate = False  # messages are shown once, by the handler above
    try:
        config = MkDocsConfig(config_file_path=str(config_file))
        with open(config_file, "rb") as stream:
            config.load_file(stream)
        config.load_dict({**offline_overrides(dict(config)), "site_dir": str(site_dir)})
        errors, warnings = config.validate()
        for name, warning in warnings:
            print(f"CẢNH BÁO: cấu hình “{name}”: {warning}", file=log)
        if errors:
            raise BundleError("cấu hình MkDocs không hợp lệ: " + "; ".join(f"{name}: {error}" for name, error in errors))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise BundleError(f"xây dựng trang không thành công ({error}); xem các lỗi ở trên") from None
    except SystemExit as error:  # mkdocs' Abort is also a SystemExit
        raise BundleError(f"xây dựng trang không thành công ({error}); xem các lỗi ở trên") from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous_propagate
    shim = site_dir / SHIM_PATH
    shim.parent.mkdir(parents=True, exist_ok=True)
    shim.write_text(IFRAME_WORKER_SHIM, encoding="utf-8")


def zip_folder(folder: Path, zip_path: Path) -> int:
    """Zip folder's contents (index.html at the top); written beside and renamed, so never half a zip."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".kehoach-", suffix=".zip.tmp", dir=zip_path.parent)
    os.close(handle)
    count = 0
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
                    count += 1
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # mkstemp made it private; a zip is for sharing
        os.replace(partial, zip_path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return count


def build_bundle(config_file: Path, zip_path: Path, log: TextIO = sys.stderr) -> BundleResult:
    """Build the offline site of the project whose mkdocs.yml is config_file and zip it to zip_path."""
    zip_path = Path(zip_path).resolve()
    with tempfile.TemporaryDirectory(prefix="kehoach-bundle-") as temporary:
        site_dir = Path(temporary) / "site"
        build_site_offline(Path(config_file), site_dir, log)
        loads, links = external_references(site_dir)
        if loads:
            shown = "\n  ".join(loads[:20])
            raise BundleError(f"trang còn tải {len(loads)} tài nguyên từ Internet, gói sẽ không dùng được khi không có mạng:\n  {shown}")
        files = zip_folder(site_dir, zip_path)
    if links:
        print(f"Lưu ý: trang có {len(links)} liên kết ra ngoài (không mở được khi không có mạng).", file=log)
    return BundleResult(zip_path, files, zip_path.stat().st_size, links)
