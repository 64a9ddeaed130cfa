"""Would grouping an archive's articles into events at index time hold? A measurement.

Articles are linked when both have a publication day, the days are at most GAP apart and their
vocabularies (idf-weighted cosine over the index's article terms) are at least THETA alike;
optionally they must also share one of their three most named places. Events are the connected
groups. Scored against an events file (`events.jsonl`: each event's `files`) as pairwise
precision and recall: of the article pairs put in one group, how many are one event; of the
pairs that are one event, how many were grouped.

    python scripts/event_groups.py ../shared/eval/archive-dev/corpus ../shared/eval/archive-dev/events.jsonl

On archive-dev (2026-12-06, 112 articles, 29 events) no setting reaches both: at THETA 0.15
and one day, P 0.79 R 0.84; at 0.2, P 0.92 R 0.53; a shared place lowers recall more than it
raises precision. Consecutive nights at one city read alike and are a day apart. So the checker
does not gate a draft's figures by such groups; it weighs each article's closeness to the draft
and its days at query time (`match.figures.rank`, `match.params`; docs/accuracy.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("events", type=Path)
    args = ap.parse_args(argv)
    from factlint.config import Config
    from factlint.engine import Engine
    from factlint.facts.places import place_key

    truth = {}
    for line in args.events.read_text(encoding="utf-8").splitlines():
        if line.strip():
            event = json.loads(line)
            truth.update({f: event["id"] for f in event["files"]})
    with tempfile.TemporaryDirectory(prefix="factlint-groups-") as cache:
        index = Engine(Config(corpus=(args.corpus.resolve(),), cache_dir=Path(cache))).corpus()
        articles = index.articles()
        terms = {a.id: index.article_terms(a.id) for a in articles}
        places = {a.id: {p for p, _ in Counter(place_key(t) for _, _, label, t in index.entities(a.id)
                                              if label in ("GPE", "LOC")).most_common(3)} for a in articles}
    df = Counter(t for ts in terms.values() for t in ts)
    idf = {t: math.log((len(articles) + 1) / (n + 1)) + 1 for t, n in df.items()}
    norm = {a: math.sqrt(sum(idf[t] ** 2 for t in ts)) for a, ts in terms.items()}
    day = {a.id: dt.date.fromisoformat(a.date) if a.date else None for a in articles}

    def cosine(a: int, b: int) -> float:
        return sum(idf[t] ** 2 for t in terms[a] & terms[b]) / (norm[a] * norm[b] or 1)

    def grouped(theta: float, gap: int, place: bool) -> dict[str, int]:
        parent = {a.id: a.id for a in articles}

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for a, b in itertools.combinations(parent, 2):
            if (day[a] and day[b] and abs((day[a] - day[b]).days) <= gap and (not place or places[a] & places[b])
                    and cosine(a, b) >= theta):
                parent[root(a)] = root(b)
        return {a.name: root(a.id) for a in articles}

    print("theta gap place   pairwise P   R")
    for theta in (0.1, 0.15, 0.2, 0.25):
        for gap in (1, 2):
            for place in (False, True):
                g = grouped(theta, gap, place)
                names = [n for n in g if n in truth]
                pairs = list(itertools.combinations(names, 2))
                tp = sum(1 for a, b in pairs if g[a] == g[b] and truth[a] == truth[b])
                fp = sum(1 for a, b in pairs if g[a] == g[b] and truth[a] != truth[b])
                fn = sum(1 for a, b in pairs if g[a] != g[b] and truth[a] == truth[b])
                print(f"{theta:5} {gap:3} {place!s:5}   {tp / max(tp + fp, 1):10.2f} {tp / max(tp + fn, 1):4.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
