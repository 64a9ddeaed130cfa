"""`substitution`: a form to avoid and the one to use; the fix is included.

    type: substitution
    swap:
      Kiev: Kyiv                 # regex -> replacement (may use \\1 groups)
    message: "Use '{replacement}' instead of '{match}'"
"""
from __future__ import annotations

from .base import Match, compile_regex, finditer, segments, with_quotes

FIELDS = ("swap",)
NEEDS: frozenset[str] = frozenset()
LOCAL = True  # reads one scope unit at a time: a rule with a scope inside a paragraph is checked paragraph by paragraph


def build(raw, where, rule):
    swap = raw.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise where("needs `swap`: a mapping of pattern -> replacement", "swap")
    pairs = []
    for bad, good in swap.items():
        rx = compile_regex(rf"(?<!\w)(?:{bad})(?!\w)", rule.ignorecase, lambda m: where(m, "swap", bad))
        pairs.append((rx, str(good)))

    def matcher(ctx, rule):
        text = with_quotes(ctx, rule, ctx.document.masked)
        for start, end in segments(ctx, rule.scope):
            for rx, good in pairs:
                for m in finditer(rx, text, start, end):
                    new = m.expand(good)
                    if new != m.group(0):
                        yield Match(m.start(), m.end(), {"replacement": new}, replacement=new)

    return matcher
