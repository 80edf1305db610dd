"""The JSON Schemas in schemas/: generated from schema.py, in step with it, and in step with the checker."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema", reason="cài gói jsonschema (pip install -e .[test])")

from kehoach.domain.vocabulary import Vocabulary  # noqa: E402
from kehoach.records import jsonschema as export  # noqa: E402
from kehoach.records.schema import NESTED_SCHEMAS, RECORD_SCHEMAS, Field, Kind, RecordSchema, SchemaChecker  # noqa: E402
from kehoach.records.yamlsource import parse_record_text  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"
RECORDS = REPO / "records"
EXAMPLES = REPO / "examples"  # illustrative records (KEHOACH_EXAMPLES), same schemas


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = export.record_json_schema(kind)
    # The checker wants a YAML integer for a year: 2019.0 is not one (JSON Schema would say it is).
    checker = jsonschema.Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    return jsonschema.validators.extend(jsonschema.Draft7Validator, type_checker=checker)(schema)


def schema_errors(kind: str, text: str) -> list[str]:
    data = export.load_yaml_for_validation(text)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


def checker_errors(kind: str, text: str) -> list[str]:
    """What the checker says about one record on its own (no cross-file references)."""
    value, problems = parse_record_text(f"records/{kind}/x.yml", text)
    if value is None:
        return [str(p) for p in problems]
    checker = SchemaChecker()
    checker.check_record(value, RECORD_SCHEMAS[kind])
    return [str(p) for p in problems + checker.problems if p.is_error]


# ---------------------------------------------------------------- in step with the generator


def test_committed_schemas_match_the_generator() -> None:
    drift = export.schema_drift(SCHEMAS)
    assert not drift, "lược đồ trong schemas/ đã cũ — chạy `kehoach schema --out schemas` rồi commit:\n" + "\n".join(drift)


def test_one_schema_file_per_record_kind() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(f"{k}.schema.json" for k in RECORD_SCHEMAS)


@pytest.mark.parametrize("kind", list(RECORD_SCHEMAS))
def test_schema_is_valid_draft_07(kind: str) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == export.DRAFT


def _reachable() -> dict[str, RecordSchema]:
    found: dict[str, RecordSchema] = {}

    def visit(schema: RecordSchema) -> None:
        for spec in schema.fields:
            if spec.schema is not None and spec.schema.name not in found:
                found[spec.schema.name] = spec.schema
                visit(spec.schema)

    for schema in RECORD_SCHEMAS.values():
        visit(schema)
    return found


def test_every_field_is_described_in_vietnamese() -> None:
    for kind, record in RECORD_SCHEMAS.items():
        generated = export.record_json_schema(kind)
        objects = [(record, generated)] + [(s, generated["$defs"][s.name]) for s in _reachable().values() if s.name in generated.get("$defs", {})]
        for schema, node in objects:
            assert set(node["properties"]) == {f.name for f in schema.fields}
            assert node.get("required", []) == [f.name for f in schema.fields if f.required]
            assert node["additionalProperties"] is False
            for spec in schema.fields:
                description = node["properties"][spec.name]["description"]
                assert description.startswith(spec.meaning), (kind, spec.name)


def test_nested_schemas_and_recursion_use_defs() -> None:
    plan = export.record_json_schema("ke-hoach")
    assert plan["properties"]["noi_dung"]["items"] == {"$ref": "#/$defs/muc"}
    section = plan["$defs"]["muc"]
    assert section["properties"]["muc"]["items"] == {"$ref": "#/$defs/muc"}  # sections hold sections
    assert section["properties"]["muc"]["type"] == ["array", "null"]
    assert {s.name for s in NESTED_SCHEMAS if s.name in {"muc", "nhiem-vu", "thoi-han"}} <= set(plan["$defs"])


class _Choices(Vocabulary):
    A = "a", "A"


def test_every_field_kind_has_a_json_type() -> None:
    nested = RecordSchema("x", "x", (Field("a", Kind.TEXT, "a", "a"),))
    for kind in Kind:
        spec = Field("f", kind, "nghĩa", "ví dụ", choices=_Choices, schema=nested)
        assert export._field_schema(spec)  # raises for a kind without a mapping


def _invalid_examples(node, path: list[str], defs: dict, bad: list[str]) -> None:
    if isinstance(node, dict):
        for example in node.get("examples", ()):
            field = {k: v for k, v in node.items() if k != "examples"} | {"$defs": defs}
            errors = list(jsonschema.Draft7Validator(field).iter_errors(example))
            if errors:
                bad.append(f"{'/'.join(path)}: {example!r}: {errors[0].message}")
        for key, value in node.items():
            _invalid_examples(value, path + [key], defs, bad)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _invalid_examples(value, path + [str(index)], defs, bad)


def test_examples_are_valid_values() -> None:
    """Each `examples` entry validates against its own field (the editor offers them)."""
    for kind in RECORD_SCHEMAS:
        schema = export.record_json_schema(kind)
        bad: list[str] = []
        _invalid_examples(schema, [kind], schema.get("$defs", {}), bad)
        assert not bad, bad


def test_cli_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    write = subprocess.run([sys.executable, "-m", "kehoach.cli", "schema", "--out", str(out)], capture_output=True, text=True, encoding="utf-8")
    assert write.returncode == 0, write.stderr
    for kind in RECORD_SCHEMAS:
        assert (out / f"{kind}.schema.json").read_text(encoding="utf-8") == (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    check = [sys.executable, "-m", "kehoach.cli", "schema", "--check", "--out", str(out)]
    assert subprocess.run(check, capture_output=True).returncode == 0
    (out / "to-chuc.schema.json").write_text("{}\n", encoding="utf-8")
    (out / "cu.schema.json").write_text("{}\n", encoding="utf-8")
    stale = subprocess.run(check, capture_output=True, text=True, encoding="utf-8")
    assert stale.returncode == 1
    assert "to-chuc.schema.json khác" in stale.stdout and "cu.schema.json không còn" in stale.stdout


def test_vscode_settings_map_every_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == export.vscode_yaml_schemas()
    for schema_path in settings["yaml.schemas"]:
        assert (REPO / schema_path).is_file()


# ---------------------------------------------------------------- the records validate


def _record_files() -> list[tuple[Path, Path]]:
    return [
        (folder, path)
        for folder in (RECORDS, EXAMPLES)
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".yml", ".yaml") and path.relative_to(folder).parts[0] in RECORD_SCHEMAS
    ]


def test_there_are_records_to_validate() -> None:
    assert len([p for folder, p in _record_files() if folder == RECORDS]) >= 3


@pytest.mark.parametrize("folder, path", [pytest.param(f, p, id=p.relative_to(REPO).as_posix()) for f, p in _record_files()])
def test_every_record_validates(folder: Path, path: Path) -> None:
    kind = path.relative_to(folder).parts[0]
    errors = schema_errors(kind, path.read_text(encoding="utf-8"))
    assert not errors, errors


# ---------------------------------------------------------------- schema and checker agree

ORG = """\
id: ban-a
ten: Ban A
loai: ban-dang
cap: tinh
"""

GROUP = """\
id: cac-ban
ten: Các ban
loai: ban-dang
cap: tinh
thanh_vien: [ban-a]
"""

DIRECTIVE = """\
id: ct-1
loai: Chỉ thị
so_ky_hieu: 28-CT/TW
co_quan_ban_hanh: ban-a
nguon_goc: tom-tat
ngay: 21/01/2019
trich_yeu: về việc thử
"""

PLAN = """\
id: kh-1
loai: KẾ HOẠCH
trich_yeu: Triển khai
co_quan_ban_hanh: ban-a
nguon_goc: toan-van
thuc_hien: [ct-1]
noi_dung:
  - so: A-
    tieu_de: MỤC ĐÍCH
    muc:
      - so: "1."
        van_ban: Làm việc A.
        nhiem_vu:
          - id: a-1
            chu_tri: [ban-a]
            vai_tro: chu-tri
            thoi_han: {loai: thang, thang: 5/2019}
"""

BASE = {"to-chuc": ORG, "nhom": GROUP, "chi-thi": DIRECTIVE, "ke-hoach": PLAN}


def edit(kind: str, old: str, new: str) -> str:
    text = BASE[kind]
    assert old in text, old
    return text.replace(old, new, 1)


GOOD = {
    "tổ chức tối thiểu": ("to-chuc", ORG),
    "nhóm tối thiểu": ("nhom", GROUP),
    "chỉ thị tối thiểu": ("chi-thi", DIRECTIVE),
    "kế hoạch tối thiểu": ("ke-hoach", PLAN),
    "ngày ISO": ("chi-thi", edit("chi-thi", "21/01/2019", "2019-01-21")),
    "ngày không có số 0": ("chi-thi", edit("chi-thi", "21/01/2019", "1/1/2019")),
    "lựa chọn viết bằng nhãn": ("to-chuc", edit("to-chuc", "loai: ban-dang", "loai: Ban đảng")),
    "một mã thay cho danh sách": ("nhom", edit("nhom", "[ban-a]", "ban-a")),
    "trường tùy chọn để trống": ("to-chuc", ORG + "ghi_chu:\ntruc_thuoc:\nten_khac:\n"),
    "số thứ tự không đặt trong nháy": ("ke-hoach", edit("ke-hoach", 'so: "1."', "so: 1.")),
    "quý bằng chữ": ("ke-hoach", edit("ke-hoach", "{loai: thang, thang: 5/2019}", "{loai: quy, quy: quý II/2019}")),
    "quý bằng số": ("ke-hoach", edit("ke-hoach", "{loai: thang, thang: 5/2019}", "{loai: quy, quy: 2/2019}")),
    "năm": ("ke-hoach", edit("ke-hoach", "{loai: thang, thang: 5/2019}", "{loai: nam, nam: 2019}")),
    "có/không": ("nhom", GROUP + "thanh_vien_day_du: true\n"),
    "mục lồng ba cấp": (
        "ke-hoach",
        edit("ke-hoach", "        van_ban: Làm việc A.\n", "        van_ban: Làm việc A.\n        muc:\n          - so: '-'\n            van_ban: Ý con.\n"),
    ),
}

BAD = {
    "thiếu trường bắt buộc": ("to-chuc", ORG.replace("ten: Ban A\n", "")),
    "trường lạ": ("to-chuc", ORG + "tenn: Ban A\n"),
    "mã có chữ hoa": ("to-chuc", edit("to-chuc", "id: ban-a", "id: Ban_A")),
    "mã là tên tệp Windows cấm": ("to-chuc", edit("to-chuc", "id: ban-a", "id: con")),
    "lựa chọn không có": ("to-chuc", edit("to-chuc", "loai: ban-dang", "loai: ban-khac")),
    "danh sách chuỗi là nhóm trường": ("to-chuc", ORG + "ten_khac: {a: b}\n"),
    "chuỗi rỗng": ("to-chuc", edit("to-chuc", "ten: Ban A", 'ten: ""')),
    "ngày 32": ("chi-thi", edit("chi-thi", "21/01/2019", "32/01/2019")),
    "tháng 13 trong ngày ISO": ("chi-thi", edit("chi-thi", "21/01/2019", "2019-13-01")),
    "ngày viết kiểu lạ": ("chi-thi", edit("chi-thi", "21/01/2019", "2019/01/21")),
    "năm ngoài khoảng": ("chi-thi", edit("chi-thi", "21/01/2019", "21/01/1800")),
    "tháng 13": ("ke-hoach", edit("ke-hoach", "thang: 5/2019", "thang: 13/2019")),
    "quý V": ("ke-hoach", edit("ke-hoach", "{loai: thang, thang: 5/2019}", "{loai: quy, quy: V/2019}")),
    "năm trong nháy": ("ke-hoach", edit("ke-hoach", "{loai: thang, thang: 5/2019}", "{loai: nam, nam: '2019'}")),
    "năm có phần thập phân": ("ke-hoach", edit("ke-hoach", "{loai: thang, thang: 5/2019}", "{loai: nam, nam: 2019.0}")),
    "kiểu thời hạn lạ": ("ke-hoach", edit("ke-hoach", "loai: thang,", "loai: tuan,")),
    "nội dung không phải danh sách": ("ke-hoach", PLAN.split("noi_dung:")[0] + "noi_dung: {so: A-}\n"),
    "trường lạ trong mục lồng nhau": ("ke-hoach", edit("ke-hoach", "        van_ban: Làm việc A.\n", "        van_ban: Làm việc A.\n        tieu_dee: X\n")),
    "nhiệm vụ thiếu vai trò": ("ke-hoach", edit("ke-hoach", "            vai_tro: chu-tri\n", "")),
    "có/không viết sai": ("nhom", GROUP + "thanh_vien_day_du: chắc vậy\n"),
    "mã sai trong danh sách": ("nhom", edit("nhom", "[ban-a]", "[ban-a, Ban B]")),
    "khối chữ ký là chuỗi": ("ke-hoach", PLAN + "ky: Đỗ Xuân Tuyên\n"),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_good_inputs_pass_both(name: str) -> None:
    kind, text = GOOD[name]
    assert checker_errors(kind, text) == []
    assert schema_errors(kind, text) == []


@pytest.mark.parametrize("name", list(BAD))
def test_bad_inputs_fail_both(name: str) -> None:
    kind, text = BAD[name]
    assert schema_errors(kind, text), "lược đồ JSON chấp nhận"
    assert checker_errors(kind, text), "bộ kiểm tra chấp nhận"


def test_empty_required_field_is_rejected_by_both() -> None:
    text = edit("to-chuc", "ten: Ban A", "ten:")
    assert schema_errors("to-chuc", text)
    assert checker_errors("to-chuc", text)


def test_bad_fixtures_on_disk(tmp_path: Path) -> None:
    """The same files a person would write: each rejected by the schema, named by path."""
    for index, (name, (kind, text)) in enumerate(BAD.items()):
        path = tmp_path / kind / f"sai-{index}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        data = export.load_yaml_for_validation(path.read_text(encoding="utf-8"))
        assert not validator(kind).is_valid(data), name


# ---------------------------------------------------------------- reading YAML as editors do


def test_validation_loader_keeps_dates_as_written() -> None:
    data = export.load_yaml_for_validation("a: 2019-05-19\nb: 19/5/2019\nc: 1.5\nd: .nan\ne: 2019\nf: yes\n")
    assert data == {"a": "2019-05-19", "b": "19/5/2019", "c": 1.5, "d": ".nan", "e": 2019, "f": True}


def test_validation_loader_refuses_duplicate_keys() -> None:
    with pytest.raises(export.InvalidYaml):
        export.load_yaml_for_validation("ten: A\nten: B\n")
    with pytest.raises(export.InvalidYaml):
        export.load_yaml_for_validation(textwrap.dedent("""\
            ky:
              ho_ten: A
              ho_ten: B
            """))
