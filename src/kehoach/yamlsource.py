"""Read one record file into a tree of located YAML values, reporting every problem found.

PyYAML's own constructors are not used: they keep the last of two duplicate keys, turn
`2019-02-31` into a traceback and would build Python objects from tags. We compose the node
graph (which carries line and column) and convert it ourselves, refusing what records never need.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Location, Problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
INVALID = "invalid"  # a value whose problem is already reported


@dataclass
class YScalar:
    location: Location
    text: str
    kind: str  # one of _SCALAR_TAGS: what YAML would have made of it

    @property
    def is_null(self) -> bool:
        return self.kind == "null"


@dataclass
class YList:
    location: Location
    items: list["YValue"] = field(default_factory=list)


@dataclass
class YEntry:
    key_location: Location
    value: "YValue"


@dataclass
class YMap:
    location: Location
    entries: dict[str, YEntry] = field(default_factory=dict)

    def get(self, key: str) -> "YValue | None":
        entry = self.entries.get(key)
        return entry.value if entry else None


YValue = YScalar | YList | YMap


def _location(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> tuple[str, str]:
    problem = (error.problem or str(error)).strip()
    if "'\\t'" in problem or "\\t" in problem:
        return "có ký tự Tab", "YAML chỉ cho phép thụt lề bằng dấu cách; thay Tab bằng dấu cách"
    if "mapping values are not allowed" in problem:
        return (
            "dấu “:” không đúng chỗ",
            "nếu nội dung có dấu “:”, hãy đặt cả giá trị trong dấu nháy kép",
        )
    if "could not find expected ':'" in problem:
        return "thiếu dấu “:” sau tên trường", "viết “tên_trường: giá trị”"
    if "found undefined alias" in problem:
        return "bí danh YAML không xác định", "bản ghi không dùng neo (&) và bí danh (*)"
    if "expected a single document" in problem:
        return "tệp có nhiều hơn một tài liệu YAML", "mỗi tệp chỉ chứa một bản ghi; bỏ dòng “---” thứ hai"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return (
            f"lỗi cú pháp YAML: {problem}",
            "kiểm tra thụt lề và dấu nháy ở dòng này và dòng trước",
        )
    return f"lỗi cú pháp YAML: {problem}", "kiểm tra thụt lề, dấu “:” và dấu nháy"


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    return line, column


def decode_record_bytes(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 (a BOM is accepted and dropped), normalised to NFC."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Problem(
                Location(path),
                f"tệp quá lớn ({len(data):,} byte, tối đa {MAX_FILE_BYTES:,})".replace(",", "."),
                "tách bản ghi thành nhiều tệp nhỏ hơn",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_col_of_byte(data, error.start)
        return None, [
            Problem(
                Location(path, line, column),
                "tệp không phải UTF-8",
                "lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with Encoding → UTF-8)",
            )
        ]
    return unicodedata.normalize("NFC", text), []


def parse_record_text(path: str, text: str) -> tuple[YValue | None, list[Problem]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        message, hint = _describe_yaml_error(error)
        mark = error.problem_mark or error.context_mark
        return None, [Problem(_location(path, mark), message, hint)]
    except yaml.YAMLError as error:
        return None, [Problem(Location(path), f"lỗi YAML: {error}", "kiểm tra lại cú pháp tệp")]
    except RecursionError:
        return None, [Problem(Location(path), "cấu trúc lồng nhau quá sâu", f"tối đa {MAX_DEPTH} cấp")]
    if root is None:
        return None, [Problem(Location(path), "tệp rỗng", "xóa tệp hoặc điền nội dung bản ghi")]
    converter = _Converter(path)
    value = converter.convert(root, depth=0)
    return value, converter.problems


def read_record_file(path: Path, shown_as: str) -> tuple[YValue | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(Location(shown_as), f"không đọc được tệp: {error.strerror}", "kiểm tra quyền đọc tệp")]
    text, problems = decode_record_bytes(shown_as, data)
    if text is None:
        return None, problems
    return parse_record_text(shown_as, text)


class _Converter:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def _fail(self, location: Location, message: str, hint: str) -> None:
        self.problems.append(Problem(location, message, hint))

    def convert(self, node: yaml.Node, depth: int) -> YValue | None:
        location = _location(self.path, node.start_mark)
        if id(node) in self._seen:
            self._fail(location, "không dùng neo và bí danh YAML (&, *)", "viết đầy đủ giá trị tại chỗ")
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail(location, "cấu trúc lồng nhau quá sâu", f"tối đa {MAX_DEPTH} cấp")
            return None
        tag = node.tag[len(_TAG_PREFIX):] if node.tag.startswith(_TAG_PREFIX) else node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                self._fail(location, f"thẻ YAML “{node.tag}” không được phép", "bỏ thẻ bắt đầu bằng “!”")
                return None
            return YScalar(location, node.value, tag)
        if isinstance(node, yaml.SequenceNode):
            if tag != "seq":
                self._fail(location, f"thẻ YAML “{node.tag}” không được phép", "bỏ thẻ bắt đầu bằng “!”")
                return None
            items = [self.convert(item, depth + 1) for item in node.value]
            return YList(location, [item for item in items if item is not None])
        if tag != "map":
            self._fail(location, f"thẻ YAML “{node.tag}” không được phép", "bỏ thẻ bắt đầu bằng “!”")
            return None
        mapping = YMap(location)
        for key_node, value_node in node.value:
            key_location = _location(self.path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG_PREFIX + "merge":
                self._fail(key_location, "tên trường phải là một chữ đơn giản", "viết “tên_trường: giá trị”")
                continue
            key = key_node.value
            if key in mapping.entries:
                first = mapping.entries[key].key_location
                self._fail(
                    key_location,
                    f"trường “{key}” lặp lại (đã có ở dòng {first.line})",
                    "giữ một lần và xóa lần còn lại",
                )
                continue
            value = self.convert(value_node, depth + 1)
            if value is None:
                # Already reported; keep the key so the schema does not also call it missing.
                value = YScalar(_location(self.path, value_node.start_mark), "", INVALID)
            mapping.entries[key] = YEntry(key_location, value)
        return mapping
