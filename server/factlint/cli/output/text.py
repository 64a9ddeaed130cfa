"""`--format text` (default) and `--format concise`.

text: `path:line:col: severity code message`, the source line with a marker
under the span, why it is the same fact (or what changed in a quote), the suggested
correction and the corpus evidence. concise: the
first line only. Both end with a count line.
"""
from __future__ import annotations

from collections import Counter

from ...finding import LineIndex, Severity
from . import Report
from .json import display_path, explanation

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _head(path: str, f, color: bool) -> str:
    sev = _c(str(f.severity), "1;" + _COLORS[f.severity], color)
    loc = _c(f"{path}:{f.start.line + 1}:{f.start.column + 1}:", "1", color)
    return f"{loc} {sev} {_c(f.code, '1', color)} {f.message}"


def render_concise(reports: list[Report], color: bool = False, specs: dict | None = None) -> str:
    out = [_head(r.path, f, color) for r in reports for f in r.findings]
    out.append(summary(reports))
    return "\n".join(out) + "\n"


def render(reports: list[Report], color: bool = False, specs: dict | None = None) -> str:
    out = []
    for r in reports:
        lines = LineIndex(r.text)
        for f in r.findings:
            out.append(_head(r.path, f, color))
            line = lines.line_text(f.start.line)
            gutter = f"{f.start.line + 1} | "
            out.append(_c(gutter, "34", color) + line)
            end_col = f.end.column if f.end.line == f.start.line else len(line)
            width = max(1, end_col - f.start.column)
            out.append(" " * len(gutter) + " " * f.start.column + _c("^" * width, _COLORS[f.severity], color))
            # why it is the same fact (figures) or what changed (quotes), as the hover says it
            why = explanation(f) or {}
            if why.get("because"):
                out.append(f"  = same fact: {why['because']}")
            elif why.get("changed"):
                out.append(f"  = changed: {why['changed']}")
            for e in f.suggestions:
                old = r.text[e.span.start : e.span.end]
                fix = f"replace {old!r} with {e.replacement!r}" if e.replacement else f"remove {old!r}"
                out.append(f"  = {_c('fix', '32', color)}: {e.title or fix}")
            for s in f.sources:
                label = f" ({s.label()})" if s.label() else ""
                out.append(f"  = source: {display_path(s.path)}:{s.line}{label}: {s.excerpt}")
            out.append("")
    out.append(summary(reports))
    return "\n".join(out) + "\n"


def summary(reports: list[Report]) -> str:
    findings = [f for r in reports for f in r.findings]
    files = len(reports)
    broken = sum(r.incomplete for r in reports)
    # never "all clear" over a file a check failed on: what it would have found is unknown
    unchecked = f"; {broken} file{'s' * (broken != 1)} not fully checked (see the errors above)" if broken else ""
    if not findings:
        if broken:
            return f"No findings in {files} file{'s' * (files != 1)}{unchecked}."
        return f"All clear: no findings in {files} file{'s' * (files != 1)}."
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in sorted(counts, reverse=True)]
    n = len(findings)
    return (f"Found {n} finding{'s' * (n != 1)} ({', '.join(parts)}) in {files} file{'s' * (files != 1)}"
            f"{unchecked}.")
