"""The day gate an archive's own figures imply, read without labels.

When two articles state the same exact figure of the same thing ("154 drones", "84 missiles"),
either they report one fact or the value recurs by chance on another night. The days between
their acts then fall in two kinds: a tight cluster near 0 (one night, reported that day and the
next) and a spread over the archive's whole span (coincidences). `fit_gaps` separates them
with a two-part mixture (a geometric decay for one fact, a uniform spread for chance), fitted
by expectation-maximisation, and returns the largest gap at which one fact is still the likelier
reading: the day gate this archive supports.

`scripts/calibrate.py` uses it where the labelled pairs cannot fit `MAX_DAY_GAP` (a fold with no
dated labelled pair): the archive is input the checker has anyway, the labels are not.
On archive-dev's archive: 255 pairs of articles, gate 2 days (docs/accuracy.md), the value the labelled
pairs give.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass

from ..facts.when import Days, day_gap, event_days
from .params import DISTINCTIVE_VALUE

# Fewer repeated pairs than this cannot tell a cluster from chance: no gate is read (a choice:
# the mixture has three free numbers; ten pairs a number).
MIN_PAIRS = 30
_ROUNDS = 500


@dataclass(frozen=True)
class GateFit:
    gate: int | None  # the largest gap at which one fact is the likelier reading; None: not readable
    pairs: int  # repeated pairs with a known gap
    same_share: float  # the mixture's share of one-fact pairs
    decay: float  # the geometric parameter of one fact's gaps (probability of gap 0)


def repeated_gaps(index) -> list[int]:
    """Days between the acts of every two articles that state the same exact value (above
    DISTINCTIVE_VALUE, not hedged) of the same thing; pairs with an unknown day are left out."""
    groups: dict[tuple, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    articles = [a.id for a in index.articles()]
    for r in index.figure_values(articles):
        data = json.loads(r["data"])
        value = data.get("value")
        if value is None or value <= DISTINCTIVE_VALUE or data.get("hedge") or not r["thing"]:
            continue
        published = _dt.date.fromisoformat(data["published"]) if data.get("published") else None
        days = event_days(Days.from_json(data.get("days")), tuple(data.get("when") or ()), published)
        if days is not None:
            groups[(r["thing"], value)][r["article_id"]].append(days)
    out = []
    for by_article in groups.values():
        for a, b in itertools.combinations(sorted(by_article), 2):
            # one pair of articles is one observation: the closest of their statements
            out.append(min(day_gap(x, y) for x in by_article[a] for y in by_article[b]))
    return out


def fit_gaps(gaps: list[int]) -> GateFit:
    """A geometric-plus-uniform mixture over the gaps (EM from an even start: deterministic);
    the gate is the largest gap whose one-fact density is at least the chance density."""
    gaps = sorted(gaps)  # (the sums run in one order: the same gaps in any order, the same fit)
    n = len(gaps)
    if n < MIN_PAIRS:
        return GateFit(None, n, 0.0, 0.0)
    span = max(gaps) + 1
    share, p = 0.5, 0.5
    for _ in range(_ROUNDS):
        resp = []
        for g in gaps:
            one = share * p * (1 - p) ** g
            resp.append(one / (one + (1 - share) / span))
        total = sum(resp)
        new_share = total / n
        mean = sum(r * g for r, g in zip(resp, gaps)) / total if total else 0.0
        new_p = 1 / (1 + mean)
        done = abs(new_share - share) < 1e-12 and abs(new_p - p) < 1e-12
        share, p = new_share, new_p
        if done:
            break
    if share >= 1 - 1e-9 or share <= 1e-9:  # one kind only: nothing separates the two
        return GateFit(None, n, share, p)
    chance = (1 - share) / span
    gate = None
    for g in range(span):
        if share * p * (1 - p) ** g >= chance:
            gate = g
        else:
            break
    # a cluster is only one if more pairs lie within the gate than chance alone puts there (a
    # mixture over chance repeats alone still finds a sliver of "one fact" near 0)
    if gate is not None and sum(1 for g in gaps if g <= gate) <= n * chance * (gate + 1):
        gate = None
    return GateFit(gate, n, share, p)


def archive_gate(index) -> GateFit:
    return fit_gaps(repeated_gaps(index))
