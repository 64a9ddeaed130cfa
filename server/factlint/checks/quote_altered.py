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
correct. Only quotes whose speaker resolves to the same person as the corpus
quote's are compared; otherwise the check stays silent.

## When the fix is unsafe
The fix replaces the quoted words with the corpus wording; if the draft quotes
a different remark that happens to be worded alike, ignore it.

## Options
None yet.
"""
from __future__ import annotations

import re

from .. import quotes as quotes_mod
from ..facts.quote_change import meaning_change, words_of
from ..finding import Edit, Finding, Severity, Source, Span
from ..quote_match import match_all, same, verbatim
from ..registry import register
from .quote_misattributed import NEEDS, excerpt

MIN_SIMILARITY = 0.45  # word-order similarity of the draft quote and the corpus stretch
MIN_SHARED = 0.5  # share of the draft's words found, in order, in the corpus stretch
_TRAIL = ".,;:!?…"


@register("quote/altered", category="quote", severity=Severity.WARNING, needs=NEEDS)
def check(ctx) -> list[Finding]:
    findings = []
    for m in match_all(ctx):
        q = m.quote
        if not q.person or m.exact:
            continue
        # every corpus rendering of the remark by this speaker: any of their words is correct
        # (the quotes close enough in wording to be this remark, not everything the speaker said)
        renderings = {w for sim, c, ws, we in m.near if same(c.person, q.person) and sim >= MIN_SIMILARITY
                      for w in c.tokens[max(0, ws - 2):we + 2]}
        draft_words = None
        for sim, c, ws, we in m.near:
            if not same(c.person, q.person) or sim < MIN_SIMILARITY:
                continue
            if quotes_mod.contains(c.tokens, q.tokens):
                break  # a verbatim fragment of a longer remark
            window = c.tokens[ws:we]
            shared = quotes_mod.lcs(q.tokens, window)
            added_to = quotes_mod.contains(q.tokens, c.tokens) and len(c.tokens) >= 3  # words appended to the remark
            if not added_to and (shared < MIN_SHARED * len(q.tokens) or shared < 0.4 * len(window)):
                continue
            if not (quotes_mod.content(q.tokens) & quotes_mod.content(window)):
                continue
            if draft_words is None:  # parsed words and verbatim sentences: once per draft quote
                span = _quote_span(ctx, q)
                draft_words = _draft_words(span, q)
                covered = _covered(ctx, span) if draft_words else set()
            why = meaning_change(draft_words, window, renderings, covered) if draft_words else "wording"
            if why is None:
                break  # the same remark in other words: synonyms, word order, another translation
            findings.append(_finding(ctx, q, c, ws, we, why))
            break
    return findings


def _quote_span(ctx, q):
    """The parsed span of the draft quotation, or None."""
    for para, doc in ctx.analysed.parsed:
        if para.start <= q.start and q.end <= para.end:
            return doc.char_span(q.start - para.start, q.end - para.start, alignment_mode="expand")
    return None


def _draft_words(span, q):
    """The parsed words of the draft quotation (None when they cannot be aligned)."""
    if span is None:
        return None
    words = words_of(span)
    return words if [w.norm for w in words] == q.tokens else None


def _covered(ctx, span) -> set[int]:
    """Indices of the draft quotation's words that belong to one of its sentences found
    verbatim in some corpus quote: a quotation that runs two remarks together ("The signals
    are positive. Trump talked ...") is judged remark by remark."""
    out: set[int] = set()
    exclude = frozenset(ctx.options.get("exclude_paths", ()))
    pos = 0
    for sent in span.sents:
        toks = quotes_mod.normalise(sent.text)
        if len(toks) >= 2 and verbatim(ctx.corpus, toks, exclude):
            out.update(range(pos, pos + len(toks)))
        pos += len(toks)
    return out


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
        if n and inside / n >= 0.4:
            chosen.append((s_start, s_end))
        pos += n
    if not chosen:
        return text.strip().rstrip(_TRAIL + "”’\"'").strip()
    return text[chosen[0][0] : chosen[-1][1]].strip().rstrip(_TRAIL + "”’\"'").strip()


def _finding(ctx, q, c, ws, we, why: str) -> Finding:
    wording = _corpus_wording(c, ws, we)
    who = c.person_name or q.person_name
    message = f"{who}'s words in the corpus: \"{wording}\" ({c.name}:{c.line})"
    draft = ctx.document.text[q.start:q.end]
    trail = draft[len(draft.rstrip(_TRAIL)):]
    edits = (Edit(Span(q.start, q.end), wording + trail, "Use the corpus wording"),)
    sources = (Source(c.path, c.line, excerpt(c.text), c.start, c.end),)
    return Finding("quote/altered", "quote", Severity.WARNING, message, Span(q.start, q.end), edits, sources,
                   data={"corpus_wording": wording, "changed": why})
