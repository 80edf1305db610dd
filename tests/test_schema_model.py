"""The record schema is the one description of the records: each field names the model attribute
that holds its value, each choice is an enum of kehoach.domain.vocabulary, and the loader, the
exports and the JSON Schemas follow from them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle
from pathlib import Path

import pytest
from jinja2 import Environment
from markupsafe import Markup

from kehoach.content import exports
from kehoach.domain import model, vocabulary
from kehoach.domain.vocabulary import LeadRole, OrganizationKind, RecipientPurpose, Status, UpdateState, Vocabulary
from kehoach.records.loader import load_records
from kehoach.records.schema import NESTED_SCHEMAS, RECORD_SCHEMAS, Kind, RecordSchema, SchemaChecker, _choice_lookup
from kehoach.records.yamlsource import parse_record_text

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = [*RECORD_SCHEMAS.values(), *NESTED_SCHEMAS]

# Model arguments that no field gives: the loader computes them (where the record was read, the
# place of a section or task in its plan, which folder an organization came from…).
COMPUTED = {
    model.Directive: {"location"},
    model.Plan: {"location", "source_text"},
    model.Organization: {"location", "is_group"},
    model.Figure: {"location"},
    model.Update: {"id", "location", "example"},
    model.Section: {"anchor", "depth"},
    model.Task: {"plan_id", "paragraph", "section_anchor", "position", "location"},
    model.Deadline: set(),
    model.Recipient: set(),
    model.Signer: set(),
    model.Footnote: set(),
    model.Evidence: set(),
    model.FigureValue: set(),
}


def _init_fields(cls: type) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls) if f.init}


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_every_field_names_an_attribute_of_its_model(schema: RecordSchema) -> None:
    assert schema.model is not None and dataclasses.is_dataclass(schema.model)
    attributes = _init_fields(schema.model)
    for spec in schema.fields:
        assert spec.attribute in attributes, f"{schema.name}.{spec.name} → {schema.model.__name__}.{spec.attribute!r}"
    written = [spec.attribute for spec in schema.fields]
    assert len(written) == len(set(written)), f"two fields of {schema.name} fill one attribute"


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_every_model_argument_is_a_field_or_computed(schema: RecordSchema) -> None:
    assert schema.model is not None
    from_fields = {spec.attribute for spec in schema.fields}
    others = set(_init_fields(schema.model)) - from_fields
    # A group of organizations and an organization share one model: each fills what its fields give.
    if schema.model is model.Organization:
        others -= {"parent_id", "member_ids", "members_complete"}
    assert others == COMPUTED[schema.model], f"{schema.model.__name__}: declare the field's attribute in schema.py, or list it in COMPUTED"


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_choices_are_vocabularies_and_groups_have_schemas(schema: RecordSchema) -> None:
    for spec in schema.fields:
        if spec.kind is Kind.CHOICE:
            assert isinstance(spec.choices, type) and issubclass(spec.choices, Vocabulary), spec.name
            assert spec.example in spec.choices, f"{spec.name}: example “{spec.example}” is not a value"
        else:
            assert spec.choices is None, spec.name
        assert (spec.schema is not None) == (spec.kind in (Kind.OBJECT, Kind.OBJECTS)), spec.name
        assert (spec.refers_to is not None) == (spec.kind in (Kind.REF, Kind.REFS)), spec.name


def test_every_vocabulary_is_used() -> None:
    used = {spec.choices for schema in SCHEMAS for spec in schema.fields if spec.choices}
    computed = {vocabulary.Status, vocabulary.AssignmentRole}  # made by the site, never written in records
    computed |= {vocabulary.PublishLimit}  # written in the site's configuration (do_mat_toi_da), not in records
    declared = {v for v in vars(vocabulary).values() if isinstance(v, type) and issubclass(v, Vocabulary) and len(v)}
    assert used | computed == declared


def test_a_member_is_written_as_its_value() -> None:
    done = UpdateState.DONE
    assert done == "da-hoan-thanh" and {"da-hoan-thanh": 1}[done] == 1
    assert str(done) == f"{done}" == "%s" % done == "da-hoan-thanh"  # noqa: UP031 - every way of formatting
    assert f"{done:>15}" == "  da-hoan-thanh"
    assert json.dumps({"trang_thai": done}) == '{"trang_thai": "da-hoan-thanh"}'
    assert Markup("<b class='{}'>").format(Status.OVERDUE) == "<b class='qua-han'>"
    assert Environment(autoescape=True).from_string("{{ s }} {{ s == S.OVERDUE }}").render(s=Status.OVERDUE, S=Status) == "qua-han True"
    assert pickle.loads(pickle.dumps(done)) is done  # the parallel build sends models between processes
    assert done.label == "đã hoàn thành" and UpdateState("da-hoan-thanh") is done


def test_labels_are_in_declaration_order() -> None:
    assert list(Status.labels()) == list(Status)
    assert Status.labels()[Status.OVERDUE] == "quá hạn"


def test_equal_values_of_two_vocabularies_stay_apart() -> None:
    # “thuc-hien” is a lead role and a recipient purpose: equal strings, different labels.
    assert LeadRole.CARRIES_OUT == RecipientPurpose.CARRY_OUT
    assert _choice_lookup(LeadRole)["thuc-hien"] is LeadRole.CARRIES_OUT
    assert _choice_lookup(RecipientPurpose)["thuc-hien"] is RecipientPurpose.CARRY_OUT
    assert _choice_lookup(RecipientPurpose)["de-thuc-hien"] is RecipientPurpose.CARRY_OUT


def test_the_checker_gives_members_for_values_and_labels() -> None:
    text = "id: a\nten: A\nloai: Ban đảng\ncap: tinh\n"
    checker = SchemaChecker()
    checked = checker.check_record(parse_record_text("a.yml", text)[0], RECORD_SCHEMAS["to-chuc"])
    assert checker.problems == []
    assert checked is not None
    assert checked.get("loai") is OrganizationKind.PARTY_BOARD
    assert checked.get("cap") is vocabulary.Level.PROVINCE


def test_loaded_models_hold_members() -> None:
    result = load_records(REPO / "records", "records", examples=REPO / "examples", today=dt.date(2030, 1, 1))
    assert not result.errors
    registry = result.registry
    assert all(isinstance(o.kind, OrganizationKind) and isinstance(o.level, vocabulary.Level) for o in registry.organizations.values())
    assert all(isinstance(t.lead_role, LeadRole) and isinstance(t.deadline.kind, vocabulary.DeadlineKind) for t in registry.tasks)
    assert all(isinstance(u.state, UpdateState) for u in registry.updates)
    assert all(r.purpose is None or isinstance(r.purpose, RecipientPurpose) for p in registry.plans.values() for r in p.recipients)


def test_export_columns_of_fields_carry_the_field_names() -> None:
    csv_headers = [c.csv_header for c in exports._TASK_COLUMNS if c.csv is not None]
    assert csv_headers == [
        "ke_hoach", "ma_nhiem_vu", "vi_tri", "noi_dung", "vai_tro", "chu_tri", "phoi_hop", "bao_cao",
        "loai_thoi_han", "thoi_han_nguyen_van", "han", "trang_thai", "tinh_den_ngay",
    ]  # fmt: skip
    task_fields = {spec.name for spec in RECORD_SCHEMAS["ke-hoach"].field("noi_dung").schema.field("nhiem_vu").schema.fields}
    assert {"vai_tro", "chu_tri", "phoi_hop", "bao_cao", "id"} <= {c.key for c in exports._TASK_COLUMNS} & task_fields
