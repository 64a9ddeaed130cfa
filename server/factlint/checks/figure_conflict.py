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
Corpus figures about the same thing are fetched from the index (never a scan of
every figure) and scored by how well they match the draft's figure: act, words
of the sentence and paragraph, the event (the article's vocabulary and its other
figures, which the draft paragraph may repeat), "record" and part/whole roles.
It flags only when a corpus figure clearly is the same fact and no figure
that matches about as well agrees with the draft (a correct "record 539" in a
story about July 2025 is not contradicted by November 2024's "record 145"). A
figure the corpus never states is not a conflict; a draft figure that is the sum
of corpus figures agrees. Where the corpus gives two values for the same fact,
both are cited.

## When the fix is unsafe
The suggestion swaps the number only, in the draft's style (digits stay digits,
words stay words). If the draft deliberately reports a newer figure, ignore it.

## Options
None yet; disable with `disable = ["figure/conflict"]` or per line with
`<!-- factlint-disable-next-line figure/conflict -->`.
"""
from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from num2words import num2words

from .. import figures
from ..analysis import document_terms
from ..facts.when import Days, compatible, overlaps, reference_date, time_words
from ..finding import Edit, Finding, Severity, Source, Span
from ..registry import register

NEEDS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "corpus")

# Decision constants (see the module docstring; measured on the labelled drafts, kept few).
MIN_SENTENCE = 0.22  # context overlap for a figure whose act differs or is unknown
MIN_SENTENCE_DATES = 0.35  # years and times of day carry no "thing": ask for more context
NEAR_ARTICLES = 30  # corpus articles closest to the whole draft whose figures are compared
NEAR_PER_PARAGRAPH = 10  # ... and closest to each paragraph (a draft may cover several events)
# Retrieval of near articles reads the index rows of the draft's rarest words: at most 40 words,
# and no more words once their rows add up to this many (a word in thousands of articles says
# little about which one is near, and counting its rows cost 50 ms a paragraph at 10,000
# generated articles, bench/run.py). Corpora under this many articles are unaffected.
NEAR_POSTINGS = 20_000
MIN_PARAGRAPH = 0.4  # or this much paragraph overlap, with the draft's closest article
MIN_EVENT = 0.75  # the corpus article must be about as close to the draft as the closest one
# ... and close in absolute terms (a different event that merely looks nearest is not enough):
# the draft's and the article's vocabularies are alike (cosine), or nearly all of a short
# draft's words are the article's (overlap).
MIN_EVENT_COSINE = 0.35
MIN_EVENT_OVERLAP = 0.85
MIN_EVENT_COSINE_SAME_PLACE = 0.2
AGREE_MARGIN = 0.6  # an agreeing corpus figure this close to the best conflicting one wins
TIE_MARGIN = 0.25  # conflicting figures this close with other values: the corpus disagrees with itself
# An agreeing corpus figure from an event this much closer (relative event score, 0..1) than the
# conflicting one's says the draft is about the agreeing one's event (real-dev: a July 2025 story's
# "over 500 launched" against November 2024's "record 145"; event scores 1.00 vs 0.82 there).
NEARER_EVENT = 0.1
# Sentence evidence given to a corpus sentence that another figure of the draft sentence
# matches exactly: above MIN_SENTENCE (the bar for "same sentence" without an act), below
# a verbatim sentence (measured on real-dev mutated: the 539/11 sentence of a July 2025 story).
ANCHORED_SENTENCE = 0.5
# Absolute event closeness (idf cosine of draft and article vocabularies) above which the draft
# is about that article's event beyond doubt: retellings of one attack by other outlets score
# 0.74-0.96 on real-dev, stories about another event at most 0.45 there.
STRONG_EVENT = 0.6
# Weight, in the absolute event closeness, of "the draft's other figures are this article's"
# (share of them found there). real-dev mutated: July 2025 stories whose wording is as near a
# November 2024 article but whose 539 drones and 11 missiles are the July article's.
DOC_FIGURES = 0.25
# Retrieval results kept per index (a memory bound, not a tuning constant).
MEMO_ENTRIES = 2000


def extract_corpus(analysed) -> dict[str, list[dict]]:
    rows = []
    # the acts' days are resolved once, here, against the article's own date
    for c in figures.resolve_days(figures.extract(analysed), story_date(analysed)):
        rows.append(
            {
                "start": c.start,
                "end": c.end,
                "thing": c.thing,
                "value_lo": c.lo,
                "value_hi": c.hi if math.isfinite(c.hi) else None,
                "unit": c.unit,
                "action": c.action,
                "role": c.role,
                "data": {
                    "value": c.value,
                    "text": c.text,
                    "num_text": c.num_text,
                    "record": c.record,
                    "total": c.total,
                    "hedge": c.hedge,
                    "style": c.style,
                    "thing_text": c.thing_text,
                    "sent_terms": c.sent_terms,
                    "local_terms": c.local_terms,
                    "places": c.places,
                    "when": c.when,
                    "actor": c.actor,
                    "measures": c.measures,
                    "days": c.days.to_json() if c.days else None,
                    "para_terms": c.para_terms,
                    "sentence": c.sentence,
                },
            }
        )
    return {"figures": rows}


@dataclass
class CorpusFigure:
    id: int
    article_id: int
    path: str
    name: str
    line: int
    start: int
    end: int
    thing: str | None
    unit: str
    action: str | None
    role: str | None
    lo: float
    hi: float
    value: float
    text: str
    thing_text: str
    record: bool
    sent_terms: frozenset[str]
    local_terms: frozenset[str]
    para_terms: frozenset[str]
    sentence: str
    hedge: str | None
    places: frozenset[str] = frozenset()
    actor: str | None = None
    total: bool = False
    measures: str | None = None
    days: Days | None = None


class FigureLookup:
    """Index access for this check, with per-index caches (idf, article features)."""

    def __init__(self, index) -> None:
        self.index = index
        self.cache = index.memo("figure/conflict")
        if "n" not in self.cache:
            self.cache["n"] = index.article_count()

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        idf = self.cache.setdefault("idf", {})
        dfs = self.cache.setdefault("df", {})
        missing = [t for t in terms if t not in idf]
        if missing:
            df = self.index.document_frequencies(missing)
            n = self.cache["n"]
            for t in missing:
                dfs[t] = df.get(t, 0)
                idf[t] = math.log((n + 1) / (dfs[t] + 1)) + 1.0
        return idf

    def candidates(self, unit: str, thing: str | None, articles: Iterable[int]) -> list[CorpusFigure]:
        """Corpus figures of this unit and thing in the given articles (the ones near the
        draft): an index lookup, never a scan of every figure."""
        articles = tuple(sorted(set(articles)))
        key = ("cand", unit, thing, articles)
        if key not in self.cache:
            rows = self.index.figures_of(articles, unit, thing)
            out = []
            for r in rows:
                d = json.loads(r["data"])
                out.append(
                    CorpusFigure(
                        r["id"], r["article_id"], r["path"], r["name"], r["line"], r["start"], r["end"], r["thing"],
                        r["unit"], r["action"], r["role"], r["value_lo"],
                        math.inf if r["value_hi"] is None else r["value_hi"], d["value"], d["text"], d.get("thing_text", ""), d["record"],
                        frozenset(d["sent_terms"]), frozenset(d.get("local_terms", ())), frozenset(d["para_terms"]),
                        d["sentence"], d.get("hedge"), frozenset(d.get("places", ())), d.get("actor"),
                        bool(d.get("total")), d.get("measures"), Days.from_json(d.get("days")),
                    )
                )
            self.cache[key] = out
        return self.cache[key]

    def article_terms(self, article_id: int) -> frozenset[str]:
        key = ("terms", article_id)
        if key not in self.cache:
            self.cache[key] = self.index.article_terms(article_id)
        return self.cache[key]

    def article_figures(self, article_id: int) -> set[tuple[float, str | None]]:
        """(value, thing) of every figure of an article: event evidence."""
        key = ("figs", article_id)
        if key not in self.cache:
            self.load_article_figures([article_id])
        return self.cache[key]

    def load_article_figures(self, articles: Iterable[int]) -> None:
        missing = [a for a in set(articles) if ("figs", a) not in self.cache]
        found: dict[int, set] = {a: set() for a in missing}
        for r in self.index.figure_values(missing):
            found[r["article_id"]].add((json.loads(r["data"])["value"], r["thing"]))
        for a, figs in found.items():
            self.cache[("figs", a)] = figs

    def article_times(self, article_id: int) -> frozenset[str]:
        """Years and month names of the article's DATE entities (facts.when)."""
        key = ("times", article_id)
        if key not in self.cache:
            out: set[str] = set()
            for _, _, label, text in self.index.entities(article_id):
                if label == "DATE":
                    out |= time_words(text)
            self.cache[key] = frozenset(out)
        return self.cache[key]

    def df(self, term: str) -> int:
        return self.cache.get("df", {}).get(term, 0)

    def events(self, doc_known: frozenset[str], idf: dict[str, float], doc_figs) -> "Events":
        """The draft's event closeness to the corpus articles, kept while the draft's known
        words and figures stay the same (a keystroke inside a word the corpus lacks changes
        neither, so the similarities computed for the last check are still right)."""
        key = (doc_known, frozenset(idf), doc_figs)
        kept = self.cache.get("events")  # one draft view at a time
        if kept is None or kept[0] != key:
            kept = self.cache["events"] = (key, Events(doc_known, self, idf, doc_figs))
        return kept[1]

    def near_articles(self, terms: Iterable[str], idf: dict[str, float], k: int = NEAR_ARTICLES) -> list[int]:
        """The articles closest in vocabulary to the draft: retrieved by the draft's rarest
        words that the corpus has (words it lacks say nothing about which article is near)."""
        dfs = self.cache.get("df", {})
        known = [t for t in terms if dfs.get(t, 0) > 0]
        rare, postings = [], 0
        for t in sorted(known, key=lambda t: (dfs[t], t))[:40]:
            if rare and postings + dfs[t] > NEAR_POSTINGS:
                break
            rare.append(t)
            postings += dfs[t]
        near = self.cache.setdefault("near", OrderedDict())
        key = (tuple(rare), k)
        if key not in near:
            near[key] = [a for a, _ in self.index.articles_sharing(rare, k)]
            if len(near) > MEMO_ENTRIES:
                near.popitem(last=False)
        return near[key]


def _overlap(draft: Iterable[str], corpus: frozenset[str], idf: dict[str, float]) -> float:
    draft = set(draft)
    total = sum(idf.get(t, 1.0) for t in draft)
    if not total:
        return 0.0
    return sum(idf.get(t, 1.0) for t in draft & corpus) / total


DURATIONS = figures.DURATIONS


def _agrees(claim, c: CorpusFigure) -> bool:
    """Do the draft's and the corpus's values fit? Intervals overlap, except that two
    bounds of the same kind ("at least 10" and "at least 20") must be the same bound."""
    if claim.role and c.role and claim.role != c.role:
        return False  # a part never confirms a whole
    one_sided = {"gt", "ge", "lt", "le"}
    if claim.hedge in one_sided and c.hedge in one_sided and (claim.hedge in ("gt", "ge")) == (c.hedge in ("gt", "ge")):
        return abs(claim.value - c.value) < 1e-9
    return claim.lo <= c.hi + 1e-9 and c.lo <= claim.hi + 1e-9


def story_date(analysed, stated: str | None = None):
    """The day the story was written, as far as it says (facts.when.reference_date)."""
    return _reference_date(tuple(t for _, doc in analysed.parsed for t in _date_texts(doc)), stated)


def _date_texts(doc) -> tuple[str, ...]:
    """A paragraph's DATE entities, kept with its Doc (reading every paragraph's entities again
    on each keystroke made Span and Token objects by the thousand)."""
    texts = doc.user_data.get("factlint.dates")
    if texts is None:
        texts = doc.user_data["factlint.dates"] = tuple(e.text for e in doc.ents if e.label_ == "DATE")
    return texts


@lru_cache(maxsize=256)
def _reference_date(texts: tuple[str, ...], stated: str | None):
    return reference_date(list(texts), stated)  # (dateutil reads each date: once per set of them)


def _draft_claims(ctx):
    """(paragraph, claims) of the draft, the acts' days resolved against the draft's date."""
    ref = story_date(ctx.analysed, getattr(ctx.document, "date", None))
    per_para = [(p, figures.resolve_days(claims, ref)) for p, claims in figures.extract_by_paragraph(ctx.analysed) if claims]
    return per_para, ref


@register("figure/conflict", category="figure", severity=Severity.WARNING, needs=NEEDS, extract=extract_corpus,
          extract_version=14)
def check(ctx) -> list[Finding]:
    per_para, ref = _draft_claims(ctx)
    if not per_para:
        return []
    lookup, idf, known, doc_known, doc_figs = _draft_view(ctx, per_para)
    exclude = frozenset(ctx.options.get("exclude_paths", ()))
    decisions = lookup.cache.setdefault("decisions", OrderedDict())
    events = None
    near_doc = None
    findings = []
    for para, claims in per_para:
        key = (para.text, doc_known, doc_figs, exclude, ref)
        cached = decisions.get(key)
        if cached is None:
            if events is None:
                events = lookup.events(doc_known, idf, doc_figs)
                near_doc = lookup.near_articles(doc_known, idf)
            near = _near(claims[0], near_doc, lookup, idf, known, exclude)
            found = [f for claim in claims
                     if (f := _judge(claim, claims, events, near, lookup, idf, ctx, exclude)) is not None]
            cached = [f.shifted(-para.start) for f in found]
            decisions[key] = cached
            if len(decisions) > 20000:
                decisions.popitem(last=False)
        else:
            decisions.move_to_end(key)
        findings.extend(f.shifted(para.start) for f in cached)
    return findings


def _draft_view(ctx, per_para):
    """What the decisions need to know of the whole draft: (lookup, idf, known terms, the
    draft's known terms, its distinctive figures). Only words the corpus uses say anything
    about which article (event) a draft is near; so a word being typed that the corpus
    lacks changes nothing, and cached paragraphs stay valid."""
    lookup = FigureLookup(ctx.corpus)
    doc_terms = document_terms(ctx.analysed)
    terms = set(doc_terms)
    for _, claims in per_para:
        terms.update(claims[0].para_terms)
    lookup.idf(terms)
    known = frozenset(t for t in terms if lookup.df(t) > 0)
    idf = {t: lookup.cache["idf"][t] for t in known}
    doc_known = frozenset(t for t in doc_terms if t in known)
    # the draft's distinctive figures: an article that states them is about the same event
    doc_figs = frozenset((c.value, c.thing) for _, cl in per_para for c in cl if c.value > 2 and c.thing)
    return lookup, idf, known, doc_known, doc_figs


def _near(claim, near_doc, lookup, idf, known, exclude) -> list[int]:
    """The articles whose figures are compared with a paragraph's: nearest the draft and the paragraph."""
    para_known = [t for t in claim.para_terms if t in known]
    near = list(dict.fromkeys(near_doc + lookup.near_articles(para_known, idf, NEAR_PER_PARAGRAPH)))
    if exclude:
        near = [a for a in near if lookup.index.article(a).path not in exclude]
    return near


def explain(ctx, offset: int) -> dict | None:
    """Why the figure at `offset` (a document offset) is or is not flagged: the claim as read
    (thing, act, role, places, dates), and every candidate corpus fact with its scores and
    whether it counts as the same fact. None when no figure is there. Same path as `check`."""
    per_para, _ = _draft_claims(ctx)
    for para, claims in per_para:
        for claim in claims:
            if claim.start <= offset < max(claim.end, claim.start + 1):
                break
        else:
            continue
        lookup, idf, known, doc_known, doc_figs = _draft_view(ctx, per_para)
        exclude = frozenset(ctx.options.get("exclude_paths", ()))
        events = Events(doc_known, lookup, idf, doc_figs)
        near = _near(claim, lookup.near_articles(doc_known, idf), lookup, idf, known, exclude)
        ranked = rank(claim, claims, events, near, lookup, idf, exclude)
        cited = decide(claim, ranked, claims)
        return {
            "figure": claim.text, "value": claim.value, "unit": claim.unit, "thing": claim.thing,
            "act": claim.action, "act_class": sorted(figures.action_group(claim.action) or ()),
            "role": claim.role, "total": claim.total, "hedge": claim.hedge, "record": claim.record,
            "places": claim.places, "when": claim.when, "actor": claim.actor, "measures": claim.measures,
            "days": claim.days.to_json() if claim.days else None,
            "verdict": "conflict" if cited else "no conflict",
            "cited": [s.figure.text for s in cited],
            "candidates": [{
                "value": s.figure.value, "text": s.figure.text, "act": s.figure.action, "role": s.figure.role,
                "places": sorted(s.figure.places), "source": f"{s.figure.name}:{s.figure.line}",
                "days": s.figure.days.to_json() if s.figure.days else None,
                "sentence": _excerpt(s.figure.sentence, 100),
                "score": round(s.score, 2), "sentence_overlap": round(s.sent, 2), "paragraph_overlap": round(s.para, 2),
                "event": round(s.event, 2), "event_absolute": [round(x, 2) for x in s.raw_event],
                "act_agreement": s.act, "agrees": s.agrees, "same_fact": _same_fact(claim, s),
            } for s in ranked],
        }
    return None


class Events:
    """How close the draft (and each of its paragraphs) is to each corpus article, by
    vocabulary; computed once per article and paragraph within one check run."""

    def __init__(self, doc_terms, lookup: FigureLookup, idf: dict[str, float], doc_figs=frozenset()) -> None:
        self.doc = frozenset(doc_terms)
        self.doc_figs = doc_figs
        self.lookup = lookup
        self.idf = idf
        self.weighted = frozenset(idf)
        self.memo: dict = {}
        self.norms: dict = {}

    def _norm(self, terms: frozenset[str]) -> float:
        """Length of a word set, idf-weighted for the draft's words, 1 for the others."""
        if terms not in self.norms:
            w = terms & self.weighted
            self.norms[terms] = math.sqrt(sum(self.idf[t] ** 2 for t in w) + (len(terms) - len(w)))
        return self.norms[terms]

    def similarity(self, terms: frozenset[str], article: int) -> tuple[float, float]:
        """(cosine, overlap) of a set of draft words with an article's words."""
        key = (terms, article)
        if key not in self.memo:
            if len(self.memo) > MEMO_ENTRIES * 50:  # kept across checks (FigureLookup.events): bounded
                self.memo.clear()
            a = self.lookup.article_terms(article)
            common = terms & a
            dot = sum(self.idf.get(t, 1.0) ** 2 for t in common)
            na, nb = self._norm(terms), self._norm(a)
            cosine = dot / (na * nb) if na and nb else 0.0
            total = sum(self.idf.get(t, 1.0) for t in terms)
            overlap = sum(self.idf.get(t, 1.0) for t in common) / total if total else 0.0
            self.memo[key] = (cosine, overlap)
        return self.memo[key]

    def text(self, para_terms, article: int) -> tuple[float, float]:
        p = self.similarity(frozenset(t for t in para_terms if t in self.idf), article)
        d = self.similarity(self.doc, article)
        return 0.5 * (p[0] + d[0]), 0.5 * (p[1] + d[1])


def _event_scores(claim, siblings, events: Events, articles, lookup) -> dict[int, tuple[float, float]]:
    co = {(s.value, s.thing) for s in siblings if s is not claim and s.value != claim.value and s.value > 2}
    raw = {}
    for a in articles:
        text_sim, overlap = events.text(claim.para_terms, a)
        figs = lookup.article_figures(a)
        fig_sim = (sum(1 for p in co if p in figs) / len(co)) if co else 0.0
        # the rest of the draft's figures found in the article: evidence that the draft is about
        # this article's event at all (the absolute test), not that it is nearer than another
        doc = [p for p in events.doc_figs if p[0] != claim.value]
        doc_sim = (sum(1 for p in doc if p in figs) / len(doc)) if doc else 0.0
        raw[a] = (text_sim + 0.5 * fig_sim, overlap + 0.5 * fig_sim, DOC_FIGURES * doc_sim,
                  events.similarity(events.doc, a)[0])
    return raw


@dataclass
class Scored:
    """One corpus fact (a value stated by one or more articles) scored against a claim."""

    score: float
    sent: float  # sentence (or clause) context overlap
    para: float  # paragraph context overlap
    event: float  # the article's event closeness, relative to the closest article
    act: float  # +1 same act, -1 a different act, 0 unknown
    figure: CorpusFigure  # the best-matching statement of it
    agrees: bool
    raw_event: tuple = (0.0, 0.0)  # the article's event closeness, absolute: (cosine, overlap)


def rank(claim, siblings, events: Events, near, lookup, idf, exclude: frozenset[str] = frozenset()) -> list[Scored]:
    """Every corpus figure about the same thing, scored as "the same fact", best first."""
    cands = [c for c in lookup.candidates(claim.unit, claim.thing, near) if c.path not in exclude
             # a clause dated "in May 2023" is about no article that never mentions 2023
             and (not claim.when or compatible(claim.when, lookup.article_times(c.article_id)))
             # an act dated another day ("on Sunday" / "on Thursday", "July 4" / "Nov. 9-10") is another event
             and overlaps(claim.days, c.days)]
    if not cands:
        return []
    articles = set(near)
    lookup.load_article_figures(articles)
    both = _event_scores(claim, siblings, events, articles, lookup)
    event = {a: v[0] for a, v in both.items()}
    both = {a: (max(v[0], v[3]) + v[2], v[1] + v[2]) for a, v in both.items()}
    best_event = max(event.values()) or 1.0
    draft_group = figures.action_group(claim.action)
    anchors = _anchors(claim, siblings, near, lookup, exclude)
    out = []
    for c in cands:
        if c.role == "part" and claim.role is None and claim.action is None and not claim.total:
            continue  # a plain count whose act is unknown is not the part of a whole
        sent = _overlap(claim.sent_terms, c.sent_terms, idf)
        local = _overlap(claim.local_terms, c.local_terms | c.sent_terms, idf) if claim.local_terms else 0.0
        sent = max(sent, 0.6 * local)
        if (c.article_id, c.sentence) in anchors:
            # another figure of the draft sentence agrees with a figure of this corpus sentence:
            # the two sentences tell the same thing ("539 drones and 14 missiles" / "539 drones,
            # alongside 11 missiles"), however differently worded
            sent = max(sent, ANCHORED_SENTENCE)
        para = _overlap(claim.para_terms, c.para_terms, idf)
        ev = event[c.article_id] / best_event
        if claim.total and c.role == "whole" and draft_group is None:
            act = 1.0  # "a total of 539" is the whole of "476 out of 539": what the attack counted
        elif claim.thing in DURATIONS and claim.measures and c.measures:
            # a duration of the same kind of happening ("the attack lasted 16 hours" / "the
            # 13-hour barrage"), or of another kind (the call's hour is not the attack's)
            act = 1.0 if claim.measures == c.measures else -1.0
        elif draft_group is None or c.action is None or claim.thing in DURATIONS:
            # (a whole carries only its own act: "476 out of 539" has none, "of the 29 injured" has one)
            act = 0.0
        elif c.action in draft_group:
            act = 1.0
        else:
            act = -1.0
        out.append((sent, para, ev, act, c, both[c.article_id]))
    # One fact stated by several articles: its evidence is the best of each kind.
    facts: dict[tuple, list] = {}
    for item in out:
        c = item[4]
        facts.setdefault((c.value, c.role, c.hedge in ("gt", "ge"), c.hedge in ("lt", "le")), []).append(item)
    ranked = []
    for items in facts.values():
        sent, para, ev, act = (max(i[k] for i in items) for k in range(4))
        if any(i[3] < 0 for i in items) and act <= 0:
            act = min(i[3] for i in items)
        best = max(items, key=lambda i: 2 * i[0] + i[1] + 1.5 * i[2] + 0.5 * i[3])[4]
        role = 0.3 if (claim.role and claim.role == best.role) else 0.0
        record = 0.3 if (claim.record and any(i[4].record for i in items)) else 0.0
        score = 2.0 * sent + 1.0 * para + 1.5 * ev + 0.5 * act + role + record
        raw = (max(i[5][0] for i in items), max(i[5][1] for i in items))
        ranked.append(Scored(score, sent, para, ev, act, best, _agrees(claim, best), raw))
    ranked.sort(key=lambda x: -x.score)
    return ranked


def _other_harm(best: Scored, s: Scored) -> bool:
    a, b = best.figure.action, s.figure.action
    return (best.act > 0 and s.act < 0 and a in figures.HARM_ACTS and b in figures.HARM_ACTS
            and figures.action_group(a) != figures.action_group(b))


def _anchors(claim, siblings, near, lookup, exclude) -> set[tuple[int, str]]:
    """(article, sentence) of corpus figures that another figure of the claim's clause
    (same sentence, same governing act: "a total of 539 drones and 14 missiles") agrees
    with exactly."""
    out = set()
    for o in siblings:
        if (o is claim or o.sent_start != claim.sent_start or o.value == claim.value or o.value <= 2
                or o.action != claim.action):
            continue
        for c in lookup.candidates(o.unit, o.thing, near):
            if c.path not in exclude and abs(c.value - o.value) < 1e-9 and o.unit == c.unit:
                out.add((c.article_id, c.sentence))
    return out


def _same_fact(claim, s: Scored, only: bool = False) -> bool:
    """`only`: the corpus figure is the only value of this thing (acts not contradicting) in its
    article, and that article is the draft's event beyond doubt (STRONG_EVENT)."""
    if s.act > 0 and claim.actor and s.figure.actor and claim.actor != s.figure.actor:
        # the same act by the other side: "Ukraine's air defence shot down 62" is not "Russia
        # shot down 34" (with different acts the sides differ by nature: Russia fires, Ukraine intercepts)
        return False
    if claim.places and s.figure.places and not (set(claim.places) & s.figure.places):
        return False  # "over the Odesa region" is not "targeting Moscow"
    same_place = bool(claim.places and s.figure.places)  # they share one (a clash returned above)
    close = (s.raw_event[0] >= MIN_EVENT_COSINE or s.raw_event[1] >= MIN_EVENT_OVERLAP
             # the same act at the same place, in a story with a somewhat like vocabulary
             or (same_place and s.act > 0 and s.raw_event[0] >= MIN_EVENT_COSINE_SAME_PLACE))
    if s.event < MIN_EVENT or not close or (s.act < 0 and s.sent < 0.5):
        return False
    # the paragraph says much the same as a paragraph of the draft's closest article
    same_passage = s.para >= MIN_PARAGRAPH and s.event >= 0.99
    if claim.unit in ("year", "time"):
        return claim.role == s.figure.role and (s.sent >= MIN_SENTENCE_DATES or same_passage)
    # one event, and the only figure it gives for this thing: "a 16-hour attack" for "the
    # 13-hour barrage", however differently the sentence is built
    # (a plain count and the whole of "476 out of 539" both count what the attack had)
    sole = (only and s.event >= 0.99 and s.raw_event[0] >= STRONG_EVENT and s.act >= 0
            and (claim.role == s.figure.role or (claim.role is None and s.figure.role == "whole")))
    return s.act > 0 or s.sent >= MIN_SENTENCE or same_passage or sole


def _stated_by_sibling(claim, s: Scored, siblings) -> bool:
    """Another figure of the draft paragraph already states this corpus fact ("70 drones, of
    which 34 over Moscow": the corpus's 34 is the 34, so it says nothing about the 70)."""
    group = figures.action_group(claim.action)
    for o in siblings:
        if o is claim or o.unit != claim.unit or o.thing != claim.thing:
            continue
        if o.lo <= s.figure.hi + 1e-9 and s.figure.lo <= o.hi + 1e-9:
            og = figures.action_group(o.action)
            if group is None or og is None or s.figure.action is None or s.figure.action in og:
                return True
    return False


def decide(claim, ranked: list[Scored], siblings=()) -> list[Scored]:
    """The corpus facts to cite against the claim, or [] to stay silent."""
    values: dict[int, set] = {}
    for s in ranked:
        if s.act >= 0:
            values.setdefault(s.figure.article_id, set()).add(s.figure.value)
    conflict = [s for s in ranked if not s.agrees
                and _same_fact(claim, s, only=len(values.get(s.figure.article_id, ())) == 1)
                and not _stated_by_sibling(claim, s, siblings)]
    if not conflict:
        return []
    best = conflict[0]
    if claim.role in ("part", "whole") and best.figure.role != claim.role and not _plain_counterpart(claim, best):
        return []  # a subset or a total counted apart is not the corpus's plain figure
    if claim.total and not (best.figure.total or best.figure.role == "whole"):
        return []  # "a total of 70 over six regions" is not the corpus's 34 over Moscow
    if any(s.agrees and s.act >= 0 and (s.event >= best.event + NEARER_EVENT
                                         or s.raw_event[0] > best.raw_event[0]) for s in ranked):
        # the draft agrees with a figure of a nearer event (clearly nearer for this paragraph,
        # or nearer at all in absolute closeness, where the exact agreement tips it): it is
        # about that event
        return []
    # an agreeing figure that matches about as well wins (a different act counts for nothing here)
    # (but the people killed never confirm the people wounded: "one life claimed" says
    # nothing about "32 wounded")
    agree = max((s.score - 0.5 * min(s.act, 0.0) for s in ranked if s.agrees and not _other_harm(best, s)),
                default=-math.inf)
    if agree >= best.score - AGREE_MARGIN:
        return []
    if _is_sum(claim, [s.figure for s in ranked if s.score >= best.score - AGREE_MARGIN]):
        return []
    if _split_by_draft(claim, best, siblings):
        return []
    cited = [best] + [s for s in conflict[1:] if s.score >= best.score - TIE_MARGIN and s.figure.value != best.figure.value]
    if len(cited) > 1 and len({(s.figure.article_id, s.figure.sentence) for s in cited}) == 1:
        # two figures of one corpus sentence ("the 33rd and 34th floors"): pair them by position
        cited.sort(key=lambda s: s.figure.start)
        cited = [cited[min(claim.position, len(cited) - 1)]]
    return cited


def _judge(claim, siblings, events, near, lookup, idf, ctx, exclude=frozenset()) -> Finding | None:
    cited = decide(claim, rank(claim, siblings, events, near, lookup, idf, exclude), siblings)
    return _finding(claim, cited, ctx) if cited else None


def _split_by_draft(claim, best: Scored, siblings) -> bool:
    """The draft tells the corpus fact in pieces: this figure and another of its paragraph
    counting the same thing add up to the corpus value ("268 drones shot down ... another
    208 suppressed" for "476 intercepted")."""
    if claim.hedge or claim.unit != "count":
        return False
    return any(o is not claim and o.unit == claim.unit and o.thing == claim.thing and not o.hedge
               and abs(o.value + claim.value - best.figure.value) < 1e-6 for o in siblings)


def _plain_counterpart(claim, best: Scored) -> bool:
    """A part or whole of the draft that a plain corpus figure states by itself: the same act
    and either the whole's own act ("of the 29 people injured" / "wounding 23") or the part's
    place ("70 drones, including 42 over Moscow" / "34 drones targeting Moscow")."""
    if best.figure.role is not None or best.act <= 0:
        return False
    if claim.role == "whole":
        return True
    return bool(claim.places and set(claim.places) & best.figure.places and figures.UNNAMED not in claim.places)


def _is_sum(claim, cands: list[CorpusFigure]) -> bool:
    if claim.hedge or claim.unit not in ("count", "money"):
        return False
    values = sorted({c.value for c in cands})
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            if abs(a + b - claim.value) < 1e-6:
                return True
    return False


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


# How each kind of hedge is said (the first words `figures.HEDGES` lists for it), for saying
# what the corpus says
HEDGE_WORDS = {kind: words[0] for words, kind in figures.HEDGES}


def _replacement(claim, c: CorpusFigure) -> str:
    unit_value = c.value
    if claim.unit == "money":
        # keep the draft's scale word: "$8 billion" -> "6"
        scale = claim.value / (figures.parse_number(claim.num_text) or 1)
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


def _excerpt(sentence: str, width: int = 90) -> str:
    s = " ".join(sentence.split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


def _finding(claim, scored: list[Scored], ctx) -> Finding:
    cited = [s.figure for s in scored]
    sources = tuple(Source(c.path, c.line, _excerpt(c.sentence), c.start, c.end) for c in cited)
    if len({c.value for c in cited}) == 1:
        c = cited[0]
        what = f"{c.text} {c.thing_text}" if c.thing_text else c.text
        if c.hedge:  # what the corpus says, as hedged as it says it ("nearly three-year-long")
            what = f"{HEDGE_WORDS[c.hedge]} {what}"
        message = f"The corpus has {what} for this ({c.name}:{c.line}: '{_excerpt(c.sentence, 70)}')"
    else:
        parts = "; ".join(f"{c.text} in {c.name}:{c.line}" for c in cited)
        message = f"The corpus disagrees with itself here: {parts}"
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
            hedge = figures.hedge_before(text, claim.start)
            if hedge is not None:
                start, new = hedge[1], text[claim.start:claim.num_start] + new
        if new not in seen and new != text[start:claim.num_end]:
            seen.add(new)
            edits.append(Edit(Span(start, claim.num_end), new, f"Replace with {new} (corpus)"))
    return Finding("figure/conflict", "figure", Severity.WARNING, message, span, tuple(edits), sources,
                   data={"corpus_values": [c.value for c in cited], "event": [s.raw_event for s in scored],
                         "match": {"event_article": cited[0].name, "thing": claim.thing, "act": claim.action,
                                   "corpus_act": cited[0].action, "event_score": round(scored[0].event, 2),
                                   "sentence_overlap": round(scored[0].sent, 2)}})
