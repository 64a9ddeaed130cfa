"""Days tell look-alike nights apart: a figure is compared with the archive's figures of its own
days (its dated act, else its story's publication day); unknown days are missing evidence."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
from pathlib import Path

import pytest

from factlint.facts.when import Days, day_gap, event_days, overlaps
from tests.conftest import build_archive

ROOT = Path(__file__).resolve().parents[2]
D = dt.date


def test_unknown_days_are_missing_evidence_never_a_contradiction():
    assert day_gap(None, (D(2023, 5, 28), D(2023, 5, 28))) is None
    assert day_gap(event_days(None, [], None), event_days(None, [], D(2023, 5, 28))) is None
    # a clause dated by month ("in November") is compared by month, not by its story's day
    assert event_days(None, ["november"], D(2025, 7, 10)) is None


def test_an_act_s_own_days_come_before_its_story_s_publication_day():
    own = Days(D(2023, 5, 27), D(2023, 5, 28))
    assert event_days(own, [], D(2023, 6, 30)) == (D(2023, 5, 27), D(2023, 5, 28))
    assert event_days(None, [], D(2023, 6, 30)) == (D(2023, 6, 30), D(2023, 6, 30))
    assert day_gap((D(2023, 5, 27), D(2023, 5, 28)), (D(2023, 5, 28), D(2023, 5, 28))) == 0
    assert day_gap((D(2023, 5, 28), D(2023, 5, 28)), (D(2023, 9, 10), D(2023, 9, 10))) == 105


def test_a_night_s_two_days_hold_its_slack_and_a_day_outside_them_is_another_night():
    night = Days(D(2023, 5, 17), D(2023, 5, 18))  # "overnight" in a story of the 18th
    assert not overlaps(night, Days(D(2023, 5, 16), D(2023, 5, 16)))  # "on Tuesday", the 16th
    assert not overlaps(night, Days(D(2023, 5, 19), D(2023, 5, 19)))
    assert overlaps(night, Days(D(2023, 5, 17), D(2023, 5, 17)))  # Wednesday night is that night
    # two single days a day apart may be one night ("on Tuesday" night, "early Wednesday")
    assert overlaps(Days(D(2023, 5, 16), D(2023, 5, 16)), Days(D(2023, 5, 17), D(2023, 5, 17)))
    assert not overlaps(Days(D(2023, 5, 15), D(2023, 5, 15)), Days(D(2023, 5, 17), D(2023, 5, 17)))


def test_years_and_months_leave_out_the_days_they_do_not_name():
    from factlint.facts.when import outside

    assert outside(["2022"], (D(2023, 4, 28), D(2023, 4, 28)))
    assert outside(["may"], (D(2023, 4, 28), D(2023, 4, 28)))
    assert not outside(["2023", "april"], (D(2023, 4, 28), D(2023, 4, 28)))
    assert not outside(["2022"], (D(2022, 12, 31), D(2023, 1, 1)))  # a night across the new year
    assert not outside([], (D(2023, 4, 28), D(2023, 4, 28))) and not outside(["2022"], None)  # nothing known


def test_an_act_in_a_paragraph_moved_to_another_year_is_not_of_the_story_s_day(archive_engine):
    engine = archive_engine({"kramatorsk.md": "---\ndate: 2023-06-28\n---\nMissile hits Kramatorsk pizzeria\n\n"
                                              "A Russian missile hit a pizzeria in Kramatorsk. The attack killed nine "
                                              "people and injured 56 others, the interior ministry said.\n"})
    then = ("---\ndate: 2023-06-28\n---\nMissile hits Kramatorsk pizzeria\n\nA Russian missile hit a pizzeria in "
            "Kramatorsk, the interior ministry said. {before}Then, the occupiers killed 21 people and injured 77 "
            "others.\n")
    found = [f for f in engine.check(then.format(before=""), "d.md") if f.code == "figure/conflict"]
    assert found, "the story's own night: compared"
    moved = then.format(before="On this day in 2022, the Russians hit a shopping centre in Kremenchuk. ")
    assert [f for f in engine.check(moved, "d.md") if f.code == "figure/conflict"] == []


# no day words ("overnight", "on Sunday"): the publication day alone dates the act
NIGHT = ("---\ntitle: {title}\ndate: {date}\noutlet: Example Wire\n---\n{title}\n\n"
         "Russia launched {n} drones at Kyiv, the Ukrainian air force said. "
         "Air defences shot down most of them over the capital, the city's military administration said.\n")


def _front(title: str, date: str) -> str:
    """An archive article's front matter (title, date, outlet) and its title line."""
    return f"---\ntitle: {title}\ndate: {date}\noutlet: Example Wire\n---\n{title}\n\n"


def _dated(title: str, date: str) -> str:
    """A draft's front matter: its title and date."""
    return f"---\ntitle: {title}\ndate: {date}\n---\n"


@pytest.fixture
def two_nights(tmp_path, make_engine):
    return build_archive(make_engine, tmp_path / "archive", {
        "may.md": NIGHT.format(title="Drones over Kyiv", date="2023-05-28", n=54),
        "sept.md": NIGHT.format(title="Drones over Kyiv again", date="2023-09-10", n=33)})


def _draft(date: str | None, n: int) -> str:
    front = _dated("Night attack", date) if date else ""
    return (f"{front}Russia launched {n} drones at Kyiv, the Ukrainian air force said. "
            "Most were shot down over the capital.\n")


def _figures(engine, text):
    return [f for f in engine.check(text, "draft.md") if f.code == "figure/conflict"]


def test_a_draft_is_compared_with_its_own_night_not_a_look_alike(two_nights):
    # September's 33 agrees; May's 54 is another night with the same words
    assert _figures(two_nights, _draft("2023-09-10", 33)) == []
    assert _figures(two_nights, _draft("2023-05-29", 54)) == []
    (f,) = _figures(two_nights, _draft("2023-09-10", 40))
    assert [e.replacement for e in f.suggestions] == ["33"] and "sept.md" in f.sources[0].path
    # a date with its time, as site generators and CMS exports write it, is the same day
    assert _figures(two_nights, _draft("2023-05-29T06:30:00+03:00", 54)) == []
    (f,) = _figures(two_nights, _draft("2023-09-10T06:30:00Z", 40))
    assert "sept.md" in f.sources[0].path and "on 10 September 2023" in f.data["match"]["because"]


def test_a_draft_with_no_date_between_two_likely_nights_abstains(two_nights):
    # it agrees with one night's value: nothing says the other night is its event
    assert _figures(two_nights, _draft(None, 33)) == []
    assert _figures(two_nights, _draft(None, 54)) == []


def _calibrate():
    import sys

    if "factlint_calibrate" not in sys.modules:
        spec = importlib.util.spec_from_file_location("factlint_calibrate", ROOT / "scripts" / "calibrate.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["factlint_calibrate"] = module  # (dataclasses look their module up)
        spec.loader.exec_module(module)
    return sys.modules["factlint_calibrate"]


def test_an_undated_draft_s_weekday_is_held_to_the_day_gate(tmp_path, make_engine):
    # the archive's night was published on Sunday 28 May 2023; the draft has no date, only a weekday
    engine = build_archive(make_engine, tmp_path / "archive", {"may.md": NIGHT.format(title="Drones over Kyiv", date="2023-05-28",
                                                                     n=54)})
    text = ("Night attack\n\nRussia launched 60 drones at Kyiv on {day}, the Ukrainian air force said. "
            "Most were shot down over the capital.\n")
    (f,) = _figures(engine, text.format(day="Saturday"))  # the night before Sunday's story: the same night
    assert "on a Saturday by the draft's words, its date unknown" in f.data["match"]["because"]
    assert _figures(engine, text.format(day="Wednesday")) == []  # three days from any Sunday: another night


def test_an_undated_draft_s_lede_day_is_held_to_the_day_gate(tmp_path, make_engine):
    from factlint.facts.when import month_day_gap

    assert month_day_gap((8, 18), (D(2023, 8, 1), D(2023, 8, 1))) == 17  # whatever the draft's year
    assert month_day_gap((1, 1), (D(2023, 12, 31), D(2023, 12, 31))) == 1  # the next year's first day
    engine = build_archive(make_engine, tmp_path / "archive", {"aug.md": _front("Drone hits Moscow City", "2023-08-01") +
                                              "A Ukrainian drone hit a tower in Moscow City overnight. The glazing "
                                              "was damaged over 150 square meters, the mayor said.\n"})
    text = ("Drone hits Moscow City\n\nA Ukrainian drone hit a tower in Moscow City on {day} overnight, the mayor "
            "said.\n\nThe glazing was damaged over 30 square meters, the mayor said.\n")
    (f,) = _figures(engine, text.format(day="August 1"))  # the lede's day is the archive's night
    assert "on 1 August by the draft's lede, its year unknown" in f.data["match"]["because"]
    assert _figures(engine, text.format(day="August 18")) == []  # 17 days on, whatever the year


def test_another_outlet_s_count_of_the_same_night_is_a_value_of_the_fact_the_draft_undated(tmp_path, make_engine):
    # one night, two outlets: "74 destroyed" (closest to the draft) and an early "71 intercepted"
    engine = build_archive(make_engine, tmp_path / "archive", {
        "scmp.md": _front("Russia launches largest drone attack on Kyiv", "2023-11-25") +
        "In total, Russia launched 75 Iranian-made Shahed drones against Ukraine, of which 74 were destroyed by air "
        "defence, Ukraine's air force said. Kyiv was the main target, the air force commander wrote on Telegram.\n",
        "wion.md": _front("Record number of drones against Kyiv", "2023-11-25") +
        "Russia launched a record number of drones against Kyiv overnight. The air force also stated that the air "
        "defences intercepted 71 of the Iranian-made drones across six regions of Ukraine, including Kyiv.\n"})
    text = ("Record drone attack on Kyiv\n\nRussia launched 75 Shahed drones against Ukraine on Saturday morning, the "
            "largest drone attack of the war, and air defences destroyed {n} of them, the air force said. Kyiv was "
            "the main target.\n")
    assert _figures(engine, text.format(n=74)) == []
    assert _figures(engine, text.format(n=71)) == []  # another outlet's value of that night
    assert _figures(engine, text.format(n=60))  # neither


def test_a_clause_that_describes_a_date_is_dated_by_it_and_a_month_of_a_year_on_both_sides_is_one_time(
        tmp_path, make_engine):
    # the archive's "96" hangs from "November 2022" through "when" (and "10 October, when ..." is
    # tagged a number and a month: the whole phrase dates it)
    engine = build_archive(make_engine, tmp_path / "archive", {
        "raid.md": _front("Biggest air raid of the war", "2023-12-29") +
        "Air raid sirens sounded across the country for hours. According to the air force, the previous biggest "
        "assault was in November 2022 when Russia launched 96 missiles against Ukraine.\n",
        # the article closest to the draft: the same day, its words, no figure of the record
        "kyiv.md": _front("Russia's largest air attack", "2023-12-29") +
        "Russia fired 122 missiles and 36 drones at Ukraine on Friday, the air force said, the largest air attack "
        "of the war on Kyiv, Lviv, Dnipro and Odesa.\n"})
    text = (_dated("Russia's largest air attack", "2023-12-30") + "Russia fired 122 missiles and 36 drones at "
            "Ukraine on Friday, the air force said. The previous record, in November 2022, was {n} missiles.\n")
    (f,) = _figures(engine, text.format(n=69))
    assert "96" in f.message
    assert _figures(engine, text.format(n=96)) == []
    from factlint.facts.figures import extract
    claims = extract(engine.analyse("The occupiers surpassed 10 October, when they launched 84 missiles, the air "
                                    "force said.\n", "d.md"))
    (c,) = [c for c in claims if c.value == 84]
    assert c.when == ["october"] and any("10 October" in t for t in c.when_text), (c.when, c.when_text)
    from factlint.match.figures import _same_month
    assert _same_month(["2022", "november"], ["november", "2022"])
    assert not _same_month(["november"], ["november"]) and not _same_month(["2022"], ["2022"])  # a month of no
    assert not _same_month(["2022", "november"], ["2022", "october"])  # year, a year: too wide to be one time


def test_the_day_gap_fit_is_reproducible_and_ignores_pairs_with_unknown_days():
    cal = _calibrate()
    pairs = [cal.Pair("s", "e1", True, 0), cal.Pair("s", "e1", True, 2), cal.Pair("s", "e2", True, 1),
             cal.Pair("s", "e2", False, 40), cal.Pair("s", "e3", False, 17), cal.Pair("s", "e3", True, None),
             cal.Pair("s", "e3", False, None)]
    t = cal.fit(pairs)
    assert t == cal.fit(list(reversed(pairs)))  # same data, same value
    assert t == 2 and cal.errors(pairs, t) == 0  # the lowest of the best (2 to 16): abstain when unsure
    assert t == cal.fit([p for p in pairs if p.gap is not None])  # unknown gaps say nothing
    assert cal.fit([p for p in pairs if p.positive]) is None  # nothing to separate: no gate


def test_the_day_gap_fit_counts_labelled_figures_not_pairs():
    cal = _calibrate()
    # one same-fact figure stated by three archive articles, one look-alike figure stated by three
    same = [cal.Pair("s", "e1", True, g, "a.md:10") for g in (2, 2, 9)]
    look = [cal.Pair("s", "e2", False, g, "b.md:20") for g in (3, 3, 3)]
    assert cal.errors(same + look, 2) == 0  # the figure has a statement within 2 days: kept
    assert cal.errors(same + look, 3) == 1  # the look-alike is one wrong decision, not three
    assert cal.errors(same + look, 1) == 1
    assert cal.fit(same + look) == 2


def test_a_one_sided_archive_bound_is_no_labelled_agreement():
    from types import SimpleNamespace as NS

    cal = _calibrate()
    # "at least 24 drones" fits the draft's 75, and says nothing of their being one fact
    assert not cal._labelled_agreement(NS(hedge=None), NS(hedge="ge"), True)
    assert cal._labelled_agreement(NS(hedge="ge"), NS(hedge=None), True)  # a toll told as a bound
    assert cal._labelled_agreement(NS(hedge="about"), NS(hedge=None), True)
    assert not cal._labelled_agreement(NS(hedge=None), NS(hedge=None), False)


def test_an_archive_s_repeated_figures_give_a_day_gate_without_labels():
    from factlint.match.daygate import MIN_PAIRS, fit_gaps

    # one night's figure restated that day and the next, and chance repeats over two years
    one_fact = [0] * 30 + [1] * 8 + [2] * 2
    chance = list(range(5, 730, 25))
    fit = fit_gaps(one_fact + chance)
    assert fit == fit_gaps(list(reversed(one_fact + chance)))  # same data, same fit
    assert 1 <= fit.gate <= 4, fit
    assert 0.5 < fit.same_share < 0.65  # 40 of 69 pairs are the one fact
    # the gate follows the data: a cluster all on the day itself gives a tighter gate, one
    # that trails over days a wider one
    assert fit_gaps([0] * 38 + chance).gate == 0
    assert fit_gaps([0] * 20 + [1] * 10 + [2] * 6 + [3] * 4 + [4] * 3 + chance).gate > fit.gate
    # too few pairs, or chance repeats alone: no gate is read (the caller keeps its own)
    assert fit_gaps(one_fact[: MIN_PAIRS - 1]).gate is None
    assert fit_gaps(chance * 3).gate is None


def test_repeated_gaps_are_read_from_the_archive_s_dated_figures(archive_engine):
    from factlint.match.daygate import repeated_gaps

    night = "Russia launched 154 drones at Kyiv overnight, the air force said.\n"
    engine = archive_engine({
        "a.md": "---\ndate: 2023-05-28\n---\nDrones over Kyiv\n\n" + night,
        "b.md": "---\ndate: 2023-05-29\n---\nKyiv attacked\n\nRussia sent 154 drones at Kyiv on Sunday, the "
                "air force said.\n",
        "c.md": "---\ndate: 2024-02-10\n---\nAnother night\n\n" + night,
        "d.md": "Undated\n\n" + night,  # no day: says nothing
        "e.md": "---\ndate: 2023-05-28\n---\nFew\n\nRussia launched 2 drones at Kyiv overnight.\n",
    })
    gaps = sorted(repeated_gaps(engine.corpus()))
    assert len(gaps) == 3 and gaps[0] <= 1 and gaps[1] > 200 and gaps[2] > 200, gaps


@pytest.mark.slow
@pytest.mark.skipif(not _calibrate().labelled_sets(), reason="the labelled sets (../shared/eval) are not here")
def test_the_stored_fit_is_what_the_labelled_data_gives():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "calibrate.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_the_warning_names_the_article_quotes_its_sentence_and_says_why(two_nights):
    from factlint.lsp.convert import hover_markdown

    (f,) = _figures(two_nights, _draft("2023-09-10", 40))
    (src,) = f.sources
    assert (src.title, src.outlet, src.date) == ("Drones over Kyiv again", "Example Wire", "2023-09-10")
    assert src.excerpt.startswith("Russia launched **33** drones at Kyiv, the Ukrainian air force said.")
    because = f.data["match"]["because"]
    assert "both count drones, the same act (launch)" in because and "on 10 September 2023" in because
    hover = hover_markdown([f])
    assert "“Drones over Kyiv again”, Example Wire, 2023-09-10" in hover and "**33**" in hover and because in hover
    assert f.message.startswith("The corpus has 33 drones for this (sept.md:") and "Example Wire, 2023-09-10" in f.message


TOLL = ("---\ntitle: {title}\ndate: {date}\noutlet: {outlet}\n---\n{title}\n\n"
        "The Russian missile strike on the apartment block in Dnipro has killed {n} people, "
        "the regional governor said.\n")


@pytest.fixture
def rising_toll(tmp_path, make_engine):
    return build_archive(make_engine, tmp_path / "archive", {
        "early.md": TOLL.format(title="Strike on Dnipro", date="2023-01-14", outlet="Wire A", n=12),
        "later.md": TOLL.format(title="Dnipro toll rises", date="2023-01-15", outlet="Wire B", n=25)})


def _toll(n: int) -> str:
    return (_dated("Dnipro", "2023-01-15") + "The Russian missile strike on the apartment block in Dnipro "
            f"has killed {n} people, the regional governor said.\n")


def test_a_draft_that_agrees_with_any_of_the_archive_s_values_is_not_flagged(rising_toll):
    assert _figures(rising_toll, _toll(12)) == []  # the early count
    assert _figures(rising_toll, _toll(25)) == []  # the later one


def test_a_conflict_lists_the_archive_s_values_latest_first_and_is_not_the_archive_s_own_disagreement(rising_toll):
    (f,) = _figures(rising_toll, _toll(30))
    assert f.message.startswith("The corpus has other values for this: 25 people (Wire B, 2023-01-15")
    assert f.message.index("25 people") < f.message.index("12 people (Wire A, 2023-01-14")
    assert "disagrees" not in f.message
    assert [e.replacement for e in f.suggestions] == ["25", "12"]


def test_a_conflict_lists_another_outlet_s_count_of_the_same_night_however_it_scored(tmp_path, make_engine):
    # two sources' counts of one night, told in sentences unlike each other: the hint gives both;
    # an outlet's count of another night is not one of them
    ministry = _front("Drones over the Moscow region", "2023-08-01") + (
        "Air defence systems shot down two drones over the Moscow region, the defence ministry said on "
        "its Telegram channel early on Tuesday.\n")

    def rescuers(date):
        return _front("Moscow tower hit", date) + (
            "Rescue services told a news agency that one drone was shot down over the Moscow region, and "
            "another hit the tower.\n")

    draft = _dated("Moscow", "2023-08-01") + (
        "Air defence systems shot down four drones over the Moscow region, the defence ministry said on Tuesday.\n")
    for date, cited in (("2023-08-01", ["one", "two"]), ("2023-07-30", ["two"])):
        engine = build_archive(make_engine, tmp_path / date, {"ministry.md": ministry, "rescuers.md": rescuers(date)})
        (f,) = _figures(engine, draft)
        assert sorted(e.replacement for e in f.suggestions) == cited


def test_a_draft_count_is_the_sum_of_two_archive_counts_of_one_night_only(tmp_path, make_engine):
    # "five drones" is the archive's three and two when both count one night's drones; three of
    # the 30th and two of the 1st (the draft between them, each within the gate) are no parts of one count
    def told(title, date, n):
        return _front(title, date) + (
            f"The defence ministry said {n} drones were shot down over the Moscow region.\n")

    draft = _dated("Moscow", "2023-07-31") + (
        "The defence ministry said five drones were shot down over the Moscow region.\n")
    nights = build_archive(make_engine, tmp_path / "nights", {
        "sunday.md": told("Drones over Moscow", "2023-07-30", "three"),
        "tuesday.md": told("Drones over Moscow again", "2023-08-01", "two")})
    (f,) = _figures(nights, draft)
    assert {e.replacement for e in f.suggestions} <= {"three", "two"} and f.suggestions
    one_night = build_archive(make_engine, tmp_path / "one", {
        "sunday.md": told("Drones over Moscow", "2023-07-30", "three"),
        "sunday2.md": told("Moscow tower hit", "2023-07-30", "two")})
    assert _figures(one_night, draft) == []


def test_an_undated_draft_s_weekday_tells_which_night_it_agrees_with(tmp_path, make_engine):
    # the draft names Sunday: the archive's Sunday count of the same act agrees, and the closer
    # worded count of Tuesday, two days off and within the gate, is another night's
    engine = build_archive(make_engine, tmp_path / "archive", {
        "sunday.md": _front("Business district hit", "2023-07-30") + (
            "Three drones attacked Moscow in the early morning of July 30, the defence ministry claimed. "
            "Air traffic at one airport was briefly halted.\n"),
        "tuesday.md": _front("Ukrainian drones over Moscow", "2023-08-01") + (
            "Two Ukrainian drones attacked Moscow, the defence ministry said. Two of them hit office towers.\n")})
    draft = ("Three Ukrainian drones attacked Moscow early on Sunday, the defence ministry said. "
             "Two of them hit office towers.\n")
    assert _figures(engine, draft) == []
    # named on no weekday, nothing tells the nights apart but the words
    assert _figures(engine, draft.replace(" early on Sunday", ""))


BOUNDS = ("---\ntitle: {title}\ndate: 2023-08-01\noutlet: Wire A\n---\n{title}\n\n"
          "A drone hit the office tower in Moscow overnight. At least {dead} people were killed in the strike, "
          "the mayor said. Glazing was destroyed over {area} square metres, the mayor said.\n")


def test_a_bound_rises_within_a_day_only_when_it_counts_people(tmp_path, make_engine, wordnet):
    """Two lower bounds of one fact are one bound, unless the draft's is a later count: a toll
    rises within a day as the dead are found; an area told once does not; a draft with no date
    may be the later report of a toll."""
    lex = wordnet
    assert lex.names_people("civilians") and lex.names_people("people") and lex.names_people("residents")
    assert not lex.names_people("drones") and not lex.names_people("metres")  # a drone's first sense is no person
    engine = build_archive(make_engine, tmp_path / "archive", {"morning.md": BOUNDS.format(title="Tower hit", dead=20, area=150)})
    draft = _dated("Tower hit again", "2023-08-01") + BOUNDS.split("\n\n", 1)[1]
    assert _figures(engine, draft.format(dead=20, area=150)) == []
    assert _figures(engine, draft.format(dead=24, area=150)) == []  # the evening's toll
    (f,) = _figures(engine, draft.format(dead=20, area=188))
    undated = BOUNDS.split("\n\n", 1)[1]  # which report came first is unknown: a toll may be the later
    assert _figures(engine, undated.format(dead=24, area=150)) == []
    (g,) = _figures(engine, undated.format(dead=20, area=188))
    # the warning says the day went unchecked, and what would check it
    assert "not compared by day (no date could be read from the draft" in g.data["match"]["because"]
    assert "not compared by day" not in f.data["match"]["because"]
    assert f.message.startswith("The corpus has more than 150 square metres for this (morning.md:"), f.message


def test_a_part_of_the_archive_s_count_is_not_cited_as_another_value_of_it(tmp_path, make_engine):
    text = ("Five people were injured when drone debris fell on two districts of Kyiv overnight, the mayor said. "
            "Three of them were injured in a high-rise building.\n")
    engine = build_archive(make_engine, tmp_path / "archive", {"night.md": _front("Debris falls on Kyiv", "2023-05-08") + text})
    (f,) = _figures(engine, _dated("Kyiv night", "2023-05-08") + "Seven people were injured in Kyiv, officials said.\n")
    assert f.message.startswith("The corpus has five people for this (night.md:"), f.message
    assert [e.replacement for e in f.suggestions] == ["Five"]


def _scored_pair(cal, positive, **cols):
    from factlint.match.samefact import FEATURES

    return cal.Scored("s", "e", "d.md", positive, tuple(float(cols.get(k, 0.0)) for k in FEATURES), True)


def test_the_same_fact_model_fit_is_reproducible_and_separates_what_its_pairs_separate():
    from factlint.match.samefact import FEATURES, SameFact

    cal = _calibrate()
    rows = ([_scored_pair(cal, True, same_day=1, event_cosine=0.6 + i / 100) for i in range(6)]
            + [_scored_pair(cal, False, day_gap=0.8, event_cosine=0.6 + i / 100) for i in range(6)])
    fitted = cal.fit_same_fact(rows)
    assert fitted == cal.fit_same_fact(list(reversed(rows)))  # same data, same weights
    model = SameFact.from_json(fitted)
    weight = dict(zip(FEATURES, model.weights))
    assert weight["same_day"] > 0 > weight["day_gap"]
    assert cal.same_fact_errors(fitted, rows) == (0, 0)
    assert cal.fit_same_fact([r for r in rows if r.positive]) is None  # nothing to separate: no model


def test_evidence_that_cannot_be_read_is_neither_for_nor_against(two_nights):
    """A draft figure with no actor, no place and no date: those columns are 0 against every
    archive figure, so whatever the weights, what cannot be read moves the score by nothing;
    the same figure dated and told with its actor reads as evidence."""
    from factlint.engine import CheckContext
    from factlint.match.figures import ranked_claims, sole_values
    from factlint.match.samefact import FEATURES, evidence

    def rows(text):
        ctx = CheckContext(two_nights.analyse(text, "d.md"), two_nights.corpus(), two_nights.config, two_nights, {})
        out = []
        for claim, _, ranked in ranked_claims(ctx, max_gap=math.inf):
            sole = sole_values(ranked)
            out += [dict(zip(FEATURES, evidence(claim, s, sole.get(s.figure.article_id) == 1, 11)))
                    for s in ranked]
        return out

    bare = rows("40 drones were launched overnight, officials said.\n")
    assert len(bare) == 2  # May's and September's
    for row in bare:
        assert row["place_same"] == row["place_clash"] == row["actor_same"] == row["actor_clash"] == 0.0
        assert row["same_day"] == row["day_gap"] == 0.0
    told = rows(_draft("2023-09-10", 40))
    assert sorted((r["same_day"], r["day_gap"] > 0) for r in told) == [(0.0, True), (1.0, False)]
    assert all(r["actor_same"] == 1.0 for r in told)


def test_the_decision_fit_moves_a_threshold_only_on_a_gain_of_two_flags_or_a_false_alarm(monkeypatch):
    """Coordinate ascent over the decision's thresholds: with a decision that flags a figure
    when its sentence overlap reaches `min_sentence`, the fit finds the value that keeps the
    labelled conflicts and drops the false alarms; with nothing to gain, or one flag, it keeps
    the hand-set values; the same cases give the same values."""
    from dataclasses import asdict

    from factlint.match import figures
    from factlint.match.params import Decision

    cal = _calibrate()
    monkeypatch.setattr(figures, "decide", lambda claim, ranked, siblings, d: [1] if claim >= d.min_sentence else [])
    # overlaps of labelled conflicts (on a flag) and of clean figures
    cases = ([cal.Case("s", "e", o, [], [], frozenset({k})) for k, o in enumerate((0.5, 0.6, 0.7))]
             + [cal.Case("s", "e", o, [], [], frozenset()) for o in (0.2, 0.3)])
    flags = [cal.Flags("s", {0: "e", 1: "e", 2: "e"}, 3)]
    hand = asdict(Decision())
    assert cal.tally(cases, flags, hand) == {"s": [3, 3, 4, 3]}  # at 0.22, 0.3 is a false alarm
    values = cal.fit_decision(cases, flags)
    assert 0.3 < values["min_sentence"] <= 0.5 and cal.tally(cases, flags, values) == {"s": [3, 3, 3, 3]}
    assert {k: v for k, v in values.items() if k != "min_sentence"} == {k: v for k, v in hand.items()
                                                                      if k != "min_sentence"}
    assert values == cal.fit_decision(list(reversed(cases)), flags)
    assert cal.fit_decision(cases[:3], flags) == hand  # nothing to gain: as set by hand
    # one more flag below the hand-set bar (0.2 against 0.22) is one case: not enough to move it
    low = [cal.Case("s", "e", o, [], [], frozenset({k})) for k, o in enumerate((0.2, 0.5, 0.6))]
    assert cal.tally(low, flags, dict(hand, min_sentence=0.18)) == {"s": [3, 3, 3, 3]}
    assert cal.fit_decision(low, flags) == hand
    # ... two are
    two = low + [cal.Case("s", "e", 0.21, [], [], frozenset({3}))]
    assert cal.fit_decision(two, [cal.Flags("s", {0: "e", 1: "e", 2: "e", 3: "e"}, 4)])["min_sentence"] <= 0.2


def test_a_part_is_never_the_counterpart_of_a_whole(tmp_path, make_engine):
    # the archive's six hypersonic missiles (a part) is the best-scoring conflicting figure of
    # the draft's whole; it is another fact, so the whole is weighed against the archive's whole
    head = _front("Missiles over Kyiv", "2023-05-16")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "night.md": head + ("Ukrainian air defences shot down missiles aimed at Kyiv on Tuesday, including six "
                            "hypersonic missiles, officials said. In all, 18 missiles were shot down, the air force "
                            "said.\n")})
    draft = (_dated("Kyiv", "2023-05-16") + "Ukrainian air defences shot down 22 missiles aimed at Kyiv on "
             "Tuesday, including six hypersonic missiles, officials said.\n")
    (f,) = _figures(engine, draft)
    assert draft[f.span.start:f.span.end] == "22" and f.data["corpus_values"] == [18.0]


def test_a_bound_the_archive_s_own_value_fits_does_not_confirm_another_value(tmp_path, make_engine):
    head = _front("Drones over Kyiv", "2023-05-28")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "early.md": head + "Air defences destroyed over 40 drones over Kyiv overnight, the mayor said.\n",
        "later.md": head + "Air defences destroyed 52 drones over Kyiv overnight, the air force said.\n"})
    draft = _dated("Kyiv", "2023-05-28") + "Air defences destroyed 65 drones over Kyiv overnight.\n"
    (f,) = _figures(engine, draft)
    assert draft[f.span.start:f.span.end] == "65" and f.data["corpus_values"] == [52.0]
    # a value that only the bound can speak for is not flagged (the archive has nothing closer)
    (tmp_path / "b").mkdir()
    bound_only = build_archive(make_engine, tmp_path / "b" / "archive", {"early.md": head + "Air defences destroyed over 40 drones "
                                                        "over Kyiv overnight, the mayor said.\n"})
    assert _figures(bound_only, draft) == []


def test_the_whole_of_n_out_of_m_is_the_total_of_the_attack(tmp_path, make_engine):
    head = _front("Drones over Kyiv", "2023-05-28")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "night.md": head + "In the largest drone attack on Kyiv, Russia deployed a total of 54 drones, of which "
                           "52 were destroyed, the air force said.\n"})
    draft = (_dated("Kyiv", "2023-05-28") + "In the largest drone attack on Kyiv, the air force reported "
             "downing 52 out of 68 drones.\n")
    (f,) = _figures(engine, draft)
    assert draft[f.span.start:f.span.end] == "68" and f.data["corpus_values"] == [54.0]


def _script(name: str):
    """A script of scripts/ as a module."""
    spec = importlib.util.spec_from_file_location(f"factlint_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _two_wires(tmp_path, first: str, second: str):
    """An archive of two wire stories of 28 May 2023 (a.md, b.md) with these bodies."""
    archive = tmp_path / "archive"
    archive.mkdir()
    head = "---\ntitle: Drones over Kyiv {n}\ndate: 2023-05-28\noutlet: Wire {n}\n---\nDrones over Kyiv\n\n"
    for n, (name, body) in enumerate((("a.md", first), ("b.md", second)), 1):
        (archive / name).write_text(head.format(n=n) + body + "\n", encoding="utf-8")
    return archive


def test_the_probe_changes_an_attested_figure_and_finds_it(tmp_path, capsys):
    # scripts/probe.py: a figure another article of the same day states is changed in a copy of
    # its article, which is checked against the rest of the archive; a bound is not probed
    probe = _script("probe")
    archive = _two_wires(tmp_path, "Russia launched 54 drones at Kyiv overnight, the air force said. Over 40 were "
                                   "shot down.", "Russia launched 54 drones at Kyiv overnight, officials said. More "
                                                 "than 40 were downed.")
    assert probe.changed("54") == "68" and probe.changed("1,541") == "1,926" and probe.changed("six") is None
    assert probe.main([str(archive)]) == 0
    out = capsys.readouterr().out
    assert "attested figures 2  found changed 2 (1.00)" in out


def test_a_number_word_that_began_the_archive_s_sentence_is_said_in_lower_case(tmp_path, make_engine):
    head = _front("Strike on Kyiv", "2023-05-28")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "night.md": head + "Russian missiles hit a block of flats in Kyiv overnight. Four people were killed in "
                           "the strike on Kyiv, the mayor said.\n"})
    draft = _dated("Kyiv", "2023-05-28") + "Six people were killed in the strike on Kyiv overnight, the mayor said.\n"
    (f,) = _figures(engine, draft)
    assert f.message.startswith("The corpus has four people for this (night.md:"), f.message


def test_a_duration_told_with_another_verb_is_the_article_s_only_duration(tmp_path, make_engine):
    # a duration's verb says how the attack went on ("pounded", "persisted"), not what was
    # counted: the one duration of the draft's own article is its duration, however its
    # sentence is worded
    head = _front("Drones pound Kyiv", "2024-11-07")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "night.md": head + "Russian drones attacked Kyiv overnight, Mayor Vitali Klitschko said, and debris set fire "
                           "to a high-rise building in one of five districts hit.\n\nDespite the efforts of air "
                           "defense systems, the assault persisted for eight hours.\n"})
    draft = (_dated("Kyiv", "2024-11-07") + "Explosions shook the capital for {n} hours as people watched from their "
             "balconies.\n\nMayor Vitali Klitschko said Russian drones attacked Kyiv overnight and debris set fire to a "
             "high-rise building in one of five districts hit.\n")
    (f,) = _figures(engine, draft.format(n="seven"))
    assert f.data["corpus_values"] == [8.0]
    assert _figures(engine, draft.format(n="eight")) == []


def test_an_ordinal_of_attacks_is_of_its_own_night(tmp_path, make_engine):
    # "the fourth air attack on Kyiv this month" counts up to its own night: two days on, the
    # sixth is another night's count, not a conflict; the day after, it is the same night's
    head = _front("Missiles hit Kyiv", "2023-06-01")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "night.md": head + "Russian missiles hit Kyiv overnight, killing three people. It was the fourth air attack "
                           "on Kyiv this month, the city's military administration said.\n"})
    # (the draft's lede names no night: "overnight" in a story of the 2nd would be another night's)
    text = ("Russian missiles hit Kyiv, injuring two people. It was the sixth air attack on Kyiv this "
            "month, the city's military administration said.\n")
    assert [f.data["corpus_values"] for f in _figures(engine, _dated("Kyiv", "2023-06-02") + text)
            if f.data["corpus_values"] == [4.0]]
    assert not [f for f in _figures(engine, _dated("Kyiv", "2023-06-03") + text) if f.data["corpus_values"] == [4.0]]


def test_nights_out_checks_each_article_without_its_event(tmp_path, capsys):
    # scripts/probe.py --nights-out: an article is checked against the archive without every
    # article of its own event; a finding there is counted (another night's fact)
    probe = _script("probe")
    archive = _two_wires(tmp_path, "Russia launched 54 drones at Kyiv overnight, the air force said.",
                         "Russia launched 68 drones at Kyiv overnight, the air force said.")
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "n", "files": ["a.md", "b.md"]}\n', encoding="utf-8")
    two = tmp_path / "two.jsonl"
    two.write_text('{"id": "n1", "files": ["a.md"]}\n{"id": "n2", "files": ["b.md"]}\n', encoding="utf-8")
    assert probe.main([str(archive), "--nights-out", str(one)]) == 0
    assert "findings 0 on 0 articles" in capsys.readouterr().out
    # told as two events, each article meets the other's count: two findings
    assert probe.main([str(archive), "--nights-out", str(two), "-v"]) == 0
    out = capsys.readouterr().out
    assert "findings 2 on 2 articles" in out and "a.md:8: '54'" in out


def test_the_checker_decides_with_the_stored_decision_fit_and_each_fold_with_its_own():
    from dataclasses import asdict

    from factlint.match.params import DECISION, FITTED, HAND_DECISION

    stored = FITTED["DECISION"]
    assert asdict(DECISION) == stored["values"] != asdict(HAND_DECISION)
    cal = _calibrate()
    assert cal._fold(FITTED, "in sample", "dev")["DECISION"]["values"] == stored["values"]
    assert cal._fold(FITTED, "set left out", "archive-dev")["DECISION"]["values"] == \
        stored["leave_one_set_out"]["archive-dev"]
    event, values = next(iter(stored["leave_one_event_out_folds"]["archive-dev"].items()))
    assert cal._fold(FITTED, "event left out", "archive-dev", event)["DECISION"]["values"] == values
    # the decision report keeps a fold's differences only; the stored entry has whole values
    out = {"values": {"a": 1, "b": 2}, "fitted_on": "x", "summary": "y",
           "leave_one_set_out": {"s": {"values": {"a": 3, "b": 2}}},
           "leave_one_event_out_folds": {"s": {"e1": {}, "e2": {"b": 5}}}}
    entry = cal.decision_entry(out)
    assert entry["leave_one_set_out"] == {"s": {"a": 3, "b": 2}}
    assert entry["leave_one_event_out_folds"] == {"s": {"e1": {"a": 1, "b": 2}, "e2": {"a": 1, "b": 5}}}


def test_a_draft_figure_at_another_place_does_not_state_the_archive_s_fact(tmp_path, make_engine):
    # the archive's headline names Sumy (the tagger does not read it as a place); the draft's
    # "two others" at Zaporizhia says nothing about the toll at Sumy, so the 20 killed is compared
    head = _front("Ukraine war latest", "2023-07-31")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "latest.md": head + "Russia launches missile attack at educational institution in Sumy, kills 2, injures 20\n"})
    draft = (_dated("War returns", "2023-07-31") + "Meanwhile, a Russian missile attack on the "
             "northeastern Ukrainian city of Sumy on July 29 killed 20 people, while a rocket attack on Zaporizhia "
             "killed two others.\n")
    (f,) = _figures(engine, draft)
    assert draft[f.span.start:f.span.end] == "20" and f.data["corpus_values"] == [2.0]
    agreeing = draft.replace("killed 20 people", "killed two people")
    assert _figures(engine, agreeing) == []


def test_a_later_count_is_cited_beside_the_best_match_and_a_bound_both_fit_confirms_nothing(tmp_path, make_engine):
    def head(day):
        return _front("Strike on Dnipro", f"2023-01-{day}")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "evening.md": head(14) + ("Russia's missile strike on an apartment building in Dnipro has killed 12 people. "
                                  "The governor reported that 64 people were wounded in the attack on Dnipro.\n"),
        "next-day.md": head(15) + ("The search operation in Dnipro has involved 550 people, the governor said. More "
                                   "than 70 people were injured in Dnipro. Of the 73 people injured during the "
                                   "strike, 30 were hospitalized.\n")})
    draft = (_dated("Dnipro", "2023-01-15") + "The governor reported that at least 91 people were wounded "
             "in the strike on Dnipro, and 30 were hospitalized.\n")
    # (and "30 were hospitalized" is no count of the wounded or the killed: one finding)
    (f,) = _figures(engine, draft)
    # "more than 70" fits 73 as well as 91: it confirms neither; "550 people involved" fits "at
    # least 91" but its article holds the 73 injured, so it is not another event
    assert draft[f.span.start:f.span.end] == "91" and f.data["corpus_values"] == [73.0, 64.0]
    assert f.message.index("73") < f.message.index("64")  # latest first
    fixed = draft.replace("at least 91", "73")
    assert not [f for f in _figures(engine, fixed) if fixed[f.span.start:f.span.end] == "73"]


def test_an_added_count_is_never_the_count_it_adds_to(tmp_path, make_engine):
    head = _front("Uman", "2023-04-29")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "uman.md": head + "In Uman, one more person died in hospital on Saturday, the police said.\n"})
    draft = _dated("Uman", "2023-04-29") + "In Uman, four people died in hospital on Saturday, the police said.\n"
    assert _figures(engine, draft) == []
    (f,) = _figures(engine, draft.replace("four people", "four more people"))
    assert f.data["corpus_values"] == [1.0]


def test_the_event_grouping_measurement_scores_groups_against_the_events_file(tmp_path, capsys):
    # scripts/event_groups.py: articles a day apart that read alike are one group; the pairwise
    # scores compare the groups with the labelled events (docs/accuracy.md quotes its numbers)
    groups = _script("event_groups")
    archive = tmp_path / "archive"
    archive.mkdir()
    head = "---\ntitle: {t}\ndate: {d}\n---\n{t}\n\n"
    night = "Russia launched 54 Shahed drones at Kyiv overnight; debris hit Solomianskyi and Holosiivskyi districts.\n"
    (archive / "a.md").write_text(head.format(t="Kyiv night", d="2023-05-28") + night, encoding="utf-8")
    (archive / "b.md").write_text(head.format(t="Kyiv night", d="2023-05-29") + night, encoding="utf-8")
    (archive / "c.md").write_text(head.format(t="Kyiv night", d="2023-09-10") + night, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"id": "may", "files": ["a.md", "b.md"]}) + "\n"
                      + json.dumps({"id": "sept", "files": ["c.md"]}) + "\n", encoding="utf-8")
    assert groups.main([str(archive), str(events)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    # alike words, so the days alone keep September apart: every pair right at every setting
    assert rows and all(r[3:] == ["1.00", "1.00"] for r in rows)


def test_people_counted_by_another_act_beside_a_harm_are_another_count(tmp_path, make_engine):
    # "hospitalized" is in no list of acts: beside "killed" it is still another count of people,
    # not a missing piece of evidence (the archive-dev probe's own findings had six such pairs)
    head = _front("Drones hit Kyiv", "2022-10-17")
    engine = build_archive(make_engine, tmp_path / "archive", {
        "kyiv.md": head + "Klitschko said four people were killed after a kamikaze drone hit a residential building "
                          "in Kyiv on Monday morning.\n"})
    draft = (_dated("Kyiv", "2022-10-17") + "Klitschko said three people were hospitalized after a "
             "kamikaze drone hit a residential building in Kyiv on Monday morning.\n")
    assert _figures(engine, draft) == []
    (f,) = _figures(engine, draft.replace("hospitalized", "killed"))
    assert f.data["corpus_values"] == [4.0]


def test_a_story_does_not_report_a_night_begun_after_it_was_published(tmp_path, make_engine):
    # the archive's story of the 16th reports no night that began on the 17th, however near the
    # day gate puts it, nor the night begun in its own evening (overnight, in a story of the
    # 17th: the next night); an act of its own day it may ("on Tuesday", the 16th)
    engine = build_archive(make_engine, tmp_path / "archive", {
        "tuesday.md": NIGHT.format(title="Drones over Kyiv", date="2023-05-16", n=54)})
    overnight = ("Russia launched 40 drones at Kyiv overnight, the Ukrainian air force said. "
                 "Most were shot down over the capital.\n")
    assert _figures(engine, _dated("Night attack", "2023-05-18") + overnight) == []
    assert _figures(engine, _dated("Night attack", "2023-05-17") + overnight) == []
    (f,) = _figures(engine, _dated("Night attack", "2023-05-17") + overnight.replace("overnight", "on Tuesday"))
    assert [e.replacement for e in f.suggestions] == ["54"]
    # a story dated by its publication day only, two days on: within the gate, compared
    (f,) = _figures(engine, _draft("2023-05-18", 40))
    assert [e.replacement for e in f.suggestions] == ["54"]


def test_a_day_read_from_a_story_s_text_is_no_publication_day_to_rule_a_night_out(tmp_path, make_engine):
    # with no front matter the story's day is the latest its text names: it went out then or
    # later, so a night begun after that day may still be its own; a stated date rules it out
    body = ("Russia launched 54 drones at Kyiv, the Ukrainian air force said. Air defences shot down most "
            "of them over the capital.\n\nThe previous attack on the city was on May 15, 2023.\n")
    overnight = _dated("Night attack", "2023-05-17") + (
        "Russia launched 40 drones at Kyiv overnight, the Ukrainian air force said. "
        "Most were shot down over the capital.\n")
    read = build_archive(make_engine, tmp_path / "read", {"kyiv.md": "Drones over Kyiv\n\n" + body})
    (f,) = _figures(read, overnight)
    assert [e.replacement for e in f.suggestions] == ["54"]
    stated = build_archive(make_engine, tmp_path / "stated", {
        "kyiv.md": _front("Drones over Kyiv", "2023-05-15") + body})
    assert _figures(stated, overnight) == []


@pytest.mark.parametrize("when", ["last month", "a year ago", "two weeks ago", "last year"])
def test_an_act_dated_back_from_the_story_s_day_is_not_the_night_it_reports(tmp_path, make_engine, when):
    # "launched 90 drones last month" told in a story of 27 June is not that night's 40: the
    # retrospective date is read against the story's day (facts.when), not taken for it
    engine = build_archive(make_engine, tmp_path / "archive", {
        "june.md": NIGHT.format(title="Drones over Kyiv", date="2023-06-27", n=40)})
    dated = _dated("Night attack", "2023-06-27")
    tonight = dated + ("Russia launched 90 drones at Kyiv, the Ukrainian air force said. "
                       "Most were shot down over the capital.\n")
    (f,) = _figures(engine, tonight)
    assert [e.replacement for e in f.suggestions] == ["40"]
    back = tonight.replace("at Kyiv,", f"at Kyiv {when},")
    assert _figures(engine, back) == []


@pytest.mark.parametrize("context", [
    "Last month, a similar attack hit the capital. Russia launched 90 drones at Kyiv, the Ukrainian air force said.",
    "The capital was attacked on June 12. Russia launched 90 drones at Kyiv, the Ukrainian air force said.",
    "The Ukrainian air force said on June 12 that Russia had launched 90 drones at Kyiv.",
    # a date that only points back ("that night") is dated by what it points back to
    "The capital was attacked on June 12. Russia launched 90 drones at Kyiv that night, the Ukrainian air force said.",
])
def test_an_undated_act_takes_the_days_its_context_gives(tmp_path, make_engine, context):
    # an act whose own clause names no day is dated by the verb its clause hangs from ("said on
    # June 12 that ...") or by the sentence before it in its paragraph, not by the story's day:
    # here another night than the 40 of 27 June (when.context_dates)
    engine = build_archive(make_engine, tmp_path / "archive", {
        "june.md": NIGHT.format(title="Drones over Kyiv", date="2023-06-27", n=40)})
    dated = _dated("Night attack", "2023-06-27")
    assert _figures(engine, dated + context + "\n") == []
    # the same sentences with the context's day the story's own: compared, and in conflict
    same = context.replace("Last month", "On Tuesday").replace("June 12", "June 27")
    (f,) = _figures(engine, dated + same + "\n")
    assert [e.replacement for e in f.suggestions] == ["40"]
    # ... and the day before it: the night and the day after, said in words a reporter reads
    (f,) = _figures(engine, dated + same.replace("On Tuesday", "On Monday").replace("June 27", "June 26") + "\n")
    assert "a day apart" in f.data["match"]["because"]


def test_a_context_that_names_two_nights_dates_nothing(tmp_path, make_engine):
    # the sentence before names two days far apart: which one the act is on is not said, so it
    # keeps its story's day (and is compared with that night's figure)
    engine = build_archive(make_engine, tmp_path / "archive", {
        "june.md": NIGHT.format(title="Drones over Kyiv", date="2023-06-27", n=40)})
    draft = (_dated("Night attack", "2023-06-27") + "Kyiv was attacked on June 12 and again on June 27. "
             "Russia launched 90 drones at Kyiv, the Ukrainian air force said.\n")
    (f,) = _figures(engine, draft)
    assert [e.replacement for e in f.suggestions] == ["40"]


def test_a_sentence_that_only_points_back_is_passed_over_and_explain_says_what_dated_the_act(tmp_path, make_engine):
    # "that night" in the sentence before points further back, to June 12: the act is of that
    # night, not the story's day, and explain-match says where its days came from
    from factlint.engine import CheckContext
    from factlint.match.figures import explain

    engine = build_archive(make_engine, tmp_path / "archive", {
        "june.md": NIGHT.format(title="Drones over Kyiv", date="2023-06-27", n=40)})
    text = (_dated("Night attack", "2023-06-27") + "The capital was attacked on June 12. Air defences were busy "
            "that night. Russia launched 90 drones at Kyiv, the Ukrainian air force said.\n")
    assert _figures(engine, text) == []
    ctx = CheckContext(engine.analyse(text, "d.md"), engine.corpus(), engine.config, engine, {})
    assert explain(ctx, text.index("90"))["dated_by"] == "its context (June 12)"
    undated = text.replace("The capital was attacked on June 12. Air defences were busy that night. ", "")
    ctx = CheckContext(engine.analyse(undated, "d.md"), engine.corpus(), engine.config, engine, {})
    assert explain(ctx, undated.index("90"))["dated_by"] == "its story's publication day"


# a night of Odesa in the archive; a story of the next night reads alike, every count its own
ODESA = ("Russia attacked Odesa overnight with {missiles} missiles and {drones} drones, the Ukrainian air force said. "
         "Air defences shot down {down} drones over the region. {hurt} people were injured in the city, the "
         "governor said.\n")


def test_an_article_contradicted_by_three_figures_and_confirmed_by_none_is_another_night(archive_engine):
    engine = archive_engine({"odesa.md": _front("Russia strikes Odesa", "2023-07-19")
                             + ODESA.format(missiles=22, drones=36, down=31, hurt=12)})

    # (the draft's acts dated by its story's day alone, a day after the archive's: a night the
    # draft named, "overnight" on the 20th, would be another night than the 19th's by its days)
    told = ODESA.replace(" overnight", "")

    def flagged(**counts):
        draft = _dated("Russia strikes Odesa again", "2023-07-20") + told.format(**counts)
        return sorted(draft[f.span.start:f.span.end] for f in engine.check(draft, "d.md") if f.code == "figure/conflict")

    # every count differs: another night's story, however alike it reads; explain-match says so
    assert flagged(missiles=19, drones=19, down=13, hurt=19) == []
    from factlint.engine import CheckContext
    from factlint.match.figures import explain

    draft = _dated("Russia strikes Odesa again", "2023-07-20") + told.format(missiles=19, drones=19, down=13, hurt=19)
    r = explain(CheckContext(engine.analyse(draft, "d.md"), engine.corpus(), engine.config, engine, {}),
                draft.index("13 drones"))
    assert r["verdict"] == "no conflict" and "odesa.md is another night's story" in r["other_night"]
    # the night confirmed by one count that tells nights apart: the others are the draft's errors
    assert len(flagged(missiles=22, drones=19, down=13, hurt=19)) == 3
    # two counts wrong and nothing confirming: still the draft's errors (an early and a later
    # count of one night differ this way too)
    assert len(flagged(missiles=19, drones=19, down=31, hurt=12)) == 2
    # one wrong figure said three times is one contradiction, not three
    again = _dated("Russia strikes Odesa again", "2023-07-20") + "\n\n".join(
        [told.format(missiles=19, drones=36, down=31, hurt=12)] * 3)
    assert len([f for f in engine.check(again, "d.md") if f.code == "figure/conflict"]) == 3


def test_a_story_s_lede_dates_its_undated_acts_apart_from_another_night_s(tmp_path, make_engine):
    # "two injured" has no day of its own; its story's lede does ("overnight" on the 10th: the
    # night of the 9th to the 10th), and so does the archive's ("On the night of 7-8 May"): two
    # nights, two days apart, within the day gate of the publication days alone
    engine = build_archive(make_engine, tmp_path / "archive", {
        "may8.md": _front("Drones hit Kyiv", "2023-05-08") + "On the night of 7-8 May, Russian drones attacked "
                   "Kyiv, the military administration said.\n\nThree people were injured in a high-rise building, "
                   "the mayor said.\n"})
    text = ("Russian drones attacked Kyiv overnight, the military administration said.\n\nFalling debris injured "
            "{n} people in a high-rise building, the mayor said.\n")
    assert _figures(engine, _dated("Kyiv", "2023-05-10") + text.format(n="two")) == []
    (f,) = _figures(engine, _dated("Kyiv", "2023-05-08") + text.format(n="two"))
    assert f.data["corpus_values"] == [3.0]


def test_below_another_night_s_fact_only_a_fact_of_the_draft_s_own_day_is_cited(tmp_path, make_engine):
    # the closest fact is another night's by the ledes; an article whose lede names no day is
    # cited only when its day is the draft's, not a look-alike of a day before
    lede = _front("Drones hit Kyiv", "2023-05-08") + ("On the night of 7-8 May, Russian drones attacked Kyiv, the "
                                                      "military administration said.\n\nThree people were injured "
                                                      "in a high-rise building, the mayor said.\n")
    other = ("Kyiv under attack\n\nDebris fell on the capital, officials said.\n\nFour people were hurt in a "
             "residential building, the mayor said.\n")
    text = (_dated("Kyiv", "2023-05-10") + "Russian drones attacked Kyiv overnight, the military administration "
            "said.\n\nFalling debris injured two people in a high-rise building, the mayor said.\n")
    for day, cited in (("2023-05-09", None), ("2023-05-10", [4.0])):
        engine = build_archive(make_engine, tmp_path / day, {
            "may8.md": lede, "later.md": _front("Kyiv under attack", day) + other})
        found = _figures(engine, text)
        assert [f.data["corpus_values"] for f in found] == ([cited] if cited else []), day


def test_a_night_s_two_days_are_read_with_the_day_first():
    from factlint.facts.when import resolve
    assert resolve("the night of 7-8 May", D(2023, 5, 8)) == resolve("the night of May 7-8", D(2023, 5, 8))
    assert (resolve("7–8 May 2022", None).lo, resolve("7–8 May 2022", None).hi) == (D(2022, 5, 7), D(2022, 5, 8))


def test_two_nights_or_a_night_and_a_day_outside_it_are_apart_a_night_and_its_own_days_are_not():
    from types import SimpleNamespace

    from factlint.facts.when import apart

    def night(day):
        return Days(D(2023, 1, day), D(2023, 1, day + 1), frozenset())

    def day(d):
        return Days(D(2023, 1, d), D(2023, 1, d), frozenset())

    def lede(days):  # a figure with no day of its own, its story's lede dated
        return SimpleNamespace(days=None, story_days=days)

    assert apart(lede(night(3)), SimpleNamespace(days=night(1), story_days=None))
    assert not apart(lede(night(3)), lede(night(3)))
    assert apart(lede(night(3)), lede(day(2)))  # "on Monday", the 2nd: before the night began
    assert not apart(lede(night(1)), lede(day(2))) and not apart(lede(night(1)), lede(day(1)))  # its own days
    # "on Sunday", the 3rd, is not the night of 1-2 (a story of the 3rd recalling that night names it)
    assert apart(lede(night(1)), lede(day(3))) and apart(lede(night(1)), lede(day(4)))
    assert not apart(lede(day(1)), lede(day(2))) and apart(lede(day(1)), lede(day(3)))
    assert not apart(lede(None), lede(night(1)))  # unknown: missing evidence


def test_an_event_another_story_reported_before_the_draft_s_night_began_is_another_night_s(tmp_path, make_engine):
    # a story of the 26th names no day; it gives the 75 launched and 74 downed that a story of
    # the 25th gives: an event reported by the 25th, not the night of 25-26 the draft tells
    counts = "Russia launched 75 drones at Kyiv, the air force said. Air defences shot down 74 of them.\n"
    later = {"later.md": _front("Drones over Kyiv", "2023-11-26") + counts}
    draft = _dated("Kyiv", "2023-11-26") + "Russia launched nine drones at Kyiv overnight, the air force said.\n"
    alone = build_archive(make_engine, tmp_path / "alone", later)
    assert _figures(alone, draft), "the story of the 26th alone may tell the draft's night"
    both = build_archive(make_engine, tmp_path / "both", {
        **later, "first.md": _front("Record drone attack on Kyiv", "2023-11-25") + counts})
    assert _figures(both, draft) == []


def test_two_stories_whose_ledes_name_two_places_the_other_never_names_are_two_events(tmp_path, make_engine):
    # the same day, a Belgorod story's "four children" and a Kharkiv story's "two children":
    # neither sentence names a place; the ledes do, and neither story names the other's city
    belgorod = {"belgorod.md": _front("Shelling of Belgorod", "2023-12-30") +
                "Ukrainian forces shelled the centre of Belgorod, the governor of the Belgorod region said.\n\n"
                "Forty-five people were injured, including four children, the governor said.\n"}
    engine = build_archive(make_engine, tmp_path / "archive", belgorod)
    kharkiv = (_dated("Missiles hit Kharkiv", "2023-12-30") + "Russia fired ten missiles at Kharkiv on Saturday, "
               "hitting a hotel in the centre of Kharkiv, the regional governor said.\n\n"
               "Twenty-eight people were injured, including two children, the governor said.\n")
    assert _figures(engine, kharkiv) == []
    from factlint.engine import CheckContext
    from factlint.match.figures import explain

    ctx = CheckContext(engine.analyse(kharkiv, "d.md"), engine.corpus(), engine.config, engine, {})
    why = explain(ctx, kharkiv.index("two children"))
    assert "kharkiv" in why["story_places"] and [c["apart"] for c in why["candidates"] if c["value"] == 4] == [True]
    # a Kharkiv story that names Belgorod may tell Belgorod's toll: the places say nothing then
    said = kharkiv.replace("the regional governor said.\n", "the regional governor said, a day after Belgorod "
                                                             "was shelled.\n")
    assert [f.data["corpus_values"] for f in _figures(engine, said)] == [[45.0], [4.0]]


def test_a_story_s_places_are_its_lede_s_without_the_dateline_and_countries_are_too_wide_to_tell():
    from factlint.facts.lexicon import load
    from factlint.facts.places import stories_apart

    assert stories_apart(["kharkiv"], {"kharkiv"}, ["belgorod"], {"belgorod", "rusia"})
    assert not stories_apart(["kharkiv"], {"kharkiv", "belgorod"}, ["belgorod"], {"belgorod"})
    assert not stories_apart(["kharkiv"], {"kharkiv"}, [], {"belgorod"})  # a lede with no place: unknown
    lex = load()
    if lex is None:
        pytest.skip("WordNet's files are not installed")
    assert lex.names_country("ukraine") and lex.names_country("u.s.") and not lex.names_country("kiev")
    # both stories name Ukraine: a country does not tell where either is
    assert not stories_apart(["ukraine", "kharkiv"], {"ukraine", "kharkiv"}, ["ukraine"], {"ukraine"},
                             wide=lex.names_country)


def test_a_dateline_is_not_where_the_story_is(make_engine):
    from factlint.facts.places import story_places

    engine = make_engine()
    analysed = engine.analyse("Missiles hit Kharkiv\n\nLONDON — Russia fired ten missiles at Kharkiv on Saturday, "
                              "the governor said.\n", "d.md")
    assert "kharkiv" in story_places(analysed) and "london" not in story_places(analysed)
    # a place is the object of "against", "in", "the attack on"; a day named "on" dates a verb
    analysed = engine.analyse("Record drone raid\n\nRussia sent drones against Kyiv on Holodomor Remembrance Day, "
                              "and an attack on Odesa followed, officials in New York said.\n", "d.md")
    assert {"kyiv", "odesa", "new york"} <= set(story_places(analysed))
    assert not [p for p in story_places(analysed) if "holodomor" in p or p == "new"]


def test_a_fact_of_some_night_of_a_stretch_is_not_the_fact_of_one_night_in_it(tmp_path, make_engine):
    # "Earlier this month ... that night": the stretch (the 1st to the 29th) holds the draft's
    # night, but which of its nights the archive tells, nothing says; a fact of the draft's own
    # night is compared as ever
    later = (_front("Drones hit Moscow offices", "2023-07-30") + "Drones hit two office towers in Moscow overnight, "
             "the mayor said.\n\nEarlier this month, a series of drone attacks disrupted flights at Vnukovo airport. "
             "Russia said that it downed six Ukrainian drones that night.\n")
    engine = build_archive(make_engine, tmp_path / "archive", {"later.md": later})
    draft = (_dated("Drone downed near Moscow", "2023-07-18") + "Russian air defences shot down {n} drones over "
             "the Moscow region overnight, the defence ministry said.\n")
    assert _figures(engine, draft.format(n="three")) == []
    same = build_archive(make_engine, tmp_path / "same", {"later.md": later, "night.md": _front(
        "Drones downed near Moscow", "2023-07-18") + "Air defences downed four drones over the Moscow region "
        "overnight, the defence ministry said.\n"})
    assert [f.data["corpus_values"] for f in _figures(same, draft.format(n="three"))] == [[4.0]]


def test_an_article_stating_two_of_the_draft_s_figures_is_near_however_many_read_closer(tmp_path, make_engine):
    # An archive of many nights that read alike: forty-five stories of one other night share
    # every word of the draft's, the story of the draft's own night shares few; retrieval by words
    # alone (NEAR_ARTICLES, NEAR_PER_PARAGRAPH) never reaches it. It states two of the draft's
    # figures, which brings it near: the draft agrees with its night and is not flagged.
    from factlint.match.params import NEAR_ARTICLES, NEAR_PER_PARAGRAPH

    alike = ("Drones attack Kyiv\n\nRussia launched 40 Shahed drones at Kyiv overnight and air defences destroyed "
             "35 of them, mayor Vitali Klitschko said. Debris fell on a kindergarten in the Solomianskyi district.\n")
    articles = {f"a{i:02d}.md": alike for i in range(NEAR_ARTICLES + NEAR_PER_PARAGRAPH + 5)}
    articles["z-night.md"] = ("Air force report\n\nThe air force counted 32 Shahed drones launched; 25 of them were "
                              "shot down.\n")
    engine = build_archive(make_engine, tmp_path / "archive", articles)
    draft = ("Russia launched 32 Shahed drones at Kyiv overnight and air defences destroyed 25 of them, mayor Vitali "
             "Klitschko said. Debris fell on a kindergarten in the Solomianskyi district.\n")
    assert _figures(engine, draft) == []
    # ... which the other night's forty-five stories alone would have said was wrong
    del articles["z-night.md"]
    crowd = build_archive(make_engine, tmp_path / "crowd", articles)
    assert [f.data["corpus_values"] for f in _figures(crowd, draft)] == [[40.0], [35.0]]


def test_a_fit_with_thresholds_this_version_does_not_know_still_loads(tmp_path):
    # a fitted.json written by another version of the decision: its unknown thresholds are left
    # out with a warning naming the file, the known ones still used; nothing fails
    import subprocess
    import sys

    from factlint.match.params import FITTED

    other = json.loads(json.dumps(FITTED))
    other["DECISION"]["values"]["a_threshold_of_another_version"] = 0.5
    other["DECISION"]["values"]["min_sentence"] = 0.3
    path = tmp_path / "fitted.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "from factlint.match.params import DECISION; "
                           "print(DECISION.min_sentence)"], capture_output=True, text=True,
                          env={**__import__("os").environ, "FACTLINT_FITTED": str(path)})
    assert proc.returncode == 0 and proc.stdout.strip() == "0.3", proc.stderr
    assert "a_threshold_of_another_version" in proc.stderr and str(path) in proc.stderr


def test_a_month_and_day_with_no_year_are_in_the_year_nearest_the_story_s_day():
    from factlint.facts.when import resolve

    # "late on Dec. 31" in a story of 1 January is the day before, not eleven months on
    assert (resolve("late on Dec. 31", D(2023, 1, 1)).lo, resolve("late on Dec. 31", D(2023, 1, 1)).hi) == \
        (D(2022, 12, 31), D(2022, 12, 31))
    assert resolve("Jan. 1", D(2022, 12, 31)).lo == D(2023, 1, 1)
    assert (resolve("Dec. 30-31", D(2023, 1, 2)).lo, resolve("Dec. 30-31", D(2023, 1, 2)).hi) == \
        (D(2022, 12, 30), D(2022, 12, 31))
    assert resolve("May 28", D(2023, 5, 30)).lo == D(2023, 5, 28)
    assert resolve("10 November 2024", D(2025, 1, 1)).lo == D(2024, 11, 10)  # a written year stays


def test_days_the_calendar_names_without_a_number():
    from factlint.facts.when import resolve

    # "the first night of the year" in a story of 2 January is the night of 31 December into 1 January
    first = resolve("the first night of the year", D(2023, 1, 2))
    assert (first.lo, first.hi) == (D(2022, 12, 31), D(2023, 1, 1))
    assert resolve("New Year's Eve", D(2023, 1, 2)).lo == D(2022, 12, 31)
    assert resolve("new year's day", D(2022, 12, 30)).lo == D(2023, 1, 1)
    assert resolve("the first night of the year", None) is None  # no story's day: nothing to count from
