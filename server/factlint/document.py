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


_FRONT_MATTER_DATE = re.compile(r"\A---[ \t]*\n(?:(?!---[ \t]*\n).*\n)*?date:[ \t]*[\"']?([^\"'\n]+?)[\"']?[ \t]*\n", re.M)


def front_matter_date(text: str) -> str | None:
    """The `date:` of a YAML front matter block at the top of a Markdown draft."""
    m = _FRONT_MATTER_DATE.match(text[:4000])
    return m.group(1).strip() if m else None


def is_markdown(path: str | None) -> bool:
    return bool(path) and str(path).lower().endswith(MARKDOWN_SUFFIXES)


def parse_document(text: str, path: str = "-", markdown: bool | None = None) -> Document:
    """Build the masked view of `text`; `markdown` defaults to the path's suffix."""
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if markdown is None:
        markdown = is_markdown(path)
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
    return MarkdownIt("commonmark").use(front_matter_plugin)


_INLINE_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_DIRECTIVE_COMMENT = re.compile(r"<!--(\s*factlint-[^\n]*?)-->")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# [text](target "title") and ![alt](src): group 1 is the opening, group 2 the text, group 3 the rest
_INLINE_LINK = re.compile(
    r"(!?\[)([^\[\]\n]*)(\]\(\s*<?[^()\s]*(?:\([^()\s]*\)[^()\s]*)*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))"
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
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])")


def _dedupe(comments: list[Comment]) -> list[Comment]:
    seen, out = set(), []
    for c in comments:
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out
