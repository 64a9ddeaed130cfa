"""Random editing against the real language server over stdio, with invariants checked after
every step; failing sequences are shrunk and saved as regression cases.

A *sequence* is a list of steps (plain JSON, so a failing one can be saved and replayed):
open, incremental or full change, close and reopen of drafts; hover, definition, code action
and pull-diagnostics requests at random places (past the end too); config, rule and corpus
files changed or broken and the server told through didChangeWatchedFiles; applying an offered
quick fix. Positions in steps are fractions of the current text, so a step still means
something after the steps before it were shrunk away. Inserted text mixes prose and numbers
with emoji, CJK, combining marks, CRLF and lone CR, lone surrogates, quotation marks, very
long lines and whole corpus articles.

Invariants, checked as the server answers:
- it is alive and answers a hover within `ANSWER_WITHIN` seconds after every step;
- every published diagnostic range lies inside the text of the version it names (LSP lines,
  UTF-16 units, never inside a surrogate pair), no publish names an older version than one
  already published or than the newest the client sent, and a closed document gets no
  diagnostics but the empty list;
- once edits stop, the newest version is published (push) within `SETTLE_WITHIN` seconds;
- a quick fix's edits lie inside the document, a replacement inside its diagnostic, and the
  text after applying it is what its title promised.

`run(seed)` builds one sequence from a seed; `Session` runs sequences on one server (restarted
only when it died); `shrink` removes steps while the same invariant still fails.
"""
from __future__ import annotations

import ast
import asyncio
import functools
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"
SERVER = [sys.executable, "-m", "factlint", "serve"]
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"

ANSWER_WITHIN = 1.0  # seconds: the bound for any request after any step
# Seconds for the newest version to be published once edits stop: a debounce, a check (a whole
# article pasted is ~1 s on the 2-core CI machine), and a re-index after a corpus change.
SETTLE_WITHIN = 30.0

ARTICLES = sorted(p.read_text(encoding="utf-8") for p in EXAMPLE_CORPUS.glob("*.txt"))
WORDS = ("Russia", "launched", "a", "record", "154", "drones", "at", "Kyiv", "Kiev", "overnight,", "Zelensky",
         "Zelenskyy", "said", "eight", "hours", "145", "the", "attack", "lasted", "three", "airports", "closed",
         "Was done.", "Is.", "Used to do.", "Moscow", "34", "shot", "down", "wounding 23 others", "2022")
ODD = ("😀", "👩‍👩‍👧", "基辅", "中文字", "e\u0301", "\r\n", "\r", "\n", "\n\n", "\ud83d", "\udc00", "“", "”", "‘", "’", '"',
       "'", "«", "»", "\t", "\u00a0", "\u200b", "\ufeff", "<!-- factlint-disable-next-line figure/conflict -->\n",
       "```\n", "---\n", "# ", "> ", "- ", "`", "[x](http://a)", "\u2028", "\x0c")


def _text(rng: random.Random) -> str:
    """Something to insert: mostly short, sometimes a long line or a whole article."""
    r = rng.random()
    if r < 0.04:
        return rng.choice(ARTICLES)
    if r < 0.06:
        return rng.choice(WORDS) * rng.randint(200, 3000)  # a very long line
    parts = []
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(ODD) if rng.random() < 0.3 else rng.choice(WORDS))
        parts.append(" " if rng.random() < 0.8 else "")
    return "".join(parts)


def make_sequence(seed: int, length: int | None = None) -> list[dict]:
    rng = random.Random(seed)
    n = length or rng.randint(4, 24)
    docs = [f"d{seed}-{i}.{rng.choice(['md', 'txt'])}" for i in range(rng.randint(1, 3))]
    steps: list[dict] = []
    for _ in range(n):
        doc = rng.choice(docs)
        r = rng.random()
        if r < 0.12:
            steps.append({"op": "open", "doc": doc, "text": _text(rng) + "\n" + rng.choice(ARTICLES)[:rng.randint(0, 600)]})
        elif r < 0.45:
            a = rng.random()
            steps.append({"op": "change", "doc": doc, "at": a, "to": min(1.0, a + rng.random() * rng.choice([0, 0.01, 0.1, 1])),
                          "text": _text(rng) if rng.random() < 0.8 else ""})
        elif r < 0.5:
            steps.append({"op": "replace_all", "doc": doc, "text": _text(rng)})
        elif r < 0.55:
            steps.append({"op": "close", "doc": doc})
        elif r < 0.72:
            steps.append({"op": rng.choice(["hover", "definition", "code_action", "pull"]), "doc": doc,
                          "at": rng.random() * 1.2, "line_past_end": rng.random() < 0.1})
        elif r < 0.82:
            steps.append({"op": "settle"})
        elif r < 0.88:
            steps.append({"op": "apply_fix", "doc": doc, "pick": rng.random()})
        elif r < 0.92:
            steps.append({"op": "config", "kind": rng.choice(["broken", "disable-figure", "good"])})
        elif r < 0.96:
            steps.append({"op": "rule", "kind": rng.choice(["broken", "good", "slow", "remove"])})
        else:
            steps.append({"op": "corpus", "kind": rng.choice(["add", "change", "remove"])})
    steps.append({"op": "settle"})
    return steps


# ------------------------------------------------------------------ LSP positions, as an editor counts

_BREAK = re.compile(r"\r\n|\r|\n")


def lsp_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each line's content; line breaks are \\n, \\r\\n and \\r (LSP)."""
    out, pos = [], 0
    for m in _BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def units(s: str) -> int:
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def to_position(text: str, offset: int) -> types.Position:
    lines = lsp_lines(text)
    for i, (s, e) in enumerate(lines):
        if offset <= e or i == len(lines) - 1:
            return types.Position(line=i, character=units(text[s:min(offset, e)]) if offset >= s else 0)
    raise AssertionError("unreachable")


@functools.lru_cache(maxsize=16)
def _positions(text: str) -> tuple[list[tuple[int, int]], dict[int, dict[int, int]]]:
    """A text's LSP lines, and for each line looked at, UTF-16 units before -> offset. Kept for
    the last few texts: checking 500 ranges on a 50,000-character line re-read the line for
    each and held the fuzzing client's own loop for seconds."""
    return lsp_lines(text), {}


def to_offset(text: str, pos: types.Position) -> int | None:
    """The offset of an LSP position, or None when it is not inside the text (past a line's
    end, or between the two UTF-16 units of one character)."""
    lines, per_line = _positions(text)
    if pos.line >= len(lines):
        return None
    offsets = per_line.get(pos.line)
    if offsets is None:
        s, e = lines[pos.line]
        offsets, u = {}, 0
        for i in range(s, e + 1):
            offsets[u] = i
            if i < e:
                u += 2 if ord(text[i]) > 0xFFFF else 1
        per_line[pos.line] = offsets
    return offsets.get(pos.character)


def _moved(diagnostics) -> bool:
    """Diagnostics the server moved with an edit ahead of the check's answer (`data.moved`)."""
    return any(isinstance(d.data, dict) and d.data.get("moved") for d in diagnostics)


def _ahead(diagnostics) -> bool:
    """Published ahead of the check's answer: moved with an edit, or the text-only first
    answer while the pipeline loads (`data.partial`)."""
    return _moved(diagnostics) or any(isinstance(d.data, dict) and d.data.get("partial") for d in diagnostics)


def moved(params) -> bool:
    return _moved(params.diagnostics)


def snap(text: str, frac: float) -> int:
    """A code-point offset from a fraction of the text, not between \\r and \\n."""
    i = max(0, min(len(text), round(frac * len(text))))
    if 0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n":
        i -= 1
    return i


# ------------------------------------------------------------------ the run

@dataclass
class Doc:
    uri: str
    text: str = ""
    version: int = 0
    open: bool = False
    history: dict = field(default_factory=dict)  # version -> text
    published: list = field(default_factory=list)  # (version, diagnostics) in arrival order
    closed_at: int = -1  # len(published) when last closed
    cleared: bool = False  # since then, the server has published the empty list


class Violation(AssertionError):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class Session:
    """One server, many sequences. `workspace` holds factlint.toml, a rules folder and a copy
    of the example corpus; each sequence starts from them as they were."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.client = None
        self.docs: dict[str, Doc] = {}
        self.violations: list[Violation] = []
        self.slowest = 0.0
        self.steps_run = 0

    # ---- setup

    def _write_workspace(self) -> None:
        ws = self.workspace
        ws.mkdir(parents=True, exist_ok=True)
        corpus = ws / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        shutil.copytree(EXAMPLE_CORPUS, corpus)
        for p in corpus.iterdir():
            p.chmod(0o644)
        (ws / "house" / "style").mkdir(parents=True, exist_ok=True)
        for p in (ws / "house" / "style").iterdir():
            p.unlink()
        self._good_config()

    def _good_config(self, extra: str = "") -> None:
        ws = self.workspace
        (ws / "factlint.toml").write_text(
            f'corpus = ["corpus"]\ncache-dir = ".cache"\nrules = ["house"]\n{extra}', encoding="utf-8")

    async def start(self) -> None:
        from pytest_lsp import client_capabilities

        from tests.lsp.helpers import make_client

        self._write_workspace()
        client = make_client(on_publish=self._on_publish)
        await client.start_io(*SERVER)
        await client.initialize_session(types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), root_uri=from_fs_path(str(self.workspace))))
        self.client = client
        # the first check waits for spaCy and the index
        uri = from_fs_path(str(self.workspace / "warm.md"))
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id="markdown", version=1, text="Warm up.\n")))
        deadline = time.monotonic() + 120
        while not any(p.uri == uri for p in client.published) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    async def stop(self) -> None:
        if self.client is None:
            return
        try:
            await asyncio.wait_for(self.client.shutdown_session(), 10)
        except Exception:
            pass
        try:
            await self.client.stop()
        except Exception:
            pass
        self.client = None

    def alive(self) -> bool:
        server = getattr(self.client, "_server", None)
        return self.client is not None and (server is None or server.returncode is None)

    # ---- invariants on what the server sends

    def _on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        doc = next((d for d in self.docs.values() if d.uri == params.uri), None)
        if doc is None:
            return  # rule files, or an earlier sequence's documents
        doc.published.append((params.version, params.diagnostics))
        try:
            if not doc.open:
                # the server clears a closed document; a publish it sent before it read the close
                # may still arrive first, but nothing may come after the clearing
                if not params.diagnostics:
                    doc.cleared = True
                elif doc.cleared:
                    raise Violation("closed-document", f"{len(params.diagnostics)} diagnostics for closed {doc.uri}")
                return
            if params.version is not None:
                if params.version > doc.version or params.version not in doc.history:
                    raise Violation("unknown-version", f"published v{params.version}, newest sent v{doc.version}")
                earlier = [v for v, _ in doc.published[doc.closed_at + 1:-1] if v is not None]
                if earlier and params.version < max(earlier):
                    raise Violation("older-version", f"v{params.version} published after v{max(earlier)}")
            text = doc.history.get(params.version, doc.text)
            for d in params.diagnostics:
                self._check_range(text, d.range, f"diagnostic {d.code} v{params.version}")
            if moved(params):
                self._check_moved(doc, params, text)
        except Violation as v:
            self.violations.append(v)

    def _check_moved(self, doc: "Doc", params, text: str) -> None:
        """Diagnostics moved with an edit cover the same words they covered before it."""
        before = doc.published[-2] if len(doc.published) > 1 else None
        if before is None or before[0] not in doc.history:
            return
        old_text = doc.history[before[0]]
        covered = {(d.code, d.message, old_text[slice(*self._check_range(old_text, d.range, "earlier"))]) for d in before[1]}
        for d in params.diagnostics:
            s, e = self._check_range(text, d.range, f"moved {d.code}")
            if (d.code, d.message, text[s:e]) not in covered:
                raise Violation("moved-off-its-words", f"moved {d.code} covers {text[s:e]!r} in v{params.version}")

    @staticmethod
    def _check_range(text: str, rng: types.Range, what: str) -> tuple[int, int]:
        s, e = to_offset(text, rng.start), to_offset(text, rng.end)
        if s is None or e is None or e < s:
            raise Violation("range-outside-text", f"{what}: {rng.start.line}:{rng.start.character}-"
                                                  f"{rng.end.line}:{rng.end.character} in {len(text)} chars")
        return s, e

    # ---- steps

    def _doc(self, name: str) -> Doc:
        if name not in self.docs:
            self.docs[name] = Doc(from_fs_path(str(self.workspace / "drafts" / name)))
        return self.docs[name]

    def _send_change(self, doc: Doc, changes, new_text: str) -> None:
        doc.version += 1
        doc.text = new_text
        doc.history[doc.version] = new_text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
            content_changes=changes))

    async def step(self, s: dict) -> None:
        op = s["op"]
        c = self.client
        if op in ("open", "change", "replace_all", "close", "hover", "definition", "code_action", "pull", "apply_fix"):
            doc = self._doc(s["doc"])
            if op == "open":
                if doc.open:
                    return
                doc.version += 1
                doc.text = s["text"]
                doc.history[doc.version] = doc.text
                doc.open = True
                lang = "markdown" if doc.uri.endswith(".md") else "plaintext"
                c.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
                    uri=doc.uri, language_id=lang, version=doc.version, text=doc.text)))
            elif not doc.open:
                return
            elif op == "change":
                a, b = sorted((snap(doc.text, s["at"]), snap(doc.text, s["to"])))
                rng = types.Range(start=to_position(doc.text, a), end=to_position(doc.text, b))
                new = doc.text[:a] + s["text"] + doc.text[b:]
                self._send_change(doc, [types.TextDocumentContentChangePartial(range=rng, text=s["text"])], new)
            elif op == "replace_all":
                self._send_change(doc, [types.TextDocumentContentChangeWholeDocument(text=s["text"])], s["text"])
            elif op == "close":
                doc.open, doc.cleared = False, False
                doc.closed_at = len(doc.published) - 1
                c.text_document_did_close(types.DidCloseTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=doc.uri)))
            elif op == "apply_fix":
                await self._apply_fix(doc, s["pick"])
            else:
                await self._request(doc, s)
        elif op == "settle":
            await self.settle()
        elif op == "config":
            if s["kind"] == "broken":
                (self.workspace / "factlint.toml").write_text("corpus = [\nnot toml", encoding="utf-8")
            else:
                self._good_config('disable = ["figure/conflict"]\n' if s["kind"] == "disable-figure" else "")
            self._watched(self.workspace / "factlint.toml")
        elif op == "rule":
            path = self.workspace / "house" / "style" / "fuzz.yml"
            body = {"broken": "type: existence\nmessage: [unclosed\n",
                    "good": "type: existence\nmessage: no '{match}'\ntokens: [Kiev]\nfix: {action: replace, with: Kyiv}\n",
                    "slow": "type: existence\nmessage: slow\npatterns: ['(a|aa)+$']\n"}.get(s["kind"])
            if body is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(body, encoding="utf-8")
            self._watched(path, deleted=body is None)
        elif op == "corpus":
            corpus = self.workspace / "corpus"
            path = corpus / "fuzz-article.txt"
            if s["kind"] == "remove":
                path.unlink(missing_ok=True)
            else:
                base = ARTICLES[0] if s["kind"] == "add" else ARTICLES[1]
                path.write_text(base.replace("145", "146"), encoding="utf-8")
            self._watched(path, deleted=s["kind"] == "remove")
        else:
            raise ValueError(f"unknown step {op!r}")
        self.steps_run += 1
        await self.ping()

    def _watched(self, path: Path, deleted: bool = False) -> None:
        kind = types.FileChangeType.Deleted if deleted else types.FileChangeType.Changed
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=from_fs_path(str(path)), type=kind)]))

    async def ping(self) -> None:
        """The server answers a request within ANSWER_WITHIN seconds."""
        if not self.alive():
            raise Violation("server-died", f"exit code {getattr(self.client, '_server', None) and self.client._server.returncode}")
        doc = next((d for d in self.docs.values() if d.open), None)
        uri = doc.uri if doc else from_fs_path(str(self.workspace / "none.md"))
        started = time.monotonic()
        try:
            await asyncio.wait_for(self.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0))),
                ANSWER_WITHIN)
        except asyncio.TimeoutError:
            raise Violation("slow-answer", f"no answer to hover within {ANSWER_WITHIN}s") from None
        except Exception as e:
            if not self.alive():
                raise Violation("server-died", str(e)) from None
            raise Violation("request-error", f"hover: {type(e).__name__}: {e}") from None
        self.slowest = max(self.slowest, time.monotonic() - started)

    async def _request(self, doc: Doc, s: dict) -> None:
        off = snap(doc.text, min(s["at"], 1.0))
        pos = to_position(doc.text, off)
        if s["at"] > 1.0:  # past the end of the line
            pos = types.Position(line=pos.line, character=pos.character + 7)
        if s.get("line_past_end"):
            pos = types.Position(line=len(lsp_lines(doc.text)) + 3, character=2)
        ident = types.TextDocumentIdentifier(uri=doc.uri)
        op = s["op"]
        try:
            if op == "hover":
                await asyncio.wait_for(self.client.text_document_hover_async(
                    types.HoverParams(text_document=ident, position=pos)), SETTLE_WITHIN)
            elif op == "definition":
                await asyncio.wait_for(self.client.text_document_definition_async(
                    types.DefinitionParams(text_document=ident, position=pos)), SETTLE_WITHIN)
            elif op == "code_action":
                await asyncio.wait_for(self.client.text_document_code_action_async(types.CodeActionParams(
                    text_document=ident, range=types.Range(start=pos, end=pos),
                    context=types.CodeActionContext(diagnostics=[]))), SETTLE_WITHIN)
            else:
                version, text = doc.version, doc.text
                report = await asyncio.wait_for(self.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(text_document=ident)), SETTLE_WITHIN)
                if getattr(report, "items", None) and doc.version == version:
                    for d in report.items:
                        self._check_range(text, d.range, f"pulled {d.code}")
        except asyncio.TimeoutError:
            raise Violation("slow-answer", f"{op} not answered within {SETTLE_WITHIN}s") from None
        except Violation:
            raise
        except Exception as e:
            if not self.alive():
                raise Violation("server-died", f"{op}: {e}") from None
            raise Violation("request-error", f"{op}: {type(e).__name__}: {e}") from None

    async def settle(self) -> None:
        """Wait until every open document's newest version is published."""
        deadline = time.monotonic() + SETTLE_WITHIN
        for doc in [d for d in self.docs.values() if d.open]:
            while not any(v == doc.version and not _ahead(ds) for v, ds in doc.published[doc.closed_at + 1:]):
                if time.monotonic() > deadline:
                    raise Violation("not-settled", f"v{doc.version} of {doc.uri} not published within {SETTLE_WITHIN}s")
                if not self.alive():
                    raise Violation("server-died", "while settling")
                await asyncio.sleep(0.02)

    async def _apply_fix(self, doc: Doc, pick: float) -> None:
        """Ask for the quick fixes of one diagnostic of the newest published version, check
        them, and apply the first as an editor would."""
        await self.settle()
        diags = next((ds for v, ds in reversed(doc.published) if v == doc.version and not _ahead(ds)), None)
        if not diags:
            return
        d = diags[min(int(pick * len(diags)), len(diags) - 1)]
        version, text = doc.version, doc.text
        actions = await asyncio.wait_for(self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), range=d.range,
            context=types.CodeActionContext(diagnostics=[d]))), SETTLE_WITHIN)
        if doc.version != version:
            return
        ds, de = self._check_range(text, d.range, f"diagnostic {d.code}")
        chosen = None
        for a in actions or []:
            if not isinstance(a, types.CodeAction) or a.edit is None or not a.edit.changes:
                continue
            edits = a.edit.changes.get(doc.uri)
            if not edits:
                continue  # another file (the config's "disable" action)
            (e,) = edits
            s, t = self._check_range(text, e.range, f"fix {a.title!r}")
            after = text[:s] + e.new_text + text[t:]
            if (a.title or "").startswith("Replace with "):
                if not (ds <= s and t <= de):
                    raise Violation("fix-outside-diagnostic", f"{a.title!r} edits {s}-{t}, diagnostic {ds}-{de}")
                rest = a.title[len("Replace with "):]
                promised = ast.literal_eval(rest) if rest[:1] in "'\"" else rest.split(" (")[0]
                if e.new_text != promised:
                    raise Violation("fix-not-promised", f"{a.title!r} inserts {e.new_text!r}")
            elif (a.title or "").startswith("Ignore "):
                line_start = lsp_lines(text)[d.range.start.line][0]
                if s != t or s != line_start or "factlint-disable-next-line" not in e.new_text:
                    raise Violation("fix-not-promised", f"{a.title!r} inserts {e.new_text!r} at {s}")
            elif (a.title or "").startswith("Remove "):
                named = re.match(r"Remove (['\"])(.*)\1$", a.title, re.S)
                removed = text[s:t].strip()
                if (e.new_text or not named or not removed.startswith(ast.literal_eval(a.title[7:]))
                        or t <= ds or de <= s):
                    raise Violation("fix-not-promised", f"{a.title!r} removes {text[s:t]!r} (diagnostic {ds}-{de})")
            if chosen is None:
                chosen = (e, after)
        if chosen is not None:
            e, after = chosen
            self._send_change(doc, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)], after)

    # ---- sequences

    async def reset(self) -> None:
        """Close this sequence's documents and put the workspace back as it was."""
        for doc in self.docs.values():
            if doc.open and self.alive():
                self.client.text_document_did_close(types.DidCloseTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=doc.uri)))
        self.docs.clear()
        ws = self.workspace
        changed = []
        if (ws / "house" / "style" / "fuzz.yml").exists():
            (ws / "house" / "style" / "fuzz.yml").unlink()
            changed.append(ws / "house" / "style" / "fuzz.yml")
        if (ws / "corpus" / "fuzz-article.txt").exists():
            (ws / "corpus" / "fuzz-article.txt").unlink()
            changed.append(ws / "corpus" / "fuzz-article.txt")
        self._good_config()
        changed.append(ws / "factlint.toml")
        if self.alive():
            for p in changed:
                self._watched(p, deleted=not p.exists())

    async def run(self, steps: list[dict]) -> Violation | None:
        """Run one sequence; the first invariant it breaks, or None."""
        if not self.alive():
            await self.stop()
            await self.start()
        self.violations = []
        try:
            for s in steps:
                await self.step(s)
                if self.violations:
                    break
        except Violation as v:
            self.violations.append(v)
        except Exception as e:  # the harness's own error: report it as such
            self.violations.append(Violation("harness-error", f"{type(e).__name__}: {e}"))
        found = self.violations[0] if self.violations else None
        await self.reset()
        return found


async def shrink(session: Session, steps: list[dict], kind: str, budget: float = 300.0) -> list[dict]:
    """Remove steps (chunks, then one at a time) while a violation of `kind` remains."""
    deadline = time.monotonic() + budget
    current = list(steps)
    chunk = max(1, len(current) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i, progressed = 0, False
        while i < len(current) and time.monotonic() < deadline:
            trial = current[:i] + current[i + chunk:]
            if trial:
                v = await session.run(trial)
                if v is not None and v.kind == kind:
                    current, progressed = trial, True
                    continue
            i += chunk
        if not progressed:
            chunk //= 2
    return current


def save_regression(steps: list[dict], violation: Violation, seed) -> Path:
    REGRESSIONS.mkdir(exist_ok=True)
    path = REGRESSIONS / f"seed-{seed}.json"
    path.write_text(json.dumps({"seed": seed, "violation": str(violation), "steps": steps}, indent=1,
                               ensure_ascii=True) + "\n", encoding="utf-8")
    return path


async def campaign(workspace: Path, seeds, shrink_failures: bool = True, log=print) -> dict:
    """Run a sequence per seed on one server; shrink and save each failure."""
    session = Session(workspace)
    await session.start()
    summary = {"sequences": 0, "steps": 0, "crashes": 0, "violations": 0, "slowest_answer_s": 0.0, "failures": []}
    started = time.monotonic()
    try:
        for seed in seeds:
            steps = make_sequence(seed)
            v = await session.run(steps)
            summary["sequences"] += 1
            if v is not None:
                summary["violations"] += 1
                summary["crashes"] += v.kind == "server-died"
                small = await shrink(session, steps, v.kind) if shrink_failures else steps
                path = save_regression(small, v, seed)
                summary["failures"].append({"seed": seed, "violation": str(v), "saved": str(path)})
                log(f"seed {seed}: {v} -> {len(small)} steps saved in {path}")
            if summary["sequences"] % 100 == 0:
                log(f"{summary['sequences']} sequences, {session.steps_run} steps, {summary['violations']} violations, "
                    f"{time.monotonic() - started:.0f}s")
    finally:
        summary["steps"] = session.steps_run
        summary["slowest_answer_s"] = round(session.slowest, 3)
        summary["seconds"] = round(time.monotonic() - started, 1)
        await session.stop()
    return summary
