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
        assert "checks that need the corpus were skipped" in proc.stderr
        assert "artefact/mt-leftover" in proc.stdout and "figure/conflict" not in proc.stdout
        assert proc.returncode == 1  # findings, from the checks that need no corpus
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
