"""`pattern`: a spaCy token-Matcher pattern written in YAML.

    type: pattern
    patterns:                      # one or more token patterns (spaCy Matcher syntax)
      - [{TAG: {IN: [VBD, VBZ]}, IS_TITLE: true}, {IS_PUNCT: true, ORTH: "."}]
    whole: sentence                # optional: the match must be the whole sentence
                                   # (closing quotation marks after it allowed)

The rule's spaCy needs (tagger, parser, lemmatizer, ner) follow from the token
attributes its patterns use.
"""
from __future__ import annotations

from .base import Match, segments

FIELDS = ("patterns", "whole")
NEEDS: frozenset[str] = frozenset()
PARSED = True  # reads spaCy's tokens whatever its needs (the other kinds read the text only)
LOCAL = True  # reads one scope unit at a time: a rule with a scope inside a paragraph is checked paragraph by paragraph
_ATTR_NEEDS = {
    "POS": {"tagger", "attribute_ruler"}, "TAG": {"tagger"}, "MORPH": {"tagger", "attribute_ruler"},
    "LEMMA": {"lemmatizer"}, "DEP": {"parser"}, "HEAD": {"parser"}, "IS_SENT_START": {"parser"},
    "SENT_START": {"parser"}, "ENT_TYPE": {"ner"}, "ENT_IOB": {"ner"}, "ENT_ID": {"ner"},
}
_QUOTES = set("\"'“”‘’«»")


def needs_of(patterns) -> frozenset[str]:
    out: set[str] = set()
    for pat in patterns:
        for tok in pat:
            for key in tok:
                out |= _ATTR_NEEDS.get(str(key).upper(), set())
    return frozenset(out)


def _refuse_match_anything(pat, i: int, where) -> None:
    """A pattern must say something about some token, and no token may match any token any
    number of times (`{}` with OP * or +): spaCy would enumerate every span of the paragraph."""
    if not isinstance(pat, list):
        return  # the Matcher's own validation names the problem
    free = [j for j, t in enumerate(pat) if isinstance(t, dict) and not (set(map(str, t)) - {"OP"})]
    if pat and len(free) == len(pat):
        raise where(f"pattern {i + 1} matches every token: give at least one token an attribute "
                    "(ORTH, LOWER, POS, ...)", "patterns", i)
    for j in free:
        if str(pat[j].get("OP", "")) in ("*", "+"):
            raise where(f"pattern {i + 1}, token {j + 1}: any token any number of times (OP {pat[j]['OP']!r}) "
                        "makes the rule read every span of a paragraph; bound it (OP: '{0,5}') or give it "
                        "an attribute", "patterns", i)


def build(raw, where, rule):
    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise where("needs `patterns`: a list of token patterns", "patterns")
    if all(isinstance(t, dict) for t in patterns):  # a single pattern given directly
        patterns = [patterns]
    whole = raw.get("whole")
    if whole not in (None, "sentence"):
        raise where("`whole` may only be `sentence`", "whole")
    # (spaCy is imported here, not with the module: the language server answers with the
    # rules that read text only before spaCy is loaded; see `Engine(text_only=True)`)
    from ..nlp import import_spacy

    import_spacy()
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    probe = Matcher(Vocab(), validate=True)
    for i, pat in enumerate(patterns):
        _refuse_match_anything(pat, i, where)
        try:
            probe.add(f"p{i}", [[dict(t) for t in pat]])
        except Exception as e:  # spaCy's MatchPatternError lists the problem
            raise where(f"pattern {i + 1} is not a valid spaCy Matcher pattern: {str(e).strip()}", "patterns", i) from None
    rule.needs = needs_of(patterns) | ({"parser"} if whole else set())
    matchers: dict[int, Matcher] = {}

    def matcher(ctx, rule):
        vocab = ctx.engine.nlp.vocab
        m = matchers.get(id(vocab))
        if m is None:
            m = matchers[id(vocab)] = Matcher(vocab)
            m.add(rule.id, [[dict(t) for t in pat] for pat in patterns])
        wanted = list(segments(ctx, rule.scope)) if rule.scope not in ("paragraph", "document") else None
        for para, doc in ctx.analysed.parsed:
            for _, s, e in m(doc):
                span = doc[s:e]
                if whole == "sentence":
                    sent = span.sent
                    rest = [t for t in sent if t.i >= e or t.i < s]
                    if any(t.i < s and not t.is_space for t in rest):
                        continue
                    if any(t.i >= e and not (t.is_space or t.text in _QUOTES) for t in rest):
                        continue
                    end = para.start + sent.end_char
                    while end > para.start and ctx.document.text[end - 1].isspace():
                        end -= 1
                    start = para.start + span.start_char
                else:
                    start, end = para.start + span.start_char, para.start + span.end_char
                if wanted is not None and not any(ws <= start and end <= we for ws, we in wanted):
                    continue
                yield Match(start, end)

    return matcher
