"""Property: no mutation of valid records ever produces a traceback.

Hypothesis takes the real records (and the illustrative updates in examples/), breaks one to three
files the way hand edits do — a deleted key, a value of another type, garbage characters, a
duplicated or deleted line, a truncated file, shifted indentation, a tab, wrong bytes, an id
swapped for another — and loads the result. Either the records load with no error, and then every
page of the site is built without an exception, or every problem is `file:line:col: message`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import posixpath
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kehoach.content.pages import SiteOptions, build_site_pages
from kehoach.records.loader import load_records
from kehoach.records.schema import RESERVED_IDS, WINDOWS_RESERVED, slug_problem

ROOT = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"^[^:\n]+:\d+:\d+: .+$")
AS_OF = dt.date(2019, 6, 1)
TODAY = dt.date(2030, 1, 1)  # after every example update


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


RECORDS = _tree(ROOT / "records")
EXAMPLES = _tree(ROOT / "examples") if (ROOT / "examples").is_dir() else {}
FILES = [("records", name) for name in RECORDS if name.endswith(".yml")] + [("examples", name) for name in EXAMPLES if name.endswith(".yml")]
IDS = sorted({m.group(1).decode() for data in RECORDS.values() for m in re.finditer(rb"^\s*-?\s*id: ([a-z0-9-]+)\s*$", data, re.M)})

# Text people paste, mistype or that YAML reads specially.
GARBAGE = st.sampled_from(
    [
        ":", ": ", " #", "#", "-", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!python/object/apply:os.system ", "|", ">",
        "'", '"', "%", "@", "`", "\t", "\n", "\r\n", "\\", "---\n", "...\n", "\ufeff", "\u202e", "\u200b", "\x00", "\x07",
        "\u0301", "\u0323", "ổ", "Đ", "2019-02-31", "31/02/2019", "0x7E3", "1e400", ".nan", "~", "null", "yes", "no", "<<: ",
        "<script>alert(1)</script>", "{{ 7*7 }}", "../", "CON", "\U0001f600",
    ]
)
SCALARS = st.sampled_from(
    [
        "", "~", "null", "[]", "{}", "[a, b]", "{a: 1}", "0", "-1", "2019", "99999", "1.5", ".inf", "true", "no", "2019-02-31",
        "31/02/2019", "19/5/1800", "13/2019", "V/2019", "'x'", '"y"', "ban-khong-co", "Ban-To-Chuc", "con", "index", "../x",
        "muc-1", "&a x", "*a", "!!int 5", "|\n  đoạn\n", ">-\n  gấp\n", "- a\n- b", "\"\\u202e\"", "ổ\u0301",
    ]
)


# The tests' own YAML reading and writing (not the loader's): libyaml when present, for speed.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def text_mutation(draw, data: bytes) -> bytes:
    """One hand-edit-like change to a file's bytes."""
    text = data.decode("utf-8", "surrogateescape")  # an earlier mutation may have left bad bytes
    lines = _lines(text)
    kind = draw(
        st.sampled_from(
            ["delete-line", "duplicate-line", "swap-lines", "truncate", "insert", "indent", "dedent", "tab", "value", "delete-key", "bytes", "nfd", "crlf", "id"]
        )
    )
    line = draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == "delete-line":
        del lines[line]
    elif kind == "duplicate-line":
        lines.insert(line, lines[line])
    elif kind == "swap-lines":
        other = draw(st.integers(0, max(0, len(lines) - 1)))
        lines[line], lines[other] = lines[other], lines[line]
    elif kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    elif kind == "insert":
        position = draw(st.integers(0, len(text)))
        return (text[:position] + draw(GARBAGE) + text[position:]).encode("utf-8", "surrogateescape")
    elif kind == "indent":
        lines[line] = " " * draw(st.integers(1, 4)) + lines[line]
    elif kind == "dedent":
        lines[line] = lines[line].lstrip(" ")
    elif kind == "tab":
        lines[line] = "\t" + lines[line].lstrip(" ")
    elif kind == "value":
        match = re.match(r"^(\s*(?:- )?[a-z_]+:)(.*)$", lines[line])
        if match:
            lines[line] = match.group(1) + " " + draw(SCALARS)
    elif kind == "delete-key":
        match = re.match(r"^(\s*)(?:- )?[a-z_]+:", lines[line])
        if match:
            indent = len(match.group(1))
            end = line + 1
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > indent):
                end += 1
            del lines[line:end]
    elif kind == "bytes":
        position = draw(st.integers(0, len(data)))
        return data[:position] + draw(st.binary(min_size=1, max_size=3)) + data[position:]
    elif kind == "nfd":
        return unicodedata.normalize("NFD", text).encode("utf-8", "surrogateescape")
    elif kind == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogateescape")
    elif kind == "id" and IDS:
        found = [m for m in re.finditer(r"[a-z0-9]+(?:-[a-z0-9]+)+", text)]
        if found:
            match = draw(st.sampled_from(found))
            return (text[: match.start()] + draw(st.sampled_from(IDS)) + text[match.end() :]).encode("utf-8", "surrogateescape")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


@st.composite
def tree_mutation(draw, data: bytes) -> bytes:
    """One change to the parsed record: a key deleted, a value of another type, a list emptied."""
    record = yaml.load(data.decode("utf-8"), Loader=_Loader)
    places = [(path, node) for path, node in _walk(record) if path]
    if not places:
        return data
    path, node = draw(st.sampled_from(places))
    parent = record
    for step in path[:-1]:
        parent = parent[step]
    replacement = draw(
        st.sampled_from(["delete", "none", "int", "text", "list", "dict", "empty-list", "bool", "nested", "float", "date"])
    )
    if replacement == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = {
            "none": None,
            "int": draw(st.integers(-10, 10**6)),
            "text": draw(st.text(min_size=0, max_size=12)),
            "list": [node],
            "dict": {"x": node},
            "empty-list": [],
            "bool": draw(st.booleans()),
            "nested": [[node]],
            "float": draw(st.floats(allow_nan=True, allow_infinity=True)),
            "date": dt.date(2019, 2, 28),
        }[replacement]
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def mutated_trees(draw):
    records, examples = dict(RECORDS), dict(EXAMPLES)
    for _ in range(draw(st.integers(1, 3))):
        where, name = draw(st.sampled_from(FILES))
        tree = records if where == "records" else examples
        if name not in tree:
            continue
        data = tree[name]
        strategy = tree_mutation(data) if draw(st.booleans()) and _parses(data) else text_mutation(data)
        tree[name] = draw(strategy)
        if draw(st.integers(0, 9)) == 0:  # sometimes the file moves or changes its suffix
            new_name = draw(st.sampled_from([name[:-4] + ".yaml", name + ".txt", "." + name, name.split("/")[-1], "khac/" + name.split("/")[-1]]))
            tree[new_name] = tree.pop(name)
    return records, examples


@functools.lru_cache(maxsize=256)
def _parses(data: bytes) -> bool:
    try:
        return isinstance(yaml.load(data.decode("utf-8"), Loader=_Loader), dict)
    except Exception:
        return False


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def build_pages(registry):
    """Every page of the site, whatever the current signature of build_site_pages."""
    parameters = inspect.signature(build_site_pages).parameters
    options = SiteOptions(as_of=AS_OF)
    if "history" in parameters:
        return build_site_pages(registry, None, options)
    return build_site_pages(registry, options)


def test_the_unmutated_records_load_and_build():
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder) / "records", RECORDS)
        _write(Path(folder) / "examples", EXAMPLES)
        result = load_records(Path(folder) / "records", "records", examples=Path(folder) / "examples", examples_shown="examples", today=TODAY)
    assert result.errors == []
    assert build_pages(result.registry)


# 150 examples in the suite (about 20 s); KEHOACH_PROPERTY_EXAMPLES=5000 for a long hunt.
EXAMPLES_COUNT = int(os.environ.get("KEHOACH_PROPERTY_EXAMPLES", "150"))


@settings(max_examples=EXAMPLES_COUNT, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_trees())
def test_mutated_records_never_raise(trees):
    records, examples = trees
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root / "records", records)
        _write(root / "examples", examples)
        result = load_records(root / "records", "records", examples=root / "examples", examples_shown="examples", today=TODAY)
    for problem in result.problems:
        assert LOCATED.match(str(problem)), str(problem)
        assert problem.location.line >= 1 and problem.location.column >= 1
    event("loaded with errors" if result.errors else "loaded clean, pages built")
    if not result.errors:
        assert_safe_page_paths(build_pages(result.registry))


def assert_safe_page_paths(pages) -> None:
    """Every page stays inside the site, and no two pages share a name on Windows or macOS."""
    assert pages
    seen: dict[str, str] = {}
    for page in pages:
        path = page.path
        assert not path.startswith("/") and "\\" not in path
        assert not posixpath.normpath(path).startswith(".."), path
        for part in path.split("/"):
            stem = part.split(".", 1)[0].lower()
            assert stem not in WINDOWS_RESERVED, path
            assert not re.search(r'[<>:"|?*\x00-\x1f]', part) and not part.endswith((" ", ".")), path
        key = unicodedata.normalize("NFC", path).casefold()
        assert key not in seen, (path, seen.get(key))
        seen[key] = path


def test_the_real_pages_have_safe_paths():
    assert_safe_page_paths(build_pages(load_records(ROOT / "records", "records", today=TODAY).registry))


@settings(max_examples=EXAMPLES_COUNT * 2, deadline=None)
@given(st.one_of(st.text(max_size=90), st.from_regex(r"[a-zA-Z0-9./\\ _-]{1,90}", fullmatch=True), st.sampled_from(sorted(WINDOWS_RESERVED | RESERVED_IDS))))
def test_an_accepted_id_is_a_safe_file_name(text):
    """Whatever someone writes as an id: if it is accepted, it is a file name that is safe everywhere."""
    if slug_problem(text):
        return
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text)
    assert len(text) <= 80
    assert text == text.lower() == text.casefold()  # no two ids differ only by case
    assert text not in WINDOWS_RESERVED and text not in RESERVED_IDS
    for folder in ("to-chuc", "ke-hoach", "chi-thi", "ma-tran"):
        assert posixpath.normpath(f"{folder}/{text}.md") == f"{folder}/{text}.md"
