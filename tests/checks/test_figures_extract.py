"""The figure extractor: every form the normaliser must read, on parsed text."""
from __future__ import annotations

import math

import pytest

from factlint.document import parse_document
from factlint.facts.figures import extract, parse_number


@pytest.fixture(scope="module")
def analyse(nlp):
    from factlint.analysis import Analyzer

    analyzer = Analyzer(nlp)
    return lambda text: extract(analyzer.analyse(parse_document(text, "d.md")))


def one(analyse, text, expression):
    claims = [c for c in analyse(text) if c.text == expression]
    assert len(claims) == 1, [c.text for c in analyse(text)]
    return claims[0]


@pytest.mark.parametrize("words, value", [
    ("eight", 8), ("thirty-four", 34), ("a dozen", 12), ("one hundred and forty-five", 145),
    ("1,000", 1000), ("2.5", 2.5), ("two thousand", 2000),
    ("two and a half", 2.5), ("four-and-a-half", 4.5), ("13 and a half", 13.5),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("text, expression, value, unit, thing", [
    ("Russia launched 1,000 drones.", "1,000", 1000, "count", "drone"),
    ("Russia launched thirty-four drones.", "thirty-four", 34, "count", "drone"),
    ("Officials counted a dozen drones.", "a dozen", 12, "count", "drone"),
    ("Biden will send $6 billion of aid.", "$6 billion", 6e9, "money", None),
    ("Biden will send $6billion of aid.", "$6billion", 6e9, "money", None),
    ("Biden will send $6bn of aid.", "$6bn", 6e9, "money", None),
    ("London pledged £2.5m for repairs.", "£2.5m", 2.5e6, "money", None),
    ("Turnout fell to 45% in the city.", "45%", 45, "percent", None),
    ("Turnout fell to 45 per cent in the city.", "45 per cent", 45, "percent", None),
    ("A blaze broke out on the 33rd and 34th floors.", "33rd", 33, "ordinal", "floor"),
    ("A blaze broke out on the 33rd and 34th floors.", "34th", 34, "ordinal", "floor"),
    ("The relentless 13-hour barrage went on.", "13-hour", 13, "count", "hour"),
    ("The roof of a six-floor business centre caught fire.", "six-floor", 6, "count", "floor"),
    ("It injured a 52-year-old woman.", "52-year-old", 52, "age", "woman"),
    # a half is part of the number, never a compound's thing ("four-and-a" counting "and")
    ("The four-and-a-half-year war goes on.", "four-and-a-half-year", 4.5, "count", "year"),
    ("The war has lasted two and a half years.", "two and a half", 2.5, "count", "year"),
    ("Drones were heard around 6 AM local time.", "6 AM", 6, "time", None),
    ("Russia fired 11 cruise and ballistic missiles.", "11", 11, "count", "missile"),
    ("It wounded 23 others.", "23", 23, "count", "people"),
])
def test_forms(analyse, text, expression, value, unit, thing):
    c = one(analyse, text, expression)
    assert (c.value, c.unit) == (value, unit)
    if thing:
        assert c.thing == thing


@pytest.mark.parametrize("text, expression, lo, hi", [
    ("Approximately 30 drones were intercepted.", "30", 27, 33),
    ("More than 500 drones were shot down.", "500", 500, math.inf),
    ("Nearly 40 drones were shot down.", "40", 34, 40),
    ("At least 20 drones were shot down.", "20", 20, math.inf),
    ("Russia could launch over 1,000 drones a day.", "1,000", 1000, math.inf),
    ("Up to 60 drones were seen.", "60", 0, 60),
    ("Exactly 60 drones were seen.", "60", 60, 60),
])
def test_hedges_become_intervals(analyse, text, expression, lo, hi):
    c = one(analyse, text, expression)
    assert c.lo == pytest.approx(lo, abs=1e-6) and c.hi == pytest.approx(hi)


def test_part_and_whole(analyse):
    claims = {c.text: c for c in analyse("Ukraine intercepted 476 out of a record 539 Russian drones.")}
    assert (claims["476"].role, claims["476"].thing) == ("part", "drone")
    assert (claims["539"].role, claims["539"].thing, claims["539"].record) == ("whole", "drone", True)
    claims = {c.text: c for c in analyse("Officials said 62 of 145 drones were destroyed.")}
    assert claims["62"].role == "part"


def test_record_qualifier(analyse):
    assert one(analyse, "Russia launched a record 145 drones.", "145").record
    assert not one(analyse, "Russia launched 145 drones.", "145").record


@pytest.mark.parametrize("text", [
    "Su-34 jets and F-16 fighters flew.",
    "Covid-19 hit the G7 summit hard.",
    "Drones struck on November 10, 2024 and on January 20.",
    "The war began in 2022.",
    "One of the most large-scale attacks hit the city.",
    "The meeting starts at 10:30 tomorrow.",
])
def test_not_counts(analyse, text):
    assert analyse(text) == []


def test_year_range_is_a_fact_with_roles(analyse):
    claims = {c.text: c for c in analyse("Shoigu served as defence minister from 2012 to 2024.")}
    assert (claims["2012"].unit, claims["2012"].role) == ("year", "start")
    assert (claims["2024"].unit, claims["2024"].role) == ("year", "end")


def test_offsets_point_at_the_number(analyse):
    text = "# Title\n\nRussia fired a record $6 billion of missiles and forty-two drones.\n"
    for c in analyse(text):
        assert text[c.start:c.end] == c.text
        assert text[c.num_start:c.num_end] in ("6", "forty-two")


def test_a_bare_count_a_verb_of_harm_takes_counts_people(analyse):
    claims = {c.text: c for c in analyse("Russia launches missile attack at educational institution in Sumy, kills 2, "
                                          "injures 20\n\nThe strike killed 3 and injured 12 in Odesa.\n")}
    assert [(c.value, c.thing, c.action) for c in claims.values()] == [
        (2, "people", "kill"), (20, "people", "injure"), (3, "people", "kill"), (12, "people", "injure")]
    # a bare number with no verb of harm still says nothing about what is counted
    assert analyse("The strike came at 3 and lasted until dawn.\n") == []


def test_a_clause_with_its_own_subject_keeps_its_places_and_an_added_count_is_no_type(analyse):
    text = ("Meanwhile, a Russian missile attack on the northeastern Ukrainian city of Sumy on July 29 killed 20 "
            "people, while a rocket attack on Zaporizhia killed two others.\n")
    first, added = one(analyse, text, "20"), one(analyse, text, "two")
    # "the city of Sumy" is a place whatever the tagger took the name for (it reads a person)
    assert "sumi" in first.places and "zaporizhia" not in first.places
    assert added.places == ["zaporizhia"]
    # "two others" adds to the 20; it is not a type of them ("six ballistic and four cruise missiles")
    assert first.role is None and added.role is None


def test_a_verb_sharing_its_subject_takes_its_head_clause_s_places_not_its_other_clauses(analyse):
    text = ("Russia and Ukraine escalated their aerial warfare overnight, deploying drone attacks against each "
            "other as news of the U.S. election win raised questions about the nearly three-year-long conflict.\n")
    assert one(analyse, text, "three-year-long").places == []


def test_an_added_count_is_marked_and_others_are_not_added(analyse):
    text = ("One more person died in hospital. Another 36 people are injured. The strike killed one person and "
            "wounded 23 others.\n")
    # ("another" is not enough: "12 were killed ... Another 108 people were injured")
    assert {c.num_text: c.added for c in analyse(text)} == {"One": True, "36": False, "one": False, "23": False}


def test_who_launched_is_not_where(analyse):
    text = "The army said that out of the 75 drones launched by Russia, 74 were intercepted over Kyiv.\n"
    launched = one(analyse, text, "75")
    assert launched.action == "launch" and "rusia" not in launched.places


def test_a_part_of_a_headline_count_takes_the_count_s_participle(analyse):
    part = one(analyse, "Update: 23 killed, including 4 children, in Russian missile attack on Uman\n", "4")
    assert (part.action, part.role, part.thing) == ("kill", "part", "child")


def test_a_participle_after_the_whole_is_the_whole_s_not_the_part_s_act(analyse):
    # the parser reads "drones fired" as a clause of its own with "30 of 45 drones" its subject;
    # the 30 are what was shot down, the 45 what was fired
    text = "Air defences shot down 30 of 45 drones fired at Kyiv.\n"
    part, whole = one(analyse, text, "30"), one(analyse, text, "45")
    assert (part.action, part.role) == ("shoot", "part")
    assert (whole.action, whole.role) == ("fire", "whole")
    # a clause with an auxiliary is a clause: its verb is the act
    assert one(analyse, "Air defences said 30 of 45 drones were fired at Kyiv.\n", "30").action == "fire"


@pytest.mark.parametrize("text, count, thing, act", [
    ("Of the 73 people injured, 30 were hospitalized.\n", "30", "people", "hospitalize"),
    ("The army said that out of the 75 drones launched by Russia, 74 were intercepted.\n", "74", "drone", "intercept"),
    ("Russia launched 75 Iranian-made Shahed drones against Ukraine, of which 74 were destroyed.\n", "74", "drone",
     "destroy"),
])
def test_a_count_whose_whole_is_told_before_it_is_a_part_of_it(analyse, text, count, thing, act):
    part = one(analyse, text, count)
    assert (part.thing, part.role, part.action) == (thing, "part", act)


def test_a_count_of_places_is_where_the_places_it_includes_are(analyse):
    text = "The ministry said it had shot down 24 drones across four regions, including Moscow.\n"
    assert one(analyse, text, "four").places == ["moscow"]
    # a count of other things keeps the part's place apart: the 70 were not all over Moscow
    text = "The ministry said it had shot down 70 drones, including 42 over Moscow.\n"
    assert "moscow" not in one(analyse, text, "70").places


@pytest.mark.parametrize("text, expression, kinds", [
    ("Russia launched six X-47M2 Kinzhal missiles at Kyiv.", "six", ("kinzhal", "m", "x")),
    ("Ukraine shot down 13 Iranian-made Shahed-131/136 drones.", "13", ("shahed",)),  # (a people is no kind)
    ("Air defence shot down 45 Shaheed drones over the capital.", "45", ("shahed",)),  # (one name, two spellings)
    ("Russian troops launched ten ballistic and cruise Iskander missiles at Kyiv.", "ten", ("iskander",)),
    ("Russia launched 81 cruise missiles at Ukraine.", "81", ()),
    ("Ukraine shot down 54 Russian drones overnight.", "54", ()),
    ("A blaze broke out on the 33rd and 34th floors of the tower.", "34th", ()),  # nor another number
])
def test_the_names_that_narrow_a_counted_noun_are_its_kinds(analyse, text, expression, kinds):
    # (the tagger calls "Shahed" a verb or a people, "Iskander" a person: a name is read by its capital)
    assert one(analyse, text, expression).kinds == kinds


def test_a_fronted_in_total_makes_the_clause_s_count_a_total(analyse):
    text = "Zaluzhnyi reports that, in total, Russian forces launched 81 missiles at Ukraine."
    assert one(analyse, text, "81").total
    assert not one(analyse, "Russian forces launched 81 missiles at Ukraine.", "81").total


@pytest.mark.parametrize("text", ["On the night of 7-8 May, Russia attacked Kyiv with drones.",
                                  "On the night of 7 to 8 May, Russia attacked Kyiv with drones."])
def test_a_night_s_two_days_are_no_count(analyse, text):
    assert analyse(text) == []


def test_a_part_counted_of_a_fronted_total_is_no_total(analyse):
    text = "In total, Russia launched 75 drones against Ukraine, of which 74 were destroyed by air defence."
    assert one(analyse, text, "75").total and not one(analyse, text, "74").total


def test_a_count_co_ordinated_into_a_participle_phrase_takes_the_act_of_the_noun_it_repeats(analyse):
    # the parser joins "three land-based missiles" to "ships" (inside "launched from ships"):
    # the same noun as the one the phrase describes, so the three were intercepted too
    text = ("Ukraine intercepted nine Kalibr cruise missiles launched from ships in the Black Sea and three "
            "land-based missiles, Valeriy Zaluzhnyi said on Telegram.")
    assert one(analyse, text, "three").action == one(analyse, text, "nine").action == "intercept"
    # a noun that is not the described one stays where the parser put it
    other = "Ukraine intercepted nine missiles launched from ships and three submarines, the navy said."
    assert one(analyse, other, "three").action != "intercept"


@pytest.mark.parametrize("text, expression, thing", [
    ("Eighteen people were injured, nine of whom were hospitalized, the police said.", "nine", "people"),
    ("Russia launched 75 drones, 74 of which were destroyed.", "74", "drone"),
])
def test_a_part_named_by_of_whom_or_of_which_counts_the_whole_before_it(analyse, text, expression, thing):
    c = one(analyse, text, expression)
    assert (c.thing, c.role) == (thing, "part")


def test_a_count_an_act_s_noun_is_of_counts_that_act(analyse):
    got = {c.text: c.action for c in analyse(
        "Airstrikes were reported in Odesa and Kherson, resulting in the deaths of two people.\n")}
    assert got["two"] == "die"
    got = {c.text: c.action for c in analyse("The air force reported the interception of 34 drones.\n")}
    assert got["34"] == "intercept"


def test_a_name_an_attack_s_verb_takes_is_where_the_attack_was(analyse):
    # the small model reads "Kyiv" here as a person, or not at all: the verb says it is a place
    got = {c.text: c.places for c in analyse(
        "Russia attacked Kyiv with nearly 30 kamikaze drones on Monday morning, killing four.\n")}
    assert got["four"] == ["kiv"] and got["30"] == ["kiv"]
