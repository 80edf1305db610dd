"""The packaged plugin: `plugins: - kehoach` in an office's mkdocs.yml builds exactly the site this
repository's hook wiring builds, takes its options typed, and needs none of this repository's theme
files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import copy_project


def _as_plugin(project: Path, options: str = "") -> None:
    """Rewrite the copied project's mkdocs.yml to use the plugin instead of hooks/."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(?:hooks|watch):\n(?:  .*\n)+", "", config, flags=re.M)  # the plugin watches the records itself
    config = config.replace("plugins:\n", "plugins:\n  - kehoach" + (":\n" + options if options else "") + "\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "hooks").rename(project / "hooks-unused")


def _build(project: Path, site: Path, **env: str) -> tuple[subprocess.CompletedProcess, dict[str, bytes]]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("KEHOACH_")}
    environment.update(NO_MKDOCS_2_WARNING="1", **env)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)], capture_output=True, text=True, env=environment, timeout=300)
    files = {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()} if site.is_dir() else {}
    return result, files


def test_the_plugin_builds_the_same_site_as_the_hooks(tmp_path):
    hooked = copy_project(tmp_path / "hooked")
    plugged = copy_project(tmp_path / "plugged")
    _as_plugin(plugged)
    assert "kehoach" in yaml.safe_load((plugged / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/object/apply:pymdownx.slugs.slugify", ""))["plugins"][0]
    by_hooks, hooked_files = _build(hooked, tmp_path / "site-hooks", KEHOACH_AS_OF="2019-06-01")
    by_plugin, plugged_files = _build(plugged, tmp_path / "site-plugin", KEHOACH_AS_OF="2019-06-01")
    assert by_hooks.returncode == 0 and by_plugin.returncode == 0, by_plugin.stderr
    assert "ke-hoach/kh-ct28-tinh-uy-hung-yen/index.html" in plugged_files
    assert "assets/kehoach.css" in plugged_files and "assets/javascripts/workers/kehoach-search.js" in plugged_files
    assert sorted(plugged_files) == sorted(hooked_files)
    assert [path for path in plugged_files if plugged_files[path] != hooked_files[path]] == []


def test_plugin_options_are_typed_and_used(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "records").rename(project / "ban-ghi")
    _as_plugin(project, "      records: ban-ghi\n      as_of: 2019-06-01\n")
    result, files = _build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "tính đến ngày 01/06/2019 (plugins.kehoach.as_of trong mkdocs.yml)" in result.stderr
    assert "to-chuc/ban-to-chuc-tinh-uy/index.html" in files

    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("records: ban-ghi", "records: [ban-ghi]"), encoding="utf-8")
    wrong, _ = _build(project, tmp_path / "site-wrong")
    assert wrong.returncode != 0
    assert "records" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_build_log_has_no_navigation_noise(tmp_path):
    project = copy_project(tmp_path / "project")
    result, files = _build(project, tmp_path / "site", KEHOACH_AS_OF="2019-06-01")
    assert result.returncode == 0 and files
    assert "not included in the" not in result.stderr
    assert "WARNING" not in result.stderr


def test_the_plugin_watches_its_records_folder_for_the_live_preview(tmp_path):
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    (project / "records").rename(project / "ban-ghi")
    _as_plugin(project, "      records: ban-ghi\n      examples: examples\n")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config = config.plugins.on_config(config)
    watched = {Path(path).resolve() for path in config.watch}
    assert (project / "ban-ghi").resolve() in watched and (project / "examples").resolve() in watched


def test_the_live_preview_watches_the_examples_named_in_the_environment(tmp_path, monkeypatch):
    """The README's demo preview names the illustrative updates by KEHOACH_EXAMPLES: saving one of
    them must rebuild the preview, as saving a record does."""
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("KEHOACH_EXAMPLES", "examples")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config = config.plugins.on_config(config)
    watched = {Path(path).resolve() for path in config.watch}
    assert (project / "examples").resolve() in watched and (project / "records").resolve() in watched


def test_kehoach_check_reads_the_plugin_options(tmp_path, capsys, monkeypatch):
    from kehoach.cli import main

    project = copy_project(tmp_path / "project")
    (project / "records").rename(project / "ban-ghi")
    _as_plugin(project, "      records: ban-ghi\n")
    broken = project / "ban-ghi" / "to-chuc" / "ban-to-chuc-tinh-uy.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "khong_co: 1\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.delenv("KEHOACH_RECORDS", raising=False)
    assert main(["check"]) == 1
    assert "ban-ghi/to-chuc/ban-to-chuc-tinh-uy.yml:" in capsys.readouterr().out
