"""Each rule kind on drafts, with exact spans; the artefact pack on the example corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from factlint.config import Config
from factlint.engine import Engine

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine(nlp):
    return Engine(Config(), nlp=nlp)


def flagged(engine, text, prefix=""):
    return [(f.code, text[f.span.start:f.span.end]) for f in engine.check(text, "d.md") if f.code.startswith(prefix)]


@pytest.mark.parametrize("text, span", [
    ("The Kremlin wanted talks. Was done. Then came more drones.", "Was done."),
    ("His style was preferred. Used to do.\n", "Used to do."),
    ("He is not talking about a defeat, Peskov said. Is.\"\n", 'Is."'),
    ("The attack ended.\n\nWas done.\n", "Was done."),
])
def test_mt_leftover_shapes(engine, text, span):
    assert ("artefact/mt-leftover", span) in flagged(engine, text)


@pytest.mark.parametrize("text", [
    "Nothing was done to stop the warehouse fire spreading.",
    "He no longer goes to the metro, as he used to do in the first year of the war.",
    "Much of the clearing up was done by neighbours.",
    'Asked whether Washington was still the key partner, an official replied: "It is."',
])
def test_mt_leftover_leaves_ordinary_english(engine, text):
    assert flagged(engine, text, "artefact/mt-leftover") == []


def test_unbalanced_quotes_and_multi_paragraph_convention(engine):
    text = (
        "“Had a great call,” the leader said.\n\n"
        "“Kudos to his team. We agreed to talk.\n\n"
        "“Strong leadership is vital.”\n\n"
        "‘Largest ever attack\n\n"
        "The drivers’ union said Zelensky’s plan was ‘useful’.\n"
    )
    assert flagged(engine, text, "artefact/unbalanced-quotes") == [("artefact/unbalanced-quotes", "‘")]
    f = [f for f in engine.check(text, "d.md") if f.code == "artefact/unbalanced-quotes"][0]
    assert f.start.line == 6


def test_repeated_headline_is_one_finding_with_a_fix(engine):
    text = "# Kyiv endures a ‘record’ attack\n\nKyiv endures a 'record' attack\n\nKyiv endures a ‘record’ attack\n\nBody text here.\n"
    (f,) = [f for f in engine.check(text, "d.md") if f.code == "artefact/repeated-headline"]
    assert f.start.line == 0 and f.end.line == 4
    (edit,) = f.suggestions
    fixed = text[:edit.span.start] + edit.replacement + text[edit.span.end:]
    assert fixed == "# Kyiv endures a ‘record’ attack\n\nBody text here.\n"


def test_substitution_and_consistency_fixes(engine):
    text = "Zelenskyy visited Kiev. Later Zelensky left Kiev’s centre; Olena Zelenska stayed.\n"
    found = [(f.code, text[f.span.start:f.span.end], f.suggestions[0].replacement) for f in engine.check(text, "d.md")]
    assert found == [
        ("style/kiev", "Kiev", "Kyiv"),
        ("style/name-spelling", "Zelensky", "Zelenskyy"),
        ("style/kiev", "Kiev", "Kyiv"),
    ]


CORPUS_ARTEFACTS = {
    "000_4db6e482fd8f1594.txt": {("artefact/dangling-label", "Related Sources:")},
    "001_164d3b0ba2f7e04d.txt": {("artefact/image-credit", "Photo: AFP")},
    "002_233692ca77805309.txt": {
        ("artefact/image-credit", "Image from CNN"),
        ("artefact/language-switch", "阅读中文版 (Read Chinese Version)"),
        ("artefact/repeated-headline", None),
        ("artefact/aggregator-disclaimer", None),
    },
    "003_b35383800d70cefa.txt": set(),
    "004_8570cabb535c07b7.txt": {
        ("artefact/mt-leftover", "Was done."),
        ("artefact/mt-leftover", "Used to do."),
        ("artefact/mt-leftover", "Is.”"),
        ("artefact/unbalanced-quotes", "”"),
        ("artefact/unbalanced-quotes", "‘"),
        ("artefact/syndication-note", None),
    },
}


@pytest.mark.parametrize("name", sorted(CORPUS_ARTEFACTS))
def test_artefacts_really_in_the_example_corpus(engine, name):
    text = (ROOT / "examples" / "corpus" / name).read_text(encoding="utf-8")
    got = {(f.code, text[f.span.start:f.span.end]) for f in engine.check(text, name) if f.category == "artefact"}
    expected = CORPUS_ARTEFACTS[name]
    assert {(c, s) for c, s in got if (c, s) in expected or (c, None) in expected} == got
    assert {c for c, _ in got} == {c for c, _ in expected}
    assert len(got) == len(expected)
