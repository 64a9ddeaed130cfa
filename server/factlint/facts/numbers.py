"""Numbers as news writes them: the expressions (digits, words, currency, scale, percent,
ordinals, compounds, times of day), their values, and the hedges around them as intervals.

`FIGURE_RE` finds a number expression; `parse_number` reads its value (number words through the
`text2num` library; "dozen" and "and a half" here); `hedge_before` finds the hedge that precedes
it ("more than", "about"); `interval` is the range of values the hedged number allows.
"""
from __future__ import annotations

import math
import re

from text_to_num import text2num

_UNITS = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"

_WORD = rf"(?:(?:{_TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNITS}|hundred|thousand|million|billion)"

_WORDNUM = rf"(?:a\s+dozen|(?:{_WORD})(?:(?:\s+and\s+|[\s-])(?:{_WORD}))*(?:\s+dozen)?|dozen)"

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_HALF = r"[\s-]and[\s-]a[\s-]half"  # "two and a half years", "a four-and-a-half-year war"

_SCALE = r"bn|billion|mn|million|m|k|thousand|trillion|tn"

FIGURE_RE = re.compile(
    rf"""
    (?<![\w.,$£€-])(?<!\w-)                          # not inside a word or a name like Su-34
    (?:(?P<cur>US\$|\$|£|€)\s?)?                   # (the space only after a currency sign)
    (?P<num>(?:{_DIGITS}|(?i:{_WORDNUM}))(?i:{_HALF})?)
    (?:(?P<ord>st|nd|rd|th)(?![a-z]))?
    (?:\s?(?P<scale>(?i:{_SCALE}))(?![a-z]))?
    (?:\s?(?P<pct>%|(?i:per\s?cent|percent)\b))?
    (?:\s?(?P<ampm>(?i:a\.m\.|p\.m\.|am|pm))(?![a-z]))?
    (?:-(?P<compound>[a-z]+(?:-[a-z]+)?))?
    (?![\w])
    """,
    re.X,
)

HEDGES = [
    # (words before the number, kind)
    (("more than", "over", "upwards of", "in excess of", "above", "greater than", "exceeding"), "gt"),
    (("at least", "no fewer than", "no less than", "a minimum of", "not less than"), "ge"),
    (("up to", "as many as", "no more than", "at most", "a maximum of"), "le"),
    (("fewer than", "less than", "under", "below"), "lt"),
    (("nearly", "almost", "close to", "just under", "just shy of"), "nearly"),
    (("about", "approximately", "around", "roughly", "some", "an estimated", "estimated", "circa", "approx.", "approx", "~"), "about"),
]

def parse_number(num: str) -> float | None:
    s = num.strip().lower()
    if half := re.search(rf"{_HALF}$", s):
        whole = parse_number(s[: half.start()])
        return None if whole is None else whole + 0.5
    if re.fullmatch(_DIGITS, s):
        return float(s.replace(",", ""))
    s = re.sub(r"\s+", " ", s)
    dozen = 1.0
    if s in ("a dozen", "dozen"):
        return 12.0
    if s.endswith(" dozen"):
        s, dozen = s[: -len(" dozen")], 12.0
    try:
        return float(text2num(s, "en")) * dozen
    except ValueError:
        try:  # "one hundred and forty-five": text2num wants no "and" in some forms
            return float(text2num(s.replace(" and ", " "), "en")) * dozen
        except ValueError:
            return None

def hedge_before(text: str, start: int) -> tuple[str, int] | None:
    """The hedge right before the number at `start`: (its kind, where its words begin)."""
    lo = max(0, start - 24)
    before = text[lo:start].lower()
    for words, kind in HEDGES:
        for w in words:
            if m := re.search(rf"(?:^|[^\w])({re.escape(w)})\s*$", before):
                return kind, lo + m.start(1)
    return None

# Hedges that bound a value on one side only ("more than 40", "up to 20"): not a value of their own.
ONE_SIDED = frozenset({"gt", "ge", "lt", "le"})


def interval(value: float, hedge: str | None) -> tuple[float, float]:
    tol = max(0.5, value * 0.1)
    if hedge == "gt":
        return value + 1e-9, math.inf
    if hedge == "ge":
        return value, math.inf
    if hedge == "le":
        return 0.0, value
    if hedge == "lt":
        return 0.0, value - 1e-9
    if hedge == "nearly":
        return value - max(1.0, value * 0.15), value
    if hedge == "about":
        return value - tol, value + tol
    return value, value


# How each kind of hedge is said (the first words `HEDGES` lists for it), for saying what the corpus says.
HEDGE_WORDS = {kind: words[0] for words, kind in HEDGES}
