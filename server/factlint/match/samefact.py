"""Is a corpus figure the draft figure's fact? Generic evidence, weighed by a fitted model.

`evidence(claim, s, only)` reads one candidate (`figures.Scored`) as a row of numbers, each a
kind of evidence the issue of same-fact decisions names: how alike the sentences, paragraphs
and events are, whether the act, the place, the actor and the role (part, whole) agree, how
many days apart the two acts are, whether both call it a record, whether it is the only value
its article gives. Every piece that cannot be read on one side (an act no list knows, a figure
with no place, a day unknown) is 0 in both its "same" and its "clash" column: missing evidence
moves the score by nothing, it never counts against the match.

`SameFact` is a logistic model over those columns whose weights, bias and threshold
`scripts/calibrate.py` fits on labelled pairs and writes, with its left-out errors beside the
hand-set rule's, to `docs/same-fact-model.json`. It does not decide (yet): measured, it does
not beat the rule of `match.figures._same_fact` on data it did not see (docs/accuracy.md, "The
same-fact model"), and a model that loses to the rule left out would cost reporters false
alarms. It is kept, with its evidence columns, as the measurement the next model must beat.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts.places import same_places
from ..facts.when import day_gap, days_of

# The columns, in order. What each means:
FEATURES: dict[str, str] = {
    "sentence": "sentence (or clause) word overlap, idf-weighted, numbers left out (0-1)",
    "paragraph": "paragraph word overlap (0-1)",
    "event": "the article's event closeness relative to the closest article of the claim's days (0-1)",
    "event_cosine": "the article's absolute closeness to the draft: idf cosine of vocabularies plus shared figures",
    "event_overlap": "the share of the draft's words (idf-weighted) the article holds, plus shared figures",
    "act_same": "1 when both acts are in one class of facts.words.ACTION_GROUPS (launch / fire)",
    "act_other": "1 when both acts are known and in different classes (killed / wounded); unknown: 0 and 0",
    "place_same": "1 when both name places and share one",
    "place_clash": "1 when both name places and share none",
    "actor_same": "1 when both name who acted and it is the same side",
    "actor_clash": "1 when both name who acted and the sides differ",
    "role_same": "1 when both are a part, or both a whole (of 70, 42 over Moscow)",
    "role_clash": "1 when one is a part and the other a whole",
    "role_one_side": "1 when one is a part or a whole and the other a plain count",
    "same_day": "1 when both acts' days are known and overlap",
    "day_gap": "days between the two acts (each its own dated days, else its story's publication day) over "
               "MAX_DAY_GAP; 0 when unknown",
    "one_side_dated": "1 when one side's days are known and the other's not (nothing but words tells nights apart)",
    "record": "1 when both call the figure a record",
    "sole": "1 when it is the only value its article gives for this thing (acts not contradicting)",
    "date_unit": "1 for years and times of day (they count no thing: only context says which)",
}


def evidence(claim, s, only: bool, max_gap: float) -> tuple[float, ...]:
    """The candidate `s` (a `figures.Scored`) as the columns of `FEATURES`."""
    f = s.figure
    both_places = bool(claim.places and f.places)
    shared = both_places and bool(same_places(claim.places, f.places))
    both_actors = bool(claim.actor and f.actor)
    roles = (claim.role, f.role)
    days, theirs = days_of(claim), days_of(f)
    gap = day_gap(days, theirs)
    # the day gap's scale: the gate's width; with no gate, a month (a scale for the column, not
    # a decision: the fitted weight decides what a gap is worth)
    finite = max_gap if math.isfinite(max_gap) and max_gap > 0 else 30.0
    row = {
        "sentence": s.sent,
        "paragraph": s.para,
        "event": s.event,
        "event_cosine": s.raw_event.cosine,
        "event_overlap": s.raw_event.overlap,
        "act_same": float(s.act > 0),
        "act_other": float(s.act < 0),
        "place_same": float(shared),
        "place_clash": float(both_places and not shared),
        "actor_same": float(both_actors and claim.actor == f.actor),
        "actor_clash": float(both_actors and claim.actor != f.actor),
        "role_same": float(roles[0] is not None and roles[0] == roles[1]),
        "role_clash": float(None not in roles and roles[0] != roles[1]),
        "role_one_side": float((roles[0] is None) != (roles[1] is None)),
        "same_day": float(gap == 0),
        "day_gap": 0.0 if gap is None else min(gap, finite) / finite,
        "one_side_dated": float((days is None) != (theirs is None)),
        "record": float(bool(claim.record and f.record)),
        "sole": float(only),
        "date_unit": float(claim.unit in ("year", "time")),
    }
    return tuple(row[k] for k in FEATURES)


@dataclass(frozen=True)
class SameFact:
    """A fitted logistic model: P(same fact) = sigmoid(bias + weights . evidence)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float  # a candidate is the same fact from this probability

    @classmethod
    def from_json(cls, d: dict) -> "SameFact":
        w = d["weights"]
        missing = [k for k in FEATURES if k not in w]
        if missing:
            raise ValueError(f"fitted SAME_FACT lacks weights for {', '.join(missing)}: run scripts/calibrate.py")
        return cls(tuple(float(w[k]) for k in FEATURES), float(d["bias"]), float(d["threshold"]))

    def logit(self, row: tuple[float, ...]) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, row))

    def probability(self, row: tuple[float, ...]) -> float:
        z = self.logit(row)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def same(self, row: tuple[float, ...]) -> bool:
        return self.probability(row) >= self.threshold
