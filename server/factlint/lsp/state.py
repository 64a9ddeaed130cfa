"""The language server's state: engines per config, scheduled checks, last results.

Kept apart from the handlers so they stay thin. Nothing here speaks LSP types
except through `convert`; checking runs on one worker thread (the engine and its
SQLite connection are used from that thread only), and results are published on
the event loop, for the document version they were computed for, and only if
that is still the newest version.
"""
from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, ConfigError, discover, from_mapping, load
from ..corpus.base import index_errors
from ..corpus.index import CorpusIndex, index_path
from ..engine import Engine
from ..finding import Finding

log = logging.getLogger("factlint.lsp")

# How long to wait after a keystroke before checking (more keystrokes restart the wait): see
# `Typing`. FACTLINT_DEBOUNCE_MS fixes it instead (tests that need a predictable schedule).
FIXED_DEBOUNCE = float(os.environ["FACTLINT_DEBOUNCE_MS"]) / 1000 if os.environ.get("FACTLINT_DEBOUNCE_MS") else None
MIN_DEBOUNCE = 0.005  # lets the messages of one edit (some clients send several) make one check
MAX_DEBOUNCE = 0.25  # the longest wait in a fast burst: a pause of a quarter second is answered
PAUSE = 0.5  # a gap this long between edits ends a burst: the next edit is answered at once
SMOOTHING = 0.3  # weight of the newest gap in the running typical gap between edits
# A shared index that cannot be reached is tried again after RETRY seconds, then twice as long
# each time up to RETRY_MAX: a database restarted for maintenance is found within a minute.
RETRY = 5.0
RETRY_MAX = 60.0


@dataclass
class Typing:
    """The adaptive debounce of one document. After a pause the first edit is checked at once
    (MIN_DEBOUNCE); while edits come faster than the last check of this document took, a check
    started now would be stale before it ends, so the wait grows to 1.5 typical gaps (at most
    MAX_DEBOUNCE) and the burst is checked when it pauses, or at the latest MAX_DEBOUNCE
    after its first unchecked edit (a typist who never pauses still gets answers)."""

    last: float | None = None  # when the last edit came
    gap: float | None = None  # typical gap between edits within a burst
    check: float = 0.0  # how long the last check of this document took (the best guess for the next)
    waiting: float | None = None  # when the first edit not yet being checked came

    def edited(self, now: float) -> None:
        if self.last is not None and now - self.last < PAUSE:
            g = now - self.last
            self.gap = g if self.gap is None else SMOOTHING * g + (1 - SMOOTHING) * self.gap
        elif self.last is not None:
            self.gap = None
        self.last = now
        if self.waiting is None:
            self.waiting = now

    def started(self) -> None:
        self.waiting = None

    def checked(self, seconds: float) -> None:
        self.check = seconds

    def delay(self, now: float | None = None) -> float:
        if FIXED_DEBOUNCE is not None:
            return FIXED_DEBOUNCE
        if self.gap is None or self.check < self.gap:
            return MIN_DEBOUNCE
        waited = 0.0 if now is None or self.waiting is None else now - self.waiting
        return max(MIN_DEBOUNCE, min(MAX_DEBOUNCE - waited, 1.5 * self.gap))


@dataclass
class Result:
    version: int | None
    text: str
    findings: list[Finding]
    generation: int


@dataclass
class State:
    settings: dict = field(default_factory=dict)  # workspace/configuration section "factlint"
    root: Path | None = None
    engines: dict[str, Engine] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)  # uri -> last published
    versions: dict[str, int | None] = field(default_factory=dict)  # uri -> newest version seen
    timers: dict[str, asyncio.TimerHandle] = field(default_factory=dict)
    typing: dict[str, Typing] = field(default_factory=dict)  # uri -> its adaptive debounce
    shown: dict[str, list] = field(default_factory=dict)  # uri -> the diagnostics last published (LSP types)
    running: set[str] = field(default_factory=set)  # documents with a check in flight
    published: dict[str, int | None] = field(default_factory=dict)  # uri -> version last published
    dirty: set[str] = field(default_factory=set)  # ... and edited since it started
    generation: int = 0  # bumped when the corpus or the rules change
    ready: threading.Event = field(default_factory=threading.Event)
    reported_failures: set = field(default_factory=set)
    discovered: dict = field(default_factory=dict)  # folder -> config file (or None)
    loaded: dict = field(default_factory=dict)  # config file -> (mtime_ns, Config)
    config_errors: dict = field(default_factory=dict)  # config file -> its error, while it is broken
    file_errors_changed: bool = False  # config errors came or went: republish the files' diagnostics
    error_files: set = field(default_factory=set)  # files (rules, configs) now showing an error
    readers: dict = field(default_factory=dict)  # index key -> an index for reading articles (article_text)
    # called (on the index's listener thread) when a shared index changes: the server re-checks
    on_index_change: Callable[[], None] | None = None
    # called when an engine waits for another process updating the same local index
    on_index_wait: Callable[[str], None] | None = None
    worker: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="factlint-check"))
    # the text-only checks while the pipeline loads (the worker is loading it): `first_answer`
    early: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="factlint-early"))
    text_engines: dict[str, Engine] = field(default_factory=dict)  # config -> Engine(text_only=True)

    # ------------------------------------------------------------------ config and engines

    def config_for(self, path: Path | None) -> Config:
        """The file config that governs `path`; else the editor's settings. Cached per
        folder and by the config file's modification time (this runs on every keystroke)."""
        anchor = path if path is not None else (self.root or Path.cwd())
        folder = anchor if anchor.is_dir() else anchor.parent
        if folder not in self.discovered:
            self.discovered[folder] = discover(anchor)
        found = self.discovered[folder]
        if found is not None:
            try:
                stamp = found.stat().st_mtime_ns
            except OSError:
                self.discovered.pop(folder, None)
                return self.config_for(path)
            cached = self.loaded.get(found)
            if cached is None or cached[0] != stamp:
                try:
                    config = load(found)
                    if self.config_errors.pop(found, None) is not None:
                        self.file_errors_changed = True
                except ConfigError as e:
                    # a broken config never stops the checks: the last good one stays in force
                    # (or the defaults), and the error is shown on the config file
                    self.config_errors[found] = str(e)
                    self.file_errors_changed = True
                    config = cached[1] if cached is not None else Config(path=found)
                cached = self.loaded[found] = (stamp, config)
            return cached[1]
        if self.settings:
            return from_mapping(self.settings, None, "workspace settings (factlint)").with_overrides(
                corpus=_rebase(self.settings.get("corpus"), self.root),
                rules=_rebase(self.settings.get("rules"), self.root),
            )
        return Config()

    def typing_of(self, uri: str) -> Typing:
        return self.typing.setdefault(uri, Typing())

    def engine_for(self, path: Path | None) -> Engine:
        """Called on the worker thread only."""
        config = self.config_for(path)
        key = repr(config)
        engine = self.engines.get(key)
        if engine is None:
            engine = Engine(config)
            engine.defer_freshness = True  # first diagnostics first: the server refreshes the index after
            engine.on_wait = self.on_index_wait
            self.engines[key] = engine
            if engine.shared and self.on_index_change is not None:
                index = engine.open_index()  # a shared index tells of the articles its workers change
                if index is not None:
                    index.watch(self.on_index_change)
                else:  # not reachable now (the database server down, or not created yet): again later
                    threading.Thread(target=self._reconnect, args=(engine,), name="factlint-index-retry",
                                     daemon=True).start()
        return engine

    def _reconnect(self, engine: Engine) -> None:
        """Its own thread: try to reach an engine's shared index every `RETRY` seconds (doubling
        up to `RETRY_MAX`) until it answers or the engine is let go of; then listen to it and
        re-check, as after any change of the index."""
        wait = RETRY
        while not engine.closed:
            time.sleep(wait)
            if engine.reconnect():
                index = engine.open_index()
                if index is not None and self.on_index_change is not None:
                    log.info("reached %s", index.db_path)
                    index.watch(self.on_index_change)
                    self.on_index_change()
                return
            wait = min(2 * wait, RETRY_MAX)

    def reset_engines(self) -> None:
        """Worker thread. Rule or config files changed: engines are rebuilt on next use; the old
        ones let go of their indexes (a shared index's connections and listener)."""
        for engine in self.engines.values():
            engine.close()
        self.engines.clear()
        self.text_engines.clear()
        self.discovered.clear()
        self.generation += 1

    def check(self, text: str, path: Path | None, uri: str, text_only: bool = False) -> list[Finding]:
        """Worker thread: check one document. `text_only` (the `early` thread): only the checks
        that read the text alone (no spaCy, no corpus), for the first answer while the worker
        loads the pipeline."""
        if text_only:
            config = self.config_for(path)
            engine = self.text_engines.get(repr(config))
            if engine is None:
                engine = self.text_engines[repr(config)] = Engine(config, text_only=True)
        else:
            engine = self.engine_for(path)
        started = time.perf_counter()
        findings = engine.check(text, str(path) if path else uri)
        log.debug("checked %s in %.0f ms", uri, 1000 * (time.perf_counter() - started))
        return findings

    def all_engines(self) -> list[Engine]:
        return list(self.engines.values())

    def article_text(self, path: str, near: Path | None = None) -> str | None:
        """A corpus article's text as an index holds it (None: none has it): the indexes of the
        configs in use and of the one that governs `near` (a draft; default: the workspace).
        Read through an index of its own (`readers`), so it works while engines are rebuilt."""
        configs = [e.config for e in self.all_engines()]
        try:
            configs.append(self.config_for(near))
        except ConfigError:
            pass
        for config in configs:
            try:
                index = self.reader(config)
                article = index.article_at(path) if index is not None else None
            except (OSError, *index_errors()) as e:
                log.debug("cannot read %s from the index: %s", path, e)
                continue
            if article is not None:
                return article.text
        return None

    def reader(self, config: Config):
        """An index for reading articles (one per shared index or local index file)."""
        if config.index:
            key = config.index
        elif config.corpus:
            key = str(index_path(config.index_dir(), config.corpus))
        else:
            return None
        if key not in self.readers:
            if config.index:
                from ..corpus.postgres import PostgresIndex

                self.readers[key] = PostgresIndex(config.index, pool_size=1)
            else:
                self.readers[key] = CorpusIndex(Path(key), config.corpus)
        return self.readers[key]


def _rebase(value, root: Path | None):
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    base = root or Path.cwd()
    return tuple((base / v).resolve() for v in values)


def safe_config(state: State, path: Path | None) -> tuple[Config | None, str | None]:
    try:
        return state.config_for(path), None
    except ConfigError as e:
        return None, str(e)
