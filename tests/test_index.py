"""The corpus index: incremental rebuilds, bad files, a killed build."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from factlint.corpus.index import CorpusIndex


def _build(make_engine, corpus):
    engine = make_engine(corpus=[corpus])
    calls = []
    original = engine.analyzer.nlp.pipe

    def counting_pipe(texts, **kw):
        texts = list(texts)
        calls.extend(texts)
        return original(texts, **kw)

    engine.nlp.pipe = counting_pipe  # counts paragraphs actually parsed
    try:
        report = engine.ensure_index()
    finally:
        del engine.nlp.pipe
    return engine, report, calls


def test_first_build_indexes_articles_sentences_entities(make_engine, corpus_copy):
    engine, report, calls = _build(make_engine, corpus_copy)
    index = engine.open_index()
    assert len(report.added) == 5 and not report.errors
    assert index.article_count() == 5
    art = next(a for a in index.articles() if a.name == "004_8570cabb535c07b7.txt")
    sents = index.sentences(art.id)
    # exact offsets back into the file, and 1-based lines
    text = (corpus_copy / art.name).read_text(encoding="utf-8")
    for s in sents:
        assert text[s.start:s.end] == s.text
        assert text.count("\n", 0, s.start) + 1 == s.line
    assert any(s.text.startswith("“Last night, Russia launched a record 145") and s.line == 10 for s in sents)
    assert ("Vladimir Putin" in {e[3] for e in index.entities(art.id)})
    hits = index.search_sentences(["Klitschko", "districts"])
    assert hits and "five districts" in hits[0].text


def test_rebuild_is_incremental(make_engine, corpus_copy):
    _build(make_engine, corpus_copy)
    # unchanged: nothing parsed at all
    _, report, calls = _build(make_engine, corpus_copy)
    assert calls == [] and report.unchanged == 5 and not report.changed
    # touched but same content: still not parsed
    os.utime(corpus_copy / "000_4db6e482fd8f1594.txt", ns=(1, 1))
    _, report, calls = _build(make_engine, corpus_copy)
    assert calls == [] and report.unchanged == 5
    # one changed, one removed, one added
    changed = corpus_copy / "003_b35383800d70cefa.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("eight hours", "nine hours"), encoding="utf-8")
    (corpus_copy / "002_233692ca77805309.txt").unlink()
    (corpus_copy / "new.md").write_text("A new article says 12 drones were seen.\n", encoding="utf-8")
    engine, report, calls = _build(make_engine, corpus_copy)
    assert [os.path.basename(p) for p in report.updated] == ["003_b35383800d70cefa.txt"]
    assert [os.path.basename(p) for p in report.removed] == ["002_233692ca77805309.txt"]
    assert [os.path.basename(p) for p in report.added] == ["new.md"]
    parsed = " ".join(calls)
    assert "nine hours" in parsed and "12 drones" in parsed and "Klitschko" not in parsed
    index = engine.open_index()
    names = sorted(a.name for a in index.articles())
    assert "002_233692ca77805309.txt" not in names and "new.md" in names
    assert not index.search_sentences(["Sikorski"])  # the removed article's sentences are gone
    assert index.search_sentences(["nine"])


def test_undecodable_file_is_reported_and_the_rest_indexed(make_engine, corpus_copy):
    (corpus_copy / "latin1.txt").write_bytes("Caf\xe9 owners said 40 drones passed.".encode("latin-1"))
    (corpus_copy / "notes.pdf").write_bytes(b"%PDF")
    engine, report, _ = _build(make_engine, corpus_copy)
    assert len(report.added) == 5
    assert len(report.errors) == 1 and "latin1.txt" in report.errors[0] and "UTF-8" in report.errors[0]
    assert any("notes.pdf" in s for s in report.skipped)
    assert engine.open_index().article_count() == 5


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from factlint.config import Config
    from factlint.engine import Engine
    from factlint.corpus import index as index_module

    original = index_module.CorpusIndex._replace_article
    def replace_then_die(self, key, *args):
        original(self, key, *args)       # inside the article's transaction, rows already replaced
        if key.endswith("003_b35383800d70cefa.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
    index_module.CorpusIndex._replace_article = replace_then_die
    cfg = Config(corpus=(Path(sys.argv[1]),), cache_dir=Path(sys.argv[2]))
    Engine(cfg, checks=[]).ensure_index()
    """
)


def test_killed_build_leaves_the_previous_index_usable(make_engine, corpus_copy, tmp_path):
    engine, _, _ = _build(make_engine, corpus_copy)
    db = engine.open_index().db_path
    engine.open_index().close()
    for name in ("000_4db6e482fd8f1594.txt", "003_b35383800d70cefa.txt"):
        p = corpus_copy / name
        p.write_text(p.read_text(encoding="utf-8").replace("eight hours", "ten hours"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILLER, str(corpus_copy), str(tmp_path / "cache")], capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    # The database opens, is intact, and holds every article: 000 new (committed), 003 old (rolled back).
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    index = CorpusIndex(db, [corpus_copy])
    texts = {a.name: a.text for a in index.articles()}
    assert len(texts) == 5
    assert "ten hours" in texts["000_4db6e482fd8f1594.txt"]
    assert "eight hours" in texts["003_b35383800d70cefa.txt"]
    # and the next build finishes the job
    index.close()
    engine2, report, _ = _build(make_engine, corpus_copy)
    assert [os.path.basename(p) for p in report.updated] == ["003_b35383800d70cefa.txt"]


def _derived(index):
    df = dict(index.conn.execute("SELECT term, df FROM term_df"))
    names = {r[0]: (r[1], r[2], r[3]) for r in index.conn.execute("SELECT alias, n, data, first FROM names")}
    return df, names


def _from_base(index):
    df = dict(index.conn.execute("SELECT term, count(*) FROM terms GROUP BY term"))
    names = {r[0]: (r[1], r[2], r[3]) for r in index.conn.execute(
        "SELECT al.alias, count(*), group_concat(DISTINCT al.data), min(a.name || char(1) || printf('%020d', al.id))"
        " FROM aliases al JOIN articles a ON a.id = al.article_id GROUP BY al.alias")}
    return df, names


def test_derived_tables_follow_every_change(make_engine, corpus_copy):
    """Document frequencies and the distinct names are computed at index time and kept equal
    to what the base tables say through a build, an edited article, a removed one, and an
    index that predates them."""
    engine, _, _ = _build(make_engine, corpus_copy)
    index = engine.open_index()
    assert index.derived() and _derived(index) == _from_base(index) and _derived(index)[0]
    art = corpus_copy / "000_4db6e482fd8f1594.txt"
    text = art.read_text(encoding="utf-8")
    assert "Vitali Klitschko" in text
    art.write_text(text.replace("Vitali Klitschko", "Oleksandr Tkachenko") + "\nThe zookeepers fed the giraffes.\n",
                   encoding="utf-8")
    (corpus_copy / "001_164d3b0ba2f7e04d.txt").unlink()
    engine.ensure_index()
    df, names = _derived(index)
    assert (df, names) == _from_base(index)
    assert "giraffe" in df and any("tkachenko" in a.lower() for a in names)
    # an index from before the derived tables: derived once, on opening for a check
    index.conn.execute("DELETE FROM term_df")
    index.conn.execute("DELETE FROM meta WHERE key='derived'")
    assert not index.derived() and index.document_frequencies(["giraffe"]) == {"giraffe": 1}  # read from the base
    index.derive()
    assert _derived(index) == _from_base(index)


def test_the_sqlite_index_is_the_index_interface_and_the_code_asks_nothing_else(make_engine, corpus_copy):
    """corpus.base.Index is what a second backend must answer: the SQLite index has every method
    with the same parameters, and the checks, the engine, the server and the CLI call nothing
    on an index beyond it (no SQL outside corpus/)."""
    import inspect
    import re
    from pathlib import Path

    import factlint
    from factlint.corpus.base import Index

    engine, _, _ = _build(make_engine, corpus_copy)
    index = engine.open_index()
    assert isinstance(index, Index)
    methods = {n for n, v in vars(Index).items() if callable(v) and not n.startswith("_")}
    for name in methods:
        assert list(inspect.signature(getattr(Index, name)).parameters) == \
            list(inspect.signature(getattr(CorpusIndex, name)).parameters), name
    package = Path(factlint.__file__).parent
    called = set()
    for path in package.rglob("*.py"):
        if path.parent.name == "corpus":
            continue
        source = path.read_text()
        called |= set(re.findall(r"\b(?:index|corpus|ctx\.corpus|self\.index)\.([a-z_]+)\(", source))
        assert ".execute(" not in source, f"SQL in {path}"
    assert called <= methods | {"get", "position", "offset", "exists"}, called - methods
