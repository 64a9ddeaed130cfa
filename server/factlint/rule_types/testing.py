"""`factlint rules test`: run every rule's own examples.

A bad example must be flagged by its rule, and when it gives `fix`, applying
the rule's fixes must produce exactly that text. A good example must not be
flagged. Examples are checked as Markdown drafts with only that rule enabled.
"""
from __future__ import annotations

from dataclasses import dataclass

from .base import Rule
from .loader import to_spec
from .yamlload import LDict, LList


@dataclass
class ExampleFailure:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


def apply_fixes(text: str, findings) -> str:
    edits = sorted((f.suggestions[0] for f in findings if f.suggestions), key=lambda e: e.span.start, reverse=True)
    last = len(text) + 1
    for e in edits:
        if e.span.end <= last:  # skip overlapping edits, as an editor's "fix all" does
            text = text[: e.span.start] + e.replacement + text[e.span.end :]
            last = e.span.start
    return text


def _line(container, index, default: int) -> int:
    return container.line_of(index) if isinstance(container, (LList, LDict)) else default


def test_rule(rule: Rule, engine_factory) -> tuple[int, list[ExampleFailure]]:
    """(examples run, failures) for one rule."""
    engine = engine_factory([to_spec(rule)])
    failures: list[ExampleFailure] = []
    examples = rule.examples or {}
    bad, good = examples.get("bad") or [], examples.get("good") or []
    if not bad and not good:
        failures.append(ExampleFailure(rule.path, rule.line, rule.id, "has no examples (add examples: {bad: [...], good: [...]})"))
    for i, item in enumerate(bad):
        text = item if isinstance(item, str) else item.get("text", "")
        line = _line(bad, i, rule.line)
        findings = [f for f in engine.check(text, "example.md") if f.code == rule.id]
        if engine.failures:
            failures.append(ExampleFailure(rule.path, line, rule.id, f"raised: {engine.failures[-1].error}"))
            engine.failures.clear()
            continue
        if not findings:
            failures.append(ExampleFailure(rule.path, line, rule.id, f"bad example not flagged: {text!r}"))
            continue
        if isinstance(item, dict) and "fix" in item:
            fixed = apply_fixes(text, findings)
            if fixed != item["fix"]:
                failures.append(ExampleFailure(rule.path, _line(item, "fix", line), rule.id,
                                               f"fix gives {fixed!r}, expected {item['fix']!r}"))
    for i, text in enumerate(good):
        findings = [f for f in engine.check(text, "example.md") if f.code == rule.id]
        if findings:
            f = findings[0]
            failures.append(ExampleFailure(rule.path, _line(good, i, rule.line), rule.id,
                                           f"good example flagged at {text[f.span.start:f.span.end]!r}: {f.message}"))
    return len(bad) + len(good), failures
