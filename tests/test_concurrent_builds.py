"""Two `mkdocs build` at once into the same site: each builds in its own staging folder and the
swaps take turns, so the published site is one complete build, never a mix (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import build_site, copy_project
from kehoach.plugin import staging


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def _leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith((site.name + staging.STAGING, site.name + staging.RETIRED)))


def test_two_builds_at_once_publish_one_complete_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    reference = build_site(tmp_path / "reference" / "site", project).dir
    site = tmp_path / "out" / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    builds = [subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(build.wait(timeout=600), build.communicate()[1]) for build in builds]
    assert all(code == 0 for code, _ in results), results
    assert (site / "index.html").is_file()
    assert _files(site) == _files(reference)
    assert _leftovers(site) == []


def test_promotion_is_serialized_and_stale_folders_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"site{staging.STAGING}-{dead.pid}-abcd"
    stale.mkdir()
    (stale / "index.html").write_text("cũ", encoding="utf-8")
    legacy = tmp_path / f"site{staging.STAGING}"
    legacy.mkdir()
    first = staging.staging_dir_for(site)
    assert not stale.exists() and not legacy.exists()
    assert first.parent == tmp_path and first.name.startswith(f"site{staging.STAGING}-{os.getpid()}-")
    second = staging.staging_dir_for(site)
    assert second != first and first.is_dir()  # a running build's folder is left alone
    (first / "a.html").write_text("1", encoding="utf-8")
    (second / "b.html").write_text("2", encoding="utf-8")
    lock = staging._Lock(tmp_path / f"site{staging.LOCK}")
    with lock:  # another build is swapping: this one waits for it
        waiting = subprocess.Popen(
            [sys.executable, "-c", "import sys; from pathlib import Path; from kehoach.plugin import staging;"
             "staging.LOCK_TIMEOUT_SECONDS = 0.3; staging.promote(Path(sys.argv[1]), Path(sys.argv[2]))", str(first), str(site)],
            stderr=subprocess.PIPE, text=True,
        )
        assert waiting.wait(timeout=60) != 0 and "PromotionLocked" in waiting.communicate()[1]
        assert not site.exists() and first.is_dir()
    staging.promote(first, site)
    staging.promote(second, site)
    assert _files(site) == ["b.html"]
    (tmp_path / "plain").mkdir()
    assert site.stat().st_mode == (tmp_path / "plain").stat().st_mode  # not mkdtemp's 0700: a web server can read it
    assert _leftovers(site) == []
    assert not (tmp_path / f"site{staging.LOCK}").exists()


def test_without_system_file_locks_the_lock_file_itself_is_the_lock(tmp_path: Path, monkeypatch) -> None:
    """As with fcntl missing (tests/test_portable.py's simulated Windows): O_CREAT|O_EXCL."""
    monkeypatch.setattr(staging, "_system_locks", lambda: False)
    monkeypatch.setattr(staging, "LOCK_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / f"site{staging.LOCK}"
    with staging._Lock(path):
        assert path.exists()
        try:
            with staging._Lock(path):
                raise AssertionError("two holders at once")
        except staging.PromotionLocked as locked:
            assert "khóa" in str(locked)
    assert not path.exists()
    path.write_text("", encoding="utf-8")  # left by a build that died while swapping
    os.utime(path, (0, 0))
    with staging._Lock(path):
        pass
    assert not path.exists()
