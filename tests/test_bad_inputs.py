"""The bad-input corpus (tests/bad_inputs/, plus files too big or too odd to check in, made
here) through the CLI, `factlint index` and the engine: every file is checked normally or
refused with a clear error naming it (and the line where there is one); no file hangs, no
traceback reaches the user, and no other file's results are lost."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CORPUS, ROOT

BAD = ROOT / "tests" / "bad_inputs"
FACTLINT = [sys.executable, "-m", "factlint"]
WITHIN = 60  # seconds: a generous bound for one CLI run on a 2-core CI machine (a hang is minutes)

# file -> None (checked normally) or the words its one-line error must hold, place included
EXPECTED = {
    "binary.md": ["binary.md:3:1:", "binary file"],
    "latin1.txt": ["latin1.txt:2:1:", "not UTF-8", "0xab"],
    "mixed.txt": ["mixed.txt:2:4:", "not UTF-8", "0xe9"],
    "nul.txt": ["nul.txt:1:25:", "binary file"],
    "bom.md": None, "utf16le.txt": None, "utf16be.txt": None, "empty.md": None, "whitespace.txt": None,
    "nested.md": None, "fence-open.md": None, "frontmatter-open.md": None,
}
# the ones that state the corpus's 145 drones as 154: their finding proves they were read right
CONFLICT_LINE = {"bom.md": 3, "utf16le.txt": 1, "utf16be.txt": 1, "frontmatter-open.md": 5}


def run(*args, cwd=None, env=None, timeout=WITHIN):
    started = time.monotonic()
    proc = subprocess.run([*FACTLINT, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc, time.monotonic() - started


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """The checked-in files, plus a 10 MB draft, a 1 MB single line and a symlink loop."""
    folder = tmp_path_factory.mktemp("drafts")
    for p in BAD.iterdir():
        shutil.copy(p, folder / p.name)
    line = "Russia fired a record 154 drones at Ukraine overnight, Zelensky said. "
    (folder / "ten-mb.md").write_text((line + "\n\n") * (10_000_000 // (len(line) + 2)), encoding="utf-8")
    (folder / "one-line.txt").write_text(line * (1_000_000 // len(line)), encoding="utf-8")
    (folder / "loop-a.md").symlink_to(folder / "loop-b.md")
    (folder / "loop-b.md").symlink_to(folder / "loop-a.md")
    return folder


def test_every_bad_input_is_checked_or_named_and_nothing_is_lost(drafts, tmp_path):
    names = sorted(EXPECTED) + ["ten-mb.md", "one-line.txt", "loop-a.md"]
    proc, took = run("check", "--corpus", EXAMPLE_CORPUS, "--format", "json", *names, cwd=drafts,
                     env={"FACTLINT_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 2, proc.stderr  # some files were refused
    errors = [line for line in proc.stderr.splitlines() if "error:" in line]
    for name, words in EXPECTED.items():
        mine = [e for e in errors if f"{name}:" in e]
        if words is None:
            assert not mine, mine
        else:
            assert len(mine) == 1 and all(w in mine[0] for w in words), (name, mine)
            assert "not checked" in mine[0]
    assert any("loop-a.md" in e and "symbolic links" in e for e in errors)
    findings = json.loads(proc.stdout)
    conflicts = {(f["path"], f["start"]["line"]) for f in findings if f["code"] == "figure/conflict"}
    for name, line in CONFLICT_LINE.items():
        assert (name, line) in conflicts, (name, sorted(conflicts))
    # the big ones: checked in part, with a note naming the file, and their first lines checked
    for name in ("ten-mb.md", "one-line.txt"):
        assert any(line.startswith(f"factlint: {name}: checked in part") for line in proc.stderr.splitlines())
        assert (name, 1) in conflicts
    assert took < 3 * WITHIN / 4


def test_index_reports_bad_files_and_keeps_the_good(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, corpus)
    for p in BAD.iterdir():
        shutil.copy(p, corpus / p.name)
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    (corpus / "up").symlink_to(corpus, target_is_directory=True)  # a folder loop: not followed
    os.mkfifo(corpus / "pipe.txt")  # would block a reader forever
    proc, took = run("index", corpus, env={"FACTLINT_CACHE_DIR": str(tmp_path / "cache")})
    err = proc.stderr
    for name, words in EXPECTED.items():
        if words is not None:
            assert any(f"{name}:" in line and words[1] in line for line in err.splitlines()), (name, err)
    assert "loop-a.txt: cannot read: a symbolic link loop" in err
    readable = 5 + sum(1 for w in EXPECTED.values() if w is None)
    assert f"{readable} articles ({readable} added" in err, err


def test_an_unreadable_file_is_named_and_the_others_checked(tmp_path_factory):
    import tempfile

    from tests.conftest import unprivileged_prefix

    drop, why = unprivileged_prefix()
    if drop is None:
        pytest.skip(why)

    tmp_path = Path(tempfile.mkdtemp(prefix="factlint-unreadable-"))  # pytest's folders are root's alone
    tmp_path.chmod(0o777)
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "ok.md").write_text("Russia fired a record 154 drones at Ukraine overnight.\n", encoding="utf-8")
    (folder / "secret.md").write_text("Kiev.\n", encoding="utf-8")
    (folder / "secret.md").chmod(0)
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, corpus)
    (corpus / "locked.txt").write_text("Locked away.\n", encoding="utf-8")
    (corpus / "locked.txt").chmod(0)
    for p in (tmp_path, folder, corpus, *corpus.iterdir(), folder / "ok.md"):
        if p.name not in ("locked.txt", "secret.md"):
            p.chmod(0o777 if p.is_dir() else 0o644)
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    proc = subprocess.run([*drop, *FACTLINT, "check", "--corpus", str(corpus), "--format", "json", "secret.md", "ok.md"],
                          capture_output=True, text=True, cwd=folder, env=env, timeout=WITHIN)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert "secret.md: cannot read: Permission denied" in proc.stderr
    assert "locked.txt: cannot read: Permission denied" in proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)] == ["ok.md"]
    shutil.rmtree(tmp_path)


def test_a_corpus_folder_that_vanishes_while_indexing(tmp_path):
    """The build ends with a clear message, and the index it leaves opens and answers."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10):  # enough articles that the build is still going when the folder goes
        for p in EXAMPLE_CORPUS.iterdir():
            (corpus / f"{i:02d}-{p.name}").write_text(p.read_text(encoding="utf-8").replace("145", str(100 + i)),
                                                       encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(cache)}
    proc = subprocess.Popen([*FACTLINT, "index", str(corpus)], stderr=subprocess.PIPE, text=True, env=env)
    started = time.monotonic()  # the folder goes once the build has opened its index
    while not list(cache.glob("index-*.sqlite")) and proc.poll() is None and time.monotonic() - started < WITHIN:
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before the folder could vanish"
    shutil.rmtree(corpus)
    _, err = proc.communicate(timeout=3 * WITHIN)
    assert "Traceback" not in err
    assert proc.returncode in (0, 2), err
    (db,) = cache.glob("index-*.sqlite")
    import sqlite3

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    searchable = conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'drones'").fetchone()[0]
    assert (kept == 0) == (searchable == 0)  # what was written before the folder went answers queries
    conn.close()
    # and a later run says the folder is gone, in one line
    again, _ = run("index", corpus, env={"FACTLINT_CACHE_DIR": str(cache)})
    assert again.returncode == 2 and "no such folder" in again.stderr


def test_engine_checks_nul_and_lone_surrogates_as_the_server_may_send_them(make_engine):
    """Text from an editor is already decoded: NUL bytes and lone surrogates arrive as they
    are (a client may send "\\ud83d" alone); the engine checks the rest and keeps positions."""
    engine = make_engine(corpus=[EXAMPLE_CORPUS])
    text = "\x00\ud83d Russia fired a record 154 drones at Ukraine overnight.\n"
    (f,) = [f for f in engine.check(text, "d.md") if f.code == "figure/conflict"]
    assert text[f.span.start:f.span.end].startswith("154")
