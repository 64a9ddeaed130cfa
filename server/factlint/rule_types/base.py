"""What every YAML rule shares: fields, scopes, quotation masking, fixes, regexes.

A rule type module (existence.py, substitution.py, ...) defines `FIELDS` (its own
keys), `NEEDS` (spaCy components) and `build(rule, raw, where) -> matcher` where
`matcher(ctx, rule)` yields `Match`es; everything else is here.
"""
from __future__ import annotations

import contextvars
import re
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import regex

from ..finding import Edit, Finding, Severity, Span
from ..registry import CheckCutOff

REGEX_TIMEOUT = 0.25  # seconds per regex search; a catastrophic pattern cannot hang a check
# ... and a rule gets this long on one document in all (thousands of lines at just under the
# limit each would add up); the packaged rules take under 20 ms on a 2,000-word draft.
RULE_BUDGET = 1.0
# A rule that fires more often than this in one document is cut off: a pattern that broad is
# a mistake, and ten thousand squiggles help nobody (the example drafts have at most a few).
MAX_MATCHES = 500
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("rule_deadline", default=None)
SCOPES = ("line", "sentence", "paragraph", "heading", "document")
QUOTES = ("any", "outside", "inside")
COMMON_FIELDS = (
    "type", "id", "message", "severity", "category", "description", "link", "scope", "quotes",
    "exceptions", "fix", "examples", "ignorecase", "status",
)


class RuleError(Exception):
    """A rule file that cannot be used: names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class RuleTimeout(CheckCutOff):
    """A rule over its time or match budget on one document (the message names its file)."""


@dataclass
class Match:
    start: int
    end: int
    values: dict = field(default_factory=dict)  # placeholders for the message
    replacement: str | None = None  # a rule type's own fix (substitution, consistency)
    fix_span: tuple[int, int] | None = None  # where that fix applies, when not (start, end)


@dataclass
class Rule:
    id: str
    type: str
    message: str
    severity: Severity
    category: str
    path: str  # the file it came from
    line: int = 1
    description: str = ""
    link: str = ""
    scope: str = "paragraph"
    quotes: str = "any"
    exceptions: tuple = ()  # compiled regexes
    fix: dict | None = None  # {"action": "replace"|"remove", "with": str}
    examples: dict = field(default_factory=dict)
    ignorecase: bool = False
    status: str = "preview"
    matcher: object = None
    needs: frozenset = frozenset()
    text_only: bool = False  # set by the loader: reads the text, never spaCy's parse
    pack: str = ""
    local: bool = False  # set by the loader: the kind reads one unit at a time and the scope is within a paragraph
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)

    def run(self, ctx) -> list[Finding]:
        token = _deadline.set(time.monotonic() + RULE_BUDGET)
        findings: list[Finding] = []
        try:
            if self.local:
                self._run_by_paragraph(ctx, findings)
            else:
                self._run(ctx, findings)
        except RuleTimeout as e:
            raise RuleTimeout(f"rule {self.path}:{self.line}: {e}", findings) from None
        finally:
            _deadline.reset(token)
        return findings

    def _run_by_paragraph(self, ctx, findings: list[Finding]) -> None:
        """A local rule, one paragraph at a time, each paragraph's findings cached with what they
        were read from: the text from the end of the paragraph before to the start of the one
        after (a removal fix may take the blank lines around its line), so typing re-reads the
        edited paragraph only. Same findings, in the same order, as reading the whole document."""
        doc = ctx.document
        text, paras = doc.text, ctx.analysed.parsed
        for n, (para, parsed) in enumerate(paras):
            # from the end of the paragraph before (or the start of the first line, when a long
            # paragraph was split inside a line) to the start of the one after (or the line's end)
            a = min(paras[n - 1][0].end if n else 0, text.rfind("\n", 0, para.start) + 1)
            line_end = text.find("\n", para.end)
            b = max(paras[n + 1][0].start if n + 1 < len(paras) else len(text), len(text) if line_end < 0 else line_end)
            key = (text[a:b], doc.masked[a:b], para.start - a, para.end - a, para.kind, a == 0, b == len(text))
            cached = self._cache.get(key)
            if cached is None:
                view = replace(ctx, analysed=type(ctx.analysed)(replace(doc, paragraphs=[para]), [(para, parsed)]))
                found: list[Finding] = []
                try:
                    self._run(view, found, len(findings))
                except RuleTimeout:  # over a budget: what it found here is kept, and nothing cached
                    findings.extend(found)
                    raise
                cached = self._cache[key] = [f.shifted(-a) for f in found]
                if len(self._cache) > RULE_CACHE_SIZE:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
            if len(findings) + len(cached) > MAX_MATCHES:
                findings.extend(f.shifted(a) for f in cached[:MAX_MATCHES - len(findings)])
                raise RuleTimeout(_TOO_MANY)
            findings.extend(f.shifted(a) for f in cached)

    def _run(self, ctx, findings: list[Finding], before: int = 0) -> None:
        text = ctx.document.text
        for m in self.matcher(ctx, self):
            if before + len(findings) >= MAX_MATCHES:
                raise RuleTimeout(_TOO_MANY)
            if self.exceptions and any(x.fullmatch(text[m.start:m.end]) for x in self.exceptions):
                continue
            values = {"match": text[m.start:m.end], **m.values}
            try:
                message = self.message.format_map(_Defaults(values))
            except (ValueError, IndexError):
                message = self.message
            span = Span(m.start, m.end)
            findings.append(
                Finding(self.id, self.category, self.severity, message, span, tuple(self._fixes(text, m, values)),
                        data={"rule": self.path})
            )

    def _fixes(self, text: str, m: Match, values: dict) -> Iterator[Edit]:
        action = (self.fix or {}).get("action")
        if action == "remove":
            s, e = removal_span(text, m.start, m.end)
            yield Edit(Span(s, e), "", f"Remove {text[m.start:m.end].strip()[:40]!r}")
        elif action == "replace":
            new = str(self.fix.get("with", "")).format_map(_Defaults(values))
            yield Edit(Span(m.start, m.end), new, f"Replace with {new!r}")
        elif m.replacement is not None:
            s, e = m.fix_span or (m.start, m.end)
            if m.replacement:
                yield Edit(Span(s, e), m.replacement, f"Replace with {m.replacement!r}")
            else:
                yield Edit(Span(s, e), "", f"Remove {text[s:e].strip()[:40]!r}")


_TOO_MANY = (f"matched more than {MAX_MATCHES} times in this document; the first {MAX_MATCHES} are shown "
             "(is a pattern too broad?)")
RULE_CACHE_SIZE = 4096  # paragraphs kept per rule (a long draft has a few hundred)


class _Defaults(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def removal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a removal so no double space or empty line is left behind."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    if not text[ls:start].strip() and not text[end:le].strip():  # the whole line
        # take the line and the blank lines after it (or before it, at the end of the text)
        e = le
        while e < len(text) and text[e] == "\n":
            e += 1
        if e >= len(text):
            s = ls
            while s > 0 and text[s - 1] == "\n":
                s -= 1
            return s, len(text)
        return ls, e
    s = start
    while s > ls and text[s - 1] in " \t":
        s -= 1
    if s == ls:  # at line start: eat following spaces instead
        e = end
        while e < le and text[e] in " \t":
            e += 1
        return start, e
    return s, end


# ------------------------------------------------------------------ regexes with a time limit

def compile_regex(pattern: str, ignorecase: bool, where) -> regex.Pattern:
    try:
        return regex.compile(pattern, regex.V0 | regex.MULTILINE | (regex.IGNORECASE if ignorecase else 0))
    except regex.error as e:
        raise where(f"regex {pattern!r} does not compile: {e}") from None


def finditer(rx: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    deadline = _deadline.get()
    timeout = REGEX_TIMEOUT
    if deadline is not None:
        timeout = min(timeout, deadline - time.monotonic())
        if timeout <= 0:
            raise RuleTimeout(f"took longer than {RULE_BUDGET}s on this document; cut off there")
    try:
        # concurrent: the search lets go of the GIL, so the language server's event loop still
        # answers requests while a rule reads a long text on the worker thread
        return list(rx.finditer(text, pos, len(text) if endpos is None else endpos, concurrent=True, timeout=timeout))
    except TimeoutError:
        if timeout < REGEX_TIMEOUT:
            raise RuleTimeout(f"took longer than {RULE_BUDGET}s on this document; cut off there") from None
        raise RuleTimeout(f"regex {rx.pattern!r} took longer than {REGEX_TIMEOUT}s; cut off there") from None


def token_regex(tokens: Iterable[str], ignorecase: bool, where, nonword: bool = False) -> regex.Pattern:
    alts = "|".join(regex.escape(t) if nonword else rf"(?<!\w){regex.escape(t)}(?!\w)" for t in tokens)
    return compile_regex(f"(?:{alts})", ignorecase, where)


# ------------------------------------------------------------------ scopes and quotations

def segments(ctx, scope: str) -> Iterator[tuple[int, int]]:
    """(start, end) document offsets of each unit of `scope`."""
    doc = ctx.document
    text = doc.masked
    if scope == "document":
        yield 0, len(text)
    elif scope == "line":
        # the lines whose first character of prose is in one of the document's paragraphs (every
        # line with prose on it; the same lines whether the document or one paragraph is read)
        for p in doc.paragraphs:
            pos = text.rfind("\n", 0, p.start) + 1
            while pos < p.end:
                end = text.find("\n", pos)
                end = len(text) if end < 0 else end
                line = text[pos:end]
                first = pos + len(line) - len(line.lstrip())
                if line.strip() and p.start <= first < p.end:
                    yield pos, end
                pos = end + 1
    elif scope == "paragraph":
        for p in doc.paragraphs:
            yield p.start, p.end
    elif scope == "heading":
        for p in doc.paragraphs:
            if p.kind == "heading":
                yield p.start, p.end
    elif scope == "sentence":
        for start, sent in ctx.analysed.sentences():
            yield start, start + len(sent.text)


_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside double quotation marks (curly or straight), paragraph by paragraph."""
    spans = []
    for m in re.finditer(r"[“„«][^“”„«»\n]*[”»]|\"[^\"\n]*\"", text):
        spans.append((m.start() + 1, m.end() - 1))
    return spans


def with_quotes(ctx, rule: Rule, text: str) -> str:
    """The text the rule's regexes see: quotations blanked for `quotes: outside`,
    everything but quotations blanked for `quotes: inside`."""
    if rule.quotes == "any":
        return text
    key = ("rule-quotes", rule.quotes)
    memo = ctx.memo  # once per check run, for every rule (and every paragraph) that asks
    if key not in memo or memo[key][0] is not text:
        memo[key] = (text, _with_quotes(rule.quotes, text))
    return memo[key][1]


def _with_quotes(quotes: str, text: str) -> str:
    spans = quoted_spans(text)
    chars = list(text)
    if quotes == "outside":
        for s, e in spans:
            for i in range(s, e):
                if chars[i] != "\n":
                    chars[i] = " "
    else:
        keep = [False] * len(text)
        for s, e in spans:
            for i in range(s, e):
                keep[i] = True
        chars = [c if keep[i] or c == "\n" else " " for i, c in enumerate(chars)]
    return "".join(chars)
