"""The shared corpus index on PostgreSQL: one index for a newsroom, built by many workers,
read by every reporter's editor. Same interface and same answers as the SQLite index
(`corpus.base.Index`); see `corpus/index.py` for the meaning of each table.

What differs, and why:

- **An article's key is its name** (its path under the corpus root), not an absolute path:
  workers on different machines mount the archive in different places.
- **Workers claim articles through PostgreSQL** (`update`): each scans its corpus folders,
  queues what is stale (new, changed, or built by another pipeline or extractor version:
  `articles.analyser` records it per article), then claims queued articles with
  `FOR UPDATE SKIP LOCKED`, parses them outside any lock and replaces each article in the
  transaction that holds its claim. A worker killed mid-article rolls its transaction back:
  the claim is released for another worker, and no reader ever sees half an article.
- **Derived tables are kept by the transaction that changes an article** (document
  frequencies of terms and quote words by +1/-1, the names of its aliases recomputed), so a
  killed worker leaves nothing to re-derive, and rows are locked in sorted order (a
  deadlock between two workers is retried).
- **Quote search with PostgreSQL's own means**: a phrase is a `tsvector` match (GIN,
  `phraseto_tsquery`); quotes by rare words are ranked by BM25 computed in SQL from a word
  table, with FTS5's formula and constants, so the same candidates come back as from SQLite.
- **Every change is announced** (`NOTIFY factlint_index` at commit, and a generation
  counter): a language server's `watch` hears it and re-checks.
- **A watching reader keeps its answers** (`@_kept` lookups): what the checks asked is asked
  again in the background when the index changes, and the new answers replace the old ones
  at once, so the editor's next check is not a cold one (at 10,000 articles a cold check of
  a 2,000-word draft spends over a second waiting on the database).

Connections come from a psycopg pool (one per thread at a time); the URL's password is
never printed (`redact`).
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import logging
import os
import threading
import time
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from .index import Article, ArticleRecord, Scan, UpdateReport, _display_name, _line_finder, _q, extractor_rows

log = logging.getLogger("factlint.corpus")

SCHEMA_VERSION = "1"
CHANNEL = "factlint_index"
# FTS5's bm25 constants (the SQLite index ranks quotes with bm25(); the same here).
K1, B = 1.2, 0.75
CLAIM_BATCH = 8  # articles claimed (and parsed in one nlp.pipe) at a time by a worker
# A worker that would remove more than this share of the index's articles (and more than
# PRUNE_MIN), because it does not see their files, removes none: an archive folder not mounted,
# or another folder than the other workers index, must not empty every reporter's index
# (rebuilding 100,000 articles takes hours). `factlint index --prune` removes them.
PRUNE_GUARD = 0.5
PRUNE_MIN = 10
# Answers a watching reader keeps (least recently used go first). A first check of a
# 2,000-word draft asks ~320 questions, each keystroke after it a few new ones (a word being
# typed); this keeps hours of typing in a few drafts, and bounds what a change asks again.
KEPT_ANSWERS = 4096
# ... and a change asks again only the answers used in the last ASKED_AGAIN_FOR seconds (those of
# a draft closed, or of words since deleted, are dropped then, and asked when needed): what each
# editor sends the database after a publication stays the few hundred questions of its open
# drafts, however long it has run.
ASKED_AGAIN_FOR = 600.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id BIGSERIAL PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE,  -- path under the corpus root: the key
    path TEXT NOT NULL,                     -- where the worker that built it read it
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    analyser TEXT NOT NULL,                 -- pipeline and extractor versions that built it
    title TEXT, date TEXT, outlet TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE TABLE IF NOT EXISTS paragraphs (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS sentences (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph_idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    line INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id);
CREATE TABLE IF NOT EXISTS entities (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE TABLE IF NOT EXISTS terms (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    term TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (term, article_id)
);
CREATE INDEX IF NOT EXISTS terms_article ON terms(article_id);
CREATE TABLE IF NOT EXISTS figures (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, line INTEGER NOT NULL,
    thing TEXT, value_lo DOUBLE PRECISION, value_hi DOUBLE PRECISION, unit TEXT, action TEXT, role TEXT,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS figures_article ON figures(article_id, unit, thing);
CREATE INDEX IF NOT EXISTS figures_thing ON figures(thing, value_lo);
CREATE TABLE IF NOT EXISTS quotes (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, line INTEGER NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL, speaker TEXT, person TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    words TEXT NOT NULL,                    -- the words FTS5's unicode61 would see, space-separated
    ntok INTEGER NOT NULL,                  -- how many (BM25's document length)
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_tsv ON quotes USING GIN (tsv);
-- Each word of each quote with its count: BM25 ranking and document frequencies.
CREATE TABLE IF NOT EXISTS quote_words (
    quote_id BIGINT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    word TEXT COLLATE "C" NOT NULL,
    tf INTEGER NOT NULL,
    dl INTEGER NOT NULL,                    -- the quote's ntok, here so ranking reads no other table
    PRIMARY KEY (word, quote_id)
);
CREATE INDEX IF NOT EXISTS quote_words_quote ON quote_words(quote_id);
CREATE TABLE IF NOT EXISTS aliases (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    alias TEXT COLLATE "C" NOT NULL, person TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases(article_id);
-- Derived, kept by the transaction that changes an article.
CREATE TABLE IF NOT EXISTS term_df (term TEXT COLLATE "C" PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS quote_df (word TEXT COLLATE "C" PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS quote_stats (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    quotes BIGINT NOT NULL, tokens BIGINT NOT NULL);
INSERT INTO quote_stats VALUES (TRUE, 0, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS names (
    alias TEXT COLLATE "C" PRIMARY KEY, n INTEGER NOT NULL, data TEXT NOT NULL, first TEXT COLLATE "C" NOT NULL
);
-- Articles waiting for a worker (`update`): claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE IF NOT EXISTS queue (name TEXT COLLATE "C" PRIMARY KEY, sha256 TEXT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS generation;
"""

# A name's first appearance: the first article by name, then the alias's place in it.
_NAME_ROWS = """
SELECT al.alias, count(*) AS n, string_agg(DISTINCT al.data, ',') AS data,
       min(a.name || E'\\x01' || lpad(al.id::text, 20, '0')) AS first
FROM aliases al JOIN articles a ON a.id = al.article_id
{where} GROUP BY al.alias
"""


def redact(url: str) -> str:
    """The URL as it may be printed: no password (in the URL or its query)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # not parseable: say nothing of it but its scheme
        return url.split(":", 1)[0] + "://…"
    parts.pop("password", None)
    host, port, db, user = parts.pop("host", ""), parts.pop("port", ""), parts.pop("dbname", ""), parts.pop("user", "")
    rest = make_conninfo(**parts).replace(" ", "&") if parts else ""
    return f"postgresql://{user + '@' if user else ''}{host}{':' + str(port) if port else ''}/{db}" + (
        f"?{rest}" if rest else "")


def fts_words(text: str) -> list[str]:
    """The words SQLite FTS5's `unicode61 remove_diacritics 2` tokenizer makes of a text:
    runs of letters and digits, lower case, diacritics removed."""
    folded = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).lower()
    out, cur = [], []
    for ch in folded:
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _kept(lookup: Callable) -> Callable:
    """A lookup whose answers a watching reader keeps (`PostgresIndex.watch`), keyed by its
    arguments (iterables as tuples: a generator is read once)."""
    signature = inspect.signature(lookup)

    @functools.wraps(lookup)
    def kept(self, *args, **kwargs):
        if self._watch is None:
            return lookup(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        key = (lookup.__name__, *(v if isinstance(v, (str, bytes, int, float, bool, type(None))) else tuple(v)
                                  for n, v in bound.arguments.items() if n != "self"))
        return self._answer(key, lambda: lookup(self, *key[1:]))

    return kept


def _no_jit(conn) -> None:
    import psycopg

    try:
        conn.execute("SET jit = off")
    except psycopg.errors.UndefinedObject:
        pass  # PostgreSQL 10 has no JIT to turn off


class PostgresIndex:
    """`corpus.base.Index` on a PostgreSQL database (created with `createdb`; the tables are
    made on first use)."""

    def __init__(self, url: str, roots: Iterable[Path] = (), pool_size: int = 4) -> None:
        import psycopg
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        self.url = url
        self.db_path = redact(url)  # what messages name (the SQLite index names its file)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.recovered = None
        self._psycopg = psycopg
        self._local_changes = 0
        self._watch: _Watcher | None = None
        self._memos: dict = {}
        # (lookup, *arguments) -> (answer, when it was last given), least recently used first,
        # while watching (`_kept`); `_served` counts the times they were all replaced by the
        # index's new answers (the memos' generation)
        self._answers: OrderedDict = OrderedDict()
        self._answers_lock = threading.Lock()
        self._served = 0
        self.round_trips = 0  # queries sent (the tests count them)
        try:  # one plain connection first: a server that is not there fails at once, with its reason
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as e:
            raise psycopg.OperationalError(f"cannot connect to {self.db_path}: {_first_line(e)}") from None
        # jit off on every connection: the planner's cost estimates for the ranked quote search
        # (a join over small, never analysed tables) pass jit_above_cost, and compiling the plan
        # took 0.43 s against 1.5 ms without (5-article corpus, PostgreSQL 15; tests/test_postgres.py)
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=False, name="factlint",
                                   kwargs={"autocommit": True, "row_factory": dict_row}, configure=_no_jit)
        try:
            self.pool.open(wait=True, timeout=10)
        except Exception as e:
            self.pool.close()
            raise psycopg.OperationalError(f"cannot connect to {self.db_path}: {_first_line(e)}") from None
        self._create_schema()

    # ------------------------------------------------------------------ plumbing

    def _create_schema(self) -> None:
        with self.pool.connection() as c, c.transaction():
            c.execute("SELECT pg_advisory_xact_lock(hashtext('factlint schema'))")
            c.execute(SCHEMA)
            row = c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row and row["value"] != SCHEMA_VERSION:
                raise self._psycopg.DataError(
                    f"{self.db_path} holds a factlint index of schema {row['value']}; this factlint writes "
                    f"{SCHEMA_VERSION}: drop its tables or use a new database (createdb)")
            c.execute("INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT DO NOTHING", (SCHEMA_VERSION,))

    def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()
        self.pool.close()

    def _rows(self, sql: str, params=()) -> list[dict]:
        self.round_trips += 1
        with self.pool.connection() as c:
            return c.execute(sql, params).fetchall()

    def get_meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key=%s", (key,))
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.pool.connection() as c:
            c.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      (key, value))

    def derived(self) -> bool:
        return True  # kept by every article's transaction

    def derive(self, terms: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        """Nothing to bring up to date: each article's transaction keeps the derived rows."""

    def rederive(self) -> None:
        """Recompute every derived row from the base tables, in one transaction: after a bulk
        load that wrote base rows directly (the benchmark's), or to repair by hand."""
        with self.pool.connection() as c, c.transaction():
            c.execute("SELECT pg_advisory_xact_lock(hashtext('factlint derive'))")
            c.execute("LOCK TABLE term_df, quote_df, quote_stats, names IN EXCLUSIVE MODE")
            c.execute("DELETE FROM term_df")
            c.execute("INSERT INTO term_df SELECT term, count(*) FROM terms GROUP BY term")
            c.execute("DELETE FROM quote_df")
            c.execute("INSERT INTO quote_df SELECT word, count(*) FROM quote_words GROUP BY word")
            c.execute("UPDATE quote_stats SET quotes = s.n, tokens = s.t FROM "
                      "(SELECT count(*) AS n, coalesce(sum(ntok), 0) AS t FROM quotes) s")
            c.execute("DELETE FROM names")
            c.execute("INSERT INTO names " + _NAME_ROWS.format(where=""))
            c.execute(f"NOTIFY {CHANNEL}")
        self._bump()

    # ------------------------------------------------------------------ building

    def update(self, analyse: Callable, analyser_id: str = "", progress: Callable | None = None,
               analyse_many: Callable | None = None, prune: bool = False, wait: bool = True) -> UpdateReport:
        """One worker's build (workers share the queue, so none waits for another: `wait` is
        the local index's): scan the corpus folders, queue what is stale, claim and build
        queued articles until none is left (other workers may be doing the same), then drop
        the articles whose files are gone. `progress(n, total, path)` counts this worker's.
        A worker that does not see most of the index's articles (`PRUNE_GUARD`) removes none
        of them unless `prune`: `report.kept` lists them."""
        report = UpdateReport()
        files, seen_names, known = self._plan(analyser_id, report)
        self._work(files, known, analyse_many or (lambda items: (analyse(t, p) for t, p in items)), analyser_id,
                   report, progress)
        removed = sorted(n for n in known if n not in seen_names)
        if not prune and len(removed) > max(PRUNE_MIN, PRUNE_GUARD * len(known)):
            report.kept, removed = removed, []
        for name in removed:
            with self.pool.connection() as c, c.transaction():
                row = c.execute("SELECT id, path FROM articles WHERE name=%s FOR UPDATE", (name,)).fetchone()
                if row is None:
                    continue
                self._drop_article(c, row["id"])
                c.execute(f"NOTIFY {CHANNEL}")
            report.removed.append(row["path"])
            self._bump()
        if analyser_id:
            self.set_meta("analyser", analyser_id)
        return report

    def _work(self, files: dict, known: set[str], many: Callable, analyser_id: str, report: UpdateReport,
              progress: Callable | None) -> None:
        """Claim queued articles and build them until the queue has nothing for this worker
        (`known`: the names indexed when it scanned, to report an article added or updated).
        An article already built as this worker would build it (by another worker, since it
        was queued) is not parsed again."""
        done = 0
        total = self._queued()
        passed: list[str] = []  # queued names this worker leaves to the worker that queued them
        while True:
            with self.pool.connection() as c:
                c.autocommit = False
                try:
                    claimed = c.execute(
                        "SELECT name, sha256 FROM queue WHERE name <> ALL(%s) ORDER BY name"
                        " FOR UPDATE SKIP LOCKED LIMIT %s", (passed, CLAIM_BATCH)).fetchall()
                    if not claimed:
                        c.rollback()
                        break
                    work, settled = [], []
                    for row in claimed:
                        name, found = row["name"], files.get(row["name"])
                        if found is not None and not self._current(c, name, found[5], analyser_id):
                            work.append((name, *found))
                        elif found is not None or self._current(c, name, row["sha256"], analyser_id):
                            settled.append(name)  # built meanwhile by another worker
                        else:  # a file this worker cannot read or does not see
                            passed.append(name)
                    records = list(many([(text, str(path)) for _n, path, _r, text, _raw, _st, _d in work])) if work else []
                    for (name, path, _root, text, raw, st, digest), record in zip(work, records):
                        self._replace_article(c, name, path, digest, st, text, record, analyser_id)
                    c.execute("DELETE FROM queue WHERE name = ANY(%s)", ([w[0] for w in work] + settled,))
                    if work:
                        c.execute(f"NOTIFY {CHANNEL}")
                    c.commit()
                except self._psycopg.errors.DeadlockDetected:
                    c.rollback()
                    continue  # another worker held some of the same derived rows: again
                except BaseException:
                    c.rollback()
                    raise
                finally:
                    c.autocommit = True
            if not work:
                continue
            self._bump()
            for name, path, *_ in work:
                (report.updated if name in known else report.added).append(str(path))
                done += 1
                if progress:
                    progress(done, max(total, done), str(path))

    @staticmethod
    def _current(c, name: str, digest: str, analyser_id: str) -> bool:
        """Is the article stored under `name` this content, built by this analyser?"""
        row = c.execute("SELECT sha256, analyser FROM articles WHERE name=%s", (name,)).fetchone()
        return row is not None and row["sha256"] == digest and row["analyser"] == analyser_id

    def _queued(self) -> int:
        return self._rows("SELECT count(*) AS n FROM queue")[0]["n"]

    def _plan(self, analyser_id: str, report: UpdateReport):
        """Scan the roots; queue the stale articles. Returns (name -> (path, root, text, raw,
        stat, digest) for every file this worker can build, every name whose article stays,
        every name indexed before)."""
        known = {r["name"]: r for r in self._rows("SELECT name, sha256, size, mtime_ns, analyser FROM articles")}
        files: dict = {}
        stale: list[tuple[str, str]] = []
        scan = Scan(self.roots, report, _display_name)
        for name, path, root, st in scan:
            old = known.get(name)
            current = old is not None and old["analyser"] == analyser_id
            if current and old["size"] == st.st_size and old["mtime_ns"] == st.st_mtime_ns:
                report.unchanged += 1
                continue
            got = scan.read(name, path)
            if got is None:
                continue
            text, raw = got
            digest = hashlib.sha256(raw).hexdigest()
            if current and old["sha256"] == digest:
                report.unchanged += 1
                continue
            files[name] = (path, root, text, raw, st, digest)
            stale.append((name, digest))
        if stale:
            with self.pool.connection() as c, c.transaction():
                with c.cursor() as cur:
                    cur.executemany("INSERT INTO queue VALUES (%s, %s) ON CONFLICT (name) DO NOTHING", stale)
        return files, scan.seen, set(known)

    def _replace_article(self, c, name, path, digest, st, text, rec: ArticleRecord, analyser_id: str) -> None:
        old = c.execute("SELECT id FROM articles WHERE name=%s", (name,)).fetchone()
        old_terms, old_aliases = self._drop_article(c, old["id"], replaced=True) if old else (set(), set())
        aid = c.execute(
            "INSERT INTO articles(name, path, sha256, size, mtime_ns, analyser, title, date, outlet, text)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
            (name, str(path.resolve()), digest, st.st_size, st.st_mtime_ns, analyser_id,
             rec.title, rec.date, rec.outlet, text),
        ).fetchone()["id"]
        line_of = _line_finder(text)
        with c.cursor() as cur:
            cur.executemany('INSERT INTO paragraphs(article_id, idx, start, "end") VALUES (%s,%s,%s,%s)',
                            [(aid, i, s, e) for i, (s, e) in enumerate(rec.paragraphs)])
            cur.executemany('INSERT INTO sentences(article_id, paragraph_idx, start, "end", line, text)'
                            " VALUES (%s,%s,%s,%s,%s,%s)",
                            [(aid, s.paragraph_idx, s.start, s.end, line_of(s.start), s.text) for s in rec.sentences])
            cur.executemany('INSERT INTO entities(article_id, start, "end", label, text) VALUES (%s,%s,%s,%s,%s)',
                            [(aid, es, ee, label, etext) for s in rec.sentences for es, ee, label, etext in s.entities])
            terms = sorted(set(rec.terms))
            cur.executemany("INSERT INTO terms(article_id, term) VALUES (%s, %s)", [(aid, t) for t in terms])
        self._df_delta(c, "term_df", "term", old_terms, set(terms))
        quote_words: Counter = Counter()
        quotes = tokens = 0
        aliases: set[str] = set()
        for table, row in extractor_rows(rec, line_of):
            if table == "quotes":
                words = fts_words(row["norm"])
                row["words"], row["ntok"] = " ".join(words), len(words)
            names = ["article_id", *row]
            rid = c.execute(
                f"INSERT INTO {table}({', '.join(_q(n) for n in names)}) VALUES ({', '.join(['%s'] * len(names))})"
                " RETURNING id", [aid, *row.values()]).fetchone()["id"]
            if table == "quotes":
                counts = Counter(words)
                with c.cursor() as cur:
                    cur.executemany("INSERT INTO quote_words(quote_id, word, tf, dl) VALUES (%s,%s,%s,%s)",
                                    [(rid, w, n, len(words)) for w, n in sorted(counts.items())])
                quote_words.update(counts.keys())
                quotes, tokens = quotes + 1, tokens + len(words)
            elif table == "aliases":
                aliases.add(row["alias"])
        self._df_delta(c, "quote_df", "word", set(), set(quote_words), counts=quote_words)
        if quotes:
            self._quote_stats(c, quotes, tokens)
        self._names(c, aliases | old_aliases)

    def _drop_article(self, c, aid: int, replaced: bool = False) -> tuple[set[str], set[str]]:
        """Delete one article and take its share out of the derived tables. `replaced`: its new
        version follows in this transaction, which settles its terms and names; returns them."""
        terms = {r["term"] for r in c.execute("SELECT term FROM terms WHERE article_id=%s", (aid,))}
        words = Counter(r["word"] for r in c.execute(
            "SELECT w.word FROM quote_words w JOIN quotes q ON q.id = w.quote_id WHERE q.article_id=%s", (aid,)))
        stats = c.execute("SELECT count(*) AS n, coalesce(sum(ntok), 0) AS t FROM quotes WHERE article_id=%s",
                          (aid,)).fetchone()
        aliases = {r["alias"] for r in c.execute("SELECT alias FROM aliases WHERE article_id=%s", (aid,))}
        c.execute("DELETE FROM articles WHERE id=%s", (aid,))
        if not replaced:
            self._df_delta(c, "term_df", "term", terms, set())
        self._df_delta(c, "quote_df", "word", set(words), set(), counts=words)
        if stats["n"]:
            self._quote_stats(c, -stats["n"], -stats["t"])
        if not replaced:
            self._names(c, aliases)
        return terms, aliases

    @staticmethod
    def _df_delta(c, table: str, key: str, old: set, new: set, counts: Counter | None = None) -> None:
        """+1 for each key only in `new`, -1 for each only in `old` (`counts`: by that much),
        in sorted order so that two workers lock the same rows in the same order."""
        delta = {k: (counts[k] if counts else 1) for k in new - old}
        delta.update({k: -(counts[k] if counts else 1) for k in old - new})
        if not delta:
            return
        keys = sorted(delta)
        c.execute(
            f"INSERT INTO {table}({key}, df) SELECT k, d FROM unnest(%s::text[], %s::int[]) AS u(k, d) ORDER BY k"
            f" ON CONFLICT ({key}) DO UPDATE SET df = {table}.df + excluded.df",
            (keys, [delta[k] for k in keys]))
        gone = [k for k in keys if delta[k] < 0]
        if gone:
            c.execute(f"DELETE FROM {table} WHERE {key} = ANY(%s) AND df <= 0", (gone,))

    @staticmethod
    def _quote_stats(c, quotes: int, tokens: int) -> None:
        c.execute("UPDATE quote_stats SET quotes = quotes + %s, tokens = tokens + %s", (quotes, tokens))

    @staticmethod
    def _names(c, aliases: set[str]) -> None:
        """Recompute the `names` rows of these aliases from the alias table."""
        if not aliases:
            return
        keys = sorted(aliases)
        c.execute("INSERT INTO names " + _NAME_ROWS.format(where="WHERE al.alias = ANY(%s)") + " ORDER BY al.alias"
                  " ON CONFLICT (alias) DO UPDATE SET n = excluded.n, data = excluded.data, first = excluded.first",
                  (keys,))
        c.execute("DELETE FROM names n WHERE n.alias = ANY(%s) AND NOT EXISTS "
                  "(SELECT 1 FROM aliases al WHERE al.alias = n.alias)", (keys,))

    def _bump(self) -> None:
        self._local_changes += 1
        with self._answers_lock:
            self._answers.clear()
        with self.pool.connection() as c:
            c.execute("SELECT nextval('generation')")

    # ------------------------------------------------------------------ articles

    @_kept
    def article_count(self) -> int:
        return self._rows("SELECT count(*) AS n FROM articles")[0]["n"]

    _ARTICLE = "SELECT id, path, name, title, date, outlet, text FROM articles"

    def articles(self) -> list[Article]:
        return [Article(**r) for r in self._rows(self._ARTICLE + " ORDER BY name")]

    @_kept
    def article(self, article_id: int) -> Article:
        return Article(**self._rows(self._ARTICLE + " WHERE id=%s", (article_id,))[0])

    def article_at(self, path: str) -> Article | None:
        rows = self._rows(self._ARTICLE + " WHERE path=%s ORDER BY name LIMIT 1", (path,))
        return Article(**rows[0]) if rows else None

    @_kept
    def entities(self, article_id: int) -> list[tuple[int, int, str, str]]:
        return [(r["start"], r["end"], r["label"], r["text"]) for r in self._rows(
            'SELECT start, "end", label, text FROM entities WHERE article_id=%s ORDER BY start, "end", id',
            (article_id,))]

    # ------------------------------------------------------------------ event context

    @_kept
    def article_terms(self, article_id: int) -> frozenset[str]:
        return frozenset(r["term"] for r in self._rows("SELECT term FROM terms WHERE article_id=%s", (article_id,)))

    @_kept
    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(dict.fromkeys(terms))
        if not terms:
            return {}
        return {r["term"]: r["df"] for r in self._rows("SELECT term, df FROM term_df WHERE term = ANY(%s)", (terms,))}

    @_kept
    def articles_sharing(self, terms: Iterable[str], limit: int = 20) -> list[tuple[int, int]]:
        terms = list(dict.fromkeys(terms))[:200]
        if not terms:
            return []
        return [(r["article_id"], r["n"]) for r in self._rows(
            # counted per article first; only the articles at or above the limit's count are
            # joined for their names (the tie-break), not every article holding a term
            "WITH c AS (SELECT article_id, count(*) AS n FROM terms WHERE term = ANY(%(terms)s) GROUP BY article_id),"
            " cut AS (SELECT n FROM c ORDER BY n DESC OFFSET %(last)s LIMIT 1)"
            " SELECT c.article_id, c.n FROM c JOIN articles a ON a.id = c.article_id"
            " WHERE c.n >= coalesce((SELECT n FROM cut), 0) ORDER BY c.n DESC, a.name LIMIT %(limit)s",
            {"terms": terms, "last": max(limit - 1, 0), "limit": limit})]

    @_kept
    def articles_stating(self, facts: Iterable[tuple[float, str]], least: int = 2,
                         limit: int = 20) -> list[tuple[int, int]]:
        facts = list(dict.fromkeys(facts))[:100]
        if not facts:
            return []
        return [(r["article_id"], r["n"]) for r in self._rows(
            "WITH w(thing, v) AS (SELECT * FROM unnest(%(things)s::text[], %(values)s::float8[])),"
            " c AS (SELECT f.article_id, count(DISTINCT (f.thing, f.value_lo)) AS n FROM figures f"
            " JOIN w ON f.thing = w.thing AND f.value_lo = w.v AND f.value_hi = w.v GROUP BY f.article_id)"
            " SELECT c.article_id, c.n FROM c JOIN articles a ON a.id = c.article_id WHERE c.n >= %(least)s"
            " ORDER BY c.n DESC, a.name LIMIT %(limit)s",
            {"things": [t for _, t in facts], "values": [float(v) for v, _ in facts], "least": least, "limit": limit})]

    _FIGURES = ('SELECT f.id, f.article_id, a.path, a.name, f.line, f.start, f."end", f.thing, f.unit, f.action,'
                " f.role, f.value_lo, f.value_hi, f.data FROM figures f JOIN articles a ON a.id = f.article_id")

    @_kept
    def figures_of(self, articles: Iterable[int], unit: str, thing: str | None) -> list:
        articles = list(articles)
        if not articles:
            return []
        where = " WHERE f.article_id = ANY(%s) AND f.unit = %s AND " + ("f.thing = %s" if thing else "f.thing IS NULL")
        return self._rows(self._FIGURES + where + " ORDER BY a.name, f.start, f.id",
                          (articles, unit, thing) if thing else (articles, unit))

    @_kept
    def figure_values(self, articles: Iterable[int]) -> list:
        articles = list(articles)
        if not articles:
            return []
        return self._rows("SELECT article_id, thing, data FROM figures WHERE article_id = ANY(%s)"
                          " ORDER BY article_id, start, id", (articles,))

    # ------------------------------------------------------------------ people and quotes

    @_kept
    def names(self) -> list:
        return self._rows("SELECT alias, n, data FROM names ORDER BY first")

    @_kept
    def aliases_of(self, article_id: int) -> list[str]:
        return [r["alias"] for r in self._rows("SELECT alias FROM aliases WHERE article_id=%s ORDER BY id",
                                               (article_id,))]

    _QUOTES = ('SELECT q.id, q.article_id, a.path, a.name, q.line, q.start, q."end", q.text, q.norm, q.speaker,'
               " q.person, q.data FROM quotes q JOIN articles a ON a.id = q.article_id")

    @_kept
    def quotes_with_phrase(self, words: list[str], limit: int) -> list:
        words = [t for w in words for t in fts_words(w)]
        if not words:
            return []
        return self._rows(self._QUOTES + " WHERE q.tsv @@ phraseto_tsquery('simple', %s)"
                          " ORDER BY a.name, q.start, q.id LIMIT %s", (" ".join(words), limit))

    @_kept
    def quotes_with_words(self, words: list[str], limit: int, pairs: bool) -> list:
        words = sorted({t for w in words for t in fts_words(w)})
        if not words:
            return []
        # BM25 as FTS5 computes it: idf = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6; a query
        # of pairs, (a AND b) OR (a AND c)..., counts each word once per pair that matched: for a
        # quote holding k of the words, k - 1 times
        sql = f"""
        WITH s AS (SELECT quotes::float8 AS n, tokens::float8 / greatest(quotes, 1) AS avgdl FROM quote_stats),
        w AS (SELECT d.word, greatest(ln((s.n - d.df + 0.5) / (d.df + 0.5)), 1e-6) AS idf
              FROM quote_df d, s WHERE d.word = ANY(%(words)s)),
        hit AS (SELECT qw.quote_id,
                       round((sum(w.idf * qw.tf * {K1 + 1} / (qw.tf + {K1} * (1 - {B} + {B} * qw.dl / s.avgdl)))
                              * CASE WHEN %(pairs)s THEN count(*) - 1 ELSE 1 END)::numeric, 9) AS score
                FROM quote_words qw JOIN w ON w.word = qw.word, s
                GROUP BY qw.quote_id HAVING count(*) >= %(least)s),
        cut AS (SELECT score FROM hit ORDER BY score DESC OFFSET %(last)s LIMIT 1)
        {self._QUOTES} JOIN hit ON hit.quote_id = q.id
        WHERE hit.score >= coalesce((SELECT score FROM cut), 0)
        ORDER BY hit.score DESC, a.name, q.start, q.id LIMIT %(limit)s
        """
        return self._rows(sql, {"words": words, "least": 2 if pairs else 1, "pairs": pairs, "limit": limit,
                                "last": max(limit - 1, 0)})

    @_kept
    def quote_word_frequencies(self, words: Iterable[str]) -> dict[str, int]:
        words = list(dict.fromkeys(words))
        if not words:
            return {}
        return {r["word"]: r["df"] for r in self._rows("SELECT word, df FROM quote_df WHERE word = ANY(%s)", (words,))}

    # ------------------------------------------------------------------ caching, live updates

    def generation(self) -> int:
        """Bumped after every change any worker commits."""
        with self.pool.connection() as c:
            return _counter(c)

    def memo(self, name: str) -> dict:
        """A cache for what a check derives from the index, emptied whenever the index changes:
        while watching (the language server), when the kept answers are replaced by the new
        ones; else when the database's generation counter moved."""
        generation = (self._local_changes, self._served if self._watch else self.generation())
        if self._memos.get("__generation__") != generation:
            self._memos.clear()
            self._memos["__generation__"] = generation
        return self._memos.setdefault(name, {})

    def watch(self, on_change: Callable[[], None]) -> None:
        """Listen for changes other processes commit (LISTEN/NOTIFY, on its own connection and
        thread) and keep answers from then on (`_kept`). After a change, once the writes
        settle, every kept question is asked again on the listener's thread while checks go
        on with the answers they had; the new answers then replace them all at once (the
        memos are emptied with them), and `on_change()` is called."""
        if self._watch is None:
            self._watch = _Watcher(self.url, on_change, self.generation(), self._refresh)
            self._watch.start()

    def _answer(self, key: tuple, ask: Callable[[], object]):
        with self._answers_lock:
            if key in self._answers:
                value = self._answers.pop(key)[0]
                self._answers[key] = (value, time.monotonic())
                return value
            served = self._served
        value = ask()
        with self._answers_lock:
            if served == self._served:  # not an answer from before a replacement that came meanwhile
                self._answers[key] = (value, time.monotonic())
                while len(self._answers) > KEPT_ANSWERS:
                    self._answers.popitem(last=False)
        return value

    def _refresh(self) -> None:
        """The index changed: ask again every kept question used lately (`ASKED_AGAIN_FOR`) and
        replace the answers at once (the others are dropped)."""
        since = time.monotonic() - ASKED_AGAIN_FOR
        with self._answers_lock:
            kept = [(k, used) for k, (_, used) in self._answers.items() if used >= since]
        fresh: OrderedDict = OrderedDict()
        try:
            for key, used in kept:
                try:
                    fresh[key] = (getattr(type(self), key[0]).__wrapped__(self, *key[1:]), used)
                except LookupError:  # an article removed by the change: nothing to keep, nor to ask again
                    continue
        except self._psycopg.Error as e:  # the server went away meanwhile: start cold instead
            log.debug("asking the kept questions again failed: %s", e)
            fresh.clear()
        with self._answers_lock:
            self._answers = fresh
            self._served += 1


class _Watcher(threading.Thread):
    """LISTEN on its own connection; also reads the generation counter every `POLL` seconds,
    for a read replica (notifications are not replicated; the counter is)."""

    QUIET = 0.3  # seconds without a new change before telling (a build changes many articles)
    POLL = 5.0

    def __init__(self, url: str, on_change: Callable[[], None], seen: int, refresh: Callable[[], None]) -> None:
        super().__init__(name="factlint-index-watch", daemon=True)
        # `seen`: the generation counter when watching began (a change made before the first
        # LISTEN is found by the next poll)
        self.url, self.on_change, self.seen, self.refresh = url, on_change, seen, refresh
        self._halt = threading.Event()  # not `_stop`: threading.Thread has a method of that name

    def stop(self) -> None:
        self._halt.set()

    def run(self) -> None:
        import psycopg

        reconnected = False
        while not self._halt.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    # after a reconnection: changes may have been missed while not listening
                    seen, polled, pending = (_counter(conn) if reconnected else self.seen), time.monotonic(), reconnected
                    reconnected = True
                    while not self._halt.is_set():
                        got = list(conn.notifies(timeout=self.QUIET if pending else 1.0, stop_after=1))
                        if not got and time.monotonic() - polled >= self.POLL:
                            polled, now = time.monotonic(), _counter(conn)
                            got, seen = [now] if now != seen else [], now
                        if got:
                            pending = True
                        elif pending:
                            pending = False
                            try:
                                self.refresh()
                                self.on_change()
                            except Exception:
                                log.debug("index change callback failed", exc_info=True)
            except Exception as e:  # the server went away: try again, quietly
                log.debug("index watch: %s", e)
                self._halt.wait(5)


def _counter(conn) -> int:
    """The generation counter (a sequence: bumped outside any transaction, never locks)."""
    row = conn.execute("SELECT last_value + (CASE WHEN is_called THEN 1 ELSE 0 END) AS g FROM generation").fetchone()
    return row["g"] if isinstance(row, dict) else row[0]


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]
