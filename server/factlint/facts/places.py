"""Places: names folded for spelling variants (Kyiv = Kiev, Odesa = Odessa), the sides of an act
(Russia = Russian), and the places a figure's clause happens in (`figures` reads them)."""
from __future__ import annotations

import re

from .when import LEDE_PARAGRAPHS, MONTHS, WEEKDAYS
from .words import ATTACK_VERBS, INCLUDING, PLACE_WORDS, UNNAMED_PLACES

# A place the clause gives without naming it ("over his region"): some place, not any place.
UNNAMED = "(unnamed place)"
# Clauses hanging from a verb that are acts of their own when they have a subject.
OWN_CLAUSES = ("advcl", "conj", "parataxis")


def actor_key(name: str) -> str:
    """A country and its adjective folded together: Russia = Russian, Ukraine = Ukrainian."""
    return place_key(name).replace(" ", "")[:5]


def same_places(a, b) -> set[str]:
    """The places two lists share, a country and its adjective being one ("Ukraine" /
    "Ukrainian targets"): compared as `actor_key` folds them."""
    fa = {p[:5]: p for p in a}
    return {fa[p[:5]] for p in b if p[:5] in fa}


def place_key(name: str) -> str:
    """A place name folded for spelling variants: Kyiv = Kiev, Odesa = Odessa."""
    s = re.sub(r"^the\s+", "", name.lower().strip())
    s = re.sub(r"['’]s$", "", s)
    s = re.sub(r"[^a-z ]", "", s).replace("y", "i")
    s = re.sub(r"ie|ii", "i", s)
    return re.sub(r"(.)\1", r"\1", s).strip()


def written_places(text: str) -> frozenset[str]:
    """Every capitalised word of the text, folded as place names are (`place_key`): the places
    it names, whether or not the tagger read them as places ("in Sumy", tagged an organisation)."""
    return frozenset(place_key(w) for w in re.findall(r"[A-Z][\w’'-]*", text or ""))


def names_places(text: str, places) -> bool:
    """Does the text name one of these places (`written_places`)?"""
    keys = written_places(text)
    return any(p in keys for p in places if p != UNNAMED)


def place_name(key: str, *texts: str) -> str:
    """A place's name as one of these texts writes it ("Kyiv" for the key "kiv"), else the key."""
    for text in texts:
        words = re.findall(r"[A-Z][\w’'-]*", text or "")
        for n in (1, 2, 3):
            for i in range(len(words) - n + 1):
                name = " ".join(words[i:i + n])
                if place_key(name) == key:
                    return re.sub(r"['’]s$", "", name)
    return key


def _place_noun(t) -> bool:
    """Is the word a place ("Kyiv's Solomianskyi district", "Russia's Belgorod region")?"""
    return t.ent_type_ in ("GPE", "LOC", "FAC") or t.lemma_.lower() in PLACE_WORDS | UNNAMED_PLACES


# Names the entity recogniser reads into a date or a number ("in Zaporizhzhia eight people were
# injured": "Zaporizhzhia eight" a DATE), and the calendar words such an entity may rightly hold
_NUMERIC_ENTITIES = ("DATE", "TIME", "CARDINAL", "QUANTITY")
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"christmas", "easter"}


def _named_as_place(t) -> bool:
    """Is the name what a place noun's "of" phrase gives ("the city of Sumy", "the region of
    Kharkiv"), the name before a place noun ("in Tula region"), or a name after "in" that the
    recogniser read into a date or a number ("in Zaporizhzhia eight people"), whatever the
    tagger took it for (it read "Sumy" and "Tula" as persons)?"""
    if t.pos_ != "PROPN":
        return False
    if (t.ent_type_ in _NUMERIC_ENTITIES and t.lower_ not in _CALENDAR and t.dep_ == "pobj"
            and t.head.lower_ == "in" and t.is_title):
        return True
    if t.dep_ == "compound" and t.head.i != t.i and t.head.lemma_.lower() in (PLACE_WORDS | UNNAMED_PLACES) - {
            "capital", "state"}:
        return True
    return (t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.i != t.head.i
            and t.head.head.lemma_.lower() in PLACE_WORDS | UNNAMED_PLACES | {"town"})


def is_place_word(t) -> bool:
    """Is the token a place's name or a place noun, by its entity or by how it is used?"""
    return _place_noun(t) or _named_as_place(t)


def _source(t) -> bool:
    """Is the word the one an "according to" phrase names (the source of the figure)?"""
    return (t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.i != t.head.i
            and t.head.head.lower_ == "according")


# Prepositions whose proper-noun object is where something happens ("missiles at Kharkiv",
# "the attack on Kyiv", "in Belgorod", however the recogniser labels the name), and nouns whose
# "of" phrase names a place ("the centre of Kharkiv").
_WHERE = {"in", "at", "on", "over", "near", "across", "around", "outside", "toward", "towards", "against", "into"}
_PART_OF = PLACE_WORDS | UNNAMED_PLACES | {"town", "centre", "center", "outskirts", "suburbs", "heart", "port"}


def _story_place(t) -> bool:
    """Is the proper noun a place a story's lede names: an entity read as a place, a name a
    place noun gives, or the object of "in", "at", "on", ... or of "the centre of"?"""
    if t.pos_ != "PROPN" or t.ent_type_ in _NUMERIC_ENTITIES:
        return False
    if t.ent_type_ in ("GPE", "LOC") or _named_as_place(t):
        return True
    # (the small model reads many a place after "against" or "in" as a person or a title:
    # the preposition, not the label, says where)
    if t.dep_ != "pobj" or t.head.head.i == t.head.i:
        return False
    if t.head.lower_ == "on":
        # "the attack on Kyiv", not "on Holodomor Memorial Day" (a day a verb is dated by)
        return t.head.head.pos_ == "NOUN"
    return t.head.lower_ in _WHERE or (t.head.lower_ == "of" and t.head.head.lemma_.lower() in _PART_OF)


def _dateline(t) -> bool:
    """Is the word the dateline that opens a paragraph ("LONDON —", "KYIV (Reuters) -"): where
    the reporter files from, not where the story happened?"""
    doc = t.doc
    if not t.is_upper or any(not (x.is_upper or x.is_punct or x.is_space) for x in doc[:t.i]):
        return False
    nxt = next((x for x in doc[t.i + 1:] if not x.is_upper and not x.is_space), None)
    return nxt is not None and nxt.text in ("—", "–", "-", "--", "(", ":")


def story_places(analysed) -> tuple[str, ...]:
    """The places a story's headline and first paragraph name (`_story_place`), lower-cased,
    without the place nouns ("the Belgorod region": "belgorod") and the dateline: where the
    story is, for a figure whose own clause names no place (`Claim.story_places`)."""
    out: set[str] = set()
    for _, doc in analysed.parsed[:LEDE_PARAGRAPHS]:
        for t in doc:
            if t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i != t.i:
                continue  # ("New" of "New York": read with the name it is part of)
            if _story_place(t) and not _dateline(t):
                words = [x for x in t.lefts if x.dep_ == "compound" and x.pos_ == "PROPN"] + [t]
                name = " ".join(w for w in (x.lower_ for x in words) if w not in PLACE_WORDS)
                if name:
                    out.add(name)
    return tuple(sorted(out))


def stories_apart(a_story, a_text, b_story, b_text, wide=lambda name: False) -> bool:
    """Two stories in two places: the lede of each names places (`story_places`) and the other's
    text names none of them (`a_text`, `b_text`: the places each text names, `written_places`) —
    a Kharkiv story's "two children" and a Belgorod story's "four children" of the same day.
    `wide(name)`: a place too wide to tell where a story is (a country: both stories name
    Ukraine), left out. A place both name, or a lede that names none, says nothing."""
    def named(name, text):
        return all(w in text for w in place_key(name).split())
    a = [p for p in a_story if not wide(p)]
    b = [p for p in b_story if not wide(p)]
    return (bool(a) and bool(b) and not any(named(p, b_text) for p in a)
            and not any(named(p, a_text) for p in b))


def list_member(tok) -> bool:
    """Is the token a number with no noun of its own that heads a phrase of place in a list of
    counts ("..., four in the city of Kherson, and two in the Dnipro region")? Its places are its
    own phrase's, not the clause's (`clause_places`; `facts.figures._listed_count`)."""
    return (tok.like_num and tok.dep_ in ("npadvmod", "appos", "conj")
            and not any(c.dep_ in ("nummod", "compound", "amod", "det") for c in tok.children)
            and any(c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "near", "outside", "across")
                    and any(g.dep_ == "pobj" for g in c.children) for c in tok.children))


def clause_places(span, sent, verb, included: bool) -> list[str]:
    """Where the figure's clause happens: places inside the governing verb's phrase
    ("shot down over the Odesa region", "targeting Moscow"), not its subject ("Russia fired").
    `verb`: the verb governing the figure; `included`: the figure is the part an "including"
    phrase counts apart."""
    if verb is None:
        return []
    path = {verb.i}
    while (verb.dep_ in ("conj", "advcl") and verb.head.i != verb.i and verb.pos_ == verb.head.pos_ == "VERB"
           and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)):
        # a verb sharing its subject with the one it hangs from tells of the same act's clause
        # ("launches missile attack ... in Sumy, kills 2"; "struck Odesa, killing 3"), but not
        # of that verb's other clauses ("escalated ..., deploying ... as news of the U.S. ...")
        verb = verb.head
        path.add(verb.i)
    inside = {t.i for t in verb.subtree}
    for t in list(inside) if len(path) > 1 else ():
        tok = verb.doc[t]
        if tok.head.i in path and tok.i not in path and tok.dep_ in OWN_CLAUSES and tok.pos_ == "VERB":
            inside -= {x.i for x in tok.subtree}
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            # the subject is who acted ("Russia fired"), but a place its noun is attached to
            # is where ("the attack on a building in Dnipro killed 12")
            where = {t.i for p in c.children if p.dep_ == "prep" and c.pos_ == "NOUN" for t in p.subtree}
            inside -= {t.i for t in c.subtree} - where
    for t in list(inside):
        if verb.doc[t].dep_ == "agent":  # "drones launched by Russia": who acted, not where
            inside -= {x.i for x in verb.doc[t].subtree}
    for c in verb.children:
        if c.dep_ in OWN_CLAUSES and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            # a clause with its own subject is another act, with its own places ("... killed 20
            # people, while a rocket attack on Zaporizhia killed two others")
            inside -= {t.i for t in c.subtree}
    for t in list(inside):
        tok = verb.doc[t]
        if t not in range(span.start, span.end) and tok.i != verb.i and list_member(tok) and t in inside:
            # "five were killed in Lviv, four in the city of Kherson": Kherson is the four's
            inside -= {x.i for x in tok.subtree}
    if not included:
        counted = span[-1].head if span[-1].dep_ == "nummod" else None
        for t in sent:  # "70 drones, including 34 in Moscow": Moscow is where the part was
            if t.lower_ in INCLUDING and t.i not in range(span.start, span.end):
                if counted is not None and t.head.i == counted.i and counted.lemma_.lower() in UNNAMED_PLACES:
                    continue  # "four regions, including Moscow": Moscow is one of the places counted
                inside -= {x.i for x in t.subtree}
    words = set()
    for e in sent.ents:
        if e.root.dep_ == "poss" and not _place_noun(e.root.head):
            continue  # "Russia's missile strike": who struck, not where
        if _source(e.root):
            continue  # "according to Popko" (a name the tagger took for a place): who says, not where
        if (e.label_ in ("GPE", "LOC", "FAC") or _named_as_place(e.root)) and e.root.i in inside:
            # (of a name read into a date or a number, the name alone)
            text = e.text if e.label_ not in _NUMERIC_ENTITIES else " ".join(
                t.text for t in e if t.pos_ == "PROPN" and not t.like_num and t.lower_ not in _CALENDAR)
            words.update(w for w in place_key(text).split() if w not in PLACE_WORDS)
    for t in sent:
        # a name the recogniser left out or took for a person, that an attack's verb takes
        # ("attacked Kyiv with 30 drones, killing four"): the verb, not the label, says where
        if (t.i in inside and t.pos_ == "PROPN" and t.ent_type_ in ("", "PERSON")
                and not any(c.dep_ == "compound" for c in t.children)
                and t.dep_ == "dobj" and t.head.lemma_.lower() in ATTACK_VERBS):
            words.update(w for w in place_key(t.text).split() if w not in PLACE_WORDS)
    if not words:
        # "shot down 10 drones over his region": a place the clause gives without naming it
        # (a possessive or a demonstrative, never "the capital") is some place, not any place
        for t in sent:
            if (t.i in inside and t.lemma_.lower() in UNNAMED_PLACES and t.dep_ == "pobj"
                    and any(c.dep_ == "poss" or c.lower_ in ("this", "that") for c in t.children)):
                return [UNNAMED]
    return sorted(words)
