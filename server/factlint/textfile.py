"""Reading a file's bytes as text, for drafts (the CLI) and corpus articles (the index) alike.

UTF-8 is the format; a byte-order mark says otherwise (UTF-8 with BOM, UTF-16 and UTF-32
as Windows editors save them). A NUL byte in a file without a UTF-16/32 mark means a binary
file (git's test, on the whole file). Anything else that is not UTF-8 is refused with the
line and column of the first bad byte, so the user can find it.
"""
from __future__ import annotations

import codecs

# longest first: a UTF-32-LE mark starts with the UTF-16-LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class NotText(ValueError):
    """The bytes are not text factlint can read; `line`/`column` (1-based) locate the cause."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column

    def where(self, path: str) -> str:
        """"path:line:col" (or "path" when there is no place)."""
        return f"{path}:{self.line}:{self.column}" if self.line else str(path)


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def decode(raw: bytes) -> str:
    """The text of a file's bytes (newlines as they are); NotText when it has none."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise NotText(f"not valid {encoding.upper()} text (bad bytes at byte {len(bom) + e.start})") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _place(raw, nul)
        raise NotText("a binary file, not text (it holds NUL bytes)", line, column)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _place(raw, e.start)
        raise NotText(f"not UTF-8 text (byte 0x{raw[e.start]:02x}); save it as UTF-8", line, column) from None
