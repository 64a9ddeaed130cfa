"""Every parameter of the matching, in one place: its value, what it means, and the data it was
set or measured on.

`PARAMETERS` lists them (name -> `Param`); the modules of `match/` read the constants below.
Most were set by hand while the figure model grew case by case on the sets it was scored on
(dev, real-dev and its mutated copies: see docs/accuracy.md), not fitted; they say so. A
parameter fitted by a script says which script and on what.

Bounds on memory or work (how many answers are kept) are listed too, marked as bounds: they
change speed, never a decision.
"""
from __future__ import annotations

import json
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

from ..facts import people as _people

HAND_SET = "set by hand on dev and real-dev (and mutated real-dev), case by case; not fitted"
BOUND = "a bound on memory or work, not a decision parameter"


@dataclass(frozen=True)
class Param:
    value: float
    meaning: str
    measured_on: str


PARAMETERS: dict[str, Param] = {}
# Parameters fitted from labelled data by scripts/calibrate.py, with what they were fitted on
# and their left-out measurement (the script writes this file; nothing else does).
# FACTLINT_FITTED names another such file: how the script scores a set with a fit that left it out.
FITTED_FILE = Path(os.environ.get("FACTLINT_FITTED") or Path(__file__).with_name("fitted.json"))
FITTED: dict = json.loads(FITTED_FILE.read_text(encoding="utf-8"))


def _p(name: str, value, meaning: str, measured_on: str = HAND_SET):
    PARAMETERS[name] = Param(value, meaning, measured_on)
    return value


def _fitted(name: str, meaning: str):
    """A fitted value (null in the file: no data to fit it on, the gate is off: infinity)."""
    f = FITTED[name]
    value = math.inf if f["value"] is None else f["value"]
    return _p(name, value, meaning, f"fitted by scripts/calibrate.py on {f['fitted_on']}: {f['summary']}")


# ---------------------------------------------------------------- figures: candidates

MAX_DAY_GAP = _fitted("MAX_DAY_GAP", "days between a draft figure's act and a corpus figure's (each its own dated "
                      "days, else its story's publication day) beyond which they are two events, not one; unknown "
                      "days on either side are missing evidence, never a contradiction")

NEAR_ARTICLES = _p("NEAR_ARTICLES", 30, "corpus articles closest to the whole draft whose figures are compared")
NEAR_PER_PARAGRAPH = _p("NEAR_PER_PARAGRAPH", 10,
                        "... and closest to each paragraph (a draft may cover several events)")
NEAR_STATING = _p("NEAR_STATING", 10,
                  "... and, whatever their words, the articles that state two of the draft's distinctive "
                  "figures, most first (in an archive of many nights that read alike, the articles closest by "
                  "words may all be other nights'; two exact figures seldom are)", BOUND)
NEAR_WORDS = _p("NEAR_WORDS", 40, "at most this many of the draft's rarest words retrieve the near articles", BOUND)
NEAR_POSTINGS = _p("NEAR_POSTINGS", 20_000,
                   "no more retrieval words once their index rows add up to this many (a word in thousands of "
                   "articles says little about which one is near; counting its rows cost 50 ms a paragraph at "
                   "10,000 generated articles); corpora under this many articles are unaffected",
                   "bench/run.py at 10,000 generated articles")
MEMO_ENTRIES = _p("MEMO_ENTRIES", 2000, "retrieval results kept per index", BOUND)
DECISIONS_KEPT = _p("DECISIONS_KEPT", 20_000, "per-paragraph decisions kept per index", BOUND)

UNCORROBORATED = _p("UNCORROBORATED", 3, "an article with this many facts a draft's findings cite first (a figure "
                    "the draft repeats is one), and that none of the draft's figures agrees with (a value that tells "
                    "nights apart, or the same fact), is another night's story: its findings are dropped "
                    "(match.figures.draft_wide)",
                    "set by hand on the probes (docs/accuracy.md, twelfth session): 2 cost 2 of 63 flags of "
                    "scripts/probe.py (an early and a later story of one night share few counts), 3 costs 1; "
                    "docs/probe-drafts/lookalike 6 -> 3 false alarms either way; no labelled set moves")
DISTINCTIVE_VALUE = _p("DISTINCTIVE_VALUE", 2, "figures above this value tell events apart (one or two of "
                       "anything is said of every night)")

# ---------------------------------------------------------------- figures: evidence

# Weights of the evidence in a candidate's score ("the same fact" ranking): sentence (or clause)
# context overlap, paragraph overlap, the article's relative event closeness, act agreement
# (+1 / 0 / -1), the same part/whole role, both a record.
W_SENTENCE = _p("W_SENTENCE", 2.0, "weight of sentence context overlap in a candidate's score")
W_PARAGRAPH = _p("W_PARAGRAPH", 1.0, "weight of paragraph context overlap")
W_EVENT = _p("W_EVENT", 1.5, "weight of the article's event closeness, relative to the closest article")
W_ACT = _p("W_ACT", 0.5, "weight of act agreement (+1 same act, 0 unknown, -1 another act)")
W_ROLE = _p("W_ROLE", 0.3, "bonus when draft and corpus figure have the same part/whole role")
W_RECORD = _p("W_RECORD", 0.3, "bonus when both call the figure a record")
LOCAL_SHARE = _p("LOCAL_SHARE", 0.6,
                 "clause-word overlap (verb, subject, object) counts as sentence overlap at this share")
# Sentence evidence given to a corpus sentence that another figure of the draft sentence
# matches exactly: above MIN_SENTENCE (the bar for "same sentence" without an act), below
# a verbatim sentence.
ANCHORED_SENTENCE = _p("ANCHORED_SENTENCE", 0.5,
                       "sentence overlap given to a corpus sentence another figure of the draft sentence matches "
                       "exactly", "mutated real-dev: the 539/11 sentence of a July 2025 story")
FIGURE_SHARE = _p("FIGURE_SHARE", 0.5,
                  "weight, in an article's event closeness, of the share of the paragraph's other figures it states")
PARAGRAPH_SHARE = _p("PARAGRAPH_SHARE", 0.5,
                     "an article's vocabulary closeness is this share the paragraph's, the rest the whole draft's")
# Weight, in the absolute event closeness, of "the draft's other figures are this article's"
# (share of them found there).
DOC_FIGURES = _p("DOC_FIGURES", 0.25, "weight of the share of the draft's figures an article states, in its "
                 "absolute event closeness", "mutated real-dev: July 2025 stories whose wording is as near a "
                 "November 2024 article but whose 539 drones and 11 missiles are the July article's")

# ---------------------------------------------------------------- figures: decision

MIN_SENTENCE = _p("MIN_SENTENCE", 0.22, "context overlap for the same fact when the act differs or is unknown")
MIN_SENTENCE_DATES = _p("MIN_SENTENCE_DATES", 0.35,
                        "the same, for years and times of day (they carry no thing counted: more context)")
OTHER_ACT_SENTENCE = _p("OTHER_ACT_SENTENCE", 0.5, "a figure told with another act is the same fact only from "
                        "this much sentence overlap")
MIN_PARAGRAPH = _p("MIN_PARAGRAPH", 0.4, "paragraph overlap with the draft's closest article that makes a passage "
                   "the same")
CLOSEST = _p("CLOSEST", 0.99, "relative event closeness at which an article is the draft's closest one")
MIN_EVENT = _p("MIN_EVENT", 0.75, "the corpus article must be about as close to the draft as the closest one")
MIN_EVENT_COSINE = _p("MIN_EVENT_COSINE", 0.35,
                      "... and close in absolute terms: idf cosine of the draft's and the article's vocabularies")
MIN_EVENT_OVERLAP = _p("MIN_EVENT_OVERLAP", 0.85, "... or nearly all of a short draft's words are the article's")
MIN_EVENT_COSINE_SAME_PLACE = _p("MIN_EVENT_COSINE_SAME_PLACE", 0.2,
                                 "... or the same act at the same place, with a somewhat like vocabulary")
STRONG_EVENT = _p("STRONG_EVENT", 0.6, "absolute event closeness above which the draft is about that article's "
                  "event beyond doubt", "real-dev: retellings of one attack by other outlets score 0.74-0.96, "
                  "stories about another event at most 0.45")
AGREE_MARGIN = _p("AGREE_MARGIN", 0.6, "an agreeing corpus figure this close in score to the best conflicting one "
                  "wins (silence)")
TIE_MARGIN = _p("TIE_MARGIN", 0.25, "conflicting figures this close in score with other values are cited together")
NEARER_EVENT = _p("NEARER_EVENT", 0.1, "an agreeing figure from an event this much closer (relative) says the draft "
                  "is about that event", "real-dev: a July 2025 story's 'over 500 launched' against November "
                  "2024's 'record 145'; event scores 1.00 vs 0.82")

MIN_EVENT_SAME_DAYS = _p("MIN_EVENT_SAME_DAYS", MIN_EVENT,
                         "MIN_EVENT when both acts are dated and at most a day apart (a night is reported on its "
                         "day and the next): the days already say it is one event, words need say less")
MIN_EVENT_COSINE_SAME_DAYS = _p("MIN_EVENT_COSINE_SAME_DAYS", MIN_EVENT_COSINE,
                                "MIN_EVENT_COSINE when both acts are dated and at most a day apart")


@dataclass(frozen=True)
class Decision:
    """The thresholds of the same-fact decision (`match.figures.decide`), one record so that
    scripts/calibrate.py can weigh other values without touching the module's constants."""

    min_sentence: float = MIN_SENTENCE
    min_sentence_dates: float = MIN_SENTENCE_DATES
    other_act_sentence: float = OTHER_ACT_SENTENCE
    min_paragraph: float = MIN_PARAGRAPH
    min_event: float = MIN_EVENT
    min_event_cosine: float = MIN_EVENT_COSINE
    min_event_overlap: float = MIN_EVENT_OVERLAP
    min_event_cosine_same_place: float = MIN_EVENT_COSINE_SAME_PLACE
    min_event_same_days: float = MIN_EVENT_SAME_DAYS
    min_event_cosine_same_days: float = MIN_EVENT_COSINE_SAME_DAYS
    strong_event: float = STRONG_EVENT
    agree_margin: float = AGREE_MARGIN
    nearer_event: float = NEARER_EVENT


# The hand-set thresholds (the constants above): where scripts/calibrate.py --decision starts its
# climb, and what the checker decides with when no fit is stored.
HAND_DECISION = Decision()


def _fitted_decision() -> Decision:
    """The thresholds fitted by scripts/calibrate.py --decision on every figure of every labelled
    set and its mutated copies (fitted.json, DECISION), else the hand-set ones."""
    f = FITTED.get("DECISION")
    if not f:
        return HAND_DECISION
    known = set(Decision.__dataclass_fields__)
    if unknown := sorted(set(f["values"]) - known):
        # a fit written by another version of the decision: its other thresholds still hold
        logging.getLogger(__name__).warning("%s: DECISION thresholds this version has no use for, left out: %s",
                                            FITTED_FILE, ", ".join(unknown))
    values = {k: v for k, v in f["values"].items() if k in known}
    for name, value in values.items():
        key = name.upper()
        if key in PARAMETERS and PARAMETERS[key].value != value:
            # (the constant stays the hand-set value, where the fit's climb starts)
            p = PARAMETERS[key]
            PARAMETERS[key] = Param(p.value, p.meaning, f"hand-set ({p.measured_on}); the decision uses {value}, "
                                    f"fitted by scripts/calibrate.py --decision on {f['fitted_on']}: {f['summary']}")
    return Decision(**values)


DECISION = _fitted_decision()

# ---------------------------------------------------------------- quotes

MIN_EXACT_WORDS = _p("MIN_EXACT_WORDS", 3, "shorter draft quotes ('terrorists', 'no progress') must equal a whole "
                     "corpus quote to match it")
QUOTE_CANDIDATES = _p("QUOTE_CANDIDATES", 40, "corpus quotes retrieved per draft quote", BOUND)
RARE_QUOTE_WORDS = _p("RARE_QUOTE_WORDS", 5, "a draft quote's rarest words, any two of which retrieve its corpus "
                      "quotes when no corpus quote holds it as a phrase")
COMPARED_ENTRIES = _p("COMPARED_ENTRIES", 20_000, "draft-quote x corpus-quote comparisons kept per index", BOUND)
MIN_SIMILARITY = _p("MIN_SIMILARITY", 0.45, "word-order similarity of the draft quote and the corpus stretch for "
                    "the same remark")
MIN_SHARED = _p("MIN_SHARED", 0.5, "share of the draft's words found, in order, in the corpus stretch")
MIN_WINDOW_SHARED = _p("MIN_WINDOW_SHARED", 0.4, "share of the corpus stretch's words found in the draft quote")
MIN_ADDED_TO = _p("MIN_ADDED_TO", 3, "a corpus quote of at least this many words that the draft quote contains "
                  "whole is the remark inside a longer quotation, checked on its own span")
MIN_UNATTRIBUTED_WORDS = _p("MIN_UNATTRIBUTED_WORDS", 5, "a quotation whose speaker is not named (or not resolved) "
                            "is compared with a corpus remark of anyone only when it is that remark word for word but "
                            "one exchanged word, and at least this long: four words or fewer are a phrase anyone may "
                            "use; so a shorter quotation is called another speaker's words only when the draft names "
                            "that speaker too", "dev, real-dev, archive-dev: no unattributed clean quote of five words "
                            "or more is one word from a corpus remark; the two short misattributions labelled (dev) "
                            "name the corpus's speaker in the draft, the two found in archive-dev's own articles "
                            "('massive', 'were shot down', another event's speaker) do not")
FIRST_NAME_ALIKE = _p("FIRST_NAME_ALIKE", _people.FIRST_NAME_ALIKE,
                      "folded first names of one surname this alike (rapidfuzz ratio) are one person's "
                      "transliterations (Serhiy / Sergiy): facts.people.same_person",
                      "set by meaning on transliteration pairs and on pairs of different names (facts/people.py)")
PRONOUN_REACH = _p("PRONOUN_REACH", 600, "characters before a quotation within which the draft naming the corpus's "
                   "speaker makes a pronoun speaker ambiguous (quote/misattributed abstains): about a paragraph "
                   "of news prose, 100 words", "set by meaning; no labelled misattribution changes with it")
WORDING_SENTENCE_SHARE = _p("WORDING_SENTENCE_SHARE", 0.4, "a corpus quote's sentence is part of the wording a hint "
                            "cites when the matched stretch covers this share of it")
