"""The findings on the demo, the dev drafts and (when ../shared/eval is here) the labelled sets
equal the recorded snapshot (scripts/snapshot.py): a change meant to keep behaviour keeps it.
A change meant to alter findings rewrites the snapshot (`python scripts/snapshot.py --write`)
in the same commit, so the difference is reviewed."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("snapshot", ROOT / "scripts" / "snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)
FACTLINT = str(Path(sys.executable).parent / "factlint")
SHARED = [name for name in ("dev", "real-dev", "archive-dev") if name in snapshot.sets()]


def _compare(names):
    recorded = json.loads(snapshot.SNAPSHOT.read_text())
    return snapshot.compare(recorded, snapshot.current(names, FACTLINT))


def test_demo_and_dev_drafts_findings_equal_the_snapshot():
    assert _compare(["demo", "dev-drafts"]) == []


@pytest.mark.slow
@pytest.mark.skipif(not SHARED, reason="the shared evaluation sets (../shared/eval) are not beside this checkout")
def test_labelled_sets_findings_equal_the_snapshot():
    assert _compare(SHARED) == []


def test_compare_reports_a_changed_finding():
    recorded = {"demo": {"draft.md": [{"code": "figure/conflict", "range": "3:33-3:36"}]}}
    assert snapshot.compare(recorded, {"demo": {"draft.md": []}})
    assert snapshot.compare(recorded, recorded) == []
