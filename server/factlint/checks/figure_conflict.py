"""figure/conflict: a number in the draft that contradicts the corpus for the same fact.

## What it flags
A figure (count, money, percentage, ordinal, age, year, time of day) whose value
differs, beyond its hedge, from the corpus's figure for the same fact: the same
thing counted ("drones", "airports", "hours"), the same act ("launched",
"intercepted", "closed"), in the same event.

## Why an editor cares
A wrong number is the most common factual error in fast news copy, and the
easiest to check against what has already been published.

## Example
    Russia launched a record 154 drones at Ukraine overnight, Zelensky said.
    -> The corpus has 145 drones for this (004_8570cabb535c07b7.txt:10: ...)

## Corrected
    Russia launched a record 145 drones at Ukraine overnight, Zelensky said.

## How it decides
(`match.figures`; its parameters in `match.params`.)
Corpus figures about the same thing are fetched from the index (never a scan of
every figure) and scored by how well they match the draft's figure: act, words
of the sentence and paragraph, the event (the article's vocabulary and its other
figures, which the draft paragraph may repeat), "record" and part/whole roles.
It flags only when a corpus figure clearly is the same fact and no figure
that matches about as well agrees with the draft (a correct "record 539" in a
story about July 2025 is not contradicted by November 2024's "record 145"). A
figure the corpus never states is not a conflict; a draft figure that is the sum
of corpus figures agrees. Where the corpus gives two values for the same fact,
both are cited. It stays silent when the corpus figure is another event's: another
night by the days of the two stories (their own words, else their ledes), a story
in another place (each lede names places the other text never names), or a fact
dated only to a stretch of several nights ("earlier this month"); and when either
figure is given as an estimate ("according to estimates"): one source's
reckoning is not the record.

## When the fix is unsafe
The suggestion swaps the number only, in the draft's style (digits stay digits,
words stay words). If the draft deliberately reports a newer figure, ignore it.

## Options
None yet; disable with `disable = ["figure/conflict"]` or per line with
`<!-- factlint-disable-next-line figure/conflict -->`.
"""
from __future__ import annotations

import re

from num2words import num2words

from ..facts.figures import Claim
from ..facts.numbers import HEDGE_WORDS, hedge_before, parse_number
from ..facts.rows import CorpusFigure
from ..finding import Edit, Finding, Severity, Source, Span, excerpt
from ..match.figures import Scored, conflicts
from ..registry import register

NEEDS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "corpus")


@register("figure/conflict", category="figure", severity=Severity.WARNING, needs=NEEDS)
def check(ctx) -> list[Finding]:
    return conflicts(ctx, lambda claim, cited: _finding(claim, cited, ctx))


def _render(value: float, style: str, like: str) -> str:
    """The corpus value in the draft's style: words stay words, digits digits."""
    if value != int(value):
        return f"{value:g}"
    n = int(value)
    if style == "words" and n <= 99:
        words = num2words(n)
        return words.capitalize() if like[:1].isupper() else words
    if "," in like or n >= 10000:
        return f"{n:,}"
    return str(n)


def _replacement(claim, c: CorpusFigure) -> str:
    unit_value = c.value
    if claim.unit == "money":
        # keep the draft's scale word: "$8 billion" -> "6"
        scale = claim.value / (parse_number(claim.num_text) or 1)
        unit_value = c.value / scale if scale else c.value
    if claim.unit == "time" and unit_value >= 12 and claim.value < 12:
        unit_value -= 12
    text = _render(unit_value, claim.style, claim.num_text)
    if claim.unit == "ordinal":
        text += _ordinal_suffix(int(unit_value))
    return text


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _what(c: CorpusFigure) -> str:
    """What the corpus says, as hedged as it says it ("nearly three-year-long conflict"), with
    the words its sentence has between the figure and the counted noun when they are few
    ("150 square metres", not "150 metres")."""
    what = f"{c.text} {c.thing_text}" if c.thing_text else c.text
    sentence = " ".join(c.sentence.split())
    at = _at(sentence, c.text)
    end = sentence.find(c.thing_text, at + len(c.text)) if c.thing_text and at >= 0 else -1
    if end > 0 and len(sentence[at + len(c.text):end].split()) <= 2:
        what = sentence[at:end + len(c.thing_text)]
    if c.text[:1].isupper() and c.text.replace("-", "").isalpha():
        what = what[0].lower() + what[1:]  # a number word that began its sentence ("Three of them")
    return f"{HEDGE_WORDS[c.hedge]} {what}" if c.hedge else what


def _at(sentence: str, text: str) -> int:
    """Where the figure's text stands in its sentence as a word of its own (the "5" of "5
    people", not of "15 people"), or -1."""
    m = re.search(rf"(?<![\w.,]){re.escape(text)}(?![\w]|[.,]\d)", sentence)
    return m.start() if m else -1


def _marked(c: CorpusFigure) -> str:
    """The corpus sentence, whole, with its figure marked (**145**)."""
    sentence = " ".join(c.sentence.split())
    i = _at(sentence, c.text)
    return sentence if i < 0 else f"{sentence[:i]}**{c.text}**{sentence[i + len(c.text):]}"


def _source(s: Scored) -> Source:
    c, a = s.figure, s.article
    if a is None:
        return Source(c.path, c.line, _marked(c), c.start, c.end)
    # (an article with no front matter is titled by its first line: a title's length of it)
    return Source(c.path, c.line, _marked(c), c.start, c.end, excerpt(a.title, 60) if a.title else None, a.outlet,
                  a.date)


def _finding(claim: Claim, scored: list[Scored], ctx) -> Finding:
    cited = [s.figure for s in scored]
    sources = tuple(_source(s) for s in scored)
    if len({c.value for c in cited}) == 1:
        c, label = cited[0], sources[0].label()
        message = (f"The corpus has {_what(c)} for this ({c.name}:{c.line}: '{excerpt(c.sentence, 70)}')"
                   + (f" — {label}" if label else ""))
    else:  # several values for one fact (an early count and a later one, two sources): latest first
        parts = "; ".join(f"{_what(c)} ({', '.join(x for x in (src.outlet, src.date) if x) or c.name}, "
                          f"{c.name}:{c.line})" for c, src in zip(cited, sources))
        message = f"The corpus has other values for this: {parts}"
    span = Span(claim.start, claim.end)
    edits = []
    seen = set()
    text = ctx.document.text
    for c in cited:
        new = _replacement(claim, c)
        start = claim.num_start
        if claim.hedge in ("gt", "lt") and c.hedge != claim.hedge:
            # "over 625" made "over 539" would say more than the corpus's 539: the strict
            # hedge goes with the number (a currency sign before the number stays)
            hedge = hedge_before(text, claim.start)
            if hedge is not None:
                start, new = hedge[1], text[claim.start:claim.num_start] + new
        if new not in seen and new != text[start:claim.num_end]:
            seen.add(new)
            edits.append(Edit(Span(start, claim.num_end), new, f"Replace with {new} (corpus)"))
    return Finding("figure/conflict", "figure", Severity.WARNING, message, span, tuple(edits), sources,
                   data={"corpus_values": [c.value for c in cited], "event": [s.raw_event for s in scored],
                         "match": {"event_article": cited[0].name, "thing": claim.thing, "act": claim.action,
                                   "corpus_act": cited[0].action, "event_score": round(scored[0].event, 2),
                                   "sentence_overlap": round(scored[0].sent, 2), "because": scored[0].because}})
