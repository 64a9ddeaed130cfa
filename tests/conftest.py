"""Shared fixtures. spaCy's pipeline is loaded once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"
ALL_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


# Tests that take more than a few seconds on this machine (pytest --durations), by node id prefix.
SLOW = (
    "tests/test_bench_smoke.py",
    "tests/lsp/test_fuzz.py",
    "tests/cli/test_formats.py::test_pre_commit_try_repo",
    "tests/test_snapshot.py::test_labelled_sets_findings_equal_the_snapshot",
    "tests/test_bad_inputs.py::test_a_corpus_folder_that_vanishes_while_indexing",
    "tests/test_index_faults.py::test_builds_killed_at_random_points_always_leave_an_index_that_answers",
    "tests/test_index_faults.py::test_two_builders_at_once_make_one_correct_index",
    "tests/test_index_faults.py::test_a_damaged_index_is_moved_aside_rebuilt_and_reported",
    "tests/test_index_faults.py::test_a_second_builder_waits_its_turn_says_so_and_then_finds_the_index_up_to_date",
    "tests/test_index_faults.py::test_processes_opening_a_new_index_at_once_each_get_it_whole",
    "tests/test_incremental.py::test_incremental_check_equals_full_check_after_edits",
)


def pytest_collection_modifyitems(config, items):
    """Markers by what a test starts: `pg` (it uses the PostgreSQL fixtures), `nvim` (a real
    Neovim: tests/editors), `e2e` (the real language server over stdio: tests/lsp, and
    tests/editors), `slow` (SLOW)."""
    for item in items:
        node = item.nodeid
        if {"pg_server", "pg_url"} & set(item.fixturenames):
            item.add_marker(pytest.mark.pg)
        if node.startswith("tests/editors/"):
            item.add_marker(pytest.mark.nvim)
            item.add_marker(pytest.mark.e2e)
        if node.startswith("tests/lsp/"):
            item.add_marker(pytest.mark.e2e)
        if node.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


class EngineWatch:
    """The engines a test made, and whether the test expects one of them to fail."""

    def __init__(self) -> None:
        self.engines: list = []
        self.expected = False

    def expect(self) -> None:
        """This test breaks a check or the index on purpose."""
        self.expected = True

    def problems(self) -> list[str]:
        out = []
        for e in self.engines:
            out += [f"check {f.check} {'was cut off' if f.cut_off else 'failed'} on {f.path}: {f.error}"
                    for f in e.failures]
            if e.config.has_corpus and e.index_error:
                out.append(f"the engine lost its index: {e.index_error}")
        return out


@pytest.fixture(autouse=True)
def engine_failures(request, monkeypatch):
    """Fails any test whose engine recorded a failing check or could not use its index, unless
    the test says it expects that (`engine_failures.expect()` or the `expect_engine_failure`
    marker): a test asserting "no finding" must not pass because the check raised or the
    corpus checks were skipped. (Engines in other processes — the CLI run as a command, the
    language server — report the same through exit code 2 and an information diagnostic.)"""
    from factlint import engine as engine_module

    watch = EngineWatch()
    original = engine_module.Engine.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        watch.engines.append(self)

    monkeypatch.setattr(engine_module.Engine, "__init__", init)
    yield watch
    if watch.expected or request.node.get_closest_marker("expect_engine_failure"):
        return
    problems = watch.problems()
    if problems:
        pytest.fail("an engine of this test failed without the test expecting it:\n  " + "\n  ".join(problems),
                    pytrace=False)


@pytest.fixture
def wordnet():
    """WordNet's lexicon (`facts.lexicon`); the test is skipped where its files are not installed."""
    from factlint.facts import lexicon

    lex = lexicon.load()
    if lex is None:
        pytest.skip(lexicon.INSTALL_HINT)
    return lex


@pytest.fixture(scope="session")
def nlp():
    from factlint import nlp as nlp_module

    return nlp_module.load(ALL_COMPONENTS)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the example corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, dest)
    for p in dest.iterdir():
        p.chmod(0o644)
    return dest


@pytest.fixture
def make_engine(nlp, tmp_path):
    """Engine factory sharing the session pipeline; the index goes to tmp_path."""
    from factlint.config import Config
    from factlint.engine import Engine

    def make(corpus=(), checks=None, **config):
        cfg = Config(corpus=tuple(Path(c).resolve() for c in corpus), cache_dir=tmp_path / "cache", **config)
        return Engine(cfg, nlp=nlp, checks=checks)

    return make


def build_archive(make_engine, folder: Path, articles: dict[str, str]):
    """An engine over an archive of these articles (file name -> text), written to `folder`
    and indexed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = make_engine(corpus=[folder])
    engine.ensure_index()
    return engine


@pytest.fixture
def archive_engine(make_engine, tmp_path):
    """`build_archive` in tmp_path: archive_engine({name: text}) -> an indexed engine."""
    return lambda articles: build_archive(make_engine, tmp_path / "archive", articles)


def unprivileged_prefix():
    """The command prefix that runs a command as `nobody` (root reads and writes anything, so
    permission tests drop it), or None with the reason it cannot be used here."""
    import os
    import subprocess
    import sys

    if os.geteuid() != 0:
        return (), None
    if not shutil.which("setpriv"):
        return None, "setpriv is not installed (util-linux)"
    prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    probe = subprocess.run([*prefix, sys.executable, "-c", "import factlint"], capture_output=True, text=True)
    if probe.returncode != 0:
        return None, f"nobody cannot run this environment's Python (a root-only folder?): {probe.stderr.strip()[-200:]}"
    return prefix, None


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the session (tests/pgserver.py). When it cannot start, every
    test that needs it errors with the reason: nothing is skipped."""
    from pgserver import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """A new, empty database on the session's server."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return pg_server.createdb(name)
