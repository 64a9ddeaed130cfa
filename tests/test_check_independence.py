"""Turning one check off changes neither the index nor another check's findings.

The index stores every kind of fact whatever checks are enabled (`facts.rows`), so a
configuration with `quote/misattributed` off still has the quotes `quote/altered` reads, and two
configurations over one corpus share one index without rebuilding it.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from factlint.config import Config
from factlint.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
DRAFTS = [ROOT / "examples" / "draft.md", *sorted((ROOT / "tests" / "fixtures" / "dev-drafts").glob("*.md"))]


def _findings(engine: Engine) -> dict[str, list[tuple]]:
    """Every finding on the demo and the dev drafts, by code."""
    out = defaultdict(list)
    for path in DRAFTS:
        for f in engine.check(path.read_text(encoding="utf-8"), str(path)):
            out[f.code].append((path.name, f.span.start, f.span.end, f.message, tuple(e.replacement for e in f.suggestions)))
    return out


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def everything(nlp, cache):
    engine = Engine(Config(corpus=(CORPUS,), cache_dir=cache), nlp=nlp)
    engine.ensure_index()
    found = _findings(engine)
    return engine, found


def test_the_demo_and_dev_drafts_have_findings_of_every_corpus_check(everything):
    _, found = everything
    # (else the comparison below would compare nothing)
    assert {"figure/conflict", "quote/misattributed", "quote/altered"} <= set(found)


@pytest.mark.parametrize("off", ["figure/conflict", "quote/misattributed", "quote/altered", "style/kiev",
                                 "artefact/mt-leftover", "figure", "quote"])
def test_disabling_a_check_leaves_the_others_findings_unchanged(everything, nlp, cache, off):
    base, found = everything
    engine = Engine(Config(corpus=(CORPUS,), cache_dir=cache, disable=frozenset({off})), nlp=nlp)
    engine.analyzer = base.analyzer  # the same parses (the pipeline is the same): only the checks differ
    report = engine.ensure_index()
    assert report is not None and not report.changed  # the same index, not rebuilt
    assert [c.code for c in engine.checks if c.code == off or c.category == off] == []
    now = _findings(engine)
    expected = {code: v for code, v in found.items() if code != off and not code.startswith(off + "/")}
    assert {code: v for code, v in now.items()} == expected
    assert expected  # something is compared


def test_two_configurations_load_one_pipeline_and_share_one_index_without_a_rebuild(tmp_path):
    """As the CLI and the server make engines: each loads its own pipeline for its checks."""
    corpus = (CORPUS,)
    first = Engine(Config(corpus=corpus, cache_dir=tmp_path))
    built = first.ensure_index()
    assert built is not None and len(built.added) == 5
    second = Engine(Config(corpus=corpus, cache_dir=tmp_path, disable=frozenset({"quote/misattributed", "figure"})))
    assert second.article_analyser.id == first.article_analyser.id
    again = second.ensure_index()
    assert again is not None and not again.changed and again.unchanged == 5
    text = (ROOT / "examples" / "draft.md").read_text(encoding="utf-8")
    assert [f.code for f in first.check(text, "draft.md") if f.code == "quote/altered"] == \
           [f.code for f in second.check(text, "draft.md") if f.code == "quote/altered"] == ["quote/altered"]
    first.close()
    second.close()
