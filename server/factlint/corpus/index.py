"""The corpus index: articles, sentences, entities, figures and quotes in SQLite.

One database file per set of corpus roots, in the config's cache folder. The
index is brought up to date incrementally by `CorpusIndex.update`:

- an article whose size and mtime are unchanged is not even read;
- one whose content hash is unchanged is not re-parsed;
- a changed article is re-parsed and replaced, a removed one dropped.

Every article is replaced inside its own transaction, and the database runs in
WAL mode, so a build killed midway leaves every article either as it was or as
it is now, and readers (a running language server) keep a consistent view.
Writers take turns: setting the file up (creating, rebuilding or setting aside a
damaged one) and updating it are done under a lock file beside it
(`writers_turn`), so two processes building the same index at once do
the work once instead of corrupting it; a reader of an index already set up
never waits.
The index never imports spaCy: `update` takes an `analyse(text, path)`
callable that returns an `ArticleRecord`.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from ..textfile import NotText, decode

SCHEMA_VERSION = 2
# seconds a writer waits for another process's turn before saying so (`writers_turn`):
# setting up an index takes milliseconds, so a longer wait is another process's build
WAIT_NOTICE = 1.0
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")

# `first`: the key of the name's first appearance (`_FIRST`).
_NAMES_TABLE = """CREATE TABLE IF NOT EXISTS names (
    alias TEXT PRIMARY KEY, n INTEGER NOT NULL, data TEXT NOT NULL, first TEXT NOT NULL
) WITHOUT ROWID"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,       -- absolute path
    name TEXT NOT NULL,              -- path relative to its corpus root, for messages
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT,
    date TEXT,                       -- ISO date when the article gives one (front matter)
    outlet TEXT,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph_idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,           -- 1-based line of the sentence start
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE INDEX IF NOT EXISTS entities_text ON entities(text COLLATE NOCASE);
-- Content-word lemmas of each article: event context, and document frequencies (idf).
CREATE TABLE IF NOT EXISTS terms (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    PRIMARY KEY (term, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS terms_article ON terms(article_id);
-- Filled by the figure check's extractor: one row per figure claim.
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    thing TEXT,                      -- lemma of what is counted (drone, hour, district)
    value_lo REAL, value_hi REAL,
    unit TEXT,                       -- count, money:USD, percent, ordinal, ...
    action TEXT,
    role TEXT,                       -- part | whole | null
    data TEXT NOT NULL DEFAULT '{}'  -- the rest of the claim, JSON
);
CREATE INDEX IF NOT EXISTS figures_thing ON figures(thing);
CREATE INDEX IF NOT EXISTS figures_article ON figures(article_id, unit, thing);
-- Filled by the quote checks' extractor: one row per direct quotation.
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    norm TEXT NOT NULL,              -- normalised wording for matching
    speaker TEXT,                    -- as written
    person TEXT,                     -- resolved person key
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    norm, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, norm) VALUES (new.id, new.norm);
END;
CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;
-- Document frequency of each word of the quotes, to retrieve by rare words.
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_vocab USING fts5vocab(quotes_fts, 'row');
-- Names the corpus uses for one person (title + name, surname, transliterations).
CREATE TABLE IF NOT EXISTS aliases (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,             -- normalised
    person TEXT NOT NULL,            -- person key
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases(article_id);
-- Derived at index time (`CorpusIndex.derive`), for the checks' first use not to compute
-- them: the document frequency of each term (idf), and one row per distinct name of the
-- alias table with its count, titles and roles (match.quotes.corpus_people).
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
""" + _NAMES_TABLE + ";\n"
# Bumped when what `derive` computes changes: an index without it derives it on opening.
DERIVED_VERSION = "2"
# The derived rows, from the base tables (`where` narrows them to some keys).
_TERM_DF = "INSERT INTO term_df SELECT term, count(*) FROM terms {where} GROUP BY term"
# A name's first appearance: the first article by name, then the alias's place in it (an order
# that does not depend on the order articles were built in: the same in every backend).
_FIRST = "min(a.name || char(1) || printf('%020d', al.id))"
_NAMES = ("INSERT INTO names SELECT al.alias, count(*), group_concat(DISTINCT al.data), " + _FIRST +
          " FROM aliases al JOIN articles a ON a.id = al.article_id {where} GROUP BY al.alias")

# Tables an extractor may fill, and the columns it may set (article_id is added here).
EXTRA_TABLES = {
    "figures": ("start", "end", "line", "thing", "value_lo", "value_hi", "unit", "action", "role", "data"),
    "quotes": ("start", "end", "line", "text", "norm", "speaker", "person", "data"),
    "aliases": ("alias", "person", "data"),
}


@dataclass
class SentenceRecord:
    start: int
    end: int
    paragraph_idx: int
    text: str
    entities: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, label, text


@dataclass
class ArticleRecord:
    """What the analyser makes of one article."""

    paragraphs: list[tuple[int, int]]
    sentences: list[SentenceRecord]
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    terms: list[str] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=dict)  # extractor output per table


@dataclass
class UpdateReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # "path: reason", for files that were skipped
    # a shared index's articles whose files this worker did not see, kept: they were most of
    # the index (`corpus.postgres.PRUNE_GUARD`)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that are not articles

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class Article:
    id: int
    path: str
    name: str
    title: str | None
    date: str | None
    outlet: str | None
    text: str


@dataclass(frozen=True)
class Sentence:
    id: int
    article_id: int
    start: int
    end: int
    line: int
    text: str


def iter_article_files(roots: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, root) for every candidate file under the roots, sorted, hidden folders skipped."""
    for root in roots:
        root = Path(root)
        if root.is_file():
            yield root, root.parent
            continue
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    yield Path(dirpath) / name, root


def read_article(path: Path) -> tuple[str, bytes]:
    """The article's text (newlines normalised) and raw bytes; textfile.NotText if it has none."""
    raw = path.read_bytes()
    text = decode(raw)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, raw


class Scan:
    """The corpus files under the roots, as every backend reads them: `for key, path, root, st in
    Scan(...)` gives each article file once (by `key_of(path, root)`), with its stat; what is not
    an article, or cannot be read, goes to the report. `seen` holds the keys whose indexed
    version stays: every article file found, including one that cannot be read just now (kept
    until it can), but not one that is no longer an article (not a regular file, not text)."""

    def __init__(self, roots: Iterable[Path], report: UpdateReport,
                 key_of: Callable[[Path, Path], str]) -> None:
        self.roots, self.report, self.key_of = roots, report, key_of
        self.seen: set[str] = set()

    def __iter__(self) -> Iterator[tuple[str, Path, Path, os.stat_result]]:
        report = self.report
        for path, root in iter_article_files(self.roots):
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                report.skipped.append(f"{path}: not a .txt or .md article")
                continue
            try:
                key = self.key_of(path, root)
            except RuntimeError:  # Python 3.11's resolve() on a symlink loop
                report.errors.append(f"{path}: cannot read: a symbolic link loop; skipped")
                continue
            if key in self.seen:
                continue
            self.seen.add(key)
            try:
                st = path.stat()
            except OSError as e:  # an indexed version is kept until the file can be read again
                report.errors.append(f"{path}: cannot read: {e.strerror}; skipped")
                continue
            if not stat.S_ISREG(st.st_mode):  # a named pipe would block the build forever
                report.skipped.append(f"{path}: not a regular file")
                self.seen.discard(key)
                continue
            yield key, path, root, st

    def read(self, key: str, path: Path) -> tuple[str, bytes] | None:
        """The file's text and bytes, or None (said in the report)."""
        try:
            return read_article(path)
        except NotText as e:
            self.report.errors.append(f"{e.where(str(path))}: {e.reason}; skipped")
            self.seen.discard(key)  # a previous good version is dropped: it no longer says that
        except OSError as e:
            self.report.errors.append(f"{path}: cannot read: {e.strerror}; skipped")
        return None


class IndexBusy(Exception):
    """Another process is updating the index (`writers_turn(wait=False)`)."""


@contextmanager
def writers_turn(db_path: Path, waiting: Callable[[str], None] | None = None, wait: bool = True) -> Iterator[None]:
    """A process's turn at writing the index file at `db_path`: one process at a time sets it up
    or updates it, the others wait (told through `waiting` after `WAIT_NOTICE` seconds), or
    with `wait=False` get `IndexBusy` at once. The lock is the operating system's, on a file
    beside the index, so it is let go when its holder exits, however it ends. A folder where
    the lock file cannot be made is one no writer shares with this process: the work goes on
    without it."""
    lock: FileLock | None = FileLock(f"{db_path}.lock")
    try:
        lock.acquire(timeout=WAIT_NOTICE if wait else 0)
    except Timeout:
        if not wait:
            raise IndexBusy(f"another factlint process is updating the index at {db_path}") from None
        if waiting:
            waiting(f"waiting for another factlint process to finish updating the index at {db_path}")
        lock.acquire()
    except OSError:
        lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


class CorpusIndex:
    def __init__(self, db_path: Path, roots: Iterable[Path] = (),
                 waiting: Callable[[str], None] | None = None) -> None:
        self.db_path = Path(db_path)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.recovered: str | None = None  # set when a damaged index file was moved aside and rebuilt
        self.waiting = waiting  # told when this process waits for another's turn at writing
        if self._open_set_up():  # a reader of an index set up already neither waits nor writes
            return
        with self.exclusive():  # set up by one process at a time: looked at again in this turn
            try:
                self._connect()
                self._check_intact()
                self._create_schema()
            except sqlite3.OperationalError:
                raise  # cannot open or write the file (a read-only or full folder): the caller says so
            except sqlite3.DatabaseError as e:  # not a database, truncated, malformed
                self._move_aside(e)
                self._connect()
                self._create_schema()

    def exclusive(self, wait: bool = True):
        """This process's turn at writing the index file (`writers_turn`)."""
        return writers_turn(self.db_path, self.waiting, wait)

    def _open_set_up(self) -> bool:
        """Open the file if it is an index set up already (intact, of this schema, in WAL mode),
        writing nothing to it: a file another process is creating is not touched outside a
        writer's turn. False (and no connection) otherwise."""
        if not self.db_path.is_file():
            return False
        try:
            self._connect(create=False)
            self._check_intact()
            wal = self.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            if wal and self.get_meta("schema_version") == str(SCHEMA_VERSION):
                return True
        except (sqlite3.Error, OSError):
            pass
        if getattr(self, "conn", None) is not None:
            self.conn.close()
        return False

    def _check_intact(self) -> None:
        """Cheap signs of a damaged file, before anything trusts it: a file shorter than the
        pages its header counts was truncated (a full integrity check reads the whole index)."""
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        wal = Path(str(self.db_path) + "-wal")
        # the log before the file: a writer's last checkpoint moves pages from the log into the
        # file and then deletes the log, so read this way round the sum never comes up short
        try:
            wal_size = wal.stat().st_size
        except FileNotFoundError:
            wal_size = 0
        on_disk = self.db_path.stat().st_size + wal_size
        if pages * page_size > on_disk:
            raise sqlite3.DatabaseError(f"the file holds {on_disk:,} bytes of {pages * page_size:,} (truncated)")

    def _move_aside(self, error: Exception) -> None:
        """The index is a cache: a damaged one is kept for inspection and built anew."""
        conn = getattr(self, "conn", None)
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        aside = Path(f"{self.db_path}.damaged-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.db_path) + suffix)
            if src.exists():
                src.replace(Path(str(aside) + suffix))
        self.recovered = f"{self.db_path}: the index was damaged ({error}); moved to {aside.name} and rebuilt"

    # ------------------------------------------------------------------ plumbing

    def _connect(self, create: bool = True) -> None:
        """Connect; `create`: make the file if missing and put it in WAL mode (both writes,
        done in a writer's turn), else open the file as it is."""
        if create:
            self.conn = sqlite3.connect(str(self.db_path), check_same_thread=False, isolation_level=None, timeout=10)
            self.conn.execute("PRAGMA journal_mode=WAL")
        else:
            self.conn = sqlite3.connect(self.db_path.resolve().as_uri() + "?mode=rw", uri=True,
                                        check_same_thread=False, isolation_level=None, timeout=10)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def _create_schema(self) -> None:
        """Create the tables (in a writer's turn). An index of another schema is a cache of
        another factlint: its tables are dropped and made anew inside the file, never by
        deleting the file, which a reader may have open (its log and shared-memory files
        would then belong to two databases)."""
        tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        version = None  # a new file, or one whose set-up was cut short: finished below
        if tables and "meta" not in tables:
            version = "unknown"
        elif tables:
            version = self.get_meta("schema_version")
        if version is not None and str(version) != str(SCHEMA_VERSION):
            with self.transaction():
                # full-text tables first, latest made first (a vocabulary table reads its
                # full-text table); dropping one drops the tables it keeps its data in
                for (name,) in self.conn.execute(
                        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                        " ORDER BY sql NOT LIKE 'CREATE VIRTUAL%', rowid DESC").fetchall():
                    if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone():
                        self.conn.execute(f'DROP TABLE "{name}"')
        self.conn.executescript(SCHEMA)
        self.set_meta("schema_version", str(SCHEMA_VERSION))

    class _Tx:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def __enter__(self):
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, exc_type, exc, tb):
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
            return False

    def transaction(self) -> "_Tx":
        return self._Tx(self.conn)

    def close(self) -> None:
        self.conn.close()

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ building

    def plan(self, analyser_id: str = "") -> tuple[list[tuple[Path, Path, str, bytes, os.stat_result]], list[str], UpdateReport]:
        """What `update` would do: (to parse, to remove, report with unchanged/errors)."""
        report = UpdateReport()
        known = {
            r["path"]: r
            for r in self.conn.execute("SELECT path, sha256, size, mtime_ns FROM articles")
        }
        full_rebuild = analyser_id and self.get_meta("analyser") != analyser_id
        todo: list[tuple[Path, Path, str, bytes, os.stat_result]] = []
        scan = Scan(self.roots, report, lambda path, root: str(path.resolve()))
        for key, path, root, st in scan:
            old = known.get(key)
            if old and not full_rebuild and old["size"] == st.st_size and old["mtime_ns"] == st.st_mtime_ns:
                report.unchanged += 1
                continue
            got = scan.read(key, path)
            if got is None:
                continue
            text, raw = got
            digest = hashlib.sha256(raw).hexdigest()
            if old and not full_rebuild and old["sha256"] == digest:
                self.conn.execute(
                    "UPDATE articles SET size=?, mtime_ns=? WHERE path=?", (st.st_size, st.st_mtime_ns, key)
                )
                report.unchanged += 1
                continue
            todo.append((path, root, text, raw, st))
        removed = [p for p in known if p not in scan.seen]
        return todo, removed, report

    def update(
        self,
        analyse: Callable[[str, str], ArticleRecord],
        analyser_id: str = "",
        progress: Callable[[int, int, str], None] | None = None,
        analyse_many: Callable[[list[tuple[str, str]]], Iterable[ArticleRecord]] | None = None,
        prune: bool = False,  # a local index always mirrors its folders (corpus.base.Index.update)
        wait: bool = True,
    ) -> UpdateReport:
        """Bring the index up to date with the files under the roots (in this process's turn:
        a second process building the same index waits, then finds it up to date; or, with
        `wait=False`, gets `IndexBusy` and reads the index as the other process leaves it)."""
        with self.exclusive(wait):
            return self._update(analyse, analyser_id, progress, analyse_many)

    def _update(self, analyse, analyser_id, progress, analyse_many) -> UpdateReport:
        todo, removed, report = self.plan(analyser_id)
        touched: tuple[set[str], set[str]] = (set(), set())  # terms and names whose derived rows change
        for key in removed:
            with self.transaction():
                self._touch(key, touched)
                self.conn.execute("DELETE FROM articles WHERE path=?", (key,))
            report.removed.append(key)
        known = {r[0] for r in self.conn.execute("SELECT path FROM articles")}
        inputs = [(text, str(path)) for path, _root, text, _raw, _st in todo]
        records = analyse_many(inputs) if analyse_many else (analyse(t, p) for t, p in inputs)
        for n, ((path, root, text, raw, st), record) in enumerate(zip(todo, records), 1):
            # the file as read at planning (it may be gone by now: it is then dropped next time)
            key = str(path.resolve())
            with self.transaction():
                self._touch(key, touched)
                self._replace_article(key, _display_name(path, root), raw, st, text, record)
                self._touch(key, touched)
            (report.updated if key in known else report.added).append(key)
            if progress:
                progress(n, len(todo), str(path))
        if analyser_id:
            self.set_meta("analyser", analyser_id)
        self._derive(*touched)
        return report

    def _touch(self, key: str, touched: tuple[set[str], set[str]]) -> None:
        """Note the terms and names of the article at `key` (before and after it changes)."""
        row = self.conn.execute("SELECT id FROM articles WHERE path=?", (key,)).fetchone()
        if row is not None:
            touched[0].update(r[0] for r in self.conn.execute("SELECT term FROM terms WHERE article_id=?", (row[0],)))
            touched[1].update(r[0] for r in self.conn.execute("SELECT alias FROM aliases WHERE article_id=?", (row[0],)))

    def derived(self) -> bool:
        """Whether the derived tables are there (an index that could not derive them, on a
        read-only folder, is read from its base tables)."""
        return self.get_meta("derived") == DERIVED_VERSION

    def derive(self, terms: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        """Bring the derived tables up to date for these terms and names (all of them when the
        index has no derived data of this version yet), in one transaction."""
        if self.derived() and not terms and not names:
            return  # nothing to do: no turn at writing needed
        with self.exclusive():
            self._derive(terms, names)

    def _derive(self, terms: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        full = self.get_meta("derived") != DERIVED_VERSION
        terms, names = list(terms), list(names)
        if not full and not terms and not names:
            return
        c = self.conn
        with self.transaction():
            if full:
                c.execute("DELETE FROM term_df")
                c.execute(_TERM_DF.format(where=""))
                c.execute("DROP TABLE names")  # its definition may be older
                c.execute(_NAMES_TABLE)
                c.execute(_NAMES.format(where=""))
                self.set_meta("derived", DERIVED_VERSION)
                return
            for items, table, key, rows in ((terms, "term_df", "term", _TERM_DF), (names, "names", "al.alias", _NAMES)):
                for i in range(0, len(items), 500):  # the rows of these keys, recomputed
                    chunk = items[i:i + 500]
                    marks = ",".join("?" * len(chunk))
                    c.execute(f"DELETE FROM {table} WHERE {key.split('.')[-1]} IN ({marks})", chunk)
                    c.execute(rows.format(where=f"WHERE {key} IN ({marks})"), chunk)

    def _replace_article(self, key, name, raw, st, text, rec: ArticleRecord) -> None:
        c = self.conn
        c.execute("DELETE FROM articles WHERE path=?", (key,))
        cur = c.execute(
            "INSERT INTO articles(path, name, sha256, size, mtime_ns, title, date, outlet, text)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (key, name, hashlib.sha256(raw).hexdigest(), st.st_size, st.st_mtime_ns, rec.title, rec.date,
             rec.outlet, text),
        )
        aid = cur.lastrowid
        c.executemany(
            'INSERT INTO paragraphs(article_id, idx, start, "end") VALUES (?,?,?,?)',
            [(aid, i, s, e) for i, (s, e) in enumerate(rec.paragraphs)],
        )
        line_of = _line_finder(text)
        for s in rec.sentences:
            sid = c.execute(
                'INSERT INTO sentences(article_id, paragraph_idx, start, "end", line, text) VALUES (?,?,?,?,?,?)',
                (aid, s.paragraph_idx, s.start, s.end, line_of(s.start), s.text),
            ).lastrowid
            c.executemany(
                'INSERT INTO entities(article_id, sentence_id, start, "end", label, text) VALUES (?,?,?,?,?,?)',
                [(aid, sid, es, ee, label, etext) for es, ee, label, etext in s.entities],
            )
        c.executemany("INSERT OR IGNORE INTO terms(article_id, term) VALUES (?, ?)", [(aid, t) for t in rec.terms])
        for table, row in extractor_rows(rec, line_of):
            names = ["article_id", *row]
            c.execute(
                f"INSERT INTO {table}({', '.join(_q(n) for n in names)}) VALUES ({', '.join('?' * len(names))})",
                [aid, *row.values()],
            )

    # ------------------------------------------------------------------ lookups

    def article_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self) -> list[Article]:
        return [self._article(r) for r in self.conn.execute("SELECT * FROM articles ORDER BY name")]

    def article(self, article_id: int) -> Article:
        return self._article(self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone())

    def article_at(self, path: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE path=?", (path,)).fetchone()
        return self._article(row) if row else None

    @staticmethod
    def _article(r) -> Article:
        return Article(r["id"], r["path"], r["name"], r["title"], r["date"], r["outlet"], r["text"])

    def sentences(self, article_id: int) -> list[Sentence]:
        rows = self.conn.execute(
            'SELECT id, article_id, start, "end", line, text FROM sentences WHERE article_id=? ORDER BY start',
            (article_id,),
        )
        return [Sentence(*r) for r in rows]

    def search_sentences(self, words: Iterable[str], limit: int = 20) -> list[Sentence]:
        """Sentences matching any of the words, best first (FTS5 bm25)."""
        terms = [w for w in ("".join(ch for ch in w if ch.isalnum()) for w in words) if w]
        if not terms:
            return []
        query = " OR ".join(f'"{t}"' for t in dict.fromkeys(terms))
        rows = self.conn.execute(
            'SELECT s.id, s.article_id, s.start, s.end, s.line, s.text FROM sentences_fts f '
            "JOIN sentences s ON s.id = f.rowid WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts) LIMIT ?",
            (query, limit),
        )
        return [Sentence(*r) for r in rows]

    def entities(self, article_id: int) -> list[tuple[int, int, str, str]]:
        return [
            tuple(r)
            for r in self.conn.execute(
                'SELECT start, "end", label, text FROM entities WHERE article_id=? ORDER BY start, "end", id', (article_id,)
            )
        ]

    def article_terms(self, article_id: int) -> frozenset[str]:
        return frozenset(r[0] for r in self.conn.execute("SELECT term FROM terms WHERE article_id=?", (article_id,)))

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(dict.fromkeys(terms))
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i : i + 500]
            marks = ",".join("?" * len(chunk))
            q = (f"SELECT term, df FROM term_df WHERE term IN ({marks})" if self.derived() else
                 f"SELECT term, count(*) FROM terms WHERE term IN ({marks}) GROUP BY term")
            out.update({t: n for t, n in self.conn.execute(q, chunk)})
        return out

    def articles_sharing(self, terms: Iterable[str], limit: int = 20) -> list[tuple[int, int]]:
        """(article id, number of the given terms it has), most first: event retrieval."""
        terms = list(dict.fromkeys(terms))[:200]
        if not terms:
            return []
        # counted per article first, then joined for the names (the tie-break): joining every
        # term row to its article before counting took 5-6x as long at 10,000 articles
        q = (f"WITH c AS (SELECT article_id, count(*) AS n FROM terms WHERE term IN ({','.join('?' * len(terms))})"
             " GROUP BY article_id) SELECT c.article_id, c.n FROM c JOIN articles a ON a.id = c.article_id"
             " ORDER BY c.n DESC, a.name LIMIT ?")
        return [(a, n) for a, n in self.conn.execute(q, [*terms, limit])]

    def memo(self, name: str) -> dict:
        """A cache for what a check derives from the index (idf, resolved speakers...),
        emptied whenever the index changes, here or in another process."""
        generation = (self.conn.total_changes, self.conn.execute("PRAGMA data_version").fetchone()[0])
        memos = self.__dict__.setdefault("_memos", {})
        if memos.get("__generation__") != generation:
            memos.clear()
            memos["__generation__"] = generation
        return memos.setdefault(name, {})

    def watch(self, on_change: Callable[[], None]) -> None:
        """Nothing: a local index changes when its corpus files do, and the language server
        watches those files itself."""

    def quote_word_frequencies(self, words: Iterable[str]) -> dict[str, int]:
        words = list(dict.fromkeys(words))
        if not words:
            return {}
        q = f"SELECT term, doc FROM quotes_vocab WHERE term IN ({','.join('?' * len(words))})"
        return {t: n for t, n in self.conn.execute(q, words)}

    # ------------------------------------------------------------------ the checks' lookups
    # What the checks ask of the corpus, by name: they speak no SQL, so that another backend
    # answers the same questions with its own means. Rows are mappings by column name.

    def figures_of(self, articles: Iterable[int], unit: str, thing: str | None) -> list:
        """The figures of one unit and thing in the given articles, with their article's path and name."""
        articles = list(articles)
        if not articles:
            return []
        marks = ",".join("?" * len(articles))
        sql = ('SELECT f.id, f.article_id, a.path, a.name, f.line, f.start, f."end", f.thing, f.unit, f.action,'
               " f.role, f.value_lo, f.value_hi, f.data FROM figures f JOIN articles a ON a.id = f.article_id"
               f" WHERE f.article_id IN ({marks}) AND f.unit = ? AND " + ("f.thing = ?" if thing else "f.thing IS NULL")
               + " ORDER BY a.name, f.start, f.id")
        return self._rows(sql, (*articles, unit, thing) if thing else (*articles, unit))

    def articles_stating(self, facts: Iterable[tuple[float, str]], least: int = 2,
                         limit: int = 20) -> list[tuple[int, int]]:
        """(article id, how many of the (value, thing) facts it states as exact figures), for the
        articles stating at least `least` of them, most first, then by article name."""
        facts = list(dict.fromkeys(facts))[:100]
        if not facts:
            return []
        match = " OR ".join(["(thing = ? AND value_lo = ? AND value_hi = ?)"] * len(facts))
        q = (f"WITH c AS (SELECT article_id, count(DISTINCT thing || ':' || value_lo) AS n FROM figures WHERE {match}"
             " GROUP BY article_id HAVING n >= ?) SELECT c.article_id, c.n FROM c JOIN articles a ON a.id = c.article_id"
             " ORDER BY c.n DESC, a.name LIMIT ?")
        return [(a, n) for a, n in self.conn.execute(q, [x for v, t in facts for x in (t, v, v)] + [least, limit])]

    def figure_values(self, articles: Iterable[int]) -> list:
        """(article_id, thing, data) of every figure of the given articles."""
        articles = list(articles)
        out = []
        for i in range(0, len(articles), 500):
            chunk = articles[i : i + 500]
            out += self._rows(f"SELECT article_id, thing, data FROM figures WHERE article_id IN ({','.join('?' * len(chunk))})"
                              " ORDER BY article_id, start, id", chunk)
        return out

    def names(self) -> list:
        """One row per distinct name of the alias table: alias, n (how many rows), data (the
        rows' JSON objects joined by commas), in order of first appearance."""
        if self.derived():  # derived at index time
            return self._rows("SELECT alias, n, data FROM names ORDER BY first")
        return self._rows("SELECT al.alias, count(*) AS n, group_concat(DISTINCT al.data) AS data FROM aliases al"
                          f" JOIN articles a ON a.id = al.article_id GROUP BY al.alias ORDER BY {_FIRST}")

    def aliases_of(self, article_id: int) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT alias FROM aliases WHERE article_id=? ORDER BY id", (article_id,))]

    _QUOTES = ('SELECT q.id, q.article_id, a.path, a.name, q.line, q.start, q."end", q.text, q.norm, q.speaker,'
               " q.person, q.data FROM quotes_fts f JOIN quotes q ON q.id = f.rowid JOIN articles a ON a.id = q.article_id"
               " WHERE quotes_fts MATCH ?")

    def quotes_with_phrase(self, words: list[str], limit: int) -> list:
        """Corpus quotes whose normalised wording holds these words in this order (letters and digits)."""
        if not words:
            return []
        return self._rows(self._QUOTES + " ORDER BY a.name, q.start, q.id LIMIT ?", ('"' + " ".join(words) + '"', limit))

    def quotes_with_words(self, words: list[str], limit: int, pairs: bool) -> list:
        """Corpus quotes holding any of the words (`pairs`: any two of them), most relevant first."""
        if not words:
            return []
        if pairs:
            query = " OR ".join(f'("{a}" AND "{b}")' for i, a in enumerate(words) for b in words[i + 1 :])
        else:
            query = " OR ".join(f'"{w}"' for w in words)
        # rounded: the PostgreSQL index computes the same BM25 with another order of additions
        return self._rows(self._QUOTES + " ORDER BY round(bm25(quotes_fts), 9), a.name, q.start, q.id LIMIT ?",
                          (query, limit))

    def _rows(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()


def extractor_rows(rec: ArticleRecord, line_of: Callable[[int], int]) -> Iterator[tuple[str, dict]]:
    """(table, row) of what the extractors made of an article, as every backend stores it: a
    row's line from its start when it has none, `data` as JSON text, only known columns."""
    for table, rows in rec.rows.items():
        cols = EXTRA_TABLES[table]
        for row in rows:
            row = dict(row)
            if "start" in cols and "line" in cols and "line" not in row:
                row["line"] = line_of(row["start"])
            if isinstance(row.get("data"), (dict, list)):
                row["data"] = json.dumps(row["data"], ensure_ascii=False)
            bad = set(row) - set(cols)
            if bad:
                raise ValueError(f"extractor row for {table} has unknown columns {sorted(bad)}")
            yield table, row


def _q(name: str) -> str:
    return f'"{name}"'


def _display_name(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return path.name


def _line_finder(text: str) -> Callable[[int], int]:
    import bisect

    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return lambda offset: bisect.bisect_right(starts, offset)


def index_path(cache_dir: Path, roots: Iterable[Path]) -> Path:
    """One database per set of corpus roots, so two corpora never thrash one file."""
    key = "\n".join(sorted(str(Path(r).resolve()) for r in roots))
    return Path(cache_dir) / f"index-{hashlib.sha1(key.encode()).hexdigest()[:12]}.sqlite"
