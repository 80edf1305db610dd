"""Configuration values checked like records: the as-of date and the folders, wherever they are written
(mkdocs.yml's `extra` for the hook, `plugins.kehoach` for the plugin, environment variables).
A wrong value is one line naming where it was written; the build stops; never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.plugin.config import KehoachConfig
from kehoach.records.settings import check_as_of, resolve_settings

REPO = Path(__file__).resolve().parents[1]
ORG = "id: ban-a\nten: Ban A\nloai: ban-dang\ncap: tinh\n"
HINT = "(viết dạng YYYY-MM-DD, ví dụ 2019-06-01)"


# ---------------------------------------------------------------- resolve_settings


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (dt.datetime(2019, 6, 1, 10, 0), "“2019-06-01 10:00:00” có cả giờ"),  # YAML timestamp: datetime is a date
        ("2019-06-01 10:00", "“2019-06-01 10:00” có cả giờ"),
        ("2019-06-01T10:00:00", "có cả giờ"),
        ("2019-02-30", "ngày 30/2/2019 không có thật"),
        ("30/02/2019", "ngày 30/2/2019 không có thật"),
        ("hôm qua", "“hôm qua” không phải một ngày"),
        (20190601, "“20190601” không phải một ngày"),
        (["2019-06-01"], "một danh sách không phải một ngày"),
        ({"ngay": 1}, "không phải một ngày"),
        (True, "không phải một ngày"),
    ],
)
def test_bad_as_of_in_extra_is_a_problem_naming_the_option(raw: object, why: str) -> None:
    settings, problems = resolve_settings(Path("/tmp"), {"as_of": raw}, {})
    assert settings is None and len(problems) == 1
    line = str(problems[0])
    assert line.startswith("mkdocs.yml:1:1: extra.as_of: ngày tính trạng thái không hợp lệ: ")
    assert why in line and line.endswith(HINT) and "\n" not in line


def test_bad_as_of_in_the_plugin_options_names_the_plugin() -> None:
    _, problems = resolve_settings(Path("/tmp"), {"as_of": "2019-02-30"}, {}, origin="plugins.kehoach", config_file="site/mkdocs.yml")
    assert [str(p) for p in problems] == [
        f"site/mkdocs.yml:1:1: plugins.kehoach.as_of: ngày tính trạng thái không hợp lệ: ngày 30/2/2019 không có thật {HINT}"
    ]


@pytest.mark.parametrize("value", ["2019-06-01 10:00", "2019-02-30", "tomorrow"])
def test_bad_as_of_in_the_environment(value: str) -> None:
    settings, problems = resolve_settings(Path("/tmp"), {"as_of": dt.date(2019, 6, 1)}, {"KEHOACH_AS_OF": value})
    assert settings is None
    assert [p.location.path for p in problems] == ["biến môi trường KEHOACH_AS_OF"]


def test_good_as_of_values() -> None:
    for raw in (dt.date(2019, 6, 1), "2019-06-01", " 2019-06-01 ", "1/6/2019"):
        assert check_as_of(raw) == (dt.date(2019, 6, 1), "")
    settings, problems = resolve_settings(Path("/tmp"), {"as_of": dt.date(2019, 6, 1)}, {})
    assert problems == [] and settings is not None
    assert type(settings.as_of) is dt.date and settings.as_of_source == "extra.as_of trong mkdocs.yml"
    settings, _ = resolve_settings(Path("/tmp"), {"as_of": "2019-06-01"}, {"KEHOACH_AS_OF": "2020-01-02"})
    assert settings is not None and settings.as_of == dt.date(2020, 1, 2)


@pytest.mark.parametrize("name", ["records", "examples"])
@pytest.mark.parametrize(("raw", "why"), [(["a", "b"], "một danh sách"), (12, "“12”"), ({"a": 1}, "một bảng"), (True, "“true”"), ("  ", "để trống")])
def test_folder_options_of_the_wrong_kind(name: str, raw: object, why: str) -> None:
    settings, problems = resolve_settings(Path("/tmp"), {name: raw}, {})
    assert settings is None and len(problems) == 1
    line = str(problems[0])
    assert line.startswith(f"mkdocs.yml:1:1: extra.{name}: thư mục không hợp lệ: ") and why in line


def test_folder_options_resolve() -> None:
    settings, problems = resolve_settings(Path("/tmp/p"), {"records": "ban-ghi", "examples": "vi-du"}, {})
    assert problems == [] and settings is not None
    assert settings.records == Path("/tmp/p/ban-ghi").resolve() and settings.examples == Path("/tmp/p/vi-du").resolve()
    settings, _ = resolve_settings(Path("/tmp/p"), {"records": "ban-ghi"}, {"KEHOACH_RECORDS": "khac"})
    assert settings is not None and settings.records == Path("/tmp/p/khac").resolve()


# ---------------------------------------------------------------- the plugin's typed options


def _plugin_config(**options: object) -> tuple[KehoachConfig, list[str]]:
    config = KehoachConfig()
    config.load_dict(dict(options))
    errors, _ = config.validate()
    return config, [f"{name}: {error}" for name, error in errors]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"as_of": dt.datetime(2019, 6, 1, 10)}, "as_of: ngày tính trạng thái không hợp lệ: “2019-06-01 10:00:00” có cả giờ, chỉ cần ngày " + HINT),
        ({"as_of": "2019-02-30"}, "as_of: ngày tính trạng thái không hợp lệ: ngày 30/2/2019 không có thật " + HINT),
        ({"as_of": 5}, "as_of: ngày tính trạng thái không hợp lệ: “5” không phải một ngày " + HINT),
        ({"records": ["a"]}, "records: thư mục không hợp lệ: một danh sách không phải tên thư mục"),
        ({"examples": 3}, "examples: thư mục không hợp lệ: “3” không phải tên thư mục"),
    ],
)
def test_plugin_options_refused_in_vietnamese(options: dict, expected: str) -> None:
    _, errors = _plugin_config(**options)
    assert len(errors) == 1 and errors[0].startswith(expected)


def test_plugin_options_accepted() -> None:
    config, errors = _plugin_config(as_of="2019-06-01", records="ban-ghi")
    assert errors == [] and config.as_of == dt.date(2019, 6, 1) and config.records == "ban-ghi" and config.examples is None
    config, errors = _plugin_config(as_of=dt.date(2019, 6, 1))
    assert errors == [] and type(config.as_of) is dt.date and config.records == "records"


# ---------------------------------------------------------------- kehoach check and mkdocs build, as subprocesses


def _environ() -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    environ.update(PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    return environ


def _project(root: Path, kehoach_options: str, hooked: bool) -> Path:
    (root / "records/to-chuc").mkdir(parents=True)
    (root / "records/to-chuc/ban-a.yml").write_text(ORG, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Trang chủ\n", encoding="utf-8")
    if hooked:
        shutil.copytree(REPO / "hooks", root / "hooks")
        text = f"site_name: t\ntheme:\n  name: material\nhooks:\n  - hooks/kehoach_hooks.py\nextra:\n{kehoach_options}"
    else:
        text = f"site_name: t\ntheme:\n  name: material\nplugins:\n  - kehoach:\n{kehoach_options.replace(chr(10) + '  ', chr(10) + '      ')}"
        text = text.replace("kehoach:\n  ", "kehoach:\n      ")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


CASES = [
    ("  as_of: 2019-06-01 10:00:00\n", "as_of: ngày tính trạng thái không hợp lệ: “2019-06-01 10:00:00” có cả giờ"),
    ("  as_of: 2019-06-01 10:00\n", "as_of: ngày tính trạng thái không hợp lệ: “2019-06-01 10:00” có cả giờ"),
    ("  as_of: '2019-02-30'\n", "as_of: ngày tính trạng thái không hợp lệ: ngày 30/2/2019 không có thật"),
    ("  records: [a, b]\n", "records: thư mục không hợp lệ: một danh sách"),
    ("  examples: 7\n", "examples: thư mục không hợp lệ: “7”"),
]


def _where(project: Path, option: str) -> str:
    """line:column of an option's key in the project's mkdocs.yml."""
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    number, line = next((n, line) for n, line in enumerate(lines, 1) if line.lstrip().startswith(f"{option}:"))
    return f"{number}:{len(line) - len(line.lstrip()) + 1}"


@pytest.mark.parametrize("hooked", [True, False], ids=["extra", "plugin"])
@pytest.mark.parametrize(("options", "message"), CASES)
def test_check_and_build_stop_with_one_line(tmp_path: Path, options: str, message: str, hooked: bool) -> None:
    project = _project(tmp_path, options, hooked)
    origin = "extra" if hooked else "plugins.kehoach"
    check = subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "check"], cwd=project, env=_environ(), capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert f"mkdocs.yml:{_where(project, message.split(':')[0])}: {origin}.{message}" in check.stdout  # at the option's own line
    assert "Traceback" not in check.stdout + check.stderr and "lỗi nội bộ" not in check.stderr

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=_environ(), capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert build.returncode != 0
    assert "Traceback" not in build.stdout + build.stderr
    option, why = message.split(": ", 1)
    assert why in build.stderr and (f"{origin}.{option}" in build.stderr if hooked else f"option '{option}'" in build.stderr)
    assert not (project / "site").exists()


def test_check_as_of_in_the_environment_with_a_time(tmp_path: Path) -> None:
    project = _project(tmp_path, "  generator: false\n", hooked=True)
    environ = {**_environ(), "KEHOACH_AS_OF": "2019-06-01 10:00"}
    check = subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "check"], cwd=project, env=environ, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert check.returncode == 1
    assert "biến môi trường KEHOACH_AS_OF:1:1: ngày tính trạng thái không hợp lệ: “2019-06-01 10:00” có cả giờ" in check.stdout


def test_bundle_stops_on_a_date_mkdocs_cannot_read(tmp_path: Path) -> None:
    # Unquoted, 2019-02-30 makes PyYAML (and so MkDocs' config loader) fail; kehoach bundle reads its options first.
    project = _project(tmp_path, "  as_of: 2019-02-30\n", hooked=True)
    result = subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "bundle", "-o", str(tmp_path / "site.zip")],
        cwd=project, env=_environ(), capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 1
    assert f"mkdocs.yml:{_where(project, 'as_of')}: extra.as_of: ngày tính trạng thái không hợp lệ: ngày 30/2/2019 không có thật" in result.stdout
    assert "lỗi nội bộ" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site.zip").exists()
