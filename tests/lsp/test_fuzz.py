"""The language server under random editing (tests/lsp/fuzz.py): a short fixed-seed pass on
every `make test`, every saved regression replayed, and `make fuzz` for the long pass."""
from __future__ import annotations

import json
import os

import pytest

from tests.lsp.fuzz import REGRESSIONS, Session, campaign, make_sequence

SHORT_SEEDS = range(int(os.environ.get("FUZZ_SEQUENCES", "12")))


@pytest.mark.asyncio
async def test_fixed_seed_pass_breaks_no_invariant(tmp_path):
    summary = await campaign(tmp_path / "ws", SHORT_SEEDS, shrink_failures=False)
    assert summary["sequences"] == len(SHORT_SEEDS) and summary["steps"] > 0
    assert summary["failures"] == [], json.dumps(summary["failures"], indent=1)


@pytest.mark.asyncio
async def test_saved_regressions_hold(tmp_path):
    """Each sequence the long pass once found failing (shrunk), replayed on one server."""
    cases = sorted(REGRESSIONS.glob("*.json"))
    assert cases, "tests/lsp/fuzz_regressions/ holds the shrunk failures of earlier runs"
    session = Session(tmp_path / "ws")
    await session.start()
    failed = []
    try:
        for case in cases:
            data = json.loads(case.read_text(encoding="utf-8"))
            v = await session.run(data["steps"])
            if v is not None:
                failed.append(f"{case.name}: {v} (first found as: {data['violation']})")
    finally:
        await session.stop()
    assert not failed, "\n".join(failed)


def test_sequences_are_deterministic_and_varied():
    assert make_sequence(7) == make_sequence(7)
    ops = {s["op"] for seed in range(50) for s in make_sequence(seed)}
    assert ops >= {"open", "change", "replace_all", "close", "hover", "definition", "code_action", "pull",
                   "settle", "apply_fix", "config", "rule", "corpus"}
