"""Output formats for `factlint check`: each module renders a list of `Report`s.

A format writes only its own output to stdout (JSON, SARIF and GitHub formats put
nothing else there); notes and errors go to stderr through the CLI.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...finding import Finding


@dataclass
class Report:
    """The findings of one checked file, with its text for rendering source lines."""

    path: str
    text: str
    findings: list[Finding]
    incomplete: bool = False  # a check failed on it, or its corpus could not be read: not fully checked


def formats() -> dict:
    """name -> render(reports, color=False, specs=None) -> str"""
    from . import github, sarif
    from . import json as json_format
    from . import text as text_format

    return {
        "text": text_format.render,
        "concise": text_format.render_concise,
        "json": json_format.render,
        "sarif": sarif.render,
        "github": github.render,
    }
