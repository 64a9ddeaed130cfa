"""`occurrence`: too many (or too few) occurrences of tokens/patterns in a scope.

    type: occurrence
    patterns: ['!']
    scope: paragraph
    max: 1          # flag the occurrences past the first `max`
    min: 0          # flag a scope with fewer than `min` (at its start)
"""
from __future__ import annotations

from .base import Match, finditer, segments, with_quotes
from .existence import compile_all

FIELDS = ("tokens", "patterns", "nonword", "min", "max")
NEEDS: frozenset[str] = frozenset()
LOCAL = True  # reads one scope unit at a time: a rule with a scope inside a paragraph is checked paragraph by paragraph


def build(raw, where, rule):
    rxs = compile_all(raw, where, rule.ignorecase)
    lo, hi = raw.get("min"), raw.get("max")
    if lo is None and hi is None:
        raise where("needs `min` or `max`")

    def matcher(ctx, rule):
        text = with_quotes(ctx, rule, ctx.document.masked)
        for start, end in segments(ctx, rule.scope):
            found = sorted((m for rx in rxs for m in finditer(rx, text, start, end)), key=lambda m: m.start())
            if hi is not None and len(found) > hi:
                for m in found[hi:]:
                    yield Match(m.start(), m.end(), {"count": str(len(found)), "max": str(hi)})
            if lo is not None and len(found) < lo:
                seg_end = min(end, text.find("\n", start) if "\n" in text[start:end] else end)
                yield Match(start, max(seg_end, start + 1), {"count": str(len(found)), "min": str(lo)})

    return matcher
