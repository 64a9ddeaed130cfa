"""Position conversion at the server's edge: code points <-> the client's units, per line,
agreeing with pygls's codec and linear in a long line (no per-position pass over it)."""
from __future__ import annotations

import random

import pytest

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from factlint.finding import LineIndex, Position
from factlint.lsp.convert import Lines, from_position, shift_diagnostics, to_position

ALPHABET = ["a", "é", "😀", "中", "\u2028", " ", "Z", "\n", "\r\n", "\r"]


def test_conversion_agrees_with_pygls_and_round_trips():
    rng = random.Random(1)
    for enc in ("utf-16", "utf-8", "utf-32"):
        codec = PositionCodec(types.PositionEncodingKind(enc))
        for _ in range(200):
            lines = Lines("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))))
            for li, line in enumerate(lines):
                for col in range(len(line) + 1):
                    mine = to_position(lines, codec, Position(li, col))
                    ref = codec.position_to_client_units(list(lines), types.Position(line=li, character=col))
                    assert (mine.line, mine.character) == (ref.line, ref.character), (enc, line, col)
                    assert from_position(lines, codec, mine) == Position(li, col)


def test_a_long_line_is_counted_once_for_all_its_positions():
    """500 findings on one long line: the line's units are counted once, then looked up (pygls's
    codec re-read the line for every position and held the event loop: fuzzing, seed 3674)."""
    lines = Lines("😀 Was done. " * 20_000)
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    got = [to_position(lines, codec, Position(0, col)).character for col in range(0, 240_000, 480)]
    assert got == [col + -(-col // 12) for col in range(0, 240_000, 480)]  # one extra unit per emoji before
    assert list(lines._units) == [(0, "utf-16")]
    assert Lines("plain ASCII")._units == {} and Lines("plain ASCII").units(0, "utf-16") is None


# ---------------------------------------------------------------------- diagnostics moved with an edit

def _diag(l1, c1, l2, c2, code="x"):
    return types.Diagnostic(range=types.Range(start=types.Position(line=l1, character=c1),
                                              end=types.Position(line=l2, character=c2)),
                            message=code, code=code, data={"code": code})


def _change(l1, c1, l2, c2, text):
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2)), text=text)


def _apply(text: str, change, encoding: str) -> str:
    lines = Lines(text)
    codec = PositionCodec(types.PositionEncodingKind(encoding))
    index = LineIndex(text)
    s = index.offset(from_position(lines, codec, change.range.start))
    e = index.offset(from_position(lines, codec, change.range.end))
    return text[:s] + change.text + text[e:]


def _covered(text: str, d, encoding: str) -> str:
    lines, codec, index = Lines(text), PositionCodec(types.PositionEncodingKind(encoding)), LineIndex(text)
    return text[index.offset(from_position(lines, codec, d.range.start)):index.offset(from_position(lines, codec, d.range.end))]


def test_moved_diagnostics_cover_the_same_words_after_random_edits():
    """Random texts with emoji and CJK, random diagnostics on words, random edits in every
    encoding: each diagnostic kept covers the same characters after the edit, those the edit
    touched are gone, and one before the edit is untouched."""
    rng = random.Random(7)
    words = ["😀", "中文", "Kyiv", "154", "drones", "é"]
    for encoding in ("utf-16", "utf-8", "utf-32"):
        codec = PositionCodec(types.PositionEncodingKind(encoding))
        for _ in range(300):
            text = "".join(rng.choice(words + [" ", " ", "\n"]) for _ in range(rng.randint(5, 30)))
            lines, index = Lines(text), LineIndex(text)

            def rng_of(s, e):
                return types.Range(start=to_position(lines, codec, index.position(s)), end=to_position(lines, codec, index.position(e)))

            diags = []
            for _ in range(rng.randint(1, 4)):
                s = rng.randint(0, len(text) - 1)
                e = min(len(text), s + rng.randint(1, 5))
                r = rng_of(s, e)
                diags.append(types.Diagnostic(range=r, message=text[s:e], code="x"))
            s = rng.randint(0, len(text))
            e = min(len(text), s + rng.randint(0, 4))
            r = rng_of(s, e)
            change = _change(r.start.line, r.start.character, r.end.line, r.end.character, rng.choice(["", "a", "😀\n中", "\n\n", "x y"]))
            after = _apply(text, change, encoding)
            moved = shift_diagnostics(diags, [change], encoding)
            for d in moved:
                assert _covered(after, d, encoding) == d.message, (text, change, d)
            for d in diags:
                ds, de = index.offset(from_position(lines, codec, d.range.start)), index.offset(from_position(lines, codec, d.range.end))
                if de < s or ds > e:
                    assert any(m.message == d.message for m in moved)


def test_an_edit_moves_later_lines_and_the_rest_of_its_own_line():
    text_diags = [_diag(0, 0, 0, 4, "before"), _diag(0, 10, 0, 13, "same-line-after"), _diag(3, 2, 3, 5, "later-line")]
    # two lines inserted at 0:6, the second line of the insertion 2 UTF-16 units long (an emoji)
    moved = shift_diagnostics(text_diags, [_change(0, 6, 0, 6, "a\nb\n😀")], "utf-16")
    by = {d.code: d.range for d in moved}
    assert (by["before"].start.line, by["before"].start.character) == (0, 0)
    assert (by["same-line-after"].start.line, by["same-line-after"].start.character, by["same-line-after"].end.character) == (2, 6, 9)
    assert (by["later-line"].start.line, by["later-line"].start.character) == (5, 2)
    assert all(d.data == {"moved": True} for d in moved if d.code != "before")


def test_a_touched_diagnostic_goes_and_a_full_text_change_moves_nothing():
    diags = [_diag(0, 5, 0, 8, "hit"), _diag(2, 0, 2, 3, "later")]
    moved = shift_diagnostics(diags, [_change(0, 6, 0, 7, "4")], "utf-16")
    assert [d.code for d in moved] == ["later"]  # dropped: the check's answer will say
    assert shift_diagnostics(diags, [types.TextDocumentContentChangeWholeDocument(text="new")], "utf-16") is None
    assert shift_diagnostics(diags, [_change(1, 0, 1, 0, "x")], "utf-16") is diags  # nothing moved: nothing to send
    assert shift_diagnostics([_diag(0, 5, 0, 8, "hit")], [_change(0, 6, 0, 7, "4")], "utf-16") == []  # none left


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_fast_codec_converts_edits_exactly_as_pygls(encoding):
    """textdoc.FastCodec skips pygls's per-character count on one-unit-per-character lines;
    its answers must be pygls's own, on every kind of line (ASCII, BMP, astral, line ends)."""
    import random

    from pygls.workspace.position_codec import PositionCodec

    from factlint.lsp.textdoc import _LINE, FastCodec

    rng = random.Random(7)
    kind = types.PositionEncodingKind(encoding)
    pygls_codec, fast = PositionCodec(kind), FastCodec(kind)
    for _ in range(5000):
        text = "".join(rng.choice("ab \r\n\t😀基é") for _ in range(rng.randint(0, 30)))
        lines = tuple(_LINE.findall(text))
        line, character = rng.randint(0, len(lines) + 1), rng.randint(0, 40)
        a = pygls_codec.position_from_client_units(lines, types.Position(line=line, character=character))
        b = fast.position_from_client_units(lines, types.Position(line=line, character=character))
        assert (a.line, a.character) == (b.line, b.character), (text, line, character)


@pytest.mark.expect_engine_failure  # a check breaks on purpose
def test_a_failing_check_is_one_information_diagnostic_on_the_draft(make_engine):
    from factlint.lsp.convert import lines_of, to_diagnostic
    from factlint.registry import CheckSpec
    from factlint.finding import Severity

    def broken(ctx):
        raise RuntimeError("boom")

    engine = make_engine(checks=[CheckSpec("style/broken", "style", Severity.WARNING, broken)])
    text = "😀 Drones hit Kyiv.\n"
    findings = engine.check(text, "d.md")
    (d,) = [to_diagnostic(f, LineIndex(text), lines_of(text), PositionCodec()) for f in findings]
    assert d.severity == types.DiagnosticSeverity.Information and d.code == "internal/check-failed"
    assert "style/broken" in d.message and "RuntimeError: boom" in d.message
    assert (d.range.start.line, d.range.start.character) == (0, 0)
