"""Numbers and dates are bounded (issue 16, class 8).

Figure values are finite and at most 10^12 in size; a figure counted in people (or other whole
things) is a non-negative integer; a figure in % lies in 0–100. A completion date before the plan or
its directive is an error; a new deadline decades away is a warning. Charts never draw NaN,
infinite or negative bars, whatever they are given.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
from pathlib import Path

import pytest

from kehoach.content import charts
from kehoach.domain.problems import Severity
from kehoach.records.loader import _figure_value_problem, load_records

BASE = Path(__file__).parent / "bad_records" / "_base"
TODAY = dt.date(2020, 1, 1)

FIGURE = "id: {id}\nten: Chỉ tiêu\ndon_vi: \"{unit}\"\ny_nghia: Để thử.\n"
UPDATE = "ke_hoach: kh\nnhiem_vu: [xay-dung]\nto_chuc: ban-to-chuc\nngay: 20/5/2019\n{extra}"


def _load(tmp_path: Path, update: str, figures: dict[str, str] | None = None):
    records = tmp_path / "records"
    shutil.copytree(BASE, records)
    (records / "chi-tieu").mkdir()
    for figure_id, unit in (figures or {}).items():
        (records / "chi-tieu" / f"{figure_id}.yml").write_text(FIGURE.format(id=figure_id, unit=unit), encoding="utf-8")
    (records / "cap-nhat").mkdir()
    (records / "cap-nhat" / "2019-05-20-a.yml").write_text(update, encoding="utf-8")
    return load_records(records, "records", today=TODAY)


def _value(tmp_path: Path, value: str, unit: str = "người"):
    extra = f"trang_thai: dang-thuc-hien\nso_lieu:\n  - chi_tieu: ct\n    gia_tri: {value}\n    ky: \"2019\"\n"
    return _load(tmp_path, UPDATE.format(extra=extra), {"ct": unit})


@pytest.mark.parametrize("value", [".inf", "-.inf", ".Inf", ".nan", ".NaN", "1e400", "1.0e+400", "-1.0e+400", "1000000000001", "-2e+13", "1.5e+12"])
def test_unbounded_values_are_refused(tmp_path, value):
    problems = _value(tmp_path, value, unit="tỷ đồng").problems
    assert len(problems) == 1 and problems[0].is_error
    assert re.fullmatch(r"records/cap-nhat/2019-05-20-a\.yml:8:14: trường “gia_tri”: .*", str(problems[0]))


@pytest.mark.parametrize("value", ["0", "120", "1000000000000", "-1000000000000", "3.25", "-7.5"])
def test_bounded_values_of_other_units_are_accepted(tmp_path, value):
    result = _value(tmp_path, value, unit="tỷ đồng")
    assert result.problems == []
    assert math.isfinite(result.registry.updates[0].figures[0].value)


@pytest.mark.parametrize("unit", ["người", "Người", "đảng viên", "chi bộ", "lượt"])
@pytest.mark.parametrize("value", ["-1", "-0.5", "2.5", "0.1"])
def test_counts_are_whole_and_not_negative(tmp_path, unit, value):
    problems = _value(tmp_path, value, unit=unit).problems
    assert [p.location.line for p in problems] == [8]
    assert "số đếm" in problems[0].message


@pytest.mark.parametrize("value", ["0", "12", "1000000"])
def test_whole_counts_are_accepted(tmp_path, value):
    assert _value(tmp_path, value).problems == []


@pytest.mark.parametrize("value, ok", [("0", True), ("100", True), ("42.5", True), ("100.5", False), ("-1", False), ("120", False)])
def test_percent_figures_lie_between_0_and_100(tmp_path, value, ok):
    problems = _value(tmp_path, value, unit="%").problems
    assert (problems == []) is ok


def test_unit_classes():
    assert _figure_value_problem(3, "người") == ""
    assert _figure_value_problem(-3, "người")
    assert _figure_value_problem(3.5, "Người")
    assert _figure_value_problem(101, "phần trăm")
    assert _figure_value_problem(-3.5, "tỷ đồng") == ""


def test_report_percent_is_bounded(tmp_path):
    result = _load(tmp_path, UPDATE.format(extra="trang_thai: dang-thuc-hien\nty_le: .inf\n"))
    assert [p.location.line for p in result.problems] == [6]


@pytest.mark.parametrize("completed, ok", [("18/5/1949", False), ("20/1/2019", False), ("21/1/2019", True), ("18/5/2019", True)])
def test_completion_date_not_before_the_directive(tmp_path, completed, ok):
    result = _load(tmp_path, UPDATE.format(extra=f"trang_thai: da-hoan-thanh\nngay_hoan_thanh: {completed}\n"))
    if ok:
        assert result.problems == []
    else:
        assert [(p.location.line, p.is_error) for p in result.problems] == [(6, True)]
        assert "trước ngày ban hành chỉ thị" in result.problems[0].message


def test_new_deadline_far_in_the_future_is_a_warning(tmp_path):
    extra = "trang_thai: dieu-chinh\nly_do: Theo chỉ đạo\nhan_moi: 30/6/2091\n"
    result = _load(tmp_path, UPDATE.format(extra=extra))
    assert [(p.location.line, p.severity) for p in result.problems] == [(7, Severity.WARNING)]
    near = _load(tmp_path / "near", UPDATE.format(extra=extra.replace("2091", "2030")))
    assert near.problems == []


BAD = [float("nan"), float("inf"), float("-inf"), -5.0, -1e300, 1e308]


def _numbers(svg: str, attribute: str) -> list[float]:
    return [float(v) for v in re.findall(rf'\b{attribute}="([^"%]*)"', svg)]


@pytest.mark.parametrize("bad", BAD)
def test_columns_never_draw_bad_heights(bad):
    svg = str(charts.columns([("2019", bad), ("2020", 3.0), ("2021", bad)], "t", "người"))
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    heights = _numbers(svg, "height")
    assert heights and all(math.isfinite(h) and 0 <= h <= 220 for h in heights)
    assert all(math.isfinite(y) for y in _numbers(svg, "y"))


@pytest.mark.parametrize("bad", BAD)
def test_bars_never_draw_bad_widths(bad):
    svg = str(charts.horizontal_bars([("a", bad, "x"), ("b", 2.0, "x")], "t"))
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    widths = _numbers(svg, "width")
    assert widths and all(math.isfinite(w) and 0 <= w <= 640 for w in widths)


def test_all_bad_values_still_draw():
    svg = str(charts.columns([("a", float("nan")), ("b", -1.0)], "t", "%"))
    assert all(h == 0 for h in _numbers(svg, "height")[:2])
