"""`kehoach check` as pre-commit and CI run it: a subprocess on records in tmp_path."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

ORG = "id: {id}\nten: {name}\nloai: ban-dang\ncap: tinh\n"
LOCATION_LINE = re.compile(r"^(?P<path>[^:\n]+\.ya?ml):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_RECORDS", "KEHOACH_AS_OF")}
    environ.update(env or {})
    environ["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "kehoach.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    write(tmp_path, "records/to-chuc/ban-a.yml", ORG.format(id="ban-a", name="Ban A"))
    write(tmp_path, "records/to-chuc/ban-b.yml", ORG.format(id="ban-b", name="Ban B") + "truc_thuoc: ban-a\n")
    return tmp_path


@pytest.fixture
def broken(clean: Path) -> Path:
    # line 5: duplicate key; line 6: misspelt field; ban-b refers to a missing parent.
    write(clean, "records/to-chuc/ban-a.yml", ORG.format(id="ban-a", name="Ban A") + "ten: Ban A lặp\nloaii: ban-dang\n")
    write(clean, "records/to-chuc/ban-b.yml", ORG.format(id="ban-b", name="Ban B") + "truc_thuoc: ban-khong-co\n")
    return clean


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_clean_records_exit_0(clean: Path) -> None:
    result = run("check", cwd=clean)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "kehoach check: không có lỗi trong 2 tệp bản ghi."


def test_errors_exit_1_with_file_line_col(broken: Path) -> None:
    result = run("check", cwd=broken)
    assert_no_traceback(result)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    problems = [LOCATION_LINE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    found = {(m["path"], int(m["line"]), int(m["col"])): m["message"] for m in problems}
    assert "lặp lại" in found[("records/to-chuc/ban-a.yml", 5, 1)]
    assert "có phải ý bạn là “loai”" in found[("records/to-chuc/ban-a.yml", 6, 1)]
    assert "ban-khong-co" in found[("records/to-chuc/ban-b.yml", 5, 13)]
    assert lines[-1].startswith("kehoach check: 3 lỗi trong 2 tệp bản ghi")


def test_explicit_folder_and_environment_variable(broken: Path, clean: Path, tmp_path: Path) -> None:
    other = tmp_path / "khac"
    write(other, "to-chuc/ban-c.yml", ORG.format(id="ban-c", name="Ban C"))
    assert run("check", "khac", cwd=tmp_path).returncode == 0
    assert run("check", cwd=tmp_path, env={"KEHOACH_RECORDS": "khac"}).returncode == 0
    assert run("check", "records", "khac", cwd=tmp_path).returncode == 1  # each folder on its own
    # Problems name files relative to where the command runs, as editors and CI expect.
    nested = run("check", str(tmp_path / "records"), cwd=tmp_path)
    assert "records/to-chuc/ban-a.yml:5:1:" in nested.stdout


def test_examples_folder_is_checked_with_the_records(clean: Path) -> None:
    # Like the site build: illustrative records are loaded together with the real ones.
    write(clean, "vi-du/to-chuc/ban-c.yml", ORG.format(id="ban-c", name="Ban C") + "truc_thuoc: ban-a\n")
    together = run("check", cwd=clean, env={"KEHOACH_EXAMPLES": "vi-du"})
    assert together.returncode == 0, together.stdout + together.stderr
    assert "3 tệp bản ghi" in together.stdout
    alone = run("check", "vi-du", cwd=clean)
    assert alone.returncode == 1 and "vi-du/to-chuc/ban-c.yml:5:13:" in alone.stdout
    missing = run("check", cwd=clean, env={"KEHOACH_EXAMPLES": "khong-co"})
    assert missing.returncode == 2 and "khong-co" in missing.stderr


def test_bad_as_of_date_fails_like_the_build(clean: Path) -> None:
    result = run("check", cwd=clean, env={"KEHOACH_AS_OF": "31/02/2019"})
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "KEHOACH_AS_OF" in result.stdout
    # The error is in the setting, before any record is read: no “1 lỗi trong 0 tệp bản ghi”.
    assert "kehoach check: 1 lỗi — cần sửa trước khi xuất bản." in result.stdout


def test_records_folder_from_mkdocs_extra(tmp_path: Path) -> None:
    write(tmp_path, "ban-ghi/to-chuc/ban-a.yml", ORG.format(id="ban-a", name="Ban A"))
    write(tmp_path, "mkdocs.yml", "site_name: x\nextra:\n  records: ban-ghi\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_warnings_pass_unless_strict(clean: Path) -> None:
    write(clean, "records/ghi-chu.txt", "không phải bản ghi\n")
    relaxed = run("check", cwd=clean)
    assert relaxed.returncode == 0
    assert "records/ghi-chu.txt:1:1: cảnh báo:" in relaxed.stdout
    strict = run("check", "--strict", cwd=clean)
    assert strict.returncode == 1
    assert "--strict" in strict.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("check", "khong-co"), "không tìm thấy thư mục bản ghi"),
        (("check", "--format", "xml"), "giá trị không hợp lệ"),
        (("check", "--khong-co"), "không hiểu đối số"),
        (("lenh-la",), "giá trị không hợp lệ"),
    ],
)
def test_usage_errors_exit_2(clean: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, cwd=clean)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert message in result.stderr
    assert "cách dùng: kehoach" in result.stderr or "không tìm thấy" in result.stderr


def test_default_records_folder_missing_exit_2(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "không tìm thấy thư mục bản ghi" in result.stderr


def test_file_instead_of_folder_exit_2(clean: Path) -> None:
    result = run("check", "records/to-chuc/ban-a.yml", cwd=clean)
    assert result.returncode == 2
    assert "không phải thư mục" in result.stderr


def test_broken_bytes_and_yaml_never_traceback(clean: Path) -> None:
    (clean / "records/to-chuc/nhi-phan.yml").write_bytes(b"id: x\nten: \xff\xfe\n")
    write(clean, "records/to-chuc/cu-phap.yml", "id: a\nten: [chưa đóng\n")
    write(clean, "records/to-chuc/tab.yml", "id: a\n\tten: x\n")
    write(clean, "records/ke-hoach/rong.yml", "")
    result = run("check", cwd=clean)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "records/to-chuc/nhi-phan.yml:2:6: tệp không phải UTF-8" in result.stdout
    assert "records/ke-hoach/rong.yml:1:1: tệp rỗng" in result.stdout


def test_github_annotations(broken: Path) -> None:
    write(broken, "records/ghi-chu.txt", "x\n")
    result = run("check", "--format", "github", cwd=broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 4
    pattern = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=[^:]+::(.+)$")
    parsed = [pattern.match(line) for line in annotations]
    assert all(parsed), annotations
    assert ("error", "records/to-chuc/ban-a.yml", "5", "1") in {m.groups()[:4] for m in parsed}
    assert ("warning", "records/ghi-chu.txt", "1", "1") in {m.groups()[:4] for m in parsed}
    assert lines[-1].startswith("kehoach check: 3 lỗi, 1 cảnh báo")


def test_github_escaping() -> None:
    from kehoach.cli import _github_escape

    assert _github_escape("50% xong\ndòng 2") == "50%25 xong%0Adòng 2"
    assert _github_escape("a:b,c", property_value=True) == "a%3Ab%2Cc"


def test_gitlab_code_quality_report(broken: Path) -> None:
    result = run("check", "--format", "gitlab", cwd=broken)
    assert result.returncode == 1
    report = json.loads(result.stdout)  # stdout holds only the JSON report
    assert len(report) == 3
    for issue in report:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] == "major"
        assert issue["location"]["path"].startswith("records/to-chuc/")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in report}) == 3
    first = next(i for i in report if i["location"]["lines"]["begin"] == 5 and i["location"]["path"].endswith("ban-a.yml"))
    assert "lặp lại" in first["description"]
    # The readable list still reaches the job log.
    assert "records/to-chuc/ban-a.yml:5:1:" in result.stderr


def test_gitlab_report_to_file_and_empty_when_clean(clean: Path) -> None:
    result = run("check", "--format", "gitlab", "--output", "bao-cao/gl-code-quality.json", cwd=clean)
    assert result.returncode == 0
    assert result.stdout == ""
    assert json.loads((clean / "bao-cao/gl-code-quality.json").read_text(encoding="utf-8")) == []
    assert "không có lỗi" in result.stderr


def test_fingerprints_stable_when_lines_move(broken: Path) -> None:
    before = {i["fingerprint"] for i in json.loads(run("check", "--format", "gitlab", cwd=broken).stdout)}
    path = broken / "records/to-chuc/ban-a.yml"
    path.write_text("# chú thích mới\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = {i["fingerprint"] for i in json.loads(run("check", "--format", "gitlab", cwd=broken).stdout)}
    assert before == after


def test_repository_records_are_clean() -> None:
    result = run("check", cwd=REPO)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_is_vietnamese(tmp_path: Path) -> None:
    result = run("check", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "cách dùng: kehoach check" in result.stdout
    assert "--format" in result.stdout and "--strict" in result.stdout


def test_installed_console_script(clean: Path) -> None:
    script = shutil.which("kehoach")
    if script is None:
        pytest.skip("lệnh kehoach chưa được cài (pip install -e .)")
    result = subprocess.run([script, "check"], cwd=clean, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "kehoach-check")
    assert hook["entry"] == "kehoach check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "records/to-chuc/ban-a.yml")
    assert not re.search(hook["files"], "docs/index.md")


# ---------------------------------------------------------------- exit codes through pipes and closed streams


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """`kehoach` run by bash, so pipes and redirections are real; KEHOACH_STATUS=<kehoach's own status>."""
    environ = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_RECORDS", "KEHOACH_AS_OF")}
    environ["PYTHONIOENCODING"] = "utf-8"
    environ["KEHOACH"] = f"{sys.executable} -m kehoach.cli"
    script = f"set -o pipefail\n{command}\necho \"KEHOACH_STATUS=${{PIPESTATUS[0]}}\" >&3\n"
    return subprocess.run(
        ["bash", "-c", f"exec 3>&1; {script}"], cwd=cwd, env=environ, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def status(result: subprocess.CompletedProcess) -> int:
    match = re.search(r"KEHOACH_STATUS=(\d+)", result.stdout)
    assert match, result.stdout + result.stderr
    return int(match.group(1))


@pytest.mark.parametrize(("fixture", "expected"), [("clean", 0), ("broken", 1)])
@pytest.mark.parametrize("args", ["check", "check --format github", "check --format gitlab"])
def test_closed_pipe_keeps_the_exit_code(fixture: str, expected: int, args: str, request: pytest.FixtureRequest) -> None:
    project = request.getfixturevalue(fixture)
    result = shell(f"$KEHOACH {args} | head -c0", project)
    assert status(result) == expected
    assert "Traceback" not in result.stderr and "lỗi nội bộ" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_closed_pipe_after_the_first_line(broken: Path) -> None:
    # Many problems, the reader leaves after one line: still "problems found".
    for number in range(300):
        write(broken, f"records/to-chuc/sai-{number}.yml", "id: [\n")
    result = shell("$KEHOACH check | head -n1 >/dev/null", broken)
    assert status(result) == 1
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.parametrize(("fixture", "expected"), [("clean", 0), ("broken", 1)])
def test_closed_standard_output_keeps_the_exit_code(fixture: str, expected: int, request: pytest.FixtureRequest) -> None:
    project = request.getfixturevalue(fixture)
    result = shell("$KEHOACH check >&-", project)
    assert status(result) == expected
    assert result.stderr == ""


@pytest.mark.parametrize("fixture", ["clean", "broken"])
@pytest.mark.parametrize("args", ["check", "check --format gitlab", "--help", "schema --check"])
def test_full_disk_on_standard_output_is_exit_code_2(fixture: str, args: str, request: pytest.FixtureRequest) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    project = request.getfixturevalue(fixture)
    result = shell(f"$KEHOACH {args} >/dev/full", project)
    assert status(result) == 2
    lines = result.stderr.splitlines()
    assert [line for line in lines if "đầu ra chuẩn" in line] == ["kehoach: lỗi: không ghi được kết quả ra đầu ra chuẩn: hết chỗ trên đĩa"]
    assert "Traceback" not in result.stderr and "lỗi nội bộ" not in result.stderr and "Exception ignored" not in result.stderr


def test_usage_error_with_closed_streams_stays_2(clean: Path) -> None:
    result = shell("$KEHOACH check khong-co >&- 2>&-", clean)
    assert status(result) == 2
    result = shell("$KEHOACH check khong-co 2>&1 >&- | cat", clean)
    assert status(result) == 2 and "khong-co" in result.stdout


def test_main_with_a_full_stream_object() -> None:
    # In-process: the same rules for the streams a caller passes.
    import io

    from kehoach.cli import main

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    assert main(["check", str(REPO / "records")], stdout=Full(), stderr=err) == 2
    assert "hết chỗ trên đĩa" in err.getvalue()
    err = io.StringIO()
    assert main(["check", str(REPO / "tests/bad_records/date-not-a-date/records")], stdout=Gone(), stderr=err) == 1
    assert err.getvalue() == ""
