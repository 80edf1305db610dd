"""The C fast path and the refusing composer read a record into the very same located values."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.records import yamlsource
from kehoach.records.yamlsource import ProblemList, parse_record_text

ROOT = Path(__file__).resolve().parents[1]
RECORD_FILES = sorted((ROOT / "records").rglob("*.yml")) + sorted((ROOT / "examples").rglob("*.yml"))


def read_with_refusing_composer(path: str, text: str):
    problems = ProblemList()
    root = yamlsource._compose(yamlsource._RecordLoader, path, text, problems)
    return yamlsource._Converter(path, problems).convert(root), list(problems)


@pytest.mark.parametrize("file", RECORD_FILES, ids=lambda f: str(f.relative_to(ROOT)))
def test_every_bundled_record_reads_alike_on_both_paths(file):
    text = file.read_text(encoding="utf-8")
    shown = str(file.relative_to(ROOT))
    assert yamlsource._compose_plain(text) is not None, "a plain record should take the C path"
    assert parse_record_text(shown, text) == read_with_refusing_composer(shown, text)


@pytest.mark.parametrize(
    "text",
    [
        "id: a\nten: R&D *mới* !quan trọng\n",  # indicator characters inside text: the refusing composer reads it
        "id: a\nten: [x, [y, {z: 1}]]\n",
        "id: a\nten: 2019-05-19\nso: 12\nco: yes\nrong:\n",
        "id: a\nid: b\n",  # a duplicate key is reported the same way
    ],
)
def test_same_values_and_problems_whichever_path(text):
    assert parse_record_text("x.yml", text) == read_with_refusing_composer("x.yml", text)


def test_too_deep_nesting_is_reported_by_the_refusing_composer():
    text = "a:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 45))
    value, problems = parse_record_text("x.yml", text)
    assert value is None
    assert [p.message for p in problems] == ["cấu trúc lồng nhau quá sâu"]


@pytest.mark.parametrize("file", RECORD_FILES[:40], ids=lambda f: str(f.relative_to(ROOT)))
def test_a_record_handed_to_another_process_comes_back_the_same(file):
    import marshal

    shown = str(file.relative_to(ROOT))
    value, _ = parse_record_text(shown, file.read_text(encoding="utf-8"))
    sent = marshal.dumps(yamlsource.plain_tree(value))
    assert yamlsource.from_plain_tree(shown, marshal.loads(sent)) == value
