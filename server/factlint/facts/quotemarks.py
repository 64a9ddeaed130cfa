"""Quotation marks: telling opening, closing and apostrophe apart, and pairing them.

Shared by the quotation-mark rule kind (`rule_types/quotes.py`) and the quote
extractor (`quotes.py`), so both read a paragraph the same way.
"""
from __future__ import annotations

import functools
import re

OPEN_D, CLOSE_D = "“„«", "”»"
OPEN_S, CLOSE_S = "‘", "’"
# After a space, a straight ' that starts one of these is an apostrophe, not an opening mark:
# an elided century ('90s, '22) or a clitic split off its word (America 's, don 't: text
# that went through a tokenizer)
_APOSTROPHE_AFTER_SPACE = re.compile(r"'(?:\d|(?:s|t|re|ll|ve|d|m)(?![^\W\d_]))", re.I)
DOUBLE = OPEN_D + CLOSE_D + '"'
SINGLE = OPEN_S + CLOSE_S + "'"


def kind(text: str, i: int) -> str | None:
    """'open', 'close', 'close?' (a closing mark or a trailing apostrophe) or None."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in OPEN_D or ch == OPEN_S:
        return "open"
    if ch in CLOSE_D:
        return "close"
    if ch in ("’", "'"):
        if before.isalnum() and after.isalnum():
            return None  # it's, Zelensky’s
        if before.isspace() or before in "([{—–-":
            if ch == "'" and after.isalnum() and not _APOSTROPHE_AFTER_SPACE.match(text, i):
                return "open"
            return None
        if ch == "’" and after.isalnum():
            return None
        return "close?"  # closing mark or trailing apostrophe (drivers’)
    if ch == '"':
        if i == 0 or before.isspace() or before in "([{—–-:":
            return "open"
        if after.isspace() or not after.isalnum():
            return "close"
        return "open"
    return None


@functools.lru_cache(maxsize=32)
def _marks_re(marks: str) -> "re.Pattern[str]":
    return re.compile("[" + re.escape(marks) + "]")


def unmatched(text: str, start: int, end: int, marks: str, continues: bool) -> list[int]:
    """Offsets of marks of one family with no partner in text[start:end]. With
    `continues`, the paragraph's first unclosed opening carries on into the next
    paragraph (the multi-paragraph quote convention) and is not reported."""
    stack: list[int] = []
    stray: list[int] = []
    for m in _marks_re(marks).finditer(text, start, end):  # only the marks (a scan of every character cost ms per paragraph)
        i = m.start()
        k = kind(text, i)
        if k == "open":
            stack.append(i)
        elif k == "close":
            if stack:
                stack.pop()
            else:
                stray.append(i)
        elif k == "close?" and stack:
            stack.pop()
    if stack and continues:
        stack = stack[1:]
    return stack + stray


_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"‘])")


def quotations(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of each outermost quotation in a paragraph; start/end are
    the offsets of the words inside the marks. An unclosed quotation runs to the end.
    A closing double mark with no opening, after a quotation and the sentence that
    attributes it, closes a quotation whose opening mark was dropped (“A,” he said. B.”):
    it runs from the next sentence to the mark."""
    out = []
    i, n = 0, len(text)
    no_single_close = n  # no closing ’ at or after this offset (found by a scan that reached the end)
    no_straight_close = n  # ... nor a closing straight mark
    while i < n:
        ch = text[i]
        if ch in CLOSE_D and out and out[-1][2]:
            # a stray closing mark: the continuation of the previous quotation's speaker,
            # from the sentence after the one that closed and attributed it
            cut = _SENTENCE_END.search(text, out[-1][1] + 1, i)
            if cut is not None and cut.end() < i:
                out.append((cut.end(), i, True))
            i += 1
            continue
        if ch in DOUBLE and kind(text, i) == "open":
            # (a quotation inside it opens and closes before it does: "decided to "congratulate"
            # Kyivans," the administration said); when the nesting never closes, the first closing
            # mark ends it, as before nesting was read
            j, depth, first = i + 1, 0, None
            while j < n:
                if text[j] in DOUBLE:
                    k = kind(text, j)
                    if k == "open":
                        depth += 1
                    elif k == "close":
                        if not depth:
                            break
                        depth -= 1
                        first = j if first is None else first
                j += 1
            if j >= n and first is not None:
                j = first
            out.append((i + 1, min(j, n), j < n))
            i = j + 1
            continue
        if ch == "'" and i < no_straight_close and kind(text, i) == "open":
            j = _straight_close(text, i)
            if j is not None and j > i:  # (closed, as a curly single quotation must be)
                out.append((i + 1, j, True))
                i = j + 1
                continue
            if j is None:
                no_straight_close = i  # (the scan reached the end: no later ' opens a quotation either)
        if ch == OPEN_S and i < no_single_close:
            j = i + 1
            while j < n and not (text[j] == CLOSE_S and kind(text, j) == "close?"):
                j += 1
            if j < n:  # single quotes only count when closed (‘great’)
                out.append((i + 1, j, True))
                i = j + 1
                continue
            no_single_close = i  # every later ‘ would scan to the end for nothing (linear, not quadratic)
        i += 1
    return out


def _straight_close(text: str, i: int) -> int | None:
    """The straight ' that closes the quotation a straight ' opens at `i` (the British
    convention: 'It's hard to say,' he said), or None. An apostrophe ends words too ("the
    drones' range"), so of the marks that could close it before the next opening one, the first
    after a comma or a full stop ('... say,' he said) is taken, else the first. -1 when none
    comes before the next opening mark; None when none comes before the end."""
    first = None
    for k in range(i + 1, len(text)):
        if text[k] != "'":
            continue
        k_kind = kind(text, k)
        if k_kind == "open":
            return first if first is not None else -1
        if k_kind != "close?" or (k + 1 < len(text) and text[k + 1].isalnum()):
            continue
        if text[k - 1] in ",.!?…":
            return k
        if first is None:
            first = k
    return first


def opens_with_quote(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and t[0] in DOUBLE + OPEN_S and kind(t, 0) == "open"
