"""The shared index on a real PostgreSQL server (started by the tests: conftest `pg_server`):
the same interface and the same answers as the SQLite index, the same findings, workers
that claim articles without losing or doubling one, configuration, live updates."""
from __future__ import annotations

import inspect
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from factlint.cli.output.json import finding_to_dict
from factlint.config import Config
from factlint.finding import LineIndex
from factlint.corpus.base import Index
from factlint.corpus.index import CorpusIndex
from factlint.corpus.postgres import PostgresIndex, fts_words, redact

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = sorted((ROOT / "tests" / "fixtures" / "dev-drafts").glob("*.md")) + [ROOT / "examples" / "draft.md"]


def _engine(nlp, tmp_path, corpus, index=None):
    from factlint.engine import Engine

    return Engine(Config(corpus=(Path(corpus).resolve(),), cache_dir=tmp_path / "cache", index=index), nlp=nlp)


def _build(nlp, tmp_path, corpus, index=None):
    engine = _engine(nlp, tmp_path, corpus, index)
    report = engine.ensure_index(write=True)
    assert report is not None, engine.index_error
    return engine, report


def _contents(index) -> dict:
    """Everything an index holds, keyed by article name (ids differ between builds)."""
    out = {}
    for a in index.articles():
        names = {}
        for alias in index.aliases_of(a.id):
            names[alias] = names.get(alias, 0) + 1
        out[a.name] = {
            "text": a.text, "title": a.title, "date": a.date, "outlet": a.outlet,
            "entities": index.entities(a.id), "terms": index.article_terms(a.id), "aliases": names,
            "figures": [(r["thing"], json.loads(r["data"])) for r in index.figure_values([a.id])],
        }
    return out


def _names(index) -> list:
    return [(r["alias"], r["n"], sorted(json.dumps(d, sort_keys=True) for d in json.loads("[" + r["data"] + "]")))
            for r in index.names()]


def test_postgres_index_has_the_interface(pg_url):
    index = PostgresIndex(pg_url)
    assert isinstance(index, Index)
    methods = {n for n, v in vars(Index).items() if callable(v) and not n.startswith("_")}
    for name in methods:
        assert list(inspect.signature(getattr(Index, name)).parameters) == \
            list(inspect.signature(getattr(PostgresIndex, name)).parameters), name
    index.close()


def test_same_answers_as_sqlite(nlp, tmp_path, corpus_copy, pg_url):
    """Every question the checks ask gets the same answer from both backends, on questions
    drawn from the corpus itself: each figure's unit and thing, every quote's phrases, sets of
    its words (the ranked search), every term."""
    sq, _ = _build(nlp, tmp_path, corpus_copy)
    pg, report = _build(nlp, tmp_path, corpus_copy, pg_url)
    s, p = sq.open_index(), pg.open_index()
    assert isinstance(p, PostgresIndex) and len(report.added) == 5
    assert _contents(s) == _contents(p)
    assert _names(s) == _names(p)
    ids = {a.name: a.id for a in s.articles()}
    pid = {a.name: a.id for a in p.articles()}
    to_p = {ids[n]: pid[n] for n in ids}
    terms = sorted(set().union(*(s.article_terms(i) for i in ids.values())))
    assert s.document_frequencies(terms) == p.document_frequencies(terms)
    for k in (3, 20):
        for i in range(0, len(terms), 37):
            chunk = terms[i:i + 37]
            assert [(to_p[a], n) for a, n in s.articles_sharing(chunk, k)] == p.articles_sharing(chunk, k)
    # the articles stating two of a draft's exact figures, whatever their words
    facts = [(r["value_lo"], r["thing"]) for r in s._rows(
        "SELECT value_lo, thing FROM figures WHERE thing IS NOT NULL AND value_lo = value_hi ORDER BY id")]
    stating = [s.articles_stating(facts[i:i + 7], 2, k) for k in (1, 20) for i in range(0, len(facts), 7)]
    assert [[(to_p[a], n) for a, n in x] for x in stating] == [
        p.articles_stating(facts[i:i + 7], 2, k) for k in (1, 20) for i in range(0, len(facts), 7)]
    assert sum(map(len, stating)) > 5 and all(n >= 2 for x in stating for _, n in x)
    kinds = {(r["unit"], r["thing"]) for r in s._rows("SELECT unit, thing FROM figures")}
    assert len(kinds) > 10
    strip = lambda rows, key="id": [{k: v for k, v in dict(r).items() if k not in (key, "article_id")} for r in rows]  # noqa: E731
    for unit, thing in kinds:
        assert strip(s.figures_of(ids.values(), unit, thing)) == strip(p.figures_of(pid.values(), unit, thing))
    norms = [r[0].split() for r in s._rows("SELECT norm FROM quotes")]
    assert len(norms) > 20
    words = sorted({w for n in norms for w in n})
    assert s.quote_word_frequencies(words) == p.quote_word_frequencies(words)
    for n in norms:
        phrase = " ".join("".join(ch for ch in w if ch.isalnum()) for w in n[1:5]).split()
        assert strip(s.quotes_with_phrase(phrase, 40)) == strip(p.quotes_with_phrase(phrase, 40))
        sample = [w for w in dict.fromkeys("".join(ch for ch in w if ch.isalnum()) for w in n[::3]) if w][:5]
        for pairs in (False, True)[:1 + (len(sample) > 2)]:  # pairs of two words or more, as quote_match asks
            for limit in (3, 40):
                assert strip(s.quotes_with_words(sample, limit, pairs)) == strip(p.quotes_with_words(sample, limit, pairs)), sample


def test_same_findings_as_sqlite(nlp, tmp_path, corpus_copy, pg_url):
    """The example draft and every dev draft: the same findings, ranges and hints."""
    sq, _ = _build(nlp, tmp_path, corpus_copy)
    pg, _ = _build(nlp, tmp_path, corpus_copy, pg_url)
    total = 0
    for draft in DRAFTS:
        text = draft.read_text(encoding="utf-8")
        a = [finding_to_dict(str(draft), f, LineIndex(text)) for f in sq.check(text, str(draft))]
        b = [finding_to_dict(str(draft), f, LineIndex(text)) for f in pg.check(text, str(draft))]
        assert a == b, draft.name
        total += len(a)
    assert total >= 20 and not sq.failures and not pg.failures


def test_fts_words_are_fts5_unicode61_tokens(tmp_path):
    """The words PostgreSQL stores for a quote are the tokens SQLite's FTS5 makes of it."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    for text in ["don't stop-the war", "Zelenskyy's café, naïve 145th", "a_b x2 ½ 漢字 Ünïcode", "l'État — 3.5%"]:
        conn.execute("DELETE FROM t")
        conn.execute("INSERT INTO t VALUES (?)", (text,))
        fts = [r[0] for r in conn.execute("SELECT term FROM v ORDER BY offset")]
        assert fts_words(text) == fts, text


def test_config_and_cli_take_the_url_and_never_print_the_password(tmp_path, monkeypatch, pg_server, corpus_copy):
    from factlint.config import ConfigError, load

    url = pg_server.createdb("t_cli").replace("factlint@", "factlint:s3cret-pw@")
    assert "s3cret-pw" not in redact(url) and redact(url).endswith("/t_cli")
    toml = tmp_path / "factlint.toml"
    toml.write_text(f'index = "{url}"\n', encoding="utf-8")
    assert load(toml).index == url
    toml.write_text('index = "/var/lib/index.sqlite"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"factlint.toml: key 'index' must be a PostgreSQL URL"):
        load(toml)
    monkeypatch.setenv("FACTLINT_INDEX_URL", url)
    assert load(toml).index == url  # the environment wins
    monkeypatch.delenv("FACTLINT_INDEX_URL")
    toml.unlink()
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path / "cache")}
    factlint = [sys.executable, "-m", "factlint"]
    run = lambda *a, **kw: subprocess.run([*factlint, *a], capture_output=True, text=True, cwd=tmp_path, **kw)  # noqa: E731
    r = run("index", "--index", url, str(corpus_copy), env=env)
    assert r.returncode == 0, r.stderr
    assert "5 articles" in r.stderr and "s3cret-pw" not in r.stderr + r.stdout
    draft = ROOT / "examples" / "draft.md"
    r = run("check", "--format", "json", str(draft), env={**env, "FACTLINT_INDEX_URL": url})
    found = json.loads(r.stdout)
    assert r.returncode == 1 and any(f["code"] == "figure/conflict" for f in found), r.stderr
    # the corpus audit reads the shared index alone (no corpus folder), as SQLite's does with one
    audit_shared = run("corpus", "audit", "--index", url, "--format", "json", env=env)
    audit_local = run("corpus", "audit", str(corpus_copy), "--format", "json", env=env)
    codes = lambda r: sorted((Path(f["path"]).name, f["code"], f["start"]["line"]) for f in json.loads(r.stdout))  # noqa: E731
    assert audit_shared.returncode == audit_local.returncode == 1, audit_shared.stderr
    assert codes(audit_shared) == codes(audit_local) and len(codes(audit_shared)) >= 10
    r = run("info", "--format", "json", env={**env, "FACTLINT_INDEX_URL": url})
    assert json.loads(r.stdout)["index"]["articles"] == 5 and "s3cret-pw" not in r.stdout
    # a server that does not answer: one clear line, the other checks still run, no traceback
    dead = url.replace(f":{pg_server.port}/", ":1/")
    r = run("check", "--index", dead, str(draft), env=env)
    assert "Traceback" not in r.stderr and "s3cret-pw" not in r.stderr
    assert "shared index postgresql://factlint@127.0.0.1:1/t_cli cannot be used" in r.stderr, r.stderr
    assert "artefact/" in r.stdout or "style/" in r.stdout


def _corpus(tmp_path, n: int) -> Path:
    """n small articles, each with its own figures and a quote (enough to exercise every table)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03d}.md").write_text(textwrap.dedent(f"""\
            # Storm number {i}

            A storm damaged {i + 3} houses in the town of Brindle on Monday, officials said.
            "We counted {i + 3} houses and {i + 7} cars," said mayor Anna Petrova.
            """), encoding="utf-8")
    return folder


WORKER = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from factlint import nlp as nlp_module
    from factlint.config import Config
    from factlint.engine import Engine
    url, corpus, delay = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    engine = Engine(Config(corpus=(corpus,), index=url), nlp=nlp_module.load(("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")))
    analyser = engine.article_analyser
    slow = analyser.analyse_many
    def analyse_many(items):  # slow enough for a kill to land mid-article
        for record in slow(items):
            time.sleep(delay)
            yield record
    analyser.analyse_many = analyse_many
    report = engine.open_index().update(analyser.analyse, analyser.id, analyse_many=analyse_many)
    print(len(report.added) + len(report.updated), flush=True)
""")


def test_four_workers_build_the_index_one_builds_and_a_killed_one_loses_nothing(nlp, tmp_path, pg_server):
    """Four worker processes, one of them killed at a random moment mid-build and another
    started in its place, build exactly the index one worker builds: every article once,
    nothing partial, derived tables equal to their base."""
    import random

    corpus = _corpus(tmp_path, 40)
    one_url, many_url = pg_server.createdb("t_one"), pg_server.createdb("t_many")
    _build(nlp, tmp_path, corpus, one_url)
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "server")}
    start = lambda: subprocess.Popen([sys.executable, str(script), many_url, str(corpus), "0.05"],  # noqa: E731
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    workers = [start() for _ in range(4)]
    rng = random.Random(int(time.time()))
    victim = workers[rng.randrange(4)]
    reader = PostgresIndex(many_url)
    # kill once the build is under way (some articles written), at a random moment after
    assert _wait(lambda: reader.article_count() >= 2, 120)
    time.sleep(rng.uniform(0, 0.5))
    victim.send_signal(signal.SIGKILL)
    workers.append(start())
    built = 0
    for w in workers:
        out, err = w.communicate(timeout=300)
        if w is not victim:
            assert w.returncode == 0, err[-2000:]
            built += int(out.strip().splitlines()[-1])
    one, many = PostgresIndex(one_url), reader
    assert many.article_count() == 40 and many._rows("SELECT count(*) AS n FROM queue")[0]["n"] == 0
    assert _contents(one) == _contents(many)
    assert _names(one) == _names(many)
    _assert_derived_match_base(many)
    assert built <= 40  # no article built twice by the survivors


def test_an_article_another_worker_built_meanwhile_is_not_parsed_again(nlp, tmp_path, pg_url):
    """Worker A scans and queues; worker B builds everything; the same articles are queued
    again (A's scan raced B's build): A claims them, sees them built as it would build them,
    and parses nothing."""
    from factlint.corpus.index import UpdateReport

    corpus = _corpus(tmp_path, 4)
    a, b = _engine(nlp, tmp_path, corpus, pg_url), _engine(nlp, tmp_path, corpus, pg_url)
    ia, analyser = a.open_index(), a.article_analyser
    files, _, known = ia._plan(analyser.id, UpdateReport())
    assert len(files) == 4
    b.ensure_index(write=True)
    ia._rows("INSERT INTO queue SELECT name, sha256 FROM articles RETURNING name")
    parsed = []
    report = UpdateReport()
    ia._work(files, known, lambda items: parsed.extend(items) or analyser.analyse_many(items), analyser.id, report,
             None)
    assert parsed == [] and not report.added and ia._queued() == 0 and ia.article_count() == 4


def _assert_derived_match_base(index) -> None:
    rows = index._rows
    assert {r["term"]: r["df"] for r in rows("SELECT term, df FROM term_df")} == \
        {r["term"]: r["n"] for r in rows("SELECT term, count(*) AS n FROM terms GROUP BY term")}
    assert {r["word"]: r["df"] for r in rows("SELECT word, df FROM quote_df")} == \
        {r["word"]: r["n"] for r in rows("SELECT word, count(*) AS n FROM quote_words GROUP BY word")}
    assert rows("SELECT quotes, tokens FROM quote_stats")[0] == \
        rows("SELECT count(*) AS quotes, coalesce(sum(ntok), 0) AS tokens FROM quotes")[0]


def _wait(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_rebuilds_only_what_is_stale_and_drops_what_is_gone(nlp, tmp_path, pg_url):
    corpus = _corpus(tmp_path, 6)
    engine, report = _build(nlp, tmp_path, corpus, pg_url)
    assert len(report.added) == 6
    index = engine.open_index()
    before = {a.name: a.id for a in index.articles()}
    (corpus / "a001.md").write_text("# Storm\n\nA storm damaged 99 houses in Brindle.\n", encoding="utf-8")
    (corpus / "a002.md").unlink()
    report = engine.ensure_index(write=True)
    assert [Path(p).name for p in report.updated] == ["a001.md"] and [Path(p).name for p in report.removed] == ["a002.md"]
    assert report.unchanged == 4
    after = {a.name: a.id for a in index.articles()}
    assert set(after) == set(before) - {"a002.md"} and after["a000.md"] == before["a000.md"]
    _assert_derived_match_base(index)
    # another pipeline or extractor version built an article: that article is rebuilt
    index._rows("UPDATE articles SET analyser = 'older' WHERE name = 'a003.md' RETURNING id")
    report = engine.ensure_index(write=True)
    assert [Path(p).name for p in report.updated] == ["a003.md"] and report.unchanged == 4
    # a reader (check, server) never writes a shared index
    reader = _engine(nlp, tmp_path, corpus, pg_url)
    (corpus / "a004.md").unlink()
    assert reader.ensure_index() == type(report)() and index.article_count() == 5


def test_a_reader_hears_of_changes_and_forgets_its_caches(nlp, tmp_path, pg_url):
    """LISTEN/NOTIFY: a language server's index learns of an article another worker adds,
    its memo is emptied, and its callback is called once the writes settle."""
    corpus = _corpus(tmp_path, 3)
    _build(nlp, tmp_path, corpus, pg_url)
    reader = PostgresIndex(pg_url)
    heard = []
    reader.watch(lambda: heard.append(reader.article_count()))
    reader.memo("x")["kept"] = 1
    time.sleep(0.3)
    (corpus / "a100.md").write_text("# New\n\nA storm damaged 12 houses in Brindle.\n", encoding="utf-8")
    _build(nlp, tmp_path, corpus, pg_url)
    assert _wait(lambda: heard, 10) and heard[-1] == 4
    assert "kept" not in reader.memo("x")
    reader.close()


def test_a_rebuilt_engine_lets_go_of_the_shared_index(nlp, tmp_path, pg_url):
    """The server rebuilds its engines when rule or config files change: the old engine's
    connections and listener thread are closed, not left running beside the new one's."""
    from factlint.lsp.state import State

    (tmp_path / "factlint.toml").write_text(f'index = "{pg_url}"\n', encoding="utf-8")
    state = State(root=tmp_path)
    state.on_index_change = lambda: None
    index = state.engine_for(tmp_path / "draft.md").open_index()
    assert isinstance(index, PostgresIndex) and index._watch.is_alive()
    state.reset_engines()
    assert index.pool.closed and _wait(lambda: not index._watch.is_alive(), 10)
    fresh = state.engine_for(tmp_path / "draft.md").open_index()
    assert fresh is not index and fresh._watch.is_alive()
    state.reset_engines()


def test_a_reader_keeps_its_answers_through_a_change_and_they_are_the_new_ones(nlp, tmp_path, pg_url):
    """A language server's index asks again, in the background, what the checks asked, and
    swaps in the new answers: after a worker adds an article on another subject, the next
    check of the same draft sends no query at all; after one that bears on the draft, its
    findings are a fresh reader's, not the ones from before."""
    from factlint.engine import Engine

    late = ("001_164d3b0ba2f7e04d.txt", "004_8570cabb535c07b7.txt")  # the articles that say 145
    archive = tmp_path / "archive"
    archive.mkdir()
    for p in (ROOT / "examples" / "corpus").iterdir():
        if p.name not in late:
            shutil.copy(p, archive / p.name)
    _build(nlp, tmp_path, archive, pg_url)
    draft = (ROOT / "examples" / "draft.md").read_text(encoding="utf-8")

    def findings(engine):
        return [finding_to_dict("draft.md", f, LineIndex(draft)) for f in engine.check(draft, "draft.md")]

    def fresh():
        engine = Engine(Config(index=pg_url), nlp=nlp)
        try:
            return findings(engine)
        finally:
            engine.close()

    reader = Engine(Config(index=pg_url), nlp=nlp)
    index = reader.open_index()
    heard = []
    index.watch(lambda: heard.append(index.article_count()))
    sent = index.round_trips
    before = findings(reader)
    assert index.round_trips > sent

    # an answer not used for longer than ASKED_AGAIN_FOR is dropped at the change, not asked again
    import factlint.corpus.postgres as pg_module

    index.articles_sharing(["unasked"])  # a question of a draft closed since
    stale = ("articles_sharing", ("unasked",), 20)
    answer, used = index._answers[stale]
    index._answers[stale] = (answer, used - pg_module.ASKED_AGAIN_FOR - 1)

    # an article on another subject: the same questions, asked again before the check needs them
    (archive / "zz_storm.md").write_text("# Storm\n\nA storm flattened 12 barns near Brindlewick.\n", encoding="utf-8")
    _build(nlp, tmp_path, archive, pg_url)
    assert _wait(lambda: heard, 15) and heard[-1] == 4
    sent = index.round_trips
    assert findings(reader) == before == fresh()
    assert index.round_trips == sent
    assert stale not in index._answers and len(index._answers) > 10

    # articles that bear on the draft: new answers, the same as a fresh reader's
    for name in late:
        shutil.copy(ROOT / "examples" / "corpus" / name, archive / name)
    _build(nlp, tmp_path, archive, pg_url)
    assert _wait(lambda: heard[-1] == 6, 15)
    after = findings(reader)
    assert after == fresh() and after != before and any("145" in f["message"] for f in after)

    # an article whose answers the reader keeps is removed: the others are asked again, the
    # reader keeps listening, and it answers as a fresh reader does
    asked = {k[1] for k in index._answers if k[0] == "article"}
    gone = next(p for p in archive.iterdir() if index.article_at(str(p)) and index.article_at(str(p)).id in asked)
    gone.unlink()
    _build(nlp, tmp_path, archive, pg_url)
    assert _wait(lambda: heard[-1] == 5, 15) and index._watch.is_alive()
    assert findings(reader) == fresh()
    reader.close()


def test_a_shared_index_not_there_at_start_is_reached_later(nlp, tmp_path, pg_server, monkeypatch):
    """An editor started while the database is down (here: not created yet) runs without the
    corpus and says why; once the database answers, the server reaches it on its own, listens
    to it and re-checks, with no restart."""
    from factlint.lsp import state as state_mod

    monkeypatch.setattr(state_mod, "RETRY", 0.2)
    url = pg_server.url("t_reached_later")
    (tmp_path / "factlint.toml").write_text(f'index = "{url}"\n', encoding="utf-8")
    state = state_mod.State(root=tmp_path)
    heard = []
    state.on_index_change = lambda: heard.append(1)
    engine = state.engine_for(tmp_path / "draft.md")
    assert engine.open_index() is None and "cannot be used" in engine.index_error
    assert not heard
    time.sleep(0.5)  # tried again meanwhile, in vain
    assert engine.open_index() is None and not heard
    pg_server.createdb("t_reached_later")
    assert _wait(lambda: heard, 15)
    index = engine.open_index()
    assert index is not None and engine.index_error is None and index._watch.is_alive()
    assert any("holds no articles yet" in n for n in engine.index_notes)
    state.reset_engines()
    assert index.pool.closed


def test_a_worker_that_does_not_see_most_of_the_archive_removes_nothing(nlp, tmp_path, pg_url, capsys):
    """A worker whose archive folder is not mounted (or is another folder than the other
    workers index) would empty every reporter's index: it keeps those articles, says so in
    one line naming the way out, and fails; `--prune` removes them. A few files gone are
    removed as before (test_rebuilds_only_what_is_stale_and_drops_what_is_gone)."""
    from factlint.cli.main import main

    corpus = _corpus(tmp_path, 14)
    _build(nlp, tmp_path, corpus, pg_url)
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    for name in ("a000.md", "a001.md"):
        shutil.copy(corpus / name, mounted / name)
    engine, report = _build(nlp, tmp_path, mounted, pg_url)
    assert len(report.kept) == 12 and not report.removed and engine.open_index().article_count() == 14
    capsys.readouterr()
    assert main(["index", "--index", pg_url, str(mounted)]) == 2  # an error, not findings
    err = capsys.readouterr().err
    assert "does not see the files of 12 of the index's 14 articles" in err and "--prune" in err, err
    assert "Traceback" not in err
    assert main(["index", "--index", pg_url, "--prune", str(mounted)]) == 0
    assert "2 articles (0 added, 0 updated, 12 removed" in capsys.readouterr().err


def test_every_pooled_connection_plans_without_jit(pg_url):
    """PostgreSQL's JIT compiled the ranked quote search's plan on every call (0.43 s against
    1.5 ms without it on the example corpus): the index turns it off on each connection."""
    index = PostgresIndex(pg_url)
    try:
        with index.pool.connection() as a, index.pool.connection() as b:
            assert [c.execute("SHOW jit").fetchone()["jit"] for c in (a, b)] == ["off", "off"]
    finally:
        index.close()
