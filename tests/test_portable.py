"""Every module of kehoach imports, and the site builds byte-identically, where the POSIX-only
modules (fcntl, termios, pwd, grp, resource) and os.fork do not exist — as on the Windows PCs
editors use. Forking is an optimisation chosen at run time, never a requirement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT, copy_project

WITHOUT_POSIX = textwrap.dedent(
    """
    import os, sys
    for name in ("fcntl", "termios", "pwd", "grp", "resource"):
        sys.modules[name] = None  # "import fcntl" now raises ImportError, as on Windows
    del os.fork
    """
)

IMPORT_EVERYTHING = WITHOUT_POSIX + textwrap.dedent(
    """
    import importlib, json, pkgutil
    import kehoach
    names = sorted(m.name for m in pkgutil.walk_packages(kehoach.__path__, "kehoach."))
    for name in names:
        importlib.import_module(name)
    from kehoach.plugin.parallel import can_fork
    print(json.dumps({"modules": names, "can_fork": can_fork()}))
    """
)

BUILD_AS_USUAL = textwrap.dedent(
    """
    import runpy, sys
    sys.argv = ["mkdocs", "build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]]
    runpy.run_module("mkdocs", run_name="__main__")
    """
)
BUILD = WITHOUT_POSIX + BUILD_AS_USUAL
# The usual build, telling how many children it forked (so that the comparison compares two ways).
BUILD_FORKING = textwrap.dedent(
    """
    import atexit, os, sys
    _fork, _forks = os.fork, []
    def _counted():
        pid = _fork()
        if pid:
            _forks.append(pid)
        return pid
    os.fork = _counted
    atexit.register(lambda: print(f"forks: {len(_forks)}", file=sys.stderr))
    """
) + BUILD_AS_USUAL

CHECK = WITHOUT_POSIX + "from kehoach.cli import main\nsys.exit(main(['check', sys.argv[1]]))\n"


def _run(code: str, *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KEHOACH_AS_OF": "2019-06-01", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, env=env, timeout=300, cwd=cwd)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_module_imports_without_posix_only_modules():
    result = _run(IMPORT_EVERYTHING)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "kehoach.plugin.parallel" in report["modules"] and "kehoach.records.loader" in report["modules"]
    assert len(report["modules"]) >= 25
    assert report["can_fork"] is False


def _head() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout


def test_the_site_built_without_fork_is_byte_identical(tmp_path):
    """The project's own mkdocs.yml and records (with their git history), built both ways."""
    for attempt in range(3):
        head = _head()
        alone = _run(BUILD, str(ROOT / "mkdocs.yml"), str(tmp_path / f"alone{attempt}"))
        assert alone.returncode == 0, alone.stderr
        forked = _run(BUILD_FORKING, str(ROOT / "mkdocs.yml"), str(tmp_path / f"forked{attempt}"))
        assert forked.returncode == 0, forked.stderr
        assert "forks: 0" not in forked.stderr and "forks: " in forked.stderr  # pages and search index in children
        if _head() == head:  # not a commit in between (the history pages would differ)
            break
    without, with_fork = _files(tmp_path / f"alone{attempt}"), _files(tmp_path / f"forked{attempt}")
    assert "ke-hoach/kh-ct28-tinh-uy-hung-yen/index.html" in without and "search/kehoach/manifest.js" in without
    assert sorted(without) == sorted(with_fork)
    assert [path for path in without if without[path] != with_fork[path]] == []


def test_check_runs_without_posix_only_modules_and_names_files_with_forward_slashes(tmp_path):
    project = copy_project(tmp_path / "project")
    broken = project / "records" / "to-chuc" / "ban-to-chuc-tinh-uy.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "khong_co: 1\n", encoding="utf-8")
    result = _run(CHECK, "records", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "records/to-chuc/ban-to-chuc-tinh-uy.yml:" in result.stdout
    assert "\\\\" not in result.stdout
