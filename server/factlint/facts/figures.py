"""Figures: one extractor for corpus articles and drafts.

`extract(analysed)` finds every figure in a parsed document and turns it into a
`Claim`: its value (an interval when hedged), its unit (count, money, percent,
ordinal, age, year, time), the thing counted (head-noun lemma), the action
(governing verb lemma), its role (part/whole of another figure, start/end of a
range), a "record" qualifier, and the context words of its sentence.

Numbers are found with one regular expression over the paragraph text (digits
with separators, number words, currency and scale, percentages, ordinals,
hyphenated compounds such as "13-hour" and "52-year-old", times of day) and then
read against spaCy's parse for what they count. Number words are converted by
the `text2num` library; "dozen" is handled here.

Not counts, so never extracted: numbers inside names (Su-34, F-16, Covid-19,
G7), days of a date (November 10), and pronoun uses of "one".
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein

from ..analysis import content_terms as _terms
from .numbers import FIGURE_RE, _HALF, hedge_before, interval, parse_number  # noqa: F401 (_HALF: numbers' reading of "and a half")
from .places import UNNAMED, actor_key, clause_places, is_place_word, list_member, place_key  # noqa: F401 (place_key, UNNAMED: part of the figure model's API)
from .when import Days, act_dates, act_time, anaphoric, context_dates, context_time, outside, overlaps, resolve
from .words import (ACTION_GROUPS, DURATIONS, EVENT_KINDS, HARM_ACTS, INCLUDING, INCLUDING_ACTS, LIGHT_VERBS,
                    NOMINAL_ACTS, RECORD_WORDS, SUPPORT_VERBS, THING_PHRASES, THING_SYNONYMS)

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_DATE_DAY = re.compile(rf"(?i:\b(?:{_MONTHS})\.?\s+)\d{{1,2}}(?:st|nd|rd|th)?\b"
                       # (a night's two days: "on the night of 7-8 May", "7 to 8 May")
                       rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:[-–]|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?i:(?:of\s+)?(?:{_MONTHS})\b)")
MONTH_WORDS = set(_MONTHS.split("|"))
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


@dataclass
class Claim:
    start: int  # document offsets of the figure expression
    end: int
    num_start: int  # just the number (what a fix replaces)
    num_end: int
    text: str  # the figure expression as written ("$6 billion", "13-hour", "four")
    num_text: str
    value: float
    lo: float
    hi: float
    unit: str  # count | money | percent | ordinal | age | year | time
    thing: str | None = None
    thing_text: str = ""  # the counted noun as written ("drones")
    action: str | None = None
    role: str | None = None  # part | whole | start | end
    record: bool = False
    total: bool = False  # "a total of 539", "539 in all": the whole of an attack, whatever its act
    added: bool = False  # "one more person died", "five additional drones": an addition to another count (`_added`)
    estimate: bool = False  # "according to estimates", "Forbes estimated that ...": one source's reckoning (`_estimated`)
    offset: bool = False  # "two days earlier", "a year after the attack": a time from another, not a count (`_offset`)
    # "..., four in Kherson": a member of a list of counts by place, "part" of the count before
    # or "beside" it (`_listed_count`); "" for any other figure
    listed: str = ""
    kinds: tuple[str, ...] = ()  # the names that narrow the counted noun ("Kinzhal missiles"): `_kinds`
    hedge: str | None = None
    style: str = "digits"  # digits | words
    sent_terms: list[str] = field(default_factory=list)
    local_terms: list[str] = field(default_factory=list)  # the clause: governing verb, its subject and object
    para_terms: list[str] = field(default_factory=list)
    sentence: str = ""
    sent_start: int = 0
    position: int = 0  # index among the sentence's figures of the same unit and thing
    places: list[str] = field(default_factory=list)  # places the sentence names, folded (Kyiv = Kiev)
    when: list[str] = field(default_factory=list)  # years and months that date the act (facts.when)
    actor: str | None = None  # who did the act: the country of the clause's subject, stemmed ("rusia")
    measures: str | None = None  # a duration's happening, by kind ("13-hour barrage", "the attack lasted"): EVENT_KINDS
    when_text: list[str] = field(default_factory=list)  # the date expressions of the act, as written
    context_when: list[str] = field(default_factory=list)  # ... of what surrounds it, when it has none (`context_dates`)
    context_time: list[str] = field(default_factory=list)  # ... years and months, when that names no day (`context_time`)
    days: Days | None = None  # ... resolved against the story's date (`resolve_days`)
    story_days: Days | None = None  # no days of its own: the days its story's lede names (`when.story_days`)
    story_places: tuple[str, ...] = ()  # the places its story's lede names (`places.story_places`)
    month_day: tuple[int, int] | None = None  # a story with no year: the act's month and day (`resolve_days`)
    published: _dt.date | None = None  # the day the story was published, as far as it says (`resolve_days`)
    stated: bool = False  # ... stated by its front matter; else read from its text: the latest day it names, the
    # earliest it can have been published (`resolve_days`)


_CACHE: OrderedDict[str, list[Claim]] = OrderedDict()
_CACHE_SIZE = 4096


def extract(analysed) -> list[Claim]:
    """Every figure claim in an analysed document (`analysis.Analysed`)."""
    return [c for _, claims in extract_by_paragraph(analysed) for c in claims]


def extract_by_paragraph(analysed) -> list[tuple[object, list[Claim]]]:
    """(paragraph, its claims) for every paragraph. Claims are read per paragraph and
    cached by paragraph text, so an edit re-reads one paragraph."""
    out = []
    for para, doc in analysed.parsed:
        local = _CACHE.get(para.text)
        if local is None:
            local = _extract_paragraph(para.text, doc)
            _CACHE[para.text] = local
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(para.text)
        out.append((para, [_shifted(c, para.start) for c in local]))
    return out


def _shifted(c: Claim, base: int) -> Claim:
    return replace(c, start=c.start + base, end=c.end + base, num_start=c.num_start + base,
                   num_end=c.num_end + base, sent_start=c.sent_start + base)


def _extract_paragraph(text: str, doc) -> list[Claim]:
    """Claims of one paragraph, offsets relative to the paragraph."""
    out: list[Claim] = []
    para_terms = _terms(doc)
    day_spans = [(m.start(), m.end()) for m in _DATE_DAY.finditer(text)]
    clock_spans = [(m.start(), m.end()) for m in _CLOCK.finditer(text)]
    for m in FIGURE_RE.finditer(text):
        claim = _claim(m, text, doc, 0, day_spans, clock_spans)
        if claim is not None:
            claim.para_terms = para_terms
            claim.added = _added(claim)
            claim.position = sum(1 for c in out if c.sent_start == claim.sent_start and c.unit == claim.unit
                                 and c.thing == claim.thing)
            out.append(claim)
    _typed_parts(out)
    _listed_wholes(out)
    return out


def resolve_days(claims: list[Claim], ref: _dt.date | None,
                 lede: tuple[int, int] | None = None, stated: bool = False,
                 story: Days | None = None, story_places: tuple[str, ...] = ()) -> list[Claim]:
    """The claims with their act's days resolved against the story's date `ref` (front matter
    `date:`, else the latest full date it gives; or None), which is also the day they were
    published. A story with no full date (`ref` None) may still give its month and day in its
    lede (`lede`, `when.lede_day`): an act with no date of its own is of that day of an unknown
    year (`Claim.month_day`), as it would be of `ref`. `stated`: `ref` is the story's stated
    date (front matter), not one read from its text. `story`: the days the story's lede names
    (`when.story_days`), kept on an act with no days of its own and no month or year;
    `story_places`: the places it names (`places.story_places`), kept on every act."""
    out = []
    for c in claims:
        days = next((d for d in (resolve(t, ref) for t in c.when_text) if d is not None), None)
        if days is None and all(anaphoric(t) for t in c.when_text):
            days = _context_days(c.context_when, ref)
        when = c.when
        if days is None and not when and c.context_time and (ref is None or outside(c.context_time, (ref, ref))):
            # a paragraph moved to another year or month ("On this day in 2022, ... Then, the
            # occupiers killed 21"): the act is of that time, not of the story's day
            when = c.context_time
        md = None
        if ref is None and lede and days is None and not when and not c.when_text and not c.context_when:
            md = lede
        on = stated and ref is not None
        its_days = story if days is None and not when else None
        if ((days, ref, when, md, on, its_days, story_places)
                != (c.days, c.published, c.when, c.month_day, c.stated, c.story_days, c.story_places)):
            c = replace(c, days=days, published=ref, when=when, month_day=md, stated=on, story_days=its_days,
                        story_places=story_places)
        out.append(c)
    return out


def _context_days(texts: list[str], ref: _dt.date | None) -> Days | None:
    """The days the context of an undated act gives (`when.context_dates`), when they agree: a
    sentence before it that names two nights apart ("on Sunday ... and on Tuesday") dates
    nothing after it."""
    found = [d for d in (resolve(t, ref) for t in texts) if d is not None]
    if not found or not all(overlaps(a, b) for a in found for b in found):
        return None
    return found[0]


# What may stand between a part and the whole its "of" takes: "37 of 40", "476 out of a record
# 539", "71 of the 75", "all 14 of the 14"
_OF_WHOLE = re.compile(r"\s*(?:out\s+)?of\s+(?:the\s+|a\s+(?:total|record)\s+of\s+|a\s+record\s+)?", re.I)


# ... and the pronoun by which a part names a whole counted before it: "75 drones, of which 74",
# "... 75 drones. 71 of them"
_OF_PRONOUN_BEFORE = re.compile(r"\b(?:out\s+)?of\s+(?:which|whom|them|these|those)\s*,?\s*(?:only\s+|all\s+)?$", re.I)
_OF_PRONOUN_AFTER = re.compile(r"\s+(?:out\s+)?of\s+(?:which|whom|them|these|those)\b", re.I)


def whole_of(part: Claim, claims: list[Claim]) -> Claim | None:
    """The count a part is counted of ("37 of 40 cruise missiles", "killed 12 people, including
    4 children"): the one count of the part's unit and thing its sentence reads as a whole, or,
    of several, the one the part's "of" takes; else, when a pronoun names the whole ("40
    missiles, of which 37", "... 40 missiles. 37 of them"), the count of the part's thing just
    before it, in its sentence or the one before, with no number between. None when no one whole
    is known (a list's part, counted by place, is its list's: `listed`)."""
    if part.role != "part" or part.unit != "count" or not part.thing or part.listed:
        return None
    wholes = [w for w in claims if w is not part and w.role == "whole" and w.sent_start == part.sent_start
              and w.unit == part.unit and w.thing == part.thing and not w.listed]
    text, at = part.sentence, part.sent_start
    if len(wholes) > 1:
        wholes = [w for w in wholes if part.num_end <= w.num_start
                  and _OF_WHOLE.fullmatch(text[part.num_end - at : w.num_start - at] or "")]
    if not wholes and (_OF_PRONOUN_BEFORE.search(text[: part.start - at])
                       or _OF_PRONOUN_AFTER.match(text[part.num_end - at :])):
        # "75 drones, of which 74 were destroyed", "launched 75 drones. 71 of them were ...": the
        # last count of the part's thing before it, in its sentence or the one before, which the
        # pronoun stands for
        last = max((w for w in claims if w is not part and w.end <= part.start), key=lambda w: w.start, default=None)
        if (last is not None and last.unit == part.unit and last.thing == part.thing and last.role in (None, "whole")
                and not last.listed and _no_number_between(last, part)):
            wholes = [last]
    return wholes[0] if len(wholes) == 1 else None


def _no_number_between(w: Claim, part: Claim) -> bool:
    """No number stands between two figures of one sentence or of two adjacent ones (which "them"
    could stand for: "Three people were killed. Another six were wounded, four of them ...")."""
    if w.sent_start == part.sent_start:
        between = part.sentence[w.end - w.sent_start : part.start - part.sent_start]
    elif 0 <= part.sent_start - (w.sent_start + len(w.sentence)) <= 2:
        between = w.sentence[w.end - w.sent_start :] + " " + part.sentence[: part.start - part.sent_start]
    else:
        return False
    return not FIGURE_RE.search(between)


def _listed_wholes(claims: list[Claim]) -> None:
    """"At least 11 people were killed: seven in the Lviv region, four in Kherson": the count a
    list of parts by place follows is their whole."""
    for c in claims:
        if c.listed == "part":
            whole = max((o for o in claims if o.sent_start == c.sent_start and o.start < c.start and not o.listed
                         and o.unit == c.unit and o.thing == c.thing), key=lambda o: o.start, default=None)
            if whole is not None and whole.role is None:
                whole.role = "whole"


def _typed_parts(claims: list[Claim]) -> None:
    """Two counts of one thing by one act in one sentence ("six ballistic missiles and four
    cruise missiles") are subsets by type: neither is the attack's count of that thing."""
    for c in claims:
        if c.unit != "count" or c.role or c.total or c.action is None or _beside(c) in ("other", "others"):
            continue  # ("killed 20 people, while a rocket killed two others": no type of the 20)
        group = action_group(c.action)
        if any(o is not c and o.sent_start == c.sent_start and o.unit == "count" and o.thing == c.thing
               and o.value != c.value and not o.total and o.role in (None, "part") and not _apart(o) and not o.listed
               and not _of_them(o) and action_group(o.action) == group for o in claims):
            c.role = "part"


# "71 of them", "nine of whom", "74 of which": the pronouns by which a part names the whole counted before it
OF_PRONOUNS = ("them", "these", "those", "whom", "which")


def _of_them(c: Claim) -> bool:
    """"32 of them": a part of a count told before, not a type beside it."""
    after = c.sentence[c.num_end - c.sent_start:].lower().split()[:2]
    return len(after) == 2 and after[0] == "of" and after[1].strip(".,;:!?)") in OF_PRONOUNS


def _added(c: Claim) -> bool:
    """Is the count an addition to another ("one more person died", "five additional drones")?
    It is never the count it adds to (stored: `Claim.added`)."""
    return _beside(c) in ("more", "additional")  # ("another 108 were injured" may follow the killed)


def _apart(c: Claim) -> bool:
    """Is the count told beside another count of its sentence: an addition, or "others" ("killed 20
    people, while a rocket killed two others"; "claiming one life and wounding 23 others")? It is
    not a type of that count ("six ballistic and four cruise missiles")."""
    return _beside(c) in ("another", "more", "additional", "other", "others")


def _beside(c: Claim) -> str:
    """"another" before the count, else the word after it."""
    at = c.num_start - c.sent_start
    if c.sentence[:at].lower().split()[-1:] == ["another"]:
        return "another"
    after = c.sentence[c.num_end - c.sent_start:].lower().split()[:1]
    return after[0].strip(".,;:!?)”’\"'") if after else ""


def _claim(m: re.Match, text: str, doc, base: int, day_spans, clock_spans) -> Claim | None:
    num = m.group("num")
    s, e = m.start(), m.end()
    if any(a <= m.start("num") < b for a, b in clock_spans):
        return None
    value = parse_number(num)
    if value is None:
        return None
    words = not num[0].isdigit()
    cur, scale, pct, ordinal, ampm, compound = (m.group(k) for k in ("cur", "scale", "pct", "ord", "ampm", "compound"))
    if words and num.lower() in ("hundred", "thousand", "million", "billion"):
        return None
    if any(a <= m.start("num") < b for a, b in day_spans) and not (cur or pct):
        # a day of a date ("November 10") is not a count; a year inside a date is kept below
        if not (len(num) == 4 and num.isdigit()):
            return None
    # scale words
    if scale:
        mult = {"bn": 1e9, "billion": 1e9, "mn": 1e6, "million": 1e6, "m": 1e6, "k": 1e3, "thousand": 1e3,
                "trillion": 1e12, "tn": 1e12}[scale.lower()]
        if scale.lower() in ("m", "k") and not cur:
            return None  # "5 m" is a distance, "5k" a run: not our figures
        value *= mult
    unit = "count"
    thing = None
    if cur:
        unit = "money"
    elif pct:
        unit = "percent"
    elif ordinal:
        unit = "ordinal"
    elif ampm:
        unit = "time"
        if ampm.lower().startswith("p") and value < 12:
            value += 12
    elif compound:
        parts = compound.lower().split("-")
        if parts[-1] == "old" and parts[0] in ("year", "month", "week", "day"):
            unit = "age"
        else:
            thing = _lemma_word(parts[0])
    elif not words and len(num) == 4 and 1800 <= value <= 2100 and "," not in num:
        unit = "year"
    if words and value == 1 and not compound:
        # "one" is mostly a pronoun or a determiner ("one of the most"): keep only "one <noun>"
        after = text[e : e + 20].lstrip()
        if not after or not after[0].isalpha() or after.lower().startswith(("of ", "another")):
            return None
    hedge = (hedge_before(text, s) or (None,))[0]
    lo, hi = interval(value, hedge)

    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if _designator(span, text, s, e, cur):
        return None
    sent = span.sent
    tokens = set(range(span.start, span.end))
    head = _head_noun(span, doc)
    action = _action(span)
    if head is not None and action is not None and not known_act(action):
        # a verb no list knows ("air defence stopped all 14 missiles fired at Kyiv") says less
        # than the counted noun's own participle that one does: the missiles were fired
        # (the tagger reads some such participles as past tenses: "missiles fired at Kyiv")
        participle = next((c for c in head.children if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD")
                           and c.i > head.i and known_act(_act_of(c))), None)
        if participle is not None:
            action = _act_of(participle)
    role = None
    if unit in ("count", "ordinal", "age") and thing is None:
        if head is not None:
            thing = _lemma(head)
            joined = _joined(head)
            if joined is not None:
                other = _lemma(joined)
                if other != thing:
                    thing = f"{thing}+{other}"  # "537 drones and missiles" counts both together
        part_of = _part_of(span, doc)
        if part_of is None and head is None:
            part_of = _fronted_whole(span)  # "Of the 73 people injured, 30 were hospitalized"
        if isinstance(part_of, tuple):
            if thing is None or thing in ("out",):
                thing = _lemma(part_of[1])
            part_of = None
        whole_among = _among_object(span)
        if whole_among is not None:
            part_of = None  # "Three children among 10 killed": the 10 is the whole, not a part
        if part_of is None and whole_among is None and _included(span):
            part_of = True  # "70 drones, including 34 in Moscow": a subset counted apart
            whole = _including_whole(span)
            if whole is not None:
                # the part is what its whole did ("shot down 70 drones, including 42 in
                # Moscow Oblast": 42 shot down), and counts the whole's thing unless it names its own
                if action in INCLUDING_ACTS or action is None:
                    # (or the whole's own participle: "Update: 23 killed, including 4 children")
                    action = _action(doc[whole.i : whole.i + 1]) or _own_act(whole) or action
                if whole.pos_ == "NUM":
                    pass  # the whole names no thing of its own: the part stays a part of it
                elif thing is None:
                    thing = _lemma(whole)
                elif (_lemma(whole) not in (thing, *thing.split("+")) and not _listed_with_same_thing(span, head)
                      and not _named_type(head)):
                    # "550 aerial weapons, including 539 drones": all the drones, not some of them
                    # (but "including one Kinzhal missile, six Iskander-M missiles", "including two
                    # Iskander-K cruise missiles": subsets by type)
                    part_of = None
        if part_of is not None:
            role = "part"
            if part_of is not True and (thing is None or thing in ("out",)):
                thing = _lemma(part_of)
        elif whole_among is not None:
            # the count "among" takes is all of them, by its own participle ("10 people killed");
            # with no noun of its own, a harm's count is of people, else of the part's noun
            role = "whole"
            if head is not None and head.i < whole_among.i:
                # ("Three children among 10 killed": the parser may hang the number on the part's
                # noun; the whole's noun is not the part's)
                thing, head = None, None
            act = (_participle(head, light=False) if head is not None
                   else _participle(span.root, light=False) or _participle(whole_among.head, light=False))
            action = _act_of(act) if act is not None else None
            if thing is None:
                part_noun = _among_part_noun(whole_among)
                thing = "people" if action in HARM_ACTS else (_lemma(part_noun) if part_noun is not None else None)
        elif head is not None and (among := _among_whole(head)) is not None:
            # "Three children among 10 killed", "Two children were among the 12 people killed": a
            # part of the count "among" takes, by that count's act
            role = "part"
            whole_act = _participle(among, light=False) or _participle(head, light=False)
            if whole_act is not None:
                action = _act_of(whole_act)
        elif _is_whole(span, doc):
            role = "whole"
            # a whole is not what the sentence's verb did to the part ("intercepting 476 out
            # of 539": 539 were not intercepted); only its own participle says what it counts
            # ("14 of the 29 people injured")
            action = _own_act(head)
        elif head is not None and _has_included(head):
            # "killed 12 people, including a 15-year-old girl": the whole is what the verb did
            # (all 12 were killed), the part counted apart inside it
            role = "whole"
    elif unit == "money" and head is not None and head.i not in tokens:
        thing = _lemma(head)
    elif unit == "year":
        prev = text[max(0, s - 8) : s].lower()
        if re.search(r"\bfrom\s*$|\bsince\s*$|\bbetween\s*$", prev):
            role = "start"
        elif re.search(r"\b(?:to|until|till|and)\s*$", prev) and re.search(r"\b(?:from|between)\s+\d{4}\s+(?:to|until|till|and)\s*$", text[max(0, s - 24) : s].lower()):
            role = "end"
    if action is None and role is None and unit == "count":
        # a headline's count with its participle and no verb: "12 people killed in Dnipro"
        action = _own_act(head)
    elif unit == "count" and head is not None and head.dep_ == "pobj" and role is None and (own := _own_act(head)):
        # a count inside a phrase, with its own participle, is what that participle says, not
        # what the clause's verb did: "Of the 73 people injured, 30 were hospitalized"
        action = own
    if unit == "age":
        # (an age is a person's, never a part or a whole of a count: "the dead included a 9-year-old
        # girl" is the girl's age, as "a 9-year-old girl died" is)
        thing, role = (_lemma(head) if head is not None else None), None
    elif unit == "count" and not words and (aged := _age_of(span, head)) is not None:
        # "two sisters, both 14 years old", "a man aged 41": an age, of the person it describes
        unit, thing, role = "age", _lemma(aged), None
        action = _action(doc[aged.i : aged.i + 1])  # what befell that person ("a man aged 41 died")
    member = _list_member(span) if unit == "count" and thing is None and not role else None
    listed = _listed_count(member) if member is not None else None
    if listed is not None:
        # "At least 11 people were killed: seven in the Lviv region, four in Kherson": a count of
        # the list's noun at its own place, a part of the count it follows; "Five people were
        # killed in Lviv, four in Kherson": a count of its own, by the same act
        noun, of_count = listed
        thing, role = _lemma(noun), ("part" if of_count else None)
    if unit == "count" and thing is None and not role and not words:
        antecedent = _elided_thing(span, doc)
        if antecedent is not None:
            thing = _lemma(antecedent)
    if unit == "count" and thing in (None, "") and not role and _harms_bare(span):
        thing = "people"  # "kills 2, injures 20", "killed 3 and injured 12": the people harmed
        action = action or _lemma(span.root.head)
    if unit in ("count", "ordinal") and thing in (None, "") and not role:
        return None  # we can't tell what is counted: no claim
    if unit == "year" and role is None:
        return None  # a bare year dates some event of the sentence; only ranges ("from 2012 to 2024") are facts here
    if thing in ("other", "life") and action in HARM_ACTS:
        thing = "people"  # "wounding 23 others", "claiming one life": people hurt or killed
    # ("most of 40 drones" is a share of them, not the most there have been)
    record = any(t.lower_ in RECORD_WORDS and not (t.lower_ == "most" and t.nbor(1).lower_ == "of")
                 for t in doc[max(sent.start, span.start - 4) : span.start])
    before = text[max(0, s - 16) : s].lower()
    total = bool(re.search(r"\btotal\s+of\s*$|\boverall\s*$|\baltogether\s*$", before)
                 or re.match(r"\s*(?:\w+\s+){0,2}(?:in\s+total|altogether|overall)\b", text[e : e + 30].lower())
                 # a fronted "In total, ..." ("Zaluzhnyi reports that, in total, Russia launched 81 missiles"),
                 # not of a part the sentence counts of it ("..., of which 74 were destroyed")
                 or (role != "part" and _FRONTED_TOTAL.search(text[sent.start_char : s].lower())))
    num_start, num_end = base + m.start("num"), base + m.end("num")
    if ordinal:
        num_end = base + m.end("ord")
    exclude = tokens | ({head.i} if head is not None else set())
    verb = _verb(span)
    sent_terms = _terms(sent, exclude)
    return Claim(
        start=base + s,
        end=base + e,
        num_start=num_start,
        num_end=num_end,
        text=text[s:e],
        num_text=text[m.start("num") : (m.end("ord") if ordinal else m.end("num"))],
        value=value,
        lo=lo,
        hi=hi,
        unit=unit,
        thing=thing,
        thing_text=head.text if head is not None and unit in ("count", "ordinal") and head.i > span.end - 1 else "",
        action=action,
        role=role,
        record=record,
        total=total,
        hedge=hedge,
        style="words" if words else "digits",
        sent_terms=sent_terms,
        local_terms=_local_terms(span, head),
        # (a count in a list is where its own phrase says: "four in Kherson")
        places=clause_places(span, sent, member if listed is not None else _verb(span) or _participle(head),
                             _included(span)),
        when=act_time(verb, sent, span) if unit not in ("year", "time") else [],
        when_text=(when_text := act_dates(verb, sent, span) if unit not in ("year", "time") else []),
        context_when=(context_when := context_dates(verb, sent, span)
                      if unit not in ("year", "time") and all(anaphoric(t) for t in when_text) else []),
        context_time=(context_time(sent) if unit not in ("year", "time") and not context_when
                      and all(anaphoric(t) for t in when_text) else []),
        actor=_actor(verb),
        measures=_measures(span, head, verb, thing),
        kinds=_kinds(span, head) if unit in ("count", "ordinal") else (),
        estimate=_estimated(span, head, verb),
        offset=unit == "count" and thing in DURATIONS and _offset(head),
        listed=("part" if listed[1] else "beside") if listed is not None else "",
        sentence=sent.text,
        sent_start=base + sent.start_char,
    )


# Words a span of time hangs from when it places an act from another time ("two days earlier",
# "a year ago", "three weeks after the attack"): general English.
OFFSET_WORDS = {"ago", "earlier", "later", "before", "after", "prior", "since", "afterwards", "afterward"}


def _offset(head) -> bool:
    """Does the time noun measure how far the act is from another time ("Two days earlier,
    drones had struck Moscow") rather than count days ("attacks on 17 days last month")?"""
    return head is not None and head.dep_ == "npadvmod" and head.head.lower_ in OFFSET_WORDS


def _estimate_word(t) -> bool:
    return t.lower_.startswith("estimat")


def _estimated(span, head, verb) -> bool:
    """Does the clause give the figure as an estimate: a word of estimating it hangs from
    ("Forbes estimated that the attack cost $400 million"), that describes it ("an estimated
    100 missiles") or that its verb carries ("cost Russia $120mn, according to estimations",
    "estimates put the toll at 50")? An estimate is one source's reckoning of the fact."""
    if any(_estimate_word(t) for t in span.root.ancestors):
        return True
    if any(_estimate_word(c) for x in (span.root, head) if x is not None for c in x.children):
        return True
    return verb is not None and any(
        any(_estimate_word(t) for t in c.subtree) for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("according", "by")))


def _harms_bare(span) -> bool:
    """Is the number, with no noun, what a verb of harm did ("kills 2, injures 20", "the strike
    killed 3 and injured 12")? Those counted are people."""
    root = span.root
    verb = root.head
    # (the parser hangs a headline's "kills 2" on the verb as a modifier: then only after the verb)
    return (root.i != verb.i and verb.tag_.startswith("V") and verb.lemma_.lower() in HARM_ACTS
            and (root.dep_ == "dobj" or (root.dep_ == "nummod" and verb.i < root.i)))


def _included(span) -> bool:
    """Is the figure the subset of an "including" / "among them" phrase? ("including two
    cruise missiles and 268 drones": up the parse from the number, through its noun and
    any co-ordination, to the preposition)"""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.sent.start, span.start - 3) : span.start]]
    if any(w in INCLUDING for w in before):
        return True
    tok = span[-1]
    for _ in range(5):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lower_ in INCLUDING:  # (the tagger often calls "including" a verb)
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


# What may stand between "among" and the count it takes: "among the 12", "among at least 10".
_AMONG_GAP = {"the", "at", "least", "about", "around", "nearly", "almost", "some", "more", "than", "over", "up", "to"}


def _among_object(span):
    """The "among" whose object the figure is ("Three children among 10 killed", "were among
    the 12 people killed"): that count is the whole the count before it is a part of, where
    after "including" or "among them" the count is the part. The "among" token, or None."""
    doc = span.doc
    i = span.start - 1
    while i >= span.sent.start and doc[i].lower_ in _AMONG_GAP:
        i -= 1
    return doc[i] if i >= span.sent.start and doc[i].lower_ == "among" else None


def _among_count(prep):
    """The number an "among" takes directly ("among 10 killed", "among the 12 people"), or None."""
    doc = prep.doc
    i = prep.i + 1
    while i < prep.sent.end and doc[i].lower_ in _AMONG_GAP:
        i += 1
    return doc[i] if i < prep.sent.end and doc[i].like_num else None


def _among_whole(head):
    """The head of the count an "among" hung from the counted noun (or from the verb "be" of which
    it is the subject) takes: "Three children among 10 killed" -> 10; "Two children were among
    the 12 people killed" -> people. None when there is none."""
    holders = [head] + ([head.head] if head.dep_ == "nsubj" and head.head.lemma_ == "be" else [])
    for holder in holders:
        for prep in holder.children:
            if prep.lower_ == "among" and prep.i > head.i and (n := _among_count(prep)) is not None:
                return n.head if n.dep_ == "nummod" else n
    return None


def _among_part_noun(prep):
    """The counted noun of the part an "among" belongs to (its head, or the subject of its "be")."""
    holder = prep.head
    if holder.pos_ in ("NOUN", "PROPN"):
        return holder
    return next((c for c in holder.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)


def _including_whole(span):
    """The noun an "including" phrase hangs from ("70 drones, including 42 in Moscow" ->
    drones), or None."""
    tok = span[-1]
    for _ in range(5):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.lower_ in INCLUDING:
            head = tok.head
            if head.i != tok.i and head.pos_ in ("VERB", "AUX"):
                # "shot down 70 drones on Sunday, including 41 ...": the parser hangs the
                # phrase on the verb; the whole is that verb's counted object
                head = next((c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c.i < tok.i
                             and any(g.dep_ == "nummod" for g in c.children)), head)
            # (a number standing for its noun is a whole too: "Update: 23 killed, including 4 children")
            return head if head.i != tok.i and head.pos_ in ("NOUN", "PROPN", "NUM") and head.i < tok.i else None
        if tok.pos_ in ("VERB", "AUX"):
            return None
    return None


def _listed_with_same_thing(span, head) -> bool:
    """Another number of the same "including" list (read from "including" to the end of the
    sentence) counts the same noun."""
    tok = span[-1]
    while tok.head.i != tok.i and tok.lower_ not in INCLUDING:
        tok = tok.head
    if tok.lower_ not in INCLUDING or head is None:
        return False
    lemma = _lemma(head)
    # the list may run on past what the parser hangs under "including": read to the sentence end
    for t in span.doc[tok.i : span.sent.end]:
        if t.like_num and not (span.start <= t.i < span.end):
            h = t.head if t.dep_ == "nummod" else None
            if h is not None and h.i != head.i and _lemma(h) == lemma:
                return True
    return False


_KIND_OF = {w: k for k, words in EVENT_KINDS.items() for w in words}


def _measures(span, head, verb, thing) -> str | None:
    """What a duration measures, as a kind of happening: the noun of "a 13-hour barrage", or
    the subject of "the attack lasted 16 hours" / "the assault persisted for eight hours"."""
    if thing not in DURATIONS:
        return None
    if head is not None and head.i >= span.end - 1 and head.lemma_.lower() not in DURATIONS:
        return _KIND_OF.get(head.lemma_.lower())
    if verb is not None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return _KIND_OF.get(subj.lemma_.lower())
    return None


def _named_type(head) -> bool:
    """The counted noun is narrowed by a proper name ("Iskander-K cruise missiles")."""
    return head is not None and any(t.pos_ == "PROPN" for t in head.subtree if t.i < head.i)


# named entities that narrow a noun by where, not by what kind it is ("Kyiv residents")
_NOT_KINDS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})
# ... nor by whose: a people's adjective, by the endings English gives them ("Russian", "Iranian-made",
# "Chinese", "British", "Israeli"; the tagger also calls "Shahed" a people, which these tell apart)
_DEMONYM = re.compile(r".*(?:an|ese|ish|i|ch)")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_FRONTED_TOTAL = re.compile(r"\b(?:in\s+total|in\s+all|altogether|overall)\s*,")


def _kinds(span, head) -> tuple[str, ...]:
    """The names that narrow the counted noun to a kind ("six X-47M2 Kinzhal missiles": x, 47m2,
    kinzhal), as the parts of their words ("Shahed-136" and "Shahed" share "shahed"), folded as
    place names are for spellings ("Shaheed" = "Shahed": `places.place_key`). A name is
    a capitalised word or one of letters and digits, whatever the tagger calls it (it takes
    "Kalibr" for a noun, "Shahed" for a verb, "Iskander" for a person); a place or a people
    narrowing the noun is no kind."""
    if head is None or head.i < span.end:
        return ()
    out = set()
    for t in head.subtree:
        if t.i >= head.i or span.start <= t.i < span.end or t.is_sent_start or t.is_stop or t.like_num:
            continue  # (another number is no kind: "the 33rd and 34th floors")
        named = t.text[:1].isupper() or (any(ch.isdigit() for ch in t.text) and any(ch.isalpha() for ch in t.text))
        if (not named or t.ent_type_ in _NOT_KINDS or is_place_word(t)
                or (t.ent_type_ == "NORP" and _DEMONYM.fullmatch(t.lower_))):
            continue
        out.update(place_key(w) for w in re.split(r"[-‐/]", t.lower_) if w and not _ORDINAL.fullmatch(w)
                   and any(ch.isalpha() for ch in w))
    return tuple(sorted(out - {""}))


def share_kind(a, b) -> bool:
    """Do two counts' kinds (`_kinds`) share a name, or two spellings of one: a transliteration
    or a typo differs by a letter ("Shahed" / "Sahed"), in names of five letters or more?"""
    return any(x == y or (min(len(x), len(y)) >= 5 and Levenshtein.distance(x, y) <= 1) for x in a for y in b)


def _age_of(span, head):
    """The person an age in words describes ("both 14 years old", "the girl was 9 years old",
    "a man aged 41", "two women aged 60 and 62"), or None."""
    tok = None
    root = span.root
    if root.dep_ == "conj" and root.head.like_num and root.head.i < root.i:
        root = root.head  # "aged 60 and 62": the second age is of the same kind of person
    if head is not None and head.lemma_.lower() == "year" and head.head.lower_ == "old" and head.dep_ == "npadvmod":
        tok = head.head  # "14 years old"
    elif root.head.lower_ == "aged" and root.head.i != root.i:
        tok = root.head  # "aged 41"
    if tok is None:
        return None
    if tok.dep_ in ("amod", "acl", "appos") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    if tok.dep_ in ("acomp", "attr"):
        return next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")),
                    None)
    return None


def _own_act(head):
    """The act a participle after the counted noun names ("29 people injured", "drones
    launched"), or None."""
    c = _participle(head, light=False)
    if c is None:
        return None
    return _act_of(c)


def known_act(action: str | None) -> bool:
    """The act is in a class of `facts.words.ACTION_GROUPS`: another class is another act."""
    return bool(action) and any(action in g for g in ACTION_GROUPS)


def _act_of(verb) -> str:
    """The verb's act: its lemma, or "down" for a phrasal "shoot down", "bring down" (but
    "shut down" is shutting)."""
    lemma = verb.lemma_.lower()
    if lemma not in ("shut", "close") and any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
        return "down"
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt" and c.lower_.isalpha()), None)
    if particle and particle != "down" and not any(lemma in g for g in ACTION_GROUPS):
        # a phrasal verb the lists do not know is its own act: "put out" fires is not "put"
        # (one they know keeps their class: "sent out 50 drones" is sending, "shut down" shutting)
        return f"{lemma} {particle}"
    return lemma


def _participle(head, light: bool = True):
    """The participle after the counted noun ("12 people killed in a strike on Dnipro": when no
    verb governs the figure, its places are the count's), or the one the parser read as a
    clause of its own ("30 of 45 drones fired at Kyiv": `_reduced_relative`); `light=False`: not
    a light verb."""
    if head is None:
        return None

    def fits(c):
        return light or c.lemma_.lower() not in LIGHT_VERBS

    c = next((c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.i > head.i and fits(c)), None)
    top = head  # the phrase the noun ends ("30 of 45 drones": the 30)
    while top.dep_ in ("pobj", "prep") and top.head.i < top.i:
        top = top.head
    if c is None and top.dep_ in ("nsubj", "nsubjpass") and _reduced_relative(top.head) and fits(top.head):
        c = top.head  # "drones launched", read as a clause of its own
    return c


def _has_included(head) -> bool:
    """Does the counted noun carry an "including N" phrase (so the figure is a whole)?"""
    for t in head.subtree:
        if (t.lower_ in INCLUDING and t.i > head.i and any(x.like_num for x in t.subtree)
                and not (t.lower_ == "among" and _among_count(t) is not None)):
            return True
    verb = head.head
    if head.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
        # "... including" hung on the verb of the counted object ("downed 70 drones overnight, including 41")
        for t in verb.children:
            if t.lower_ in INCLUDING and t.i > head.i and any(x.like_num for x in t.subtree):
                return True
    return False


def _actor(verb) -> str | None:
    """The side that did the act: a country (GPE or nationality) in the subject of the
    figure's verb ("Ukraine's air defence shot down 62"); through a pronoun subject, the
    subject of the verb that reports it ("Russia said it had shot down 34"). None if unknown
    or if the subject names more than one."""
    for _ in range(2):
        if verb is None:
            return None
        subj = _subject(verb)
        if subj is None:
            return None
        if subj.pos_ == "PRON" and subj.lower_ in ("it", "they"):
            verb = verb.head if verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX") else None
            continue
        keys = {actor_key(t.text) for t in subj.subtree if t.ent_type_ in ("GPE", "NORP") and t.pos_ in ("PROPN", "ADJ")}
        return keys.pop() if len(keys) == 1 else None
    return None


def _designator(span, text: str, s: int, e: int, cur) -> bool:
    """A number that names a model, not a count: right after a name ("Shahed 136 drones",
    "Kh 101 missiles") or one of two joined by a slash ("Shahed 136/131")."""
    if cur:
        return False
    if text[e:e + 1] == "/" and text[e + 1:e + 2].isdigit() or text[max(0, s - 1):s] == "/" and text[s - 2:s - 1].isdigit():
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return (before is not None and before.pos_ == "PROPN" and not before.whitespace_ == ""
            and before.ent_type_ not in ("DATE", "GPE", "LOC", "NORP", "PERSON") and before.text[:1].isupper()
            and before.lower_ not in MONTH_WORDS and span[-1].head.i > span[-1].i and span[-1].head.pos_ == "NOUN"
            # the name modifies the counted noun or its number ("Shahed 136 drones"), not the clause
            # ("In Kyiv 12 people were killed", the place unrecognised)
            and (before.dep_ in ("compound", "nmod") or before.head.i in (span[-1].i, span[-1].head.i)))


def _subject(verb):
    """The verb's subject: of two (a dateline the parser reads as one, "KYIV, Ukraine (AP) –
    Russia launched ..."), the one nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    before = [c for c in subjects if c.i < verb.i]
    return max(before, key=lambda c: c.i) if before else (subjects[0] if subjects else None)


def _verb(span):
    """The verb that governs the figure (climbing from its last token), or None."""
    verb = span[-1]
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = _up(verb)
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _up(tok):
    """The token's head, climbing towards its verb; but a noun the parser co-ordinated with a
    noun inside a participle phrase, when the noun that phrase describes is the same word, is
    co-ordinated with that noun ("intercepted nine missiles launched from ships and three
    land-based missiles": the three were intercepted, not launched from ships)."""
    head = tok.head
    if tok.dep_ != "conj" or tok.pos_ != "NOUN":
        return head
    cur = head
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        if cur.dep_ == "acl" and cur.pos_ == "VERB":
            noun = cur.head
            if noun.pos_ == "NOUN" and noun.i < tok.i and noun.lemma_.lower() == tok.lemma_.lower():
                return noun
            break
        cur = cur.head
    return head


def _lemma(tok) -> str:
    lemma = (tok.lemma_ or tok.text).lower()
    if tok.pos_ == "NOUN":
        for words, thing in THING_PHRASES.items():
            n = len(words) - 1
            if lemma == words[-1] and tok.i >= n and tuple(t.lower_ for t in tok.doc[tok.i - n : tok.i]) == words[:-1]:
                return thing
    return THING_SYNONYMS.get(lemma, lemma)


def _lemma_word(word: str) -> str:
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("s", "")):
        if w.endswith(suffix) and len(w) > 3:
            return w[: -len(suffix)] + repl
    return w


def _head_noun(span, doc):
    """The noun the figure counts: its syntactic head, through compounds and
    co-ordinations ("11 cruise and ballistic missiles" counts missiles)."""
    last = span[-1]
    tok = last
    # the number may be the head of its own phrase ("476 out of ..."): no noun then
    if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "conj") and tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ == "conj" and head.like_num:  # "33rd and 34th floors"
            return _head_noun(doc[head.i : head.i + 1], doc)
        while head.pos_ in ("NOUN", "PROPN", "ADJ") and head.dep_ in ("compound", "nmod", "amod") and head.head.i > head.i:
            head = head.head
        # "11 cruise and ballistic missiles" counts missiles; "593 drones and 11 missiles" does not
        conjs = [c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i > head.i
                 and not any(g.dep_ == "nummod" or g.like_num for g in c.children)]
        # ... and only when the counted word is a singular modifier of a plural noun
        # ("cruise and ballistic missiles"; not "29 people and damaged buildings")
        if conjs and any(c.dep_ == "cc" for c in head.children) and head.tag_ == "NN" and conjs[-1].tag_ == "NNS":
            head = conjs[-1]
        if head.pos_ in ("NOUN", "PROPN") and head.i > last.i:
            return head
        return None
    # a noun right after the figure that the parser attached elsewhere
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.head.i == last.i:
        return nxt
    return None


def _list_member(span):
    """The span's number, when it is a member of a list of counts by place (`list_member`)."""
    return span[-1] if len(span) == 1 and list_member(span[-1]) else None


def _listed_count(member):
    """(the noun a list member counts, whether it is a part of that count) — "seven in Lviv"
    after "11 people were killed:" (a part: the list is set beside the noun) or "four in Kherson"
    after "Five people were killed in Lviv," (a count of its own, hung from the verb) — or None
    when the list follows no count."""
    tok = member
    while tok.dep_ in ("conj", "appos") and list_member(tok.head):
        tok = tok.head  # the list's first member
    head = tok.head
    if tok.dep_ == "appos" and head.pos_ == "NOUN" and any(c.dep_ == "nummod" and c.like_num for c in head.children):
        return head, True
    if tok.dep_ in ("npadvmod", "conj") and head.pos_ in ("VERB", "AUX"):
        noun = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ == "NOUN"
                     and any(g.dep_ == "nummod" and g.like_num for g in c.children)), None)
        if noun is not None:
            return noun, False
    return None


def _elided_thing(span, doc):
    """The noun an elided count stands for: a number in digits standing alone as a verb's subject
    or object ("It said 42 were downed over Moscow") counts the thing of the nearest count before it,
    in the same or the previous sentence, by the same act ("... had downed 70 drones."). None when the
    number has a noun, is not a clause's subject or object, or no count comes before."""
    last = span[-1]
    if len(span) != 1 or last.dep_ not in ("nsubj", "nsubjpass", "dobj") or any(
            c.dep_ in ("prep", "det", "amod", "compound") and c.lower_ != "another" for c in last.children):
        return None  # ("another 37 have been injured" stands for 37 more of the thing, as a bare 37 does)
    verb = last.head
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < last.i:
        # a clause co-ordinated with one that counts a thing shares what is counted, whatever
        # its act ("16 people have died and 22 were injured")
        for t in verb.head.subtree:
            if (t.i < verb.i and t.like_num and t.dep_ == "nummod" and t.head.pos_ == "NOUN"
                    and t.head.i > t.i and t.head.head.i == verb.head.i and _argument(t.head)):
                return t.head
    act = action_group(_action(span))
    if not act:
        return None
    # ... a count of a thing that underwent the same act ("downed 70 drones ... 42 were
    # downed"), not any number in between ("over six regions")
    return next((noun for num, noun in _counted_before(span, doc)
                 if action_group(_action(doc[num.i : num.i + 1])) == act), None)


def _counted_before(span, doc):
    """(number, noun) of each count of a subject or object before the figure, in its sentence
    and the one before, nearest first: what an elided count or "of them" may stand for."""
    sent = span.sent
    lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for t in reversed(doc[lo : span.start]):
        if not (t.like_num and t.dep_ == "nummod"):
            continue
        # (the noun the number counts, through compounds: "10 Kalibr cruise missiles", whose number
        # the parser hangs on the name)
        noun = _head_noun(doc[t.i : t.i + 1], doc)
        if noun is not None and noun.pos_ == "NOUN" and _argument(noun):
            yield t, noun


def _argument(noun) -> bool:
    """The noun is its verb's subject or object, or the "of" noun of one ("a total of 70 drones")."""
    core = ("nsubj", "nsubjpass", "dobj")
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        return noun.head.head.dep_ in core
    return noun.dep_ in core


def _joined(head):
    """The second noun of a count of two things together ("537 drones and missiles"):
    a plural noun co-ordinated with the counted one that has no number of its own and
    is not the object of another verb ("29 people and damaging buildings")."""
    if head.tag_ != "NNS" or not any(c.dep_ == "cc" for c in head.children):
        return None
    for c in head.children:
        if (c.dep_ == "conj" and c.tag_ == "NNS" and c.i > head.i
                and not any(g.dep_ == "nummod" or g.like_num or g.pos_ in ("VERB", "DET") for g in c.children)
                # "152 missiles and dozens of drones": a quantity of its own, not a second thing counted
                and not any(g.dep_ == "prep" and g.lower_ == "of" for g in c.children)):
            return c
    return None


def _part_of(span, doc):
    """'476 out of 539 drones', '62 of 145', '500 drones were shot down out of 539'
    -> the noun of the whole."""
    last = span[-1]
    i = last.i + 1
    sent_end = last.sent.end
    for j in range(last.i + 1, min(last.i + 9, sent_end - 2)):
        if doc[j].lower_ == "out" and doc[j + 1].lower_ == "of" and any(t.like_num for t in doc[j + 2 : j + 5]):
            i = j
            break
        if doc[j].is_punct:
            break
    words = [t.lower_ for t in doc[i : i + 2]]
    if words[:2] == ["out", "of"]:
        i += 2
    elif words[:1] == ["of"]:
        i += 1
    else:
        return None
    if i < len(doc) and doc[i].lower_ in OF_PRONOUNS:
        return _antecedent(span, doc)  # "75 drones ... 71 of them were destroyed"
    found, number = None, False
    for t in doc[i : i + 7]:
        modifies = t.head.i > t.i and t.dep_ in ("amod", "compound", "npadvmod", "punct")
        if (t.is_punct or t.pos_ in ("VERB", "ADP", "AUX")) and not modifies:
            break  # (but "Iranian-made" belongs to the phrase: it modifies its noun)
        number = number or t.like_num
        if t.pos_ == "NOUN" and not t.like_num and t.lower_ not in RECORD_WORDS:
            found = t  # the last noun of the phrase: "a record 539 Russian drones"
    if found is None and number:
        return True  # "500 drones ... out of 539": the whole counts what the part counts
    if found is not None and not number and words[:1] == ["of"]:
        lemma = _lemma(found)
        if not any(t.like_num and t.dep_ == "nummod" and any(_lemma(x) == lemma for x in t.head.subtree)
                   for t in doc[: span.start]):
            # "five of the capital's airports": five airports, of a whole never counted (but
            # "145 drones ... downed 62 of the drones" is a part of the 145)
            return ("all", found)
    return found


def _antecedent(span, doc):
    """The plural noun counted just before, that "them" in "71 of them" stands for: the last
    count of a subject or object in this sentence or the one before ("Russia launched 75
    drones against six areas. It said 71 of them were destroyed": the drones), or None."""
    return next((noun for _, noun in _counted_before(span, doc) if noun.tag_ == "NNS"), None)


def _fronted_whole(span):
    """The counted noun whose part a bare subject count is, told before it in its clause: "Of
    the 73 people injured, 30 were hospitalized", "out of the 75 drones launched by Russia, 74
    were intercepted", "75 drones against Ukraine, of which 74 were destroyed"; or None."""
    num = span[-1]
    if num.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = num.head
    for prep in verb.children:
        if prep.i >= num.i:
            break
        if prep.dep_ != "prep":
            continue
        of = prep if prep.lower_ == "of" else (
            next((c for c in prep.children if c.lower_ == "of"), None) if prep.lower_ == "out" else None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            continue
        if obj.lower_ == "which" and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
            return verb.head
        if obj.pos_ == "NOUN" and any(c.like_num and c.dep_ == "nummod" for c in obj.children):
            return obj
    return None


def _is_whole(span, doc) -> bool:
    """The 539 of "476 out of (a record) 539": a number, then "of", just before."""
    before = doc[max(0, span.start - 5) : span.start]
    words = [t.lower_ for t in before]
    if "of" not in words:
        return False
    k = len(words) - 1 - words[::-1].index("of")
    return any(t.like_num for t in before[:k])


def _reduced_relative(verb) -> bool:
    """Is `verb` a participle after its noun that the parser read as a clause of its own? "shot
    down 30 of 45 drones fired at Kyiv" parses "drones fired" as an adverbial clause of "shot"
    with "drones" its subject; a clause there would need a subordinator ("as drones fired") or an
    auxiliary, and "shot" would have an object. The noun's participle, then, not its act."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBN") or verb.head.pos_ != "VERB":
        return False
    if any(c.dep_ in ("aux", "auxpass", "mark", "dobj") for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (subj is not None and verb.head.i < subj.left_edge.i and subj.right_edge.i + 1 == verb.i
            and not any(c.dep_ in ("dobj", "obj") for c in verb.head.children))


def _action(span) -> str | None:
    tok = span[-1]
    for _ in range(6):
        if (tok.dep_ == "prep" and tok.lower_ == "of" and tok.head.pos_ == "NOUN"
                and tok.head.lemma_.lower() in NOMINAL_ACTS and tok.head.i < span.start):
            # the count an act's noun is "of" counts that act: "resulting in the deaths of two
            # people", "the interception of 34 drones"
            return NOMINAL_ACTS[tok.head.lemma_.lower()]
        if tok.pos_ == "VERB" and _reduced_relative(tok) and tok.i > span.end - 1:
            tok = tok.head  # the participle of the counted noun, not what was done to the count
        if tok.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in tok.children):
            # "23 people are known to be killed", "were reported to have died": a passive verb of
            # knowing or saying names no act; the clause it raises its subject from does
            inner = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "ADJ")), None)
            if inner is not None:
                tok = inner
        if tok.pos_ in ("VERB", "AUX"):
            # a state the verb gives its subject or object is what is counted: "43 people were
            # reported missing", "two were found dead", "ten remain missing"
            state = next((c for c in tok.children if c.dep_ in ("oprd", "acomp") and c.pos_ in ("ADJ", "VERB")), None)
            if state is not None:
                return state.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SUPPORT_VERBS:
            noun = next((c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN"
                         and c.lemma_.lower() in NOMINAL_ACTS and not (span.start <= c.i < span.end)
                         and span[-1].head.i != c.i), None)  # not the counted noun itself
            if noun is not None:
                return NOMINAL_ACTS[noun.lemma_.lower()]
        if tok.pos_ in ("VERB", "AUX") and (named := _act_of_group(tok)) is not None:
            return named
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in LIGHT_VERBS:
            return _act_of(tok)
        if tok.head.i == tok.i:
            break
        tok = _up(tok)
    return None


def _act_of_group(verb) -> str | None:
    """"The dead included a 9-year-old girl", "Among the wounded were 12 children": a verb of
    including, or "be", whose subject (or whose "among" phrase) is the people an act befell
    names that act; None otherwise ("Among them is a 15-year-old girl")."""
    lemma = verb.lemma_.lower()
    if lemma not in INCLUDING_ACTS and lemma != "be":
        return None
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and lemma in INCLUDING_ACTS:
            group = c
        elif c.dep_ == "prep" and c.lower_ == "among":
            group = next((x for x in c.children if x.dep_ == "pobj"), None)
        else:
            continue
        if group is not None and group.tag_ != "PRP" and known_act(group.lower_):
            return group.lower_
    return None


def _local_terms(span, head) -> list[str]:
    """Lemmas of the figure's clause: the verb that governs it, that verb's subject
    and object, and the noun a relative clause hangs from ("an attack that lasted")."""
    out = set()
    tok = span[-1]
    verb = None
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            verb = tok
            break
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if verb is not None:
        out.add(verb.lemma_.lower())
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "agent") and c.pos_ in ("NOUN", "PROPN"):
                out.add(c.lemma_.lower())
            if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "WDT" and verb.dep_ == "relcl":
                out.add(verb.head.lemma_.lower())
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            out.add(verb.head.lemma_.lower())
    if head is not None:
        out.discard(head.lemma_.lower())
    out -= {"be", "have", "say"}
    return sorted(out)


def action_group(action: str | None) -> frozenset[str] | None:
    if not action:
        return None
    groups = [g for g in ACTION_GROUPS if action in g]
    return frozenset().union(*groups) if groups else frozenset({action})


