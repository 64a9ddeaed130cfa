"""figure/conflict against the example corpus: same fact only, the event decides."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CORPUS

NOV = (
    "# Russia and Ukraine trade record drone raids\n\n"
    "Overnight into Sunday, Russia fired a record {n} drones at Ukraine, President Volodymyr Zelensky said, "
    "while Moscow said it had downed 34 Ukrainian drones heading for the capital.\n\n"
    "The Washington Post reported that Mr Trump told Vladimir Putin not to escalate the war.\n"
)
JULY = (
    "# Kyiv counts the damage\n\n"
    "By morning, Russia had launched a record {n} drones at Ukraine, along with 11 cruise and ballistic "
    "missiles. Air defences brought down 476 of the drones, and 23 people were wounded.\n"
)


@pytest.fixture(scope="module")
def engine(nlp, tmp_path_factory):
    from factlint.config import Config
    from factlint.engine import Engine

    cfg = Config(corpus=(EXAMPLE_CORPUS,), cache_dir=tmp_path_factory.mktemp("cache"))
    return Engine(cfg, nlp=nlp)


def figures(engine, text):
    return [(text[f.span.start:f.span.end], f) for f in engine.check(text, "d.md") if f.code == "figure/conflict"]


def test_two_records_for_two_events(engine):
    assert figures(engine, NOV.format(n=145)) == []
    assert figures(engine, JULY.format(n=539)) == []
    ((span, f),) = figures(engine, NOV.format(n=539))
    assert span == "539" and "145" in f.message
    assert [e.replacement for e in f.suggestions] == ["145"]
    assert f.sources[0].path.endswith(("001_164d3b0ba2f7e04d.txt", "004_8570cabb535c07b7.txt"))


def test_message_names_value_and_source_line(engine):
    ((span, f),) = figures(engine, NOV.format(n=154))
    assert f.message.startswith("The corpus has 145 drones for this (")
    src = f.sources[0]
    line = (EXAMPLE_CORPUS / src.path.rsplit("/", 1)[1]).read_text(encoding="utf-8").splitlines()[src.line - 1]
    assert "145" in line and src.excerpt[:30] in " ".join(line.split())


def test_part_and_whole(engine):
    text = "Air defences shot down 467 drones out of a record 539 launched overnight in Friday's attack on Kyiv, alongside 11 cruise and ballistic missiles.\n"
    ((span, f),) = figures(engine, text)
    assert span == "467" and f.suggestions[0].replacement == "476"


def test_words_stay_words_and_hedges_count(engine):
    text = (
        "Moscow region governor Andrei Vorobyov said the attack temporarily closed four airports, "
        "injured a 52-year-old woman and set fire to two homes in the village of Stanovoye.\n"
    )
    ((span, f),) = figures(engine, text)
    assert span == "four" and f.suggestions[0].replacement == "three"
    hedged = "Kyiv's mayor, Vitali Klitschko, said five districts were hit. About 30 drones were intercepted.\n"
    assert figures(engine, hedged) == []


def test_a_figure_the_corpus_never_states_is_not_a_conflict(engine):
    text = (
        "Ukraine's air force said air-defence units had been active over 17 regions during the night, "
        "after Russia launched a record 145 drones.\n\n"
        "Kyiv has since set up mobile fire groups in each of the city's 10 districts.\n"
    )
    assert figures(engine, text) == []


def test_corpus_that_disagrees_with_itself_is_cited_twice(nlp, tmp_path):
    from factlint.config import Config
    from factlint.engine import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The flood in Valtoria destroyed 120 bridges across the northern province, officials said.\n")
    (corpus / "b.txt").write_text("The flood in Valtoria destroyed 150 bridges across the northern province, officials said.\n")
    engine = Engine(Config(corpus=(corpus,), cache_dir=tmp_path / "cache"), nlp=nlp)
    text = "The flood in Valtoria destroyed 90 bridges across the northern province.\n"
    ((span, f),) = figures(engine, text)
    assert span == "90"
    assert {e.replacement for e in f.suggestions} == {"120", "150"}
    assert {s.path.rsplit("/", 1)[1] for s in f.sources} == {"a.txt", "b.txt"}
    assert figures(engine, text.replace("90", "120")) == []


FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "figure_conflict"


@pytest.mark.parametrize("name, expected", [
    # another story about another event, with drone counts of its own: nothing to flag
    ("different-event-grain-exports.md", []),
    # the November 2024 night retold in other words, figures right: nothing to flag
    ("correct-november-retelling.md", []),
    # the July 2025 attack with the launched total mistyped (593): only that figure
    ("july-with-one-wrong-total.md", [("593", "539")]),
    # another outlet's account of the November night, right, then with figures changed
    ("other-outlet-november-correct.md", []),
    # (the third: "Four airports ... restricted flights" where the corpus closed three)
    ("other-outlet-november-three-errors.md", [("43", "34"), ("Four", "Three"), ("154", "145")]),
])
def test_stories_written_independently_of_the_corpus(engine, name, expected):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    got = [(span, f.suggestions[0].replacement) for span, f in figures(engine, text)]
    assert got == expected


def test_a_half_is_read_and_the_corpus_hedge_is_said(engine):
    """"four-and-a-half-year conflict" is 4.5 years (it was read as four of "and"), outside the
    corpus's "nearly three-year-long conflict", and the hint says "nearly" as the corpus does;
    two and a half years fits "nearly three" and is not flagged."""
    text = ("Russia fired 145 drones at Ukraine overnight, Zelensky said on Sunday, more than in any single night "
            "of their {n}-and-a-half-year conflict, as news of Donald Trump's election win raised questions about the war.\n")
    ((span, f),) = figures(engine, text.format(n="four"))
    assert span == "four-and-a-half-year"
    assert "The corpus has nearly three-year-long conflict" in f.message
    assert figures(engine, text.format(n="two")) == []


def test_a_fix_never_leaves_a_strict_hedge_that_the_corpus_value_breaks(engine):
    """"over 625" made "over 539" would still contradict the corpus's 539: the fix replaces the
    hedge with the number. A hedge the corpus value fits ("about") stays."""
    for hedged, replaced in (("over 625", "over 625"), ("about 625", "625")):
        text = JULY.replace("a record {n}", hedged)
        ((span, f),) = figures(engine, text)
        (fix,) = f.suggestions
        assert text[fix.span.start:fix.span.end] == replaced and fix.replacement == "539"


def test_a_part_whose_whole_differs_too_is_another_phrase(engine):
    text = ("# Kyiv counts the damage\n\n"
            "By morning, Russia had launched a record wave of drones at Ukraine. Air defences intercepted "
            "{part} out of {whole} Russian drones, alongside 11 cruise and ballistic missiles.\n")
    assert figures(engine, text.format(part=476, whole=539)) == []
    # one part changed, its whole kept: the part is flagged
    ((span, f),) = figures(engine, text.format(part=480, whole=539))
    assert span == "480" and "476" in f.message
    # the part and its whole both differ: not the corpus's phrase, the part is not compared with
    # its part (a wrong whole is flagged on its own)
    assert "480" not in [span for span, _ in figures(engine, text.format(part=480, whole=500))]


def test_a_count_of_them_counts_the_noun_told_before(engine):
    from factlint.facts.figures import extract

    text = "Russia launched 75 Iranian-made drones against six areas. It said 71 of them were destroyed.\n"
    part = next(c for c in extract(engine.analyse(text, "d.md")) if c.text == "71")
    assert (part.thing, part.role, part.action) == ("drone", "part", "destroy")
    whole = next(c for c in extract(engine.analyse(text, "d.md")) if c.text == "75")
    assert whole.role is None  # the 71 are a part of it, not a type beside it


def test_a_corpus_part_is_a_plain_count_only_when_the_act_says_so(nlp, tmp_path):
    from factlint.config import Config
    from factlint.engine import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "The navy of Valtoria launched 40 boats on Monday. Six of them were fishing boats in the "
        "northern harbour during the storm overnight.\n")
    engine = Engine(Config(corpus=(corpus,), cache_dir=tmp_path / "cache"), nlp=nlp)
    # the six are a kind of the 40, told with no act: not the draft's count of boats that sank
    text = "The storm destroyed nine boats in the northern harbour of Valtoria overnight.\n"
    assert figures(engine, text) == []
    # a part whose act is the draft's is compared
    (corpus / "a.txt").write_text(
        "The navy of Valtoria launched 40 boats on Monday. Six of them were destroyed in the northern "
        "harbour during the storm overnight.\n")
    engine = Engine(Config(corpus=(corpus,), cache_dir=tmp_path / "cache2"), nlp=nlp)
    ((span, f),) = figures(engine, text)
    assert span == "nine" and "Six" in f.message


def test_the_hint_marks_the_archive_s_figure_not_a_number_that_contains_it(archive_engine):
    # "5" stands inside "15" earlier in the sentence: the mark and the words quoted are the 5's
    engine = archive_engine({"night.md": "Drones over Kharkiv\n\nOf the 15 drones Russia launched at Kharkiv "
                                         "overnight, 5 drones were shot down over the city, the regional governor "
                                         "said.\n"})
    text = ("Drones over Kharkiv\n\nOf the 15 drones Russia launched at Kharkiv overnight, 7 drones were shot down "
            "over the city, the regional governor said.\n")
    ((span, f),) = figures(engine, text)
    assert span == "7"
    assert f.message.startswith("The corpus has 5 drones for this"), f.message
    assert "Of the 15 drones" in f.sources[0].excerpt and ", **5** drones were shot down" in f.sources[0].excerpt


def test_people_evacuated_are_not_people_rescued(archive_engine):
    # one strike's two counts: those moved out of the building, those pulled from the rubble
    engine = archive_engine({"lviv.md": "Missile hits Lviv\n\nA Russian missile hit an apartment building in Lviv "
                                        "overnight, the mayor said. Seven people have been rescued from the rubble "
                                        "following the attack.\n"})
    evacuated = ("Missile hits Lviv\n\nA Russian missile hit an apartment building in Lviv overnight, the mayor "
                 "said. The emergency service evacuated 64 people from the apartment building.\n")
    assert figures(engine, evacuated) == []
    ((span, f),) = figures(engine, evacuated.replace("The emergency service evacuated 64 people from the "
                                                    "apartment building", "Nine people have been rescued from "
                                                    "the rubble following the attack"))
    assert span == "Nine" and [e.replacement for e in f.suggestions] == ["Seven"]


def test_a_figure_of_a_place_the_archive_s_article_never_names_is_another_fact(archive_engine):
    # the archive's "five people were injured" tells of its own city; the draft's clause names
    # another region (a name the tagger reads as a person's: "in Tula region")
    engine = archive_engine({"kyiv.md": "---\ndate: 2023-11-25\n---\nRecord drone attack on Kyiv\n\nRussia launched "
                                        "75 drones at Kyiv overnight in the largest drone attack of the war. Five "
                                        "people were injured when debris hit residential buildings.\n"})
    draft = ("---\ndate: 2023-11-25\n---\nRecord drone attack on Kyiv\n\nRussia launched 75 drones at Kyiv overnight "
             "in the largest drone attack of the war. In {where}, two people were injured when debris hit residential "
             "buildings.\n")
    assert figures(engine, draft.format(where="Tula region")) == []
    ((span, f),) = figures(engine, draft.format(where="Kyiv"))  # a place the article names: compared
    assert span == "two" and [e.replacement for e in f.suggestions] == ["five"]


def test_a_phrasal_act_no_list_knows_is_the_same_act_as_its_wordnet_synonym(archive_engine, wordnet):
    engine = archive_engine({"night.md": "---\ndate: 2022-10-11\n---\nMissile strikes on Ukraine\n\nRussia fired 84 "
                                         "cruise missiles at Ukraine on Monday. The interior minister added that 30 "
                                         "fires were extinguished in Ukraine after the missile attacks.\n"})
    text = ("---\ndate: 2022-10-11\n---\nMissile strikes on Ukraine\n\nRussia fired 84 cruise missiles at Ukraine on "
            "Monday. Firefighters put out {n} fires across the country after the attacks, the interior minister said.\n")
    ((span, f),) = figures(engine, text.format(n=45))
    assert span == "45" and "the same act (put out / extinguish)" in f.data["match"]["because"]
    assert figures(engine, text.format(n=30)) == []


def test_a_named_kind_is_compared_only_with_its_own_kind_or_a_plain_count_that_is_no_total(archive_engine):
    # the night's total and its kinds: "six Kinzhal" is a part of "in total, 81 missiles", and
    # "Kinzhal" and "Kalibr" count other missiles; one kind spelled two ways is one kind
    engine = archive_engine({"night.md": "---\ndate: 2023-03-09\n---\nMassive missile attack on Ukraine\n\nThe "
                                         "commander-in-chief reports that, in total, Russian forces launched 81 "
                                         "missiles at Ukraine overnight. Russian ships launched nine Kalibr cruise "
                                         "missiles at Odesa from the Black Sea. Air defence shot down 45 Shahed "
                                         "drones over the capital.\n"})
    draft = ("---\ndate: 2023-03-09\n---\nMassive missile attack on Ukraine\n\nThe commander-in-chief said Russian "
             "forces launched {total} at Ukraine overnight. Russian ships launched {ships} at Odesa from the Black "
             "Sea. Air defence shot down {drones} over the capital.\n")
    clean = dict(total="81 missiles", ships="nine Kalibr cruise missiles", drones="45 Shahed drones")
    assert figures(engine, draft.format(**clean)) == []
    assert figures(engine, draft.format(**dict(clean, total="six Kinzhal missiles"))) == []
    assert figures(engine, draft.format(**dict(clean, ships="six Kinzhal missiles"))) == []
    ((span, f),) = figures(engine, draft.format(**dict(clean, ships="six Kalibr missiles")))
    assert span == "six" and [e.replacement for e in f.suggestions] == ["nine"]
    assert f.data["match"]["because"].startswith("both count Kalibr missiles, the same act (launch)")
    ((span, f),) = figures(engine, draft.format(**dict(clean, drones="54 Shaheed drones")))
    assert span == "54" and [e.replacement for e in f.suggestions] == ["45"]


def test_a_draft_total_is_the_archive_s_plain_count_of_its_act_on_the_same_night(archive_engine):
    engine = archive_engine({"night.md": "---\ndate: 2023-11-25\n---\nLargest drone attack on Kyiv\n\nThe Ukrainian "
                                         "army said that out of the 75 drones launched by Russia, 74 were "
                                         "intercepted.\n"})
    draft = ("---\ndate: {day}\n---\nLargest drone attack on Kyiv\n\nIn total, Russia launched 94 drones, of which "
             "74 were intercepted, the army said.\n")
    ((span, f),) = figures(engine, draft.format(day="2023-11-25"))
    assert span == "94" and [e.replacement for e in f.suggestions] == ["75"]
    assert figures(engine, draft.format(day="2023-12-29")) == []  # another night's total


def test_two_acts_no_list_joins_are_not_made_one_by_their_paragraphs_alone(archive_engine):
    # the archive's paragraph is the draft's, but its 550 were involved in the search, the
    # draft's 35 rescued: nothing in the sentences says they count one thing
    engine = archive_engine({"dnipro.md": "---\ndate: 2023-01-15\n---\nMissile strike on Dnipro\n\nA Russian missile "
                                          "hit an apartment building in Dnipro on Saturday, the regional governor "
                                          "said. The search operation in the rubble has involved 550 people, the "
                                          "emergency service said. Rescuers saved 39 people.\n"})
    draft = ("---\ndate: 2023-01-15\n---\nMissile strike on Dnipro\n\nA Russian missile hit an apartment building in "
             "Dnipro on Saturday, the regional governor said. By the evening {n} people had been rescued from the "
             "rubble.\n")
    assert figures(engine, draft.format(n=39)) == []
    ((span, f),) = figures(engine, draft.format(n=35))  # the rescued are compared with the saved
    assert span == "35" and [e.replacement for e in f.suggestions] == ["39"]


def test_a_kind_more_than_the_night_s_total_contradicts_it(archive_engine):
    # "a total of 11 missiles were fired": 14 Iskander missiles are no part of it; eight may be
    engine = archive_engine({"daytime.md": "---\ndate: 2023-05-29\n---\nRare daytime attack on Kyiv\n\nA total of "
                                           "11 missiles were fired at Kyiv on Monday, the air force said.\n"})
    draft = ("---\ndate: 2023-05-29\n---\nRare daytime attack on Kyiv\n\nRussia fired {n} Iskander missiles at Kyiv "
             "on Monday, the air force said.\n")
    ((span, f),) = figures(engine, draft.format(n=14))
    assert span == "14" and [e.replacement for e in f.suggestions] == ["11"]
    assert figures(engine, draft.format(n=8)) == []


def test_the_archive_figure_that_stands_for_a_fact_carries_its_act(archive_engine):
    # two articles state 11: one as what Russia fired, one as what Ukraine downed of the
    # missiles Russia launched; the draft's "Russia fired" is compared with the first, whose
    # act and actor are the draft's (the second's actor is the other side)
    downed = ("---\ndate: 2023-05-29\n---\nRare daytime attack on Kyiv\n\nUkraine downed 11 Iskander missiles "
              "launched by Russia in a daytime attack on Kyiv on Monday, the commander-in-chief said.\n")
    fired = ("---\ndate: 2023-05-29\n---\nMissiles fired at Kyiv in daylight\n\nRussia fired 11 Iskander missiles "
             "at Kyiv on Monday, the air force said.\n")
    draft = ("---\ndate: 2023-05-29\n---\nRare daytime attack on Kyiv\n\nRussia fired 14 Iskander missiles in a "
             "daytime attack on Kyiv on Monday, the commander-in-chief said.\n")
    engine = archive_engine({"downed.md": downed, "fired.md": fired})
    ((span, f),) = figures(engine, draft)
    assert span == "14" and [e.replacement for e in f.suggestions] == ["11"]
    assert f.sources[0].path.endswith("fired.md")


ARCHIVE_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "archive-dev"


@pytest.mark.slow
@pytest.mark.skipif(not ARCHIVE_DEV.is_dir(), reason="the shared evaluation sets (../shared/eval) are not here")
def test_a_part_named_by_its_kind_is_compared_with_the_archive_s_part_of_that_kind(make_engine):
    # a real story's list of kinds ("Apart from the Kinzhal missiles, nine Kalibr cruise
    # missiles, and three Iskander ...") against a real archive whose best-scoring "nine" is a
    # plain count told with the draft's act and whose part of that kind is another article's
    draft = (ARCHIVE_DEV / "drafts" / "a-04-theweek-air-strike-exceptional-intensity-kyiv.md").read_text(encoding="utf-8")
    assert "nine Kalibr" in draft
    engine = make_engine(corpus=[ARCHIVE_DEV / "corpus"])
    assert not [s for s, _ in figures(engine, draft) if s == "nine"]
    ((span, f),) = [(s, f) for s, f in figures(engine, draft.replace("nine Kalibr", "eleven Kalibr")) if s == "eleven"]
    assert [e.replacement for e in f.suggestions] == ["nine"]


def test_an_estimate_is_one_source_s_reckoning_not_the_record(archive_engine):
    # the archive's cost is an estimate: the draft's other value is another reckoning; stated as
    # a plain figure, the same value is the archive's record and the draft contradicts it
    draft = ("---\ndate: 2023-05-16\n---\nMissiles over Kyiv\n\nAll 18 missiles aimed at Kyiv were shot down "
             "overnight, the military said. The attack cost Russia $150 million.\n")
    told = ("---\ndate: 2023-05-16\n---\nMissiles over Kyiv\n\nAll 18 missiles aimed at Kyiv were shot down "
            "overnight, the military said. The attack cost Russia $120 million{how}.\n")
    stated = archive_engine({"night.md": told.format(how="")})
    ((span, f),) = figures(stated, draft)
    assert span == "$150 million" and "$120 million" in f.message
    estimated = archive_engine({"night.md": told.format(how=", according to estimates by Ukrainska Pravda")})
    assert figures(estimated, draft) == []
    from factlint.engine import CheckContext
    from factlint.match.figures import explain

    ctx = CheckContext(estimated.analyse(draft, "d.md"), estimated.corpus(), estimated.config, estimated, {})
    assert [c["estimate"] for c in explain(ctx, draft.index("$150"))["candidates"] if c["value"] == 120e6] == [True]
    assert figures(stated, draft.replace("cost Russia", "cost Russia, by one estimate,")) == []


def test_an_estimate_is_read_from_the_words_that_give_it(nlp):
    from factlint.analysis import Analyzer
    from factlint.document import parse_document
    from factlint.facts.figures import extract

    def read(text):
        return {c.num_text: c.estimate for c in extract(Analyzer(nlp).analyse(parse_document(text, "d.md")))}

    assert read("Forbes estimated that the attack cost $400 million.") == {"400": True}
    assert read("An estimated 100 missiles hit Ukraine.") == {"100": True}
    assert read("The attack cost Russia $120mn, according to estimations from Ukrainska Pravda.") == {"120": True}
    assert read("Russia launched 75 drones, and officials estimated the damage at $5 million.") == {
        "75": False, "5": True}


def test_a_bound_that_states_the_draft_s_number_agrees_whatever_else_it_fits(archive_engine):
    # the archive's tolls of one strike: an early four, a headline's ten, a later "at least
    # five"; "at least five" also fits the ten, but it states the draft's five: they agree
    engine = archive_engine({
        "early.md": "---\ndate: 2023-07-06\n---\nTen people dead after missile strike on Lviv\n\nFour people have "
                    "been killed as a result of the missile strike on Lviv, and another 37 have been injured.\n",
        "later.md": "---\ndate: 2023-07-06\n---\nMissile strike on Lviv\n\nAt least five people have been killed in "
                    "the missile strike on Lviv, officials said.\n"})
    draft = ("---\ndate: 2023-07-06\n---\nMissile strike on Lviv kills {n}\n\nThe missile strike on Lviv killed {n} "
             "people, officials said.\n")
    assert figures(engine, draft.format(n="five")) == []
    assert figures(engine, draft.format(n="seven"))




def test_a_span_of_time_from_another_time_counts_nothing(tmp_path, make_engine):
    # "Two days earlier" places an act in time; "on 17 days last month" counts days: never one
    # fact. Two counts of days, and two spans from another time, are compared as ever.
    from tests.conftest import build_archive

    head = "---\ndate: 2023-06-01\n---\nDrones over Kyiv and Moscow\n\n"
    engine = build_archive(make_engine, tmp_path / "a", {"month.md": head + (
        "Kyiv was the target of drone and missile attacks on 17 days last month, the city said.\n\nTwo days "
        "earlier, drones had struck Moscow, the mayor said.\n")})
    draft = head + "Drones struck Kyiv overnight.\n\n{s} days earlier, drones had struck Moscow, the mayor said.\n"
    assert figures(engine, draft.format(s="Two")) == []
    assert [(span, f.suggestions[0].replacement) for span, f in figures(engine, draft.format(s="Three"))] \
        == [("Three", "Two")]
    count = build_archive(make_engine, tmp_path / "b", {"month.md": head + (
        "Kyiv was the target of drone and missile attacks on 17 days last month, the city said.\n")})
    assert figures(count, draft.format(s="Two")) == []
    ((span, f),) = figures(count, head + "Kyiv was the target of drone and missile attacks on 12 days last month.\n")
    assert span == "12" and [e.replacement for e in f.suggestions] == ["17"]
    from factlint.facts import figures as extract

    said = {c.num_text: c.offset for c in extract.extract(engine.analyse(
        "Two days earlier, drones struck. The city was founded 1,541 years ago. The raid lasted six hours.", "d.md"))}
    assert said == {"Two": True, "1,541": True, "six": False}


def test_a_list_of_counts_by_place_is_read_count_by_count(tmp_path, make_engine):
    # "Five people were killed in the Lviv region, four in Kherson, and two in the Dnipro
    # region": each number counts the people killed at its own place; "At least 11 people were
    # killed: seven in the Lviv region, ..." gives the parts of the 11 the same way. Seven in Lviv
    # is no sum of Lviv's five and Dnipro's two.
    from tests.conftest import build_archive

    head = "---\ndate: 2023-03-09\n---\nMissiles hit Ukraine\n\n"
    engine = build_archive(make_engine, tmp_path / "a", {"toll.md": head + (
        "Local authorities have reported 11 victims so far: five people were killed in the Lviv region, four in "
        "the city of Kherson, and two in the Dnipro region.\n")})
    from factlint.facts import figures as extract

    read = [(c.num_text, c.thing, c.action, c.places) for c in extract.extract(engine.analyse(
        head + "At least 11 people were killed: seven in the Lviv region, four in Kherson and two in the Dnipro "
        "region.\n", "d.md"))]
    assert read == [("11", "people", "kill", []), ("seven", "people", "kill", ["lviv"]),
                    ("four", "people", "kill", ["kherson"]), ("two", "people", "kill", ["dnipro"])]
    draft = head + "At least 11 people were killed: {n} in the Lviv region, four in Kherson and two in the Dnipro region.\n"
    assert figures(engine, draft.format(n="five")) == []
    ((span, f),) = figures(engine, draft.format(n="seven"))
    assert span == "seven" and [e.replacement for e in f.suggestions] == ["five"]


def test_a_part_is_compared_with_the_archive_s_part_of_the_same_whole_by_the_same_act(tmp_path, make_engine):
    # "75 drones, of which 92 were destroyed": the archive's "out of the 75 drones launched by
    # Russia, 74 were intercepted" is that part, however another article's plain count scores
    from tests.conftest import build_archive

    head = "---\ndate: 2023-11-25\n---\nLargest drone attack on Kyiv\n\n"
    engine = build_archive(make_engine, tmp_path / "a", {
        "plain.md": head + ("Russia attacked Kyiv with Iranian-made drones overnight. The air force also stated that "
                            "the air defences intercepted 71 of the Iranian-made drones across six regions.\n"),
        "part.md": head + ("The Ukrainian army revealed that out of the 75 drones launched by Russia, 74 were "
                           "successfully intercepted.\n")})
    draft = head + ("In total, Russia launched 75 Iranian-made Shahed drones against Ukraine, of which {n} were "
                    "destroyed by air defence, the air force said.\n")
    assert figures(engine, draft.format(n=74)) == []
    ((span, f),) = figures(engine, draft.format(n=92))
    assert span == "92" and "74" in [e.replacement for e in f.suggestions]
