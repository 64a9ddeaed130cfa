"""Markdown masking: what is not prose is blanked, positions stay exact."""
from factlint.document import parse_document
from factlint.finding import LineIndex


DRAFT = """---
title: Drone night
date: 2024-11-10
---
# Russia fires *145* drones

Para with `154 drones` code and [a link](https://example.com/154-drones) then 154 drones.
<!-- a comment with 999 drones -->

```
fenced 777 drones
```

    indented 888 drones

Ends with [ref][1] and <https://example.com/555>.

[1]: https://example.com/666
"""


def test_masked_text_keeps_length_and_newlines():
    doc = parse_document(DRAFT, "d.md")
    assert len(doc.masked) == len(DRAFT)
    assert [i for i, c in enumerate(doc.masked) if c == "\n"] == [i for i, c in enumerate(DRAFT) if c == "\n"]


def test_non_prose_is_masked():
    doc = parse_document(DRAFT, "d.md")
    for hidden in ("Drone night", "2024-11-10", "`154 drones`", "example.com", "999", "777", "888", "555", "666"):
        assert hidden not in doc.masked, hidden
    for kept in ("Russia fires", "145", "a link", "then 154 drones.", "ref"):
        assert kept in doc.masked, kept


def test_positions_after_skipped_parts_are_exact():
    doc = parse_document(DRAFT, "d.md")
    offset = doc.masked.index("then 154") + len("then ")
    assert DRAFT[offset:offset + 3] == "154"
    pos = LineIndex(DRAFT).position(offset)
    assert DRAFT.splitlines()[pos.line][pos.column:pos.column + 10] == "154 drones"


def test_paragraphs_are_markdown_blocks():
    doc = parse_document(DRAFT, "d.md")
    kinds = [(p.kind, p.text.split()[0]) for p in doc.paragraphs]
    assert kinds == [("heading", "Russia"), ("paragraph", "Para"), ("paragraph", "Ends")]
    for p in doc.paragraphs:
        assert DRAFT[p.start:p.end].strip().startswith(("Russia", "Para", "Ends"))


def test_comments_are_collected():
    doc = parse_document(DRAFT, "d.md")
    assert [c.body.strip() for c in doc.comments] == ["a comment with 999 drones"]


def test_plain_text_is_one_paragraph_a_line_and_not_masked():
    text = "First line `x`.\n\nSecond <!-- y -->\n  Third\n"
    doc = parse_document(text, "a.txt")
    assert doc.masked == text
    assert [p.text for p in doc.paragraphs] == ["First line `x`.", "Second <!-- y -->", "Third"]
    assert text[doc.paragraphs[2].start:doc.paragraphs[2].end] == "Third"


def test_crlf_and_lone_cr_keep_offsets_and_break_lines():
    """Offsets stay those of the editor's text (no normalising that would shift them):
    a CRLF break reads as " \n", a lone CR as "\n", in the masked text only."""
    from factlint.finding import LineIndex, Position

    doc = parse_document("a\r\nb\rc\n", "a.txt")
    assert doc.text == "a\r\nb\rc\n" and doc.masked == "a \nb\nc\n"
    assert [p.text for p in doc.paragraphs] == ["a", "b", "c"]
    index = LineIndex(doc.text)
    assert [index.position(doc.text.index(ch)) for ch in "abc"] == [Position(0, 0), Position(1, 0), Position(2, 0)]
    assert index.line_text(0) == "a" and index.offset(Position(1, 5)) == 4


# ---- bounded work: long drafts, long paragraphs, long runs without a sentence end

def test_a_draft_over_the_limit_is_read_up_to_a_line_end():
    from factlint.document import MAX_CHARS

    line = "Drones hit the city overnight, officials said.\n"
    text = line * (2 * MAX_CHARS // len(line))
    doc = parse_document(text, "d.txt")
    assert doc.checked_to is not None and doc.checked_to <= MAX_CHARS and text[doc.checked_to - 1] == "\n"
    assert doc.paragraphs[-1].end <= doc.checked_to and len(doc.masked) == len(text)
    assert parse_document(line * 10, "d.txt").checked_to is None


def test_a_dense_draft_is_limited_by_tokens_not_only_characters():
    from factlint.document import MAX_CHARS, MAX_TOKENS

    text = "“" * (MAX_CHARS // 2)  # one token a character
    doc = parse_document(text, "d.txt")
    assert doc.checked_to == MAX_TOKENS


def test_long_paragraphs_are_split_at_sentence_ends_and_runs_at_spaces():
    from factlint.document import MAX_PARAGRAPH_CHARS, MAX_SENTENCE_CHARS

    sentences = "A drone fell on a house in the north of the city. " * 400  # 20,000 characters
    run = "word " * 1000  # 5,000 characters with no sentence end
    for text in (sentences, run, sentences + run + sentences):
        doc = parse_document(text + "\n", "d.md")
        ps = doc.paragraphs
        assert all(doc.masked[p.start:p.end] == p.text for p in ps)  # offsets still exact
        assert all(a.end <= b.start for a, b in zip(ps, ps[1:]))
        assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in ps)
        covered = "".join(doc.text[p.start:p.end] for p in ps)
        assert covered.replace(" ", "") == text.replace(" ", "")  # nothing lost but spaces between pieces
    pieces = parse_document(sentences, "d.txt").paragraphs
    assert all(p.text.endswith(".") for p in pieces)  # cut at sentence ends
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in parse_document(run, "d.txt").paragraphs)
    short = "A normal paragraph. It has two sentences."
    assert [p.text for p in parse_document(short, "d.txt").paragraphs] == [short]


def test_lone_surrogates_are_masked_to_a_replacement_of_the_same_length():
    doc = parse_document("a \ud83d b\n", "d.txt")
    assert doc.text == "a \ud83d b\n" and doc.masked == "a \ufffd b\n"
