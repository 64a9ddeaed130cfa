"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::warning file=drafts/a.md,line=3,col=33,endLine=3,endColumn=36,title=figure/conflict::The corpus has ...
"""
from __future__ import annotations

from ...finding import Severity
from . import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(reports: list[Report], color: bool = False, specs: dict | None = None) -> str:
    out = []
    for r in reports:
        for f in r.findings:
            props = (f"file={_prop(r.path)},line={f.start.line + 1},col={f.start.column + 1},"
                     f"endLine={f.end.line + 1},endColumn={f.end.column + 1},title={_prop(f.code)}")
            message = f.message
            if f.suggestions:
                message += f" (fix: {f.suggestions[0].title or f.suggestions[0].replacement})"
            out.append(f"::{COMMAND[f.severity]} {props}::{_data(message)}")
    return "\n".join(out) + ("\n" if out else "")
