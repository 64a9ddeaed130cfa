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
from pygls.workspace.text_document import TextDocument

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class LspTextDocument(TextDocument):
    @property
    def lines(self):
        return tuple(_LINE.findall(self.source))


class LspWorkspace(Workspace):
    def _create_text_document(self, doc_uri, source=None, version=None, language_id=None) -> TextDocument:
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=self._sync_kind, position_codec=self._position_codec)
