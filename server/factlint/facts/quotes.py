"""Quotes: one extractor for corpus articles and drafts, and wording comparison.

`extract(analysed, people)` finds every direct quotation (curly or straight
marks; single curly quotes when closed; apostrophes told apart; a paragraph that
leaves a quote open continues into the next paragraph that opens with a mark),
and its speaker:

- the subject of the cue verb the quotation hangs from: `"Q," X said`,
  `said X`, `X said: "Q"`, `X urged Washington to "Q"`, `X described it as "Q"`;
- `according to X`, `in the words of X`;
- a pronoun, or a following quote paragraph, inherits the last speaker;
- a description ("the Ukrainian leader", "Kyiv's mayor") is kept as words and
  resolved through `people.People`.

Wording is compared in order (token sequences), never as a bag of words, so
"are positive" and "are not positive" differ.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Indel, LCSseq, Levenshtein

from . import quotemarks
from .people import People, title_words
from .words import CUE_VERBS, PERSON_NOUNS, PRONOUNS, STOPWORDS, TITLE_WORDS


@dataclass
class Quote:
    start: int  # document offsets of the words inside the marks
    end: int
    text: str
    tokens: list[str]  # normalised words, in order
    speaker: str | None = None  # the mention as written
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_kind: str | None = None  # name | pronoun | description | inherited
    desc_words: list[str] = field(default_factory=list)
    person: str | None = None  # resolved person key
    person_name: str | None = None
    sentence: str = ""


_ABBREV_DOTS = re.compile(r"\b([a-z])\.(?=[a-z]\.)|(?<=\b[a-z])\.(?=\s|$)")


# A writer's insertion in square brackets ("within reach of our [Ukraine's] drones", "[sic]"):
# the writer's words, not the speaker's (no brackets inside, one line, at most 80 characters).
EDITORIAL = re.compile(r"\[[^\[\]\n]{1,80}\]")


def editorial_masked(text: str) -> str:
    """The text with each bracketed insertion (`EDITORIAL`) blanked, every offset kept."""
    return EDITORIAL.sub(lambda m: " " * len(m.group()), text)


def normalise(text: str) -> list[str]:
    """Lower case, one kind of apostrophe, no dots in abbreviations (U.S. = US),
    no punctuation, contractions written out (it's = it is, don't = do not), no writer's
    insertion in brackets: the words of a quotation, in order."""
    s = editorial_masked(text).lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    s = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), s)
    s = re.sub(r"[^\w'\s-]", " ", s)
    s = re.sub(r"(?<!\w)'|'(?!\w)", " ", s)
    return [w for t in s.split() for w in _expanded(t)]


# Contractions, written out so that one remark reads the same however a paper spells it ("It's
# hard to say" / "It is hard to say"). Only the unambiguous ones: "'d" is would or had, and "'s"
# after a noun is a possessive ("Russia's"), so only a pronoun's "'s" is "is".
_NOT_STEMS = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}  # (won't, can't, shan't, ain't)
_CLITICS = {"ll": "will", "re": "are", "ve": "have", "m": "am"}
_S_IS = frozenset({"it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "this"})


def _expanded(token: str) -> list[str]:
    if "'" not in token:
        return ["can", "not"] if token == "cannot" else [token]
    if token.endswith("n't") and len(token) > 3:
        stem = token[:-3]
        return [_NOT_STEMS.get(stem, stem), "not"]
    head, _, tail = token.rpartition("'")
    if tail in _CLITICS and head.isalpha():
        return [head, _CLITICS[tail]]
    if tail == "s" and head in _S_IS:
        return [head, "is"]
    if token == "let's":
        return ["let", "us"]
    return [token]


def token_chunks(text: str) -> list[tuple[int, int]] | None:
    """Where each of `normalise(text)`'s words is written: the (start, end) of the run of
    non-space characters it comes from ("isn't" gives "is" and "not" one run), or None when
    the runs read one by one do not give the same words (then no word can be placed)."""
    out: list[tuple[int, int]] = []
    words: list[str] = []
    for m in re.finditer(r"\S+", editorial_masked(text)):
        run = normalise(m.group())
        words += run
        out += [(m.start(), m.end())] * len(run)
    return out if words == normalise(text) else None


def content(tokens: list[str]) -> set[str]:
    """Words that carry meaning: not spaCy's English stop words ("no", "more", "the")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {t for t in tokens if t not in STOPWORDS and t not in STOP_WORDS}


def contains(outer: list[str], inner: list[str]) -> bool:
    n, m = len(outer), len(inner)
    if not m or m > n:
        return False
    return any(outer[i : i + m] == inner for i in range(n - m + 1))


def best_window(q: list[str], c: list[str]) -> tuple[float, int, int]:
    """(similarity, start, end) of the stretch of `c` closest in wording to `q`."""
    if not q or not c:
        return 0.0, 0, 0
    if len(c) <= len(q) + 3:
        return Indel.normalized_similarity(q, c), 0, len(c)
    best = (0.0, 0, 0)
    for size in range(max(1, len(q) - 2), len(q) + 4):
        for i in range(0, len(c) - size + 1):
            sim = Indel.normalized_similarity(q, c[i : i + size])
            if sim > best[0]:
                best = (sim, i, i + size)
    return best


def widened(q: list[str], c: list[str], start: int, end: int) -> tuple[int, int]:
    """The stretch `c[start:end]` grown over the corpus words that stand where the draft quote's
    unmatched first or last words stand: the closest stretch leaves out a word the draft
    exchanged at an edge ("develop our cooperation" / "advance our positive" is closest without
    "cooperation"), and the exchange is what a reader must see."""
    if start >= end:
        return start, end
    ops = Levenshtein.opcodes(q, c[start:end])
    last, first = ops[-1], ops[0]
    if last.tag == "delete":  # draft words after the stretch's last
        end += min(last.src_end - last.src_start, len(c) - end)
    if first.tag == "delete":  # ... and before its first
        start -= min(first.src_end - first.src_start, start)
    return start, end


def lcs(a: list[str], b: list[str]) -> int:
    return LCSseq.similarity(a, b)


# --------------------------------------------------------------------------- extraction

@dataclass(frozen=True)
class _Carry:
    """What one paragraph's quotes hand to the next: the last speaker (who a following quote
    paragraph or a pronoun inherits), whether a quotation was left open, whether the paragraph
    had quotes, and the people mentioned so far (distinct, most recent last)."""

    speaker: tuple | None = None  # (person, person_name, desc_words, speaker) of the last speaker
    open: bool = False
    had_quote: bool = False
    recent: tuple[str, ...] = ()


def extract(analysed, people: People) -> list[Quote]:
    """Every quotation of an analysed document, with its speaker. Read paragraph by paragraph,
    carrying `_Carry` from one to the next; when `people` keeps a `paragraph_quotes` cache (a
    draft's `ChainPeople`), a paragraph read before with the same text and carry is not read
    again, so typing re-reads the edited paragraph only."""
    cache = getattr(people, "paragraph_quotes", None)
    out: list[Quote] = []
    carry = _Carry()
    for para, doc in analysed.parsed:
        key = (para.text, carry)
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            found, after = _extract_paragraph(para, doc, people, carry)
            if cache is not None:
                cache[key] = ([_shift(q, -para.start) for q in found], after)
                if len(cache) > QUOTE_CACHE_SIZE:
                    cache.pop(next(iter(cache)))
        else:
            found, after = [_shift(q, para.start) for q in hit[0]], hit[1]
        out.extend(found)
        carry = after
    return out


QUOTE_CACHE_SIZE = 4096  # paragraphs (with their carry) kept per draft's people table


def _shift(q: Quote, delta: int) -> Quote:
    return replace(q, start=q.start + delta, end=q.end + delta, desc_words=list(q.desc_words),
                   speaker_start=None if q.speaker_start is None else q.speaker_start + delta,
                   speaker_end=None if q.speaker_end is None else q.speaker_end + delta)


def _snapshot(q: Quote) -> tuple:
    return (q.person, q.person_name, tuple(q.desc_words), q.speaker)


def _extract_paragraph(para, doc, people: People, carry: _Carry) -> tuple[list[Quote], _Carry]:
    recent_people = list(carry.recent)  # person keys mentioned, most recent last
    last = carry.speaker
    quotes = quotemarks.quotations(para.text)
    opens = quotemarks.opens_with_quote(para.text)
    para_quotes = []
    for qs, qe, closed in quotes:
        text = para.text[qs:qe].strip()
        if not text:
            continue
        lead = len(para.text[qs:qe]) - len(para.text[qs:qe].lstrip())
        q = Quote(para.start + qs + lead, para.start + qs + lead + len(text), text, normalise(text))
        _attribute(q, doc, para, qs, qe, people, recent_people)
        sent = doc.char_span(qs, qe, alignment_mode="expand")
        q.sentence = sent.sent.text if sent is not None and len(sent) else text
        if q.person is None and q.speaker_kind is None:
            # a quote paragraph after a quote (or continuing one) keeps the last speaker
            if last is not None and (carry.open or (opens and carry.had_quote and qs <= 1)):
                _inherit(q, last)
            elif para_quotes and _speaks_on(para_quotes[-1], q, doc, para.start):
                # '"A," X said. "B."': the next quotation of the paragraph, nobody else named
                # between them, is still X's
                _inherit(q, _snapshot(para_quotes[-1]))
        if q.speaker_kind == "pronoun" and q.person is None:
            # nobody in this paragraph: the last speaker, else the last person named before
            if last is not None and last[0]:
                _inherit(q, last, kind="pronoun")
            elif recent_people and people.people.get(recent_people[-1]) is not None:
                p = people.people.get(recent_people[-1])
                q.person, q.person_name = p.key, p.name
        if q.person or q.speaker_kind in ("name", "description"):
            last = _snapshot(q)
        para_quotes.append(q)
    # people mentioned in this paragraph, for pronouns in the next ones; within a sentence the
    # subjects last, so that the last one is who the sentence is about ("Trump had reminded
    # Putin ..." / next paragraph: "he also expressed": Trump); a name the tagger took for an
    # organisation is still a person the table knows ("Trump")
    for sent in doc.sents:
        named = [(ent.root.dep_ in ("nsubj", "nsubjpass"), p.key) for ent in sent.ents
                 if ent.label_ in ("PERSON", "ORG") and (p := people.by_name(ent.text))]
        recent_people.extend(key for _, key in sorted(named, key=lambda x: x[0]))
    recent = tuple(reversed(list(dict.fromkeys(reversed(recent_people)))))
    return para_quotes, _Carry(last, bool(quotes) and not quotes[-1][2], bool(para_quotes), recent)


def _speaks_on(prev: Quote, q: Quote, doc, base: int) -> bool:
    """Does quotation `q` continue the attributed quotation `prev` of its paragraph: `prev` has
    a speaker and no person is named between the two?"""
    if not (prev.person or prev.speaker_kind in ("name", "description")):
        return False
    return not any(ent.label_ == "PERSON" and prev.end - base <= ent.start_char and ent.end_char <= q.start - base
                   and not (prev.speaker_start is not None and prev.speaker_start - base <= ent.start_char
                            < prev.speaker_end - base)
                   for ent in doc.ents)


def _inherit(q: Quote, src: tuple, kind: str = "inherited") -> None:
    person, person_name, desc_words, speaker = src
    q.person, q.person_name = person, person_name
    q.speaker_kind = q.speaker_kind or kind
    q.desc_words = q.desc_words or list(desc_words)
    if q.speaker is None:
        q.speaker = speaker


def _attribute(q: Quote, doc, para, qs: int, qe: int, people: People, recent: list[str]) -> None:
    inside = lambda t: qs <= t.idx < qe  # noqa: E731
    span = doc.char_span(qs, qe, alignment_mode="expand")
    mention = None
    if span is not None and len(span):
        verbs = []
        for t in span:
            h = t.head
            steps = 0
            while inside(h) and h.head.i != h.i and steps < 8:
                h = h.head
                steps += 1
            if not inside(h):
                verbs.append(h)
        for h in verbs:
            v = h
            for _ in range(4):
                if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in CUE_VERBS:
                    break
                if v.head.i == v.i:
                    break
                v = v.head
            if v.lemma_.lower() in CUE_VERBS and not inside(v):
                mention = _subject(v, inside)
                if mention is not None and not inside(mention):
                    break
                mention = None
        if mention is None:
            mention = _nearby_cue(doc, span, inside)
            if mention is not None and inside(mention):
                mention = None
    if mention is None and span is not None and len(span):
        # "according to X" / "in the words of X", before or after the quotation, same sentence
        sent = span.sent
        for m in re.finditer(r"\b(?:according to|in the words of)\s+", sent.text, re.I):
            at = sent.start_char + m.end()
            if qs - 1 <= at < qe + 1:
                continue
            tok = doc.char_span(at, min(len(para.text), at + 1), alignment_mode="expand")
            if tok is not None and len(tok):
                head = tok[0]
                while head.head.i != head.i and head.head.i > head.i and head.dep_ in ("compound", "amod", "det", "poss"):
                    head = head.head
                mention = head
    if mention is None and span is not None and len(span):
        mention = _headline_speaker(span.sent, qs) or _colon_speaker(span.sent, qs)
    if mention is None:
        return
    _resolve(q, mention, doc, para, people, recent)


def _colon_speaker(sent, qs: int):
    """The speaker of a quotation a colon introduces after a clause with no cue verb: the
    subject of that clause ("He did not hide his doubts: '...'", "Shoigu had a message for the
    West: '...'"), or None. (A subject that is no person - "The sign read:" - resolves to nobody,
    and the checks abstain.)"""
    before = _before_colon(sent, qs)
    if before is None or len(before) < 2:
        return None
    ids = {t.i for t in before}
    for v in before:
        if v.pos_ in ("VERB", "AUX") and (v.head.i == v.i or v.head.i not in ids):  # the clause's own verb
            subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i in ids), None)
            if subj is not None:
                return subj
    return None


def _headline_speaker(sent, qs: int):
    """The speaker of a headline's quotation, named before a colon with no verb: "Peskov:
    'It's hard to say what will happen next'", "Kremlin spokesman Dmitry Peskov: ..." (the
    name's last word, or None)."""
    words = _before_colon(sent, qs)
    if not words or len(words) > 6:
        return None
    if words[-1].pos_ != "PROPN" or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    if not all(t.pos_ == "PROPN" or t.lower_ in TITLE_WORDS or t.pos_ in ("ADJ", "NOUN") for t in words):
        return None
    return words[-1]


def _before_colon(sent, qs: int) -> list | None:
    """The sentence's tokens before the colon that ends right before a quotation's opening mark
    (at qs - 1), or None when no colon is there."""
    before = [t for t in sent if t.idx < qs - 1]
    return before[:-1] if before and before[-1].text == ":" else None


def _cue_verbs(sent) -> list:
    """The cue verbs of a sentence, found once per sentence (a paragraph of many quotations
    would otherwise re-read its sentence for each: quadratic)."""
    doc = sent.doc
    memo = doc.user_data.setdefault("factlint_cue_verbs", {})
    if sent.start not in memo:
        memo[sent.start] = [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in CUE_VERBS]
    return memo[sent.start]


def _nearby_cue(doc, span, inside):
    """A cue verb in the quote's sentence (or the sentence before, ending with ':')."""
    sent = span.sent
    cands = [t for t in _cue_verbs(sent) if not inside(t)]
    prev_end = sent.start - 1
    if not cands and prev_end >= 0 and doc[prev_end].text in (":", ","):
        cands = list(_cue_verbs(doc[prev_end].sent))
    cands.sort(key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))
    for v in cands:
        m = _subject(v, inside)
        if m is not None:
            return m
    return None


def _subject(verb, inside=lambda t: False):
    """The subject of a cue verb, not one inside the quotation (`inside`): the parser may give
    the verb a second subject there ("“... – the maximum number of attack missiles ...,” Serhiy
    Popko, the head of ..., said")."""
    for _ in range(3):
        if verb.dep_ == "xcomp":
            # "prompting Sikorski to urge ...": the object of the head verb controls the clause
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj
        for c in verb.children:
            if c.dep_ in ("nsubj",) and not inside(c):
                return c
            if c.dep_ == "nsubjpass" and verb.lemma_.lower() in ("quote", "cite"):
                return c  # "Putin was quoted as saying": the one quoted (a passive "told" names the hearer)
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return None


def words_with_text(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The normalised words of `text` and, for each, the character span of the
    whitespace-separated piece it came from (to show corpus wording as written)."""
    tokens, spans = [], []
    for m in re.finditer(r"\S+", editorial_masked(text)):
        for t in normalise(m.group(0)):
            tokens.append(t)
            spans.append((m.start(), m.end()))
    return tokens, spans


def _resolve(q: Quote, head, doc, para, people: People, recent: list[str]) -> None:
    text_lower = head.lower_
    if text_lower in PRONOUNS:
        q.speaker_kind = "pronoun"
        q.speaker = head.text
        q.speaker_start, q.speaker_end = para.start + head.idx, para.start + head.idx + len(head.text)
        p = _antecedent(head, doc, people, recent)
        if p is UNRESOLVED:
            q.speaker_kind = "pronoun-unresolved"
        elif p:
            q.person, q.person_name = p.key, p.name
        return
    # a name: the PERSON entity or proper-noun chain the head belongs to
    ent = next((e for e in doc.ents if e.start <= head.i < e.end and e.label_ in ("PERSON", "GPE", "ORG", "NORP")), None)
    known = head.text[:1].isupper() and people.by_name(head.text) is not None
    if head.pos_ == "PROPN" or known or (ent is not None and ent.label_ == "PERSON"):
        left = head.i
        while left - 1 >= 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ == "compound":
            left -= 1
        if ent is not None and ent.label_ == "PERSON":
            left, right = ent.start, ent.end
        else:
            right = head.i + 1
        name_tokens = doc[left:right]
        # titles in front of the name are not the name ("President Volodymyr Zelensky")
        names = [t for t in name_tokens if not _is_title_word(t)]
        if not names:
            names = [head]
        start_tok, end_tok = names[0], names[-1]
        q.speaker = doc[start_tok.i : end_tok.i + 1].text
        q.speaker_start = para.start + start_tok.idx
        q.speaker_end = para.start + end_tok.idx + len(end_tok.text)
        q.speaker_kind = "name"
        p = people.by_name(q.speaker)
        if p:
            q.person, q.person_name = p.key, p.name
        return
    # a description: "the Ukrainian leader", "Kyiv's mayor", "its foreign minister"
    tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ in ("det", "amod", "compound", "poss", "nmod", "case") or t.i == head.i]
    tokens = [t for t in tokens if t.i >= head.i - 5]
    words = title_words(tokens)
    q.speaker = doc[tokens[0].i : head.i + 1].text if tokens else head.text
    q.speaker_start = para.start + (tokens[0].idx if tokens else head.idx)
    q.speaker_end = para.start + head.idx + len(head.text)
    q.speaker_kind = "description"
    q.desc_words = words
    p = people.by_description(words, among=list(dict.fromkeys(reversed(recent)))) or people.by_description(words)
    if p:
        q.person, q.person_name = p.key, p.name


UNRESOLVED = object()  # the antecedent is someone the tables cannot name: abstain


def _antecedent(pronoun, doc, people: People, recent: list[str]):
    """Who "he"/"she" is, or None (ask the caller: the last speaker), or UNRESOLVED.

    1. a person who is a subject earlier in the pronoun's own sentence;
    2. else the subject of the previous sentence of the paragraph ("Peskov added that
       ...  "…," he said"), a name or a description; one we cannot name means abstain;
    3. else the one person named earlier in the paragraph; two or more: the caller's
       last speaker decides, or nobody."""
    def person_of(tok):
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end and e.label_ == "PERSON"), None)
        text = ent.text if ent is not None else (tok.text if tok.pos_ == "PROPN" else None)
        return people.by_name(text) if text else None

    sent = pronoun.sent
    earlier = [t for t in sent if t.i < pronoun.i and (t.ent_type_ == "PERSON" or t.pos_ == "PROPN")]
    found = [(t, person_of(t)) for t in earlier]
    found = [(t, p) for t, p in found if p is not None]
    subjects = [p for t, p in found if t.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        root_subjects = [p for t, p in found if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
        return (root_subjects or subjects)[0]
    if len({p.key for _, p in found}) == 1:
        return found[0][1]
    if found:
        return UNRESOLVED
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        root = prev.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ not in PRONOUNS and subj.pos_ in ("PROPN", "NOUN"):
            if subj.pos_ == "PROPN" or subj.ent_type_ == "PERSON":
                return person_of(subj) or UNRESOLVED
            words = title_words([t for t in subj.subtree if t.i <= subj.i])
            if people.by_description(words, among=list(dict.fromkeys(reversed(recent)))) is not None:
                return people.by_description(words, among=list(dict.fromkeys(reversed(recent))))
            if _looks_like_person(subj):
                return UNRESOLVED
    before = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= sent.start]
    distinct = {}
    for e in before:
        p = people.by_name(e.text)
        if p:
            distinct[p.key] = p
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    return None


def _looks_like_person(tok) -> bool:
    """A role noun that names a person ("minister", "spokesman", "official")."""
    return tok.lower_ in PERSON_NOUNS or tok.lemma_.lower() in PERSON_NOUNS


def _is_title_word(tok) -> bool:
    w = tok.lower_
    return w in TITLE_WORDS or (
        tok.ent_type_ not in ("PERSON",) and tok.pos_ != "PROPN")
