"""`factlint serve`: the language server (pygls 2). Handlers only translate.

Each handler gets the document, asks the engine (through `state.State`, on one
worker thread), and converts the result with `convert`. `initialize` answers at
once; spaCy and the corpus index load in the background with `$/progress`.
Diagnostics are pushed (debounced per document, published only for the newest
version) or, when the client supports it, pulled with `textDocument/diagnostic`.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import os
import re
import threading
import time
import uuid
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..config import CONFIG_NAMES, discover, with_disabled
from ..facts import lexicon
from ..finding import LineIndex
from . import convert
from .state import Result, State
from .textdoc import LspWorkspace

log = logging.getLogger("factlint.lsp")


class FactlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("factlint", __version__)
        self.state = State()
        self.state.on_index_change = lambda: self.state.worker.submit(self.index_changed)
        self.state.on_index_wait = lambda message: self.status("indexing", message)
        self.pull = False  # the client pulls diagnostics (textDocument/diagnostic)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.frozen = False  # gc.freeze() done after the first check (run_check)

    # ------------------------------------------------------------------ plumbing

    def report_server_error(self, error: Exception, source) -> None:
        """pygls reports an error the editor was not waiting for by sending it a message; a
        message that could not be sent (`JsonRpcInternalError`: the editor closed the pipe, as
        after `exit`) is not reported with another one, which fails in turn (pygls would nest
        the failures until the stack runs out, each logged with all the ones before it)."""
        if source is JsonRpcInternalError:
            log.warning("factlint: a message to the editor was not sent: %s", error)
            return
        super().report_server_error(error, source)

    def soon(self, fn, *args) -> None:
        """Run `fn` on the event loop (from any thread)."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(fn, *args)

    def log_message(self, message: str, kind=types.MessageType.Info) -> None:
        self.soon(self.window_log_message, types.LogMessageParams(type=kind, message=message))

    def status(self, state: str, message: str, done: int | None = None, total: int | None = None) -> None:
        """`factlint/status` (state: loading | indexing | ready | error): what an editor's status
        item shows. `$/progress` says the same to clients that show progress themselves."""
        params = {"state": state, "message": message}
        if total is not None:
            params |= {"done": done, "total": total}
        self.soon(self.protocol.notify, "factlint/status", params)

    def doc_path(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        return Path(path) if path else None

    async def run_check(self, uri: str, keep_stale: bool = False) -> Result | None:
        """Check the document as it is now; None if the check failed, or if the document
        changed meanwhile (unless `keep_stale`)."""
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        generation = self.state.generation
        started = time.monotonic()
        try:
            findings = await asyncio.get_running_loop().run_in_executor(
                self.state.worker, self.state.check, text, self.doc_path(uri), uri
            )
            self.state.typing_of(uri).checked(time.monotonic() - started)
        except Exception as e:  # the document keeps its last diagnostics; the server goes on
            log.debug("checking %s failed", uri, exc_info=True)
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error, message=f"factlint: checking {uri} failed: {type(e).__name__}: {e}"))
            return None
        if not self.frozen:
            # Everything loaded by now (the pipeline, the index's caches, the parsed draft) lives as
            # long as the server: out of the collector's sight, a full collection no longer scans it
            # (before, each took 100-130 ms at 10,000 articles, measured with gc.callbacks in the
            # bench's server; in an hour of typing they would land in the middle of keystrokes)
            self.frozen = True
            gc.freeze()
        self.report_failures()
        if self.state.file_errors_changed:
            self.publish_file_errors()
        self.refresh_pending()
        result = Result(version, text, findings, generation)
        if self.state.versions.get(uri, version) != version:
            return result if keep_stale else None  # a newer version is on its way
        self.state.results[uri] = result
        return result

    def diagnostics(self, uri: str, result: Result) -> list[types.Diagnostic]:
        codec = self.workspace.position_codec
        index, lines = LineIndex(result.text), convert.lines_of(result.text)
        return [convert.to_diagnostic(f, index, lines, codec) for f in result.findings]

    def schedule(self, uri: str) -> None:
        """Debounced push check of one document (the wait adapts to typing: `state.Typing`)."""
        if self.pull:
            return
        timer = self.state.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        delay = self.state.typing_of(uri).delay(time.monotonic())
        self.state.timers[uri] = loop.call_later(delay, lambda: loop.create_task(self.push(uri)))

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.state.shown[uri] = diagnostics
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics))

    def publish_moved(self, uri: str, version: int | None, changes) -> None:
        """Publish fast, then refine: on an edit, the diagnostics already shown are moved with it
        (those it touched dropped) and published at once for the new version, so the squiggles
        of untouched paragraphs stay on their words; the check's answer follows."""
        shown = self.state.shown.get(uri)
        if self.pull or not shown:
            return
        moved = convert.shift_diagnostics(shown, changes, convert.encoding_of(self.workspace.position_codec))
        if moved is None:  # the whole text replaced: where they were is not known until the answer
            self.state.shown.pop(uri, None)
        elif moved is not shown:
            # what the editor shows is, from now on, relative to the new text: the next edit moves
            # these (an empty list is not published: it cannot be told from the answer)
            self.state.shown[uri] = moved
            if moved:
                self.publish(uri, version, moved)

    async def first_answer(self, uri: str) -> None:
        """While the pipeline loads (seconds after the editor starts the server), the checks
        that read the text alone answer at once (YAML rules of kinds that need no parse:
        mistranslation leftovers, boilerplate, unbalanced quotation marks...), marked
        `partial` in their data; the full check's answer replaces them. Not published when
        the full answer came first, or the document changed meanwhile, or when they found
        nothing."""
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        try:
            findings = await asyncio.get_running_loop().run_in_executor(
                self.state.early, self.state.check, text, self.doc_path(uri), uri, True)
        except Exception:  # the full check reports what is wrong
            log.debug("the text-only checks of %s failed", uri, exc_info=True)
            return
        if self.state.versions.get(uri) != version or uri in self.state.published or not findings:
            return  # (nothing found: an empty list would look like the full answer)
        diagnostics = self.diagnostics(uri, Result(version, text, findings, self.state.generation))
        for d in diagnostics:
            d.data = {**(d.data or {}), "partial": True}
        self.publish(uri, version, diagnostics)
        log.debug("published the text-only checks of %s version %s", uri, version)

    async def push(self, uri: str) -> None:
        """Check and publish. At most one check per document is in flight: edits that
        arrive meanwhile are checked once, as one newer version, when it ends."""
        log.debug("push %s", uri)
        self.state.timers.pop(uri, None)
        if uri not in self.state.versions:
            return  # closed meanwhile
        if not self.state.ready.is_set() and uri not in self.state.published:
            asyncio.get_running_loop().create_task(self.first_answer(uri))
        if uri in self.state.running:
            self.state.dirty.add(uri)
            return
        self.state.running.add(uri)
        self.state.typing_of(uri).started()
        try:
            result = await self.run_check(uri)
            if result is not None and uri in self.state.versions:
                # only for the newest version of a document still open: a result for an older
                # text would put its squiggles where the words no longer are (an edit that came
                # meanwhile is checked next, below)
                self.state.published[uri] = result.version
                self.publish(uri, result.version, self.diagnostics(uri, result))
                log.debug("published %s version %s", uri, result.version)
        finally:
            self.state.running.discard(uri)
        if uri in self.state.dirty:
            self.state.dirty.discard(uri)
            asyncio.get_running_loop().create_task(self.push(uri))

    def recheck_all(self) -> None:
        if self.pull:
            if self.loop is not None:
                self.soon(lambda: self.workspace_diagnostic_refresh(None))
            return
        for uri in list(self.state.versions):
            self.soon(self.schedule, uri)

    def report_failures(self) -> None:
        for engine in self.state.all_engines():
            for f in engine.failures:
                key = (f.check, f.path, f.error)
                if key not in self.state.reported_failures:
                    self.state.reported_failures.add(key)
                    self.window_log_message(types.LogMessageParams(
                        type=types.MessageType.Error,
                        message=f"factlint: check {f.check} failed on {f.path}: {f.error} (other checks ran)"))

    def publish_file_errors(self) -> None:
        """Broken rule and config files show as diagnostics on those files (cleared once they
        are fixed), and once as a message."""
        self.state.file_errors_changed = False
        by_file: dict[str, list[types.Diagnostic]] = {}

        def add(path: str, line: int, message: str, code: str) -> None:
            by_file.setdefault(path, []).append(types.Diagnostic(
                range=types.Range(start=types.Position(line=line, character=0),
                                  end=types.Position(line=line + 1, character=0)),
                severity=types.DiagnosticSeverity.Error, source=convert.SOURCE, code=code, message=message))

        for engine in self.state.all_engines():
            for err in engine.rules.errors:
                add(err.path, max(err.line - 1, 0), f"{err.message} (this rule is off; everything else keeps working)",
                    "rule-error")
        for path, message in self.state.config_errors.items():
            m = re.search(r"\(at line (\d+)", message)
            add(str(path), int(m.group(1)) - 1 if m else 0,
                f"{message} (factlint goes on with the last settings that worked)", "config-error")
        for path in self.state.error_files - set(by_file):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=from_fs_path(path) or path, diagnostics=[]))
        new = set(by_file) - self.state.error_files
        for path, diags in by_file.items():
            uri = from_fs_path(path) or path
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diags))
        self.state.error_files = set(by_file)
        if new:
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning,
                message=f"factlint: {sum(map(len, by_file.values()))} rule file or config problem(s); see the "
                        "diagnostics on " + ", ".join(Path(p).name for p in by_file)))

    # ------------------------------------------------------------------ background work

    def warm_up(self, token: str | None) -> None:
        """Worker thread: load spaCy and the index for the workspace, saying how it goes both as
        `$/progress` (when the client gave a token) and as `factlint/status`."""
        def say(state: str, message: str, done: int | None = None, total: int | None = None) -> None:
            self.status(state, message, done, total)
            if token is None:
                return
            if state == "loading":
                value = types.WorkDoneProgressBegin(title="factlint", message=message, percentage=0)
                self.soon(self.work_done_progress.begin, token, value)
            elif state == "indexing":
                pct = 30 + int(70 * (done or 0) / max(total or 1, 1))
                self.soon(self.work_done_progress.report, token, types.WorkDoneProgressReport(message=message, percentage=pct))
            else:
                self.soon(self.work_done_progress.end, token, types.WorkDoneProgressEnd(message=message))

        started = time.perf_counter()
        say("loading", "loading the English pipeline")
        try:
            engine = self.state.engine_for(self.state.root)
            lexicon.warm_in_background()  # word meaning for quote/altered, ready before a quote needs it
            self.soon(self.publish_file_errors)  # broken rule and config files, on the files
            if engine.use_built_index():  # checked against the corpus files after the first diagnostics
                say("ready", f"{self.ready_message(engine)} in {time.perf_counter() - started:.1f}s (the index as "
                             "built; changed articles are picked up next)")
                return
            say("indexing", "indexing the corpus", 0, 0)

            def on_article(n: int, total: int, path: str) -> None:
                if n == total or n % 25 == 0:
                    say("indexing", f"indexing {n}/{total}", n, total)

            self.log_index(engine, engine.ensure_index(on_article))
            say("ready", f"{self.ready_message(engine)} in {time.perf_counter() - started:.1f}s")
        except Exception as e:
            log.debug("warm-up failed", exc_info=True)
            self.log_message(f"factlint: could not load: {type(e).__name__}: {e}", types.MessageType.Error)
            say("error", f"could not load: {type(e).__name__}: {e}; see the log")
        finally:
            self.state.ready.set()

    def refresh(self, engine) -> None:
        """Worker thread: the freshness check of an index used as built (`Engine.defer_freshness`),
        run after the first diagnostics; changed articles re-check the open documents. While
        another process (a `factlint index` in a terminal) updates the same index, checks go on
        with the index as it stands: the refresh is tried again after a later check."""
        report = engine.ensure_index(wait=False)
        self.log_index(engine, report)
        if report is not None and report.changed:
            self.state.generation += 1
            self.recheck_all()

    @staticmethod
    def ready_message(engine) -> str:
        """What the status item says once the checks can run: the corpus, or why there is none."""
        if engine.index_error:
            again = "; trying again (at least once a minute)" if engine.shared else ""
            return f"ready without the corpus: {engine.index_error}{again}"
        index = engine.open_index()
        if index is None:
            return "ready (no corpus configured: figure and quote checks are off)"
        try:
            return f"ready: {index.article_count():,} corpus articles" + (" (shared index)" if engine.shared else "")
        except Exception:  # a damaged index is reported by the check that reads it
            return "ready"

    def log_index(self, engine, report) -> None:
        """What happened to an engine's index that the user should know, in the log."""
        for note in [*engine.index_notes, *([engine.index_error] if engine.index_error else [])]:
            self.log_message(f"factlint: {note}", types.MessageType.Warning)
        engine.index_notes.clear()
        for err in report.errors if report is not None else ():
            self.log_message(f"factlint: corpus file {err}", types.MessageType.Warning)

    def refresh_pending(self) -> None:
        for engine in self.state.all_engines():
            if engine.freshness_pending:
                engine.freshness_pending = False
                self.state.worker.submit(self.refresh, engine)

    def index_changed(self) -> None:
        """Worker thread: a shared index's workers changed articles (LISTEN/NOTIFY): its caches
        are already emptied; the open drafts are checked again and the status says the size."""
        self.state.generation += 1
        engine = next((e for e in self.state.all_engines() if e.shared), None)
        if engine is not None:
            self.status("ready", self.ready_message(engine))
            self.log_index(engine, None)  # a shared index reached late may be empty, or another build's
        self.recheck_all()

    def reindex(self, token: str | None) -> None:
        """Worker thread: bring every engine's index up to date, then re-check."""
        for engine in self.state.all_engines() or [self.state.engine_for(self.state.root)]:
            report = engine.ensure_index(wait=False)
            if report is not None and report.changed:
                self.state.generation += 1
        self.recheck_all()


server = FactlintServer()


# ---------------------------------------------------------------------- lifecycle

@server.feature(types.INITIALIZE)
def initialize(ls: FactlintServer, params: types.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop() if _has_loop() else None
    ls.workspace.__class__ = LspWorkspace  # documents split into lines as LSP does (see textdoc)
    root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
    ls.state.root = Path(to_fs_path(root)) if root else None
    ls.pull = bool(params.capabilities.text_document and params.capabilities.text_document.diagnostic)
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("settings"), dict):
        ls.state.settings = options["settings"]
    if params.process_id:
        _watch_parent(params.process_id)


@server.feature(types.INITIALIZED)
async def initialized(ls: FactlintServer, params: types.InitializedParams) -> None:
    ls.loop = asyncio.get_running_loop()
    await _load_settings(ls)
    token = None
    window = ls.client_capabilities.window
    if window and window.work_done_progress:
        token = f"factlint-load-{uuid.uuid4().hex[:8]}"
        try:
            await ls.work_done_progress.create_async(token)
        except Exception:
            token = None
    ls.state.worker.submit(ls.warm_up, token)
    watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watch and watch.dynamic_registration:
        globs = ["**/*.txt", "**/*.md", "**/*.yml", "**/*.yaml", *(f"**/{n}" for n in CONFIG_NAMES)]
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="factlint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]))]))
        except Exception as e:  # the factlint.reindex command still works
            ls.window_log_message(types.LogMessageParams(
                type=types.MessageType.Warning, message=f"factlint: could not watch files: {e}"))


@server.feature(types.SHUTDOWN)
def shutdown(ls: FactlintServer, params) -> None:
    for timer in ls.state.timers.values():
        timer.cancel()
    ls.state.worker.shutdown(wait=False, cancel_futures=True)
    ls.state.early.shutdown(wait=False, cancel_futures=True)


# ---------------------------------------------------------------------- documents

@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FactlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.state.versions[params.text_document.uri] = params.text_document.version
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FactlintServer, params: types.DidChangeTextDocumentParams) -> None:
    uri, version = params.text_document.uri, params.text_document.version
    log.debug("didChange %s version %s", uri, version)
    ls.state.versions[uri] = version
    ls.state.typing_of(uri).edited(time.monotonic())
    ls.publish_moved(uri, version, params.content_changes)
    ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FactlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.state.versions.pop(uri, None)
    ls.state.results.pop(uri, None)
    ls.state.published.pop(uri, None)
    ls.state.shown.pop(uri, None)
    ls.state.typing.pop(uri, None)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
    identifier="factlint", inter_file_dependencies=False, workspace_diagnostics=False))
async def pull_diagnostics(ls: FactlintServer, params: types.DocumentDiagnosticParams):
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    result = ls.state.results.get(uri)
    if result is None or result.version != doc.version or result.generation != ls.state.generation:
        result = await ls.run_check(uri)
    if result is None:  # failed or superseded: keep what the client has
        result_id = params.previous_result_id or f"{uri}@none"
        return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
    result_id = f"{uri}@{result.version}#{result.generation}"
    if params.previous_result_id == result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.FullDocumentDiagnosticReport(items=ls.diagnostics(uri, result), result_id=result_id)


# ---------------------------------------------------------------------- evidence and fixes

def _findings_at(ls: FactlintServer, uri: str, rng: types.Range):
    result = ls.state.results.get(uri)
    if result is None or result.version != ls.state.versions.get(uri, result.version):
        return None, []  # not checked yet, or checked before the last edit: positions would be the old text's
    codec, lines = ls.workspace.position_codec, convert.lines_of(result.text)
    index = LineIndex(result.text)
    start = index.offset(convert.from_position(lines, codec, rng.start))
    end = index.offset(convert.from_position(lines, codec, rng.end))
    if start == end:  # a cursor: the findings it stands in (or at either edge of)
        hits = [f for f in result.findings if f.span.start <= start <= f.span.end]
    else:  # a selection: the findings it overlaps, not those that only touch it
        hits = [f for f in result.findings if f.span.start < end and start < f.span.end
                or f.span.start == f.span.end and start <= f.span.start <= end]
    return result, hits


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: FactlintServer, params: types.HoverParams):
    _, hits = _findings_at(ls, params.text_document.uri, types.Range(start=params.position, end=params.position))
    if not hits:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=convert.hover_markdown(hits)))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: FactlintServer, params: types.DefinitionParams):
    _, hits = _findings_at(ls, params.text_document.uri, types.Range(start=params.position, end=params.position))
    sources = [s for f in hits for s in f.sources]
    near = ls.doc_path(params.text_document.uri)
    return [convert.source_location(s, ls.workspace.position_codec, lambda p: ls.state.article_text(p, near))
            for s in sources] or None


@server.feature("factlint/articleText")
def article_text(ls: FactlintServer, params) -> dict:
    """The text of a corpus article from the index, for a `factlint-corpus:` document (an
    article of a shared index that is not on this machine). Editors show it read-only."""
    uri = params.get("uri") if isinstance(params, dict) else getattr(params, "uri", None)
    path = convert.corpus_path(uri or "")
    text = ls.state.article_text(path) if path else None
    if text is None:
        raise JsonRpcInvalidParams(f"factlint: no corpus article at {uri!r} in the index")
    return {"uri": uri, "name": Path(path).name, "text": text}


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: FactlintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    result, hits = _findings_at(ls, uri, params.range)
    # the diagnostics the editor asks about, when it says (they carry our code and span): not
    # the neighbours that merely touch the range
    asked = {(d.data.get("code"), d.data.get("start"), d.data.get("end")) for d in params.context.diagnostics
             if isinstance(d.data, dict)} if params.context and params.context.diagnostics else set()
    if asked:
        hits = [f for f in hits if (f.code, f.span.start, f.span.end) in asked]
    if not hits:
        return None
    codec, lines, index = ls.workspace.position_codec, convert.lines_of(result.text), LineIndex(result.text)
    actions = []
    for f in hits:
        diag = convert.to_diagnostic(f, index, lines, codec)
        for n, e in enumerate(f.suggestions):
            actions.append(types.CodeAction(
                title=e.title or f"Replace with {e.replacement!r}", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag], is_preferred=n == 0,
                edit=types.WorkspaceEdit(changes={uri: [convert.to_text_edit(e, index, lines, codec)]})))
        line_start = types.Position(line=f.start.line, character=0)
        indent = lines[f.start.line][: len(lines[f.start.line]) - len(lines[f.start.line].lstrip())]
        actions.append(types.CodeAction(
            title=f"Ignore {f.code} here", kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                range=types.Range(start=line_start, end=line_start),
                new_text=f"{indent}<!-- factlint-disable-next-line {f.code} -->\n")]})))
        disable = _disable_action(ls, uri, f.code, diag)
        if disable is not None:
            actions.append(disable)
    return actions


def _disable_action(ls: FactlintServer, uri: str, code: str, diag) -> types.CodeAction | None:
    path = ls.doc_path(uri)
    config = discover(path) if path else None
    if config is None:
        folder = ls.state.root or (path.parent if path else None)
        if folder is None:
            return None
        target = folder / "factlint.toml"
        text = with_disabled("", code)
        edit = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=from_fs_path(str(target)), options=types.CreateFileOptions(ignore_if_exists=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=from_fs_path(str(target)), version=None),
                edits=[types.TextEdit(range=types.Range(start=types.Position(line=0, character=0),
                                                        end=types.Position(line=0, character=0)), new_text=text)])])
    else:
        target = config
        old = config.read_text(encoding="utf-8")
        new = with_disabled(old, code, pyproject=config.name == "pyproject.toml")
        end = LineIndex(old).position(len(old))
        edit = types.WorkspaceEdit(changes={from_fs_path(str(config)): [types.TextEdit(
            range=types.Range(start=types.Position(line=0, character=0),
                              end=types.Position(line=end.line, character=end.column)), new_text=new)]})
    return types.CodeAction(title=f"Disable {code} in {target.name}", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag], edit=edit)


# ---------------------------------------------------------------------- workspace

@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: FactlintServer, params: types.DidChangeConfigurationParams) -> None:
    await _load_settings(ls, params.settings)
    ls.state.worker.submit(ls.state.reset_engines)
    ls.state.worker.submit(ls.recheck_all)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: FactlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    rules_or_config = False
    corpus = False
    for change in params.changes:
        path = Path(to_fs_path(change.uri) or change.uri)
        if path.suffix in (".yml", ".yaml") or path.name in CONFIG_NAMES:
            rules_or_config = True
        elif path.suffix.lower() in (".txt", ".md", ".markdown"):
            corpus = corpus or any(_inside(path, root) for e in ls.state.all_engines() for root in e.config.corpus)
    if rules_or_config:
        ls.state.worker.submit(ls.state.reset_engines)
        ls.state.worker.submit(ls.warm_up, None)
    if corpus or rules_or_config:
        ls.state.worker.submit(ls.reindex, None)


@server.command("factlint.reindex")
def cmd_reindex(ls: FactlintServer, *args) -> str:
    ls.state.worker.submit(ls.reindex, None)
    return "reindexing"


@server.command("factlint.checkWorkspace")
async def cmd_check_workspace(ls: FactlintServer, *args) -> int:
    """Check every draft (.md, .txt) in the workspace, outside corpus and cache folders."""
    root = ls.state.root
    if root is None:
        return 0
    corpora = {c for e in ls.state.all_engines() for c in e.config.corpus}
    paths = [p for p in sorted(root.rglob("*")) if p.suffix.lower() in (".md", ".txt") and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(root).parts)
             and not any(_inside(p, c) for c in corpora)]
    loop = asyncio.get_running_loop()
    count = 0
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=f"factlint: {p}: {e}"))
            continue
        uri = from_fs_path(str(p))
        findings = await loop.run_in_executor(ls.state.worker, ls.state.check, text, p, uri)
        result = Result(None, text, findings, ls.state.generation)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=ls.diagnostics(uri, result)))
        count += 1
    return count


# ---------------------------------------------------------------------- helpers

async def _load_settings(ls: FactlintServer, pushed=None) -> None:
    settings = None
    if isinstance(pushed, dict) and isinstance(pushed.get("factlint"), dict):
        settings = pushed["factlint"]
    workspace = ls.client_capabilities.workspace
    if settings is None and workspace and workspace.configuration:
        try:
            got = await ls.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(section="factlint")]))
            settings = got[0] if got and isinstance(got[0], dict) else None
        except Exception:
            settings = None
    if settings:
        known = {"corpus", "rules", "disable", "severity", "cache-dir", "cache_dir", "fail-on", "fail_on", "index"}
        ls.state.settings = {k: v for k, v in settings.items() if k in known and v not in (None, "", [])}


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _has_loop() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def _watch_parent(pid: int) -> None:
    """Exit when the editor that started us is gone (stdio may not close on every OS)."""
    def watch() -> None:
        while True:
            time.sleep(2)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="factlint-parent-watch", daemon=True).start()


def _preload() -> None:
    """Load the English pipeline while the editor is still saying hello (it is cached per
    process, so the engine's own load then returns at once)."""
    try:
        from .. import nlp as nlp_module
        from ..facts import rows as fact_rows
        from ..registry import all_checks

        components = set().union(*(c.components for c in all_checks().values())) | {"parser"} | fact_rows.COMPONENTS
        nlp_module.load(components)
    except Exception:  # reported properly when the engine loads
        log.debug("preload failed", exc_info=True)


def start(tcp: str | None = None) -> None:
    # (the CLI configures logging first; this is for `python -m factlint.lsp`-style starts)
    logging.basicConfig(level=os.environ.get("FACTLINT_LOG", "WARNING").upper(),
                        format="factlint: %(relativeCreated)d ms %(name)s: %(message)s",
                        filename=os.environ.get("FACTLINT_LOG_FILE") or None)
    threading.Thread(target=_preload, name="factlint-preload", daemon=True).start()
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
