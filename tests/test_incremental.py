"""Speed never changes an answer: after any sequence of edits, a re-check that reuses what
earlier checks kept (parsed paragraphs, per-paragraph claims, quotes, rule matches, figure
decisions) gives exactly the findings of a full check by a fresh engine with nothing kept."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.facts import figures
from factlint.config import Config
from factlint.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = [ROOT / "examples" / "draft.md", *sorted((ROOT / "tests" / "fixtures").glob("*/*.md"))]

# what typing and pasting do to a news draft: words, figures, quotation marks, paragraph breaks,
# a name spelled two ways, a repeated line
INSERTS = ["x", " ", "e", "\n", "\n\n", "1", "4", "5", "154", " drones", " people", ".", ",", "“", "”", '"', "‘",
           " Zelenskyy", " Zelensky", " said", " he said", "Was done.", "# Heading\n", "<!-- factlint-disable-next-line -->\n",
           "Russia launched 145 drones overnight. ", "\r\n"]

# where: a fraction of the text, or ("line", fraction): the start of the line there (edits at
# paragraph boundaries are where a cache keyed too narrowly goes wrong)
where = st.one_of(st.floats(0, 1), st.tuples(st.just("line"), st.floats(0, 1)))
edit = st.one_of(
    st.tuples(st.just("insert"), where, st.sampled_from(INSERTS)),
    st.tuples(st.just("delete"), where, st.integers(1, 40)),
    st.tuples(st.just("duplicate-line"), where, st.just(0)),
)


def apply(text: str, op) -> str:
    kind, where, arg = op
    if isinstance(where, tuple):
        at = text.rfind("\n", 0, int(where[1] * len(text))) + 1
    else:
        at = int(where * len(text))
    if kind == "insert":
        return text[:at] + arg + text[at:]
    if kind == "delete":
        return text[:at] + text[at + arg:]
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return text[:end] + "\n" + text[start:end] + text[end:]


@pytest.fixture(scope="module")
def engines(nlp, tmp_path_factory):
    config = Config(corpus=((ROOT / "examples" / "corpus").resolve(),), cache_dir=tmp_path_factory.mktemp("cache"))
    warm = Engine(config, nlp=nlp)
    warm.ensure_index()

    def full(text: str):
        """A fresh engine, and the module-wide claim cache emptied for it (then restored)."""
        saved = dict(figures._CACHE)
        figures._CACHE.clear()
        try:
            return Engine(config, nlp=nlp).check(text, "draft.md")
        finally:
            figures._CACHE.clear()
            figures._CACHE.update(saved)

    return warm, full


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=st.sampled_from(DRAFTS), ops=st.lists(edit, min_size=1, max_size=6))
def test_incremental_check_equals_full_check_after_edits(engines, draft, ops):
    warm, full = engines
    text = draft.read_text(encoding="utf-8")
    warm.check(text, "draft.md")
    for op in ops:
        text = apply(text, op)
        assert warm.check(text, "draft.md") == full(text), f"after {op!r} the text is {text!r}"


# a draft with something for every kind of check, artefacts on lines of their own (whole-line
# removal fixes take the blank lines around them)
ARTEFACTS = """# Drones hit Kyiv

# Drones hit Kyiv

Russia launched a record 154 drones at Ukraine overnight, Zelenskyy said.

Was done.

"It's hard to say what will happen next," Sergei Shoigu said.

Zelensky said the attack lasted six hours. “Russian military assets are increasingly within reach,
he added.

Used to do.
"""


def boundary_edits(text: str):
    """At every line start: a line break, a blank line, the line duplicated, the break before it gone."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" and i + 1 < len(text)]
    for at in starts:
        yield text[:at] + "\n" + text[at:]
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield text[:end] + "\n" + text[at:end] + text[end:]
        if at:
            yield text[:at - 1] + text[at:]


@pytest.mark.parametrize("name", ["artefacts", "example"])
def test_incremental_check_equals_full_check_at_paragraph_boundaries(engines, name):
    warm, full = engines
    base = ARTEFACTS if name == "artefacts" else DRAFTS[0].read_text(encoding="utf-8")
    warm.check(base, "draft.md")
    for text in boundary_edits(base):
        assert warm.check(text, "draft.md") == full(text), f"the text is {text!r}"
        warm.check(base, "draft.md")


def test_the_property_can_fail(engines):
    """The comparison is not vacuous: the drafts have findings, and a line typed above them moves
    every span, so a cache that kept a paragraph's old positions would differ from a full check."""
    warm, full = engines
    text = DRAFTS[0].read_text(encoding="utf-8")
    assert full(text), "the example draft has findings"
    warm.check(text, "draft.md")
    moved = "Kyiv.\n\n" + text
    assert [f.span for f in full(moved)] != [f.span for f in full(text)]
    assert warm.check(moved, "draft.md") == full(moved)
