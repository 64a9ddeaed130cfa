"""The quote extractor: marks, speakers, inheritance, descriptions; and the alias table."""
from __future__ import annotations

import pytest

from factlint.facts import people as people_mod
from factlint.facts import quotes as quotes_mod
from factlint.document import parse_document
from factlint.facts.people import People, fold, same_person


@pytest.fixture(scope="module")
def extract(nlp):
    from factlint.analysis import Analyzer

    analyzer = Analyzer(nlp)

    def run(text, extra_people=None):
        analysed = analyzer.analyse(parse_document(text, "d.md"))
        table = people_mod.build([d for _, d in analysed.parsed])
        if extra_people is not None:
            table = people_mod.ChainPeople(table, extra_people)
        return [(q.text, q.person_name) for q in quotes_mod.extract(analysed, table)]

    return run


@pytest.mark.parametrize("text, expected", [
    ('“The signs are positive,” Dmitry Peskov said.', [("The signs are positive,", "Dmitry Peskov")]),
    ('"The signs are positive," said Dmitry Peskov.', [("The signs are positive,", "Dmitry Peskov")]),
    ('Maria Avdeeva wrote on social media: "Ending the war is what everyone wants."',
     [("Ending the war is what everyone wants.", "Maria Avdeeva")]),
    ('Radoslaw Sikorski told reporters that Kyiv needed "tough new sanctions" now.',
     [("tough new sanctions", "Radoslaw Sikorski")]),
    ('Governor Andrei Vorobyov described it as an attempted “large-scale” attack.',
     [("large-scale", "Andrei Vorobyov")]),
    ('The plan would work, according to Jake Sullivan, "within weeks".', [("within weeks", "Jake Sullivan")]),
    # straight single marks, as British papers quote
    ("'The signs are positive,' Dmitry Peskov said.", [("The signs are positive,", "Dmitry Peskov")]),
    # the parser gives "said" a second subject inside the quotation ("number"): the speaker is outside
    ("“It was exceptional in its density – the maximum number of attack missiles in the shortest period of time,” "
     "Serhiy Popko, the head of Kyiv’s city military administration, said on Telegram.",
     [("It was exceptional in its density – the maximum number of attack missiles in the shortest period of time,",
       "Serhiy Popko")]),
    ("'The drones' range is growing,' Dmitry Peskov said.", [("The drones' range is growing,", "Dmitry Peskov")]),
    # the one quoted, not a hearer: "was quoted as saying"
    ('"The signs are positive," Dmitry Peskov was quoted as saying by state media.',
     [("The signs are positive,", "Dmitry Peskov")]),
    # a colon after a clause with no cue verb: its subject speaks (a thing is nobody)
    ('Dmitry Peskov had a message for the West: "The signs are positive."',
     [("The signs are positive.", "Dmitry Peskov")]),
    ('The sign on the door read: "The signs are positive."', [("The signs are positive.", None)]),
    # a headline's speaker: a name and a colon, no verb
    ("Kremlin spokesman Dmitry Peskov: 'The signs are positive'", [("The signs are positive", "Dmitry Peskov")]),
])
def test_speaker_forms(extract, text, expected):
    assert extract(text) == expected


def test_apostrophes_are_not_quote_marks(extract):
    text = "Zelensky’s aides said the drivers’ union was calm. “We have no complaints,” Volodymyr Zelensky said."
    assert extract(text) == [("We have no complaints,", "Volodymyr Zelensky")]


def test_straight_single_marks_close_where_a_quotation_ends(extract):
    # an apostrophe ends words too (the drivers' union, the '90s): a straight mark closes a
    # quotation only before the next opening one, after a comma or full stop when there is one
    text = ("The drivers' union recalled the '90s. Dmitry Peskov called it 'useful' at first. "
            "'We will see,' Dmitry Peskov said.")
    assert extract(text) == [("useful", "Dmitry Peskov"), ("We will see,", "Dmitry Peskov")]


def test_nested_single_quotes_stay_inside(extract):
    text = '“He called it ‘useful’ and left,” Dmitry Peskov said.'
    assert extract(text) == [("He called it ‘useful’ and left,", "Dmitry Peskov")]


def test_a_nested_quotation_of_the_same_marks_stays_inside(extract):
    # straight marks inside straight marks, as scraped copy has them; curly inside curly
    text = '"The enemy decided to "congratulate" Kyivans on Kyiv Day," Serhiy Popko said.'
    assert extract(text) == [('The enemy decided to "congratulate" Kyivans on Kyiv Day,', "Serhiy Popko")]
    text = '“The enemy decided to “congratulate” Kyivans on Kyiv Day,” Serhiy Popko said.'
    assert extract(text) == [("The enemy decided to “congratulate” Kyivans on Kyiv Day,", "Serhiy Popko")]
    # a nesting that never closes: the first closing mark ends the quotation, as it always did
    text = '"We will see, " Dmitry Peskov said, "what happens."'
    assert extract(text)[0][0] == 'We will see, " Dmitry Peskov said, "what happens.'


def test_pronoun_inherits_the_named_subject(extract):
    text = "Volodymyr Zelensky spoke after the call.\n\n“We agreed to keep talking,” he said."
    assert extract(text) == [("We agreed to keep talking,", "Volodymyr Zelensky")]


def test_the_next_quotation_of_a_paragraph_keeps_its_speaker_unless_someone_else_is_named(extract):
    text = "“The night was long,” Volodymyr Zelensky wrote on Friday. “We will rebuild everything.”"
    assert extract(text) == [("The night was long,", "Volodymyr Zelensky"),
                             ("We will rebuild everything.", "Volodymyr Zelensky")]
    text = ("“The night was long,” Volodymyr Zelensky wrote on Friday. Dmitry Peskov was asked about it. "
            "“We will rebuild everything.”")
    assert extract(text)[1] == ("We will rebuild everything.", None)


def test_a_quotation_whose_opening_mark_was_dropped_continues_its_speaker(extract):
    # “A,” X said. B.” — the second quotation lost its opening mark (machine-translated copy)
    text = ("“At least he is talking about peace,” Dmitry Peskov said. He is not talking about a defeat of Russia, "
            "which sets him apart.”")
    assert extract(text) == [("At least he is talking about peace,", "Dmitry Peskov"),
                             ("He is not talking about a defeat of Russia, which sets him apart.", "Dmitry Peskov")]
    # a closing mark with no quotation before it is a stray mark, not a quotation
    assert extract("He is not talking about a defeat of Russia.” Dmitry Peskov said.") == []


def test_multi_paragraph_quote_keeps_its_speaker(extract):
    text = (
        "“Had a great call,” Volodymyr Zelensky said afterwards.\n\n"
        "“Kudos to his family and team. We agreed to talk.\n\n"
        "“Strong leadership is vital.”\n"
    )
    assert [p for _, p in extract(text)] == ["Volodymyr Zelensky"] * 3


def test_descriptions_resolve_through_titles(extract):
    text = (
        "Ukrainian President Volodymyr Zelensky and Kremlin spokesman Dmitry Peskov spoke on Sunday.\n\n"
        "“The signs are positive,” the Kremlin spokesman said.\n\n"
        "“Yet again, Russia is showing its intent,” the Ukrainian leader said.\n"
    )
    assert extract(text) == [
        ("The signs are positive,", "Dmitry Peskov"),
        ("Yet again, Russia is showing its intent,", "Volodymyr Zelensky"),
    ]


def test_description_known_only_to_the_corpus(extract):
    corpus = People()
    corpus.add("Andrei Vorobyov", ["moscow", "region", "governor"], "governor")
    text = 'The Moscow region governor called it an attempted "large-scale" attack.'
    assert extract(text, corpus) == [("large-scale", "Andrei Vorobyov")]


def test_unknown_speaker_is_unresolved(extract):
    assert extract('"You learn which explosions are far away," he said.') == [
        ("You learn which explosions are far away,", None)
    ]


def test_transliterations_are_one_person_and_zelenska_another():
    assert fold("Zelensky") == fold("Zelenskyy") == fold("Zelenskiy")
    assert fold("Zelenska") != fold("Zelensky")
    table = People()
    table.add("Volodymyr Zelensky", ["ukrainian", "president"], "president")
    table.add("Zelenskyy")
    table.add("Olena Zelenska", ["first", "lady"], "lady")
    assert len(table.people) == 2
    assert table.by_name("Mr Zelenskiy").name == "Volodymyr Zelensky"
    assert table.by_name("Zelenska").name == "Olena Zelenska"
    assert not same_person(table.by_name("Zelenska").key, table.by_name("Zelensky").key)


def test_ambiguous_description_stays_unresolved():
    table = People()
    table.add("Radoslaw Sikorski", ["foreign", "minister"], "minister")
    table.add("Sergei Lavrov", ["foreign", "minister"], "minister")
    assert table.by_description(["the", "foreign", "minister"]) is None
    table2 = People()
    table2.add("Radoslaw Sikorski", ["foreign", "minister"], "minister")
    assert table2.by_description(["its", "foreign", "minister"]).name == "Radoslaw Sikorski"


def test_wording_is_compared_in_order():
    a = quotes_mod.normalise("The signs are positive")
    b = quotes_mod.normalise("The signs are not positive")
    assert set(a) <= set(b) and a != b
    sim, _, _ = quotes_mod.best_window(a, b)
    assert sim < 1.0
    assert quotes_mod.normalise("Strong U.S. leadership") == quotes_mod.normalise("strong US leadership")
    assert quotes_mod.normalise("It’s hard") == quotes_mod.normalise("It's hard")


def test_pronoun_after_a_sentence_whose_subject_is_someone_else(extract):
    text = ('Dmitry Peskov spoke to reporters on Sunday. Peskov added that Mr Trump was "less predictable" '
            'than his rivals. "It\'s hard to say what will happen next," he said.')
    quote, speaker = extract(text)[-1]
    assert quote == "It's hard to say what will happen next," and speaker.endswith("Peskov")


def test_every_word_of_a_description_must_fit():
    table = People()
    table.add("Radoslaw Sikorski", ["foreign", "minister"], "minister")
    assert table.by_description(["ukraine", "foreign", "minister"]) is None
    assert table.by_description(["the", "foreign", "minister"]).name == "Radoslaw Sikorski"
