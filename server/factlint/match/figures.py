"""Figure matching: is a corpus figure the same fact as a draft's, and does it conflict?

The path of one draft (`conflicts`): its claims (`facts.figures`, the acts' days resolved
against the draft's date), paragraph by paragraph; the articles near the draft and the
paragraph (`figure_lookup.FigureLookup.near_articles`); the corpus figures of the same unit and
thing there, dated compatibly (`rank`: candidate lookup); each weighed as "the same fact"
(`Evidence`: sentence, paragraph and event closeness, act; one fact stated by several
articles takes the best of each kind); then `decide` keeps the clear conflicts that no
comparably good agreeing figure outweighs. `explain` gives the same path's reading for one
figure (CLI `factlint explain-match`). Every parameter is in `match.params`.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import NamedTuple

from ..analysis import document_terms
from ..facts import figures, lexicon
from ..facts.figures import Claim, action_group, known_act, share_kind
from ..facts.numbers import ONE_SIDED
from ..facts.places import UNNAMED, names_places, place_key, place_name, same_places, stories_apart, story_places
from ..facts.rows import CorpusFigure
from ..facts.when import (apart, begun_after, compatible, day_gap, days_of, is_night, is_stated, lede_day,
                          month_day_gap, outside, overlaps, resolve, story_date, story_days, unreported,
                          weekday_gap)
from ..facts.words import DURATIONS, HAPPENINGS, HARM_ACTS
from ..finding import Finding, excerpt
from .figure_lookup import ArticleInfo, Events, FigureLookup
from .params import (DECISION, MAX_DAY_GAP, ANCHORED_SENTENCE, CLOSEST, DECISIONS_KEPT, DISTINCTIVE_VALUE,
                     DOC_FIGURES, FIGURE_SHARE, LOCAL_SHARE, NEAR_PER_PARAGRAPH, NEAR_STATING, TIE_MARGIN, UNCORROBORATED, W_ACT,
                     W_EVENT, W_PARAGRAPH, W_RECORD, W_ROLE, W_SENTENCE, Decision)


def _overlap(draft: Iterable[str], corpus: frozenset[str], idf: dict[str, float]) -> float:
    draft = set(draft)
    total = sum(idf.get(t, 1.0) for t in draft)
    if not total:
        return 0.0
    return sum(idf.get(t, 1.0) for t in draft & corpus) / total


def _agrees(claim, c: CorpusFigure) -> bool:
    """Do the draft's and the corpus's values fit? Intervals overlap, except that two
    bounds of the same kind ("at least 10" and "at least 20") must be the same bound, unless
    the draft's is the later count: beyond the corpus's bound and published on a later day, or
    on the same day (or a day unknown on either side) when it counts people ("at least 20
    killed" in the morning, "at least 24" by the evening: a toll rises as the dead are found;
    an area, an alert's hours or "at least 20 years", told once, do not). Whether a thing is
    people is WordNet's answer; without WordNet, any thing may rise."""
    if claim.role and c.role and claim.role != c.role:
        return False  # a part never confirms a whole
    if claim.hedge in ONE_SIDED and c.hedge in ONE_SIDED and (claim.hedge in ("gt", "ge")) == (c.hedge in ("gt", "ge")):
        if abs(claim.value - c.value) < 1e-9:
            return True
        rose = claim.value > c.value if claim.hedge in ("gt", "ge") else claim.value < c.value
        if not rose:
            return False
        if claim.published and c.published and claim.published != c.published:
            return claim.published > c.published
        # the same day, or which came first is unknown: a count that rises within a day
        return _may_rise_within_a_day(claim.thing)
    return claim.lo <= c.hi + 1e-9 and c.lo <= claim.hi + 1e-9


def _may_rise_within_a_day(thing: str | None) -> bool:
    """Can a count of this thing rise between two reports of one day? A count of people can;
    another thing is told once. Unknown (no thing, or no WordNet): it may."""
    lex = lexicon.load()
    if lex is None or not thing:
        return True
    return any(lex.names_people(part) for part in thing.split("+"))


def _draft_claims(ctx):
    """(paragraph, claims) of the draft, the acts' days resolved against the draft's date; and
    what dated them (the story's date, else its lede's month and day): a paragraph's decision
    is kept only while that stays the same."""
    ref = story_date(ctx.analysed, ctx.document.date)
    lede = lede_day(ctx.analysed) if ref is None else None
    story = story_days(ctx.analysed, ref)
    where = story_places(ctx.analysed)
    per_para = [(p, figures.resolve_days(claims, ref, lede, is_stated(ctx.document.date), story, where))
                for p, claims in figures.extract_by_paragraph(ctx.analysed) if claims]
    return per_para, (ref, lede, story, where)


def conflicts(ctx, report: Callable[[Claim, list["Scored"]], Finding]) -> list[Finding]:
    """The findings of the draft's figures that conflict with the corpus: `report(claim, cited)`
    makes each (the check's message and fix). Decided paragraph by paragraph and kept by the
    paragraph's text and what it reads of the rest of the draft (its known words and figures,
    its date), so a keystroke re-decides one paragraph."""
    per_para, dated = _draft_claims(ctx)
    if not per_para:
        return []
    lookup, idf, known, doc_known, doc_figs = _draft_view(ctx, per_para)
    exclude = frozenset(ctx.options.get("exclude_paths", ()))
    decisions = lookup.cache.setdefault("decisions", OrderedDict())
    events = None
    near_doc = None
    decided = []  # (paragraph start, [(finding, the fact it cites first)], the articles its figures agree with)
    for para, claims in per_para:
        key = (para.text, doc_known, doc_figs, exclude, dated)
        cached = decisions.get(key)
        if cached is None:
            if events is None:
                events = lookup.events(doc_known, idf, doc_figs)
                near_doc = _near_doc(lookup, doc_known, idf, doc_figs)
            near = _near(claims[0], near_doc, lookup, idf, known, exclude)
            found, agreed = [], set()
            for claim in claims:
                ranked = rank(claim, claims, events, near, lookup, idf, exclude)
                agreed |= _agreed_articles(claim, ranked)
                if (cited := decide(claim, ranked, claims)) and (f := report(claim, _described(claim, cited, lookup))):
                    found.append((f.shifted(-para.start), Cited.of(cited[0])))
            cached = (found, frozenset(agreed))
            decisions[key] = cached
            if len(decisions) > DECISIONS_KEPT:
                decisions.popitem(last=False)
        else:
            decisions.move_to_end(key)
        decided.append((para.start, *cached))
    cited = [c for _, found, _ in decided for _, c in found]
    dropped = draft_wide(cited, set().union(*(agreed for _, _, agreed in decided)))
    return [f.shifted(start) for start, found, _ in decided for f, c in found if c not in dropped]


@dataclass(frozen=True)
class Cited:
    """The corpus fact a finding cites first (its article; value, thing, act), for the
    decisions the whole draft makes (`draft_wide`)."""

    article: int
    fact: tuple

    @classmethod
    def of(cls, s: "Scored") -> "Cited":
        f = s.figure
        return cls(f.article_id, (f.value, f.thing, f.action))


def draft_wide(cited: list[Cited], agreed: set[int]) -> dict[Cited, str]:
    """The findings the whole draft's evidence drops, with why: an article with UNCORROBORATED
    or more facts the draft contradicts (a figure the draft repeats is one) and none of its
    figures agrees with (`agreed`) is another night's story, however alike it reads ("for a
    third night in a row": each of the night's counts differs from the archive's second night)."""
    facts = Counter(c.article for c in set(cited))
    return {c: f"another night's story: the draft contradicts {facts[c.article]} of its facts and agrees with none"
            for c in cited if facts[c.article] >= UNCORROBORATED and c.article not in agreed}


def _agreed_articles(claim, ranked: list["Scored"]) -> set[int]:
    """The articles that confirm the claim's night: a figure of the same thing the claim agrees
    with, by no other act, of the same fact or a value that tells nights apart (above
    DISTINCTIVE_VALUE: one or two of anything is said of every night)."""
    return {s.figure.article_id for s in ranked if s.agrees and s.act >= 0
            and (claim.value > DISTINCTIVE_VALUE or _same_fact(claim, s))}


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
    doc_figs = frozenset((c.value, c.thing) for _, cl in per_para for c in cl if c.value > DISTINCTIVE_VALUE and c.thing)
    return lookup, idf, known, doc_known, doc_figs


def ranked_claims(ctx, max_gap: float = MAX_DAY_GAP):
    """(claim, its paragraph's claims, its ranked candidates) for every figure of the draft: the
    path `conflicts` takes, without its cache or decision (calibration reads the evidence)."""
    per_para, _ = _draft_claims(ctx)
    if not per_para:
        return
    lookup, idf, known, doc_known, doc_figs = _draft_view(ctx, per_para)
    exclude = frozenset(ctx.options.get("exclude_paths", ()))
    events = lookup.events(doc_known, idf, doc_figs)
    near_doc = _near_doc(lookup, doc_known, idf, doc_figs)
    for _, claims in per_para:
        near = _near(claims[0], near_doc, lookup, idf, known, exclude)
        for claim in claims:
            yield claim, claims, rank(claim, claims, events, near, lookup, idf, exclude, max_gap)


def sole_values(ranked: list["Scored"]) -> dict[int, int]:
    """article -> how many values it gives for the claim's thing (acts not contradicting)."""
    values: dict[int, set] = {}
    for s in ranked:
        if s.act >= 0:
            values.setdefault(s.figure.article_id, set()).add(s.figure.value)
    return {a: len(v) for a, v in values.items()}


def _near_doc(lookup, doc_known, idf, doc_figs) -> list[int]:
    """The articles closest to the whole draft by its words, and those stating two of its
    distinctive figures whatever their words (in an archive of many nights that read alike,
    the closest by words may all be other nights')."""
    near = lookup.near_articles(doc_known, idf)
    if len(doc_figs) < 2:
        return near
    return list(dict.fromkeys(near + lookup.stating(doc_figs, 2, NEAR_STATING)))


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
        near = _near(claim, _near_doc(lookup, doc_known, idf, doc_figs), lookup, idf, known, exclude)
        ranked = rank(claim, claims, events, near, lookup, idf, exclude)
        cited = decide(claim, ranked, claims)
        other = None
        if cited:
            # (as `conflicts` does: the whole draft's findings say whether the cited article is
            # another night's story)
            against, agreed = [], set()
            for c, siblings, r in ranked_claims(ctx):
                agreed |= _agreed_articles(c, r)
                if found := decide(c, r, siblings):
                    against.append(Cited.of(found[0]))
            if (why := draft_wide(against, agreed).get(Cited.of(cited[0]))) is not None:
                other, cited = f"{cited[0].figure.name} is {why}", []
        return {
            "figure": claim.text, "value": claim.value, "unit": claim.unit, "thing": claim.thing,
            "act": claim.action, "act_class": sorted(action_group(claim.action) or ()),
            "role": claim.role, "total": claim.total, "hedge": claim.hedge, "record": claim.record,
            "kinds": list(claim.kinds), "places": claim.places, "when": claim.when, "actor": claim.actor,
            "measures": claim.measures,
            "days": claim.days.to_json() if claim.days else None,
            "dated_by": _dated_by(claim),
            "story_days": claim.story_days.to_json() if claim.story_days else None,
            "story_places": list(claim.story_places), "estimate": claim.estimate, "offset": claim.offset,
            "published": claim.published.isoformat() if claim.published else None,
            "verdict": "conflict" if cited else "no conflict",
            "cited": [s.figure.text for s in cited],
            "other_night": other,
            "candidates": [{
                "value": s.figure.value, "text": s.figure.text, "act": s.figure.action, "role": s.figure.role,
                "total": s.figure.total, "kinds": list(s.figure.kinds), "places": sorted(s.figure.places),
                "source": f"{s.figure.name}:{s.figure.line}",
                "days": s.figure.days.to_json() if s.figure.days else None, "apart": s.apart,
                "estimate": s.figure.estimate, "story_places": list(s.figure.story_places),
                "story_days": s.figure.story_days.to_json() if s.figure.story_days else None,
                "published": s.figure.published.isoformat() if s.figure.published else None,
                "day_gap": day_gap(days_of(claim), days_of(s.figure)),
                "sentence": excerpt(s.figure.sentence, 100),
                "score": round(s.score, 2), "sentence_overlap": round(s.sent, 2), "paragraph_overlap": round(s.para, 2),
                "event": round(s.event, 2), "event_absolute": [round(x, 2) for x in s.raw_event],
                "act_agreement": float(s.act), "agrees": s.agrees, "same_fact": _same_fact(claim, s),
            } for s in ranked],
        }
    return None


def _event_scores(claim, siblings, events: Events, articles, lookup) -> dict[int, "EventEvidence"]:
    """How close each article is to the claim's event: its words (paragraph and draft), the
    paragraph's other figures it states, the draft's figures it states, its closeness to the
    whole draft."""
    co = {(s.value, s.thing) for s in siblings if s is not claim and s.value != claim.value and s.value > DISTINCTIVE_VALUE}
    raw = {}
    for a in articles:
        text_sim, overlap = events.text(claim.para_terms, a)
        figs = lookup.article_figures(a)
        fig_sim = (sum(1 for p in co if p in figs) / len(co)) if co else 0.0
        # the rest of the draft's figures found in the article: evidence that the draft is about
        # this article's event at all (the absolute test), not that it is nearer than another
        doc = [p for p in events.doc_figs if p[0] != claim.value]
        doc_sim = (sum(1 for p in doc if p in figs) / len(doc)) if doc else 0.0
        raw[a] = EventEvidence(text_sim + FIGURE_SHARE * fig_sim, overlap + FIGURE_SHARE * fig_sim,
                               DOC_FIGURES * doc_sim, events.similarity(events.doc, a)[0])
    return raw


class Act(IntEnum):
    """Whether the corpus figure was counted by the same act as the draft's: a three-way value
    that also weighs in the score (`W_ACT`)."""

    OTHER = -1
    UNKNOWN = 0
    SAME = 1


class Closeness(NamedTuple):
    """An article's closeness to the draft's event, absolute (not relative to the closest)."""

    cosine: float  # idf cosine of the vocabularies, plus the share of the draft's figures it states
    overlap: float  # share of the draft's words (idf-weighted) it holds, plus the same


@dataclass(frozen=True)
class EventEvidence:
    """How close one article is to a claim's event."""

    cosine: float  # paragraph and draft vocabulary (idf cosine), plus the paragraph's other figures it states
    overlap: float  # the same as an overlap (share of the draft's words it holds)
    doc_figures: float  # the draft's distinctive figures it states (weighted by DOC_FIGURES)
    draft_cosine: float  # the whole draft's vocabulary alone

    def absolute(self) -> Closeness:
        return Closeness(max(self.cosine, self.draft_cosine) + self.doc_figures, self.overlap + self.doc_figures)


def weighted(sentence: float, paragraph: float, event: float, act: float) -> float:
    """The weighted evidence of a candidate (without the role and record bonuses)."""
    return W_SENTENCE * sentence + W_PARAGRAPH * paragraph + W_EVENT * event + W_ACT * act


@dataclass(frozen=True)
class Evidence:
    """One corpus statement of a figure, weighed against a claim."""

    sentence: float  # sentence (or clause) context overlap
    paragraph: float  # paragraph context overlap
    event: float  # the article's event closeness, relative to the closest article
    act: Act
    figure: CorpusFigure
    closeness: Closeness

    def weighted(self) -> float:
        return weighted(self.sentence, self.paragraph, self.event, self.act)


@dataclass
class Scored:
    """One corpus fact (a value stated by one or more articles) scored against a claim."""

    score: float
    sent: float  # sentence (or clause) context overlap
    para: float  # paragraph context overlap
    event: float  # the article's event closeness, relative to the closest article
    act: Act
    figure: CorpusFigure  # the best-matching statement of it
    agrees: bool
    raw_event: Closeness = Closeness(0.0, 0.0)  # the article's event closeness, absolute
    article: ArticleInfo | None = None  # its article's title, outlet and date (filled for cited facts)
    because: str = ""  # why it is the same fact, in words (filled for cited facts)
    articles: frozenset[int] = frozenset()  # every article that states it
    apart: bool = False  # another event's: another night by the ledes (`when.apart`), an event reported
    # before the night the claim's words name began (`_reported_before`), another place's story
    # (`_told_elsewhere`), or some night of a stretch the claim's night is in (`_unplaced`)
    whole_stated: bool = False  # its sentence also states the count the claim is a part of (`_wholes_stated`)


def rank(claim, siblings, events: Events, near, lookup, idf, exclude: frozenset[str] = frozenset(),
         max_gap: float = MAX_DAY_GAP) -> list[Scored]:
    """Every corpus figure about the same thing, scored as "the same fact", best first.
    `max_gap`: the day gate (calibration weighs other gates, and none: infinity)."""
    days = days_of(claim)
    if claim.unit == "ordinal" and claim.thing in HAPPENINGS:
        # "the sixth attack on the capital this week" counts the attacks up to its own night:
        # the next night's is one more, so only a story of that night (or the day after) tells it
        max_gap = min(max_gap, 1)
    pool = lookup.candidates(claim.unit, claim.thing, near) + _parallel(claim, siblings, near, lookup)
    cands = [c for c in pool if c.path not in exclude
             # a clause dated "in May 2023" is about no article that never mentions 2023
             and (not claim.when or compatible(claim.when, lookup.article_times(c.article_id)))
             # an act dated another day ("on Sunday" / "on Thursday", "July 4" / "Nov. 9-10") is another event
             and overlaps(claim.days, c.days)
             # ... and so is a night of another week: the figure's days, else its story's publication day
             and within_days(days, c, max_gap) and _undated_within(claim, days, c, max_gap)
             # ... and an act begun after the other side's story went out ("overnight" on the 18th
             # is no night a story of the 16th told)
             and not unreported(claim, c)
             # ... and an act the other side dates by year or month only, outside these days
             and not outside(c.when, days) and not outside(claim.when, days_of(c))
             # "in Tula region" is about no figure of an article that never names Tula
             and not _elsewhere(claim, c, lookup)]
    if not cands:
        return []
    articles = set(near)
    lookup.load_article_figures(articles)
    both = _event_scores(claim, siblings, events, articles, lookup)
    event = {a: v.cosine for a, v in both.items()}
    both = {a: v.absolute() for a, v in both.items()}
    # the closest article of the claim's own days (an article of another night that reads alike
    # is not the measure of how close this night's articles are)
    same_days = {a for a in articles if _article_within_days(claim, days, lookup, a, max_gap)} | {c.article_id for c in cands}
    best_event = max(event[a] for a in same_days) or 1.0
    best_any = max(event.values()) or 1.0  # (the closest of all: for a figure dated on one side only)
    draft_group = action_group(claim.action)
    anchors = _anchors(claim, siblings, near, lookup, exclude)
    wholes = _wholes_stated(claim, siblings, near, lookup, exclude)
    out = []
    for c in cands:
        if c.role == "part" and claim.role is None and claim.action is None and not claim.total:
            continue  # a plain count whose act is unknown is not the part of a whole
        sent = _overlap(claim.sent_terms, c.sent_terms, idf)
        local = _overlap(claim.local_terms, c.local_terms | c.sent_terms, idf) if claim.local_terms else 0.0
        sent = max(sent, LOCAL_SHARE * local)
        if (c.article_id, c.sentence) in anchors:
            # another figure of the draft sentence agrees with a figure of this corpus sentence:
            # the two sentences tell the same thing ("539 drones and 14 missiles" / "539 drones,
            # alongside 11 missiles"), however differently worded
            sent = max(sent, ANCHORED_SENTENCE)
        para = _overlap(claim.para_terms, c.para_terms, idf)
        ev = event[c.article_id] / best_event
        if (days is None) != (days_of(c) is None):
            # one side dated, the other not: nothing tells the nights apart but the words, so the
            # measure is the closest article of all, not of the claim's days (a tighter day gate
            # must not make an undated article the closest by leaving out the dated ones)
            ev = event[c.article_id] / best_any
        if draft_group is None and claim.total and c.role == "whole":
            act = Act.SAME  # "a total of 539" is the whole of "476 out of 539": what the attack counted
        elif draft_group is None and claim.role == "whole" and c.total and ev >= CLOSEST:
            # ... and the whole of "52 out of 68" is the total of the attack the closest article
            # tells ("deployed a total of 54"); a total of another attack that day is not
            act = Act.SAME
        elif claim.thing in DURATIONS and claim.measures and c.measures:
            # a duration of the same kind of happening ("the attack lasted 16 hours" / "the
            # 13-hour barrage"), or of another kind (the call's hour is not the attack's)
            act = Act.SAME if claim.measures == c.measures else Act.OTHER
        elif draft_group is None or c.action is None or claim.thing in DURATIONS:
            # (a whole carries only its own act: "476 out of 539" has none, "of the 29 injured" has one)
            act = Act.UNKNOWN
        elif c.action in draft_group:
            act = Act.SAME
        elif known_act(claim.action) and known_act(c.action):
            act = Act.OTHER
        elif _close_acts(claim.action, c.action):
            act = Act.SAME  # an act no list knows, which WordNet gives the other's sense ("put out" / "extinguish")
        else:
            # an act no list knows ("hospitalize", or the parser's wrong verb) is missing
            # evidence, never a contradiction
            act = Act.UNKNOWN
        out.append(Evidence(sent, para, ev, act, c, both[c.article_id]))
    # One fact stated by several articles: its evidence is the best of each kind.
    facts: dict[tuple, list[Evidence]] = {}
    for item in out:
        c = item.figure
        facts.setdefault((c.value, c.role, c.hedge in ("gt", "ge"), c.hedge in ("lt", "le")), []).append(item)
    ranked = []
    for items in facts.values():
        sent, para, ev = (max(i.sentence for i in items), max(i.paragraph for i in items),
                          max(i.event for i in items))
        act = max(i.act for i in items)
        if any(i.act < 0 for i in items) and act <= 0:
            act = min(i.act for i in items)
        # (the figure that stands for the fact is one that carries its act: "11 Iskander missiles
        # were fired" and not "Ukraine downed 11 missiles launched by Russia", whose act and
        # actor are another's)
        best = max((i for i in items if i.act == act), key=Evidence.weighted, default=None)
        best = (best or max(items, key=Evidence.weighted)).figure
        role = W_ROLE if (claim.role and claim.role == best.role) else 0.0
        record = W_RECORD if (claim.record and any(i.figure.record for i in items)) else 0.0
        score = weighted(sent, para, ev, act) + role + record
        raw = Closeness(max(i.closeness.cosine for i in items), max(i.closeness.overlap for i in items))
        ranked.append(Scored(score, sent, para, ev, act, best, _agrees(claim, best), raw,
                             articles=frozenset(i.figure.article_id for i in items),
                             apart=(apart(claim, best) or _reported_before(claim, best, articles, lookup)
                                    or _told_elsewhere(claim, best, events, lookup) or _unplaced(claim, best)),
                             whole_stated=(best.article_id, best.sentence) in wholes))
    ranked.sort(key=lambda x: -x.score)
    return ranked


def _reported_before(claim, c: CorpusFigure, articles, lookup) -> bool:
    """Was the corpus figure's event reported before the claim's act began, a night its own
    words date (`FigureLookup.first_reported`: its article or one that states two of its
    counts)? Then it is another night's, whatever its own story's date. (A single day is read a
    day off too often to say this: "today" in a Sunday address a story of Monday reports; and a
    figure dated by its lede alone may recall an earlier event: "54 drones in the 28 May
    attack" in a story of the 30th.)"""
    if claim.days is None or not is_night(claim.days):
        return False
    return begun_after(claim.days, lookup.first_reported(c.article_id, articles))


def _told_elsewhere(claim, c: CorpusFigure, events: Events, lookup) -> bool:
    """Neither clause names a place, and the two stories are in two places
    (`places.stories_apart`): each one's lede names places the other never names, countries
    and continents left out (WordNet's; without it every place counts, which says apart less)."""
    if claim.places or c.places:
        return False
    lex = lexicon.load()
    return stories_apart(claim.story_places, events.places, c.story_places, lookup.article_places(c.article_id),
                         wide=lex.names_country if lex is not None else (lambda name: False))


def _elsewhere(claim, c: CorpusFigure, lookup) -> bool:
    """The claim's clause names a place, the corpus figure's names none, and its article never
    names that place: the figure tells of the article's own places, not the claim's. (A corpus
    figure with places of its own is compared by them in `_same_fact`.)"""
    if not claim.places or c.places or UNNAMED in claim.places:
        return False
    return not set(claim.places) & lookup.article_places(c.article_id)


def _described(claim, cited: list[Scored], lookup) -> list[Scored]:
    """The cited facts with their articles' title, outlet and date and the reason they are the
    claim's fact; several values latest first (an early count and a later one)."""
    out = [replace(s, article=lookup.article_info(s.figure.article_id), because=because(claim, s)) for s in cited]
    if len({s.figure.value for s in out}) > 1:
        out.sort(key=lambda s: (s.figure.published or _dt.date.min), reverse=True)
    return out


def _kind_written(claim, c) -> str:
    """The kind both counts name, as the draft writes it ("Kalibr"), else ""."""
    shared = [k for k in claim.kinds if share_kind((k,), c.kinds)]
    for word in re.findall(r"[\w’'-]+", claim.sentence):
        for part in re.split(r"[-‐/]", word):
            if part and place_key(part) in shared:
                return part
    return ""


def because(claim, s: Scored) -> str:
    """Why the corpus figure is the claim's fact, in words: "both count drones, the same act
    (launch / fire), at Kyiv, on 28 May 2023, in the article closest to this draft's event"."""
    c = s.figure
    what = c.thing_text or claim.thing_text or (claim.thing or "").replace("+", " and ")
    kind = _kind_written(claim, c)
    if kind and what:
        what = f"{kind} {what}"  # "both count Kalibr missiles"
    parts = [f"both count {what}" if what else f"both are {claim.unit} figures"]
    if s.act > 0:
        # (a total has no act of its own: "a total of 539" is the whole of what the act counted)
        acts = " / ".join(a for a in dict.fromkeys((claim.action, c.action)) if a)
        parts.append(f"the same act ({acts})" if acts else "the same act")
    shared = sorted(same_places(claim.places, c.places))
    if shared:
        parts.append("at " + ", ".join(place_name(k, claim.sentence, c.sentence) for k in shared))
    days, theirs = days_of(claim), days_of(c)
    if days and theirs:
        lo = max(days[0], theirs[0])
        # (a date as a reporter writes it: "on 28 May 2023")
        gap = day_gap(days, theirs)
        parts.append(f"on {lo.day} {lo:%B %Y}" if gap == 0 else "a day apart" if gap == 1 else f"{gap} days apart")
    elif theirs and not days and claim.month_day:
        # (a story with no year whose lede gives its day: compared by that day, in the years around)
        md = _dt.date(2000, *claim.month_day)
        parts.append(f"on {md.day} {md:%B} by the draft's lede, its year unknown (a `date:` in its front matter "
                     "would give it)")
    elif theirs and not days and claim.days is not None and claim.days.weekdays:
        weekdays = " or ".join(f"{_dt.date(2001, 1, 1 + w):%A}" for w in sorted(claim.days.weekdays))
        parts.append(f"on a {weekdays} by the draft's words, its date unknown (a `date:` in its front matter "
                     "would give it)")
    elif theirs and not days:
        # (an archive of look-alike nights is told apart by day: say what would let it be)
        parts.append("not compared by day (no date could be read from the draft: a `date:` such as 2023-05-28 "
                     "in its front matter would)")
    parts.append("in the article closest to this draft's event" if s.event >= CLOSEST
                 else f"in an article close to this draft's event ({s.event:.2f} of the closest)")
    return ", ".join(parts)


def _dated_by(claim) -> str | None:
    """What gave the figure's act its days, in words: its clause's date, its context's (the
    verb it hangs from, the sentence before: `facts.when.context_dates`), its story's day, or
    nothing (None)."""
    if claim.days is None:
        return "its story's publication day" if days_of(claim) else None
    own = [t for t in claim.when_text if resolve(t, claim.published) is not None]
    if own:
        return f"its clause ({', '.join(own)})"
    return f"its context ({', '.join(claim.context_when)})"


def _close_acts(a: str | None, b: str | None) -> bool:
    """Two read acts in no class of the lists that WordNet says mean the same: a sense of one is
    a sense of the other, or one close link from it (`Lexicon.close_meaning`). (With one act in a
    class, WordNet's link to that one verb is not enough: "lost their lives" is close to "miss".)"""
    if not a or not b or known_act(a) or known_act(b):
        return False
    lex = lexicon.load()
    return lex is not None and lex.close_meaning(a, b)


def _within(days, other, max_gap: float = MAX_DAY_GAP) -> bool:
    """Can acts on these days be one event? (unknown days on either side: yes)"""
    gap = day_gap(days, other)
    return gap is None or gap <= max_gap


def within_days(days, c: CorpusFigure, max_gap: float = MAX_DAY_GAP) -> bool:
    """Can the corpus figure be of the claim's days?"""
    return _within(days, days_of(c), max_gap)


def _spread(days) -> bool:
    """Are an act's own days a stretch wider than the day gate (MAX_DAY_GAP: days further apart
    are two events), "earlier this month", "last week": a time that holds several events?"""
    return days is not None and days.lo is not None and days.hi is not None and (days.hi - days.lo).days > MAX_DAY_GAP


def _unplaced(claim, c: CorpusFigure) -> bool:
    """Is one side dated only to a stretch of several events ("Earlier this month ... Russia
    said that it downed five drones that night") and the other to one night or day? The stretch
    holds the other's night, but which of its nights it tells, nothing says."""
    return _spread(claim.days) != _spread(c.days)


def _days_off(claim, c: CorpusFigure) -> int | None:
    """Days between the claim's act and the corpus figure's: by calendar when both are known,
    else by the weekday the claim's words name; None when nothing tells."""
    days, theirs = days_of(claim), days_of(c)
    if theirs is None:
        return None
    if days is not None:
        return day_gap(days, theirs)
    if claim.days is None or not claim.days.weekdays:
        return None
    return _weekday_gap(claim.days.weekdays, theirs)


def _undated_within(claim, days, c: CorpusFigure, max_gap: float = MAX_DAY_GAP) -> bool:
    """A claim of a story with no full date, known by its weekday ("on Saturday") or by the
    month and day of its lede ("on August 18", `Claim.month_day`), against a corpus figure whose
    days are known: can it be within the day gate of them (the lede's day in the years around
    them)? Known calendar days on both sides are `within_days`' to judge; unknown ones say nothing."""
    theirs = days_of(c)
    if days is not None or theirs is None:
        return True
    if claim.month_day is not None and month_day_gap(claim.month_day, theirs) > max_gap:
        return False
    if claim.days is None or not claim.days.weekdays:
        return True
    return _weekday_gap(claim.days.weekdays, theirs) <= max_gap


def _weekday_gap(weekdays, theirs: tuple[_dt.date, _dt.date]) -> int:
    """Days between the nearest of these weekdays and the weekdays of known days (a week round)."""
    their = {(theirs[0] + _dt.timedelta(n)).weekday() for n in range(min((theirs[1] - theirs[0]).days, 6) + 1)}
    return weekday_gap(weekdays, their)


def _article_within_days(claim, days, lookup, article: int, max_gap: float = MAX_DAY_GAP) -> bool:
    """Can the article, by the day it was published, be of the claim's days? (Not when the
    claim's own words date its act after that day: `facts.when.begun_after`.)"""
    published = lookup.article_published(article)
    if claim.days is not None and lookup.article_stated(article) and begun_after(claim.days, published):
        return False
    return _within(days, (published, published) if published else None, max_gap)


def _harms_apart(a: str | None, b: str | None) -> bool:
    """Two acts that harm people in different ways: the killed are never the wounded."""
    return a in HARM_ACTS and b in HARM_ACTS and action_group(a) != action_group(b)


def _harm_beside_other(a: str | None, b: str | None) -> bool:
    """Two acts both read, one a harm and the other an act no list relates to it ("killed" /
    "hospitalized", "missing", "involved"): people are counted by what happened to them, so
    these are two counts, not one fact with a missing piece of evidence."""
    return bool(a and b) and (a in HARM_ACTS) != (b in HARM_ACTS)


def _other_harm(best: Scored, s: Scored) -> bool:
    return best.act > 0 and s.act < 0 and _harms_apart(best.figure.action, s.figure.action)


def _stating(o, near, lookup, exclude=frozenset()) -> list[CorpusFigure]:
    """The corpus figures near the draft that state the draft figure `o`'s value of its thing exactly."""
    return [c for c in lookup.candidates(o.unit, o.thing, near) if c.path not in exclude and abs(c.value - o.value) < 1e-9]


def _anchors(claim, siblings, near, lookup, exclude) -> set[tuple[int, str]]:
    """(article, sentence) of corpus figures that another figure of the claim's clause
    (same sentence, same governing act: "a total of 539 drones and 14 missiles") agrees
    with exactly."""
    out = set()
    for o in siblings:
        if (o is claim or o.sent_start != claim.sent_start or o.value == claim.value or o.value <= DISTINCTIVE_VALUE
                or o.action != claim.action):
            continue
        out |= {(c.article_id, c.sentence) for c in _stating(o, near, lookup, exclude)}
    return out


# A count joined to the count before it by "and", a few words of that one's noun between:
# "77 residential buildings and 150 other structures"
_JOINED = re.compile(r"\s*(?:[\w’'-]+\s+){0,3}and\s+(?:other\s+|another\s+)?", re.I)


def _parallel(claim, siblings, near, lookup) -> list[CorpusFigure]:
    """The counterpart of a count of another noun in an archive sentence that says what the
    claim's sentence says: the claim is joined by "and" to a count of another thing before it,
    an archive sentence states that count exactly and joins a count of a third noun to it the
    same way ("77 residential buildings and 150 other structures" / "77 residential buildings and
    120 institutions"): the same place in the same statement, whatever its noun. [] otherwise
    (a count of the claim's own noun is a candidate already)."""
    if claim.unit != "count" or claim.role or not claim.thing:
        return []
    at = claim.sent_start
    before = max((o for o in siblings if o is not claim and o.sent_start == at and o.end <= claim.start),
                 key=lambda o: o.start, default=None)
    if (before is None or before.unit != claim.unit or not before.thing or before.thing == claim.thing
            or before.value <= DISTINCTIVE_VALUE
            or not _JOINED.fullmatch(claim.sentence[before.num_end - at : claim.num_start - at])):
        return []
    out = []
    for first in _stating(before, near, lookup):
        if first.role:
            continue
        i = first.sentence.find(first.text)
        m = _JOINED.match(first.sentence, i + len(first.text)) if i >= 0 else None
        if m is None:
            continue
        # the archive sentence's next count, by its text where the join ends
        for thing in sorted({t for _, t in lookup.article_figures(first.article_id) if t and t not in (before.thing, claim.thing)}):
            out += [c for c in lookup.candidates(claim.unit, thing, [first.article_id])
                    if c.sentence == first.sentence and not c.role
                    and first.sentence.startswith(c.text, m.end())]
    return out


def _wholes_stated(claim, siblings, near, lookup, exclude) -> set[tuple[int, str]]:
    """For a part ("75 drones, of which 74 were destroyed"): (article, sentence) of the corpus
    sentences that state the count it is a part of, the draft sentence's other count of the
    thing ("out of the 75 drones launched by Russia, 74 were intercepted")."""
    if claim.role != "part":
        return set()
    out = set()
    for o in siblings:
        if (o is not claim and o.sent_start == claim.sent_start and o.unit == claim.unit and o.thing == claim.thing
                and o.role != "part" and o.value != claim.value and o.value > DISTINCTIVE_VALUE):
            out |= {(c.article_id, c.sentence) for c in _stating(o, near, lookup, exclude)}
    return out


def other_kind(claim, figure) -> bool:
    """Do two counts of one noun count other kinds of it? Both narrowed by names
    (`facts.figures._kinds`) and none shared ("six Kinzhal" / "nine Kalibr missiles"), or one a
    kind and the other the attack's total ("six Kinzhal missiles" / "in total, 81 missiles"): a
    kind is a part of it, unless it is a total or a whole itself or more than the total. A kind
    against a plain count that is no total may be that count told more exactly ("six hypersonic
    missiles"; "674 Shahed-type drones" / "476 out of 539 drones"): not known to differ."""
    a, b = set(claim.kinds), set(figure.kinds)
    if a and b:
        return not share_kind(a, b)
    if a or b:
        kind, plain = (claim, figure) if a else (figure, claim)
        # (a kind's own total is the night's, when every one was of that kind: "in total, Russia
        # launched 75 Shahed drones" / "out of the 75 drones launched")
        # (and a part never exceeds its whole: "14 Iskander missiles" is no part of "a total of
        # 11 missiles were fired", it contradicts it)
        return plain.total and not (kind.total or kind.role == "whole") and kind.lo <= plain.hi
    return False


def _same_fact(claim, s: Scored, only: bool = False, d: Decision = DECISION) -> bool:
    """`only`: the corpus figure is the only value of this thing (acts not contradicting) in its
    article, and that article is the draft's event beyond doubt (STRONG_EVENT)."""
    if s.act > 0 and claim.actor and s.figure.actor and claim.actor != s.figure.actor:
        # the same act by the other side: "Ukraine's air defence shot down 62" is not "Russia
        # shot down 34" (with different acts the sides differ by nature: Russia fires, Ukraine intercepts)
        return False
    if claim.places and s.figure.places and not same_places(claim.places, s.figure.places):
        return False  # "over the Odesa region" is not "targeting Moscow"
    if claim.added != s.figure.added:
        return False  # "one more person died in hospital" is not the toll, nor the toll it
    if claim.offset != s.figure.offset:
        return False  # "two days earlier" places an act in time; "attacks on 17 days" counts days
    if other_kind(claim, s.figure):
        return False  # "six Kinzhal missiles" are not "nine Kalibr cruise missiles"
    same_place = bool(claim.places and s.figure.places)  # they share one (a clash returned above)
    # both dated a night and the day after apart at most, or both clauses dated by the same month
    # of the same year ("in November 2022, when Russia launched 96 missiles" / "the previous
    # record, in November 2022, was 69 missiles")
    same_days = _one_night(days_of(claim), days_of(s.figure)) or _same_month(claim.when, s.figure.when)
    min_event = d.min_event_same_days if same_days else d.min_event
    min_cosine = d.min_event_cosine_same_days if same_days else d.min_event_cosine
    close = (s.raw_event.cosine >= min_cosine or s.raw_event.overlap >= d.min_event_overlap
             # the same act at the same place, in a story with a somewhat like vocabulary
             or (same_place and s.act > 0 and s.raw_event.cosine >= d.min_event_cosine_same_place))
    if s.event < min_event or not close or (s.act < 0 and s.sent < d.other_act_sentence):
        return False
    if s.act < 0 and _harms_apart(claim.action, s.figure.action):
        return False  # the killed are never the wounded, however alike the sentences
    if s.act == 0 and claim.unit == "count" and _harm_beside_other(claim.action, s.figure.action):
        return False  # "three people were hospitalized" is not "four people were killed"
    if (days_of(claim) is None) != (days_of(s.figure) is None) and s.event < CLOSEST:
        # one side is dated and the other is not: nothing tells the nights apart but the words,
        # so only the draft's closest article is its event
        return False
    # the paragraph says much the same as a paragraph of the draft's closest article
    same_passage = s.para >= d.min_paragraph and s.event >= CLOSEST
    if claim.unit in ("year", "time"):
        return claim.role == s.figure.role and (s.sent >= d.min_sentence_dates or same_passage)
    # one event, and the only figure it gives for this thing: "a 16-hour attack" for "the
    # 13-hour barrage", however differently the sentence is built
    # (a plain count and the whole of "476 out of 539" both count what the attack had)
    # (two acts both read and not known to be one — "39 rescued", "involved 550" — leave it open
    # whether this is that figure: only its being alone would say so, and that is not enough)
    sole = (only and s.event >= CLOSEST and s.raw_event.cosine >= d.strong_event
            and (s.act > 0 or (s.act == 0 and (claim.action is None or s.figure.action is None
                                                or claim.thing in DURATIONS)))
            and (claim.role == s.figure.role or (claim.role is None and s.figure.role == "whole")))
    # (two acts both read and not known to be one — "35 rescued", "involved 550" — are not made
    # one by their paragraphs' likeness alone: their sentences must say it)
    # (a duration's verb tells how something went on, not what was counted: "the attack lasted
    # 13 hours" / "bombarded Ukraine for eight hours")
    unknown_pair = (s.act == 0 and claim.action is not None and s.figure.action is not None
                    and claim.thing not in DURATIONS)
    # (and their sentences say it as plainly as for two acts known to differ: "rescued from the
    # rubble" / "the search in the rubble has involved" share their place, not what they count)
    sentence = s.sent >= (d.other_act_sentence if unknown_pair else d.min_sentence)
    return s.act > 0 or sentence or (same_passage and not unknown_pair) or sole


def _stated_by_sibling(claim, s: Scored, siblings) -> bool:
    """Another figure of the draft paragraph already states this corpus fact ("70 drones, of
    which 34 over Moscow": the corpus's 34 is the 34, so it says nothing about the 70)."""
    group = action_group(claim.action)
    for o in siblings:
        if o is claim or o.unit != claim.unit or o.thing != claim.thing:
            continue
        if o.hedge in ONE_SIDED and (
                (o.actor and claim.actor and o.actor != claim.actor) or (day_gap(days_of(o), days_of(claim)) or 0) > 1):
            # a bound by the other side or of another night states no value of the claim's fact
            # ("Russia said it had shot down at least 24 drones" overnight into Sunday is no
            # statement of Saturday's 74, though 74 fits it)
            continue
        if (o.places and claim.places and not same_places(o.places, claim.places)
                and names_places(s.figure.sentence, claim.places) and not names_places(s.figure.sentence, o.places)):
            continue  # the corpus sentence tells of the claim's place, not the other's ("... in Sumy, kills 2")
        if o.lo <= s.figure.hi + 1e-9 and s.figure.lo <= o.hi + 1e-9:
            og = action_group(o.action)
            if group is None or og is None or s.figure.action is None or s.figure.action in og:
                return True
    return False


def _plainly_all(claim, s: Scored) -> bool:
    """Is a plain corpus count what a draft total counts: the same act, at no place the draft's
    sentence does not name, on the same night by both sides' days ("out of the 75 drones launched
    by Russia" / "in total, Russia launched 94 drones"; but "34 over Moscow" is a part of "a total
    of 70 over six regions", and an undated total may be another night's)?"""
    return (s.act > 0 and s.figure.role is None and set(s.figure.places) <= set(claim.places)
            and _one_night(days_of(claim), days_of(s.figure)))


def decide(claim, ranked: list[Scored], siblings=(), d: Decision = DECISION) -> list[Scored]:
    """The corpus facts to cite against the claim, or [] to stay silent (`d`: the thresholds)."""
    values = sole_values(ranked)
    conflict = [s for s in ranked if not s.agrees and not _role_clash(claim, s)
                and _same_fact(claim, s, only=values.get(s.figure.article_id) == 1, d=d)
                and not _stated_by_sibling(claim, s, siblings) and not _wholes_differ(claim, s, siblings, ranked)
                and not _unsaid_part(claim, s)]
    if conflict and conflict[0].apart:
        # the closest fact is another event's (`Scored.apart`): a lower one is cited only if its
        # days are the claim's
        conflict = [s for s in conflict if not s.apart and _days_off(claim, s.figure) == 0]
    if not conflict:
        return []
    best = conflict[0]
    if claim.role in ("part", "whole") and best.figure.role != claim.role:
        # a part named by its kind is compared with the archive's part of that kind ("eleven
        # Kalibr" among the night's missiles / "nine Kalibr"); parts not named so may be any
        # two subsets of one whole ("two of them taken to hospital" / "three of them injured in
        # a high-rise")
        # ... and a part of the same whole by the same act ("75 drones, of which 92 were destroyed"
        # / "out of the 75 drones launched, 74 were intercepted"): one subset, counted twice
        best = next((s for s in conflict if s.figure.role == claim.role
                     and (share_kind(claim.kinds, s.figure.kinds) or (s.act > 0 and s.whole_stated))), best)
        if best.figure.role != claim.role and not _plain_counterpart(claim, best, siblings):
            return []  # a subset or a total counted apart is not the corpus's plain figure
    if claim.total and not (best.figure.total or best.figure.role == "whole" or _plainly_all(claim, best)):
        return []  # "a total of 70 over six regions" is not the corpus's 34 over Moscow
    if best.apart:
        # ... and the counterpart of a part or whole chosen above is another event's: the draft
        # tells an event the archive, so read, does not hold
        return []
    if claim.estimate or best.figure.estimate:
        # an estimate is one source's reckoning ("cost Russia $120mn, according to estimations"):
        # another value is another reckoning, not a contradiction of the record
        return []
    # a bound the conflicting value also fits says nothing against it: "over 40 shot down" (an
    # early count) does not make the draft's 65 agree with the archive when it also has the 52
    # ("52 destroyed") that fits that bound
    # (any conflicting figure of the same fact: "more than 70 injured" fits the later 73 as well
    # as the draft's 91, whichever of the archive's counts scores best)
    agreeing = [s for s in ranked if s.agrees and not any(_uninformative(claim, s, c) for c in conflict)]
    # (an article that also holds a conflicting figure of the same fact is no other event: the
    # draft's "at least 91 wounded" fits its "550 people involved", not its "73 injured")
    conflicted = {c.figure.article_id for c in conflict}
    if any(s.act >= 0 and s.figure.article_id not in conflicted
           and (s.event >= best.event + d.nearer_event or s.raw_event.cosine > best.raw_event.cosine)
           for s in agreeing):
        # the draft agrees with a figure of a nearer event (clearly nearer for this paragraph,
        # or nearer at all in absolute closeness, where the exact agreement tips it): it is
        # about that event
        return []
    if any(s.act > 0 and _same_fact(claim, s, d=d) for s in agreeing):
        # the archive holds this value too, for the same act of the same event (an early count
        # and a later one, two sources): a draft that agrees with any of them is not flagged
        return []
    if any(s.act > 0 and s.figure.role in (None, best.figure.role) and _one_night(days_of(s.figure), days_of(best.figure))
           and s.raw_event.cosine >= d.min_event_cosine for s in agreeing):
        # ... and so when the archive itself dates that value to the night of the one cited (an
        # early count by another outlet: "71 intercepted" and "74 destroyed" of 25 November), the
        # draft undated or not: the archive disagreeing with itself is not the draft's error
        return []
    if (best_off := _days_off(claim, best.figure)) is not None and best_off >= 1 and any(
            s.act > 0 and s.figure.role in (None, best.figure.role) and _days_off(claim, s.figure) == 0
            and s.raw_event.cosine >= d.min_event_cosine for s in agreeing):
        # ... and when the draft's own days (its date, or the weekday it names) are those of an
        # agreeing value of the same act and not those of the one cited (a day or two off, within
        # the gate): the days say which night the draft tells, and it agrees with that night
        return []
    # an agreeing figure that matches about as well wins (a different act counts for nothing here)
    # (but the people killed never confirm the people wounded: "one life claimed" says
    # nothing about "32 wounded")
    agree = max((s.score - W_ACT * min(float(s.act), 0.0) for s in agreeing if not _other_harm(best, s)),
                default=-math.inf)
    if agree >= best.score - d.agree_margin:
        return []
    if _is_sum(claim, [s.figure for s in ranked if s.score >= best.score - d.agree_margin]):
        return []
    if _split_by_draft(claim, best, siblings):
        return []
    # (another value in a role neither the claim's nor the best's is no other value of this fact:
    # "Five people have been injured ... Three of them" gives the five, not the three)
    cited = [best] + [s for s in conflict if s is not best and not s.apart and s.score >= best.score - TIE_MARGIN and s.figure.value != best.figure.value
                      and s.figure.role in (claim.role, best.figure.role)]
    if len(cited) > 1 and len({(s.figure.article_id, s.figure.sentence) for s in cited}) == 1:
        # two figures of one corpus sentence ("the 33rd and 34th floors"): pair them by position
        cited.sort(key=lambda s: s.figure.start)
        cited = [cited[min(claim.position, len(cited) - 1)]]
    # a later count of the same act the archive also holds is cited too ("64 wounded" on the
    # evening, "73 injured" the next day): the hint lists the values, latest first
    # ... and so is another outlet's count of the same act the archive dates to the night of the
    # one cited ("two drones" by the ministry, "one drone" by the emergency services, both of 1
    # August): the archive's several values of the fact, whichever scored best
    values = {s.figure.value for s in cited}
    for s in conflict:
        if (best.act > 0 and s.act > 0 and not s.apart and s.figure.value not in values and s.figure.published
                and best.figure.published and (s.figure.published > best.figure.published
                                               or (s.figure.article_id != best.figure.article_id
                                                   and s.figure.role in (claim.role, best.figure.role)
                                                   and _one_night(days_of(s.figure), days_of(best.figure))))):
            cited.append(s)
            values.add(s.figure.value)
    return cited


def _same_month(a, b) -> bool:
    """Do two clauses' years and months (`when`) name one month of one year, and the same?"""
    return bool(a) and set(a) == set(b) and sum(w.isdigit() for w in a) == 1 and len(set(a)) == 2


def _one_night(a, b) -> bool:
    """Two acts' days, both known, a night and the day after apart at most."""
    gap = day_gap(a, b)
    return gap is not None and gap <= 1


def _wholes_differ(claim, s: Scored, siblings, ranked: list[Scored]) -> bool:
    """Is the claim a part of a whole the draft states ("29 of 35 drones"), the corpus figure a
    part of a whole its sentence states ("52 out of 54 drones"), and the two wholes of one thing
    different too? Then the two phrases count two attacks: a draft that got one part wrong keeps
    its whole (a wrong whole is flagged on its own)."""
    if claim.role != "part" or s.figure.role != "part":
        return False
    mine = min((o for o in siblings if o is not claim and o.role == "whole" and o.unit == claim.unit
                and o.thing == claim.thing and o.sent_start == claim.sent_start and o.start > claim.start),
               key=lambda o: o.start, default=None)
    f = s.figure
    theirs = min((r.figure for r in ranked if r.figure.role == "whole" and r.figure.article_id == f.article_id
                  and r.figure.sentence == f.sentence and r.figure.thing == f.thing and r.figure.start > f.start),
                 key=lambda g: g.start, default=None)
    return (mine is not None and theirs is not None
            and not (mine.lo <= theirs.hi + 1e-9 and theirs.lo <= mine.hi + 1e-9))


def _unsaid_part(claim, s: Scored) -> bool:
    """Is the corpus count a part of a whole ("three of them were surface missiles") and the
    draft's a plain count with no act known to be the part's? A subset is the draft's count only
    when the act says so ("42 were shot down over Moscow" / "70 drones, including 42 shot down
    over Moscow")."""
    return claim.unit == "count" and claim.role is None and s.figure.role == "part" and s.act <= 0


def _uninformative(claim, s: Scored, best: Scored) -> bool:
    """Is the agreeing figure `s` a one-sided bound ("over 40") that the conflicting figure
    `best`, itself a value and not a bound and not of another act, also fits? Then it cannot
    tell which is right. (A bound of the draft's own act, "at least one killed", still speaks
    against "23 wounded"; and a bound that states the draft's very number, "at least five
    killed" for the draft's "kills five", is that statement hedged, whatever else it fits.)"""
    b = best.figure
    if s.figure.value == claim.value:
        return False
    return (s.figure.hedge in ONE_SIDED and b.hedge not in ONE_SIDED and best.act >= min(s.act, 0)
            and s.figure.lo <= b.value + 1e-9 and b.value <= s.figure.hi + 1e-9)


def _role_clash(claim, s: Scored) -> bool:
    """A part and a whole are two facts: the six hypersonic missiles of "18 missiles, including
    six hypersonic" are never the draft's 18 (nor the 18 the draft's six)."""
    return bool(claim.role in ("part", "whole") and s.figure.role in ("part", "whole") and claim.role != s.figure.role)


def _split_by_draft(claim, best: Scored, siblings) -> bool:
    """The draft tells the corpus fact in pieces: this figure and another of its paragraph
    counting the same thing add up to the corpus value ("268 drones shot down ... another
    208 suppressed" for "476 intercepted")."""
    if claim.hedge or claim.unit != "count":
        return False
    return any(o is not claim and o.unit == claim.unit and o.thing == claim.thing and not o.hedge
               and abs(o.value + claim.value - best.figure.value) < 1e-6 for o in siblings)


def _plain_counterpart(claim, best: Scored, siblings=()) -> bool:
    """A part or whole of the draft that a plain corpus figure states by itself: the same act
    and either the whole's act ("of the 29 people injured" / "wounding 23"; "killed 12 people,
    including a girl" / "12 killed") or the part's place ("70 drones, including 42 over Moscow"
    / "34 drones targeting Moscow"). A plain figure at the place of one of the whole's parts is
    that part's counterpart, not the whole's ("70 drones, including 42 in Moscow Oblast" /
    "34 drones targeting Moscow")."""
    if best.figure.role is not None or best.act <= 0:
        return False
    if claim.role == "whole":
        return not (best.figure.places and any(
            o.role == "part" and o.sent_start == claim.sent_start and same_places(o.places, best.figure.places)
            for o in siblings))
    return bool(claim.places and same_places(claim.places, best.figure.places) and UNNAMED not in claim.places)


def _is_sum(claim, cands: list[CorpusFigure]) -> bool:
    """Is the claim's count the sum of two of the archive's counts of one event (its parts told
    apart: "a total of 70" / "40 ... and 30 ...")? Two counts of nights the archive dates apart
    (more than a night and the day after) are no parts of one count."""
    if claim.hedge or claim.unit not in ("count", "money"):
        return False
    for i, a in enumerate(cands):
        for b in cands[i + 1 :]:
            if a.value == b.value or abs(a.value + b.value - claim.value) >= 1e-6:
                continue
            if claim.places and any(x.places and not same_places(claim.places, x.places) for x in (a, b)):
                # a count at another place is no part of the claim's ("seven in Lviv": five there,
                # two in Dnipro)
                continue
            gap = day_gap(days_of(a), days_of(b))
            if gap is None or gap <= 1:
                return True
    return False
