"""How well `kehoach nhap` drafts a plan's records: its draft compared with records encoded by hand.

    python benchmarks/importer.py [--readme FILE]

For each text: runs `kehoach nhap` (the command itself) against a registry, loads the draft in a
fresh records folder together with that registry (as `kehoach check` would: its errors are
counted), loads the hand-encoded records, and compares

- units: the numbered units in document order (number, heading, text with white space collapsed),
  aligned in order — the share of the hand-encoded units the draft has identically;
- leads and partners (chu_tri, phoi_hop): tasks are matched by their section (its place in the
  plan) and their order in it; precision, recall and F1 over (task, field, organization). A new
  organization the draft made counts as the hand-encoded one whose name, other name or
  abbreviation it has (folded), else as itself;
- deadlines: kind and value (date, month, quarter, year; for “sau”, the task it follows) exact,
  among matched tasks and among all hand-encoded tasks.

Texts: the source plan (records/nguon/kh-ct28-tinh-uy-hung-yen.md, against records/), and a second
plan written for the measurement (benchmarks/importer/huyen-uy-van-lam/, illustrative, not a real
document), against the province registry of records/ (its district organizations are then new to the
importer) and against a registry that has them. Targets (issue 15) on the source plan: 100 % units,
F1 ≥ 90 % on leads and partners, ≥ 90 % deadlines exact.
"""

from __future__ import annotations

import argparse
import difflib
import io
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kehoach.cli import main as kehoach_main
from kehoach.domain.model import Organization, Plan, Section, Task
from kehoach.domain.textfold import fold_key
from kehoach.records.loader import load_records

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
SECOND = ROOT / "benchmarks" / "importer" / "huyen-uy-van-lam"
THIRD = ROOT / "benchmarks" / "importer" / "dang-uy-khoi"
FOURTH = ROOT / "benchmarks" / "importer" / "dang-uy-xa"
REGISTRY_FOLDERS = ("to-chuc", "nhom", "chi-thi")


@dataclass
class Case:
    name: str
    text: Path
    registry: list[Path]  # records folders whose to-chuc/, nhom/, chi-thi/ the importer resolves against
    expected: list[Path]  # records folders that together hold the hand-encoded plan
    expected_plan: str


@dataclass
class Figures:
    name: str
    units_expected: int
    units_identical: int
    tasks_expected: int
    tasks_drafted: int
    tasks_matched: int
    tp: int
    fp: int
    fn: int
    deadlines_exact: int
    roles_same: int
    check_errors: int
    new_organizations: int
    checks: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _copy_records(sources: list[Path], target: Path, kinds: tuple[str, ...] | None = None) -> None:
    for source in sources:
        for folder in sorted(p for p in source.iterdir() if p.is_dir()):
            if kinds is not None and folder.name not in kinds:
                continue
            shutil.copytree(folder, target / folder.name, dirs_exist_ok=True)


def _flat(sections: tuple[Section, ...]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for section in sections:
        found.append((section.label or "", " ".join((section.heading or "").split()), " ".join((section.text or "").split())))
        found.extend(_flat(section.children))
    return found


def _by_section(plan: Plan) -> dict[str, list[Task]]:
    tasks: dict[str, list[Task]] = {}
    for task in plan.tasks:
        tasks.setdefault(task.section_anchor, []).append(task)
    return tasks


def _name_map(drafted: dict[str, Organization], expected: dict[str, Organization]) -> dict[str, str]:
    """Each drafted organization id → the hand-encoded id it stands for."""
    names: dict[str, str] = {}
    for org in expected.values():
        for name in (org.name, *org.aliases, *org.abbreviations):
            names.setdefault(fold_key(name), org.id)
    mapping: dict[str, str] = {}
    for org in drafted.values():
        if org.id in expected:
            mapping[org.id] = org.id
        else:
            mapping[org.id] = names.get(fold_key(org.name), org.id)
    return mapping


def _deadline_key(task: Task, after: dict[str, str]) -> tuple[object, ...]:
    d = task.deadline
    return (d.kind, d.date, d.month, d.quarter, d.year, after.get(d.after_task_id or "", d.after_task_id))


def measure(case: Case, work: Path, show_summary: bool = False, details: bool = False) -> Figures:
    registry = work / "registry"
    registry.mkdir()
    _copy_records(case.registry, registry, REGISTRY_FOLDERS)
    draft = work / "draft"
    out, err = io.StringIO(), io.StringIO()
    code = kehoach_main(["nhap", str(case.text), "--ban-ghi", str(registry), "--out", str(draft)], stdout=out, stderr=err)
    if code != 0:
        raise SystemExit(f"{case.name}: kehoach nhap exited {code}: {err.getvalue()}")
    if show_summary:
        print(out.getvalue())
    fresh = work / "fresh"
    fresh.mkdir()
    _copy_records([registry, draft], fresh)
    got = load_records(fresh, "fresh")
    expected_folder = work / "expected"
    expected_folder.mkdir()
    _copy_records(case.expected, expected_folder)
    want = load_records(expected_folder, "expected")
    if want.errors:
        raise SystemExit(f"{case.name}: the hand-encoded records have errors: {[str(p) for p in want.errors]}")
    plan = want.registry.plans[case.expected_plan]
    drafted_ids = {p.stem for p in (draft / "ke-hoach").glob("*.yml")}
    drafted_plans = [p for p in got.registry.plans.values() if p.id in drafted_ids]
    if len(drafted_plans) != 1:
        raise SystemExit(f"{case.name}: the draft did not load: {[str(p) for p in got.errors]}")
    drafted = drafted_plans[0]
    new_orgs = [p for folder in ("to-chuc", "nhom") for p in (draft / folder).glob("*.yml")]
    checks = sum(p.read_text(encoding="utf-8").count("# KIỂM TRA:") for p in draft.rglob("*.yml"))

    units_want, units_got = _flat(plan.sections), _flat(drafted.sections)
    matcher = difflib.SequenceMatcher(None, units_want, units_got, autojunk=False)
    identical = sum(block.size for block in matcher.get_matching_blocks())

    org_map = _name_map(got.registry.organizations, want.registry.organizations)
    want_tasks, got_tasks = _by_section(plan), _by_section(drafted)
    pairs: list[tuple[Task, Task]] = []
    tp = fp = fn = 0

    def facts(task: Task, mapped: bool) -> set[tuple[str, str]]:
        def name(org_id: str) -> str:
            return org_map.get(org_id, org_id) if mapped else org_id

        return {("chu_tri", name(i)) for i in task.lead_ids} | {("phoi_hop", name(i)) for i in task.coordinator_ids}

    for anchor in sorted(set(want_tasks) | set(got_tasks)):
        expected_list, drafted_list = want_tasks.get(anchor, []), got_tasks.get(anchor, [])
        for position in range(max(len(expected_list), len(drafted_list))):
            e = expected_list[position] if position < len(expected_list) else None
            d = drafted_list[position] if position < len(drafted_list) else None
            wanted = facts(e, False) if e is not None else set()
            found = facts(d, True) if d is not None else set()
            if details and wanted != found:
                print(f"  {anchor} #{position + 1}: missing {sorted(wanted - found)}, extra {sorted(found - wanted)}")
            tp += len(wanted & found)
            fp += len(found - wanted)
            fn += len(wanted - found)
            if e is not None and d is not None:
                pairs.append((e, d))
    after = {d.id: e.id for e, d in pairs}
    if details:
        for e, d in pairs:
            if _deadline_key(e, {}) != _deadline_key(d, after):
                print(f"  deadline {e.id}: hand-encoded {e.deadline.kind.value} “{e.deadline.written or ''}”, drafted {d.deadline.kind.value} “{d.deadline.written or ''}”")
    exact = sum(1 for e, d in pairs if _deadline_key(e, {}) == _deadline_key(d, after))
    roles = sum(1 for e, d in pairs if e.lead_role == d.lead_role)
    return Figures(
        case.name, len(units_want), identical, len(plan.tasks), len(drafted.tasks), len(pairs), tp, fp, fn, exact, roles,
        len(got.errors), len(new_orgs), checks,
    )  # fmt: skip


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "—"


def report(figures: Figures) -> list[str]:
    f = figures
    return [
        f"## {f.name}",
        f"- units identical, in order: {f.units_identical}/{f.units_expected} ({_percent(f.units_identical, f.units_expected)})",
        f"- tasks: {f.tasks_expected} hand-encoded, {f.tasks_drafted} drafted, {f.tasks_matched} matched by section",
        f"- leads + partners: precision {_percent(f.tp, f.tp + f.fp)}, recall {_percent(f.tp, f.tp + f.fn)}, F1 {_percent(f.f1, 1)} (TP {f.tp}, FP {f.fp}, FN {f.fn})",
        f"- deadlines exact: {f.deadlines_exact}/{f.tasks_matched} matched tasks ({_percent(f.deadlines_exact, f.tasks_matched)}), "
        f"{f.deadlines_exact}/{f.tasks_expected} of all hand-encoded tasks ({_percent(f.deadlines_exact, f.tasks_expected)})",
        f"- role (vai_tro) same: {f.roles_same}/{f.tasks_matched} matched tasks",
        f"- draft in a fresh records folder with its registry: {f.check_errors} errors; {f.new_organizations} new organization records; {f.checks} “KIỂM TRA” marks",
    ]


def cases() -> list[Case]:
    return [
        Case("Source plan (Ban Thường vụ Tỉnh ủy Hưng Yên), registry records/", RECORDS / "nguon" / "kh-ct28-tinh-uy-hung-yen.md", [RECORDS], [RECORDS], "kh-ct28-tinh-uy-hung-yen"),
        Case(
            "Second text (Huyện ủy Văn Lâm, illustrative), province registry only", SECOND / "van-ban.txt", [RECORDS],
            [RECORDS, SECOND / "expected"], "kh-42-kh-hu-van-lam",
        ),
        Case(
            "Second text (Huyện ủy Văn Lâm, illustrative), registry with the district's organizations", SECOND / "van-ban.txt",
            [RECORDS, SECOND / "expected"], [RECORDS, SECOND / "expected"], "kh-42-kh-hu-van-lam",
        ),
        Case(
            "Third text (Đảng ủy Khối, illustrative), province registry only", THIRD / "van-ban.txt", [RECORDS],
            [RECORDS, THIRD / "expected"], "kh-dang-uy-khoi-ct28",
        ),
        Case(
            "Third text (Đảng ủy Khối, illustrative), registry with the Khối's organizations", THIRD / "van-ban.txt",
            [RECORDS, THIRD / "expected"], [RECORDS, THIRD / "expected"], "kh-dang-uy-khoi-ct28",
        ),
        Case(
            "Fourth text (Đảng ủy xã, illustrative), province registry only", FOURTH / "van-ban.txt",
            [RECORDS], [RECORDS, FOURTH / "expected"], "kh-15-kh-du-tan-an",
        ),
        Case(
            "Fourth text (Đảng ủy xã, illustrative), registry with the xã's and district's organizations", FOURTH / "van-ban.txt",
            [RECORDS, FOURTH / "expected"], [RECORDS, FOURTH / "expected"], "kh-15-kh-du-tan-an",
        ),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure kehoach nhap against hand-encoded records.")
    parser.add_argument("--readme", default="/tmp/readme-importer-table.md", help="where to write the figures as a Markdown table")
    parser.add_argument("--summary", action="store_true", help="also print the importer's own summary for each text")
    parser.add_argument("--details", action="store_true", help="print each task whose leads or partners differ")
    args = parser.parse_args(argv)
    results: list[Figures] = []
    for case in cases():
        if args.details:
            print(f"## {case.name} — differences")
        with tempfile.TemporaryDirectory(prefix="kehoach-nhap-") as folder:
            figures = measure(case, Path(folder), show_summary=args.summary, details=args.details)
        results.append(figures)
        print("\n".join(report(figures)) + "\n")
    source = results[0]
    met = source.units_identical == source.units_expected and source.f1 >= 0.9 and source.deadlines_exact >= 0.9 * source.tasks_matched
    print(f"Targets on the source plan (100 % units, F1 ≥ 90 %, ≥ 90 % deadlines exact among matched tasks): {'met' if met else 'NOT met'}")
    paragraph = _readme(results)
    Path(args.readme).write_text(paragraph, encoding="utf-8")
    print(f"\nMarkdown table written to {args.readme}")
    return 0


def _readme(results: list[Figures]) -> str:
    lines = [
        "### Importer figures (`python benchmarks/importer.py`)",
        "",
        "`kehoach nhap` compared with records encoded by hand (units aligned in order; tasks matched by section and order; "
        "a new organization the draft made counts as the hand-encoded one with its name):",
        "",
        "| Text and registry | Units identical | Leads + partners P / R / F1 | Deadlines exact (matched tasks / all tasks) | Tasks matched | Check errors |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in results:
        lines.append(
            f"| {f.name} | {f.units_identical}/{f.units_expected} ({_percent(f.units_identical, f.units_expected)}) "
            f"| {_percent(f.tp, f.tp + f.fp)} / {_percent(f.tp, f.tp + f.fn)} / {_percent(f.f1, 1)} "
            f"| {f.deadlines_exact}/{f.tasks_matched} ({_percent(f.deadlines_exact, f.tasks_matched)}) / {f.deadlines_exact}/{f.tasks_expected} "
            f"| {f.tasks_matched}/{f.tasks_expected} | {f.check_errors} |"
        )
    lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
