"""The one model of a finding, shared by the CLI, the server and every check.

Positions are character offsets into the checked text while the engine works;
`Finding.resolve` turns them into 0-based line/column pairs counted in Unicode
code points once the whole document is known. Output formats add 1 for humans
and JSON; the language server converts columns to UTF-16 or UTF-8 at its edge.
"""
from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass, field, replace


# The category of findings about the check itself rather than the draft ("checked in part"):
# the CLI prints them on stderr, the server shows them as information at the top.
NOTICE = "notice"
# Notices that say a draft was not fully checked because something failed: the CLI's check
# exits 2 on them (a pre-publish gate never passes a draft that was not checked), the
# language server shows them as information diagnostics.
CHECK_FAILED = "internal/check-failed"
CORPUS_UNAVAILABLE = "internal/corpus-unavailable"
FAILURE_NOTICES = (CHECK_FAILED, CORPUS_UNAVAILABLE)


def excerpt(text: str, width: int = 90) -> str:
    """Corpus text on one line, cut to `width` characters: what a message or a source quotes."""
    s = " ".join(text.split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


class Severity(enum.IntEnum):
    """Ordered so that `a >= b` means "at least as serious as"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            valid = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {value!r} (valid: {valid})") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Position:
    """0-based line and column, the column counted in Unicode code points."""

    line: int
    column: int


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Edit:
    """Replace `span` of the checked text with `replacement` (empty to delete)."""

    span: Span
    replacement: str
    title: str = ""


@dataclass(frozen=True)
class Source:
    """Where the corpus says so: article path, 1-based line and an excerpt."""

    path: str
    line: int
    excerpt: str
    start: int | None = None  # character offsets into the article, for go-to-definition
    end: int | None = None
    # the article, as a reporter knows it: its title (front matter, else its first line), its
    # outlet and the day it was published, when the corpus says
    title: str | None = None
    outlet: str | None = None
    date: str | None = None

    def label(self) -> str:
        """"Title", Outlet, 2023-05-28 (what is known of it)."""
        return ", ".join(x for x in (f"“{self.title}”" if self.title else None, self.outlet, self.date) if x)


@dataclass(frozen=True)
class Finding:
    code: str  # "figure/conflict", "artefact/mt-leftover", ...
    category: str  # figure, quote, artefact, style
    severity: Severity
    message: str
    span: Span
    suggestions: tuple[Edit, ...] = ()
    sources: tuple[Source, ...] = ()
    # Filled by `resolve` once the document text is known.
    start: Position | None = None
    end: Position | None = None
    data: dict = field(default_factory=dict, compare=False, hash=False)

    def with_severity(self, severity: Severity) -> "Finding":
        return replace(self, severity=severity)

    def shifted(self, delta: int) -> "Finding":
        """The same finding `delta` characters later (its fixes too): findings cached relative
        to a paragraph are placed back where the paragraph now starts."""
        return replace(self, span=Span(self.span.start + delta, self.span.end + delta), suggestions=tuple(
            replace(e, span=Span(e.span.start + delta, e.span.end + delta)) for e in self.suggestions))

    def resolve(self, lines: "LineIndex") -> "Finding":
        return replace(self, start=lines.position(self.span.start), end=lines.position(self.span.end))


# Line breaks as LSP and every editor count them: \r\n, \r and \n (not str.splitlines's
# \f, \x1c, \u2028 ...: an editor shows those inside a line).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their breaks (LSP's line breaks)."""
    return LINE_BREAK.split(text)


class LineIndex:
    """Offsets <-> (line, column) in code points for one text; lines end at \r\n, \r or \n."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.ends = []  # where each line's content ends (its break starts)
        for m in LINE_BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line, min(offset, self.ends[line]) - self.starts[line])

    def offset(self, pos: Position) -> int:
        if pos.line >= len(self.starts):
            return len(self.text)
        return min(self.starts[pos.line] + pos.column, self.ends[pos.line])

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.ends[line]]
