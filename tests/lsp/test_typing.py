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
        t.started()  # each earlier edit's check began
        t.edited(i * 0.08)  # a fast typist: 80 ms apart
    assert t.delay(0.72) == pytest.approx(1.5 * 0.08)
    slow = Typing()
    slow.checked(2.0)
    for i in range(10):
        slow.started()
        slow.edited(i * 0.4)
    assert slow.delay(3.6) == MAX_DEBOUNCE  # never longer than this
    slow.edited(10 * 0.4 + PAUSE + 0.1)
    assert slow.delay() == MIN_DEBOUNCE


def test_a_typist_who_never_pauses_is_answered_within_the_longest_wait():
    t = Typing()
    t.checked(1.0)  # a check slower than the typing
    t.edited(0.0)
    t.started()  # the first edit's check began
    for i in range(1, 20):
        t.edited(i * 0.1)
    # the burst's first unchecked edit came at 0.1 s: at 1.9 s the wait is over
    assert t.delay(1.9) == MIN_DEBOUNCE
    assert t.delay(0.15) == pytest.approx(0.15)  # early in the burst: 1.5 gaps


def test_the_last_check_time_is_the_guess_not_the_first_cold_one():
    t = Typing()
    t.checked(3.0)  # the first check of a document parses all of it
    t.checked(0.03)  # re-checks parse one paragraph
    for i in range(10):
        t.edited(i * 0.3)
    assert t.delay(2.7) == MIN_DEBOUNCE


def test_a_fixed_debounce_wins(monkeypatch):
    monkeypatch.setattr(state, "FIXED_DEBOUNCE", 0.06)
    t = Typing()
    t.edited(0.0)
    assert t.delay() == 0.06
