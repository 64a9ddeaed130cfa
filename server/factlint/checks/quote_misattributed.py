"""quote/misattributed: a corpus quotation given to the wrong speaker.

## What it flags
A direct quotation whose words match a corpus quotation (whole or part, after
folding quotation marks, apostrophes, case, spacing and contractions: "it's" is
"it is") while the draft's speaker is a different person from every speaker the
corpus gives it. Quotations in double marks, curly single marks or straight single
marks ('It's hard to say,' he said), and a headline's speaker before a colon
("Dmitry Peskov: '...'") are read.

## Why an editor cares
Putting one person's words in another's mouth is among the most damaging
errors a story can carry, and easy to make when several people said similar
things on the same day.

## Example
    "It's hard to say what will happen next," Sergei Shoigu told state media.
    -> The corpus has this from Dmitry Peskov, not Sergei Shoigu (004_8570cabb535c07b7.txt:17)

## Corrected
    "It's hard to say what will happen next," Dmitry Peskov told state media.

## How it decides
Speakers are resolved on both sides through an alias table built from the
corpus and the draft (title + name, surnames with honorifics, transliterations,
descriptions such as "the Kremlin spokesman"). When the draft's speaker cannot
be resolved with confidence, or the corpus gives the words to nobody it can
resolve, the check stays silent; so it does when the draft gives its speaker only
by a pronoun or the quotation before and names the corpus's speaker shortly before
("Trump spoke to Putin. He said ...": the pronoun may well be Trump). Quotes of one or two words must equal a whole
corpus quotation; a quote of four words or fewer ("massive", "were shot down") is a phrase
anyone may use, and is called another's only when the draft names that other person too.
When the corpus gives the words to no person but to an organisation ("the Kramatorsk city
council said": a description whose noun WordNet reads as a group of people) and the draft to a
named person whose titles share no word with it, the words are misattributed too (a council
secretary may speak for the council; a president does not); without WordNet this stays silent.

## When the fix is unsafe
The fix swaps the name only; a title or description next to it ("Security
Council Secretary") may need changing too. Words of an organisation get no fix: the
sentence needs rewriting, not a name swapped.

## Options
None yet.
"""
from __future__ import annotations

import re

from ..facts import lexicon
from ..facts.people import fold
from ..finding import Edit, Finding, Severity, Source, Span, excerpt
from ..match.params import MIN_UNATTRIBUTED_WORDS, PRONOUN_REACH
from ..match.quotes import match_all, same
from ..registry import register

NEEDS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "corpus")


@register("quote/misattributed", category="quote", severity=Severity.ERROR, needs=NEEDS)
def check(ctx) -> list[Finding]:
    findings = []
    for m in match_all(ctx):
        q = m.quote
        if not q.person or not m.exact:
            continue
        resolved = [c for c in m.exact if c.person]
        if not resolved:
            if (f := _from_organisation(ctx, q, m.exact)) is not None:
                findings.append(f)
            continue
        if any(same(c.person, q.person) for c in resolved):
            continue
        c = resolved[0]
        who = c.person_name
        if q.speaker_kind in ("pronoun", "inherited") and _named(ctx.document.text, who, before=q):
            continue  # "Trump spoke to Putin. He said ...": the pronoun may well be the corpus's speaker
        if len(q.tokens) < MIN_UNATTRIBUTED_WORDS and not _named(ctx.document.text, who):
            # a phrase of four words or fewer ("massive", "were shot down") is one anyone may use:
            # it is another's words only when the draft names that other too
            continue
        message = (f"The corpus has this quote from {who}, not {q.person_name} "
                   f"({c.name}:{c.line}: '{excerpt(c.text, 70)}')")
        edits = ()
        if q.speaker_start is not None and q.speaker_kind == "name":
            written = ctx.document.text[q.speaker_start:q.speaker_end]
            new = who if len(written.split()) > 1 else who.split()[-1]
            edits = (Edit(Span(q.speaker_start, q.speaker_end), new, f"Attribute to {who}"),)
        elif q.speaker_start is not None and q.speaker_kind in ("pronoun", "description"):
            edits = (Edit(Span(q.speaker_start, q.speaker_end), who, f"Attribute to {who}"),)
        sources = tuple(Source(x.path, x.line, excerpt(x.text), x.start, x.end) for x in resolved[:3])
        findings.append(Finding("quote/misattributed", "quote", Severity.ERROR, message, Span(q.start, q.end),
                                edits, sources, data={"corpus_speaker": who}))
    return findings


def _named(text: str, who: str | None, before=None) -> bool:
    """Does the draft name the corpus's speaker (by surname, however transliterated): anywhere,
    or (`before`, a quotation whose speaker the draft gives only by a pronoun or by the quotation
    before) within PRONOUN_REACH characters before it?"""
    if not who:
        return False
    surname = fold(who.split()[-1])
    if before is not None:
        text = text[max(0, before.start - PRONOUN_REACH) : before.start]
    return any(fold(w) == surname for w in re.findall(r"[A-Z][\w’'-]+", text))


def _from_organisation(ctx, q, exact) -> Finding | None:
    """The corpus gives the words to an organisation ("the Kramatorsk city council said") and
    to no person, and the draft to a named person whose titles share no word with it (a mayor
    may speak for the city council, a minister for the ministry; a president for neither)."""
    if q.speaker_kind != "name" or len(q.tokens) < MIN_UNATTRIBUTED_WORDS:
        return None
    lex = lexicon.load()
    if lex is None:
        return None
    orgs = [c for c in exact if c.speaker_kind == "description" and c.speaker_words
            and lex.names_group(c.speaker_words[-1])]
    if not orgs:
        return None
    people = ctx.memo.get("quote_people")
    person = people.people.get(q.person) if people is not None else None
    if person is None:
        return None
    own = {w.lower() for w in person.titles | person.roles}
    c = orgs[0]
    if own & {w.lower() for w in c.speaker_words}:
        return None
    who = c.speaker or " ".join(c.speaker_words)
    message = (f"The corpus has this quote from {who}, not {q.person_name} "
               f"({c.name}:{c.line}: '{excerpt(c.text, 70)}')")
    sources = tuple(Source(x.path, x.line, excerpt(x.text), x.start, x.end) for x in orgs[:3])
    return Finding("quote/misattributed", "quote", Severity.ERROR, message, Span(q.start, q.end), (), sources,
                   data={"corpus_speaker": who})
