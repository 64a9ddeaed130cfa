"""When a figure's act happened, as far as the text says it explicitly.

A draft often mentions another event for context: "In May 2023, two drones were destroyed
near the Kremlin" in a story about November 2024. Such a figure is about the event its
own clause dates, not the story's. `act_time` reads the dates attached to the verb that
governs a figure (a DATE entity hanging from that verb, directly or through a preposition,
not through another verb: "the largest attack since Russia began its offensive in 2022"
dates the offensive, not the attack) and keeps what can be compared: years and month names.

`compatible` says whether a corpus article can be about that time: every year and month
the clause names must be among the dates the article mentions. Relative words ("overnight",
"on Sunday", "last night") name no year or month and are left to the event similarity.
"""
from __future__ import annotations

import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_ABBREV = {m[:3]: m for m in MONTHS} | {"sept": "september"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = re.compile(r"[a-z]+")


def time_words(text: str) -> set[str]:
    """Years and month names of a date expression ("May 2023" -> {"2023", "may"})."""
    low = text.lower()
    out = set(_YEAR.findall(low))
    for w in _WORD.findall(low):
        m = w if w in MONTHS else _ABBREV.get(w)
        if m:
            out.add(m)
    return out


def act_time(verb, sent, figure=None) -> list[str]:
    """Years and months of the DATE expressions that date the act of `verb` (not counting
    the figure's own span: a year is its own date)."""
    if verb is None:
        return []
    out: set[str] = set()
    for ent in sent.ents:
        if ent.label_ != "DATE" or (figure is not None and ent.start < figure.end and figure.start < ent.end):
            continue
        tok = ent.root
        for _ in range(3):  # the date, a preposition, the verb
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i == verb.i:
                out |= time_words(ent.text)
                break
            if tok.pos_ in ("VERB", "AUX"):
                break  # another verb's date
    return sorted(out)


def compatible(when: list[str] | tuple[str, ...], article_times: frozenset[str]) -> bool:
    """Can an article mentioning these dates be about an act dated `when`? A year the
    article never mentions says no; so does a month, when the article names months at all
    (an article that dates nothing by month, "on Sunday", may still be about that month)."""
    months = {w for w in article_times if w in MONTHS}
    for w in when:
        if w in MONTHS:
            if months and w not in months:
                return False
        elif w not in article_times:
            return False
    return True
