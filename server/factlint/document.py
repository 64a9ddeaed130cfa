"""A draft as the checks see it: masked text, paragraphs and directives.

Markdown that is not prose (front matter, fenced and indented code, HTML blocks
and comments, inline code, link and image targets, reference definitions) is
*masked*: replaced by spaces of the same length, newlines kept. Every offset
into the masked text is therefore an offset into the original text, and no
position ever needs mapping back.

Paragraphs are the unit of analysis and of caching: in Markdown they are
markdown-it's paragraph and heading blocks; in plain text each non-empty line
is a paragraph (the corpus articles are written one paragraph a line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass(frozen=True)
class Paragraph:
    start: int  # offset of the paragraph's first character in the document
    end: int
    text: str  # masked text of the paragraph (same length as end - start)
    kind: str = "paragraph"  # or "heading"


@dataclass(frozen=True)
class Comment:
    """An HTML comment in a Markdown draft (suppression directives live here)."""

    start: int
    end: int
    body: str


@dataclass
class Document:
    text: str  # the original text
    masked: str  # same length; non-prose replaced by spaces
    paragraphs: list[Paragraph]
    comments: list[Comment] = field(default_factory=list)
    path: str = "-"
    markdown: bool = False
    date: str | None = None  # the front matter's `date:`, as written (the story's day, for relative dates)
    checked_to: int | None = None  # set when the draft is over MAX_CHARS: only text[:checked_to] is checked


# Bounds that keep every check's work linear in what it is given (issue: a pasted feed of
# 1.3 MB in one paragraph, 50,000 quotation marks on one line).
# A draft is checked up to MAX_CHARS characters (cut at a line end): about 17,000 words, three
# times the longest news feature, and about 6 s of spaCy on this project's 2-core machines.
MAX_CHARS = 100_000
# ... and up to MAX_TOKENS words and marks (what spaCy's time grows with: prose has about six
# characters a token, a line of quotation marks one): about 16,000 words, 6 s of spaCy here.
MAX_TOKENS = 20_000
_TOKEN = re.compile(r"\w+|[^\w\s]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_CR = re.compile("\r(?!\n)")
# A paragraph longer than this is split before spaCy sees it, at a sentence end when there is
# one, else at a space, else anywhere (a real paragraph is under 2,000; spaCy refuses 1,000,000).
MAX_PARAGRAPH_CHARS = 5_000
# ... and a stretch longer than this with no sentence end is cut too (into paragraphs of its own,
# so spaCy sees no longer sentence; several things read a sentence per figure or quotation).
# Real sentences are under 600 characters.
MAX_SENTENCE_CHARS = 1_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


_FRONT_MATTER_DATE = re.compile(r"\A---[ \t]*\n(?:(?!---[ \t]*\n).*\n)*?date:[ \t]*[\"']?([^\"'\n]+?)[\"']?[ \t]*\n", re.M)


def front_matter_date(text: str) -> str | None:
    """The `date:` of a YAML front matter block at the top of a Markdown draft."""
    m = _FRONT_MATTER_DATE.match(text[:4000])
    return m.group(1).strip() if m else None


def is_markdown(path: str | None) -> bool:
    return bool(path) and str(path).lower().endswith(MARKDOWN_SUFFIXES)


def parse_document(text: str, path: str = "-", markdown: bool | None = None, max_chars: int = MAX_CHARS) -> Document:
    """Build the masked view of `text`; `markdown` defaults to the path's suffix. A text over
    `max_chars` is read up to the last line end before it (`Document.checked_to`)."""
    if markdown is None:
        markdown = is_markdown(path)
    cut = _limit(text, max_chars, max_chars * MAX_TOKENS // MAX_CHARS)
    if cut is not None:
        head = parse_document(text[:cut], path, markdown, max_chars)
        rest = text[cut:]
        return Document(text, head.masked + rest, head.paragraphs, head.comments, path, markdown, head.date, cut)
    readable = text
    if "\r" in readable:
        # offsets stay those of the text as the editor has it: a \r\n break is read as " \n",
        # a lone \r (a break too, for LSP and editors) as "\n"
        readable = _LONE_CR.sub("\n", readable.replace("\r\n", " \n"))
    if _SURROGATE.search(readable):
        # a lone surrogate (an editor may send half an emoji) cannot be encoded, so nothing past
        # this point could read it: the masked text carries U+FFFD in its place (same length)
        readable = _SURROGATE.sub("\ufffd", readable)
    doc = _parse(readable, path, markdown)
    doc.text = text
    if any(_needs_split(p) for p in doc.paragraphs):
        doc.paragraphs = [q for p in doc.paragraphs for q in (split_paragraph(p) if _needs_split(p) else [p])]
    return doc


def _limit(text: str, max_chars: int, max_tokens: int) -> int | None:
    """Where to stop reading a text over either limit (after the last line end before it, or
    at the limit itself in a text of one long line); None when it is within both."""
    if len(text) <= max_tokens:
        return None  # fewer characters than the token limit: within both
    limit = min(len(text), max_chars)
    for n, m in enumerate(_TOKEN.finditer(text, 0, limit)):
        if n == max_tokens:
            limit = m.start()
            break
    else:
        if len(text) <= max_chars:
            return None
    return text.rfind("\n", 0, limit) + 1 or limit


def split_paragraph(p: Paragraph, limit: int = MAX_PARAGRAPH_CHARS, sentence: int = MAX_SENTENCE_CHARS) -> list[Paragraph]:
    """A paragraph as pieces of at most `limit` characters, cut at sentence ends; a stretch
    of more than `sentence` characters with no sentence end is cut at a space (else anywhere)
    and the pieces become paragraphs of their own, so that no sentence spaCy sees is longer."""
    text = p.text
    segments: list[tuple[int, int, bool]] = []  # (start, end, forced: a cut inside a sentence)
    pos = 0
    for e in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        while e - pos > sentence:
            cut = text.rfind(" ", pos + sentence // 2, pos + sentence) + 1 or pos + sentence
            segments.append((pos, cut, True))
            pos = cut
        if e > pos:
            segments.append((pos, e, False))
            pos = e
    pieces: list[tuple[int, int]] = []
    for start, end, forced in segments:
        if pieces and not forced and not pieces[-1][2] and end - pieces[-1][0] <= limit:
            pieces[-1] = (pieces[-1][0], end, False)
        else:
            pieces.append((start, end, forced))
    out = []
    for start, end, _ in pieces:
        piece = text[start:end]
        lead, stripped = len(piece) - len(piece.lstrip()), piece.strip()
        if stripped:
            a = p.start + start + lead
            out.append(Paragraph(a, a + len(stripped), stripped, p.kind))
    return out


def _needs_split(p: Paragraph) -> bool:
    if p.end - p.start > MAX_PARAGRAPH_CHARS:
        return True
    if p.end - p.start <= MAX_SENTENCE_CHARS:
        return False
    pos = 0
    for m in _SENTENCE_END.finditer(p.text):
        if m.end() - pos > MAX_SENTENCE_CHARS:
            return True
        pos = m.end()
    return len(p.text) - pos > MAX_SENTENCE_CHARS


def _parse(text: str, path: str, markdown: bool) -> Document:
    if not markdown:
        # plain text: only factlint's own directive comments are read (and not checked as prose)
        comments = [Comment(m.start(), m.end(), m.group(1)) for m in _DIRECTIVE_COMMENT.finditer(text)]
        masked = text
        if comments:
            chars = list(text)
            for c in comments:
                _blank(chars, c.start, c.end)
            masked = "".join(chars)
        return Document(text, masked, _line_paragraphs(text, masked), comments, path, False)
    masked, comments, blocks = _mask_markdown(text)
    paragraphs = []
    starts = _line_starts(text)
    for kind, first, last in blocks:
        start = starts[first]
        end = starts[last] - 1 if last < len(starts) else len(text)
        # trim surrounding whitespace so paragraph text is what a reader sees
        seg = masked[start:end]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if lead == len(seg):
            continue
        s, e = start + lead, end - trail
        paragraphs.append(Paragraph(s, e, masked[s:e], kind))
    return Document(text, masked, paragraphs, comments, path, True, front_matter_date(text))


# --------------------------------------------------------------------------- helpers

def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _line_paragraphs(text: str, masked: str) -> list[Paragraph]:
    out = []
    pos = 0
    for line in masked.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            s = pos + lead
            e = s + len(stripped)
            out.append(Paragraph(s, e, masked[s:e]))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # only the block structure is read (inline syntax is masked by the patterns below), so
    # inline parsing, a third of markdown-it's time on every keystroke, is switched off
    return MarkdownIt("commonmark").use(front_matter_plugin).disable(["inline", "text_join"])


_INLINE_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_DIRECTIVE_COMMENT = re.compile(r"<!--(\s*factlint-[^\n]*?)-->")
# (each inline pattern opens with a lookahead for its first character: the regex engine then
# skips every other position at once; _EMPHASIS alone took 1.3 ms of every keystroke without)
_CODE_SPAN = re.compile(r"(?=`)(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# [text](target "title") and ![alt](src): group 1 is the opening, group 2 the text, group 3 the rest
_INLINE_LINK = re.compile(
    r"(?=[!\[])(!?\[)([^\[\]\n]*)(\]\(\s*<?[^()\s]*(?:\([^()\s]*\)[^()\s]*)*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))"
)
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]*>")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
_RAW_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _mask_markdown(text: str) -> tuple[str, list[Comment], list[tuple[str, int, int]]]:
    chars = list(text)
    starts = _line_starts(text)
    comments: list[Comment] = []

    def line_span(first: int, last: int) -> tuple[int, int]:
        return starts[first], (starts[last] if last < len(starts) else len(text))

    blocks: list[tuple[str, int, int]] = []
    syntax_lines: list[tuple[int, int, re.Pattern]] = []
    for tok in _md().parse(text):
        if not tok.map:
            continue
        first, last = tok.map
        if tok.type in ("front_matter", "fence", "code_block", "html_block"):
            s, e = line_span(first, last)
            if tok.type == "html_block":
                comments.extend(Comment(m.start(), m.end(), m.group(1)) for m in _INLINE_COMMENT.finditer(text, s, e))
            _blank(chars, s, e)
        elif tok.type == "paragraph_open":
            blocks.append(("paragraph", first, last))
        elif tok.type == "heading_open":
            blocks.append(("heading", first, last))
            syntax_lines.append((first, last, _HEADING_MARK))
        elif tok.type == "list_item_open":
            syntax_lines.append((first, first + 1, _LIST_MARK))
        elif tok.type == "blockquote_open":
            syntax_lines.append((first, last, _QUOTE_MARK))

    prose = "".join(chars)
    # inline comments (may span lines inside a paragraph)
    for m in _INLINE_COMMENT.finditer(prose):
        comments.append(Comment(m.start(), m.end(), m.group(1)))
        _blank(chars, m.start(), m.end())
    for rx in (_CODE_SPAN, _AUTOLINK, _REF_DEF):
        for m in rx.finditer("".join(chars)):
            _blank(chars, m.start(), m.end())
    for m in _INLINE_LINK.finditer("".join(chars)):  # keep the link text, blank the syntax and target
        _blank(chars, m.start(1), m.end(1))
        _blank(chars, m.start(3), m.end(3))
    for m in _RAW_TAG.finditer("".join(chars)):
        _blank(chars, m.start(), m.end())
    for first, last, rx in syntax_lines:  # heading, list and quote markers, on their own lines only
        s, e = line_span(first, last)
        for m in rx.finditer(text, s, e):
            _blank(chars, m.start(), m.end())
    for m in _EMPHASIS.finditer("".join(chars)):
        _blank(chars, m.start(), m.end())
    masked = "".join(chars)
    comments.sort(key=lambda c: c.start)
    return masked, _dedupe(comments), blocks


_HEADING_MARK = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)|[ \t]+#+[ \t]*$", re.M)
_QUOTE_MARK = re.compile(r"^( {0,3}>[ \t]?)+", re.M)
_LIST_MARK = re.compile(r"^[ \t]{0,3}(?:[-+*]|\d{1,9}[.)])(?=[ \t])", re.M)
_EMPHASIS = re.compile(r"(?=[*_])(?:(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_]))")


def _dedupe(comments: list[Comment]) -> list[Comment]:
    seen, out = set(), []
    for c in comments:
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out
