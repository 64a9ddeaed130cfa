"""`repetition`: a word twice in a row, or a line/heading repeated.

    type: repetition
    of: line          # word | line | heading
    min_words: 3      # lines shorter than this never count (separators, "Photo")

Repeated lines are compared after folding case, quotation marks, Markdown heading
marks and spacing. A run of copies separated only by blank lines is one finding
spanning the run, with a fix that removes the copies; a copy further away is
flagged on its own.
"""
from __future__ import annotations


from .base import Match, compile_regex, finditer, removal_span, segments, with_quotes

FIELDS = ("of", "min_words")
NEEDS: frozenset[str] = frozenset()

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})


def _norm(line: str) -> str:
    return " ".join(line.translate(_FOLD).strip("# \t").casefold().split())


def build(raw, where, rule):
    of = raw.get("of", "word")
    if of not in ("word", "line", "heading"):
        raise where(f"`of` must be word, line or heading, not {of!r}", "of")
    min_words = int(raw.get("min_words", 3))
    if of == "word":
        rx = compile_regex(r"(?<!\w)(\w+)(\s+)(\1)(?!\w)", True if rule.ignorecase else False, where)

        def words(ctx, rule):
            text = with_quotes(ctx, rule, ctx.document.masked)
            for start, end in segments(ctx, rule.scope):
                for m in finditer(rx, text, start, end):
                    if m.group(1).isdigit():
                        continue
                    yield Match(m.start(3), m.end(3), {"word": m.group(1)}, replacement="",
                                fix_span=(m.start(2), m.end(3)))

        return words

    def lines(ctx, rule):
        doc = ctx.document
        text = doc.masked
        units = []  # (start, end, norm) of each candidate line
        if of == "heading":
            units = [(p.start, p.end, _norm(p.text)) for p in doc.paragraphs if p.kind == "heading"]
        else:
            pos = 0
            for line in text.split("\n"):
                if line.strip():
                    lead = len(line) - len(line.lstrip())
                    units.append((pos + lead, pos + len(line.rstrip()), _norm(line)))
                pos += len(line) + 1
        first_seen: dict[str, int] = {}
        i = 0
        while i < len(units):
            s, e, norm = units[i]
            if len(norm.split()) < min_words:
                i += 1
                continue
            if norm not in first_seen:
                first_seen[norm] = i
                # a run of copies right below (only blank lines between)?
                j = i
                while j + 1 < len(units) and units[j + 1][2] == norm and not text[units[j][1]:units[j + 1][0]].strip():
                    j += 1
                if j > i:
                    copies = j - i
                    cut_start = removal_span(doc.text, units[i + 1][0], units[i + 1][1])[0]
                    cut_end = removal_span(doc.text, units[j][0], units[j][1])[1]
                    if cut_end >= len(doc.text):
                        cut_start = units[i][1]
                    elif cut_start > units[i][1]:
                        cut_start = units[i][1] + (cut_start - units[i][1])
                    yield Match(s, units[j][1], {"count": str(copies + 1), "copies": str(copies), "line": str(_line(text, s))},
                                replacement="", fix_span=(cut_start, cut_end))
                    i = j + 1
                    continue
            else:
                first = units[first_seen[norm]]
                cs, ce = removal_span(doc.text, s, e)
                yield Match(s, e, {"count": "2", "copies": "1", "line": str(_line(text, first[0]))},
                            replacement="", fix_span=(cs, ce))
            i += 1

    return lines


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
