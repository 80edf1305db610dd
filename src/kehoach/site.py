"""Everything a site generator needs from the records, in one call: settings, registry, pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .loader import load_records
from .model import Registry
from .pages import GeneratedPage, SiteOptions, build_site_pages
from .problems import Problem, RecordsInvalid
from .settings import Settings, resolve_settings


@dataclass
class SiteContent:
    settings: Settings
    registry: Registry
    pages: list[GeneratedPage]
    warnings: list[Problem] = field(default_factory=list)


def merge_registries(results: list[Registry]) -> Registry:
    merged = Registry()
    for registry in results:
        merged.directives.update(registry.directives)
        merged.plans.update(registry.plans)
        merged.organizations.update(registry.organizations)
    return merged


def load_site(base_dir: Path, extra: Mapping[str, Any], directory_urls: bool = True, environ: Mapping[str, str] | None = None) -> SiteContent:
    """Load and check every records folder; raise RecordsInvalid with all problems, or return the pages."""
    import os

    settings, problems = resolve_settings(Path(base_dir), extra, os.environ if environ is None else environ)
    if settings is None:
        raise RecordsInvalid(problems)
    registries, all_problems = [], []
    for folder in settings.records:
        shown = os.path.relpath(folder, base_dir) if folder.is_relative_to(Path(base_dir).resolve()) else str(folder)
        result = load_records(folder, shown.replace(os.sep, "/"))
        registries.append(result.registry)
        all_problems.extend(result.problems)
    if any(p.is_error for p in all_problems):
        raise RecordsInvalid(all_problems)
    registry = registries[0] if len(registries) == 1 else merge_registries(registries)
    pages = build_site_pages(registry, SiteOptions(as_of=settings.as_of, directory_urls=directory_urls))
    return SiteContent(settings, registry, pages, [p for p in all_problems if not p.is_error])
