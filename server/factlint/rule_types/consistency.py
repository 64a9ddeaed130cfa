"""`consistency`: one spelling per document among forms that name the same thing.

    type: consistency
    either:
      - [Zelensky, Zelenskyy, Zelenskiy]
    message: "'{match}' here, '{replacement}' earlier: use one spelling"

The first form the document uses wins; every other form is flagged with a fix
to the winning one. Forms match whole words, so 'Zelenska' is not 'Zelensky'.
"""
from __future__ import annotations

from .base import Match, finditer, segments, token_regex, with_quotes

FIELDS = ("either",)
NEEDS: frozenset[str] = frozenset()


def build(raw, where, rule):
    groups = raw.get("either")
    if not isinstance(groups, list) or not groups or not all(isinstance(g, list) and len(g) >= 2 for g in groups):
        raise where("needs `either`: a list of lists of two or more forms", "either")
    compiled = []
    for i, forms in enumerate(groups):
        compiled.append([(f, token_regex([f], rule.ignorecase, lambda m, i=i: where(m, "either", i))) for f in forms])

    def matcher(ctx, rule):
        text = with_quotes(ctx, rule, ctx.document.masked)
        for group in compiled:
            hits = []
            for start, end in segments(ctx, "document"):
                for form, rx in group:
                    hits += [(m.start(), m.end(), form) for m in finditer(rx, text, start, end)]
            if not hits:
                continue
            hits.sort()
            winner = hits[0][2]
            for s, e, form in hits:
                if form != winner:
                    yield Match(s, e, {"replacement": winner}, replacement=winner)

    return matcher
