"""The engine: guards around checks, config, suppression comments, paragraph cache."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from factlint.analysis import pieces
from factlint.document import parse_document
from factlint.finding import Edit, Finding, Severity, Span
from factlint.registry import CheckSpec


def _word_check(code, word, category="style"):
    def run(ctx):
        for m in re.finditer(rf"\b{word}\b", ctx.document.masked):
            span = Span(m.start(), m.end())
            yield Finding(code, category, Severity.WARNING, f"found {word}", span, (Edit(span, word.upper()),))

    return CheckSpec(code=code, category=category, severity=Severity.WARNING, run=run)


def _broken(ctx):
    raise RuntimeError("boom")


BROKEN = CheckSpec(code="style/broken", category="style", severity=Severity.WARNING, run=_broken)


@pytest.mark.expect_engine_failure
def test_a_failing_check_never_hides_the_others(make_engine):
    engine = make_engine(checks=[BROKEN, _word_check("style/kiev", "Kiev")])
    findings = engine.check("Drones hit Kiev.\n", "d.md")
    # the others' findings, and one notice naming the failed check (never hidden by a suppression)
    assert [f.code for f in findings] == ["internal/check-failed", "style/kiev"]
    assert "style/broken" in findings[0].message and "RuntimeError: boom" in findings[0].message
    assert engine.failures and engine.failures[0].check == "style/broken" and "boom" in engine.failures[0].error


def test_positions_are_code_points_after_emoji_and_cjk(make_engine):
    engine = make_engine(checks=[_word_check("style/kiev", "Kiev")])
    text = "Intro.\n\n😀 基辅 news: drones hit Kiev.\n"
    (f,) = engine.check(text, "d.md")
    assert (f.start.line, f.start.column) == (2, text.splitlines()[2].index("Kiev"))
    assert text[f.span.start:f.span.end] == "Kiev"


def test_config_disables_and_changes_severity(make_engine):
    checks = [_word_check("style/kiev", "Kiev"), _word_check("figure/odd", "Odesa", "figure")]
    engine = make_engine(checks=checks, disable=frozenset({"figure"}), severity={"style/kiev": Severity.ERROR})
    findings = engine.check("Kiev and Odesa.\n", "d.md")
    assert [(f.code, f.severity) for f in findings] == [("style/kiev", Severity.ERROR)]


def test_suppression_comments(make_engine):
    engine = make_engine(checks=[_word_check("style/kiev", "Kiev"), _word_check("figure/odesa", "Odesa", "figure")])
    text = (
        "Kiev one.\n\n"
        "<!-- factlint-disable-next-line style/kiev -->\n"
        "Kiev two, Odesa two.\n\n"
        "<!-- factlint-disable figure -->\n\n"
        "Kiev three, Odesa three.\n\n"
        "<!-- factlint-enable -->\n\n"
        "Kiev four, Odesa four. <!-- factlint-disable-line -->\n\n"
        "Kiev five, Odesa five.\n"
    )
    found = [(f.code, f.start.line + 1) for f in engine.check(text, "d.md")]
    assert found == [
        ("style/kiev", 1),
        ("figure/odesa", 4),
        ("style/kiev", 8),
        ("style/kiev", 14),
        ("figure/odesa", 14),
    ]


def test_only_changed_paragraphs_are_reparsed(make_engine):
    engine = make_engine(checks=[])
    text = "One paragraph here.\n\nTwo paragraph here.\n\nThree paragraph here.\n"
    engine.check(text, "d.md")
    before = engine.analyzer.parsed_count
    engine.check(text.replace("Two", "Second"), "d.md")
    assert engine.analyzer.parsed_count - before == 1


def test_suppression_comments_in_plain_text(make_engine):
    engine = make_engine(checks=[_word_check("style/kiev", "Kiev")])
    text = "Kiev one.\n<!-- factlint-disable-next-line style/kiev -->\nKiev two.\n"
    found = [(f.code, f.start.line + 1) for f in engine.check(text, "draft.txt")]
    assert found == [("style/kiev", 1)]


def test_an_edit_inside_a_sentence_reparses_only_that_sentence(make_engine):
    engine = make_engine(checks=[])
    text = ("Russia launched 145 drones overnight. Kyiv's mayor said five districts were hit. "
            "Gen. Lee met Mr. Smith on Nov. 10 in the U.S. capital. The attack lasted eight hours.\n")
    engine.check(text, "d.md")
    before = engine.analyzer.pieces_parsed
    found = engine.analyzer.analyse(parse_document(text.replace("five districts", "six districts"), "d.md"))
    assert engine.analyzer.pieces_parsed - before == 1
    (_, doc), = found.parsed
    # the joined Doc is the paragraph: same text, each piece a sentence (the abbreviations did not cut it)
    assert doc.text == text.replace("five districts", "six districts").strip()
    assert [s.text.split()[0] for s in doc.sents] == ["Russia", "Kyiv's", "Gen.", "The"]


@pytest.mark.parametrize("text, cuts", [
    ("Russia attacked. The Kremlin said “no.” Then Mr. Smith met Gen. Lee on Nov. 10.", 2),
    ("He left at 4 p.m. Friday. The U.S. Army said so!  Really? “Yes.” (It was.) 3 drones fell.", 5),
    ("", 0), ("One.", 0), ("no capital after. this stays one", 0),
])
def test_pieces_join_to_the_text_and_cut_only_at_clear_ends(text, cuts):
    out = pieces(text)
    assert "".join(out) == text and len(out) == cuts + 1, out
    for piece in out[:-1]:
        assert piece.rstrip()[-1] in ".!?”)\"'’", piece
    assert not any(p.rstrip().endswith(("Mr.", "Gen.", "Nov.", "p.m.", "U.S.")) for p in out)


def _text_only_documents() -> list[tuple[str, str]]:
    """Drafts and every packaged rule's examples (each bad example flags, by construction)."""
    from factlint.rule_types.loader import load_rules

    root = Path(__file__).resolve().parent.parent
    docs = [(p.name, p.read_text(encoding="utf-8"))
            for p in sorted((root / "tests" / "fixtures" / "dev-drafts").glob("*.md")) + [root / "examples" / "draft.md"]]
    for rule in load_rules().rules.values():
        for i, ex in enumerate([*rule.examples.get("bad", []), *rule.examples.get("good", [])]):
            docs.append((f"{rule.id}#{i}", ex if isinstance(ex, str) else ex.get("text", "")))
    return docs


def test_the_text_only_engine_finds_what_the_full_engine_finds_with_those_rules(make_engine, tmp_path):
    """The language server's first answer (`Engine(text_only=True)`, while spaCy loads) is the
    full answer's findings of the same rules: same codes, ranges, messages and fixes."""
    from factlint.config import Config
    from factlint.engine import Engine

    full = make_engine(corpus=[Path(__file__).resolve().parent.parent / "examples" / "corpus"])
    quick = Engine(Config(cache_dir=tmp_path / "cache"), text_only=True)
    codes = {c.code for c in quick.checks}
    assert {"artefact/unbalanced-quotes", "artefact/syndication-note"} <= codes
    assert not any(c.code.startswith(("figure/", "quote/")) or c.code == "artefact/mt-leftover" for c in quick.checks)
    found = 0
    for name, text in _text_only_documents():
        expected = [f for f in full.check(text, "d.md") if f.code in codes]
        got = quick.check(text, "d.md")
        assert got == expected, name
        found += len(got)
    assert found >= 10 and not quick.failures


def test_the_text_only_engine_needs_no_spacy():
    """Made and run without importing spaCy (so the server can answer before it is loaded)."""
    import subprocess
    import sys

    code = ("import sys\nfrom factlint.config import Config\nfrom factlint.engine import Engine\n"
            "e = Engine(Config(), text_only=True)\n"
            "fs = e.check('Drones hit Kyiv overnight, \\u201cthe mayor said.\\n\\nThis article was provided by Reuters.\\n', 'd.md')\n"
            "print(sorted({f.code for f in fs}), 'spacy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False") and "artefact/" in out, out


def test_spacy_imported_on_two_threads_at_once_loads(tmp_path):
    """The language server imports spaCy on two threads at start (the pipeline's preload, a
    pattern rule's build on the worker); spaCy's first import is not safe on two threads at
    once (KeyError 'spacy', a half-made spacy.util), so both go through one lock. Fresh
    processes, the two threads released together."""
    import subprocess
    import sys

    code = ("import threading\nfrom factlint import nlp\nfrom factlint.rule_types.loader import load_rules\n"
            "gate, errors = threading.Barrier(2), []\n"
            "def run(fn):\n    gate.wait()\n    try:\n        fn()\n    except Exception as e:\n        errors.append(repr(e))\n"
            "a = threading.Thread(target=run, args=(lambda: nlp.load(('parser',)),))\n"
            "b = threading.Thread(target=run, args=(lambda: [r.matcher for r in load_rules().rules.values()],))\n"
            "a.start(); b.start(); a.join(); b.join()\nprint(errors or 'ok')\n")
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "ok", out
