"""What a corpus index answers: the one interface the engine, the checks, the server and
the CLI use. `corpus.index.CorpusIndex` (SQLite) is the implementation; a second backend
(the shared PostgreSQL index of issue 16) implements the same methods with the same
meaning and the same answers. The checks never see SQL: each question has a name here.

Rows are mappings by column name (`row["article_id"]`). Orders that answers depend on are
stated per method; the rest is unordered.
"""
from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable


@functools.cache
def index_errors() -> tuple[type[Exception], ...]:
    """The errors an index raises when its store fails (a full disk, a read-only folder, a
    database server gone): what callers catch, whichever backend answers."""
    try:
        import psycopg
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


@runtime_checkable
class Index(Protocol):
    # --- building (the CLI's `index`, the engine's refresh)
    def update(self, analyse: Callable, analyser_id: str = "", progress: Callable | None = None,
               analyse_many: Callable | None = None, prune: bool = False, wait: bool = True):
        """Bring the index up to date with the corpus files (added, changed, removed articles,
        each replaced whole or not at all); returns an `UpdateReport`. A shared index keeps
        the articles of files its worker does not see when they are most of it (a folder not
        mounted) unless `prune`; a local index mirrors its folders. Two processes updating a
        local index take turns: with `wait=False` one whose turn it is not raises
        `index.IndexBusy` (a shared index's workers share the work instead)."""

    def close(self) -> None:
        """Let go of the store (the file, the database connections)."""

    def get_meta(self, key: str) -> str | None:
        """A stored setting (`analyser`: the pipeline and extractors that built it)."""

    def derived(self) -> bool:
        """Whether the tables derived at index time (document frequencies, names) are there."""

    def derive(self, terms: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        """Bring the derived tables up to date for these terms and names (all of them when the
        index has none of this version yet: an index built before they existed)."""

    # --- articles
    def article_count(self) -> int: ...

    def articles(self) -> list:
        """Every article (`Article`), by name."""

    def article(self, article_id: int):
        """One `Article`: id, path, name, title, date, outlet, text."""

    def article_at(self, path: str):
        """The `Article` read from this path (as `Article.path` and a finding's source give it),
        or None: how an editor opens a corpus article that is not on its machine."""

    def entities(self, article_id: int) -> list[tuple[int, int, str, str]]:
        """(start, end, label, text) of the article's named entities, in text order."""

    # --- event context (figure/conflict)
    def article_terms(self, article_id: int) -> frozenset[str]:
        """The article's content-word lemmas."""

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many articles hold each term (terms in none are absent)."""

    def articles_sharing(self, terms: Iterable[str], limit: int = 20) -> list[tuple[int, int]]:
        """(article id, how many of the terms it holds), most first, then by article name."""

    def articles_stating(self, facts: Iterable[tuple[float, str]], least: int = 2,
                         limit: int = 20) -> list[tuple[int, int]]:
        """(article id, how many of the (value, thing) facts it states as exact figures), for the
        articles stating at least `least` of them, most first, then by article name."""

    def figures_of(self, articles: Iterable[int], unit: str, thing: str | None) -> list:
        """Figures of one unit and thing (None: no thing) in these articles, with the article's
        path and name, by article name and place in the article."""

    def figure_values(self, articles: Iterable[int]) -> list:
        """(article_id, thing, data) of every figure of these articles, by article and place."""

    # --- people and quotes (quote checks)
    def names(self) -> list:
        """One row per distinct alias: alias, n, data (the rows' distinct JSON objects joined by
        commas, in no order), in order of first appearance: the first article by name, then the
        place in it (never the order articles were built in, which differs between builds)."""

    def aliases_of(self, article_id: int) -> list[str]:
        """The article's aliases, in the order its extractor gave them."""

    def quotes_with_phrase(self, words: list[str], limit: int) -> list:
        """Quotes whose normalised wording holds these words in this order (as FTS5's unicode61
        tokenizer reads words), by article name and place."""

    def quotes_with_words(self, words: list[str], limit: int, pairs: bool) -> list:
        """Quotes holding any of the words (`pairs`: any two), most relevant first: FTS5's BM25
        (k1 1.2, b 0.75) rounded to 9 decimals, then article name and place."""

    def quote_word_frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """How many quotes hold each word."""

    # --- caching, changes
    def memo(self, name: str) -> dict:
        """A cache for what a check derives from the index, emptied whenever the index changes
        (here or in another process)."""

    def watch(self, on_change: Callable[[], None]) -> None:
        """Call `on_change()` when another process changes the index (a shared index's workers);
        the language server re-checks its open drafts then. An index that only this machine's
        corpus files change may do nothing: the server watches those files itself."""
