"""One text policy for every string scalar of every record (issue 16, class 5: characters).

Refused wherever they come from — the file's own text or an escape in double quotes — and named
by code point, never printed: surrogates (a lone one crashed the build), noncharacters (invalid
in the Atom feed's XML) and control characters other than tab and line feed. Private-use
characters are accepted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from kehoach.records.yamlsource import INVALID, YMap, YScalar, parse_record_text


def _parse(text: str):
    value, problems = parse_record_text("records/x.yml", text)
    return value, [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("escape", "code", "what"),
    [
        ("\\ud800", "U+D800", "nửa cặp thay thế (surrogate)"),
        ("\\udfff", "U+DFFF", "nửa cặp thay thế (surrogate)"),
        ("\\uFFFE", "U+FFFE", "mã không phải ký tự (noncharacter)"),
        ("\\uffff", "U+FFFF", "mã không phải ký tự (noncharacter)"),
        ("\\uFDD0", "U+FDD0", "mã không phải ký tự (noncharacter)"),
        ("\\ufdef", "U+FDEF", "mã không phải ký tự (noncharacter)"),
        ("\\U0001FFFE", "U+1FFFE", "mã không phải ký tự (noncharacter)"),
        ("\\U0010FFFF", "U+10FFFF", "mã không phải ký tự (noncharacter)"),
        ("\\x00", "U+0000", "ký tự điều khiển"),
        ("\\0", "U+0000", "ký tự điều khiển"),
        ("\\a", "U+0007", "ký tự điều khiển"),
        ("\\e", "U+001B", "ký tự điều khiển"),
        ("\\r", "U+000D", "ký tự điều khiển"),
        ("\\x7f", "U+007F", "ký tự điều khiển"),
        ("\\N", "U+0085", "ký tự điều khiển"),
        ("\\x9f", "U+009F", "ký tự điều khiển"),
    ],
)
def test_escaped_character_is_refused_by_code_point(escape, code, what):
    value, problems = _parse(f'id: a\nten: "Ban {escape} Mới"\n')
    assert len(problems) == 1
    assert problems[0].startswith(f"records/x.yml:2:6: giá trị có {what} {code}, không được phép trong bản ghi (")
    problems[0].encode("utf-8")  # printable: the character itself is never in the message
    assert type(value) is YMap
    ten = value.get("ten")
    assert type(ten) is YScalar and ten.kind == INVALID and ten.text == ""


def test_first_refused_character_of_a_value_is_named():
    _, problems = _parse('ten: "a\\ud800\\uFFFE"\n')
    assert len(problems) == 1 and "U+D800" in problems[0] and "“\\ud800”" in problems[0]


def test_escaped_surrogate_pair_is_refused():
    """YAML's escapes are code points, not UTF-16 (libyaml refuses the pair outright): "\\U0001F600" it is."""
    _, problems = _parse('ten: "\\ud83d\\ude00"\n')
    assert len(problems) == 1 and "U+D83D" in problems[0]


def test_escaped_key_is_refused_and_dropped():
    value, problems = _parse('id: a\n"ten\\ud800": x\n')
    assert problems == [
        "records/x.yml:2:1: tên trường có nửa cặp thay thế (surrogate) U+D800, không được phép trong bản ghi "
        "(xóa mã thoát tạo ra nó trong dấu nháy kép (“\\ud800” hoặc tương đương); muốn viết dấu “\\” thì viết “\\\\”)"
    ]
    assert type(value) is YMap and list(value.entries) == ["id"]


@pytest.mark.parametrize("character", ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"])
def test_noncharacter_written_in_the_file_is_refused(character):
    _, problems = _parse(f"id: a\nten: Ban {character}\n")
    code = f"U+{ord(character):04X}"
    assert problems == [
        f"records/x.yml:2:10: tệp có mã không phải ký tự (noncharacter) {code}, không được phép trong bản ghi "
        "(xóa ký tự này; nó thường lọt vào khi dán từ phần mềm khác)"
    ]


@pytest.mark.parametrize(
    "written",
    [
        '"Ban\\tMới"',  # tab and line feed: the policy leaves them to each field (a paragraph allows them)
        '"Ban\\nMới"',
        '"Ban \\ue000 Mới"',  # private use: accepted
        '"Ban \\U000F0000"',
        '"Ban \\U0001F600"',
        '"Ban M\\u1edbi"',
        "'Ban \\ud800'",  # single quotes and plain text have no escapes: a backslash is a backslash
        "Ban \\x00",
    ],
)
def test_accepted(written):
    value, problems = _parse(f"ten: {written}\n")
    assert problems == []
    assert type(value) is YMap and value.get("ten").kind == "str"  # type: ignore[union-attr]


def test_escaped_text_is_still_nfc():
    value, _ = _parse('ten: "Ban Mo\\u0302\\u0301i"\n')
    assert type(value) is YMap and value.get("ten").text == "Ban Mối"  # type: ignore[union-attr]


def test_atom_feed_with_a_hostile_organization_name_is_xml(tmp_path: Path):
    """Everything the policy lets through is valid in XML: a name full of XML's own syntax,
    invisible, private-use and astral characters still gives a feed xml.etree reads."""
    project = copy_project(tmp_path / "project")
    hostile = "Báo <Hưng> & \\\"Yên\\\" ]]> <!-- --> \\u200b\\u200d\\u2060\\ufeff\\u00ad \\ue000 \\U0001F600 \\U000F0000 \\u13aa \\u043e"
    organization = project / "records" / "to-chuc" / "bao-hung-yen.yml"
    organization.write_text(f'id: bao-hung-yen\nten: "{hostile}"\nloai: co-quan-bao-chi\ncap: tinh\n', encoding="utf-8")
    site = build_site(tmp_path / "site", project, as_of="2019-12-31", examples="examples").dir
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "du-lieu" / "cap-nhat.xml").getroot()
    names = {entry.findtext(f"{atom}author/{atom}name") for entry in feed.findall(f"{atom}entry")}
    assert "Báo <Hưng> & \"Yên\" ]]> <!-- --> \u200b\u200d\u2060\ufeff\u00ad \ue000 \U0001f600 \U000f0000 \u13aa \u043e" in names
