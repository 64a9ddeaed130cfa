"""Does a draft's rendering of a corpus remark change what was said?

Two renderings of one remark (two translations, or a paraphrase inside quotation marks)
differ in wording all the time: "sees everything as a deal" / "perceives everything
through deals", "desire" / "wish", "great" / "excellent". A reporter needs a warning
only when the *meaning* moved. The draft's words are aligned with the corpus stretch
(Levenshtein opcodes over words, rapidfuzz) and a change counts only when it touches:

- a **number** ("145" → "154", "two" → "three");
- **negation** (one side negative, the other not: "no progress" → "little progress"; counted,
  so a negation added to a negative sentence reverses it too);
- an **opposite** for a word ("more" → "less", "likely" → "unlikely": `opposite`), or another
  unit of time ("within days" → "within weeks");
- a **named entity** or proper noun of the draft (a place, person, organisation, date) that no corpus
  rendering of the remark uses ("the war and terror" → "the war with Kyiv");
- a **common noun** of the draft that no corpus rendering uses ("drones" → "missiles",
  "ending the war" → "peace talks"), except a noun that only narrows a noun both keep
  ("his campaign" → "his election campaign").

Verbs, adjectives and adverbs exchanged one for another are translation variance, not a
change of fact. A capitalised word that the tagger does not know as a name and that
replaces exactly one corpus word is another outlet's spelling of a transliterated term
("martyr drones" → "Shahed drones"), not a change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .places import actor_key
from .words import DURATIONS, NEGATING_PREFIXES, NEGATIONS, NUMBER_WORDS, OPPOSITES, STOPWORDS

ENTITY_LABELS = {"GPE", "LOC", "PERSON", "ORG", "NORP", "FAC", "EVENT", "DATE", "TIME", "PRODUCT", "LAW"}


@dataclass(frozen=True)
class Word:
    """A draft word of the quotation, as the parser read it."""

    norm: str
    pos: str
    entity: bool
    capitalised: bool  # capitalised inside a sentence (not its first word)
    narrows: str | None  # the word of the noun this one modifies as a compound ("election" → "campaign")
    lemma: str


def words_of(doc_span) -> list[Word]:
    """The parser's view of a draft quotation, one `Word` per normalised word. Tokens
    written together ("long-range", "it's") are read as one word, with the features of
    their last word-like token."""
    from .quotes import EDITORIAL, normalise

    base = doc_span[0].idx if len(doc_span) else 0
    inserted = [(m.start() + base, m.end() + base) for m in EDITORIAL.finditer(doc_span.text)]
    chunks: list[list] = [[]]
    for t in doc_span:
        if any(s <= t.idx < e for s, e in inserted):
            if t.whitespace_ and chunks[-1]:
                chunks.append([])
            continue  # (a writer's insertion: not the speaker's words, `quotes.EDITORIAL`)
        chunks[-1].append(t)
        if t.whitespace_:
            chunks.append([])
    out: list[Word] = []
    for chunk in chunks:
        if not chunk:
            continue
        text = "".join(t.text_with_ws for t in chunk)
        norms = normalise(text)
        words = [t for t in chunk if any(ch.isalnum() for ch in t.text)]
        if not norms or not words:
            continue
        t = words[-1]
        narrows = None
        if t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i and t.head.pos_ in ("NOUN", "PROPN"):
            hn = normalise(t.head.text)
            narrows = hn[0] if hn else None
        first = words[0]
        cap = first.text[:1].isupper() and not first.is_sent_start and first.i > doc_span.start
        entity = any(w.ent_type_ in ENTITY_LABELS for w in words)
        for n in norms:
            out.append(Word(n, t.pos_, entity, cap, narrows, t.lemma_.lower()))
    return out


def _stem(w: str) -> str:
    w = w.lower()
    if w.endswith("'s"):
        w = w[:-2]  # a possessive is its word ("Ukraine's war" / "the war in Ukraine")
    w = w.replace("'", "")
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


# British and American spellings of one word ("centres" / "centers", "metres" / "meters",
# "defence" / "defense", "neighbour" / "neighbor", "organise" / "organize"): folded to one form,
# so another outlet's spelling is never a change of meaning.
_SPELLINGS = [(re.compile(r"(?<=[a-z]{2})tre(s?)$"), r"ter\1"), (re.compile(r"(?<=[a-z]{2})our(s?)$"), r"or\1"),
              (re.compile(r"(?<=[a-z]{2})ence(s?)$"), r"ense\1"),
              (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
              (re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing)$"), r"yz\1")]


def spelling(w: str) -> str:
    """One spelling of a word for British and American forms (`_SPELLINGS`)."""
    for pattern, repl in _SPELLINGS:
        w = pattern.sub(repl, w)
    return w


_OPPOSITE = {frozenset(p) for p in OPPOSITES}


def opposite(a: str, b: str, qualifier: bool = False) -> bool:
    """Do the two words say opposite things? A listed pair (comparatives, directions:
    `facts.words.OPPOSITES`) or, for a qualifier (an adjective or adverb), one the other with a
    negating prefix ("likely" / "unlikely"; not "inform" / "form")."""
    if frozenset((a, b)) in _OPPOSITE:
        return True
    if (part := _differing_part(a, b)) is not None:
        return opposite(*part, qualifier=True)  # "short-range" / "long-range"
    for suffix in _DERIVING:  # a listed pair's derived forms: "increasingly" / "decreasingly"
        if a.endswith(suffix) and b.endswith(suffix) and len(a) > len(suffix) and len(b) > len(suffix):
            x, y = a[: -len(suffix)], b[: -len(suffix)]
            if any(frozenset((p, q)) in _OPPOSITE for p in (x, x + "e") for q in (y, y + "e")):
                return True
    short, long = sorted((a, b), key=len)
    return qualifier and len(short) >= 4 and any(long == p + short for p in NEGATING_PREFIXES)


_DERIVING = ("ingly", "ly", "ing", "ed", "er", "s")  # suffixes that keep a word's sense and its opposite's


def _differing_part(a: str, b: str) -> tuple[str, str] | None:
    """The one part two hyphenated words of as many parts differ in ("short-range" /
    "long-range" -> ("short", "long")), or None."""
    pa, pb = a.split("-"), b.split("-")
    if len(pa) < 2 or len(pa) != len(pb):
        return None
    diff = [(x, y) for x, y in zip(pa, pb) if x != y]
    return diff[0] if len(diff) == 1 else None


def _unit_of_time(w: str) -> str | None:
    singular = w[:-1] if w.endswith("s") else w
    return singular if singular in DURATIONS else None


def _is_number(w: str) -> bool:
    return bool(re.fullmatch(r"[\d.,]+(?:st|nd|rd|th)?", w)) or w in NUMBER_WORDS


def _negative(tokens) -> bool:
    """Whether the words say no: an odd number of negations ("is not showing it has no
    intention" says yes, as "is showing it has intention" does)."""
    return sum(1 for t in tokens if t in NEGATIONS or t.endswith("n't")) % 2 == 1


def contexts_of(renderings) -> frozenset[tuple[str, str]]:
    """The pairs of neighbouring words (folded) of the corpus renderings of a remark."""
    return frozenset((fold(a), fold(b)) for r in renderings for a, b in zip(r, r[1:]))


def gaps_of(renderings) -> dict[tuple[str, str], set[str]]:
    """Between two words of a corpus rendering (folded), the content word that stands there."""
    out: dict[tuple[str, str], set[str]] = {}
    for r in renderings:
        r = list(r)
        for k in range(1, len(r) - 1):
            if r[k] not in STOPWORDS and not _is_number(r[k]):
                out.setdefault((fold(r[k - 1]), fold(r[k + 1])), set()).add(r[k])
    return out


def fold(w: str) -> str:
    return _stem(spelling(w))


def _forms(w: str) -> set[str]:
    """The forms under which a rendering's word counts as this one: as written, stemmed, in one
    spelling, both (with a final e off: "defense" and "defences" are one word)."""
    return {w, _stem(w), spelling(w), fold(w), _stem(spelling(w)).removesuffix("e")}


@dataclass(frozen=True)
class Change:
    """What changes a remark's meaning (`meaning_change`): its `kind` (negation, number,
    opposite, time, word, noun, name; wording when the draft's words are unknown), and where one
    word stands for another, the draft's word and the remark's. `str()` says it in words
    ("opposite 'more' for 'less'", "noun 'bases'"), as a finding's data gives it."""

    kind: str
    draft: str = ""
    corpus: str = ""

    def __str__(self) -> str:
        if not self.draft:
            return self.kind
        return f"{self.kind} '{self.draft}'" + (f" for '{self.corpus}'" if self.corpus else "")


def _by_meaning(lexicon, dw: str, cw: str) -> Change | None:
    """Why the draft's word `dw` in the place of the remark's `cw` changes the remark, by word
    meaning: an opposite, or two known words that do not mean the same; None when they do, or
    when the lexicon does not know one of them (no evidence)."""
    part = _differing_part(dw, cw)
    if (lexicon.opposite(dw, cw) or (part is not None and lexicon.opposite(*part))
            or any(lexicon.opposite(x, y) for x, y in _stems_ending_alike(dw, cw))):
        return Change("opposite", dw, cw)
    if _adverb_only(lexicon, dw) and _adverb_only(lexicon, cw):
        # WordNet links few adverbs ("completely" / "absolutely" share no sense there, nor one
        # link apart) and their adjectives well: the adverbs are judged by those ("complete" /
        # "absolute" mean the same; "rare" / "increasing" do not); no adjective, no evidence
        da, ca = _adjective_of(lexicon, dw), _adjective_of(lexicon, cw)
        if da is None or ca is None:
            return None
        if lexicon.opposite(da, ca):
            return Change("opposite", dw, cw)
        return None if lexicon.same_meaning(da, ca) else Change("word", dw, cw)
    if lexicon.known(dw) and lexicon.known(cw) and not lexicon.same_meaning(dw, cw):
        return Change("word", dw, cw)
    return None


def _stems_ending_alike(a: str, b: str):
    """The stems two words differ in before an ending they share of three letters or more, each
    split ("northerly" / "southerly": ("nort", "sout"), ("north", "south"), ...): WordNet links
    "northerly" and "southerly" as alike, "north" and "south" as opposites."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return [(a[:-k], b[:-k]) for k in range(3, n + 1) if len(a) - k >= 2 and len(b) - k >= 2]


def _adjective_of(lexicon, adverb: str) -> str | None:
    """The adjective an "-ly" adverb is made from, as WordNet knows it ("increasingly" ->
    "increasing", "happily" -> "happy", "basically" -> "basic"), or None."""
    if not adverb.endswith("ly") or len(adverb) < 5:
        return None
    base = adverb[:-2]
    for cand in (base, base[:-1] + "y" if base.endswith("i") else None, base[:-2] if base.endswith("al") else None,
                 base + "e"):
        if cand and any(part == "adj" for part, _ in lexicon.senses(cand)):
            return cand
    return None


def _adverb_only(lexicon, w: str) -> bool:
    """Is every sense WordNet gives the word an adverb's?"""
    parts = {part for part, _ in lexicon.senses(w)}
    return bool(parts) and parts <= {"adv"}


def _attested(dtoks: list[str], i: int, known: set[str], contexts) -> bool:
    """Does a rendering use the draft's word `i`: beside one of the words around it in the draft
    (when the renderings' word pairs are known), else anywhere?"""
    w = dtoks[i]
    if contexts is None:
        return bool(_forms(w) & known)
    f = fold(w)
    return ((i > 0 and (fold(dtoks[i - 1]), f) in contexts)
            or (i + 1 < len(dtoks) and (f, fold(dtoks[i + 1])) in contexts))


def meaning_change(draft: list[Word], window: list[str], renderings: set[str],
                   covered: set[int] = frozenset(), window_pos: list[str] = (), lexicon=None,
                   contexts: frozenset[tuple[str, str]] | None = None,
                   gaps: dict[tuple[str, str], set[str]] | None = None,
                   remark_words: set[str] = frozenset()) -> Change | None:
    """Why the draft's words change the meaning of the corpus stretch `window`, or None
    when they only reword it. `renderings` holds every word of every corpus rendering of
    the remark (any of them is a correct wording); `covered` are draft words already known
    to be verbatim corpus words (another remark run into the same quotation); `window_pos` the
    corpus stretch's parts of speech, when known; `lexicon` a `facts.lexicon.Lexicon` (word
    meaning: a word exchanged alone for one it does not mean the same as, or means the opposite
    of, changes the remark), or None; `contexts` the renderings' word pairs (`contexts_of`): a
    rendering uses a word where it has it beside the same neighbour (a word of the remark moved
    to another place is not a rendering of this one); `gaps` (`gaps_of`) the word a rendering
    has between two words: a draft word between the same two stands in its place, whatever
    the order of the remark's clauses ("What will happen next, it's hard to say"); `remark_words`
    every word of the renderings, wherever in them: a name a rendering has is no changed name,
    however much of the remark around it the draft leaves out ("War is slowly returning to
    Russia" / "The war is gradually returning to the territory of Russia")."""
    dtoks = [w.norm for w in draft]
    if _negative(dtoks) != _negative(window):
        return Change("negation")
    if sorted(t for t in dtoks if _is_number(t)) != sorted(t for t in window if _is_number(t)):
        return Change("number")
    stems = {_stem(w) for w in renderings}
    known = stems | set(renderings)
    known |= {spelling(w) for w in known} | {_stem(spelling(w)).removesuffix("e") for w in renderings}
    kept = set()
    synonyms: set[int] = set()  # draft words the lexicon found to mean what the remark's word means
    changed: list[tuple[int, int, int]] = []  # (draft index, replace-op length on the draft side, on the corpus side)
    ops = list(Levenshtein.opcodes(dtoks, window))
    for k, op in enumerate(ops):
        if op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start:
            # a single word exchanged, the words on both sides kept
            lone = (op.src_end - op.src_start == 1 and (k == 0 or ops[k - 1].tag == "equal")
                    and (k == len(ops) - 1 or ops[k + 1].tag == "equal"))
            for i, cw in zip(range(op.src_start, op.src_end), window[op.dest_start:op.dest_end]):
                dw = dtoks[i]
                if opposite(dw, cw, qualifier=draft[i].pos in ("ADJ", "ADV")):
                    return Change("opposite", dw, cw)
                if (draft[i].entity or draft[i].pos == "PROPN") and min(len(dw), len(cw)) > 3 and actor_key(dw) == actor_key(cw):
                    synonyms.add(i)  # a country for its adjective: "Russia's" / "Russian" (facts.places)
                if _unit_of_time(dw) and _unit_of_time(cw) and _unit_of_time(dw) != _unit_of_time(cw):
                    return Change("time", dw, cw)  # "within days" for "within weeks"
                j = op.dest_start + (i - op.src_start)
                if (lexicon is not None and lone and i not in covered and dw not in STOPWORDS
                        and cw not in STOPWORDS and not _is_number(dw) and not _is_number(cw)
                        and not _attested(dtoks, i, known, contexts)):
                    # a word no rendering uses here, in the place of the remark's, the words
                    # around it kept: the remark's meaning changed unless the two mean the same
                    if why := _by_meaning(lexicon, dw, cw):
                        return why
                    if lexicon.close_meaning(dw, cw):
                        synonyms.add(i)  # "his wish" for "his desire": the same remark, not a new noun
                if (window_pos and lone and dw not in renderings and _stem(dw) not in stems
                        and {draft[i].pos, window_pos[j]} == {"NOUN", "VERB"} and i not in covered):
                    # a verb in a noun's place or a noun in a verb's, the words around it kept ("no
                    # happen of ending the war" for "no intention of ending"): a translation keeps
                    # the word's role (adjectives and adverbs are left out: the tagger often reads
                    # one as the other, "steadfast" / "unwavering")
                    return Change("word", dw, cw)
        if op.tag == "replace" and op.src_end - op.src_start != op.dest_end - op.dest_start:
            # a few words exchanged for a few others: "out of reach" for "within reach"
            if max(op.src_end - op.src_start, op.dest_end - op.dest_start) <= 3:
                for dw in dtoks[op.src_start:op.src_end]:
                    for cw in window[op.dest_start:op.dest_end]:
                        if opposite(dw, cw):
                            return Change("opposite", dw, cw)
        if op.tag == "equal":
            kept.update(dtoks[op.src_start:op.src_end])
        elif op.tag in ("replace", "delete"):  # draft words the corpus stretch lacks
            for i in range(op.src_start, op.src_end):
                changed.append((i, op.src_end - op.src_start, op.dest_end - op.dest_start))
    if lexicon is not None and contexts is not None and gaps:
        for i in range(1, len(dtoks) - 1):
            dw = dtoks[i]
            if (i in covered or dw in STOPWORDS or _is_number(dw) or _attested(dtoks, i, known, contexts)):
                continue
            for cw in sorted(gaps.get((fold(dtoks[i - 1]), fold(dtoks[i + 1])), ())):
                if fold(cw) != fold(dw) and (why := _by_meaning(lexicon, dw, cw)):
                    return why
    for i, n_draft, n_corpus in changed:
        w = draft[i]
        if i in covered or i in synonyms:
            continue
        if _forms(w.norm) & known or _stem(w.lemma) in known:
            continue
        if w.entity or w.pos == "PROPN":
            if _forms(w.norm) & remark_words:
                continue
            return Change("name", w.norm)
        if w.pos == "NOUN":
            if w.narrows and w.narrows in kept:
                continue  # "election campaign" for "campaign": narrower, not another thing
            if w.capitalised and n_draft == 1 and n_corpus == 1:
                continue  # another spelling of a transliterated term
            return Change("noun", w.norm)
    return None


# ---------------------------------------------------------------- undoing a change
#
# A reporter's rendering of a remark may be another translation of it ("proper process" for
# "absolutely fair process") with one change of meaning in it ("War is not gradually
# returning"). The fix that keeps the reporter's wording undoes that one change; the corpus's
# wording is the other fix offered.

_NEGATORS = ("not", "never")  # the negations a fix adds or removes alone ("no" takes a noun with it)


@dataclass(frozen=True)
class Undo:
    """The draft's words [start, end) become `words` (the corpus's): one change undone."""

    start: int
    end: int
    words: tuple[str, ...]

    def applied(self, tokens: list) -> list:
        return list(tokens[: self.start]) + list(self.words) + list(tokens[self.end :])

    def title(self, tokens: list[str]) -> str:
        """What the fix does, in words ("Remove 'not'", "Put back 'launched' for 'talked'")."""
        gone, put = " ".join(tokens[self.start:self.end]), " ".join(self.words)
        return f"Remove '{gone}'" if not put else f"Put back '{put}'" + (f" for '{gone}'" if gone else "")


def undo_change(dtoks: list[str], window: list[str], why: Change) -> Undo | None:
    """The one difference between the draft's words and the corpus stretch `window` that
    `meaning_change` named (`why`), as an edit of the draft's words; None when it is not one
    word (or a few) exchanged, added or left out in place."""
    every = list(Levenshtein.opcodes(dtoks, window))
    # only a difference with the words around it kept on both sides is undone in place (beside
    # words added or left out, which words it stands for is a guess: "no interest in peace
    # talks" for "no intention of ending the war and terror")
    ops = [op for k, op in enumerate(every) if op.tag != "equal"
           and (k == 0 or every[k - 1].tag == "equal") and (k == len(every) - 1 or every[k + 1].tag == "equal")]
    if why.kind == "negation":
        return _one(_negation_undone(dtoks, window, every, ops))
    if why.kind == "number":
        return _one(_number_undone(dtoks, window, ops))
    if why.draft and why.corpus:  # a word, an opposite, a unit of time for the remark's
        return _word_undone(dtoks, window, ops, why.draft, why.corpus)
    if why.kind in ("noun", "name"):
        return _noun_undone(dtoks, window, ops, why.draft)
    return None


def _one(found: list[Undo]) -> Undo | None:
    return found[0] if len(found) == 1 else None


def _negation_undone(dtoks, window, every, ops) -> list[Undo]:
    if _negative(dtoks):
        # a negation the corpus stretch has not, wherever: the one whose removal makes the two agree
        found = [Undo(i, i + 1, ()) for op in every if op.tag in ("delete", "replace")
                 for i in range(op.src_start, op.src_end) if dtoks[i] in _NEGATORS]
        return [u for u in found if _negative(u.applied(dtoks)) == _negative(window)]
    return [Undo(op.src_start, op.src_start, tuple(window[op.dest_start:op.dest_end])) for op in ops
            if op.tag == "insert" and op.dest_end - op.dest_start == 1 and window[op.dest_start] in _NEGATORS]


def _number_undone(dtoks, window, ops) -> list[Undo]:
    """A number exchanged for another: in the same place of the exchanged words, or the one
    number of each side of them ("181 Shaheds" for "145 martyr")."""
    found = []
    for op in (op for op in ops if op.tag == "replace"):
        src, dest = range(op.src_start, op.src_end), range(op.dest_start, op.dest_end)
        if len(src) != len(dest):
            src, dest = [i for i in src if _is_number(dtoks[i])], [j for j in dest if _is_number(window[j])]
            if len(src) != 1 or len(dest) != 1:
                continue
        found += [Undo(i, i + 1, (window[j],)) for i, j in zip(src, dest)
                  if _is_number(dtoks[i]) and _is_number(window[j]) and dtoks[i] != window[j]]
    return found


def _word_undone(dtoks, window, ops, dw: str, cw: str) -> Undo | None:
    """The draft's word `dw` back to the remark's `cw`, where the two were exchanged."""
    for op in (op for op in ops if op.tag == "replace"):
        if op.src_end - op.src_start == op.dest_end - op.dest_start:
            for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end)):
                if dtoks[i] == dw and window[j] == cw:
                    return Undo(i, i + 1, (cw,))
        elif dw in dtoks[op.src_start:op.src_end] and cw in window[op.dest_start:op.dest_end]:
            return Undo(op.src_start, op.src_end, tuple(window[op.dest_start:op.dest_end]))  # "out of reach"
    # (a word found between the same two words of a rendering whose clauses come in another
    # order: the draft's one such word takes the corpus's)
    return Undo(dtoks.index(dw), dtoks.index(dw) + 1, (cw,)) if dtoks.count(dw) == 1 else None


def _noun_undone(dtoks, window, ops, noun: str) -> Undo | None:
    """The noun or name takes the corpus's word in its place, when it is the one word of
    meaning exchanged ("the leadership of" for "early resolution of": "the resolution of";
    "discuss a ceasefire" for "develop our cooperation" is more than a word)."""
    for op in ops:
        block = dtoks[op.src_start:op.src_end]
        if (op.tag == "replace" and len(block) == op.dest_end - op.dest_start and noun in block
                and sum(w not in STOPWORDS for w in block) == 1):
            i = op.src_start + block.index(noun)
            return Undo(i, i + 1, (window[op.dest_start + i - op.src_start],))
    return None


def written_forms(text: str) -> dict[str, str]:
    """How a text writes each of its words ("kyiv" -> "Kyiv"), for words written alone."""
    from .quotes import normalise

    out: dict[str, str] = {}
    for m in re.finditer(r"\S+", text):
        core = m.group().strip(_EDGE)
        if len(words := normalise(core)) == 1 and core.lower() == words[0]:
            # (a sentence's capital is no name's)
            out.setdefault(words[0], core.lower() if _sentence_start(text, m.start()) else core)
    return out


def undone(text: str, undo: Undo, forms: dict[str, str] | None = None) -> str | None:
    """The quotation `text` with `undo` applied to its written words, keeping everything else
    as the reporter wrote it ("War is not gradually returning" -> "War is gradually
    returning", "isn't" -> "is"); `forms`: how the corpus writes the words put in
    (`written_forms`). None when the words cannot be placed in the text."""
    from .quotes import normalise, token_chunks

    chunks = token_chunks(text)
    tokens = normalise(text)
    if chunks is None or not 0 < undo.end <= len(tokens):
        return None
    if undo.start == undo.end:
        # a word put back before the draft's word `start` (not at the quotation's ends: its
        # case and punctuation there are the reporter's)
        if undo.start >= len(tokens) or chunks[undo.start - 1] == chunks[undo.start]:
            return None
        a = chunks[undo.start][0]
        return text[:a] + " ".join(undo.words) + " " + text[a:]
    a, b = chunks[undo.start][0], chunks[undo.end - 1][1]
    written = [t for t, c in zip(tokens, chunks) if a <= c[0] < b]
    if written == tokens[undo.start:undo.end]:
        # whole written words: their letters replaced, their punctuation kept
        core_a = a + len(text[a:b]) - len(text[a:b].lstrip(_EDGE))
        core_b = b - len(_trailing(text[a:b]))
        if undo.words:
            put = " ".join((forms or {}).get(w, w) for w in undo.words)
            if _sentence_start(text, core_a):
                put = put[:1].upper() + put[1:]
            return text[:core_a] + put + text[core_b:]
        if a:  # left out with the space before them
            return text[:len(text[:a].rstrip())] + text[a:core_a] + text[core_b:]
        return None  # the first word: its capital belongs to the next
    if not undo.words and undo.end == undo.start + 1 and written == [tokens[undo.start - 1], "not"]:
        # a negation written into its verb: "isn't" -> "is", "won't" -> "will", "cannot" -> "can"
        core_b = b - len(_trailing(text[a:b]))
        stem = tokens[undo.start - 1]
        return text[:a] + (stem[:1].upper() + stem[1:] if text[a:a + 1].isupper() else stem) + text[core_b:]
    return None  # a word written together with another ("peace,and")


_EDGE = "\"'“”‘’«»()[]{}.,;:!?…—–-"


def _sentence_start(text: str, i: int) -> bool:
    """Does a sentence of `text` begin at `i` (its first word, or the first after . ! ?)?"""
    before = text[:i].rstrip()
    return not before or before.endswith((".", "!", "?"))


def _trailing(run: str) -> str:
    """The punctuation a written run ends with ("isn't," -> ",")."""
    return run[len(run.rstrip(_EDGE)):]
