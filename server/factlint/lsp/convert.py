"""All conversion between factlint's findings and LSP types lives here.

Findings carry 0-based lines and code-point columns; the client counts columns in
the negotiated position encoding (UTF-16 by default, UTF-8 when it prefers it).
pygls's `PositionCodec` does the unit counting on the document's own lines.
"""
from __future__ import annotations

import bisect
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..corpus.index import read_article
from ..textfile import NotText
from ..finding import Edit, Finding, LineIndex, Position, Severity, Source, split_lines

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
SOURCE = "factlint"


def _units(s: str, encoding: str) -> int:
    """How many code units of `encoding` the client counts in `s`."""
    if encoding == "utf-32":
        return len(s)
    if encoding == "utf-16":
        return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)
    return len(s.encode("utf-8", "surrogatepass"))


def one_unit_per_char(s: str, encoding: str) -> bool:
    """Does the client count `s` in code points (ASCII; BMP text in UTF-16; anything in UTF-32)?"""
    return encoding == "utf-32" or s.isascii() or (encoding == "utf-16" and (not s or max(s) <= "\uffff"))


class Lines(list):
    """A text's lines (LSP's breaks), with each line's running count of the client's code units
    computed once and only when it differs from code points (a line of ASCII, or of BMP text
    in UTF-16, needs none). Converting many positions on one long line then costs a lookup
    each, not a pass over the line: 500 findings on a 50,000-character line held the event
    loop for over a second with pygls's per-position counting (fuzzing, seed 3674)."""

    def __init__(self, text: str) -> None:
        super().__init__(split_lines(text))
        self._units: dict[tuple[int, str], list[int] | None] = {}

    def units(self, line: int, encoding: str) -> list[int] | None:
        """Code units before each code point of the line (None: the same as code points)."""
        key = (line, encoding)
        if key not in self._units:
            s = self[line]
            if one_unit_per_char(s, encoding):
                self._units[key] = None
            else:
                self._units[key] = list(itertools.accumulate((_units(ch, encoding) for ch in s), initial=0))
        return self._units[key]


def encoding_of(codec: PositionCodec) -> str:
    enc = getattr(codec, "encoding", None)
    return str(getattr(enc, "value", enc) or "utf-16").lower()


def lines_of(text: str) -> Lines:
    return Lines(text)


def to_position(lines: list[str], codec: PositionCodec, pos: Position) -> types.Position:
    if not isinstance(lines, Lines):
        return codec.position_to_client_units(lines, types.Position(line=pos.line, character=pos.column))
    if pos.line >= len(lines):
        return types.Position(line=pos.line, character=0)
    col = min(pos.column, len(lines[pos.line]))
    units = lines.units(pos.line, encoding_of(codec))
    return types.Position(line=pos.line, character=col if units is None else units[col])


def from_position(lines: list[str], codec: PositionCodec, pos: types.Position) -> Position:
    if not isinstance(lines, Lines):
        server = codec.position_from_client_units(lines, types.Position(line=pos.line, character=pos.character))
        return Position(server.line, server.character)
    if pos.line >= len(lines):
        return Position(pos.line, 0)  # past the last line: LineIndex.offset gives the end of the text
    units = lines.units(pos.line, encoding_of(codec))
    if units is None:
        return Position(pos.line, min(pos.character, len(lines[pos.line])))
    return Position(pos.line, bisect.bisect_right(units, pos.character) - 1)


def span_range(index: LineIndex, lines: list[str], codec: PositionCodec, start: int, end: int) -> types.Range:
    return types.Range(
        start=to_position(lines, codec, index.position(start)),
        end=to_position(lines, codec, index.position(end)),
    )


def to_diagnostic(f: Finding, index: LineIndex, lines: list[str], codec: PositionCodec) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=source_uri(s.path), range=source_line_range(s)),
            message=f"{Path(s.path).name}:{s.line}: {s.excerpt}",
        )
        for s in f.sources
    ]
    return types.Diagnostic(
        range=span_range(index, lines, codec, f.span.start, f.span.end),
        severity=SEVERITY[f.severity],
        code=f.code,
        source=SOURCE,
        message=f.message,
        related_information=related or None,
        data={"code": f.code, "start": f.span.start, "end": f.span.end},
    )


def to_text_edit(e: Edit, index: LineIndex, lines: list[str], codec: PositionCodec) -> types.TextEdit:
    return types.TextEdit(range=span_range(index, lines, codec, e.span.start, e.span.end), new_text=e.replacement)


def source_line_range(s: Source) -> types.Range:
    """The whole source line (character offsets need the file; the line is enough for
    related information)."""
    line = max(s.line - 1, 0)
    return types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line + 1, character=0))


# A corpus article that is not on this machine (a shared index built elsewhere) opens as a
# read-only virtual document: `factlint-corpus:` + its path as the index stores it; the editor
# asks the server for its text (`factlint/articleText`).
CORPUS_SCHEME = "factlint-corpus"


def corpus_uri(path: str) -> str:
    """Always `factlint-corpus:/...` (a Windows path gets a leading slash, as in file URIs):
    editors match the scheme with a pattern that needs the slash (Neovim's BufReadCmd)."""
    return f"{CORPUS_SCHEME}:{quote(path if path.startswith('/') else '/' + path)}"


def corpus_path(uri: str) -> str | None:
    scheme, _, rest = uri.partition(":")
    if scheme != CORPUS_SCHEME or not rest:
        return None
    path = unquote(rest)
    return path[1:] if len(path) > 2 and path[2] == ":" else path  # /C:/... -> C:/...


def source_uri(path: str) -> str:
    """The article's file when this machine has it, else its virtual document."""
    return (from_fs_path(path) or path) if os.path.isfile(path) else corpus_uri(path)


def source_location(s: Source, codec: PositionCodec, from_index: Callable[[str], str | None] | None = None
                    ) -> types.Location:
    """Where a corpus source is, to the character, for go-to-definition: in the article's file,
    else in its text from the index (`from_index(path)`) as a virtual document."""
    uri = from_fs_path(s.path) or s.path
    try:
        text, _ = read_article(Path(s.path))  # as the index read it: its offsets are into this text
    except (OSError, NotText):
        text = from_index(s.path) if from_index is not None else None
        if text is None:
            return types.Location(uri=uri, range=source_line_range(s))
        uri = corpus_uri(s.path)
    if s.start is None or s.end is None:
        return types.Location(uri=uri, range=source_line_range(s))
    return types.Location(uri=uri, range=span_range(LineIndex(text), lines_of(text), codec, s.start, s.end))


def hover_markdown(findings: list[Finding]) -> str:
    parts = []
    for f in findings:
        parts.append(f"**{f.code}** ({f.severity}): {f.message}")
        m = (f.data or {}).get("match")
        if m:
            parts.append(f"- same fact: {m.get('because') or m['thing']}"
                         f" (event score {m['event_score']}, sentence overlap {m['sentence_overlap']})")
        if (f.data or {}).get("changed"):
            parts.append(f"- changed: {f.data['changed']}")
        for e in f.suggestions:
            parts.append(f"- fix: {e.title or repr(e.replacement)}")
        for s in f.sources:
            label = f" ({s.label()})" if s.label() else ""
            parts.append(f"- `{Path(s.path).name}:{s.line}`{label} — {s.excerpt}")
    return "\n\n".join(parts)


# ---------------------------------------------------------------------- moving published diagnostics

def _moved(pos: types.Position, rng: types.Range, text: str, encoding: str) -> types.Position:
    """`pos` (at or after the end of the replaced `rng`) where it is once `rng` holds `text`."""
    lines = split_lines(text) or [""]
    line = pos.line + (len(lines) - 1) - (rng.end.line - rng.start.line)
    if pos.line != rng.end.line:
        return types.Position(line=line, character=pos.character)
    tail = pos.character - rng.end.character
    base = _units(lines[-1], encoding) + (rng.start.character if len(lines) == 1 else 0)
    return types.Position(line=line, character=base + tail)


def _before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def shift_diagnostics(diagnostics: list[types.Diagnostic], changes, encoding: str) -> list[types.Diagnostic] | None:
    """The diagnostics of a text moved through `didChange`'s content changes (in order, in the
    client's position encoding): a diagnostic before a change stays, one after it moves with
    it, one the change touches is dropped (its paragraph is being re-checked). None when a
    change replaces the whole text (nothing can be moved). The same list when nothing moved
    or went. A moved diagnostic's `data` is `{"moved": True}`: its quick fixes are the old
    text's, and the check's answer that follows carries them again."""
    out = list(diagnostics)
    changed = False
    for change in changes:
        rng = getattr(change, "range", None)
        if rng is None:
            return None
        kept = []
        for d in out:
            if _before(d.range.end, rng.start) and d.range.end != rng.start:
                kept.append(d)
            elif _before(rng.end, d.range.start) and d.range.start != rng.end:
                start, end = _moved(d.range.start, rng, change.text, encoding), _moved(d.range.end, rng, change.text, encoding)
                if start != d.range.start or end != d.range.end:
                    changed = True
                    d = types.Diagnostic(range=types.Range(start=start, end=end), message=d.message,
                                         severity=d.severity, code=d.code, code_description=d.code_description,
                                         source=d.source, tags=d.tags, related_information=d.related_information,
                                         data={"moved": True})
                kept.append(d)
            else:
                changed = True
        out = kept
    return out if changed else diagnostics
