"""Records read on two processes load exactly as read on one: same registry, same problems."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from benchmarks import synthetic

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, hashlib, json, os, sys
    from pathlib import Path
    import kehoach.records.loader as loader
    from kehoach.content.pages import SiteOptions, build_site_pages
    from kehoach.plugin.parallel import map_shared

    forks = []
    fork = os.fork
    os.fork = lambda: forks.append(1) or fork()

    def digest(share):
        loader.READ_ELSEWHERE = share
        forks.clear()
        result = loader.load_records(Path(sys.argv[1]), "records", today=dt.date(2025, 6, 30), map_files=map_shared)
        pages = build_site_pages(result.registry, None, SiteOptions(as_of=dt.date(2025, 6, 30))) if not result.errors else []
        text = "".join(p.path + p.content for p in pages)
        return {"problems": [str(p) for p in result.problems], "pages": hashlib.sha256(text.encode()).hexdigest(), "tasks": len(result.registry.tasks), "forked": len(forks) > 0}

    print(json.dumps([digest(0.0), digest(0.5)]))
    """
)


def _load_both_ways(records) -> tuple[dict, dict]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(records)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    alone, shared = json.loads(result.stdout)
    assert not alone.pop("forked") and shared.pop("forked"), "read on one process, then on two"
    return alone, shared


def test_a_corpus_read_on_two_processes_gives_the_same_site(tmp_path):
    synthetic.generate(tmp_path / "records", "small", seed=3)
    alone, shared = _load_both_ways(tmp_path / "records")
    assert alone["tasks"] == 250 and alone["problems"] == []
    assert shared == alone


def test_problems_in_files_read_by_the_second_process_are_all_reported(tmp_path):
    records = tmp_path / "records"
    synthetic.generate(records, "small", seed=3)
    updates = sorted((records / "cap-nhat").rglob("*.yml"))
    assert len(updates) > 900
    updates[-1].write_text("ke_hoach: [\n", encoding="utf-8")  # a YAML error near the end: the second process's share
    updates[-2].write_text("ke_hoach: x\nngay: 2019-02-31\nla: 1\n", encoding="utf-8")
    alone, shared = _load_both_ways(records)
    assert shared == alone
    shown = [line for line in alone["problems"] if updates[-1].name in line or updates[-2].name in line]
    assert len(shown) >= 3, alone["problems"]
