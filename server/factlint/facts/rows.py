"""A fact to and from an index row: what every backend stores for an article, and the frame a
check reads back.

`EXTRACTORS` run once per corpus article at index time, whatever checks a configuration
enables: the index holds every kind of fact (figures, quotes, the people who
speak), so turning a check off changes neither the index nor another check's findings, and
two configurations over one corpus share one index. `VERSION` changes whenever what is
stored would differ (a field added, an extractor changed): the index is rebuilt then.

A figure's frame (`figures.Claim`) is stored whole: the columns the index looks figures up by
(`figure_row`: thing, unit, act, role, value bounds) and the rest as JSON (`data`). `CorpusFigure.from_row` reads it back into the
same fields, so a field added to `Claim` is stored and read back without further edits (it
is listed in `STORED` when it is part of the fact, not of the draft's layout).
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, fields
from typing import Any

from . import figures, people, quotes
from .places import story_places
from .when import Days, is_stated, story_date, story_days

# Bump when what `EXTRACTORS` store changes. (The figure and quote extractors were versioned
# apart before, as 14 and 2: "figures:14;quotes:2" keeps indexes of those versions valid.)
VERSION = "figures:85;quotes:12"

# spaCy components the extraction reads: an index is always built with them, whatever the
# enabled checks need, so that one index serves every configuration.
COMPONENTS = frozenset({"tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})

# Claim fields stored as JSON beside the looked-up columns (the draft-only layout fields —
# num_start, num_end, sent_start, position, when_text, lo/hi, which are columns — are not).
STORED = ("value", "text", "num_text", "record", "total", "hedge", "style", "thing_text", "sent_terms",
          "local_terms", "places", "when", "actor", "measures", "days", "para_terms", "sentence", "published",
          "added", "kinds", "stated", "story_days", "story_places", "estimate", "offset")
# Fields read back as sets (the matching intersects them), tuples, days and flags.
_SETS = {"sent_terms", "local_terms", "para_terms", "places"}
_TUPLES = ("when", "kinds", "story_places")
_DAYS = ("days", "story_days")
_FLAGS = ("record", "total", "added", "stated", "estimate", "offset")


def figure_row(c: figures.Claim) -> dict[str, Any]:
    data = {name: getattr(c, name) for name in STORED}
    for k in _DAYS:
        data[k] = getattr(c, k).to_json() if getattr(c, k) else None
    data["published"] = c.published.isoformat() if c.published else None
    return {"start": c.start, "end": c.end, "thing": c.thing, "value_lo": c.lo,
            "value_hi": c.hi if math.isfinite(c.hi) else None, "unit": c.unit, "action": c.action, "role": c.role,
            "data": data}


@dataclass(frozen=True)
class Stored:
    """Where a fact stored in the index is: its row, its article (path and display name), its
    line and its character offsets in the article."""

    id: int
    article_id: int
    path: str
    name: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class CorpusFigure(Stored):
    """A figure of a corpus article as the index gives it back: where it is, and its frame."""

    thing: str | None
    unit: str
    action: str | None
    role: str | None
    lo: float
    hi: float
    value: float
    text: str
    thing_text: str = ""
    record: bool = False
    sent_terms: frozenset[str] = frozenset()
    local_terms: frozenset[str] = frozenset()
    para_terms: frozenset[str] = frozenset()
    sentence: str = ""
    hedge: str | None = None
    places: frozenset[str] = frozenset()
    actor: str | None = None
    total: bool = False
    added: bool = False
    measures: str | None = None
    days: Days | None = None
    when: tuple[str, ...] = ()
    num_text: str = ""
    style: str = "digits"
    published: _dt.date | None = None  # the day its article was published, as far as it says
    stated: bool = False  # ... by its front matter (else the latest day its text names: `Claim.stated`)
    kinds: tuple[str, ...] = ()  # the names that narrow the counted noun (`facts.figures._kinds`)
    story_days: Days | None = None  # no days of its own: the days its article's lede names (`Claim.story_days`)
    story_places: tuple[str, ...] = ()  # the places its article's lede names (`Claim.story_places`)
    estimate: bool = False  # given as an estimate (`Claim.estimate`)
    offset: bool = False  # a time from another time, not a count (`Claim.offset`)

    @classmethod
    def from_row(cls, r, data: dict) -> "CorpusFigure":
        known = {f.name for f in fields(cls)}
        kw = {k: data[k] for k in STORED if k in data and k in known}
        for k in _SETS & set(kw):
            kw[k] = frozenset(kw[k] or ())
        for k in _TUPLES:
            kw[k] = tuple(data.get(k) or ())
        for k in _DAYS:
            kw[k] = Days.from_json(data.get(k))
        for k in _FLAGS:
            kw[k] = bool(data.get(k))
        kw["published"] = _dt.date.fromisoformat(data["published"]) if data.get("published") else None
        return cls(id=r["id"], article_id=r["article_id"], path=r["path"], name=r["name"], line=r["line"],
                   start=r["start"], end=r["end"], thing=r["thing"], unit=r["unit"], action=r["action"],
                   role=r["role"], lo=r["value_lo"], hi=math.inf if r["value_hi"] is None else r["value_hi"], **kw)


def figure_rows(analysed) -> list[dict]:
    """Every figure of an article, the acts' days resolved once against the article's own date."""
    ref = story_date(analysed, analysed.document.date)
    stated = is_stated(analysed.document.date)
    return [figure_row(c) for c in figures.resolve_days(figures.extract(analysed), ref, stated=stated,
                                                         story=story_days(analysed, ref),
                                                         story_places=story_places(analysed))]


def quote_rows(analysed) -> dict[str, list[dict]]:
    """The article's quotations with their speakers, and its people's aliases."""
    table = people.build([doc for _, doc in analysed.parsed])
    rows = []
    for q in quotes.extract(analysed, table):
        rows.append({
            "start": q.start, "end": q.end, "text": q.text, "norm": " ".join(q.tokens),
            "speaker": q.speaker, "person": q.person,
            "data": {"speaker_kind": q.speaker_kind, "desc_words": q.desc_words, "person_name": q.person_name,
                     "sentence": q.sentence},
        })
    aliases = []
    for p in table.people.values():
        for name in p.names:
            aliases.append({"alias": name, "person": p.key,
                            "data": {"titles": sorted(p.titles), "roles": sorted(p.roles)}})
    return {"quotes": rows, "aliases": aliases}


# The extractors, by what they store: each runs on its own (one extractor's failure on an
# article loses only its own rows: `corpus.build`).
EXTRACTORS = {
    "figures": lambda analysed: {"figures": figure_rows(analysed)},
    "quotes": quote_rows,
}
