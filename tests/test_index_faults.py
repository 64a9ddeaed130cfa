"""The corpus index under faults, with real processes: two builders at once, a damaged index
file, a cache folder that cannot be written, builds killed at random points."""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CORPUS

FACTLINT = [sys.executable, "-m", "factlint"]
DRAFT = "Russia launched a record 154 drones at Ukraine overnight, Zelensky said. Was done.\n"


def run(*args, cache: Path, cwd=None, timeout=120, prefix=()):
    proc = subprocess.run([*prefix, *FACTLINT, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, env={**os.environ, "FACTLINT_CACHE_DIR": str(cache)})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def big_corpus(folder: Path, copies: int) -> Path:
    """`copies` renamed copies of each example article (values changed so none is a duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for p in EXAMPLE_CORPUS.iterdir():
            (folder / f"{i:03d}-{p.name}").write_text(p.read_text(encoding="utf-8").replace("eight hours", f"{i + 9} hours"),
                                                       encoding="utf-8")
    return folder


def answers(db: Path, expect: int | None = None) -> int:
    """The index opens, is intact and answers a query; its article count."""
    from factlint.corpus.index import CorpusIndex

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    paths = [r[0] for r in conn.execute("SELECT path FROM articles")]
    assert len(paths) == len(set(paths))  # no article twice
    conn.close()
    index = CorpusIndex(db)
    n = index.article_count()
    if n:
        assert index.search_sentences(["drones"])
    index.close()
    if expect is not None:
        assert n == expect
    return n


def test_two_builders_at_once_make_one_correct_index(tmp_path):
    corpus = big_corpus(tmp_path / "corpus", 8)
    cache = tmp_path / "cache"
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(cache)}
    procs = [subprocess.Popen([*FACTLINT, "index", str(corpus)], stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert not any("Traceback" in e for e in errs)
    (db,) = cache.glob("index-*.sqlite")
    answers(db, expect=40)
    # and it gives the answers a single build gives
    draft = tmp_path / "d.md"
    draft.write_text(DRAFT, encoding="utf-8")
    proc = run("check", "--corpus", corpus, "--format", "concise", draft, cache=cache)
    assert "figure/conflict" in proc.stdout


def test_a_second_builder_waits_its_turn_says_so_and_then_finds_the_index_up_to_date(tmp_path):
    """Another process's turn at writing (held here) holds a `factlint index` of the same
    index back, with a note, until it is let go; then it finishes without redoing the work."""
    from factlint.corpus.index import CorpusIndex

    cache = tmp_path / "cache"
    assert run("index", EXAMPLE_CORPUS, cache=cache).returncode == 0
    (db,) = cache.glob("index-*.sqlite")
    holder = CorpusIndex(db)
    with holder.exclusive():
        proc = subprocess.Popen([*FACTLINT, "index", str(EXAMPLE_CORPUS)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, "FACTLINT_CACHE_DIR": str(cache)})
        said = proc.stderr.readline()  # spaCy loads, then the build asks for its turn and waits
        assert f"waiting for another factlint process to finish updating the index at {db}" in said, said
        time.sleep(1)
        assert proc.poll() is None  # still waiting
    out, err = proc.communicate(timeout=120)
    holder.close()
    assert proc.returncode == 0, err
    assert "0 added" in out + err and "5 unchanged" in out + err, out + err
    answers(db, expect=5)


def test_an_index_another_process_is_setting_up_is_left_alone_until_its_turn(tmp_path):
    """A file another process has just created and not yet set up (no schema version yet) is
    neither rebuilt nor set aside under it: the opener waits, then uses what was set up."""
    from factlint.corpus.index import SCHEMA, SCHEMA_VERSION, CorpusIndex, writers_turn

    db = tmp_path / "index.sqlite"
    said: list[str] = []
    with writers_turn(db):  # the creator's
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")  # half made: no meta table yet
        inode = db.stat().st_ino
        opened: list[CorpusIndex] = []
        opener = threading.Thread(target=lambda: opened.append(CorpusIndex(db, waiting=said.append)))
        opener.start()
        opener.join(3)
        assert opener.is_alive() and not opened  # waiting for the creator's turn to end
        assert db.stat().st_ino == inode and said
        conn.execute("DROP TABLE articles")
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.execute("INSERT INTO articles(path, name, sha256, size, mtime_ns, text) VALUES ('/a', 'a', 'x', 1, 1, 't')")
    opener.join(30)
    assert opened and db.stat().st_ino == inode  # the creator's file, not one made anew
    assert opened[0].article_count() == 1 and opened[0].recovered is None
    opened[0].close()
    conn.close()


def _open_at(path: str, start: float) -> str:
    """One process opening the index at `path` at the moment `start` (`_processes_open_at_once`)."""
    from factlint.corpus.index import CorpusIndex

    while time.time() < start:
        pass
    try:
        index = CorpusIndex(Path(path))
        for _ in range(3):
            index.article_count()
        index.close()
        return index.recovered or "ok"
    except Exception as e:  # what a user would have seen
        return f"{type(e).__name__}: {e}"


def test_processes_opening_a_new_index_at_once_each_get_it_whole(tmp_path):
    """Editors and checks started together on a corpus never indexed: every one of them opens
    the same new index, none sees it locked, damaged or half made, none sets it aside.
    (Before writers took turns, 4 processes at once failed in about half the rounds.)"""
    import collections
    import multiprocessing

    seen: collections.Counter = collections.Counter()
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(time.sleep, [0] * 4)  # the workers started before the rounds
        for round_ in range(40):
            path = str(tmp_path / f"r{round_}" / "index.sqlite")
            start = time.time() + 0.05
            seen.update(pool.starmap(_open_at, [(path, start)] * 4))
    assert seen == {"ok": 160}, seen
    assert not list(tmp_path.glob("*/*damaged*"))


def test_an_index_of_another_schema_is_remade_in_the_same_file(tmp_path):
    """An index left by another factlint version is emptied and set up anew inside the file
    (a reader may have the file open: deleting it would leave it two databases' logs)."""
    from factlint.corpus.index import SCHEMA_VERSION, CorpusIndex

    db = tmp_path / "index.sqlite"
    index = CorpusIndex(db)
    index.conn.execute("INSERT INTO articles(path, name, sha256, size, mtime_ns, text) VALUES ('/a', 'a', 'x', 1, 1, 't')")
    index.conn.execute("CREATE TABLE leftover (x)")
    index.set_meta("schema_version", "0")
    index.close()
    reader = sqlite3.connect(db)  # another process's reader, open across the remaking
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    index = CorpusIndex(db)
    tables = {r[0] for r in index.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "leftover" not in tables and {"articles", "sentences_fts", "meta"} <= tables
    assert index.get_meta("schema_version") == str(SCHEMA_VERSION) and index.article_count() == 0
    assert index.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the reader reads the remade index, not a deleted file's old one
    assert reader.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    reader.close()
    index.close()


def test_a_reader_of_an_index_set_up_already_never_waits(tmp_path):
    from factlint.corpus.index import CorpusIndex

    db = tmp_path / "index.sqlite"
    CorpusIndex(db).close()
    holder = CorpusIndex(db)
    said: list[str] = []
    with holder.exclusive():
        opened: list[CorpusIndex] = []
        reader = threading.Thread(target=lambda: opened.append(CorpusIndex(db, waiting=said.append)))
        reader.start()
        reader.join(10)
        assert opened and not said
    opened[0].close()
    holder.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_index_is_moved_aside_rebuilt_and_reported(tmp_path, damage):
    cache = tmp_path / "cache"
    draft = tmp_path / "d.md"
    draft.write_text(DRAFT, encoding="utf-8")
    assert "figure/conflict" in run("check", "--corpus", EXAMPLE_CORPUS, "--format", "concise", draft, cache=cache).stdout
    (db,) = cache.glob("index-*.sqlite")
    run("index", EXAMPLE_CORPUS, cache=cache)  # checkpointed: the data is in the main file
    for extra in cache.glob("index-*.sqlite-*"):
        extra.unlink()
    if damage == "garbage":
        db.write_bytes(b"this is not a database, it was overwritten\n" * 100)
    else:
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 2])
    proc = run("check", "--corpus", EXAMPLE_CORPUS, "--format", "concise", draft, cache=cache)
    assert "the index was damaged" in proc.stderr and "rebuilt" in proc.stderr, proc.stderr
    assert "figure/conflict" in proc.stdout  # the rebuilt index answers
    assert list(cache.glob("index-*.sqlite.damaged-*"))  # kept for inspection
    answers(db, expect=5)


def test_a_read_only_cache_folder_is_a_clear_warning_and_other_checks_run(tmp_path):
    from tests.conftest import unprivileged_prefix

    drop, why = unprivileged_prefix()
    if drop is None:
        pytest.skip(why)
    work = Path(tempfile.mkdtemp(prefix="factlint-ro-"))
    try:
        work.chmod(0o755)
        cache = work / "cache"
        cache.mkdir(mode=0o555)  # nobody cannot write here
        draft = work / "d.md"
        draft.write_text(DRAFT, encoding="utf-8")
        draft.chmod(0o644)
        proc = run("check", "--corpus", EXAMPLE_CORPUS, "--format", "concise", draft, cache=cache, cwd=work, prefix=drop)
        assert "the corpus index at" in proc.stderr and "cannot be used" in proc.stderr, proc.stderr
        assert "not checked against the corpus (figure/conflict" in proc.stderr and "d.md" in proc.stderr
        assert "artefact/mt-leftover" in proc.stdout and "figure/conflict" not in proc.stdout
        assert proc.returncode == 2  # the findings of the checks that need no corpus, and a gate that fails
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_full_cache_folder_is_a_clear_warning_and_other_checks_run(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True)
    if ok.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill up here: {ok.stderr.strip()}")
    try:
        draft = tmp_path / "d.md"
        draft.write_text(DRAFT, encoding="utf-8")
        proc = run("check", "--corpus", EXAMPLE_CORPUS, "--format", "concise", draft, cache=mount / "cache")
        assert "corpus index at" in proc.stderr and "full" in proc.stderr, proc.stderr
        assert "artefact/mt-leftover" in proc.stdout
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_builds_killed_at_random_points_always_leave_an_index_that_answers(tmp_path):
    corpus = big_corpus(tmp_path / "corpus", 10)
    cache = tmp_path / "cache"
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(cache)}
    rng = random.Random(13)
    counts = []
    for _ in range(6):
        proc = subprocess.Popen([*FACTLINT, "index", str(corpus)], stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(1.5, 6.0))  # spaCy loads in ~2 s, then articles are written
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for db in cache.glob("index-*.sqlite"):
            counts.append(answers(db))
    assert counts and max(counts) > 0  # some kills landed mid-build, after articles were written
    done = run("index", corpus, cache=cache, timeout=300)
    assert done.returncode == 0
    (db,) = cache.glob("index-*.sqlite")
    answers(db, expect=50)
