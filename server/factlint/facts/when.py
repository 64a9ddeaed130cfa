"""When a figure's act happened, as far as the text says it explicitly.

A draft often mentions another event for context: "In May 2023, two drones were destroyed
near the Kremlin" in a story about November 2024. Such a figure is about the event its
own clause dates, not the story's. `act_time` reads the dates attached to the verb that
governs a figure (a DATE entity hanging from that verb, directly or through a preposition,
not through another verb: "the largest attack since Russia began its offensive in 2022"
dates the offensive, not the attack) and keeps what can be compared: years and month names.

`compatible` says whether a corpus article can be about that time: every year and month
the clause names must be among the dates the article mentions. Relative words ("overnight",
"on Sunday", "last night") name no year or month and are left to the event similarity.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from dataclasses import dataclass as _dataclass

from dateutil import parser as _dateparser

from .numbers import parse_number

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_ABBREV = {m[:3]: m for m in MONTHS} | {"sept": "september"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = re.compile(r"[a-z]+")


def time_words(text: str) -> set[str]:
    """Years and month names of a date expression ("May 2023" -> {"2023", "may"})."""
    low = text.lower()
    out = set(_YEAR.findall(low))
    for w in _WORD.findall(low):
        m = w if w in MONTHS else _ABBREV.get(w)
        if m:
            out.add(m)
    return out


def act_dates(verb, sent, figure=None, labels=("DATE", "TIME")) -> list[str]:
    """The date (and time-of-day) expressions that date the act of `verb`: entities hanging
    from that verb, directly or through a preposition, or through a participle that describes
    one of its nouns ("shot down 34 drones targeting Moscow on Sunday"), not through another
    verb (and not the figure's own span: a year is its own date)."""
    if verb is None:
        return []
    out = []
    for ent in sent.ents:
        if ent.label_ not in labels or (figure is not None and ent.start < figure.end and figure.start < ent.end):
            continue
        tok = ent.root
        for _ in range(5):  # the date, a preposition, (a participle, its noun,) the verb
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i == verb.i:
                out.append(ent.text)
                break
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "acl":
                break  # another verb's date
    head = verb.head
    if (verb.dep_ == "relcl" and head.ent_type_ in labels and head.i < verb.left_edge.i
            and not (figure is not None and figure.start <= head.i < figure.end)):
        # the act of a clause that describes a date: "in November 2022, when Russia launched 96
        # missiles" (the date is the head the clause hangs from, not a child of its verb); the
        # date's whole phrase, a day the tagger left out included ("10 October, when they launched")
        out.append(sent.doc[head.left_edge.i:verb.left_edge.i].text.strip(" ,;"))
    # relative-day words the entity recogniser leaves out ("fired 145 drones overnight",
    # "launched ... last night"), hanging from the verb itself
    covered = {i for e in sent.ents for i in range(e.start, e.end)}
    for c in verb.children:
        if c.i in covered:
            continue
        if c.lower_ in RELATIVE_DAYS:
            out.append(c.text)
        elif c.lower_ in ("night", "morning", "evening") and any(g.lower_ in ("last", "this") for g in c.children):
            out.append(" ".join(t.text for t in c.subtree))
    return out


def context_dates(verb, sent, figure=None) -> list[str]:
    """The date expressions that date an act whose own clause gives none (or only points back:
    `anaphoric`), as a reader takes them from what surrounds it: the day of a verb its clause
    hangs from ("officials said on Monday that Russia had fired 80 drones"), else the days the
    nearest sentence before it in its paragraph gives ("... intense attacks early Sunday. ...
    the assault, which involved 54 drones"). A sentence before that dates by year or month only
    ends the search with nothing: its paragraph has moved to another time; one whose dates only
    point back ("that night") is passed over. Read as a fallback by `figures.resolve_days`."""
    tok = verb
    for _ in range(4):  # the verbs the act's clause is the complement of
        if tok is None or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            found = [t for t in act_dates(tok, sent, figure) if names_day(t)]
            if found:
                return found
    return [t for t in _dated_before(sent) if names_day(t)]


def _dated_before(sent) -> list[str]:
    """The date expressions of the nearest sentence before, in the paragraph, that dates
    anything ("that night" points further back: passed over); [] when none does."""
    for s in reversed([s for s in sent.doc.sents if s.end <= sent.start]):
        texts = sentence_dates(s)
        if texts and not all(anaphoric(t) for t in texts):
            return texts
    return []


def context_time(sent) -> list[str]:
    """Years and month names of the nearest sentence before, in the paragraph, that dates
    anything, when it names no day: "On this day in 2022, the Russians hit the Amstor centre.
    Then, the occupiers killed 21 people" tells of 2022, not of the story's day (read when the
    act has no date of its own and `context_dates` finds no day)."""
    texts = _dated_before(sent)
    if any(names_day(t) for t in texts):
        return []
    return sorted({w for t in texts for w in time_words(t)})


def sentence_dates(sent) -> list[str]:
    """A sentence's date expressions: its DATE entities and the relative-day words the entity
    recogniser leaves out ("overnight", "last night")."""
    out = [e.text for e in sent.ents if e.label_ == "DATE"]
    covered = {i for e in sent.ents for i in range(e.start, e.end)}
    for t in sent:
        if t.i in covered:
            continue
        if t.lower_ in RELATIVE_DAYS:
            out.append(t.text)
        elif t.lower_ in ("night", "morning", "evening") and t.i > sent.start and t.nbor(-1).lower_ in ("last", "this"):
            out.append(f"{t.nbor(-1).text} {t.text}")
    return out


# a date that points back to a day told before it ("that night", "the same day", "during the
# night"): it names no day of its own, so the act's context dates it (`context_dates`)
# (the entity recogniser's span may take a word before it in: "Kyiv that night")
_ANAPHORIC = re.compile(r"(?:^|\s)(?:that|the|the same)\s+(?:night|day|morning|afternoon|evening)$", re.I)


def anaphoric(text: str) -> bool:
    """Does a date expression only point back to a day told before it ("that night")?"""
    return _ANAPHORIC.search(" ".join(text.split())) is not None and not names_day(text)


_ANY_DAY = _dt.date(2001, 1, 1)  # a reference to test a text against: any ordinary day does


def names_day(text: str) -> bool:
    """Does a date expression name a day (or days) once the story's date is known? ("Sunday",
    "overnight", "May 28", "two weeks ago"; not "2022", "in May", "the past year")."""
    return resolve(text, _ANY_DAY) is not None


def act_time(verb, sent, figure=None) -> list[str]:
    """Years and months of the DATE expressions that date the act of `verb`."""
    out: set[str] = set()
    for text in act_dates(verb, sent, figure, ("DATE",)):
        out |= time_words(text)
    return sorted(out)


def outside(when, days: tuple[_dt.date, _dt.date] | None) -> bool:
    """Do the years and months a clause names (`when`: "2022", "may") leave out every one of
    these days? An act "in 2022" is not one of 28 April 2023; unknown days say nothing."""
    if not when or days is None:
        return False
    years = {w for w in when if w.isdigit()}
    months = {w for w in when if not w.isdigit()}
    span = [days[0] + _dt.timedelta(n) for n in range(min((days[1] - days[0]).days, 366) + 1)]
    return not any((not years or str(d.year) in years) and (not months or MONTHS[d.month - 1] in months)
                   for d in span)


def compatible(when: list[str] | tuple[str, ...], article_times: frozenset[str]) -> bool:
    """Can an article mentioning these dates be about an act dated `when`? A year the
    article never mentions says no; so does a month, when the article names months at all
    (an article that dates nothing by month, "on Sunday", may still be about that month)."""
    months = {w for w in article_times if w in MONTHS}
    for w in when:
        if w in MONTHS:
            if months and w not in months:
                return False
        elif w not in article_times:
            return False
    return True


# ---- days: dates resolved against the article's own date ----------------------------------
#
# A story dates its events relative to the day it was written: "overnight", "last night",
# "on Sunday", "early Friday". `reference_date` finds that day (a front-matter date, else the
# latest full date the text gives); `resolve` turns one date expression into `Days` (a range
# of calendar days when the reference is known, the weekdays it can fall on in any case);
# `overlaps` says whether two acts can be one event. Explicit dates are read by dateutil.

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# words for a day relative to the reference: (first, last) day offsets
RELATIVE_DAYS = {
    "overnight": (-1, 0), "last night": (-1, 0), "tonight": (0, 0), "today": (0, 0),
    "this morning": (0, 0), "this evening": (0, 0), "yesterday": (-1, -1),
}
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_RANGE = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?", re.I)
# ... and the day first: "the night of 7-8 May", "7–8 May 2023"
_RANGE_DM = re.compile(rf"\b(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}}))?", re.I)
_HAS_DAY = re.compile(rf"\b{_MONTH_RE}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}|\b\d{{4}}-\d\d-\d\d\b", re.I)
SLACK_DAYS = 1  # "overnight" straddles two days; a night attack is dated by either


@_dataclass(frozen=True)
class Days:
    """When an act happened: calendar days lo..hi (when known) and the weekdays it falls on."""

    lo: _dt.date | None = None
    hi: _dt.date | None = None
    weekdays: frozenset[int] = frozenset()

    def to_json(self) -> list:
        return [self.lo.isoformat() if self.lo else None, self.hi.isoformat() if self.hi else None, sorted(self.weekdays)]

    @classmethod
    def from_json(cls, v) -> "Days | None":
        if not v:
            return None
        lo, hi, wd = v
        return cls(_dt.date.fromisoformat(lo) if lo else None, _dt.date.fromisoformat(hi) if hi else None, frozenset(wd))


def _span(lo: _dt.date, hi: _dt.date) -> Days:
    n = (hi - lo).days
    return Days(lo, hi, frozenset((lo + _dt.timedelta(d)).weekday() for d in range(min(n, 6) + 1)))


def explicit_date(text: str, year: int | None = None) -> _dt.date | None:
    """A calendar date the text gives with its day ("Nov. 10", "10 November 2024"), in the
    given year when it names none; None when it gives no day or no year can be had."""
    if not _HAS_DAY.search(text):
        return None
    text = re.sub(r"(?<![-–\d])\b(\d{1,2})\s*[-–]\s*\d{1,2}\b(?!\s*[-–:])", r"\1", text)  # "Nov. 9-10": its first day
    try:
        a = _dateparser.parse(text, default=_dt.datetime(2000, 1, 1), fuzzy=True)
        b = _dateparser.parse(text, default=_dt.datetime(2001, 1, 1), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    if a.year == b.year and re.search(r"\b\d{4}\b", text):
        return a.date()  # (a year only when written as one: dateutil reads "Nov. 9-10" as 2010)
    return a.date().replace(year=year) if year else None


_NUMERIC_YMD = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(r"\s*(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")


def stated_date(text: str) -> _dt.date | None:
    """A front matter's date: ISO 8601 with or without a time ("2023-05-28T10:00:00Z", as
    site generators and CMS exports write it), year first with slashes or dots ("2023/05/28"),
    day first with dots ("28.05.2023"), day or month first where only one reading is a date
    ("28/05/2023", "05/28/2023"), or a date in words ("28 May 2023"); None when it names no
    day or could be either ("05/06/2023")."""
    text = text.strip()
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        if m := _NUMERIC_YMD.match(text):
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC_DMY.match(text):
            a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
            if sep == "." or a > 12:
                return _dt.date(year, b, a)  # 28.05.2023, 28/05/2023
            if b > 12:
                return _dt.date(year, a, b)  # 05/28/2023
            return None  # 05/06/2023: May or June
    except ValueError:
        return None  # 2023/13/45
    return explicit_date(text)


def reference_date(date_texts, stated: str | None = None) -> _dt.date | None:
    """The day a story was written, as far as it says: a stated date (front matter,
    `stated_date`), else the latest full date (day, month and year) among its date expressions."""
    if stated:
        d = stated_date(stated)
        if d:
            return d
    full = [d for d in (explicit_date(t) for t in date_texts) if d]
    return max(full) if full else None


def month_day(text: str) -> tuple[int, int] | None:
    """The month and day a date expression gives, with or without a year ("August 18")."""
    d = explicit_date(text, 2000)  # (a leap year: 29 February is a day too)
    return (d.month, d.day) if d else None


def month_day_gap(md: tuple[int, int], other: tuple[_dt.date, _dt.date]) -> int:
    """Days between a month and day of an unknown year and known days: the least over the
    years around them (an undated story's "August 18" is 17 days from 1 August 2023 whatever
    its year)."""
    gaps = []
    for year in (other[0].year - 1, other[0].year, other[1].year + 1):
        try:
            d = _dt.date(year, *md)
        except ValueError:  # 29 February of a common year
            continue
        gaps.append(day_gap((d, d), other))
    return min(gaps)


def resolve(text: str, ref: _dt.date | None) -> Days | None:
    """One date expression of an act as Days, or None when it says nothing about the day."""
    low = " ".join(text.lower().split())
    m = _RANGE.search(low)
    month_first = m is not None
    m = m or _RANGE_DM.search(low)
    if m:
        month, first, last = (m.group(1), m.group(2), m.group(3)) if month_first else (m.group(3), m.group(1), m.group(2))
        if m.group(4):
            lo, hi = explicit_date(f"{month} {first}", int(m.group(4))), explicit_date(f"{month} {last}", int(m.group(4)))
        else:
            lo = _nearest(f"{month} {first}", ref)
            hi = lo and explicit_date(f"{month} {last}", lo.year)
        if lo and hi and lo <= hi:
            return _span(lo, hi)
        return None
    d = explicit_date(low) or _nearest(low, ref)
    if d:
        return _span(d, d)
    if ref is not None and (named := _calendar_day(low, ref)) is not None:
        return named
    if ref is not None and (period := _past_period(low, ref)) is not None:
        return period
    for w, wd in zip(WEEKDAYS, range(7)):
        if re.search(rf"\b{w}\b", low):
            if ref is None:
                return Days(weekdays=frozenset({wd}))
            back = (ref.weekday() - wd) % 7  # the last such day on or before the story's day
            day = ref - _dt.timedelta(back)
            return _span(day, day)
    for words, offsets in RELATIVE_DAYS.items():
        if re.search(rf"\b{words}\b", low):
            if ref is None:
                return None
            return _span(ref + _dt.timedelta(offsets[0]), ref + _dt.timedelta(offsets[1]))
    return None


# Days the calendar names without a number: (pattern, month, day, a night from that day into the next)
_CALENDAR = (
    (re.compile(r"\b(?:first night of (?:the|this|the new) year|new year'?s night)\b"), 12, 31, True),
    (re.compile(r"\bnew year'?s eve\b"), 12, 31, False),
    (re.compile(r"\b(?:first day of (?:the|this|the new) year|new year'?s day)\b"), 1, 1, False),
    (re.compile(r"\bchristmas eve\b"), 12, 24, False),
    (re.compile(r"\bchristmas day\b"), 12, 25, False),
)


def _calendar_day(low: str, ref: _dt.date) -> Days | None:
    """A day the calendar names ("New Year's Eve", "the first night of the year": the night of
    31 December into 1 January), in the year nearest the story's day."""
    for pattern, month, day, night in _CALENDAR:
        if pattern.search(low):
            lo = _nearest_of([_dt.date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1)], ref)
            return _span(lo, lo + _dt.timedelta(days=1 if night else 0))
    return None


def _nearest(text: str, ref: _dt.date | None) -> _dt.date | None:
    """A month and day with no year written, in the year that puts it nearest the story's day
    ("Dec. 31" in a story of 1 January is the day before, not a day eleven months on); None
    without a story's day."""
    if ref is None:
        return None
    found = [d for d in (explicit_date(text, y) for y in (ref.year - 1, ref.year, ref.year + 1)) if d]
    return _nearest_of(found, ref) if found else None


def _nearest_of(days: list[_dt.date], ref: _dt.date) -> _dt.date:
    """The day nearest `ref`; of two as near, the earlier (news tells what has happened)."""
    return min(days, key=lambda d: (abs((d - ref).days), d > ref))


# "two weeks ago", "a year ago": a past day counted back from the story's day, give or take this
# share of the distance in days (a period counted in weeks or years is a round figure: "a year
# ago" is any day of that season)
_AGO = re.compile(r"\b([\w,-]+)\s+(day|week|month|year)s?\s+ago\b")
_UNIT_DAYS = {"day": (1, 0), "week": (7, 3), "month": (30, 15), "year": (365, 183)}  # (days, give or take)
# "last week", "earlier this month": a past period of the calendar, before the story's day
_PERIOD = re.compile(r"\b(last|earlier this|earlier in the|previous)\s+(week|month|year)\b")


def _past_period(low: str, ref: _dt.date) -> Days | None:
    """A retrospective date ("a year ago", "last month", "earlier this week") as the days it can
    name, all before the story's day: an act so dated is not the night the story reports."""
    if m := _AGO.search(low):
        n = 1.0 if m.group(1) in ("a", "an") else parse_number(m.group(1))
        size, give = _UNIT_DAYS[m.group(2)]
        if n is None or n <= 0 or n * size > 365 * 1000:
            return None  # (a founding "1,541 years ago" is no day of the news)
        mid = ref - _dt.timedelta(days=round(n * size))
        spread = _dt.timedelta(days=round(n * give))
        return _span(mid - spread, min(ref, mid + spread))
    if m := _PERIOD.search(low):
        unit = m.group(2)
        start = _period_start(ref, unit)
        if m.group(1) in ("last", "previous"):
            end = start - _dt.timedelta(days=1)
            return _span(_period_start(end, unit), end)
        # "earlier this week": before the story's event, which is its day or, for a night, the
        # day before (SLACK_DAYS): "earlier this month" in a story of a night's attack is not that night
        return _span(start, max(start, ref - _dt.timedelta(days=1 + SLACK_DAYS)))
    return None


def _period_start(day: _dt.date, unit: str) -> _dt.date:
    """The first day of the calendar week (Monday), month or year `day` is in."""
    if unit == "week":
        return day - _dt.timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day.replace(month=1, day=1)


def overlaps(a: Days | None, b: Days | None, slack: int = SLACK_DAYS) -> bool:
    """Can two acts so dated be one event? Unknown days always can. Two single days `slack`
    apart can ("on Tuesday" night, "early Wednesday"); a span of days already holds its night
    ("overnight" in a story of the 18th: the 17th and the 18th), and a single day a day outside
    it is another night ("on Tuesday", the 16th: at latest the night into the 17th)."""
    if a is None or b is None:
        return True
    if is_night(a) and is_night(b):
        return a.lo == b.lo  # two nights that share a date ("7-8 May", "overnight" on the 9th) are two
    if not (_single(a) and _single(b)):
        slack = 0
    if a.lo and b.lo:
        return a.lo - _dt.timedelta(slack) <= b.hi and b.lo - _dt.timedelta(slack) <= a.hi
    if a.weekdays and b.weekdays:
        return weekday_gap(a.weekdays, b.weekdays) <= slack
    return True


def weekday_gap(a, b) -> int:
    """Days between the nearest of two sets of weekdays (0-6), a week round."""
    return min(min((x - y) % 7, (y - x) % 7) for x in a for y in b)


def is_night(d: Days) -> bool:
    """Is the act dated to one night: a day and the next ("overnight", "the night of 7-8 May")?"""
    return d.lo is not None and d.hi is not None and (d.hi - d.lo).days == 1


def _single(d: Days) -> bool:
    """Is the act dated to one day (a calendar day, else one weekday)?"""
    return d.lo == d.hi if d.lo is not None else len(d.weekdays) == 1


def event_days(days: Days | None, when, published_on: _dt.date | None) -> tuple[_dt.date, _dt.date] | None:
    """The calendar days a figure's act can be on: its own dated days; else, when the clause
    names no month or year of its own (`when`: a retrospective "in November" is dated by month
    and compared by `compatible`), the day its story was published; else unknown (None)."""
    if days is not None and days.lo is not None:
        return days.lo, days.hi
    if when or published_on is None:
        return None
    return published_on, published_on


def days_of(fact) -> tuple[_dt.date, _dt.date] | None:
    """`event_days` of a figure (a draft's `figures.Claim` or a stored `rows.CorpusFigure`)."""
    return event_days(fact.days, fact.when, fact.published)


def day_gap(a: tuple[_dt.date, _dt.date] | None, b: tuple[_dt.date, _dt.date] | None) -> int | None:
    """Days between two acts' days (0 when they overlap); None when either is unknown: missing
    evidence, never a contradiction."""
    if a is None or b is None:
        return None
    return max(0, (a[0] - b[1]).days, (b[0] - a[1]).days)


def is_stated(stated: str | None) -> bool:
    """Does a front matter's date give the story's day (`stated_date`)? Else its day is read
    from its text: the latest it names, the earliest it can have been published."""
    return bool(stated) and stated_date(stated) is not None


def begun_after(days: Days | None, published: _dt.date | None) -> bool:
    """Did an act its own words date (`days`, read from its clause or context) begin after a
    story was published? Then that story does not report it: an article tells of nights that
    had begun when it went out. This holds whatever the day gate: the gate measures how long
    after an act its stories appear, and none appears before. "Overnight" in a story of the
    18th is the night of the 17th to the 18th, which begins late on the 17th: a story of the
    17th went out before it (measured, docs/accuracy.md: no labelled set, copy or probe loses
    a flag; an outlet hours behind Kyiv that dates such a night's story the day before is the
    risk); an act of the 17th itself ("on Monday") a story of the 17th may report."""
    if days is None or days.lo is None or published is None:
        return False
    return days.lo > published or (days.hi is not None and days.hi > days.lo and days.lo >= published)


def unreported(a, b) -> bool:
    """Two figures (a draft's `figures.Claim`, a stored `rows.CorpusFigure`), one dated by its
    own words and the other by its story's stated publication day alone: did the dated act
    begin after the other story was published (`begun_after`)? Then they are not one act. A
    figure whose clause names a month or year of its own (`when`) is not dated by its
    publication day; a day read from a story's text (the latest it names) is the earliest it can
    have been published, which says nothing here."""
    def own(f):
        return f.days is not None and f.days.lo is not None

    if own(a) and not own(b) and not b.when and b.stated:
        return begun_after(a.days, b.published)
    if own(b) and not own(a) and not a.when and a.stated:
        return begun_after(b.days, a.published)
    return False


def story_date(analysed, stated: str | None = None):
    """The day the story was written, as far as it says (facts.when.reference_date)."""
    return _reference_date(tuple(t for _, doc in analysed.parsed for t in _date_texts(doc)), stated)


LEDE_PARAGRAPHS = 2  # the headline and the first paragraph: where a news story gives its own day


def lede_day(analysed) -> tuple[int, int] | None:
    """For a story with no full date: the month and day its headline or first paragraph gives
    ("Another Ukrainian drone attacked Moscow on August 18 overnight"), the latest if several;
    None when they give none (a day named further down is as often another night's: "the
    biggest was 81 missiles on March 9")."""
    # (read from the text, not the tagger's DATE entities: "on August 1 overnight" is tagged no date)
    found = [md for para, _ in analysed.parsed[:LEDE_PARAGRAPHS]
             for md in (month_day(m.group()) for m in _HAS_DAY.finditer(para.text)) if md]
    return max(found) if found else None


def story_days(analysed, ref: _dt.date | None) -> Days | None:
    """The days a story's headline and first paragraph date its act to ("overnight" in a story
    of the 10th: the 9th to the 10th; "the night of 7-8 May"; "on Sunday (May 28)"), when all
    they name can be one event (`overlaps`): the night among them, else the first; None when
    they name none, or days apart. A figure with no date of its own is of those days as far as
    telling two events apart goes (`Claim.story_days`, `apart`)."""
    found = []
    for para, doc in analysed.parsed[:LEDE_PARAGRAPHS]:
        low = para.text.lower()
        texts = (list(_date_texts(doc)) + [w for w in RELATIVE_DAYS if re.search(rf"\b{w}\b", low)]
                 # (days the tagger leaves out: "On the night of 7-8 May")
                 + [m.group() for r in (_RANGE, _RANGE_DM) for m in r.finditer(para.text)])
        found += [d for d in (resolve(t, ref) for t in texts) if d is not None and (d.lo or d.weekdays)]
    if not found or not all(overlaps(x, y) for x in found for y in found):
        return None
    return next((d for d in found if is_night(d)), found[0])


def apart(a, b) -> bool:
    """Two figures (a draft's `figures.Claim`, a stored `rows.CorpusFigure`), each dated by its
    own words or, having none, by its story's lede (`story_days`): are they of two events? Two
    nights are ("overnight" in a story of the 10th / "the night of 7-8 May"), a night and a day
    outside its two days (the day before it began, or the day after its second day: "on
    Sunday", the 28th, is not the night of 26-27), and days more than SLACK_DAYS apart; a night
    and either of its days are not. (A recollection names its own night: "45 drones on the
    first night of the year" in a story of 2 January is the night of 31 December, not its lede's
    day.) A day unknown on either side says nothing."""
    x = a.days if a.days is not None else a.story_days
    y = b.days if b.days is not None else b.story_days
    if x is None or y is None:
        return False
    if is_night(x) and is_night(y):
        return x.lo != y.lo
    if x.lo is not None and y.lo is not None:
        for night, day in ((x, y), (y, x)):
            if is_night(night) and day.lo == day.hi:
                # a day before the night began or after its second day is another event ("on
                # Monday", the 2nd, and the night of 3-4 January); its first day and its second are its own
                return not night.lo <= day.lo <= night.hi
        return day_gap((x.lo, x.hi), (y.lo, y.hi)) > SLACK_DAYS
    if x.weekdays and y.weekdays:
        return weekday_gap(x.weekdays, y.weekdays) > SLACK_DAYS
    return False


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
