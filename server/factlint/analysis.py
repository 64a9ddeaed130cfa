"""spaCy analysis of a document, paragraph by paragraph, with a cache.

Each paragraph is cut into sentence pieces at unambiguous sentence ends (`pieces`), each
piece is parsed on its own and cached by its text, and a paragraph's Doc is its pieces'
Docs joined (`Doc.from_docs`), cached by the paragraph's text. So re-checking an edited
draft parses only the sentence the edit touched, and since a piece's parse depends on its
own text only, a re-check gives what a full check gives. An `Analysed` bundle carries the
document and the parsed paragraphs; offsets of tokens inside a paragraph's Doc plus
`Paragraph.start` are offsets into the document.

Everything derived from one paragraph is kept per paragraph, so that a keystroke costs the
edited paragraph's parse and little else: data derived from a Doc alone lives in the Doc's
`user_data` (`paragraph_terms`, `facts.people.mentions`, `facts.when` dates); figure claims are
cached by paragraph text (`facts.figures`); quotes by paragraph text and the carry from the
paragraph before (`facts.quotes`, cached on the draft's `facts.people.ChainPeople`, reused
while the draft names the same people); YAML rules of local kinds by the text around the
paragraph (`rule_types.base.Rule`); figure decisions by paragraph and the draft-level context
they read (`match.figures.conflicts`). `tests/test_incremental.py` holds that a re-check with
all of this equals a fresh engine's full check.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .document import Document, Paragraph


@dataclass
class Analysed:
    document: Document
    parsed: list[tuple[Paragraph, object]]  # (paragraph, spacy Doc)

    def sentences(self):
        """(document offset of the sentence start, spacy Span) for every sentence."""
        for para, doc in self.parsed:
            for sent in doc.sents:
                yield para.start + sent.start_char, sent


CONTEXT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
CONTEXT_STOP = {"say", "also", "new", "last", "first", "other"}


def content_terms(span, exclude: frozenset[int] | set[int] = frozenset()) -> list[str]:
    """Sorted content-word lemmas (nouns, names, verbs, adjectives) of a Doc or Span:
    the context that tells one fact or event from another."""
    out = set()
    for t in span:
        if t.i in exclude or t.is_stop or t.like_num or t.pos_ not in CONTEXT_POS:
            continue
        lemma = t.lemma_.lower().strip(".’'\"“”‘")
        if len(lemma) < 2 or lemma in CONTEXT_STOP:
            continue
        out.add(lemma)
    return sorted(out)


def paragraph_terms(doc) -> list[str]:
    """`content_terms` of a paragraph's Doc, kept with the Doc (which the `Analyzer` caches by
    the paragraph's text), so a re-check reads only the paragraphs an edit touched."""
    terms = doc.user_data.get("factlint.terms")
    if terms is None:
        terms = doc.user_data["factlint.terms"] = content_terms(doc)
    return terms


def document_terms(analysed: "Analysed") -> set[str]:
    terms: set[str] = set()
    for _, doc in analysed.parsed:
        terms.update(paragraph_terms(doc))
    return terms


# spaCy's tokenizer is quadratic in the length of a run without spaces (50,000 quotation marks
# on one line took minutes): such a run is broken by a space every LONG_RUN_STEP characters in
# the text spaCy parses (same length, so every offset still holds). No word or URL in prose is
# that long; what is broken is garbage either way.
LONG_RUN = 200
LONG_RUN_STEP = 100
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")


def parseable(text: str) -> str:
    """`text` with its overlong space-free runs broken by spaces (same length)."""
    if len(text) < LONG_RUN or not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for i in range(m.start() + LONG_RUN_STEP, m.end(), LONG_RUN_STEP):
            chars[i] = " "
    return "".join(chars)


# A sentence ends at . ! or ? (and any closing quotation marks or brackets), before white
# space and a capital letter, a digit or an opening quotation mark; not after an initial
# ("J.", "U.S.") or a common abbreviation ("Nov.", "Mr."). Only such clear ends cut a
# paragraph: a missed end costs a longer piece to parse, a wrong one could change a parse.
_SENTENCE_END = re.compile(r"""(?<=[.!?])[”"’')\]]*\s+(?=[A-Z0-9“"‘(])""")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Sgt|Capt|Cmdr|Adm|Gov|Sen|Rep|Rev|St|Mt|Ft|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Inc|Ltd|Co|Corp|Jr|Sr|vs|etc|approx|est|Vol|pp|Fig))\.$")


def pieces(text: str) -> list[str]:
    """`text` cut after its clear sentence ends; the pieces, each with its trailing white
    space, join to `text` exactly."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end_of_sentence = text[start:m.start()].rstrip("”\"’')]")
        if _ABBREVIATION.search(end_of_sentence[-12:]):
            continue
        out.append(text[start:m.end()])
        start = m.end()
    if start < len(text) or not out:
        out.append(text[start:])
    return out


class Analyzer:
    """Parses paragraphs with one spaCy pipeline, sentence piece by sentence piece; LRU caches
    keyed by text (pieces, and paragraphs made of them)."""

    def __init__(self, nlp, cache_size: int = 4096) -> None:
        self.nlp = nlp
        self.cache_size = cache_size
        self._cache: OrderedDict[str, object] = OrderedDict()  # paragraph text -> Doc
        self._pieces: OrderedDict[str, object] = OrderedDict()  # piece text -> Doc
        self._lock = threading.Lock()
        self.parsed_count = 0  # paragraphs parsed anew (not served from cache)
        self.pieces_parsed = 0  # sentence pieces parsed anew

    def _parse_paragraphs(self, texts: list[str]) -> dict[str, object]:
        """Docs for paragraphs not in the cache: their pieces parsed (those not cached) and joined."""
        from spacy.tokens import Doc  # (spaCy is imported where a parse is needed, not by the CLI's other commands)

        split = {t: pieces(t) for t in texts}
        with self._lock:
            missing = [p for p in dict.fromkeys(x for ps in split.values() for x in ps) if p not in self._pieces]
        parsed = dict(zip(missing, self.nlp.pipe(parseable(p) for p in missing))) if missing else {}
        with self._lock:
            self.pieces_parsed += len(missing)
            for text, doc in parsed.items():
                self._pieces[text] = doc
            docs = {}
            for t, ps in split.items():
                parts = [parsed.get(p) or self._pieces[p] for p in ps]
                for p in ps:
                    self._pieces.move_to_end(p)
                # a new Doc even for one piece: the paragraph's derived data (user_data) is its
                # own, never on a cached piece that other paragraphs are made of
                docs[t] = Doc.from_docs(parts, ensure_whitespace=False)
            while len(self._pieces) > 4 * self.cache_size:
                self._pieces.popitem(last=False)
        return docs

    def analyse(self, document: Document) -> Analysed:
        texts = [p.text for p in document.paragraphs]
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        docs = self._parse_paragraphs(missing) if missing else {}
        with self._lock:
            self.parsed_count += len(missing)
            for text, doc in docs.items():
                self._cache[text] = doc
            out = []
            for p in document.paragraphs:
                doc = docs.get(p.text) or self._cache[p.text]
                self._cache.move_to_end(p.text)
                out.append((p, doc))
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return Analysed(document, out)
