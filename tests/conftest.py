"""Shared fixtures. spaCy's pipeline is loaded once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"
ALL_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


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
