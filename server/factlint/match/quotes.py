"""Matching draft quotations with corpus quotations (shared by the two quote checks).

For every draft quote, corpus quotes are fetched through the index's full-text
table (never a scan of all quotes), compared in word order, and sorted into
exact matches (the draft's words appear, whole or in part, in a corpus quote)
and near matches (same speaker, wording close but changed). Corpus speakers are
resolved with the corpus-wide alias table built from the `aliases` rows.
The result is computed once per check run and shared through `ctx.memo`.
"""
from __future__ import annotations

import json
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

from ..facts import people as people_mod
from ..facts import quotes as quotes_mod
from ..facts.people import People, same_person

from ..facts import lexicon
from ..facts.quote_change import (Change, Word, contexts_of, fold, gaps_of, meaning_change, undo_change, undone,
                                  words_of, written_forms)
from ..facts.rows import Stored
from ..facts.words import STOPWORDS
from .params import (COMPARED_ENTRIES, MIN_ADDED_TO, MIN_EXACT_WORDS, MIN_SHARED, MIN_SIMILARITY,
                     MIN_UNATTRIBUTED_WORDS, MIN_WINDOW_SHARED,
                     QUOTE_CANDIDATES, RARE_QUOTE_WORDS)


@dataclass(frozen=True)
class CorpusQuote(Stored):
    """A corpus quotation as the index gives it back, its speaker resolved."""

    text: str
    tokens: list[str]
    person: str | None
    person_name: str | None
    speaker: str | None
    speaker_kind: str | None = None  # name | pronoun | description | inherited (`facts.quotes.Quote`)
    speaker_words: tuple[str, ...] = ()  # a description's words ("kramatorsk", "city", "council")


class Near(NamedTuple):
    """A corpus quote close in wording to a draft quote, and the stretch of it that is closest."""

    similarity: float  # word-order similarity of the draft quote and the stretch
    quote: CorpusQuote
    start: int  # the stretch, in the corpus quote's words
    end: int


@dataclass
class Match:
    quote: quotes_mod.Quote  # the draft's
    exact: list[CorpusQuote] = field(default_factory=list)
    near: list[Near] = field(default_factory=list)


@dataclass(frozen=True)
class Altered:
    """A draft quote that changes the meaning of a corpus remark: which stretch, and how."""

    quote: quotes_mod.Quote
    corpus: CorpusQuote
    start: int  # the corpus stretch, in its words
    end: int
    why: Change  # what changed (meaning_change's answer)
    undone: tuple[str, str] | None = None  # (the quotation with that one change undone, what that does)


def corpus_people(index) -> People:
    """The corpus-wide alias table, built once per state of the index."""
    cache = index.memo("quotes")
    if "people" not in cache:
        table = People()
        # one row per distinct name (a corpus names the same people again and again)
        for r in index.names():
            titles, roles = set(), set()
            for d in json.loads("[" + r["data"] + "]"):
                titles.update(d.get("titles", []))
                roles.update(d.get("roles", []))
            p = table.add(r["alias"], sorted(titles), None, count=r["n"])
            if p is not None:
                p.roles.update(roles)
        cache["people"] = table
    return cache["people"]


def _article_people(index, article_id: int, table: People) -> list[str]:
    keys = []
    for alias in index.aliases_of(article_id):
        p = table.by_name(alias)
        if p:
            keys.append(p.key)
    return keys


def _candidates(index, q: quotes_mod.Quote, exclude: frozenset[str] = frozenset(), limit: int = QUOTE_CANDIDATES) -> list[dict]:
    """Corpus quotes that contain the draft quote's words as a phrase; when none does,
    those sharing two of its five rarest words (so changed words cannot hide the remark;
    a quote of one or two words: any of them). Cached per wording while the index
    is unchanged, so re-checking a draft does not search again."""
    memo = index.memo("quotes").setdefault("candidates", {})
    key = (tuple(q.tokens), exclude)
    if key not in memo:
        memo[key] = _search(index, q, exclude, limit)
    return memo[key]


def _phrase(tokens: list[str]) -> list[str]:
    """Normalised words as FTS5 phrase terms (letters and digits only)."""
    return " ".join("".join(ch for ch in w if ch.isalnum()) for w in tokens).split()


def _search(index, q: quotes_mod.Quote, exclude: frozenset[str], limit: int) -> list:
    phrase = _phrase(q.tokens)
    if phrase:
        rows = [r for r in index.quotes_with_phrase(phrase, limit) if r["path"] not in exclude]
        if rows:
            return rows
    words = {"".join(ch for ch in w if ch.isalnum()) for w in q.tokens}
    words = {w for w in words if w}
    content = {w for w in words if w not in STOPWORDS} or words
    memo = index.memo("quotes").setdefault("df", {})
    missing = [w for w in content if w not in memo]
    if missing:
        found = index.quote_word_frequencies(missing)
        memo.update({w: found.get(w, 0) for w in missing})
    known = sorted((w for w in content if memo[w] > 0), key=lambda w: (memo[w], w))
    if not known:
        return []
    rare = known[:RARE_QUOTE_WORDS]
    # any two of the five rarest: a translation or an edit may change several words
    return [r for r in index.quotes_with_words(rare, limit, pairs=len(rare) > 2) if r["path"] not in exclude]


def verbatim(index, tokens: list[str], exclude: frozenset[str] = frozenset()) -> bool:
    """Is this run of words, in this order, inside some corpus quote? (an FTS phrase query,
    confirmed on the stored words; cached per wording while the index is unchanged)"""
    memo = index.memo("quotes").setdefault("verbatim", {})
    key = (tuple(tokens), exclude)
    if key not in memo:
        phrase = _phrase(tokens)
        rows = index.quotes_with_phrase(phrase, 20)
        memo[key] = any(r["path"] not in exclude and quotes_mod.contains(r["norm"].split(), tokens) for r in rows)
    return memo[key]


def _corpus_quote(index, r, table: People) -> CorpusQuote:
    d = json.loads(r["data"])
    person, name = None, None
    if r["person"] and d.get("person_name"):
        p = table.by_name(d["person_name"])
        if p:
            person, name = p.key, p.name
    if person is None and d.get("desc_words"):
        among = _article_people(index, r["article_id"], table)
        p = table.by_description(d["desc_words"], among=among) or table.by_description(d["desc_words"])
        if p:
            person, name = p.key, p.name
    return CorpusQuote(r["id"], r["article_id"], r["path"], r["name"], r["line"], r["start"], r["end"], r["text"],
                       r["norm"].split(), person, name, r["speaker"], d.get("speaker_kind"),
                       tuple(d.get("desc_words") or ()))


def draft_people(analysed, corpus_table: People, memo: dict | None = None) -> people_mod.ChainPeople:
    """The draft's people over the corpus's. With `memo` (the index's, emptied when the index
    changes), the same mentions give the same object, and with it the per-paragraph quote
    cache that `quotes.extract` keeps on it: typing that names nobody new re-reads one paragraph."""
    mentions = tuple(m for _, doc in analysed.parsed for m in people_mod.mentions(doc))
    if memo is not None:
        last = memo.get("draft_people")
        if last is not None and last[0] == mentions and last[1].base is corpus_table:
            return last[1]
    chain = people_mod.ChainPeople(people_mod.from_mentions(mentions), corpus_table)
    if memo is not None:
        memo["draft_people"] = (mentions, chain)
    return chain


def match_all(ctx) -> list[Match]:
    if "quote_matches" in ctx.memo:
        return ctx.memo["quote_matches"]
    index = ctx.corpus
    table = corpus_people(index)
    ppl = draft_people(ctx.analysed, table, index.memo("quotes"))
    exclude = frozenset(ctx.options.get("exclude_paths", ()))
    out = []
    for q in quotes_mod.extract(ctx.analysed, ppl):
        if not q.tokens:
            continue
        m = Match(q)
        for c, verdict in _compared(ctx, q, table, exclude):
            if verdict is True:
                m.exact.append(c)
            else:
                sim, ws, we = verdict
                m.near.append(Near(sim, c, ws, we))
        m.near.sort(key=lambda x: -x[0])
        out.append(m)
    ctx.memo["quote_matches"] = out
    ctx.memo["quote_people"] = ppl
    return out


def _compared(ctx, q, table: People, exclude: frozenset[str]):
    """(corpus quote, verdict) for each corpus quote retrieved for the draft quote `q`: True for
    an exact match, else best_window's (similarity, start, end). The wording of a draft quote
    against a corpus quote is the same answer for every check while the quote is unchanged (a
    keystroke elsewhere re-reads every quote of the draft), so it is kept per index."""
    index = ctx.corpus
    memo = index.memo("quotes")
    resolved = memo.setdefault("resolved", {})
    compared = memo.setdefault("compared", OrderedDict())
    for r in _candidates(index, q, exclude):
        c = resolved.get(r["id"])
        if c is None:
            c = resolved[r["id"]] = _corpus_quote(index, r, table)
        key = (tuple(q.tokens), r["id"])
        verdict = compared.get(key)
        if verdict is None:
            verdict = compared[key] = _is_exact(q.tokens, c.tokens) or quotes_mod.best_window(q.tokens, c.tokens)
            if len(compared) > COMPARED_ENTRIES:
                compared.popitem(last=False)
        yield c, verdict


def _is_exact(q: list[str], c: list[str]) -> bool:
    if len(q) < MIN_EXACT_WORDS:
        return q == c
    return quotes_mod.contains(c, q)


def same(a: str | None, b: str | None) -> bool:
    return bool(a and b and same_person(a, b))


def altered(ctx) -> list[Altered]:
    """The draft quotes that render a corpus remark of the same speaker with its meaning
    changed (`facts.quote_change.meaning_change`): a number, a negation, a name, a content word
    no corpus rendering uses. A verbatim fragment of a longer remark, and the same remark in
    other words, are not. A quotation that does not render a remark whole, when it has several
    sentences, is judged sentence by sentence, each on its own span. A quotation with no speaker
    is judged only against a remark it renders word for word but one word (`_one_exchange`)."""
    found = []
    table = corpus_people(ctx.corpus)
    exclude = frozenset(ctx.options.get("exclude_paths", ()))
    for m in match_all(ctx):
        q = m.quote
        if m.exact:
            continue
        if not q.person:
            if isinstance(a := _judge(ctx, q, [n for n in m.near if _one_exchange(q, n)], anyone=True), Altered):
                found.append(a)
            continue
        whole = _judge(ctx, q, m.near)
        if whole == _SAME:
            continue  # the quotation renders the remark (however its sentences are cut)
        # (_PART: one remark is whole sentences of it; the others are still to be judged)
        # a quotation of several sentences: each judged on its own span (the remark may be one
        # of them, and a fix must not delete the others); the whole when no sentence is altered
        parts, settled = [], 0
        subs = _DraftQuote(ctx, q).sentence_quotes()
        for sub in subs:
            near, exact = [], False
            for c, verdict in _compared(ctx, sub, table, exclude):
                if verdict is True:
                    exact = True
                    break
                near.append(Near(verdict[0], c, verdict[1], verdict[2]))
            near.sort(key=lambda x: -x[0])
            v = _SAME if exact else _judge(ctx, sub, near)  # (exact: a corpus remark, word for word)
            if isinstance(v, Altered):
                parts.append(v)
            elif v in (_SAME, _PART):
                settled += 1
        if parts:
            found.extend(parts)
        elif isinstance(whole, Altered) and not (subs and settled == len(subs)):
            found.append(whole)  # (every sentence a faithful remark: the quotation is faithful)
    return found


_SAME = "same"  # _judge: the quote renders a corpus remark faithfully
_PART = "part"  # _judge: a corpus remark is whole sentences of the quote, rendered faithfully


def _one_exchange(q, n: Near) -> bool:
    """Is the draft quote the corpus stretch word for word but one exchanged word, and long
    enough not to be a common phrase? (Without a speaker, only the wording says it is this remark.)"""
    if len(q.tokens) < MIN_UNATTRIBUTED_WORDS or n.similarity < MIN_SIMILARITY:
        return False
    ws, we = quotes_mod.widened(q.tokens, n.quote.tokens, n.start, n.end)
    window = n.quote.tokens[ws:we]
    return len(window) == len(q.tokens) and sum(a != b for a, b in zip(q.tokens, window)) == 1


def _judge(ctx, q, near: list[Near], anyone: bool = False) -> "Altered | str | None":
    """Is the draft quote `q` a corpus remark of its speaker (`near`: corpus quotes by closeness;
    `anyone`: of whoever said them) with its meaning changed (an `Altered`), the remark faithfully
    rendered (`_SAME`), a remark faithfully rendered as whole sentences of it (`_PART`), or no
    remark the corpus has (None)?"""
    # every corpus rendering of the remark by this speaker: any of their words is correct
    # (the quotes close enough in wording to be this remark, not everything the speaker said)
    wide = {id(n): quotes_mod.widened(q.tokens, n.quote.tokens, n.start, n.end) for n in near}  # (once each)
    speaker = [n for n in near if (anyone or same(n.quote.person, q.person)) and _close(q.tokens, n, *wide[id(n)])]
    # (each stretch as it is judged, widened, and two words either side)
    renderings = {w for n in speaker for w in n.quote.tokens[max(0, wide[id(n)][0] - 2):wide[id(n)][1] + 2]}
    remark_words = {w for n in speaker for w in n.quote.tokens}
    contexts = contexts_of(n.quote.tokens for n in speaker)
    gaps = gaps_of(n.quote.tokens for n in speaker)
    draft = _DraftQuote(ctx, q)
    for n in speaker:
        c = n.quote
        if quotes_mod.contains(c.tokens, q.tokens):
            return _SAME  # a verbatim fragment of a longer remark
        added_to = quotes_mod.contains(q.tokens, c.tokens) and len(c.tokens) >= MIN_ADDED_TO
        if added_to and draft.whole_sentences(c.tokens):
            # the corpus remark, whole sentences of a longer draft quotation: checked on that
            # span alone it is verbatim, and the rest the corpus did not quote (a fix would
            # delete the reporter's correct words). Words added inside the remark's own
            # sentence ("would lose the conflict by the end of the year") are still judged.
            return _PART
        ws, we = wide[id(n)]
        window = c.tokens[ws:we]
        # the words the two share, in any order: a rendering may reorder a remark ("What will happen
        # next, it's hard to say" / "It's hard to say what will happen next")
        # (folded: "Ukraine's war" shares "Ukraine" with "the war in Ukraine")
        shared = _shared(q.tokens, window)
        if not added_to and (shared < MIN_SHARED * len(q.tokens) or shared < MIN_WINDOW_SHARED * len(window)):
            continue
        if not (quotes_mod.content(q.tokens) & quotes_mod.content(window)):
            continue
        def change(a: int, b: int, words=None, covered=None) -> Change | None:
            words = draft.words if words is None else words
            return (meaning_change(words, c.tokens[a:b], renderings, draft.covered if covered is None else covered,
                                   _parts_of_speech(ctx, c)[a:b], lexicon.load(), contexts, gaps, remark_words)
                    if words else Change("wording"))

        why = change(ws, we)
        if (why is not None and len(q.tokens) < MIN_UNATTRIBUTED_WORDS
                and any(change(a, a + we - ws) is None for a in _as_close(q.tokens, c.tokens, ws, we))):
            # a short quotation is as close to several stretches of a long remark; one of them,
            # as close in words, renders it faithfully
            why = None
        if why is None:
            return _SAME  # the same remark in other words: synonyms, word order, another translation
        return Altered(q, c, ws, we, why, _undone(ctx, q, draft, c.text, window, why, lambda w, cov: change(ws, we, w, cov)))
    return None


def _undone(ctx, q, draft: "_DraftQuote", c_text: str, window: list[str], why: Change,
            change) -> tuple[str, str] | None:
    """The draft quotation with the change `why` undone and the rest of its words kept, when
    that alone renders the remark faithfully (`change(words, covered)` finds nothing more), and
    what the fix does in words."""
    undo = undo_change(q.tokens, window, why) if draft.words else None
    if undo is None:
        return None
    # the corpus's words put in, read as the part of speech of the word they replace
    pos = draft.words[undo.start].pos if undo.start < undo.end else "PART"
    words = replace(undo, words=tuple(Word(w, pos, False, False, None, w) for w in undo.words)).applied(draft.words)
    shift = len(undo.words) - (undo.end - undo.start)
    covered = {i if i < undo.start else i + shift for i in draft.covered if not undo.start <= i < undo.end}
    if change(words, covered) is not None:
        return None  # another change is left: undoing this one alone would not mend the quotation
    text = undone(ctx.document.text[q.start:q.end], undo, written_forms(c_text))
    return (text, undo.title(q.tokens)) if text is not None else None


def _as_close(q: list[str], c: list[str], ws: int, we: int) -> list[int]:
    """Where else in the corpus remark `c` a stretch as long as the draft quote has as many of
    its words in the same places: "insignificantly damaged" is as close to "Moscow damaged" as to
    "slightly damaged", and the first found is not the better one (asked for quotations shorter
    than MIN_UNATTRIBUTED_WORDS: in a longer one the closest stretch is telling)."""
    width = len(q)
    if we - ws != width:
        return []

    def placed(a: int) -> int:
        return sum(1 for k in range(width) if fold(q[k]) == fold(c[a + k]))

    here = placed(ws)
    return [a for a in range(0, len(c) - width + 1) if a != ws and placed(a) >= here]


def _shared(a: list[str], b: list[str]) -> int:
    """The words two stretches share, in any order, folded ("Ukraine's" is "Ukraine")."""
    return sum((Counter(map(fold, a)) & Counter(map(fold, b))).values())


def _close(q: list[str], n: Near, ws: int, we: int) -> bool:
    """Is the corpus stretch close enough in wording to be the draft quote's remark? Close in
    order (`best_window`'s similarity), or in words taken in any order: a rendering may reorder a
    remark ("the resolution of Ukraine's war" / "resolution of the war in Ukraine"), and the
    same share of shared words (2 x shared / both lengths, Indel's measure without the order)
    is asked of its stretch widened to the draft quote (ws:we, `quotes.widened`)."""
    if n.similarity >= MIN_SIMILARITY:
        return True
    window = n.quote.tokens[ws:we]
    return 2 * _shared(q, window) >= MIN_SIMILARITY * (len(q) + len(window))


def _parts_of_speech(ctx, c: CorpusQuote) -> list[str]:
    """The corpus quote's words' parts of speech as the pipeline reads them (parsed once per
    quote while the index is unchanged), one per normalised word; [] when they cannot be aligned."""
    memo = ctx.corpus.memo("quotes").setdefault("pos", {})
    if c.id not in memo:
        words = words_of(ctx.engine.nlp(c.text)[:]) if ctx.engine.nlp is not None else []
        memo[c.id] = [w.pos for w in words] if [w.norm for w in words] == c.tokens else []
    return memo[c.id]


class _DraftQuote:
    """The parser's view of one draft quotation, read once and only when a decision needs it:
    its span, its sentences' words, its words with their features."""

    def __init__(self, ctx, q) -> None:
        self.ctx, self.q = ctx, q

    @cached_property
    def _parsed(self):
        """(the quotation's parsed span, its paragraph's document offset), or (None, 0)."""
        for para, doc in self.ctx.analysed.parsed:
            if para.start <= self.q.start and self.q.end <= para.end:
                return doc.char_span(self.q.start - para.start, self.q.end - para.start,
                                     alignment_mode="expand"), para.start
        return None, 0

    @property
    def span(self):
        return self._parsed[0]

    @cached_property
    def _sentence_texts(self) -> list[tuple[int, str]]:
        """(document offset, text) of each sentence's part inside the quotation marks (a
        sentence the parser runs on past the closing mark, into "Peskov said", is cut there)."""
        span, base = self._parsed
        if span is None:
            return []
        lo, hi = self.q.start - base, self.q.end - base
        out = []
        for sent in span.sents:
            a, b = max(sent.start_char, lo), min(sent.end_char, hi)
            raw = span.doc.text[a:b]
            if raw.strip():
                out.append((base + a + len(raw) - len(raw.lstrip()), raw.strip()))
        return out

    @cached_property
    def sentences(self) -> list[list[str]]:
        """The normalised words of each sentence of the quotation."""
        return [quotes_mod.normalise(text) for _, text in self._sentence_texts]

    @cached_property
    def words(self):
        """The parsed words of the quotation (None when they cannot be aligned with its tokens)."""
        if self.span is None:
            return None
        words = words_of(self.span)
        return words if [w.norm for w in words] == self.q.tokens else None

    @cached_property
    def covered(self) -> set[int]:
        """Indices of the quotation's words that belong to one of its sentences found verbatim
        in some corpus quote: a quotation that runs two remarks together ("The signals are
        positive. Trump talked ...") is judged remark by remark."""
        out: set[int] = set()
        exclude = frozenset(self.ctx.options.get("exclude_paths", ()))
        pos = 0
        for toks in self.sentences:
            if len(toks) >= 2 and verbatim(self.ctx.corpus, toks, exclude):
                out.update(range(pos, pos + len(toks)))
            pos += len(toks)
        return out

    def sentence_quotes(self) -> list:
        """Each sentence of a quotation of several, as a quotation of its own (same speaker);
        [] for a quotation of one sentence."""
        if len(self._sentence_texts) < 2:
            return []
        return [replace(self.q, start=start, end=start + len(text), text=text, tokens=tokens)
                for (start, text), tokens in zip(self._sentence_texts, self.sentences)
                if len(tokens) >= MIN_ADDED_TO]

    def whole_sentences(self, tokens: list[str]) -> bool:
        """Are these words one or more whole sentences of the quotation?"""
        for i in range(len(self.sentences)):
            run: list[str] = []
            for sent in self.sentences[i:]:
                run += sent
                if run == tokens:
                    return True
                if len(run) >= len(tokens):
                    break
        return False
