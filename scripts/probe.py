"""Recall on an archive's own wording, with labels nobody wrote: each article is checked as a draft
against the rest of the archive, with one of its figures changed.

Which figures to change: a figure of article A is *attested* when another article, dated at
most a day from A (both need a publication date), states the same value for the same unit and
thing, its act agreeing or unknown, the value is above DISTINCTIVE_VALUE (one or two of
anything is said of every night) and not a bound ("more than 40": a higher bound is no
conflict, counts rise during a day). The changed copy of A (the value about a quarter higher, as
`../shared/eval/mutate.py` changes it) should get a `figure/conflict` finding on that number:
the other article says otherwise. Two articles may state one value by chance, so this is a
probe, not a gold set; it is also blind to facts the extractor reads as different things (a
pair it cannot see is never attested). What it measures that the labelled sets cannot: how the
decision fares on hundreds of real pairs no one tuned it on.

    python scripts/probe.py ../shared/eval/archive-dev/corpus [--limit N] [-v]

Prints found / attested, and with -v every miss (file, line, figure, the article that states
it). The unchanged articles' own findings (the archive disagreeing with itself, which
`factlint corpus audit` lists) are counted apart: they are no measure of anything by themselves.

With `--nights-out EVENTS` (an `events.jsonl` that lists each event's files, as
`../shared/eval/archive-dev/events.jsonl` does) it measures the other side, false alarms on
nights the archive does not have: each article is checked as a draft against the archive without
every article of its own event. Its night is then no night of the archive, so a figure finding
on it cites another night's fact: a false alarm (or, rarely, an earlier event the article
recalls and tells otherwise). Prints findings over the figures checked, and with -v each finding.

    python scripts/probe.py ../shared/eval/archive-dev/corpus --nights-out ../shared/eval/archive-dev/events.jsonl -v
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))


def shifted(n: int) -> int:
    """A different, plausible value: about a quarter more, at least two away (as mutate.py)."""
    return n + max(2, round(n * 0.25))


def changed(text: str) -> str | None:
    """The number written in digits, changed; None for number words and fractions (kept simple)."""
    digits = text.replace(",", "")
    if not re.fullmatch(r"\d+", digits):
        return None
    n = shifted(int(digits))
    return f"{n:,}" if "," in text else str(n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="at most this many articles (0: all)")
    ap.add_argument("-v", action="store_true", help="list every miss (with --nights-out: every finding)")
    ap.add_argument("--nights-out", type=Path, metavar="EVENTS",
                    help="events.jsonl: check each article without its event's articles; count the findings")
    args = ap.parse_args(argv)

    from factlint.config import Config
    from factlint.engine import Engine

    with tempfile.TemporaryDirectory(prefix="factlint-probe-") as cache:
        engine = Engine(Config(corpus=(args.corpus.resolve(),), cache_dir=Path(cache)))
        return _nights_out(args, engine) if args.nights_out else _probe(args, engine)


def _nights_out(args, engine) -> int:
    import json

    from factlint.engine import CheckContext
    from factlint.match.figures import ranked_claims

    events = [json.loads(line) for line in args.nights_out.read_text(encoding="utf-8").splitlines() if line.strip()]
    event_of = {name: e["id"] for e in events for name in e.get("files", ())}
    index, articles = _articles(args, engine)
    every = list(index.articles())  # (an event's articles beyond --limit are left out too)
    figures = findings = flagged = 0
    lines = []
    for article in articles:
        opts = without_event(every, event_of, article)
        ctx = CheckContext(engine.analyse(article.text, article.path), index, engine.config, engine, opts)
        figures += sum(1 for claim, _, ranked in ranked_claims(ctx) if ranked)
        found = [f for f in engine.check(article.text, article.path, options=opts) if f.code == "figure/conflict"]
        findings += len(found)
        flagged += bool(found)
        for f in found:
            line = article.text.count("\n", 0, f.span.start) + 1
            lines.append(f"{article.name}:{line}: {article.text[f.span.start:f.span.end]!r}: {f.message[:160]}")
    if args.v:
        print("\n".join(lines))
    print(f"articles {len(articles)}  figures with a candidate {figures}  findings {findings} "
          f"on {flagged} articles (each a false alarm: the article's night is not in the archive)")
    engine.close()
    return 0


def without_event(articles, event_of: dict[str, str], article) -> dict:
    """Check options that leave out the article and every article of its event (`event_of`:
    file name -> event; an article it does not name is an event of its own)."""
    event = event_of.get(article.name, article.name)
    return {"exclude_paths": [a.path for a in articles if event_of.get(a.name, a.name) == event]}


def attested(ctx, article):
    """(claim, the corpus fact that attests it, the article's text with its number changed) for
    every attested figure of the article (`ctx`: the article checked without itself)."""
    from factlint.facts.numbers import ONE_SIDED
    from factlint.facts.when import day_gap
    from factlint.match.figures import ranked_claims
    from factlint.match.params import DISTINCTIVE_VALUE

    seen = set()
    for claim, _, ranked in ranked_claims(ctx):
        if (claim.value <= DISTINCTIVE_VALUE or claim.published is None or claim.num_start in seen
                or claim.hedge in ONE_SIDED):
            continue  # (a higher "more than" is no conflict: counts rise during a day)
        other = next((s for s in ranked if s.act >= 0 and abs(s.figure.value - claim.value) < 1e-9
                      and s.figure.published is not None and claim.hedge == s.figure.hedge
                      and (day_gap((claim.published,) * 2, (s.figure.published,) * 2) or 0) <= 1), None)
        if other is None:
            continue
        number = article.text[claim.num_start:claim.num_end]
        new = changed(number)
        if new is None:
            continue
        seen.add(claim.num_start)
        yield claim, other, article.text[: claim.num_start] + new + article.text[claim.num_start + len(number):]


def _articles(args, engine):
    """The index and its articles (the first `--limit` of them)."""
    index = engine.corpus()
    articles = list(index.articles())
    return index, articles[: args.limit] if args.limit else articles


def _probe(args, engine) -> int:
    from factlint.engine import CheckContext

    index, articles = _articles(args, engine)
    attested_n = found = own = 0
    misses = []
    for article in articles:
        opts = {"exclude_paths": [article.path]}
        own += sum(1 for f in engine.check(article.text, article.path, options=opts) if f.code == "figure/conflict")
        ctx = CheckContext(engine.analyse(article.text, article.path), index, engine.config, engine, opts)
        for claim, other, text in attested(ctx, article):
            attested_n += 1
            hit = any(f.code == "figure/conflict" and f.span.start <= claim.num_start < f.span.end + 1
                      for f in engine.check(text, article.path, options=opts))
            found += hit
            if not hit:
                line = article.text.count("\n", 0, claim.num_start) + 1
                misses.append(f"{article.name}:{line}: {claim.text!r} ({claim.thing}, {claim.action}) "
                              f"stated by {other.figure.name}:{other.figure.line}")
    if args.v:
        print("\n".join(misses))
    share = found / attested_n if attested_n else 0.0
    print(f"articles {len(articles)}  attested figures {attested_n}  found changed {found} ({share:.2f})  "
          f"findings on the unchanged articles {own}")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
