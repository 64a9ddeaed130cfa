"""figure/part-exceeds-whole: a part larger than the whole its sentence counts it of, with no corpus."""
from __future__ import annotations

import pytest

CODE = "figure/part-exceeds-whole"


@pytest.fixture(scope="module")
def engine(nlp, tmp_path_factory):
    from factlint.config import Config
    from factlint.engine import Engine

    return Engine(Config(cache_dir=tmp_path_factory.mktemp("cache")), nlp=nlp)  # no corpus: it needs none


def flagged(engine, text: str) -> list[tuple[str, str]]:
    return [(text[f.span.start:f.span.end], f.message) for f in engine.check(text, "d.md") if f.code == CODE]


@pytest.mark.parametrize("text, part, whole", [
    ("The air force said it had shot down 46 of 40 cruise missiles overnight.\n", "46", "40 missiles"),
    ("Ukraine intercepted 595 out of a record 539 Russian drones, the air force said.\n", "595", "539 drones"),
    ("Russia launched 75 drones, of which 92 were destroyed.\n", "92", "75 drones"),
    ("Russia launched 75 drones overnight. Ukraine said 80 of them were shot down.\n", "80", "75 drones"),
    # two wholes of one thing: the one the part's "of" takes
    ("Crews downed 37 of 40 missiles on Sunday and 41 of 45 missiles on Monday.\n", None, None),
    ("Crews downed 37 of 40 missiles on Sunday and 46 of 45 missiles on Monday.\n", "46", "45 missiles"),
])
def test_a_part_more_than_its_whole_is_flagged_and_a_part_within_it_is_not(engine, text, part, whole):
    found = flagged(engine, text)
    if part is None:
        assert found == []
    else:
        assert [s for s, _ in found] == [part]
        assert f"more than the {whole} it is counted of" in found[0][1]


def test_a_part_within_its_whole_and_other_counts_between_are_left_alone(engine):
    assert flagged(engine, "Ukraine said it had shot down 37 of 40 cruise missiles and 29 of 35 drones.\n") == []
    # "them" is the six, which stands between the part and the three: no whole is known
    assert flagged(engine, "Three people were killed in Kherson. Another six were wounded, four of them in the city.\n") == []
    # after "among" the count is the whole: the children are a part of the ten
    assert flagged(engine, "Three children were among the 10 people killed in the strike.\n") == []
    assert [s for s, _ in flagged(engine, "Twelve Kinzhal missiles were among the 10 missiles fired overnight.\n")] == ["Twelve"]
    # a part counted by another noun ("children" of "people") is not compared: no list says which
    # nouns a noun includes
    assert flagged(engine, "Twelve children were among the 10 people killed in the strike.\n") == []


def test_the_finding_offers_no_fix_and_is_documented(engine):
    from factlint.registry import all_checks

    f = next(f for f in engine.check("They shot down 46 of 40 missiles.\n", "d.md") if f.code == CODE)
    assert f.suggestions == () and f.category == "figure"
    assert "## What it flags" in all_checks()[CODE].doc
