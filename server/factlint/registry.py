"""The one place that lists what exists: code -> check.

A check is a function `run(ctx) -> Iterable[Finding]` in its own module under
`factlint.checks`, registered with `@register(...)`. It declares what it needs
(spaCy components, and "corpus" when it reads the index) so the engine loads
only that. What the index stores does not depend on the checks (`facts.rows`).

The module docstring is the check's documentation (`factlint explain CODE`).
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .finding import Severity

STATUSES = ("preview", "stable", "deprecated")
CATEGORIES = ("figure", "quote", "artefact", "style")
SPACY_COMPONENTS = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})


class CheckCutOff(Exception):
    """A check stopped early on one document (over its time or match budget): `findings` are
    what it found before, reported as usual; the message says why, for the failures list."""

    def __init__(self, message: str, findings: Iterable = ()) -> None:
        super().__init__(message)
        self.findings = list(findings)


@dataclass(frozen=True)
class CheckSpec:
    code: str
    category: str
    severity: Severity
    run: Callable
    needs: frozenset[str] = frozenset()
    status: str = "preview"
    doc: str = ""
    # Reads the draft's text only (no spaCy parse, no corpus): runs before the pipeline is loaded
    # (`Engine(text_only=True)`: the language server's first answer).
    text_only: bool = False

    @property
    def components(self) -> frozenset[str]:
        return self.needs & SPACY_COMPONENTS

    @property
    def needs_corpus(self) -> bool:
        return "corpus" in self.needs


REGISTRY: dict[str, CheckSpec] = {}


def register(
    code: str,
    *,
    category: str,
    severity: Severity | str = Severity.WARNING,
    needs: Iterable[str] = (),
    status: str = "preview",
):
    if category not in CATEGORIES:
        raise ValueError(f"{code}: unknown category {category!r} (valid: {', '.join(CATEGORIES)})")
    if status not in STATUSES:
        raise ValueError(f"{code}: unknown status {status!r}")
    unknown = set(needs) - SPACY_COMPONENTS - {"corpus"}
    if unknown:
        raise ValueError(f"{code}: unknown needs {sorted(unknown)}")
    sev = severity if isinstance(severity, Severity) else Severity.parse(severity)

    def deco(fn: Callable) -> Callable:
        if code in REGISTRY:
            raise ValueError(f"check {code} registered twice")
        module = inspect.getmodule(fn)
        REGISTRY[code] = CheckSpec(
            code=code,
            category=category,
            severity=sev,
            run=fn,
            needs=frozenset(needs),
            status=status,
            doc=inspect.cleandoc(module.__doc__ or "") if module else "",
        )
        return fn

    return deco


def all_checks() -> dict[str, CheckSpec]:
    importlib.import_module("factlint.checks")  # its __init__ imports every check module
    return dict(REGISTRY)
