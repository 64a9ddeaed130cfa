"""The one model of a finding, shared by the CLI, the server and every check.

Positions are character offsets into the checked text while the engine works;
`Finding.resolve` turns them into 0-based line/column pairs counted in Unicode
code points once the whole document is known. Output formats add 1 for humans
and JSON; the language server converts columns to UTF-16 or UTF-8 at its edge.
"""
from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field, replace


# The category of findings about the check itself rather than the draft ("checked in part"):
# the CLI prints them on stderr, the server shows them as information at the top.
NOTICE = "notice"


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

    def resolve(self, lines: "LineIndex") -> "Finding":
        return replace(self, start=lines.position(self.span.start), end=lines.position(self.span.end))


class LineIndex:
    """Offsets <-> (line, column) in code points for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line, offset - self.starts[line])

    def offset(self, pos: Position) -> int:
        if pos.line >= len(self.starts):
            return len(self.text)
        start = self.starts[pos.line]
        end = self.starts[pos.line + 1] - 1 if pos.line + 1 < len(self.starts) else len(self.text)
        return min(start + pos.column, end)

    def line_text(self, line: int) -> str:
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]
