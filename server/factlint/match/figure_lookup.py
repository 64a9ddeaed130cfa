"""Candidate lookup and event evidence for figure matching: what the index says about the
articles near a draft.

`FigureLookup` asks the index (`corpus.base.Index`) by name and keeps what it derives in the
index's memo (`index.memo("figures")`, emptied whenever the index changes): idf weights, the
corpus figures of a unit and thing in a set of articles (`candidates`, read back through
`facts.rows.CorpusFigure`), article vocabularies, figures and dates, the articles nearest a set
of words (`near_articles`), and `Events` (how close the draft and each paragraph are to each
article), kept while the draft's known words and figures stay the same, so a keystroke inside
a word the corpus lacks re-uses them.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

from ..facts.places import place_key, written_places
from ..facts.rows import CorpusFigure
from ..facts.when import time_words
from .params import DISTINCTIVE_VALUE, MEMO_ENTRIES, NEAR_ARTICLES, NEAR_POSTINGS, NEAR_WORDS, PARAGRAPH_SHARE


class ArticleInfo(NamedTuple):
    title: str | None
    outlet: str | None
    date: str | None


class FigureLookup:
    """Index access for figure matching, with per-index caches (idf, article features, near
    articles, decisions); emptied with the index's memo whenever the index changes."""

    def __init__(self, index) -> None:
        self.index = index
        self.cache = index.memo("figures")
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
            out = [CorpusFigure.from_row(r, json.loads(r["data"])) for r in rows]
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
        on: dict[int, str] = {}
        stated: set[int] = set()
        for r in self.index.figure_values(missing):
            data = json.loads(r["data"])
            found[r["article_id"]].add((data["value"], r["thing"]))
            if data.get("published"):
                on[r["article_id"]] = data["published"]
            if data.get("stated"):
                stated.add(r["article_id"])
        for a, figs in found.items():
            self.cache[("figs", a)] = figs
            # the day the article was published as its figures carry it (`facts.rows`)
            self.cache[("published", a)] = _dt.date.fromisoformat(on[a]) if a in on else None
            self.cache[("stated", a)] = a in stated

    def first_reported(self, article_id: int, articles: Iterable[int]) -> _dt.date | None:
        """The earliest stated publication day of the article and of the articles among
        `articles` that state at least two of its distinctive figures (the same value of the
        same thing, above DISTINCTIVE_VALUE: one event's counts); None if none is stated. A story
        of the 26th that gives the 75 drones and 74 downed that stories of the 25th give tells
        an event reported by the 25th."""
        articles = tuple(sorted(set(articles)))
        key = ("first_reported", article_id, articles)
        if key not in self.cache:
            self.load_article_figures(articles + (article_id,))
            own = {f for f in self.cache[("figs", article_id)] if f[0] > DISTINCTIVE_VALUE and f[1]}
            days = [self.cache[("published", b)] for b in articles + (article_id,)
                    if self.cache[("stated", b)] and self.cache[("published", b)] is not None
                    and (b == article_id or len(own & self.cache[("figs", b)]) >= 2)]
            self.cache[key] = min(days, default=None)
        return self.cache[key]

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

    def article_places(self, article_id: int) -> frozenset[str]:
        """The places the article names (`facts.places.written_places`): what it can be about."""
        key = ("places", article_id)
        if key not in self.cache:
            self.cache[key] = written_places(self.index.article(article_id).text)
        return self.cache[key]

    def article_info(self, article_id: int) -> ArticleInfo:
        """The article's title, outlet and date, for a warning a reporter can judge in one look."""
        key = ("info", article_id)
        if key not in self.cache:
            a = self.index.article(article_id)
            self.cache[key] = ArticleInfo(a.title, a.outlet, a.date)
        return self.cache[key]

    def article_published(self, article_id: int) -> _dt.date | None:
        """The day the article was published as far as it says (front matter `date:`, else the
        latest full date it gives: `facts.when.story_date`), or None; read with its figures."""
        if ("published", article_id) not in self.cache:
            self.load_article_figures([article_id])
        return self.cache[("published", article_id)]

    def article_stated(self, article_id: int) -> bool:
        """Is `article_published` the article's stated date (front matter), not a day read from
        its text (the latest it names: the earliest it can have been published)?"""
        if ("stated", article_id) not in self.cache:
            self.load_article_figures([article_id])
        return self.cache[("stated", article_id)]

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
        for t in sorted(known, key=lambda t: (dfs[t], t))[:NEAR_WORDS]:
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

    def stating(self, facts: frozenset, least: int, k: int) -> list[int]:
        """The articles that state at least `least` of these (value, thing) figures."""
        stating = self.cache.setdefault("stating", OrderedDict())  # (bounded as `near`: a key per draft)
        key = (facts, least, k)
        if key not in stating:
            stating[key] = [a for a, _ in self.index.articles_stating(sorted(facts, key=str), least, k)]
            if len(stating) > MEMO_ENTRIES:
                stating.popitem(last=False)
        return stating[key]


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
        # the places the draft names among the words the corpus knows (a place the corpus
        # never names is no corpus story's place), folded as `facts.places.place_key` folds them
        self.places = frozenset(place_key(t) for t in self.doc)

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
        return (PARAGRAPH_SHARE * p[0] + (1 - PARAGRAPH_SHARE) * d[0],
                PARAGRAPH_SHARE * p[1] + (1 - PARAGRAPH_SHARE) * d[1])
