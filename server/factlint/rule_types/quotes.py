"""`quotes`: unbalanced quotation marks within a paragraph.

    type: quotes
    double: true      # check “ ” and straight "
    single: true      # check ‘ ’ and straight ' (apostrophes are told apart)

A paragraph that opens a quotation without closing it is fine when the next
paragraph opens with a quotation mark (the multi-paragraph quote convention).
The finding marks the mark that has no partner.
"""
from __future__ import annotations

from .base import Match

FIELDS = ("double", "single")
NEEDS: frozenset[str] = frozenset()

OPEN_D, CLOSE_D = "“„«", "”»"
OPEN_S, CLOSE_S = "‘", "’"


def _kind(text: str, i: int) -> str | None:
    """'open', 'close' or None (an apostrophe / not a quote) for the mark at i."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in OPEN_D or ch == OPEN_S:
        return "open"
    if ch in CLOSE_D:
        return "close"
    if ch in ("’", "'"):
        if before.isalnum() and after.isalnum():
            return None  # it's, Zelensky’s
        if before.isspace() or before in "([{—–-":
            return "open" if ch == "'" and after.isalnum() else None
        if ch == "’" and after.isalnum():
            return None
        return "close?"  # closing mark or trailing apostrophe (drivers’): decided later
    if ch == '"':
        if before.isspace() or before in "([{—–-:" or i == 0:
            return "open"
        if after.isspace() or not after.isalnum():
            return "close"
        return "open"
    return None


def _check(text: str, start: int, end: int, marks: str, continues: bool):
    """Unmatched marks of one family in text[start:end]."""
    stack: list[int] = []
    stray: list[int] = []
    for i in range(start, end):
        if text[i] not in marks:
            continue
        k = _kind(text, i)
        if k == "open":
            stack.append(i)
        elif k == "close":
            if stack:
                stack.pop()
            else:
                stray.append(i)
        elif k == "close?" and stack:
            stack.pop()
    if stack and continues:
        stack = stack[1:]  # the paragraph's first open quote carries on into the next paragraph
    return stack + stray


def build(raw, where, rule):
    families = []
    if raw.get("double", True):
        families.append(OPEN_D + CLOSE_D + '"')
    if raw.get("single", True):
        families.append(OPEN_S + CLOSE_S + "'")

    def matcher(ctx, rule):
        doc = ctx.document
        text = doc.masked
        paras = doc.paragraphs
        for n, p in enumerate(paras):
            nxt = paras[n + 1].text.lstrip() if n + 1 < len(paras) else ""
            for marks in families:
                continues = bool(nxt) and nxt[0] in marks and _kind(nxt, 0) == "open"
                for i in _check(text, p.start, p.end, marks, continues):
                    yield Match(i, i + 1, {"mark": text[i]})

    return matcher
