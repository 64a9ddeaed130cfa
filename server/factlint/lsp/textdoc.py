"""Documents whose lines break where LSP says they do.

pygls keeps a document's lines with `str.splitlines`, which also breaks at \\v, \\f,
\\x1c-\\x1e, \\x85, \\u2028 and \\u2029; LSP and every editor break lines only at \\n, \\r\\n
and \\r. An incremental edit after such a character would be applied on the wrong line, and
the server's copy of the document would silently differ from the editor's (found by the
fuzzing suite, tests/lsp/fuzz.py). The workspace here makes documents that split right.
"""
from __future__ import annotations

import re

from pygls.workspace import Workspace
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition
from pygls.workspace.text_document import TextDocument

from .convert import encoding_of, one_unit_per_char

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class FastCodec(PositionCodec):
    """pygls's conversion of a client position, with its exact results, but without counting
    code units char by char on a line where every character is one unit (ASCII; any BMP text
    in UTF-16; anything in UTF-32): each keystroke's edit is converted twice, and counting a
    long line cost a millisecond or more on the event loop before the check could start."""

    def position_from_client_units(self, lines, position):
        if len(lines) == 0 or position.line >= len(lines):
            return super().position_from_client_units(lines, position)
        line = lines[position.line].replace("\r\n", "\n")
        if not one_unit_per_char(line, encoding_of(self)):
            return super().position_from_client_units(lines, position)
        if not line:
            return ServerTextPosition(position.line, 0)
        character = position.character
        if character > len(line):
            character = len(line) - 1  # as pygls does
        return ServerTextPosition(line=position.line, character=min(max(character, 0), len(line)))


class LspTextDocument(TextDocument):
    @property
    def lines(self):
        return tuple(_LINE.findall(self.source))


class LspWorkspace(Workspace):
    def _create_text_document(self, doc_uri, source=None, version=None, language_id=None) -> TextDocument:
        codec = self._position_codec
        if not isinstance(codec, FastCodec):
            codec = FastCodec(encoding=codec.encoding)
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=self._sync_kind, position_codec=codec)
