#!/usr/bin/env python3
"""Fit the matching parameters that are fitted from labelled data, and measure them left out.

Labelled pairs come from the evaluation sets (../shared/eval, or FACTLINT_EVAL): for each
labelled draft figure, the claim factlint reads at its span is paired with the corpus figures
of the same unit and thing in the gold `source` files:

- a line whose `why` starts with `agrees:` gives positive pairs (the corpus figures whose value
  fits the draft's: the same fact, stated alike);
- a `flag` line gives positive pairs (the corpus figures with the expected value: the same
  fact, stated otherwise);
- a trap (a clean line naming a look-alike source) gives negative pairs: every corpus figure
  of that thing in the look-alike article.

Fitted now: `MAX_DAY_GAP`, the days between a draft figure's act and a corpus figure's (each
its own dated days, else its story's publication day) beyond which they are two events. The
threshold minimises the labelled pairs' errors (a positive beyond it, a negative within it);
among equally good ones, the middle of the range (the widest margin). Pairs whose gap is
unknown (a side with no date) say nothing and are left out of the fit.

Measured: leave-one-set-out (a set's threshold fitted on the other sets), and inside each set,
leave-one-event-out (an event's drafts against a threshold fitted without its pairs). With
`--score`, each set is scored by ../shared/eval/score.py with its left-out threshold
(FACTLINT_FITTED points the checker at a fitted file) beside the in-sample one.

    python scripts/calibrate.py            # fit, print, write server/factlint/match/fitted.json
    python scripts/calibrate.py --check    # fit and compare with the stored file (same data, same value)
    python scripts/calibrate.py --score    # and the accuracy table, in-sample and left out
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("FACTLINT_EVAL", ROOT.parent / "shared" / "eval"))
FITTED = ROOT / "server" / "factlint" / "match" / "fitted.json"


@dataclass(frozen=True)
class LabelledSet:
    name: str
    drafts: Path
    corpus: Path
    gold: Path


def labelled_sets() -> list[LabelledSet]:
    out = []
    for name, drafts, corpus in (("dev", "dev/drafts", EVAL.parent / "corpus"),
                                 ("real-dev", "real-dev/articles", EVAL.parent / "corpus"),
                                 ("archive-dev", "archive-dev/drafts", EVAL / "archive-dev" / "corpus")):
        if (EVAL / drafts).is_dir() and Path(corpus).is_dir():
            out.append(LabelledSet(name, EVAL / drafts, Path(corpus), EVAL / drafts.split("/")[0] / "gold.jsonl"))
    return out


@dataclass(frozen=True)
class Pair:
    set: str
    group: str  # the draft's event (archive sets), else the draft: what leave-one-event-out holds out
    positive: bool
    gap: int | None


def _groups(s: LabelledSet) -> dict[str, str]:
    """draft file -> its event, where the set says (sources.jsonl); else the draft itself."""
    sources = s.gold.parent / "sources.jsonl"
    out = {}
    if sources.exists():
        for line in sources.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("event"):
                    out[row["file"]] = row["event"]
    return out


def pairs_of(s: LabelledSet, cache: Path) -> list[Pair]:
    from factlint.config import Config
    from factlint.engine import CheckContext, Engine
    from factlint.facts.when import day_gap, days_of
    from factlint.match.figure_lookup import FigureLookup
    from factlint.match.figures import _agrees, _draft_claims

    engine = Engine(Config(corpus=(s.corpus.resolve(),), cache_dir=cache))
    engine.ensure_index()
    index = engine.corpus()
    by_name = {Path(a.name).name: a.id for a in index.articles()}
    lookup = FigureLookup(index)
    groups = _groups(s)
    out = []
    gold = [json.loads(x) for x in s.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    for draft in sorted({g["draft"] for g in gold}):
        path = s.drafts / draft
        text = path.read_text(encoding="utf-8")
        ctx = CheckContext(engine.analyse(text, str(path)), index, engine.config, engine, {})
        claims = [c for _, cl in _draft_claims(ctx)[0] for c in cl]
        for g in gold:
            if g["draft"] != draft or g["category"] != "figure":
                continue
            start = _find(text, g["span"], g.get("occurrence", 1))
            if start is None:
                continue
            end = start + len(g["span"])
            claim = next((c for c in claims if c.start < end and start < c.end), None)
            if claim is None:
                continue
            why = (g.get("why") or "").lower()
            kind = "agrees" if why.startswith("agrees") else ("flag" if g["kind"] == "flag" else "trap")
            if kind == "trap" and not g.get("source"):
                continue
            articles = [by_name[n.strip()] for n in (g.get("source") or "").split(",") if n.strip() in by_name]
            for c in lookup.candidates(claim.unit, claim.thing, articles):
                if kind == "agrees" and not _agrees(claim, c):
                    continue
                if kind == "flag" and not _expected(g.get("expect"), c.value):
                    continue
                gap = day_gap(days_of(claim), days_of(c))
                out.append(Pair(s.name, groups.get(draft, draft), kind != "trap", gap))
    engine.close()
    return out


def _find(text: str, span: str, occurrence: int) -> int | None:
    start = -1
    for _ in range(max(occurrence, 1)):
        start = text.find(span, start + 1)
        if start < 0:
            return None
    return start


def _expected(expect, value: float) -> bool:
    from factlint.facts.numbers import parse_number

    if not expect:
        return False
    v = parse_number(str(expect).replace("$", "").split()[0])
    return v is not None and abs(v - value) < 1e-6


def errors(pairs: list[Pair], t: float) -> int:
    return sum(1 for p in pairs if p.gap is not None and ((p.positive and p.gap > t) or (not p.positive and p.gap <= t)))


def fit(pairs: list[Pair]) -> float | None:
    """The threshold with the fewest errors, the middle of the best range; None (no gate) when
    no pair has a known gap or none separates better than no threshold."""
    known = [p for p in pairs if p.gap is not None]
    if not known or not any(not p.positive for p in known):
        return None
    top = max(p.gap for p in known) + 1
    scores = [(errors(known, t), t) for t in range(0, top + 1)]
    best = min(e for e, _ in scores)
    if best >= errors(known, math.inf):
        return None
    ties = [t for e, t in scores if e == best]
    # the widest margin: the middle of the first run of best thresholds
    run = [ties[0]]
    for t in ties[1:]:
        if t != run[-1] + 1:
            break
        run.append(t)
    return float((run[0] + run[-1]) // 2)


def summary(pairs: list[Pair]) -> dict:
    known = [p for p in pairs if p.gap is not None]
    return {"pairs": len(pairs), "with_days": len(known),
            "positive": sum(p.positive for p in known), "negative": sum(not p.positive for p in known)}


def calibrate(cache: Path) -> tuple[dict, list[Pair]]:
    sets = labelled_sets()
    pairs = [p for s in sets for p in pairs_of(s, cache)]
    t = fit(pairs)
    loso = {s.name: fit([p for p in pairs if p.set != s.name]) for s in sets}
    loeo, fold_values = {}, {}
    for s in sets:
        mine = [p for p in pairs if p.set == s.name]
        folds, wrong = {}, 0
        for g in sorted({p.group for p in mine}):
            tg = fit([p for p in pairs if not (p.set == s.name and p.group == g)])
            folds[g] = tg
            wrong += errors([p for p in mine if p.group == g], math.inf if tg is None else tg)
        fold_values[s.name] = folds
        loeo[s.name] = {"thresholds": sorted({v for v in folds.values()}, key=lambda v: (v is None, v)),
                        "errors_left_out": wrong,
                        "errors_in_sample": errors(mine, math.inf if t is None else t), **summary(mine)}
    stats = summary(pairs)
    result = {"MAX_DAY_GAP": {
        "value": t,
        "fitted_on": ", ".join(s.name for s in sets) + " (labelled pairs of scripts/calibrate.py)",
        "summary": (f"{stats['with_days']} pairs with days on both sides ({stats['positive']} same fact, "
                    f"{stats['negative']} look-alikes) of {stats['pairs']}; errors at the fitted value "
                    f"{errors(pairs, math.inf if t is None else t)}, with no gate {errors(pairs, math.inf)}"),
        "leave_one_set_out": loso,
        "leave_one_event_out": loeo,
        "leave_one_event_out_folds": {k: v for k, v in fold_values.items() if _groups(next(x for x in sets if x.name == k))},
    }}
    return result, pairs


@dataclass
class Tally:
    """score.py's per-category counts, summed over runs (folds)."""

    counts: dict

    @classmethod
    def parse(cls, out: str) -> "Tally":
        counts = {}
        for line in out.splitlines():
            parts = line.split()
            if parts and parts[0] in ("figure", "quote", "artefact") and len(parts) >= 9:
                gold, hit, _, found, ok, _, clean, viol = parts[1:9]
                counts[parts[0]] = [int(gold), int(hit), int(found), int(ok), int(clean), int(viol)]
        return cls(counts)

    def __add__(self, other: "Tally") -> "Tally":
        keys = set(self.counts) | set(other.counts)
        z = [0] * 6
        return Tally({k: [a + b for a, b in zip(self.counts.get(k, z), other.counts.get(k, z))] for k in keys})

    def cell(self, category: str) -> str:
        gold, hit, found, ok, clean, viol = self.counts.get(category, [0] * 6)
        p = f"{ok / found:.2f}" if found else "–"
        r = f"{hit / gold:.2f} ({hit}/{gold})" if gold else "–"
        return f"P {p} R {r}, clean {viol}/{clean}"


def _run(set_dir: Path, corpus: Path, value, cache: Path) -> Tally:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"MAX_DAY_GAP": {"value": value, "fitted_on": "a fold", "summary": "a fold"}}, f)
    env = dict(os.environ, FACTLINT_FITTED=f.name, FACTLINT_CACHE_DIR=str(cache))
    factlint = str(Path(sys.executable).parent / "factlint")
    proc = subprocess.run([sys.executable, str(EVAL / "score.py"), str(set_dir), "--corpus", str(corpus), "--cmd",
                           factlint, "-v"], capture_output=True, text=True, env=env)
    os.unlink(f.name)
    return Tally.parse(proc.stdout)


def _subset(set_dir: Path, drafts: list[str], out: Path) -> Path:
    """A copy of a set with only these drafts (for a leave-one-event-out fold)."""
    folder = "articles" if (set_dir / "articles").is_dir() else "drafts"
    (out / folder).mkdir(parents=True)
    for d in drafts:
        (out / folder / d).write_bytes((set_dir / folder / d).read_bytes())
    lines = [x for x in (set_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
             if x.strip() and json.loads(x)["draft"] in drafts]
    (out / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def score(sets: list[LabelledSet], fitted: dict, cache: Path, work: Path) -> list[tuple[str, str, Tally]]:
    """Rows (set, fit, tally): every set and its mutated copies (mutate.py: one agreeing figure
    changed; mutate_quotes.py: one agreeing quote's meaning changed), scored in sample, with the
    fit that left the set out, and, where the set says which event each draft is on, with the fit
    that left the draft's event out."""
    fit_all = fitted["MAX_DAY_GAP"]
    rows = []
    for s in sets:
        variants = [(s.name, s.gold.parent)]
        for tool, suffix in (("mutate.py", "mutated figures"), ("mutate_quotes.py", "mutated quotes")):
            out = work / f"{s.name}-{tool}"
            subprocess.run([sys.executable, str(EVAL / tool), str(s.gold.parent), str(out)], capture_output=True)
            gold = (out / "gold.jsonl").read_text(encoding="utf-8") if (out / "gold.jsonl").exists() else ""
            if '"kind": "flag"' in gold:  # (a set with nothing to mutate has no row)
                variants.append((f"{s.name} {suffix}", out))
        groups = _groups(s)
        for name, folder in variants:
            rows.append((name, "in sample", _run(folder, s.corpus, fit_all["value"], cache)))
            rows.append((name, "set left out", _run(folder, s.corpus, fit_all["leave_one_set_out"][s.name], cache)))
            if groups:
                folds = fit_all["leave_one_event_out_folds"][s.name]
                drafts_dir = folder / ("articles" if (folder / "articles").is_dir() else "drafts")
                by_event: dict[str, list[str]] = defaultdict(list)
                for d in sorted(p.name for p in drafts_dir.iterdir()):
                    original = d.split("--")[0] + Path(d).suffix if "--" in d else d
                    by_event[groups.get(original, original)].append(d)
                total = Tally({})
                for i, (event, drafts) in enumerate(sorted(by_event.items())):
                    sub = _subset(folder, drafts, work / f"fold-{name.replace(' ', '_')}-{i}")
                    total = total + _run(sub, s.corpus, folds.get(event, fit_all["value"]), cache)
                rows.append((name, "event left out", total))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the stored fit instead of writing it")
    ap.add_argument("--score", action="store_true", help="score every set in sample and left out")
    args = ap.parse_args()
    if not labelled_sets():
        print(f"no labelled sets under {EVAL}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        result, pairs = calibrate(Path(tmp))
        print(json.dumps(result, indent=1))
        if args.check:
            stored = json.loads(FITTED.read_text(encoding="utf-8"))
            same = stored["MAX_DAY_GAP"]["value"] == result["MAX_DAY_GAP"]["value"]
            print("same as stored" if same else f"differs from stored {stored['MAX_DAY_GAP']['value']}")
            return 0 if same else 1
        FITTED.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {FITTED.relative_to(ROOT)}")
        if args.score:
            print("| set | fit | figures | quotes | artefacts |\n|---|---|---|---|---|")
            for name, label, tally in score(labelled_sets(), result, Path(tmp) / "cache", Path(tmp)):
                print(f"| {name} | {label} | {tally.cell('figure')} | {tally.cell('quote')} | {tally.cell('artefact')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
