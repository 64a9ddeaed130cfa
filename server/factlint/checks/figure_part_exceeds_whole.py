"""figure/part-exceeds-whole: a part counted as more than the whole it is a part of.

## What it flags
A count given as a part of another count in the same sentence ("37 of 40 cruise
missiles", "40 missiles, of which 37 were shot down", "killed 12 people,
including 4 children") that is larger than that whole, beyond either's hedge.
One of the two numbers is wrong, whatever the archive says: the draft
contradicts itself.

## Why an editor cares
Interception tallies ("shot down 46 of 40 missiles") and tolls with a part
singled out are where a slipped digit is most common, and the sentence itself
shows the error to every reader. It needs no corpus, so it also catches a night
the archive does not have and a draft with no date.

## Example
    The air force said it had shot down 46 of 40 cruise missiles.
    -> 46 is more than the 40 cruise missiles it is counted of

## Corrected
    The air force said it had shot down 37 of 40 cruise missiles.

## How it decides
(`facts.figures.whole_of`.) The whole is the one count of the same thing the
sentence reads as a whole (the number after "of" / "out of", the count before
"of which", "of them", "including" or "among them"; after "among" itself the
count is the whole). When a sentence has several wholes of one thing, only the
one the part's own "of" takes is used; a part with no such whole is left alone.

## When the fix is unsafe
No fix is offered: either number may be the wrong one.

## Options
None; disable with `disable = ["figure/part-exceeds-whole"]` or per line with
`<!-- factlint-disable-next-line figure/part-exceeds-whole -->`.
"""
from __future__ import annotations

from ..facts import figures
from ..finding import Finding, Severity, Span
from ..registry import register

NEEDS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@register("figure/part-exceeds-whole", category="figure", severity=Severity.WARNING, needs=NEEDS)
def check(ctx) -> list[Finding]:
    out = []
    for _, claims in figures.extract_by_paragraph(ctx.analysed):
        for part in claims:
            whole = figures.whole_of(part, claims)
            if whole is not None and part.lo > whole.hi + 1e-9:
                what = f"{whole.text} {whole.thing_text}".strip()
                out.append(Finding("figure/part-exceeds-whole", "figure", Severity.WARNING,
                                   f"{part.text} is more than the {what} it is counted of: one of the two "
                                   f"numbers is wrong", Span(part.start, part.end),
                                   data={"part": part.value, "whole": whole.value}))
    return out
