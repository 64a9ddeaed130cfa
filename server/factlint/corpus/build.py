"""Turning corpus articles into index records: parse once, extract every kind of fact.

`ArticleAnalyser` uses the same document model and the same spaCy pipeline as
draft checking, so a figure or quote is extracted the same way on both sides. What it
stores comes from `facts.rows` whatever checks a configuration enables: one index serves
every configuration.
Articles are parsed in batches through `nlp.pipe` for throughput.
"""
from __future__ import annotations

import datetime as _dt
import logging
import os
import re
from collections.abc import Iterator

import yaml

from ..analysis import Analysed, document_terms, parseable
from ..document import Document, parse_document
from ..facts import rows as fact_rows
from .index import ArticleRecord, SentenceRecord

log = logging.getLogger("factlint.corpus")

# An article is indexed up to this many characters (a draft is checked up to document.MAX_CHARS):
# ten times the longest feature; past it, a file is not an article (a log, a data dump).
MAX_ARTICLE_CHARS = 1_000_000
PARALLEL_FROM = 5000  # paragraphs: below this, starting worker processes costs more than it saves

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class ArticleAnalyser:
    def __init__(self, nlp, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.batch_size = batch_size

    @property
    def id(self) -> str:
        """Changes whenever stored rows would differ: the pipeline and the facts' version."""
        meta = self.nlp.meta
        parts = [f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}", "+".join(self.nlp.pipe_names)]
        return ";".join([*parts, fact_rows.VERSION])

    def analyse(self, text: str, path: str) -> ArticleRecord:
        return next(iter(self.analyse_many([(text, path)])))

    def analyse_many(self, items: list[tuple[str, str]]) -> Iterator[ArticleRecord]:
        """Records in the order of `items`. All paragraphs stream through one `nlp.pipe`,
        on several processes for a large build (FACTLINT_INDEX_PROCESSES overrides)."""
        documents = [parse_document(text, path, max_chars=MAX_ARTICLE_CHARS) for text, path in items]
        total = sum(len(d.paragraphs) for d in documents)
        processes = int(os.environ.get("FACTLINT_INDEX_PROCESSES", "0")) or (
            min(2, os.cpu_count() or 1) if total >= PARALLEL_FROM else 1)
        texts = (parseable(p.text) for d in documents for p in d.paragraphs)
        docs = iter(self.nlp.pipe(texts, batch_size=self.batch_size, n_process=processes))
        for document in documents:
            parsed = [(p, next(docs)) for p in document.paragraphs]
            yield self._record(Analysed(document, parsed))

    def _record(self, analysed: Analysed) -> ArticleRecord:
        document = analysed.document
        sentences = []
        for idx, (para, doc) in enumerate(analysed.parsed):
            for sent in doc.sents:
                text = sent.text.strip()
                if not text:
                    continue
                start = para.start + sent.start_char
                ents = [
                    (para.start + e.start_char, para.start + e.end_char, e.label_, e.text)
                    for e in sent.ents
                ]
                sentences.append(SentenceRecord(start, start + len(sent.text.rstrip()), idx, text, ents))
        meta = _front_matter(document)
        record = ArticleRecord(
            paragraphs=[(p.start, p.end) for p in document.paragraphs],
            sentences=sentences,
            title=meta.get("title") or _first_line(document),
            date=meta.get("date"),
            outlet=meta.get("outlet") or meta.get("source"),
            terms=sorted(document_terms(analysed)),
        )
        for kind, extract in fact_rows.EXTRACTORS.items():
            try:
                for table, rows in (extract(analysed) or {}).items():
                    record.rows.setdefault(table, []).extend(rows)
            except Exception as e:  # one extractor's bug must not lose the article for the others
                log.warning("extracting %s failed on %s: %s: %s", kind, document.path, type(e).__name__, e)
                log.debug("traceback", exc_info=True)
        return record


def _first_line(document: Document) -> str | None:
    return document.paragraphs[0].text.strip()[:200] if document.paragraphs else None


def _front_matter(document: Document) -> dict:
    if not document.markdown:
        return {}
    m = _FRONT_MATTER.match(document.text)
    if not m:
        return {}
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        log.warning("%s: front matter is not valid YAML; ignored", document.path)
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for key in ("title", "outlet", "source"):
        if isinstance(data.get(key), str):
            out[key] = data[key]
    date = data.get("date")
    if isinstance(date, (_dt.date, _dt.datetime)):
        out["date"] = date.isoformat()[:10]
    elif isinstance(date, str):
        out["date"] = date
    return out
