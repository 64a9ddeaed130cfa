"""The adaptive debounce (`state.Typing`): answer at once after a pause, wait for a pause
while edits come faster than a check takes."""
from __future__ import annotations

import pytest

from factlint.lsp import state
from factlint.lsp.state import MAX_DEBOUNCE, MIN_DEBOUNCE, PAUSE, Typing


@pytest.fixture(autouse=True)
def adaptive(monkeypatch):
    monkeypatch.setattr(state, "FIXED_DEBOUNCE", None)


def test_the_first_edit_after_a_pause_is_checked_at_once():
    t = Typing()
    t.edited(0.0)
    assert t.delay() == MIN_DEBOUNCE
    t.checked(0.2)
    t.edited(10.0)  # long after: a new burst
    assert t.delay() == MIN_DEBOUNCE


def test_typing_slower_than_a_check_is_answered_at_once():
    t = Typing()
    t.checked(0.03)
    for i in range(10):
        t.edited(i * 0.3)  # 200 characters a minute, a 30 ms check
    assert t.delay() == MIN_DEBOUNCE


def test_a_burst_faster_than_a_check_waits_for_its_pause():
    t = Typing()
    t.checked(0.2)  # a long draft: 200 ms a check
    for i in range(10):
        t.edited(i * 0.08)  # a fast typist: 80 ms apart
    assert t.delay() == pytest.approx(1.5 * 0.08)
    slow = Typing()
    slow.checked(2.0)
    for i in range(10):
        slow.edited(i * 0.4)
    assert slow.delay() == MAX_DEBOUNCE  # never longer than this
    slow.edited(10 * 0.4 + PAUSE + 0.1)
    assert slow.delay() == MIN_DEBOUNCE


def test_a_fixed_debounce_wins(monkeypatch):
    monkeypatch.setattr(state, "FIXED_DEBOUNCE", 0.06)
    t = Typing()
    t.edited(0.0)
    assert t.delay() == 0.06
