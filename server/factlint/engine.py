"""The one checking engine: `check(text, path, config) -> list[Finding]`.

The CLI and the language server are thin shells over `Engine`. The engine
never imports pygls and never prints: it returns findings, and keeps the
failures of individual checks in `Engine.failures` for its caller to report.

Flow: text -> `document.parse_document` (Markdown masked, paragraphs)
-> `Analyzer.analyse` (spaCy, cached per paragraph) -> every enabled check, each
behind its own guard -> config (disabled codes, severities) and inline
suppression comments -> findings sorted by position, with line/column filled.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .facts import rows as fact_rows
from . import nlp as nlp_module
from .analysis import Analysed, Analyzer
from .config import Config
from .corpus.build import ArticleAnalyser
from .corpus.base import Index, index_errors
from .corpus.index import CorpusIndex, IndexBusy, UpdateReport, index_path
from .document import MAX_CHARS, MAX_TOKENS, Comment, Document, parse_document
from .finding import CHECK_FAILED, CORPUS_UNAVAILABLE, NOTICE, Finding, LineIndex, Severity, Span
from .registry import CheckCutOff, CheckSpec, all_checks
from .rule_types.loader import RuleSet, load_rules

log = logging.getLogger("factlint.engine")

BASE_COMPONENTS = {"parser"}  # sentences, for everything


@dataclass
class CheckContext:
    """What a check gets: the analysed draft, the corpus (or None) and the config."""

    analysed: Analysed
    corpus: Index | None
    config: Config
    engine: "Engine"
    options: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict)  # work shared by checks within one run (e.g. quote matching)

    @property
    def document(self) -> Document:
        return self.analysed.document


@dataclass(frozen=True)
class Failure:
    check: str
    path: str
    error: str
    cut_off: bool = False  # stopped over its budget (its findings up to there were kept), not broken


def partial_notice(document: Document) -> Finding:
    """The one note on a draft checked in part (over `document.MAX_CHARS`)."""
    cut = document.checked_to or 0
    return Finding("input/checked-in-part", NOTICE, Severity.INFO,
                   f"checked in part: this draft has {len(document.text):,} characters and factlint checked the first "
                   f"{cut:,} (to line {document.text.count(chr(10), 0, cut) + 1}): a draft is checked up to "
                   f"{MAX_CHARS:,} characters or {MAX_TOKENS:,} words and marks; split it to check the rest",
                   Span(0, 0))


def failure_notice(spec_code: str, error: str) -> Finding:
    return Finding(CHECK_FAILED, NOTICE, Severity.INFO,
                   f"check {spec_code} failed on this draft: {error} (the other checks ran; FACTLINT_LOG=debug "
                   f"logs the details)", Span(0, 0), data={"check": spec_code})


def corpus_notice(error: str, skipped: list[str]) -> Finding:
    return Finding(CORPUS_UNAVAILABLE, NOTICE, Severity.INFO,
                   f"{error}; not checked against the corpus ({', '.join(skipped)} skipped)", Span(0, 0),
                   data={"checks": skipped})


def _reason(e: Exception) -> str:
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


class Engine:
    def __init__(self, config: Config | None = None, *, nlp=None, checks: Iterable[CheckSpec] | None = None,
                 text_only: bool = False):
        """`text_only`: only the checks that read the text alone (YAML rules of kinds that need
        no parse: `CheckSpec.text_only`), with no spaCy and no corpus: made in milliseconds,
        so the language server answers with them while the pipeline loads. Their findings are
        exactly what the full engine gives for those rules."""
        self.config = config or Config()
        self.text_only = text_only
        if checks is not None:
            specs = list(checks)
            self.rules = RuleSet()
        elif text_only:
            self.rules = load_rules(self.config.rules, parsed=False)
            specs = [s for s in self.rules.specs() if s.text_only]
        else:
            self.rules = load_rules(self.config.rules)
            specs = list(all_checks().values()) + self.rules.specs()
        self.checks = [c for c in specs if not self.config.is_disabled(c.code, c.category)]
        components = set(BASE_COMPONENTS).union(*(c.components for c in self.checks))
        if self.config.has_corpus:  # the index holds every kind of fact, whatever checks are on
            components |= fact_rows.COMPONENTS
        if text_only:
            self.nlp, self.analyzer = None, None
        else:
            self.nlp = nlp if nlp is not None else nlp_module.load(components)
            self.analyzer = Analyzer(self.nlp)
        self.failures: list[Failure] = []
        self._corpus: Index | None = None
        self._corpus_ready = False
        self.index_error: str | None = None  # why the corpus index cannot be used, when it cannot
        self.index_notes: list[str] = []  # what happened to the index that a user should know (rebuilt)
        self.closed = False  # let go of its index (a server rebuilt its engines)
        self._lock = threading.RLock()
        self.index_report: UpdateReport | None = None
        # The language server sets this: an index already built by this pipeline is used as it
        # stands for the first checks, and `freshness_pending` tells the server to bring it up to
        # date afterwards (stat-ing 10,000 files must not delay the first diagnostics).
        self.defer_freshness = False
        self.freshness_pending = False
        # told when another process is updating the same local index and this one waits its
        # turn (`writers_turn`): the CLI says it on stderr, the server in its status
        self.on_wait: Callable[[str], None] | None = None

    # ------------------------------------------------------------------ corpus

    @property
    def article_analyser(self) -> ArticleAnalyser:
        return ArticleAnalyser(self.nlp)

    @property
    def shared(self) -> bool:
        """A shared (PostgreSQL) index: workers build it (`factlint index --index URL`); checks
        and the language server only read it."""
        return bool(self.config.index)

    def open_index(self) -> Index | None:
        """The corpus index, or None when there is no corpus or the index cannot be used (a
        read-only or full cache folder, a database that cannot be reached: `index_error` says
        why, and the checks that need no corpus still run)."""
        if not self.config.has_corpus:
            return None
        with self._lock:
            if self._corpus is None and self.index_error is None:
                self._corpus, self.index_error = self._connect()
            return self._corpus

    def _connect(self) -> tuple[Index | None, str | None]:
        """(the index, None), or (None, why it cannot be used)."""
        if self.shared:
            from .corpus.postgres import PostgresIndex, redact

            where = f"the shared index {redact(self.config.index)}"
            make = partial(PostgresIndex, self.config.index, self.config.corpus)
        else:
            store = index_path(self.config.index_dir(), self.config.corpus)
            where = f"the corpus index at {store}"
            make = partial(CorpusIndex, store, self.config.corpus, waiting=self._waiting)
        try:
            return make(), None
        except (OSError, *index_errors()) as e:
            return None, f"{where} cannot be used: {_reason(e)}"

    def _waiting(self, message: str) -> None:
        log.info("%s", message)
        if self.on_wait is not None:
            self.on_wait(message)

    def reconnect(self) -> bool:
        """A shared index that could not be reached when first asked for: try again (the
        language server does, from a thread of its own, while the other checks run). True
        when it is now in use; else `index_error` says why not."""
        if not self.shared or self.closed:
            return False
        with self._lock:
            if self._corpus is not None:
                return False
        index, error = self._connect()  # outside the lock: it may take seconds; checks go on
        if index is None:
            self.index_error = error
            return False
        with self._lock:
            if self.closed or self._corpus is not None:
                index.close()
                return False
            self._corpus, self.index_error = index, None
            self._note_shared(index)
            return self._corpus is not None

    def close(self) -> None:
        """Let go of the index (its file or its database connections and listener)."""
        self.closed = True
        with self._lock:
            if self._corpus is not None:
                try:
                    self._corpus.close()
                except index_errors():
                    pass
                self._corpus = None

    def ensure_index(self, progress: Callable[[int, int, str], None] | None = None,
                     write: bool = False, prune: bool = False, wait: bool = True) -> UpdateReport | None:
        """Build or refresh the index when missing or stale; returns what changed. A shared
        index is only read (checked for being built by this pipeline) unless `write`: then this
        process is one of its workers (`prune`: it may remove most of the index's articles,
        when it does not see their files; `corpus.base.Index.update`). `wait=False` (the
        language server's refresh): while another process is updating the local index, it is
        read as that process leaves it, and `freshness_pending` says to look again later."""
        index = self.open_index()
        if index is None:
            self._corpus_ready = True
            return None
        if self.shared and not write:
            with self._lock:
                self._note_shared(index)
                self._corpus_ready = True
                return UpdateReport()
        with self._lock:
            analyser = self.article_analyser
            try:
                report = index.update(analyser.analyse, analyser.id, progress, analyse_many=analyser.analyse_many,
                                      prune=prune, wait=wait)
            except IndexBusy as e:
                log.info("%s: read as it stands, looked at again later", e)
                self.freshness_pending = self._corpus_ready = True
                return None
            except (OSError, *index_errors()) as e:  # the disk filled up, the folder became read-only
                self.index_error = f"the corpus index at {index.db_path} could not be updated: {_reason(e)}"
                self._corpus, self._corpus_ready = None, True
                return None
            if index.recovered:
                self.index_notes.append(index.recovered)
                index.recovered = None
            self.index_report = report
            self._corpus_ready = True
            return report

    def _note_shared(self, index) -> None:
        """What a reader of a shared index should know: that it is empty, or built by another
        pipeline (its figures and quotes were extracted by other versions than this one's)."""
        try:
            if index.article_count() == 0:
                self.index_notes.append(f"the shared index {index.db_path} holds no articles yet: build it with "
                                        f"`factlint index --index URL ARCHIVE_FOLDER`")
            elif (built := index.get_meta("analyser")) and built != self.article_analyser.id:
                self.index_notes.append(f"the shared index {index.db_path} was built by another factlint ({built}); "
                                        f"this one extracts with {self.article_analyser.id}: upgrade one of them")
        except index_errors() as e:
            self.index_error = f"the shared index {index.db_path} cannot be read: {_reason(e)}"
            self._corpus = None

    def corpus(self) -> Index | None:
        if self.config.has_corpus and not self._corpus_ready:
            if not (self.defer_freshness and self.use_built_index()):
                self.ensure_index()
        return self._corpus

    def use_built_index(self) -> bool:
        """Use the index as last built, without looking at the corpus files, when this pipeline
        and these extractors built it; `freshness_pending` is then set (`ensure_index` later)."""
        index = self.open_index()
        if index is None:
            return False
        with self._lock:
            try:
                built = index.get_meta("analyser") == self.article_analyser.id and index.article_count() > 0
            except index_errors():
                return False
            if not built:
                return False
            try:
                index.derive()  # an index built before the derived tables existed: once
            except index_errors() as e:  # read-only: the lookups read the base tables
                log.debug("could not derive index tables: %s", e)
            self._corpus_ready = True
            self.freshness_pending = True
            return True

    # ------------------------------------------------------------------ checking

    def analyse(self, text: str, path: str = "-", markdown: bool | None = None) -> Analysed:
        document = parse_document(text, str(path), markdown)
        if self.text_only:  # the paragraphs without a parse: these checks read the text
            return Analysed(document, [(p, None) for p in document.paragraphs])
        return self.analyzer.analyse(document)

    def check(self, text: str, path: str | Path = "-", markdown: bool | None = None,
              options: dict | None = None) -> list[Finding]:
        """Findings for one draft. `options["exclude_paths"]`: corpus articles the checks
        must not compare with (the corpus audit checks each article against the others)."""
        analysed = self.analyse(text, str(path), markdown)
        corpus = None if self.text_only else self.corpus()
        ctx = CheckContext(analysed, corpus, self.config, self, dict(options or {}))
        findings: list[Finding] = []
        if analysed.document.checked_to is not None:
            findings.append(partial_notice(analysed.document))
        skipped = []
        for spec in self.checks:
            if spec.needs_corpus and ctx.corpus is None:
                skipped.append(spec.code)
                continue
            try:
                findings.extend(spec.run(ctx) or ())
            except CheckCutOff as e:  # over its budget: what it found so far, and why it stopped
                findings.extend(e.findings)
                self.failures.append(Failure(spec.code, str(path), str(e), cut_off=True))
            except Exception as e:  # a failing check never hides the others
                # the caller reports the failure in one line; the traceback is for FACTLINT_LOG=debug
                log.debug("check %s failed on %s", spec.code, path, exc_info=True)
                self.failures.append(Failure(spec.code, str(path), f"{type(e).__name__}: {e}"))
                findings.append(failure_notice(spec.code, f"{type(e).__name__}: {e}"))
        if skipped and self.config.has_corpus and not self.text_only:
            # a corpus is configured and its index cannot be used: the draft was not checked against it
            findings.append(corpus_notice(self.index_error or "the corpus index cannot be used", skipped))
        return self._finish(findings, analysed.document)

    def _finish(self, findings: list[Finding], document: Document) -> list[Finding]:
        cfg = self.config
        suppress = Suppressions(document)
        lines = LineIndex(document.text)
        out, seen = [], set()
        for f in findings:
            if f.category != NOTICE and (cfg.is_disabled(f.code, f.category) or suppress.hides(f)):
                continue  # (a notice says how the draft was checked: never hidden)
            sev = cfg.severity.get(f.code) or cfg.severity.get(f.category)
            if sev is not None:
                f = f.with_severity(sev)
            key = (f.code, f.span, f.message)
            if key in seen:
                continue
            seen.add(key)
            out.append(f.resolve(lines))
        out.sort(key=lambda f: (f.span.start, f.span.end, f.code))
        return out


# ---------------------------------------------------------------------- suppression

_DIRECTIVE = re.compile(r"^\s*factlint-(disable-next-line|disable-line|disable|enable)\b\s*(.*?)\s*$", re.S)


class Suppressions:
    """`<!-- factlint-disable-next-line CODE -->`, `<!-- factlint-disable CODE -->` ...
    `<!-- factlint-enable -->`. CODE may be a code, a category or omitted (all);
    several are separated by spaces or commas."""

    def __init__(self, document: Document) -> None:
        self.ranges: list[tuple[int, int, frozenset[str]]] = []  # start, end, codes (empty = all)
        text = document.masked  # same offsets; every line break is a "\n" there (CRLF and CR too)
        open_blocks: list[tuple[int, frozenset[str]]] = []
        for c in document.comments:
            m = _DIRECTIVE.match(c.body)
            if not m:
                continue
            kind, codes = m.group(1), frozenset(x for x in re.split(r"[\s,]+", m.group(2)) if x)
            if kind == "disable-next-line":
                start = text.find("\n", c.end)
                # the next line that has prose on it
                while start >= 0 and start + 1 < len(text) and text[start + 1] in " \t\n":
                    start += 1
                if start < 0:
                    continue
                end = text.find("\n", start + 1)
                self.ranges.append((start + 1, end if end >= 0 else len(text), codes))
            elif kind == "disable-line":
                ls = text.rfind("\n", 0, c.start) + 1
                le = text.find("\n", c.end)
                self.ranges.append((ls, le if le >= 0 else len(text), codes))
            elif kind == "disable":
                open_blocks.append((c.end, codes))
            elif kind == "enable":
                for start, codes_open in open_blocks:
                    if not codes or codes & codes_open:
                        self.ranges.append((start, c.start, codes_open))
                open_blocks = [] if not codes else [b for b in open_blocks if not (codes & b[1])]
        for start, codes in open_blocks:
            self.ranges.append((start, len(text), codes))

    def hides(self, f: Finding) -> bool:
        for start, end, codes in self.ranges:
            if start <= f.span.start < end and (not codes or _matches(f, codes)):
                return True
        return False


def _matches(f: Finding, codes: frozenset[str]) -> bool:
    return any(f.code == c or f.category == c or f.code.startswith(c.rstrip("/") + "/") for c in codes)


# ---------------------------------------------------------------------- module API

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(config: Config) -> Engine:
    key = repr(config)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(config)
        return _engines[key]


def check(text: str, path: str | Path = "-", config: Config | None = None) -> list[Finding]:
    """Check `text` (the draft at `path`) against the corpus that `config` names."""
    return get_engine(config or Config()).check(text, path)


__all__ = ["Engine", "CheckContext", "check", "get_engine", "Finding", "Span", "Comment"]
