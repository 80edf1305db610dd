"""The README's two commands (scripts/serve.sh, scripts/test.sh and their PowerShell twins): what can be
checked quickly, without the network and without installing the project again.

The helpers are run for real: scripts/_venv.sh with a stand-in system python (and stand-in `id` and
`apt-get`) for the ways a stock machine can lack venv; scripts/_venv.py in a real virtual environment
whose pip is a stand-in that only records how it was called."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
PTH_LINE = 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")\n'
VERSION = "{}.{}".format(*sys.version_info[:2])
BASH = shutil.which("bash")

needs_bash = pytest.mark.skipif(BASH is None or os.name == "nt", reason="bash scripts (Windows uses scripts/*.ps1)")


# ---------------------------------------------------------------- the scripts as written


@needs_bash
@pytest.mark.parametrize("script", ["scripts/serve.sh", "scripts/test.sh", "scripts/_venv.sh", ".ci/run"])
def test_bash_scripts_parse(script: str) -> None:
    result = subprocess.run([BASH, "-n", str(REPO / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command_with_the_system_path() -> None:
    lines = [line.strip() for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()]
    assert "set -euo pipefail" in lines
    assert 'export CI="${CI:-true}"' in lines
    assert "env PATH=/usr/sbin:/usr/bin:/sbin:/bin bash scripts/test.sh -q -p no:cacheprovider" in lines
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh\n" in readme and "bash scripts/serve.sh\n" in readme
    assert "powershell -ExecutionPolicy Bypass -File scripts\\test.ps1" in readme


def test_scripts_install_only_through_the_venv_helper() -> None:
    """pip is called by scripts/_venv.py alone (which refuses a system python); the scripts run .venv's python."""
    for name, runs in [("serve.sh", '"$KH_PY" -m mkdocs serve "$@"'), ("test.sh", '"$KH_PY" -m pytest "$@"')]:
        text = (SCRIPTS / name).read_text(encoding="utf-8")
        assert "source scripts/_venv.sh" in text and "pip" not in text.replace("pipefail", "")
        assert f"exec {runs}" in text
    for name, runs in [("serve.ps1", "& $KhPy -m mkdocs serve @args"), ("test.ps1", "& $KhPy -m pytest @args")]:
        text = (SCRIPTS / name).read_text(encoding="utf-8-sig")
        assert ". (Join-Path $PSScriptRoot '_venv.ps1')" in text and "pip" not in text
        assert runs in text
    assert "scripts/_venv.py" in (SCRIPTS / "_venv.sh").read_text(encoding="utf-8")
    assert "scripts/_venv.py" in (SCRIPTS / "_venv.ps1").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("name", ["serve.ps1", "test.ps1", "_venv.ps1"])
def test_powershell_scripts_carry_a_byte_order_mark(name: str) -> None:
    """Windows PowerShell 5.1 reads a .ps1 without BOM in the ANSI code page: the Vietnamese messages
    would be garbled, and some of their bytes would read as quotes."""
    assert (SCRIPTS / name).read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.skipif(shutil.which("pwsh") is None, reason="no pwsh on this machine")
@pytest.mark.parametrize("name", ["serve.ps1", "test.ps1", "_venv.ps1"])
def test_powershell_scripts_parse(name: str) -> None:
    command = (
        "$errors = $null; [System.Management.Automation.Language.Parser]::ParseFile("
        f"'{SCRIPTS / name}', [ref]$null, [ref]$errors) | Out-Null; $errors | ForEach-Object {{ $_.ToString() }}; exit $errors.Count"
    )
    result = subprocess.run(["pwsh", "-NoProfile", "-Command", command], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- scripts/_venv.sh: making .venv


def stand_ins(tmp_path: Path, uid: int, apt_fixes: bool) -> tuple[Path, dict]:
    """A system python without ensurepip until the stand-in apt-get "installs" it; `id -u` says uid."""
    bin_dir, flag, log = tmp_path / "bin", tmp_path / "venv-installed", tmp_path / "apt.log"
    bin_dir.mkdir()
    python = bin_dir / "python3"
    python.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *ensurepip*) [ -e "{flag}" ] || {{ echo "No module named ensurepip" >&2; exit 1; }};; esac\n'
        f'exec "{sys.executable}" "$@"\n'
    )
    (bin_dir / "id").write_text(f'#!/bin/sh\n[ "$1" = -u ] && echo {uid}\n')
    (bin_dir / "apt-get").write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\n' + (f'case "$*" in install*) touch "{flag}";; esac\n' if apt_fixes else "")
    )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    environ.update(PATH=f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", PYTHON=str(python))
    return log, environ


def venv_create(project: Path, environ: dict) -> subprocess.CompletedProcess:
    project.mkdir(exist_ok=True)
    script = f'source "{SCRIPTS / "_venv.sh"}"; kh_venv_create; echo created'
    return subprocess.run([BASH, "-c", script], cwd=project, env=environ, capture_output=True, text=True, timeout=120)


@needs_bash
def test_missing_venv_without_root_says_what_to_install(tmp_path: Path) -> None:
    log, environ = stand_ins(tmp_path, uid=1000, apt_fixes=True)
    result = venv_create(tmp_path / "du-an", environ)
    assert result.returncode == 1
    package = f"python{VERSION}-venv"
    assert result.stderr == f"Thiếu {package}: chạy 'sudo apt-get install {package}' rồi chạy lại.\n"
    assert result.stdout == ""
    assert not log.exists()  # apt-get was not tried
    assert not (tmp_path / "du-an/.venv").exists()


@needs_bash
def test_missing_venv_as_root_that_apt_cannot_fix_stops(tmp_path: Path) -> None:
    log, environ = stand_ins(tmp_path, uid=0, apt_fixes=False)
    result = venv_create(tmp_path / "du-an", environ)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"Thiếu python{VERSION}-venv và apt-get không cài được: cài gói này rồi chạy lại."
    assert log.read_text().splitlines()[0] == "update -qq"
    assert not (tmp_path / "du-an/.venv").exists()


@needs_bash
def test_missing_venv_as_root_is_installed_with_apt_then_venv_made(tmp_path: Path) -> None:
    log, environ = stand_ins(tmp_path, uid=0, apt_fixes=True)
    project = tmp_path / "du-an"
    result = venv_create(project, environ)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == ["update -qq", f"install -y -qq --no-install-recommends python{VERSION}-venv"]
    venv_python = project / ".venv/bin/python"
    probe = subprocess.run([str(venv_python), "-c", "import sys, pip; print(sys.prefix != sys.base_prefix)"], capture_output=True, text=True)
    assert probe.stdout.strip() == "True", probe.stderr
    # Again: the working .venv is kept as it is (a file left in it survives); neither apt-get nor venv runs.
    (project / ".venv/kept").write_text("")
    before = (project / ".venv/pyvenv.cfg").stat().st_mtime_ns
    again = venv_create(project, environ)
    assert again.returncode == 0 and again.stderr == ""
    assert len(log.read_text().splitlines()) == 2
    assert (project / ".venv/kept").exists() and (project / ".venv/pyvenv.cfg").stat().st_mtime_ns == before


@needs_bash
def test_missing_python_says_so(tmp_path: Path) -> None:
    _, environ = stand_ins(tmp_path, uid=1000, apt_fixes=False)
    environ["PYTHON"] = str(tmp_path / "khong-co-python3")
    result = venv_create(tmp_path / "du-an", environ)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Không tìm thấy {environ['PYTHON']}: cài Python ≥ 3.10")
    assert len(result.stderr.splitlines()) == 1


@needs_bash
def test_venv_is_activated_for_what_the_scripts_run(tmp_path: Path) -> None:
    """pytest's subprocesses find .venv's own `kehoach` and `mkdocs` by name (tests/test_cli.py does)."""
    project = tmp_path / "du-an"
    (project / ".venv/bin").mkdir(parents=True)
    kehoach = project / ".venv/bin/kehoach"
    kehoach.write_text("#!/bin/sh\n")
    kehoach.chmod(0o755)
    environ = {**os.environ, "PATH": f"/usr/bin{os.pathsep}/bin", "PYTHONHOME": "/khong-co"}
    script = f'source "{SCRIPTS / "_venv.sh"}"; kh_venv_activate; printf "%s\\n" "$VIRTUAL_ENV" "$(command -v kehoach)" "${{PYTHONHOME-unset}}"'
    result = subprocess.run([BASH, "-c", script], cwd=project, env=environ, capture_output=True, text=True)
    assert result.stdout.splitlines() == [str(project / ".venv"), str(kehoach), "unset"], result.stderr


# ---------------------------------------------------------------- scripts/_venv.py: the stamp


@pytest.fixture()
def stub_project(tmp_path: Path) -> dict:
    """A tiny project with scripts/_venv.py, and a real virtual environment whose pip only logs its arguments."""
    project = tmp_path / "du-an"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPTS / "_venv.py", project / "scripts/_venv.py")
    (project / "pyproject.toml").write_text('[project]\nname = "thu"\nversion = "1"\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")], check=True, timeout=120)
    python = project / (".venv/Scripts/python.exe" if os.name == "nt" else ".venv/bin/python")
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip())
    log = tmp_path / "pip.log"
    (purelib / "pip").mkdir()
    (purelib / "pip/__init__.py").write_text("")
    (purelib / "pip/__main__.py").write_text(
        "import json, os, sys\n"
        f"with open({str(log)!r}, 'a', encoding='utf-8') as f: f.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "sys.exit(int(os.environ.get('STUB_PIP_EXIT', '0')))\n"
    )
    return {"project": project, "python": python, "purelib": purelib, "log": log}


def sync(stub: dict, *extras: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "STUB_PIP_EXIT")} | env
    return subprocess.run([str(stub["python"]), "scripts/_venv.py", *extras], cwd=stub["project"], env=environ, capture_output=True, text=True, timeout=60)


def pip_calls(stub: dict) -> list[list[str]]:
    log: Path = stub["log"]
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_stamp_skips_pip_until_pyproject_or_extras_change(stub_project: dict) -> None:
    first = sync(stub_project, "test")
    assert first.returncode == 0, first.stderr
    assert pip_calls(stub_project) == [["install", "-q", "-e", ".[test]"]]
    stamp = stub_project["project"] / ".venv/kehoach-stamp.json"
    written = stamp.stat().st_mtime_ns
    # Nothing changed, or fewer extras asked for (serve after test): pip does not run, nothing is written.
    for extras in (["test"], []):
        again = sync(stub_project, *extras)
        assert again.returncode == 0 and again.stderr == ""
    assert len(pip_calls(stub_project)) == 1
    assert stamp.stat().st_mtime_ns == written
    # pyproject.toml changed: pip runs again, with what this command needs.
    pyproject = stub_project["project"] / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + 'dependencies = ["pyyaml"]\n', encoding="utf-8")
    assert sync(stub_project).returncode == 0
    assert pip_calls(stub_project)[-1] == ["install", "-q", "-e", "."]
    assert json.loads(stamp.read_text(encoding="utf-8"))["extras"] == []
    # An extra not installed yet: pip runs for it.
    assert sync(stub_project, "test").returncode == 0
    assert pip_calls(stub_project)[-1] == ["install", "-q", "-e", ".[test]"]
    assert len(pip_calls(stub_project)) == 3


def test_failed_install_leaves_no_stamp_and_is_retried(stub_project: dict) -> None:
    failed = sync(stub_project, "test", STUB_PIP_EXIT="3")
    assert failed.returncode == 3
    assert not (stub_project["project"] / ".venv/kehoach-stamp.json").exists()
    assert sync(stub_project, "test").returncode == 0
    assert len(pip_calls(stub_project)) == 2
    assert (stub_project["project"] / ".venv/kehoach-stamp.json").is_file()


def test_pth_sets_the_material_variable_in_the_venv_only(stub_project: dict) -> None:
    assert sync(stub_project).returncode == 0
    pth = stub_project["purelib"] / "kehoach-env.pth"
    assert pth.read_text(encoding="utf-8") == PTH_LINE
    environ = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    read = [str(stub_project["python"]), "-c", "import os; print(os.environ.get('NO_MKDOCS_2_WARNING'))"]
    assert subprocess.run(read, env=environ, capture_output=True, text=True).stdout.strip() == "1"
    environ["NO_MKDOCS_2_WARNING"] = "0"  # the caller's value wins
    assert subprocess.run(read, env=environ, capture_output=True, text=True).stdout.strip() == "0"


def test_helper_refuses_a_python_that_is_not_a_venv(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    spec = importlib.util.spec_from_file_location("kehoach_venv_helper", SCRIPTS / "_venv.py")
    helper = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helper)

    def must_not_run(*args, **kwargs):
        raise AssertionError("installed into a python that is not a virtual environment")

    monkeypatch.setattr(helper, "sync", must_not_run)
    monkeypatch.setattr(helper, "write_pth", must_not_run)
    monkeypatch.setattr(sys, "base_prefix", sys.prefix)
    assert helper.main(["test"]) == 1
    assert "không cài gì vào python của hệ thống" in capsys.readouterr().err
