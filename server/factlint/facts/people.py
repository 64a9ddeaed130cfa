"""People: who a name, a surname or a description refers to.

An alias table is built from PERSON entities and the titles the text gives them
("Ukrainian President Volodymyr Zelensky", "Kyiv's mayor, Vitali Klitschko",
"Kremlin spokesman Dmitry Peskov"). Names are compared through a transliteration
fold, so Zelensky, Zelenskyy and Zelenskiy are one person, while Zelenska (a
different ending) is another: fuzzy similarity alone is never identity.

A description ("the Ukrainian leader", "the Kremlin spokesman", "Kyiv's mayor",
"the Moscow region governor") resolves to the one person whose titles share its
role noun (through a small table of role synonyms) and its other words; when
two people fit equally, it stays unresolved.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .words import HONORIFICS, ROLE_SYNONYMS, TITLE_WORDS_SKIP


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A transliteration-insensitive form of one name token."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"(?:yy|iy|ii|yi|ij)$", "y", s)
    s = s.replace("y", "i")
    s = re.sub(r"i[oe]", "ie", s)
    return s


def split_name(text: str) -> list[str]:
    parts = [p for p in re.split(r"\s+", text.strip()) if p]
    parts = [p.strip(",.") for p in parts if p.lower().strip(".") not in HONORIFICS]
    return [p for p in parts if p and p[0].isalpha()]


@dataclass
class Person:
    key: str  # folded surname, plus "|" + folded first name when known
    names: Counter = field(default_factory=Counter)  # full forms as written
    titles: set[str] = field(default_factory=set)  # words of titles given ("ukrainian", "president")
    roles: set[str] = field(default_factory=set)  # role nouns ("president")

    @property
    def surname(self) -> str:
        return self.key.split("|")[0]

    @property
    def first(self) -> str | None:
        parts = self.key.split("|")
        return parts[1] if len(parts) > 1 and parts[1] else None

    @property
    def name(self) -> str:
        """The most used full form ("Volodymyr Zelensky")."""
        full = [(n, c) for n, c in self.names.items() if len(n.split()) > 1]
        pool = full or list(self.names.items())
        return max(pool, key=lambda nc: (nc[1], len(nc[0])))[0] if pool else self.key


@functools.lru_cache(maxsize=65536)
def person_key(name: str) -> str | None:
    parts = split_name(name)
    if not parts:
        return None
    surname = fold(parts[-1])
    first = fold(parts[0]) if len(parts) > 1 else ""
    return f"{surname}|{first}" if surname else None


# Two first names of one surname are one person's transliterations when their folded forms are
# this alike (rapidfuzz ratio, 0-100): Serhiy / Sergiy 80, Serhii / Sergei 73, Volodymyr / Vladimir
# 82, Ihor / Igor 75, Dmytro / Dmitry 83; two names are less alike: Oleksii / Oleksandr 67,
# Olena / Oleh 67, Vitali / Wladimir 29 (Oleksandr / Alexander, 67, stays two: the check then may
# call one the other's words, which is why the bar is no higher). Set by meaning on these pairs.
FIRST_NAME_ALIKE = 70


def same_person(a: str, b: str) -> bool:
    """Are two person keys ("surname|first") one person: one surname, and first names unknown on a
    side, equal, or transliterations of one name (FIRST_NAME_ALIKE)?"""
    sa, _, fa = a.partition("|")
    sb, _, fb = b.partition("|")
    return sa == sb and (not fa or not fb or fa == fb or _alike(fa, fb))


def _alike(a: str, b: str) -> bool:
    return fuzz.ratio(a, b) >= FIRST_NAME_ALIKE


def _role_group(word: str) -> set[str]:
    out = {word}
    for g in ROLE_SYNONYMS:
        if word in g:
            out |= g
    return out


class People:
    """The alias table: people, their names and their titles."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self._by_surname: dict[str, list[str]] = {}  # folded surname -> keys

    def _candidates(self, key: str) -> list[tuple[str, Person]]:
        surname = key.partition("|")[0]
        return [(k, self.people[k]) for k in self._by_surname.get(surname, ()) if k in self.people]

    def add(self, name: str, titles: list[str] = (), role: str | None = None, count: int = 1) -> Person | None:
        key = person_key(name)
        if key is None:
            return None
        # merge with a known person: surname-only mentions join the one full name
        for k, p in self._candidates(key):
            if same_person(k, key):
                if not p.first and "|" in key and key.split("|")[1]:
                    self.people.pop(k)
                    p.key = key
                    self.people[key] = p
                    keys = self._by_surname[key.partition("|")[0]]
                    keys[keys.index(k)] = key
                p.names[" ".join(split_name(name))] += count
                p.titles.update(titles)
                if role:
                    p.roles.add(role)
                return p
        p = Person(key)
        p.names[" ".join(split_name(name))] += count
        p.titles.update(titles)
        if role:
            p.roles.add(role)
        self.people[key] = p
        self._by_surname.setdefault(key.partition("|")[0], []).append(key)
        return p

    def by_name(self, name: str) -> Person | None:
        key = person_key(name)
        if key is None:
            return None
        matches = [p for k, p in self._candidates(key) if same_person(k, key)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1 and "|" in key and key.split("|")[1]:
            exact = [p for p in matches if p.first == key.split("|")[1]]
            return exact[0] if len(exact) == 1 else None
        return None

    def by_description(self, words: list[str], among: list[str] | None = None) -> Person | None:
        """The one person whose titles fit a description's words (role noun last)."""
        words = [w.lower() for w in words if w.lower() not in TITLE_WORDS_SKIP and w.strip()]
        if not words:
            return None
        role = words[-1]
        roles = _role_group(role)
        mods = set(words[:-1])
        pool = [self.people[k] for k in among if k in self.people] if among else list(self.people.values())
        scored = []
        for p in pool:
            words_p = p.titles | p.roles
            if not (roles & words_p):
                continue
            score = len(mods & words_p) + (1 if role in words_p else 0)
            if not mods <= words_p:
                continue  # every word must fit: "the Kremlin spokesman" is not any spokesman
            scored.append((score, p))
        if not scored:
            return None
        scored.sort(key=lambda s: -s[0])
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None
        return scored[0][1]


class ChainPeople:
    """A draft's own people in front of the corpus's, without copying either: names
    resolve to the corpus's person (its full, most used name) when it knows them,
    descriptions first to the people the draft itself names."""

    def __init__(self, local: People, base: People) -> None:
        self.local, self.base = local, base
        self.people = _ChainDict(local.people, base.people)
        # quotes.extract's per-paragraph results, valid as long as this table is (its
        # resolutions depend on it): (paragraph text, carry) -> (quotes, carry)
        self.paragraph_quotes: dict = {}

    def by_name(self, name: str) -> Person | None:
        return self.base.by_name(name) or self.local.by_name(name)

    def by_description(self, words: list[str], among: list[str] | None = None) -> Person | None:
        if among:
            local = self.local.by_description(words, among=[k for k in among if k in self.local.people])
            if local is not None:
                return self.base.by_name(local.name) or local
            found = self.base.by_description(words, among=[k for k in among if k in self.base.people])
            if found is not None:
                return found
        local = self.local.by_description(words)
        if local is not None:
            return self.base.by_name(local.name) or local
        return self.base.by_description(words)


class _ChainDict(dict):
    def __init__(self, first: dict, second: dict) -> None:
        super().__init__()
        self.first, self.second = first, second

    def get(self, key, default=None):
        return self.first.get(key) or self.second.get(key, default)

    def __contains__(self, key) -> bool:
        return key in self.first or key in self.second


def title_words(tokens) -> list[str]:
    """Lower-cased content words of a title phrase, role noun last."""
    out = []
    for t in tokens:
        w = t.text.lower().strip()
        if w in TITLE_WORDS_SKIP or not w.isalpha() and "-" not in w:
            continue
        out.append(w)
    return out


def names_and_titles(doc) -> list[tuple[str, list[str], str | None, object]]:
    """(name, title words, role noun, name span) for each PERSON mention in a spaCy Doc."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name_tokens = [t for t in ent if t.text.lower().strip(".") not in HONORIFICS]
        if not name_tokens or not all(t.text[:1].isupper() for t in name_tokens):
            continue
        title: list = []
        # "Ukrainian President Volodymyr Zelensky": compounds to the left
        i = ent.start - 1
        while i >= ent.sent.start and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].ent_type_ != "PERSON" and len(title) < 5:
            title.insert(0, doc[i])
            i -= 1
        if i >= ent.sent.start and doc[i].lower_ in ("'s", "’s") and i - 1 >= ent.sent.start:
            title.insert(0, doc[i - 1])
        # "Kyiv's mayor, Vitali Klitschko" / "Shoigu, the secretary of ..."
        root = ent.root
        if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and root.head.ent_type_ != "PERSON":
            title = [t for t in root.head.subtree if t.i < ent.start and not t.is_punct]
        for child in root.children:
            if child.dep_ == "appos" and child.ent_type_ != "PERSON" and child.pos_ == "NOUN":
                # "Shoigu, the secretary of Russia's Security Council": the noun, its modifiers, its "of" phrase
                title += [t for t in child.children if t.dep_ in ("compound", "amod") and t.i < child.i]
                title.append(child)
                for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                    title += [t for t in prep.subtree if t.i > prep.i and not t.is_punct][:4]
        words = title_words(title)
        role = None
        for t in reversed(title):
            if t.pos_ in ("NOUN", "PROPN") and t.lower_.isalpha():
                role = t.lower_
                break
        out.append((ent.text, words, role, ent))
    return out


def mentions(doc) -> tuple[tuple[str, tuple[str, ...], str | None], ...]:
    """(name, title words, role noun) of each PERSON mention of a paragraph's Doc, kept with
    the Doc (cached by the paragraph's text), so a re-check reads only edited paragraphs."""
    found = doc.user_data.get("factlint.people")
    if found is None:
        found = doc.user_data["factlint.people"] = tuple(
            (name, tuple(words), role) for name, words, role, _ in names_and_titles(doc))
    return found


def build(docs) -> People:
    """The alias table of a list of spaCy Docs (one document's paragraphs)."""
    return from_mentions(m for doc in docs for m in mentions(doc))


def from_mentions(found) -> People:
    people = People()
    for name, words, role in found:
        people.add(name, list(words), role)
    return people
