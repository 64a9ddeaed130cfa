"""`existence`: flag every occurrence of listed tokens or regexes.

    type: existence
    tokens: [Related Sources]     # literal words, matched at word boundaries
    patterns: ['^Photo: \\w+$']   # regexes (multiline; `ignorecase` applies to both)
    nonword: false                # true: tokens may match inside words
"""
from __future__ import annotations

from .base import Match, compile_regex, finditer, segments, token_regex, with_quotes

FIELDS = ("tokens", "patterns", "nonword")
NEEDS: frozenset[str] = frozenset()
LOCAL = True  # reads one scope unit at a time: a rule with a scope inside a paragraph is checked paragraph by paragraph


def compile_all(raw, where, ignorecase: bool):
    rxs = []
    if raw.get("tokens"):
        rxs.append(token_regex(raw["tokens"], ignorecase, lambda m: where(m, "tokens"), raw.get("nonword", False)))
    for i, p in enumerate(raw.get("patterns") or ()):
        rxs.append(compile_regex(p, ignorecase, lambda m, i=i: where(m, "patterns", i)))
    if not rxs:
        raise where("needs `tokens` or `patterns`")
    return rxs


def build(raw, where, rule):
    rxs = compile_all(raw, where, rule.ignorecase)

    def matcher(ctx, rule):
        text = with_quotes(ctx, rule, ctx.document.masked)
        for start, end in segments(ctx, rule.scope):
            found = sorted((m for rx in rxs for m in finditer(rx, text, start, end) if m.end() > m.start()),
                           key=lambda m: (m.start(), -m.end()))
            last_end = -1
            for m in found:  # two patterns on one passage make one finding
                if m.start() < last_end:
                    continue
                last_end = m.end()
                yield Match(m.start(), m.end(), {f"{i}": g for i, g in enumerate(m.groups(), 1) if g})

    return matcher
