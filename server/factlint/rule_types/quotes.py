"""`quotes`: unbalanced quotation marks within a paragraph.

    type: quotes
    double: true      # check “ ” and straight "
    single: true      # check ‘ ’ and straight ' (apostrophes are told apart)

A paragraph that opens a quotation without closing it is fine when the next
paragraph opens with a quotation mark (the multi-paragraph quote convention).
The finding marks the mark that has no partner.
"""
from __future__ import annotations

from ..facts.quotemarks import DOUBLE, SINGLE, kind, unmatched
from .base import Match

FIELDS = ("double", "single")
NEEDS: frozenset[str] = frozenset()


def build(raw, where, rule):
    families = []
    if raw.get("double", True):
        families.append(DOUBLE)
    if raw.get("single", True):
        families.append(SINGLE)

    def matcher(ctx, rule):
        doc = ctx.document
        text = doc.masked
        paras = doc.paragraphs
        for n, p in enumerate(paras):
            nxt = paras[n + 1].text.lstrip() if n + 1 < len(paras) else ""
            for marks in families:
                continues = bool(nxt) and nxt[0] in marks and kind(nxt, 0) == "open"
                for i in unmatched(text, p.start, p.end, marks, continues):
                    yield Match(i, i + 1, {"mark": text[i]})

    return matcher
