"""The value parsers and id rules behind the messages, one written form at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.domain.problems import Location, Problem
from kehoach.records.schema import parse_date, slug_problem, suggest_slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19/5/2019", dt.date(2019, 5, 19)),
        ("19/05/2019", dt.date(2019, 5, 19)),
        (" 1/1/1930 ", dt.date(1930, 1, 1)),
        ("2019-05-19", dt.date(2019, 5, 19)),
        ("29/2/2020", dt.date(2020, 2, 29)),
        ("31/12/2100", dt.date(2100, 12, 31)),
    ],
)
def test_dates_people_write(text, expected):
    assert parse_date(text) == (expected, "")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2019", "ngày 31/2/2019 không có thật"),
        ("29/2/2019", "ngày 29/2/2019 không có thật"),
        ("0/1/2019", "ngày 0/1/2019 không có thật"),
        ("1/13/2019", "ngày 1/13/2019 không có thật"),
        ("2019-02-30", "ngày 30/2/2019 không có thật"),
        ("1/1/1929", "năm 1929 nằm ngoài khoảng 1930–2100"),
        ("1/1/2101", "năm 2101 nằm ngoài khoảng 1930–2100"),
        ("5/2019", "“5/2019” không phải một ngày"),
        ("19.5.2019", "“19.5.2019” không phải một ngày"),
        ("ngày 19 tháng 5 năm 2019", "“ngày 19 tháng 5 năm 2019” không phải một ngày"),
        ("19/5/19", "“19/5/19” không phải một ngày"),
        ("2019-05-19T10:00", "“2019-05-19T10:00” không phải một ngày"),
        ("١٩/٥/٢٠١٩", "“١٩/٥/٢٠١٩” không phải một ngày"),  # noqa: RUF001 - digits of another script, on purpose
    ],
)
def test_dates_refused_say_why(text, why):
    assert parse_date(text) == (None, why)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("ban-to-chuc-tinh-uy", ""),
        ("a", ""),
        ("b-ii-4", ""),
        ("con-1", ""),
        ("Ban-To-Chuc", "mã “Ban-To-Chuc” có chữ hoa; mã chỉ dùng chữ thường"),
        ("ban to chuc", "mã “ban to chuc” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("ban-tổ-chức", "mã “ban-tổ-chức” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("../etc", "mã “../etc” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("a/b", "mã “a/b” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("a.b", "mã “a.b” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("-a", "mã “-a” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("a--b", "mã “a--b” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("", "mã “” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),
        ("ａｂｃ", "mã “ａｂｃ” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"),  # noqa: RUF001 - full-width letters, on purpose
        ("con", "mã “con” là tên tệp Windows không cho phép"),
        ("nul", "mã “nul” là tên tệp Windows không cho phép"),
        ("com1", "mã “com1” là tên tệp Windows không cho phép"),
        ("lpt9", "mã “lpt9” là tên tệp Windows không cho phép"),
        ("index", "mã “index” trùng tên trang mục lục của thư mục"),
        ("a" * 81, f"mã “{'a' * 40}…” dài quá 80 ký tự"),
    ],
)
def test_id_rules(text, why):
    assert slug_problem(text) == why


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ban Tổ chức Tỉnh ủy", "ban-to-chuc-tinh-uy"),
        ("Đài PT-TH tỉnh", "dai-pt-th-tinh"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-1"),
        ("!!!", "ma-moi"),
    ],
)
def test_suggested_ids_are_valid(text, slug):
    assert suggest_slug(text) == slug
    assert slug_problem(slug) == ""


def test_a_problem_is_always_one_line():
    problem = Problem(Location("records/a\nb.yml", 2, 3), "giá trị “x\ny\u202e” sai", "sửa\tlại")
    assert str(problem) == "records/a[U+000A]b.yml:2:3: giá trị “x[U+000A]y[U+202E]” sai (sửa[U+0009]lại)"
    assert "\n" not in str(problem)


def test_quoted_record_text_is_cut():
    problem = Problem(Location("records/a.yml", 1, 1), f"giá trị “{'x' * 200}” sai")
    assert str(problem) == f"records/a.yml:1:1: giá trị “{'x' * 80}…” sai"
