"""Word meaning from WordNet: do two words mean the same, or the opposite?

A quotation that exchanges one word of a remark for another, the words around it kept, is
another remark when the two words mean different things ("launched a record 145" / "inflict
a record 145") and the same remark in another translation when they are synonyms ("steadfast"
/ "unwavering"). Word lists cannot tell the two apart; WordNet can: two words mean the same
when they share a sense, or one close link (similar to, a broader or narrower term, a verb
group, the same word as a noun or a verb) joins a sense of one to a sense of the other or
both to a common sense; they are opposites when WordNet lists them as antonyms.

The data are WordNet 3.0's database files as Debian ships them (package `wordnet-base`,
/usr/share/wordnet; `FACTLINT_WORDNET` names another folder). Without them `load()` is None and
the quote checks decide as they would with no meaning source: nothing is lost but this evidence.
Read lazily, once per process: the index files into memory (~30 MB) the first time a quotation
needs them, a sense's links by seeking its byte offset in the data file.
"""
from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

POS = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}
_PARTS = ("noun", "verb", "adj", "adv")
_CODE = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
# Links that keep a meaning close enough for a translation to use the other word: similar to,
# also see, verb group, a broader or narrower term (direct only), derivation (the same word as
# a noun or a verb: "congratulation" / "congratulate"), participle, pertainym.
CLOSE = {"&", "^", "$", "@", "@i", "~", "~i", "+", "<", "\\", "="}
# WordNet's rules for taking inflections off (its morphy), per part of speech.
_DETACH = {
    "noun": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
             ("ies", "y")],
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "adj": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "adv": [],
}
INSTALL_HINT = ("quote/altered then tells a changed word from a synonym only by its word lists; install WordNet's "
                "files (Debian/Ubuntu: apt install wordnet-base; macOS: brew install wordnet) or set FACTLINT_WORDNET")
CANDIDATES = (Path("/usr/share/wordnet"), Path("/usr/local/share/wordnet"), Path("/opt/homebrew/share/wordnet"))


class Lexicon:
    """WordNet 3.0 database files in `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}
        self._exc: dict[str, dict[str, list[str]]] = {}
        self._lock = threading.Lock()
        self._data = {}
        self.broken: str | None = None

    def _part(self, part: str) -> dict[str, tuple[int, ...]]:
        with self._lock:
            if part not in self._index:
                index: dict[str, tuple[int, ...]] = {}
                with open(self.root / f"index.{part}", encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.startswith(" "):
                            continue  # the licence
                        fields = line.split()
                        n_ptr = int(fields[3])
                        n_senses = int(fields[2])
                        offsets = fields[4 + n_ptr + 2:]
                        index[fields[0]] = tuple(int(o) for o in offsets[:n_senses])
                exc: dict[str, list[str]] = {}
                path = self.root / f"{part}.exc"
                if path.exists():
                    with open(path, encoding="utf-8", errors="replace") as f:
                        for line in f:
                            fields = line.split()
                            if len(fields) >= 2:
                                exc.setdefault(fields[0], []).extend(fields[1:])
                self._index[part], self._exc[part] = index, exc
            return self._index[part]

    def lemmas(self, word: str, part: str) -> list[str]:
        """The word's base forms WordNet has for this part of speech (its morphy)."""
        index = self._part(part)
        w = word.lower().replace(" ", "_")
        out = [w] if w in index else []
        out += [b for b in self._exc[part].get(w, []) if b in index]
        for suffix, repl in _DETACH[part]:
            if w.endswith(suffix) and len(w) > len(suffix) + 1:
                base = w[: len(w) - len(suffix)] + repl
                if base in index:
                    out.append(base)
        return list(dict.fromkeys(out))

    def senses(self, word: str, parts=_PARTS) -> set[tuple[str, int]]:
        return {(p, o) for p in parts for lemma in self.lemmas(word, p) for o in self._part(p)[lemma]}

    def warm(self) -> None:
        """Read every index now (a server does it beside its first checks, not in one)."""
        self._safe(lambda: [self._part(part) for part in _PARTS])

    def known(self, word: str) -> bool:
        return self._safe(lambda: bool(self.senses(word)))

    def _safe(self, ask):
        """An answer, or "no evidence" (False) once the files prove unreadable: a broken WordNet
        install loses this evidence, never a check."""
        if self.broken:
            return False
        try:
            return ask()
        except (OSError, ValueError, IndexError, KeyError, UnicodeError) as e:
            self.broken = f"{type(e).__name__}: {e}"
            log.warning("WordNet files in %s unreadable (%s): word meaning is off", self.root, self.broken)
            return False

    def _entry(self, part: str, offset: int) -> tuple[set[str], list[tuple[str, str, int]]]:
        """(the sense's words, its links (symbol, part, offset))."""
        with self._lock:
            f = self._data.get(part)
            if f is None:
                f = self._data[part] = open(self.root / f"data.{part}", "rb")  # noqa: SIM115 (kept open)
            f.seek(offset)
            line = f.readline().decode("utf-8", errors="replace")
        fields = line.split(" | ")[0].split()
        n_words = int(fields[3], 16)
        words = {fields[4 + 2 * k].lower().split("(")[0] for k in range(n_words)}
        at = 4 + 2 * n_words
        links = []
        for k in range(int(fields[at])):
            symbol, target, code = fields[at + 1 + 4 * k: at + 4 + 4 * k]
            links.append((symbol, _CODE[code], int(target)))
        return words, links

    def same_meaning(self, a: str, b: str) -> bool:
        """Do the two words share a sense, is a sense of one closely linked to one of the other, or
        are both closely linked to a common sense?"""
        return self._safe(lambda: _same(self, a.lower(), b.lower()))

    def close_meaning(self, a: str, b: str) -> bool:
        """Is a sense of one word a sense of the other, or one close link from it ("wish" is a
        kind of "desire")? Stricter than `same_meaning`, which also takes two words near one
        common sense ("support" / "leadership")."""
        return self._safe(lambda: _close(self, *sorted((a.lower(), b.lower()))))

    def opposite(self, a: str, b: str) -> bool:
        """Does WordNet list the two words (some sense of each) as antonyms?"""
        return self._safe(lambda: _opposite(self, a.lower(), b.lower()))

    def names_group(self, noun: str) -> bool:
        """Does the noun name a group of people, an organisation ("the city council", "the
        ministry")? (`_names_group`)"""
        return self._safe(lambda: _names_group(self, noun.lower()))

    def names_country(self, name: str) -> bool:
        """Is the place name a country or a continent, too wide to tell where a story is
        (`_names_country`)? Lower-case, words spaced ("united states")."""
        return self._safe(lambda: _names_country(self, name.lower()))

    def names_people(self, noun: str) -> bool:
        """Does the noun, in its most frequent sense, name people: a kind of person ("civilian",
        "resident", "child") or a group whose members are persons ("people", "the dead")? Its
        first sense only: "drone" is a bagpipe's pipe, a male bee, an idler, an aircraft, and
        only the idler is a person."""
        return self._safe(lambda: _names_people(self, noun.lower()))


@lru_cache(maxsize=5_000)
def _names_country(lex: Lexicon, name: str) -> bool:
    """Is the name's first sense a country's land or a continent ("Ukraine", "Europe"; not
    "Kiev", which WordNet has as the capital; nor "Turkey", first a bird)?"""
    nouns = lex._part("noun")
    for form in {name, name.replace(".", "")}:  # ("u.s." is first the government, "us" the land)
        first = nouns.get(form.replace(" ", "_"))
        if first and any(_is_a(lex, first[0], nouns[w][_WIDE[w]]) for w in _WIDE):
            return True
    return False


# country.n.02 ("the territory occupied by a nation") and continent.n.01, by sense index
_WIDE = {"country": 1, "continent": 0}


def _around(lex: Lexicon, word: str) -> frozenset[tuple[str, int]]:
    """The word's senses and the senses one close link away."""
    out = set(lex.senses(word))
    for part, offset in list(out):
        out.update((tpart, target) for symbol, tpart, target in lex._entry(part, offset)[1] if symbol in CLOSE)
    return frozenset(out)


@lru_cache(maxsize=20_000)
def _same_cached(lex: Lexicon, a: str, b: str) -> bool:
    # within one close link of each other's senses, or of a common sense ("deepen" / "develop" /
    # "strengthen": ways of changing a thing's degree); two links each is too far: "cooperation"
    # / "positive", "administration" / "attacks" meet there
    return bool(_around(lex, a) & _around(lex, b))


@lru_cache(maxsize=20_000)
def _close(lex: Lexicon, a: str, b: str) -> bool:
    return bool(_around(lex, a) & lex.senses(b)) or bool(_around(lex, b) & lex.senses(a))


def _same(lex: Lexicon, a: str, b: str) -> bool:
    return _same_cached(lex, *sorted((a, b)))


@lru_cache(maxsize=20_000)
def _opposite(lex: Lexicon, a: str, b: str) -> bool:
    sb = lex.senses(b)
    for part, offset in lex.senses(a):
        for symbol, tpart, target in lex._entry(part, offset)[1]:
            if symbol == "!" and (tpart, target) in sb:
                return True
    return False


def _is_a(lex: Lexicon, start: int, target: int) -> bool:
    """Does the noun sense at `start` have `target` among its hypernyms (itself included)?"""
    seen, todo = set(), [start]
    while todo:
        offset = todo.pop()
        if offset == target:
            return True
        if offset not in seen:
            seen.add(offset)
            todo += [t for symbol, part, t in lex._entry("noun", offset)[1] if symbol in ("@", "@i") and part == "noun"]
    return False


@lru_cache(maxsize=5_000)
def _names_group(lex: Lexicon, noun: str) -> bool:
    """Is the noun's first sense a group of people ("council", "ministry", "army"), not a
    person? (Only the first sense: "office" and "service" are first a place and a work.)"""
    group = lex._part("noun")["social_group"][0]  # social_group.n.01
    return any(_is_a(lex, lex._part("noun")[lemma][0], group) for lemma in lex.lemmas(noun, "noun")[:1]) \
        and not _names_people(lex, noun)


@lru_cache(maxsize=5_000)
def _names_people(lex: Lexicon, noun: str) -> bool:
    person = lex._part("noun")["person"][0]  # person.n.01: the first noun sense of "person"
    for lemma in lex.lemmas(noun, "noun"):
        first = lex._part("noun")[lemma][0]
        members = [t for symbol, part, t in lex._entry("noun", first)[1] if symbol == "%m" and part == "noun"]
        if any(_is_a(lex, start, person) for start in (first, *members)):
            return True
    return False


def warm_in_background() -> None:
    """Load the lexicon's indexes on a daemon thread, if there is a lexicon."""
    lex = load()
    if lex is not None:
        threading.Thread(target=lex.warm, name="factlint-lexicon", daemon=True).start()


_LOADED: dict[str, Lexicon | None] = {}


def load() -> Lexicon | None:
    """The WordNet lexicon of this machine, or None when its files are not installed."""
    where = os.environ.get("FACTLINT_WORDNET")
    key = where or ""
    if key not in _LOADED:
        roots = [Path(where)] if where else list(CANDIDATES)
        root = next((r for r in roots if (r / "index.noun").exists() and (r / "data.noun").exists()), None)
        _LOADED[key] = Lexicon(root) if root is not None else None
    return _LOADED[key]
