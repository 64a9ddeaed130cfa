"""quote/altered: a quotation whose wording differs from what its speaker said.

## What it flags
A quotation attributed to a person the corpus quotes, close in wording to one of
that person's corpus quotations but with words changed, added or removed: a
flipped "less"/"more", an inserted "not", a changed number, words appended.

## Why an editor cares
A quote is a promise that these were the speaker's words. Paraphrase belongs
outside quotation marks.

## Example
    "Russian military assets are increasingly within reach of our long-range missiles," he said.
    -> Zelensky's words in the corpus: "...within reach of our long-range drones"

## Corrected
    "Russian military assets are increasingly within reach of our long-range drones," he said.

## How it decides
Wording is compared in order (an edit distance over words), never as a bag of
words, so "are positive" and "are not positive" differ. A draft that matches
any corpus version exactly (several translations of one remark exist) is
correct. Quotes whose speaker resolves to a person are compared with that
person's corpus quotes only. A quote with no speaker named (or none resolved) is
compared only with a corpus remark it gives word for word but one exchanged word,
five words or longer: nothing else says it is that remark, so the check stays
silent otherwise. A word exchanged at either end of the quote is compared with the
corpus word in its place. A change counts when it touches a number, a negation, an
opposite (listed pairs, their derived forms and compounds: "decreasingly" for
"increasingly", "short-range" for "long-range", "out of reach" for "within reach";
WordNet's antonyms when installed), a name (a country for its adjective, "Russia's"
for "Russian", is the same name) or a noun no rendering uses (facts/quote_change.py).
A writer's insertion in square brackets ("within reach of our [Ukraine's] drones",
"[sic]") is the writer's, not the speaker's: it is left out of the comparison and
kept by the fixes.

## Fixes
The first fix undoes the one change and keeps the reporter's other words, when
the change is one word of meaning (or a negation) exchanged, added or left out in
place and undoing it leaves a faithful rendering ("perceives everything through
deals, that he can not make a deal" -> "... that he can make a deal": another
translation of the remark, with its negation removed). The other replaces the
quoted words with the corpus wording.

## When the fix is unsafe
If the draft quotes a different remark that happens to be worded alike, ignore
both.

## Options
None yet.
"""
from __future__ import annotations

import re

from ..facts import quotes as quotes_mod
from ..finding import Edit, Finding, Severity, Source, Span, excerpt
from ..match.params import WORDING_SENTENCE_SHARE
from ..match.quotes import Altered, altered
from ..registry import register
from .quote_misattributed import NEEDS

_TRAIL = ".,;:!?…"


@register("quote/altered", category="quote", severity=Severity.WARNING, needs=NEEDS)
def check(ctx) -> list[Finding]:
    return [_finding(ctx, a) for a in altered(ctx)]


def _corpus_wording(c, ws: int, we: int) -> str:
    """The corpus wording the draft departs from: the sentences of the corpus quote
    that the closest stretch mostly covers."""
    text = c.text
    cuts = [0] + [m.end() for m in re.finditer(r"(?<![A-Z])[.!?]+(?=\s+[A-Z“\"‘'])", text)] + [len(text)]
    sentences = [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]
    pos = 0
    chosen = []
    for s_start, s_end in sentences:
        n = len(quotes_mod.normalise(text[s_start:s_end]))
        inside = max(0, min(we, pos + n) - max(ws, pos))
        if n and inside / n >= WORDING_SENTENCE_SHARE:
            chosen.append((s_start, s_end))
        pos += n
    if not chosen:
        return text.strip().rstrip(_TRAIL + "”’\"'").strip()
    return text[chosen[0][0] : chosen[-1][1]].strip().rstrip(_TRAIL + "”’\"'").strip()


def _finding(ctx, a: Altered) -> Finding:
    q, c = a.quote, a.corpus
    wording = _corpus_wording(c, a.start, a.end)
    who = c.person_name or q.person_name
    said = f"{who}'s words in the corpus" if who else "The corpus quotes"
    message = f"{said}: \"{wording}\" ({c.name}:{c.line})"
    draft = ctx.document.text[q.start:q.end]
    trail = draft[len(draft.rstrip(_TRAIL)):]
    edits = (Edit(Span(q.start, q.end), wording + trail, "Use the corpus wording"),)
    if a.undone is not None and a.undone[0] != wording + trail:
        # the reporter's rendering with the one change undone comes first: it keeps their words
        edits = (Edit(Span(q.start, q.end), *a.undone),) + edits
    sources = (Source(c.path, c.line, excerpt(c.text), c.start, c.end),)
    return Finding("quote/altered", "quote", Severity.WARNING, message, Span(q.start, q.end), edits, sources,
                   data={"corpus_wording": wording, "changed": str(a.why)})
