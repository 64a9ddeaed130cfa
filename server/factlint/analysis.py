"""spaCy analysis of a document, paragraph by paragraph, with a cache.

Each paragraph is parsed on its own and cached by its text, so re-checking an
edited draft re-parses only the paragraphs that changed. An `Analysed` bundle
carries the document and the parsed paragraphs; offsets of tokens inside a
paragraph's Doc plus `Paragraph.start` are offsets into the document.
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


class Analyzer:
    """Parses paragraphs with one spaCy pipeline; an LRU cache keyed by text."""

    def __init__(self, nlp, cache_size: int = 4096) -> None:
        self.nlp = nlp
        self.cache_size = cache_size
        self._cache: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.parsed_count = 0  # paragraphs actually parsed (not served from cache)

    def analyse(self, document: Document) -> Analysed:
        texts = [p.text for p in document.paragraphs]
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        docs = dict(zip(missing, self.nlp.pipe(parseable(t) for t in missing))) if missing else {}
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
