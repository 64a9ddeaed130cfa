"""Position conversion at the server's edge: code points <-> the client's units, per line,
agreeing with pygls's codec and linear in a long line (no per-position pass over it)."""
from __future__ import annotations

import random

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from factlint.finding import Position
from factlint.lsp.convert import Lines, from_position, to_position

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
