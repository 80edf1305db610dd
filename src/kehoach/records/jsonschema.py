"""JSON Schema for every record kind, generated from the schema objects the checker uses.

The schemas serve editors (VS Code's YAML extension validates and autocompletes record files with
them) and anyone validating records with a JSON Schema tool. The checker in `schema.py`/`loader.py`
stays the authority: some of its rules cannot be said in JSON Schema (31/02/2019 is not a date,
duplicate keys, references to records that do not exist), and a choice may be written by its label
("chủ trì") or its value ("chu-tri") — the schema lists both.

Draft-07 is used because the YAML language server and most tools understand it best; nested groups
of fields live in `$defs` and are reached through `$ref` (sections are recursive). Every scalar is
described as YAML parses it in an editor (YAML 1.2: dates stay strings); for validating files in
Python use `load_yaml_for_validation`, which reads YAML the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kehoach.domain.vocabulary import Vocabulary
from kehoach.records.schema import (
    LINK_PATTERN,
    MAX_NUMBER,
    MAX_SLUG_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    NESTED_SCHEMAS,
    RECORD_SCHEMAS,
    RESERVED_IDS,
    WINDOWS_RESERVED,
    Field,
    Kind,
    RecordSchema,
)
from kehoach.records.yamlsource import parse_record_text, plain_data

DRAFT = "http://json-schema.org/draft-07/schema#"
SUFFIX = ".schema.json"

# ---------------------------------------------------------------- scalar patterns

# The year range of schema.MIN_YEAR..MAX_YEAR as a regular expression.
assert (MIN_YEAR, MAX_YEAR) == (1930, 2100), "update _YEAR to the new year range"
_YEAR = r"(?:19[3-9][0-9]|20[0-9][0-9]|2100)"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
DATE_PATTERN = rf"^\s*(?:{_DAY}/{_MONTH}/{_YEAR}|{_YEAR}-{_MONTH}-{_DAY})\s*$"
MONTH_PATTERN = rf"^\s*{_MONTH}/{_YEAR}\s*$"
# schema._QUARTER is case-insensitive; JSON Schema patterns have no flags, so spell both cases.
QUARTER_PATTERN = rf"^\s*(?:[Qq][Uu][Ýý]\s*)?(?:[Ii][Vv]|[Ii]{{1,3}}|[1-4])/{_YEAR}\s*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NOT_BLANK = r"\S"

# Any scalar the checker reads as text: YAML may turn `1.` into a number, `yes` into a boolean.
_TEXT_TYPES = ["string", "number", "boolean"]


def _text(description: str) -> dict[str, Any]:
    return {"type": _TEXT_TYPES, "pattern": NOT_BLANK, "description": description}


SLUG_DEF = "ma"


def _slug() -> dict[str, Any]:
    return {
        "title": "mã",
        "description": "Chữ thường không dấu, chữ số và dấu gạch nối; không quá "
        f"{MAX_SLUG_LENGTH} ký tự; không là tên tệp Windows cấm (con, nul, com1…). Ví dụ: ban-to-chuc-tinh-uy",
        "type": "string",
        "pattern": SLUG_PATTERN,
        "maxLength": MAX_SLUG_LENGTH,
        "not": {"enum": sorted(WINDOWS_RESERVED | RESERVED_IDS)},
    }


def _kind_schema(spec: Field) -> dict[str, Any]:
    """The schema of one value of a field (a list item for REFS/TEXTS is handled by the caller)."""
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.PARAGRAPH, Kind.MARKDOWN):
        bounded = {"maxLength": MAX_TEXT_LENGTH[kind]} if kind in MAX_TEXT_LENGTH else {}
        return {"type": _TEXT_TYPES, "pattern": NOT_BLANK, **bounded}
    if kind is Kind.LINK:
        return {"type": "string", "pattern": LINK_PATTERN}
    if kind in (Kind.SLUG, Kind.REF):
        return {"$ref": f"#/$defs/{SLUG_DEF}"}
    if kind is Kind.DATE:
        return {"type": "string", "pattern": DATE_PATTERN}
    if kind is Kind.MONTH:
        return {"type": "string", "pattern": MONTH_PATTERN}
    if kind is Kind.QUARTER:
        return {"type": "string", "pattern": QUARTER_PATTERN}
    if kind is Kind.YEAR:
        return {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
    if kind is Kind.BOOL:
        return {"type": "boolean"}
    if kind is Kind.CHOICE:
        # The enum's values, then its labels (the checker takes either), in the enum's order.
        choices = _choices(spec)
        values = [c.value for c in choices]
        labels = [c.label for c in choices if c.label not in values]
        descriptions = [f"{c.label}" + (f" — {c.meaning}" if c.meaning else "") for c in choices]
        descriptions += [f"cách viết khác của “{c.value}”" for c in choices if c.label not in values]
        return {"type": "string", "enum": values + labels, "enumDescriptions": descriptions}
    if kind is Kind.OBJECT:
        return {"$ref": f"#/$defs/{_nested_name(spec)}"}
    kind_name = kind.name
    if kind_name == "NUMBER":
        return {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
    if kind_name == "PERCENT":
        return {"type": "number", "minimum": 0, "maximum": 100}
    raise ValueError(f"no JSON Schema for field kind {kind!r} (field “{spec.name}”)")


def _choices(spec: Field) -> type[Vocabulary]:
    assert spec.choices is not None, f"field “{spec.name}” is a choice without choices"
    return spec.choices


def _nested_name(spec: Field) -> str:
    assert spec.schema is not None, f"field “{spec.name}” is a group of fields without a schema"
    return spec.schema.name


def _field_schema(spec: Field) -> dict[str, Any]:
    kind = spec.kind
    if kind in (Kind.REFS, Kind.TEXTS):
        single = Field(spec.name, Kind.REF if kind is Kind.REFS else Kind.TEXT, spec.meaning, spec.example)
        item = _kind_schema(single)
        # One value or a list of values (empty items are skipped by the checker).
        value: dict[str, Any] = {"anyOf": [item, {"type": "array", "items": {"anyOf": [item, {"type": "null"}]}}]}
    elif kind is Kind.OBJECTS:
        value = {"type": "array", "items": {"$ref": f"#/$defs/{_nested_name(spec)}"}}
    else:
        value = _kind_schema(spec)
    if not spec.required:
        # "tên_trường:" with nothing after it means the same as leaving the line out.
        if "anyOf" in value and len(value) == 1:
            value = {"anyOf": [*value["anyOf"], {"type": "null"}]}
        elif "$ref" in value or "anyOf" in value or "enum" in value:
            value = {"anyOf": [value, {"type": "null"}]}
        else:
            types = value["type"] if isinstance(value["type"], list) else [value["type"]]
            value = {**value, "type": [*types, "null"]}
    described: dict[str, Any] = {"title": f"{spec.name} ({spec.kind.value})", "description": _description(spec)}
    if "$ref" in value:
        # Draft-07 ignores keywords next to $ref: keep the field's own description with allOf.
        value = {"allOf": [value]}
    example = _example_value(spec)
    if example is not _NO_EXAMPLE:
        described["examples"] = [example]
    return {**described, **value}


def _description(spec: Field) -> str:
    text = spec.meaning + (" Bắt buộc." if spec.required else "")
    if spec.refers_to and "mã" not in spec.meaning.lower():
        text += f" Ghi mã {spec.refers_to}."
    if spec.kind is Kind.CHOICE:
        text += " Một trong: " + "; ".join(f"{c.value} ({c.label})" for c in _choices(spec)) + "."
    if spec.kind is Kind.DATE:
        text += " Viết ngày/tháng/năm, ví dụ 19/5/2019 (hoặc 2019-05-19)."
    if "\n" in spec.example.strip():
        block = "\n".join("    " + line for line in spec.example.strip().splitlines())
        return f"{text}\n\nVí dụ:\n\n{block}"
    return f"{text}\n\nVí dụ: {spec.example.strip()}"


_NO_EXAMPLE = object()


def _example_value(spec: Field) -> Any:
    """The field's example as YAML would give it; groups of fields are only described in words
    (their examples in schema.py are snippets, not complete values)."""
    text = spec.example
    if spec.kind in (Kind.OBJECT, Kind.OBJECTS):
        return _NO_EXAMPLE
    if spec.kind in (Kind.TEXT, Kind.PARAGRAPH, Kind.MARKDOWN):
        # Examples are written for people: “1.” means the characters 1. (quoted in YAML).
        stripped = text.strip()
        if stripped.startswith("“") and stripped.endswith("”"):
            return stripped[1:-1]
        return text
    try:
        value = load_yaml_for_validation(text)
    except InvalidYaml:
        return _NO_EXAMPLE
    return value if value is not None else _NO_EXAMPLE


def _object_schema(schema: RecordSchema) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "object", "title": schema.title}
    if schema.description:
        result["description"] = schema.description
    result["properties"] = {spec.name: _field_schema(spec) for spec in schema.fields}
    required = [spec.name for spec in schema.fields if spec.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    return result


def _nested(schema: RecordSchema, found: dict[str, RecordSchema]) -> None:
    for spec in schema.fields:
        child = spec.schema
        if child is not None and child.name not in found:
            found[child.name] = child
            _nested(child, found)


def record_json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07, as a dict) of one record kind, e.g. record_json_schema("ke-hoach")."""
    schema = RECORD_SCHEMAS[kind]
    nested: dict[str, RecordSchema] = {}
    _nested(schema, nested)
    root = _object_schema(schema)
    result: dict[str, Any] = {
        "$schema": DRAFT,
        "title": f"{schema.title[:1].upper()}{schema.title[1:]} (records/{kind}/)",
        **{k: v for k, v in root.items() if k != "title"},
    }
    # Same order as schema.NESTED_SCHEMAS, so the files do not churn.
    order = {s.name: i for i, s in enumerate(NESTED_SCHEMAS)}
    defs = {name: _object_schema(nested[name]) for name in sorted(nested, key=lambda n: (order.get(n, len(order)), n))}
    if _uses_slug(root) or any(_uses_slug(d) for d in defs.values()):
        defs[SLUG_DEF] = _slug()
    if defs:
        result["$defs"] = defs
    return result


def _uses_slug(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("$ref") == f"#/$defs/{SLUG_DEF}" or any(_uses_slug(v) for v in node.values())
    if isinstance(node, list):
        return any(_uses_slug(v) for v in node)
    return False


def all_record_json_schemas() -> dict[str, dict[str, Any]]:
    """{record kind: JSON Schema} for every kind in schema.RECORD_SCHEMAS."""
    return {kind: record_json_schema(kind) for kind in RECORD_SCHEMAS}


def schema_file_name(kind: str) -> str:
    return f"{kind}{SUFFIX}"


def render(schema: dict[str, Any]) -> str:
    """The exact text written to a schema file (stable: reviewers see real changes only)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def expected_files() -> dict[str, str]:
    """{file name: text} of every schema file `kehoach schema` writes."""
    return {schema_file_name(kind): render(schema) for kind, schema in all_record_json_schemas().items()}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write <kind>.schema.json for every record kind; remove schema files of kinds that no longer exist."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = expected_files()
    written = []
    for name, text in files.items():
        path = out_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    for stale in out_dir.glob("*" + SUFFIX):
        if stale.name not in files:
            stale.unlink()
    return written


def schema_drift(out_dir: Path) -> list[str]:
    """What differs between the files in out_dir and the generator (empty when they match), in Vietnamese."""
    out_dir = Path(out_dir)
    files = expected_files()
    drift = []
    for name, text in files.items():
        path = out_dir / name
        if not path.exists():
            drift.append(f"thiếu {path.as_posix()}")
        elif path.read_text(encoding="utf-8") != text:
            drift.append(f"{path.as_posix()} khác với lược đồ hiện tại")
    if out_dir.is_dir():
        for extra in sorted(out_dir.glob("*" + SUFFIX)):
            if extra.name not in files:
                drift.append(f"{extra.as_posix()} không còn loại bản ghi tương ứng")
    return drift


# ---------------------------------------------------------------- reading YAML as editors do


class InvalidYaml(ValueError):
    """YAML the records reader refuses (a syntax error, a duplicate key…): the first problem's text."""


def load_yaml_for_validation(text: str) -> Any:
    """Parse record YAML into plain data to validate against these schemas, with the one YAML reader
    of the records (kehoach.records.yamlsource): dates stay strings, a duplicate key is refused."""
    value, problems = parse_record_text("<văn bản>", str(text))  # str(): an example may be an enum member
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise InvalidYaml(str(errors[0]))
    return None if value is None else plain_data(value)


def vscode_yaml_schemas(schema_dir: str = "schemas", record_dirs: tuple[str, ...] = ("records", "examples")) -> dict[str, list[str]]:
    """The `yaml.schemas` setting of VS Code's YAML extension mapping each schema to its record files
    (in the records folder and in the folder of illustrative records)."""
    return {
        f"./{schema_dir}/{schema_file_name(kind)}": [
            f"{folder}/{kind}/**/*.{suffix}" for folder in record_dirs for suffix in ("yml", "yaml")
        ]
        for kind in RECORD_SCHEMAS
    }
